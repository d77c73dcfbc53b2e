"""Editors settling claims, above all those whose reviewers disagreed."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from annotations.models import Adjudication, Lease
from annotations.services.reviews import check_judgement
from annotations.services.snapshots import adjudication_snapshot
from provenance.errors import DomainError
from provenance.models import ChangeAction, Claim, ClaimStatus
from provenance.permissions import require
from provenance.services.claims import claim_change, claim_lock_current
from provenance.services.history import change_record


def claim_adjudicate(
    *,
    claim: Claim,
    user: AbstractBaseUser,
    verdict: str,
    confidence: float,
    version: int,
    note: str = "",
) -> Adjudication:
    """An editor's ruling: the claim becomes verified with the editor's verdict and confidence.

    Meant for disputed claims (the adjudication queue), but an editor may also settle a claim
    still in review or overrule a verified one. Locks the claim row (``select_for_update``).
    """
    project = claim.article.project
    require(user=user, project=project, action="adjudicate")
    check_judgement(verdict, confidence, note)
    with transaction.atomic():
        current = claim_lock_current(claim=claim, version=version)
        if current.status == ClaimStatus.REJECTED:
            raise DomainError("This claim was rejected as not a claim; there is nothing to rule.")
        adjudication = Adjudication.objects.create(
            claim=current, editor=user, verdict=verdict, confidence=confidence, note=note
        )
        change_record(
            project=project,
            claim=current,
            object_type="adjudication",
            object_id=adjudication.pk,
            action=ChangeAction.CREATE,
            actor=user,
            after=adjudication_snapshot(adjudication),
        )
        claim_change(
            claim=current,
            action=ChangeAction.ADJUDICATE,
            user=user,
            status=ClaimStatus.VERIFIED,
            verdict=verdict,
            confidence=confidence,
        )
        Lease.objects.filter(claim=current).delete()
    return adjudication
