"""Revert to this version: a claim's span (and so its text) and its rejection put back as they
were before one change of its history, through the services that make such changes, so that
each of their rules and role checks holds and each step is recorded (``reverts_to`` pointing at
the change). Nothing is rewritten in place and nothing in the history is removed.

A claim's status otherwise follows its reviews and rulings, so a revert changes it only by
rejecting the claim again or taking a rejection back; verdicts are never set by a revert.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from annotations.services.reviews import claim_reinstate
from provenance.errors import DomainError
from provenance.models import ChangeRecord, Claim, ClaimStatus
from provenance.permissions import require
from provenance.services.claims import (
    claim_correct_span,
    claim_lock_current,
    claim_reject,
    claim_span_restore,
)
from provenance.services.history import records_marked


def revertible(record: ChangeRecord) -> bool:
    """Whether the record holds a state of its claim to go back to (a merge's does not)."""
    before = record.before or {}
    return record.object_type == "claim" and "start" in before and "status" in before


def claim_revert(
    *, claim: Claim, record: ChangeRecord, version: int, user: AbstractBaseUser
) -> tuple[Claim, str]:
    """Put ``claim`` back on its span and rejection before ``record``; returns the claim and
    what was done, in words. ``version`` is the claim version the person saw.

    Needs the reviewer role; moving a reviewed claim's span, rejecting and reinstating need an
    editor (the services say so). One transaction; each service locks the claim row
    (``select_for_update``) and checks the version it is given.
    """
    require(user=user, project=claim.article.project, action="review")
    if record.object_id != claim.pk or not revertible(record):
        raise DomainError(f"Change {record.pk} holds no earlier state of claim {claim.pk}.")
    target = record.before
    done = []
    with transaction.atomic(), records_marked(reverts_to=record):
        # Checked first, so that even a revert with nothing left to do tells a stale reader.
        current = claim_lock_current(claim=claim, version=version)
        seen = version  # then each step checks the version the step before it left
        if current.status == ClaimStatus.REJECTED != target["status"]:
            current = claim_reinstate(claim=current, version=seen, user=user)
            seen = current.version
            done.append(f"reinstated ({current.status.replace('_', ' ')})")
        if (current.start, current.end) != (target["start"], target["end"]):
            reviewed = current.status != ClaimStatus.UNREVIEWED
            restore = claim_correct_span if reviewed else claim_span_restore
            current = restore(
                claim=current, start=target["start"], end=target["end"], version=seen, user=user
            )
            seen = current.version
            done.append(f"back on characters {current.start}–{current.end}")
        if target["status"] == ClaimStatus.REJECTED != current.status:
            current = claim_reject(claim=current, version=seen, user=user)
            done.append("rejected again")
    if not done:
        raise DomainError(
            f"Claim {claim.pk} already has the span and rejection it had before change "
            f"{record.pk}; its status follows its reviews and rulings."
        )
    return current, f"Claim {current.pk} reverted to before change {record.pk}: {', '.join(done)}."
