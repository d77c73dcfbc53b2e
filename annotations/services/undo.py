"""Undo: a person takes back their own recent change, through the service a person would use
to make the opposite change, so that every rule, lock and version check of that service holds.

What can be undone (``UNDOABLE``): a review (withdrawn), a review's revision (the review says
again what it said before), an attribution or flag decision (back to the status it had), a
trim (back to the old span), a split (the parts merged again), a merge (the claim split
again at the old boundaries and each part trimmed to its old span; the parts get new ids and
the merged claim's attributions, as any split does), a claim marked not a claim (reinstated,
its status worked out again from its reviews and rulings) and an assignment or unassignment
(the claim assigned again to whom it was before, or to nobody). An undo is refused for another
person's change, after ``UNDO_MINUTES``, once undone, and when anyone changed the object since (its
version moved on: the refusal names who). Every record the undo writes points at the change it
undoes (``ChangeRecord.undo_of``).

A bulk action (``annotations.services.bulk``) is undone whole by ``batch_undo``: each of its
changes through ``change_undo``, all or none.

This lives in ``annotations`` rather than beside the history in ``provenance`` because it
calls the services of both apps, and ``provenance`` does not import ``annotations``.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from annotations.models import Review
from annotations.selectors import changes_recent, changes_visible
from annotations.services.reviews import claim_reinstate, review_revise, review_withdraw
from provenance.errors import ConflictError, DomainError, NotAllowed
from provenance.models import Attribution, ChangeAction, ChangeRecord, Claim, Flag
from provenance.permissions import require
from provenance.services.assignments import claim_assign
from provenance.services.attributions import attribution_decide
from provenance.services.claims import claim_merge, claim_span_restore, claim_split, claim_trim
from provenance.services.flags import flag_decide
from provenance.services.history import records_marked


@dataclass(frozen=True)
class Undone:
    message: str  # what the undo did, for the person who asked
    claim_id: int | None  # the claim to show afterwards


def _refuse(record: ChangeRecord, reason: str, *, current: dict | None = None) -> ConflictError:
    return ConflictError(
        f"Change {record.pk} cannot be undone: {reason}",
        current=current or {"change": record.pk},
    )


def _who(record: ChangeRecord, user: AbstractBaseUser) -> str:
    if record.actor_id is None:
        return "the system"
    return "you" if record.actor_id == user.pk else record.actor.get_username()


def _check_unchanged(
    record: ChangeRecord,
    *,
    user: AbstractBaseUser,
    label: str,
    object_type: str,
    object_id: int,
    then: int,
    now: int,
) -> None:
    """Refuse when the object's version moved on since ``record``, naming who changed it."""
    if now == then:
        return
    later = list(
        ChangeRecord.objects.filter(object_type=object_type, object_id=object_id, pk__gt=record.pk)
        .select_related("actor")
        .order_by("pk")
    )
    changes = [
        f"{_who(change, user)} ({change.action.replace('_', ' ')}"
        + (f", undoing change {change.undo_of_id}" if change.undo_of_id else "")
        + f", {change.at:%H:%M:%S} UTC)"
        for change in later
    ] or ["someone"]
    raise _refuse(
        record,
        f"{label} was changed since by {'; '.join(changes)}. Their change stands; "
        "make yours again on top of it.",
        current={"change": record.pk, "version": now, "changed_by": changes},
    )


def _review_unchanged(record: ChangeRecord, user: AbstractBaseUser) -> tuple[Review, int]:
    """The review of ``record`` and the claim version it left, if both are as it left them."""
    review = Review.objects.select_related("claim__article__project").filter(pk=record.object_id)
    review = review.first()
    if review is None:
        raise _refuse(record, f"review {record.object_id} was withdrawn already.")
    # The claim's status change written in the review's own transaction (under its lock) is the
    # claim's next record: the version the claim must still be at. Any later review, revision,
    # ruling or reshape of the claim moved it on.
    status_change = (
        ChangeRecord.objects.filter(
            object_type="claim", object_id=review.claim_id, pk__gt=record.pk
        )
        .order_by("pk")
        .first()
    )
    then = status_change.after["version"]
    _claim_at(status_change, review.claim_id, user, then)
    return review, then


def _undo_review(record: ChangeRecord, user: AbstractBaseUser) -> Undone:
    review, then = _review_unchanged(record, user)
    review_withdraw(review=review, user=user, version=then)
    return Undone(
        f"Your review of claim {review.claim_id} is withdrawn; the claim is back in the queue.",
        review.claim_id,
    )


