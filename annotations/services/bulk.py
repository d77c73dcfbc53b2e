"""Bulk actions on a selection of claims or flags: each item goes through the service of the
single action (so it is checked, locked and audited exactly as one made by hand), and the
whole selection is one transaction, refused as a whole before anything is written when one
item may not be changed: one the user cannot see, one of a project where their role does not
allow the action, or one changed since they saw it.

A selection names each item with the version the person saw (``{id: version}``), as every
single write does, so that nobody's change made meanwhile is overwritten.

Every record one bulk action writes carries the same ``ChangeRecord.batch``, so that the whole
action can be undone at once (``annotations.services.undo.batch_undo``).
"""

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Model, QuerySet

from provenance.errors import ConflictError, DomainError, NotAllowed
from provenance.models import (
    AWAITING_REVIEW,
    AttributionStatus,
    Claim,
    ClaimStatus,
    Flag,
    FlagStatus,
    Membership,
)
from provenance.permissions import ACTION_ROLE, user_can
from provenance.selectors import claims_for_user, projects_for_user
from provenance.services.assignments import claim_assign
from provenance.services.attributions import attribution_decide
from provenance.services.claims import claim_reject
from provenance.services.flags import flag_decide
from provenance.services.history import records_marked

# The most items one bulk action takes: enough for ten pages of a list, and a bound on how
# long its transaction holds the rows' locks.
MAX_SELECTION = 500


@dataclass(frozen=True)
class BulkOutcome:
    """What a bulk action did: the items it changed and those already as asked (left alone),
    and the batch its records carry (none when nothing changed)."""

    done: list[int]
    unchanged: list[int]
    message: str
    batch: uuid.UUID | None = None


def _ids(ids) -> str:
    return ", ".join(str(pk) for pk in sorted(ids))


