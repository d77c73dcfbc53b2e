"""Reviewers' decisions on contradiction flags."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from provenance.errors import ConflictError, DomainError
from provenance.models import Flag, FlagStatus
from provenance.services.history import change_record


def flag_snapshot(flag: Flag) -> dict:
    return {
        "id": flag.id,
        "claim_a": flag.claim_a_id,
        "claim_b": flag.claim_b_id,
        "kind": flag.kind,
        "score": flag.score,
        "explanation": flag.explanation,
        "status": flag.status,
        "version": flag.version,
    }


def flag_decide(*, flag: Flag, status: str, version: int, user: AbstractBaseUser) -> Flag:
    """Confirm, dismiss or reopen a flag. Locks the flag row (``select_for_update``).

    A dismissed flag keeps its row, and the unique pair constraint then stops the detectors from
    raising the same pair again.
    """
    if status not in FlagStatus.values:
        raise DomainError(f"status must be one of {', '.join(FlagStatus.values)}.")
    with transaction.atomic():
        current = Flag.objects.select_for_update().get(pk=flag.pk)
        if current.version != version:
            raise ConflictError(
                "This flag was decided by someone else meanwhile; reload it.",
                current=flag_snapshot(current),
            )
        before = flag_snapshot(current)
        current.status = status
        current.decided_by = user
        current.decided_at = timezone.now()
        current.version += 1
        current.save(update_fields=["status", "decided_by", "decided_at", "version"])
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
