"""The audit history: one record per change, with the state before and after."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser

from provenance.models import Article, ChangeAction, ChangeRecord, Claim, Project

# While an undo, a revert or a bulk action runs, the services it calls record as they always
# do, and each of their records says which change it undoes or reverts to
# (``ChangeRecord.undo_of``, ``reverts_to``) or which bulk action it belongs to (``batch``),
# without every service taking a flag.
_marks: ContextVar[tuple[tuple[str, ChangeRecord | UUID], ...]] = ContextVar(
    "change_marks", default=()
)


@contextmanager
def records_marked(**marks: ChangeRecord | UUID) -> Iterator[None]:
    """Every record written inside the block carries ``marks`` (``undo_of=``, ``reverts_to=``,
    ``batch=``)."""
    token = _marks.set((*_marks.get(), *marks.items()))
    try:
        yield
    finally:
        _marks.reset(token)


def change_record(**fields) -> ChangeRecord:
    """Write one record of the audit history (the fields of ``change_record_row``)."""
    row = change_record_row(**fields)
    row.save(force_insert=True)
    return row


def change_record_row(
    *,
    project: Project | None,
    object_type: str,
    object_id: int,
    action: ChangeAction,
    actor: AbstractBaseUser | None,
    before: dict | None = None,
    after: dict | None = None,
    claim: Claim | None = None,
) -> ChangeRecord:
    """An unsaved record, for writers that store many at once (``bulk_create``)."""
    return ChangeRecord(
        project=project,
        claim=claim,
        object_type=object_type,
        object_id=object_id,
        action=ChangeAction(action),
        actor=actor,
        before=before,
        after=after,
        **_status_change(object_type=object_type, before=before, after=after),
        **dict(_marks.get()),
    )


def _status_change(*, object_type: str, before: dict | None, after: dict | None) -> dict:
    """``status_from`` and ``status_to`` when a claim's snapshots show its status changed."""
    if object_type != "claim" or not (before and after):
        return {}
    if "status" not in before or "status" not in after or before["status"] == after["status"]:
        return {}
    return {"status_from": before["status"], "status_to": after["status"]}


def claim_snapshot(claim: Claim) -> dict:
    """A claim's state as the audit history stores it (JSON, before/after)."""
    return {
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "status": claim.status,
        "verdict": claim.verdict,
        "confidence": claim.confidence,
        "version": claim.version,
    }


def claim_assignment_snapshot(claim: Claim) -> dict:
    """``claim_snapshot`` with whom the claim is assigned to, for the records of assignments
    (id and user name: undo finds the user by id, people read the name)."""
    assignee = claim.assigned_to
    return {
        **claim_snapshot(claim),
        "assigned_to": None
        if assignee is None
        else {"id": assignee.pk, "username": assignee.get_username()},
    }


def article_snapshot(article: Article, *, claims: int) -> dict:
    """What identifies an article once it is gone: where it came from and its content hash
    (which recognises the same text if it is ingested again), not its body."""
    return {
        "title": article.title,
        "origin": article.origin,
        "url": article.url,
        "publisher": article.publisher.name if article.publisher_id else None,
        "published": article.published.isoformat() if article.published else None,
        "content_hash": article.content_hash,
        "claims": claims,
    }
