"""Reviewers' decisions on contradiction flags."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from provenance.errors import ConflictError, DomainError
from provenance.models import Claim, Flag, FlagStatus
from provenance.notes import note_check
from provenance.permissions import require
from provenance.selectors import flags_touching, open_flags_of
from provenance.services.history import change_record


def flag_partners(*, claim_ids: Iterable[int]) -> set[int]:
    """The claims on the other side of any flag of these claims."""
    ids = list(claim_ids)
    pairs = flags_touching(claim_ids=ids).values_list("claim_a_id", "claim_b_id")
    partners = {claim for pair in pairs for claim in pair}
    return partners - set(ids)


def claims_open_flag_refresh(*, claim_ids: Iterable[int]) -> None:
    """Set each claim's ``has_open_flag`` (the review queue's first ordering key) from its flags
    as they are now. One correlated update: right whatever changed before it, safe to repeat."""
    ids = list(set(claim_ids))
    if ids:
        open_flags = open_flags_of(OuterRef("pk"))
        Claim.objects.filter(pk__in=ids).update(has_open_flag=Exists(open_flags))


def flag_snapshot(flag: Flag) -> dict:
    return {
        "id": flag.id,
        "claim_a": flag.claim_a_id,
        "claim_b": flag.claim_b_id,
        "kind": flag.kind,
        "score": flag.score,
        "explanation": flag.explanation,
        "status": flag.status,
        "note": flag.note,
        "version": flag.version,
    }


def flag_decide(
    *, flag: Flag, status: str, version: int, user: AbstractBaseUser, note: str = ""
) -> Flag:
    """Confirm, dismiss or reopen a flag, with the decider's note (it replaces the last
    decision's; each decision's note stays in the audit records). Locks the flag row
    (``select_for_update``).

    A dismissed flag keeps its row, and the unique pair constraint then stops the detectors from
    raising the same pair again.
    """
    require(user=user, project=flag.project, action="review")
    if status not in FlagStatus.values:
        raise DomainError(f"status must be one of {', '.join(FlagStatus.values)}.")
    note = note.strip()
    note_check(note)
    with transaction.atomic():
        current = Flag.objects.select_for_update().get(pk=flag.pk)
        if current.version != version:
            raise ConflictError(
                "This flag was decided by someone else meanwhile; reload it.",
                current=flag_snapshot(current),
            )
        before = flag_snapshot(current)
        current.status = status
        current.note = note
        current.decided_by = user
        current.decided_at = timezone.now()
        current.version += 1
        current.save(update_fields=["status", "note", "decided_by", "decided_at", "version"])
        claims_open_flag_refresh(claim_ids=[current.claim_a_id, current.claim_b_id])
        for claim in (current.claim_a, current.claim_b):
            change_record(
                project=current.project,
                claim=claim,
                object_type="flag",
                object_id=current.id,
                action=status,
                actor=user,
                before=before,
                after=flag_snapshot(current),
            )
    return current
