"""The audit history as a reader wants it: for one change, the fields that differ between the
snapshot before and the one after, each value written out as short text.

The snapshots (``annotations.services.snapshots``, ``attribution_snapshot``) hold the whole
object; showing them whole hides the one field that changed among the seven that did not.
"""

from dataclasses import dataclass

EMPTY = "—"


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str | None  # None: the field had no value before (a creation, for one)
    after: str | None  # None: the field has no value after (a deletion, a merge)


def _is_empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _hop_text(hop: dict) -> str:
    return f"{hop['name']} ({hop.get('kind', 'unknown')})"


def _dict_text(value: dict) -> str:
    if "name" in value:  # one hop of an attribution chain
        return _hop_text(value)
    if "username" in value:  # a user, as whom a claim is assigned to
        return value["username"]
    if "text" in value and "start" in value:  # a claim snapshot, as in a merge's "before"
        return f"“{value['text']}” (characters {value['start']}–{value.get('end', '?')})"
    return "; ".join(f"{key}: {value_text(item)}" for key, item in value.items())


def _list_text(value: list) -> str:
    if all(isinstance(item, dict) and "name" in item for item in value):
        return " → ".join(_hop_text(hop) for hop in value)  # a chain reads speaker first
    return "; ".join(value_text(item) for item in value)


def value_text(value: object) -> str:
    """A snapshot value as text: confidences with two decimals, like the rest of the desk,
    chains as speaker → relays, and nothing Python-specific (no quotes, brackets or None)."""
    if _is_empty(value):
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return _dict_text(value)
    if isinstance(value, list):
        return _list_text(value)
    return str(value)


def field_changes(before: dict | None, after: dict | None) -> list[FieldChange]:
    """The fields whose value differs between ``before`` and ``after``, in snapshot order.

    A field that is missing and one that is empty count as the same, so a creation lists only
    the fields it set.
    """
    before, after = before or {}, after or {}
    fields = list(before) + [field for field in after if field not in before]
    changes = []
    for field in fields:
        old, new = before.get(field), after.get(field)
        if (_is_empty(old) and _is_empty(new)) or old == new:
            continue
        changes.append(
            FieldChange(
                field=field.replace("_", " "),
                before=None if _is_empty(old) else value_text(old),
                after=None if _is_empty(new) else value_text(new),
            )
        )
    return changes