def _undo_revision(record: ChangeRecord, user: AbstractBaseUser) -> Undone:
    """A revised review gets back what it said before, through the service that revises."""
    review, then = _review_unchanged(record, user)
    old = record.before
    review = review_revise(
        review=review,
        user=user,
        version=then,
        verdict=old["verdict"],
        confidence=old["confidence"],
        note=old["note"],
        evidence=old["evidence"],
    )
    return Undone(
        f"Your review of claim {review.claim_id} is back to {review.verdict} "
        f"({review.confidence:.2f}).",
        review.claim_id,
    )


def _object_at(
    record: ChangeRecord, *, model: type[Model], object_id: int, user: AbstractBaseUser, then: int
) -> Model:
    """The claim, attribution or flag, if it still exists and is still at version ``then``."""
    found = model.objects.filter(pk=object_id).first()
    label = f"{model._meta.verbose_name.capitalize()} {object_id}"
    if found is None:
        raise _refuse(record, f"{label} no longer exists (merged or removed since).")
    _check_unchanged(
        record,
        user=user,
        label=label,
        object_type=model._meta.model_name,
        object_id=object_id,
        then=then,
        now=found.version,
    )
    return found


def _claim_at(record: ChangeRecord, claim_id: int, user: AbstractBaseUser, then: int) -> Claim:
    return _object_at(record, model=Claim, object_id=claim_id, user=user, then=then)


def _undo_decision(record: ChangeRecord, user: AbstractBaseUser) -> Undone:
    """An attribution or flag decision: back to the status it had, through the service that
    decides them."""
    model, decide, kept = _DECISIONS[record.object_type]
    then = record.after["version"]
    decided = _object_at(record, model=model, object_id=record.object_id, user=user, then=then)
    status = record.before["status"]
    restored = {field: record.before.get(field, "") for field in kept}
    decide(**{record.object_type: decided}, status=status, version=then, user=user, **restored)
    return Undone(
        f"{record.object_type.capitalize()} {decided.pk} is {status} again.", record.claim_id
    )


# Each decision service takes the object under its own name: ``flag_decide(flag=...)``; the
# fields besides the status that an undo gives back (a flag's note) come from the record.
_DECISIONS = {
    "attribution": (Attribution, attribution_decide, ()),
    "flag": (Flag, flag_decide, ("note",)),
}


def _undo_trim(record: ChangeRecord, user: AbstractBaseUser) -> Undone:
    claim = _claim_at(record, record.object_id, user, record.after["version"])
    old = record.before
    claim_span_restore(
        claim=claim, start=old["start"], end=old["end"], version=claim.version, user=user
    )
    return Undone(f"Claim {claim.pk} is back on its old span.", claim.pk)


def _undo_split(record: ChangeRecord, user: AbstractBaseUser) -> Undone:
    first = _claim_at(record, record.object_id, user, record.after["version"])
    made = (
        ChangeRecord.objects.filter(
            object_type="claim",
            action=ChangeAction.SPLIT_FROM,
            before__split_from=first.pk,
            pk__gt=record.pk,
        )
        .order_by("pk")
        .first()
    )
    second = _claim_at(made, made.object_id, user, made.after["version"])
    merged = claim_merge(
        claims=[first, second],
        versions={first.pk: first.version, second.pk: second.version},
        user=user,
    )
    return Undone(f"Claims {first.pk} and {second.pk} are one claim again.", merged.pk)


def _undo_merge(record: ChangeRecord, user: AbstractBaseUser) -> Undone:
    claim = _claim_at(record, record.object_id, user, record.after["version"])
    pieces = sorted(record.before["merged"], key=lambda piece: piece["start"])
    parts = [claim]
    for piece in pieces[1:]:
        head, tail = claim_split(
            claim=parts[-1], at=piece["start"], version=parts[-1].version, user=user
        )
        parts[-1:] = [head, tail]
    for part, piece in zip(parts, pieces, strict=True):
        if (part.start, part.end) != (piece["start"], piece["end"]):
            claim_trim(
                claim=part, start=piece["start"], end=piece["end"], version=part.version, user=user
            )
    ids = ", ".join(str(part.pk) for part in parts)
    return Undone(f"Claim {claim.pk} is split again into claims {ids}.", claim.pk)


