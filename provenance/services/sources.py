"""Matching source mentions to one ``Source`` row each.

The shipped starting list (``provenance/data/sources.json``) is matched first, by alias and fuzzy
name, so "Reuters", "Reuters news agency" and "Thomson Reuters" resolve to one row. A mention the
list does not know becomes a source of its own the first time it appears. Rows are the editable
registry: once a source exists, what editors set on it (kind, aliases) wins over the list.
"""

from functools import lru_cache

from django.db import IntegrityError, transaction

from provenance.errors import DomainError
from provenance.models import Source
from provenance.text.source_registry import (
    SourceEntry,
    SourceRegistry,
    load_registry,
    plain_key,
)
from provenance.text.types import SOURCE_KINDS


@lru_cache(maxsize=1)
def shipped_registry() -> SourceRegistry:
    return load_registry()


def _get_or_create(*, normalized: str, defaults: dict) -> Source:
    source = Source.objects.filter(normalized_name=normalized).first()
    if source is not None:
        return source
    try:
        with transaction.atomic():
            return Source.objects.create(normalized_name=normalized, **defaults)
    except IntegrityError:
        # Another ingest created it between our read and our insert.
        return Source.objects.get(normalized_name=normalized)


def source_resolve(*, name: str, kind: str = "unknown", cache: dict | None = None) -> Source:
    """The one ``Source`` for a mention, created if it is new.

    ``cache`` (a dict the caller keeps for one batch) saves repeated lookups of the same mention.
    """
    cache_key = (name, kind)
    if cache is not None and cache_key in cache:
        return cache[cache_key]
    entry = shipped_registry().match(name)
    if entry is not None:
        source = _source_from_entry(entry)
    else:
        source = _get_or_create(
            normalized=source_identity(name), defaults={"name": name.strip()[:300], "kind": kind}
        )
    if cache is not None:
        cache[cache_key] = source
    return source


def source_identity(name: str) -> str:
    """The key a ``Source`` row is unique on: the name casefolded, without punctuation or a
    leading "the". Not the registry's looser matching key, which drops words such as "news
    agency" and would make "Qatar News Agency" and the country Qatar one row."""
    return (plain_key(name) or name.strip().casefold())[:300]


def _source_from_entry(entry: SourceEntry) -> Source:
    return _get_or_create(
        normalized=source_identity(entry.name),
        defaults={
            "name": entry.name,
            "kind": entry.kind,
            "aliases": list(entry.aliases),
            "country": entry.country,
            "affiliation": entry.affiliation,
            "from_registry": True,
        },
    )


def sources_load_registry() -> int:
    """Create a row for every entry of the shipped list that has none yet; returns how many."""
    registry = shipped_registry()
    existing = set(Source.objects.values_list("normalized_name", flat=True))
    created = 0
    for entry in registry.entries:
        if source_identity(entry.name) not in existing:
            _source_from_entry(entry)
            created += 1
    return created


_EDITABLE_FIELDS = ("name", "kind", "aliases", "country", "affiliation")


def _checked_fields(fields: dict) -> dict:
    if "name" in fields:
        name = fields["name"].strip()
        if not plain_key(name):
            raise DomainError("A source needs a name with at least one letter or digit.")
        fields = {**fields, "name": name[:300], "normalized_name": source_identity(name)}
    if "kind" in fields and fields["kind"] not in SOURCE_KINDS:
        raise DomainError(f"unknown kind {fields['kind']!r}; use one of {', '.join(SOURCE_KINDS)}")
    if "aliases" in fields:
        fields["aliases"] = sorted({alias.strip() for alias in fields["aliases"] if alias.strip()})
    return fields


def _already_exists(known: Source) -> DomainError:
    return DomainError(
        f"A source with this name already exists: {known.name!r} (id {known.pk}); "
        "edit that one or add this spelling to its aliases."
    )


def _save_unique(source: Source) -> Source:
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        other = Source.objects.get(normalized_name=source.normalized_name)
        raise _already_exists(other) from None
    return source


def source_create(
    *,
    name: str,
    kind: str = "unknown",
    aliases: list[str] | None = None,
    country: str = "",
    affiliation: str = "",
) -> Source:
    """An editor adds a source to the registry; a name that meets an existing one is refused."""
    fields = _checked_fields(
        {
            "name": name,
            "kind": kind,
            "aliases": aliases or [],
            "country": country,
            "affiliation": affiliation,
        }
    )
    entry = shipped_registry().match(fields["name"])
    if entry is not None:
        known = Source.objects.filter(normalized_name=source_identity(entry.name)).first()
        if known is not None:
            raise _already_exists(known)
    return _save_unique(Source(**fields))


def source_update(*, source: Source, **changes) -> Source:
    """An editor corrects a source: name, kind, aliases, country or affiliation.

    What editors set wins over the shipped list from then on (see the module docstring).
    """
    unknown = set(changes) - set(_EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"cannot change {', '.join(sorted(unknown))} of a source")
    for field, value in _checked_fields(changes).items():
        setattr(source, field, value)
    return _save_unique(source)