def _locked_selection(
    *,
    selection: Mapping[int, int],
    rows: QuerySet,
    noun: str,
    user: AbstractBaseUser,
    action: str,
) -> list[Model]:
    """The selected rows of ``rows`` (the user's visible ones), locked in id order
    (``select_for_update`` of those rows alone), once every one is known, allowed and at the
    version the caller saw; otherwise the refusal that names the items at fault."""
    if not selection:
        raise DomainError(f"Select at least one {noun} first.")
    if len(selection) > MAX_SELECTION:
        raise DomainError(
            f"A bulk action takes at most {MAX_SELECTION} {noun}s at once; {len(selection)} "
            "were selected. Narrow the selection (filter the list) and act on the rest after."
        )
    locked = list(
        rows.filter(pk__in=list(selection))
        .select_related("project")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    missing = set(selection) - {row.pk for row in locked}
    if missing:
        raise DomainError(
            f"No {noun} {_ids(missing)} in your projects; nothing was changed. Reload the list."
        )
    refused: dict[str, list[int]] = {}
    for row in locked:
        if not user_can(user=user, project=row.project, action=action):
            refused.setdefault(row.project.name, []).append(row.pk)
    if refused:
        where = "; ".join(
            f"{noun} {_ids(pks)} of project {name!r}" for name, pks in refused.items()
        )
        raise NotAllowed(
            f"Nothing was changed: you need the {ACTION_ROLE[action].value} role to {action} "
            f"{where}. Take them out of the selection, or ask an editor for the role."
        )
    stale = {row.pk: row.version for row in locked if row.version != selection[row.pk]}
    if stale:
        raise ConflictError(
            f"Nothing was changed: {noun} {_ids(stale)} changed since you saw "
            f"{'it' if len(stale) == 1 else 'them'}; reload the list and select again.",
            current={"versions": stale},
        )
    return locked


@dataclass(frozen=True)
class _BulkAction:
    noun: str  # what is selected: "claim" or "flag"
    action: str  # the permission one such change needs (``provenance.permissions``)
    did: str  # what was done, for ``n`` items: "Dismissed {n}."
    already: str  # why an item was left alone


_CONFIRM = _BulkAction(
    "claim", "annotate", "Confirmed the suggested chain of {n}.", "no suggested chain to confirm"
)
_REJECT = _BulkAction("claim", "adjudicate", "Marked {n} not a claim.", "already rejected")
_DISMISS = _BulkAction("flag", "review", "Dismissed {n}.", "already dismissed")


def _bulk(
    kind: _BulkAction,
    *,
    selection: Mapping[int, int],
    rows: QuerySet,
    user: AbstractBaseUser,
    each: Callable[[Model], bool],
) -> BulkOutcome:
    """Lock and check the selection, then ``each(row)`` (True when it changed the row), all in
    one transaction: a refusal from any item's service undoes the items before it."""
    noun = kind.noun
    batch = uuid.uuid4()
    with transaction.atomic(), records_marked(batch=batch):
        locked = _locked_selection(
            selection=selection, rows=rows, noun=noun, user=user, action=kind.action
        )
        done, unchanged = [], []
        for row in locked:
            (done if each(row) else unchanged).append(row.pk)
    message = kind.did.format(n=f"{len(done)} {noun}{'' if len(done) == 1 else 's'}")
    if unchanged:
        message += f" Left as {'it was' if len(unchanged) == 1 else 'they were'}: {noun} "
        message += f"{_ids(unchanged)} ({kind.already})."
    return BulkOutcome(
        done=done, unchanged=unchanged, message=message, batch=batch if done else None
    )


def claims_confirm_suggested(
    *, selection: Mapping[int, int], user: AbstractBaseUser
) -> BulkOutcome:
    """Confirm each selected claim's main chain (the one its speaker is read from) where that
    chain is still a machine suggestion, through ``attribution_decide``. Claims whose main
    chain a person has decided on, or that have none, are left as they are. Locks the claim
    rows, then each attribution row, as the single decision does."""

    def confirm(claim: Claim) -> bool:
        main = claim.main_attribution
        if main is None or main.status != AttributionStatus.SUGGESTED:
            return False
        attribution_decide(
            attribution=main, status=AttributionStatus.CONFIRMED, version=main.version, user=user
        )
        return True

    rows = claims_for_user(user=user).select_related("main_attribution")
    return _bulk(_CONFIRM, selection=selection, rows=rows, user=user, each=confirm)


def claims_reject_selected(*, selection: Mapping[int, int], user: AbstractBaseUser) -> BulkOutcome:
    """Mark each selected claim not a claim (rejected), through ``claim_reject``; editors only,
    as one rejection is. Locks the claim rows."""

    def reject(claim: Claim) -> bool:
        if claim.status == ClaimStatus.REJECTED:
            return False
        claim_reject(claim=claim, version=claim.version, user=user)
        return True

    rows = claims_for_user(user=user)
    return _bulk(_REJECT, selection=selection, rows=rows, user=user, each=reject)


def claims_assign_selected(
    *, selection: Mapping[int, int], user: AbstractBaseUser, assignee: AbstractBaseUser | None
) -> BulkOutcome:
    """Assign each selected claim to ``assignee``, or unassign it (``None``), through
    ``claim_assign``; editors only, as one assignment. Claims already as asked, and (when
    assigning) claims no longer awaiting review, are left as they are. Locks the assignee's
    membership rows, then the claim rows (``select_for_update``)."""
    if assignee is None:
        kind = _BulkAction("claim", "assign", "Unassigned {n}.", "assigned to nobody already")
    else:
        name = assignee.get_username()
        kind = _BulkAction(
            "claim",
            "assign",
            f"Assigned {{n}} to {name}.",
            f"already assigned to {name}, or no longer awaiting review",
        )
    wanted = None if assignee is None else assignee.pk

    def assign(claim: Claim) -> bool:
        if claim.assigned_to_id == wanted:
            return False
        if assignee is not None and claim.status not in AWAITING_REVIEW:
            return False
        claim_assign(claim=claim, assignee=assignee, version=claim.version, user=user)
        return True

    rows = claims_for_user(user=user)
    with transaction.atomic():
        if assignee is not None:
            # The assignee's memberships before the claim rows, the order a role change locks.
            list(Membership.objects.filter(user=assignee).select_for_update().values_list("pk"))
        return _bulk(kind, selection=selection, rows=rows, user=user, each=assign)


def flags_dismiss_selected(
    *, selection: Mapping[int, int], user: AbstractBaseUser, note: str = ""
) -> BulkOutcome:
    """Dismiss each selected flag with one note, through ``flag_decide``; reviewers and
    editors, as one dismissal. Locks the flag rows."""

    def dismiss(flag: Flag) -> bool:
        if flag.status == FlagStatus.DISMISSED:
            return False
        flag_decide(
            flag=flag, status=FlagStatus.DISMISSED, version=flag.version, user=user, note=note
        )
        return True

    rows = Flag.objects.filter(project__in=projects_for_user(user=user))
    return _bulk(_DISMISS, selection=selection, rows=rows, user=user, each=dismiss)