def _undo_reject(record: ChangeRecord, user: AbstractBaseUser) -> Undone:
    """A claim marked not a claim is reinstated, through the service that takes a rejection
    back: its status follows its reviews and rulings again, as before the rejection."""
    claim = _claim_at(record, record.object_id, user, record.after["version"])
    claim = claim_reinstate(claim=claim, version=claim.version, user=user)
    return Undone(
        f"Claim {claim.pk} is a claim again ({claim.status.replace('_', ' ')}).", claim.pk
    )


def _undo_assignment(record: ChangeRecord, user: AbstractBaseUser) -> Undone:
    """Back to whom the claim was assigned to before (nobody, or a user), through the service
    that assigns."""
    claim = _claim_at(record, record.object_id, user, record.after["version"])
    before = record.before["assigned_to"]
    assignee = None
    if before is not None:
        assignee = get_user_model().objects.filter(pk=before["id"]).first()
        if assignee is None:
            raise _refuse(record, f"{before['username']} no longer has an account.")
    claim_assign(claim=claim, assignee=assignee, version=claim.version, user=user)
    who = "nobody" if assignee is None else assignee.get_username()
    return Undone(f"Claim {claim.pk} is assigned to {who} again.", claim.pk)


# (object type, action) of the changes that can be undone, with the role the original needed.
UNDOABLE: dict[tuple[str, str], tuple[str, Callable[[ChangeRecord, AbstractBaseUser], Undone]]] = {
    ("review", "create"): ("review", _undo_review),
    ("review", "revise"): ("review", _undo_revision),
    ("attribution", "confirmed"): ("annotate", _undo_decision),
    ("attribution", "rejected"): ("annotate", _undo_decision),
    ("flag", "confirmed"): ("review", _undo_decision),
    ("flag", "dismissed"): ("review", _undo_decision),
    ("claim", "trim"): ("annotate", _undo_trim),
    ("claim", "split"): ("annotate", _undo_split),
    ("claim", "merge"): ("annotate", _undo_merge),
    ("claim", "reject"): ("adjudicate", _undo_reject),
    ("claim", "assign"): ("assign", _undo_assignment),
    ("claim", "unassign"): ("assign", _undo_assignment),
}


def undo_deadline(*, now: dt.datetime | None = None) -> dt.datetime:
    """Changes made before this moment can no longer be undone."""
    return (now or timezone.now()) - dt.timedelta(minutes=settings.UNDO_MINUTES)


def undoable_recent(*, user: AbstractBaseUser) -> list[ChangeRecord]:
    """The user's changes they may still try to undo, newest first; a decision recorded on
    both claims of a flag is listed once."""
    seen, recent = set(), []
    for record in changes_recent(user=user, kinds=UNDOABLE, since=undo_deadline()):
        key = (record.object_type, record.object_id, record.action)
        if key not in seen:
            seen.add(key)
            recent.append(record)
    return recent


def undoable_change_of(
    *, user: AbstractBaseUser, object_type: str, object_id: int
) -> ChangeRecord | None:
    """The user's latest change of this object that may still be undone, for an Undo button
    beside the message that says it was made."""
    recent = changes_recent(user=user, kinds=UNDOABLE, since=undo_deadline())
    return recent.filter(object_type=object_type, object_id=object_id).first()


def change_undo(*, record: ChangeRecord, user: AbstractBaseUser) -> Undone:
    """Undo the user's own change ``record`` through the services that made such changes.

    One transaction: every record it writes says it undoes ``record``; a refusal anywhere
    leaves everything as it was. Locks what the service called locks (the claim, attribution
    or flag row, ``select_for_update``). Raises ``NotAllowed`` for another person's change or
    a role that no longer allows the original action, ``ConflictError`` for every other
    refusal (too old, undone already, changed since, a rule of the service).
    """
    kind = UNDOABLE.get((record.object_type, record.action))
    if record.undo_of_id is not None:
        raise _refuse(record, "it is itself an undo; make the change again instead.")
    if kind is None:
        raise _refuse(
            record, f"a {record.object_type} {record.action.replace('_', ' ')} is not undoable."
        )
    if record.actor_id != user.pk:
        raise NotAllowed(
            f"Change {record.pk} was made by {_who(record, user)}; only they can undo it."
        )
    if record.project is None:
        raise _refuse(record, "it is not part of a project.")
    action, undo = kind
    require(user=user, project=record.project, action=action)
    if record.at < undo_deadline():
        raise _refuse(
            record,
            f"it was made at {record.at:%H:%M} UTC, and changes can be undone for "
            f"{settings.UNDO_MINUTES} minutes. Change it again instead.",
        )
    done = record.undone_by.first()
    if done is not None:
        raise _refuse(record, f"it was undone already (change {done.pk}).")
    try:
        with transaction.atomic(), records_marked(undo_of=record):
            return undo(record, user)
    except (ConflictError, NotAllowed):
        raise
    except DomainError as error:
        raise _refuse(record, str(error)) from None


@dataclass(frozen=True)
class BatchUndone:
    message: str  # what the undo did, for the person who asked
    undone: list[int]  # the changes undone, one per item of the bulk action


def _item(record: ChangeRecord) -> tuple[str, int]:
    """The item of the bulk action a record is of, as the action's selection named it: a flag,
    or the claim whose chain or status was changed."""
    return (
        ("flag", record.object_id) if record.object_type == "flag" else ("claim", record.claim_id)
    )


def _items(items: list[tuple[str, int]]) -> str:
    """``claims 3, 5`` or ``flag 7``: the items, grouped by what they are."""
    by_noun: dict[str, list[int]] = {}
    for noun, pk in items:
        by_noun.setdefault(noun, []).append(pk)
    return "; ".join(
        f"{noun}{'' if len(pks) == 1 else 's'} {', '.join(str(pk) for pk in sorted(pks))}"
        for noun, pks in by_noun.items()
    )


# The refusals a batch's message spells out; the rest are counted (all are in ``current``).
REFUSALS_NAMED = 5


def batch_undo(*, batch: uuid.UUID, user: AbstractBaseUser) -> BatchUndone:
    """Undo the user's own bulk action ``batch``: each of its changes through ``change_undo``,
    newest first, in one transaction. When any one cannot be undone, nothing is: the refusal
    names each item that stands in the way and why (``current["refused"]``). Items undone
    one by one already are left as they are.

    Locks what each undo locks (the claim, attribution or flag row, ``select_for_update``),
    item after item, until the transaction ends. Raises ``DomainError`` for a batch the user
    cannot see, ``NotAllowed`` for another person's (or a role lost since) and
    ``ConflictError`` for every other refusal.
    """
    records = [
        record
        for record in changes_visible(user=user).filter(batch=batch).order_by("-pk")
        if (record.object_type, record.action) in UNDOABLE
    ]
    if not records:
        raise DomainError(f"No bulk action {batch} to undo in your projects.")
    others = sorted({_who(record, user) for record in records if record.actor_id != user.pk})
    if others:
        raise NotAllowed(
            f"This bulk action was made by {', '.join(others)}; only they can undo it."
        )
    made = records[-1].at  # the action's first record
    if made < undo_deadline():
        raise ConflictError(
            f"This bulk action was made at {made:%H:%M} UTC, and changes can be undone for "
            f"{settings.UNDO_MINUTES} minutes. Change the items again instead.",
            current={"batch": str(batch)},
        )
    # A flag decision is recorded on both of its claims, and undoing one record takes back
    # both: one undo per object, of its newest record.
    undone_before = set(
        ChangeRecord.objects.filter(undo_of__batch=batch).values_list(
            "undo_of__object_type", "undo_of__object_id"
        )
    )
    first_of: dict[tuple[str, int], ChangeRecord] = {}
    for record in records:
        first_of.setdefault((record.object_type, record.object_id), record)
    todo = [record for key, record in first_of.items() if key not in undone_before]
    if not todo:
        raise ConflictError(
            "Every item of this bulk action was undone already.", current={"batch": str(batch)}
        )
    refused: list[dict] = []
    with transaction.atomic():
        for record in todo:
            try:
                change_undo(record=record, user=user)
            except ConflictError as error:  # each undo is its own savepoint: go on, to name all
                noun, pk = _item(record)
                refused.append({"item": f"{noun} {pk}", "change": record.pk, "reason": str(error)})
        if refused:  # raised inside the transaction: the undos that went through are rolled back
            named = " ".join(
                f"{r['item'].capitalize()}: {r['reason']}" for r in refused[:REFUSALS_NAMED]
            )
            more = len(refused) - REFUSALS_NAMED
            raise ConflictError(
                f"Nothing was undone: {len(refused)} of the bulk action's {len(todo)} items "
                f"cannot be undone. {named}" + (f" And {more} more." if more > 0 else ""),
                current={"batch": str(batch), "refused": refused},
            )
    message = f"Bulk action undone: {_items([_item(record) for record in todo])} back as before it."
    if len(todo) < len(first_of):
        message += f" {len(first_of) - len(todo)} undone one by one before were left as they are."
    return BatchUndone(message=message, undone=[record.pk for record in todo])
