"""Reviewers' verdicts, and the claim status they lead to."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from annotations.models import Lease, Review
from annotations.services.snapshots import review_snapshot
from provenance.errors import DomainError, NotAllowed
from provenance.models import (
    AWAITING_REVIEW,
    REVIEW_ACTIONS,
    ChangeAction,
    Claim,
    ClaimStatus,
    Verdict,
)
from provenance.notes import note_check
from provenance.permissions import require
from provenance.services.claims import claim_change, claim_lock_current
from provenance.services.history import change_record

MAX_EVIDENCE_LINKS = 20


@dataclass(frozen=True)
class Outcome:
    status: str
    verdict: str | None
    confidence: float | None


def review_outcome(*, reviews: Sequence[Review], required: int) -> Outcome:
    """What a claim's reviews amount to.

    Fewer reviews than the project requires: in review. Enough, all with one verdict: verified
    with that verdict and the mean of their confidences. Enough but split: disputed, for an
    editor to adjudicate.
    """
    if not reviews:
        return Outcome(ClaimStatus.UNREVIEWED, None, None)
    if len(reviews) < required:
        return Outcome(ClaimStatus.IN_REVIEW, None, None)
    verdicts = {review.verdict for review in reviews}
    if len(verdicts) > 1:
        return Outcome(ClaimStatus.DISPUTED, None, None)
    confidence = sum(review.confidence for review in reviews) / len(reviews)
    return Outcome(ClaimStatus.VERIFIED, verdicts.pop(), round(confidence, 6))


def check_judgement(verdict: str, confidence: float, note: str) -> None:
    if verdict not in Verdict.values:
        raise DomainError(f"verdict must be one of {', '.join(Verdict.values)}, not {verdict!r}.")
    if not 0.0 <= confidence <= 1.0:
        raise DomainError(f"confidence must be between 0 and 1, not {confidence}.")
    note_check(note)


def check_evidence(evidence: Sequence[str]) -> None:
    if len(evidence) > MAX_EVIDENCE_LINKS:
        raise DomainError(f"At most {MAX_EVIDENCE_LINKS} evidence links per review.")


def _status_from_reviews(
    claim: Claim, *, user: AbstractBaseUser, action: ChangeAction | None = None
) -> None:
    """Set the locked claim's status, verdict and confidence from its reviews and record it
    (``action``, or the new status's ``REVIEW_ACTIONS``). Call inside the lock's transaction."""
    outcome = review_outcome(
        reviews=list(claim.reviews.all()), required=claim.article.project.reviews_required
    )
    claim_change(
        claim=claim,
        action=action or REVIEW_ACTIONS[outcome.status],
        user=user,
        status=outcome.status,
        verdict=outcome.verdict,
        confidence=outcome.confidence,
    )


def review_submit(
    *,
    claim: Claim,
    user: AbstractBaseUser,
    verdict: str,
    confidence: float,
    version: int,
    note: str = "",
    evidence: Sequence[str] = (),
) -> Review:
    """Record a reviewer's verdict and move the claim on (in review, verified or disputed).

    Locks the claim row (``select_for_update``) so that two reviews arriving together count
    each other; ``version`` is the claim version the reviewer judged, and a claim changed since
    (a corrected span, say) gives a conflict rather than a verdict on text they never saw.
    The reviewer's lease on the claim, if any, ends here.
    """
    project = claim.article.project
    require(user=user, project=project, action="review")
    check_judgement(verdict, confidence, note)
    check_evidence(evidence)
    with transaction.atomic():
        current = claim_lock_current(claim=claim, version=version)
        if current.status not in AWAITING_REVIEW:
            raise DomainError(
                f"This claim is {current.status}; it takes no more reviews"
                + (" (an editor adjudicates it)." if current.status == "disputed" else ".")
            )
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    claim=current,
                    reviewer=user,
                    verdict=verdict,
                    confidence=confidence,
                    note=note,
                    evidence=list(evidence),
                )
        except IntegrityError:
            raise DomainError("You have already reviewed this claim.") from None
        change_record(
            project=project,
            claim=current,
            object_type="review",
            object_id=review.pk,
            action=ChangeAction.CREATE,
            actor=user,
            after=review_snapshot(review),
        )
        _status_from_reviews(current, user=user)
        Lease.objects.filter(claim=current, reviewer=user).delete()
    return review


def reviews_settled(claim: Claim) -> bool:
    """A reviewer's review is theirs to change until an editor has ruled on the claim or
    rejected it; from then on it stays as it was, as part of what the ruling weighed."""
    return claim.status == ClaimStatus.REJECTED or claim.adjudications.exists()


def _refuse_once_ruled(claim: Claim) -> None:
    if reviews_settled(claim):
        raise DomainError(
            f"Claim {claim.pk} was "
            + ("rejected" if claim.status == ClaimStatus.REJECTED else "adjudicated")
            + " by an editor; its reviews stay as they were."
        )


def _own_review(review: Review, user: AbstractBaseUser, doing: str) -> None:
    require(user=user, project=review.claim.article.project, action="review")
    if review.reviewer_id != user.pk:
        raise NotAllowed(f"Only the reviewer who gave a review can {doing} it.")


def review_revise(
    *,
    review: Review,
    user: AbstractBaseUser,
    version: int,
    verdict: str | None = None,
    confidence: float | None = None,
    note: str | None = None,
    evidence: Sequence[str] | None = None,
) -> Review:
    """A reviewer changes their own review's verdict, confidence, note or evidence (a value
    left out stays as it was) and the claim's status is worked out again from its reviews.
    Refused once an editor has ruled on the claim or rejected it, and when nothing changes.

    Locks the claim row (``select_for_update``); ``version`` is the claim version the reviewer
    saw, so a revision made after anyone changed the claim (another review, a ruling, a
    corrected span, their own revision in another tab) gives a conflict, not an overwrite.
    """
    _own_review(review, user, "revise")
    with transaction.atomic():
        current = claim_lock_current(claim=review.claim, version=version)
        _refuse_once_ruled(current)
        # Read again under the claim's lock: every change of a review moves its claim's version.
        review = Review.objects.select_related("reviewer").get(pk=review.pk)
        before = review_snapshot(review)
        changed = {
            "verdict": before["verdict"] if verdict is None else verdict,
            "confidence": before["confidence"] if confidence is None else confidence,
            "note": before["note"] if note is None else note,
            "evidence": before["evidence"] if evidence is None else list(evidence),
        }
        check_judgement(changed["verdict"], changed["confidence"], changed["note"])
        check_evidence(changed["evidence"])
        if all(before[field] == value for field, value in changed.items()):
            raise DomainError("Your review already says this; nothing was changed.")
        for field, value in changed.items():
            setattr(review, field, value)
        review.save(update_fields=list(changed))
        change_record(
            project=current.article.project,
            claim=current,
            object_type="review",
            object_id=review.pk,
            action=ChangeAction.REVISE,
            actor=user,
            before=before,
            after=review_snapshot(review),
        )
        _status_from_reviews(current, user=user, action=ChangeAction.REVIEW_REVISED)
    return review


def review_withdraw(*, review: Review, user: AbstractBaseUser, version: int) -> Claim:
    """A reviewer takes back their own review: it is deleted (its record keeps what it said)
    and the claim's status is worked out again from the reviews left, so it goes back to the
    queue. Refused once an editor has ruled on the claim or rejected it.

    Locks the claim row (``select_for_update``); ``version`` is the claim version the reviewer
    saw, so a review withdrawn after someone else reviewed gives a conflict.
    """
    project = review.claim.article.project
    _own_review(review, user, "withdraw")
    with transaction.atomic():
        current = claim_lock_current(claim=review.claim, version=version)
        _refuse_once_ruled(current)
        change_record(
            project=project,
            claim=current,
            object_type="review",
            object_id=review.pk,
            action=ChangeAction.WITHDRAW,
            actor=user,
            before=review_snapshot(review),
        )
        review.delete()
        _status_from_reviews(current, user=user, action=ChangeAction.REVIEW_WITHDRAWN)
    return current


def claim_reinstate(*, claim: Claim, version: int, user: AbstractBaseUser) -> Claim:
    """An editor takes back a rejection: the claim's status is worked out again from its
    latest ruling, or else from its reviews, as if it had never been rejected. Locks the claim
    row (``select_for_update``)."""
    require(user=user, project=claim.article.project, action="adjudicate")
    with transaction.atomic():
        current = claim_lock_current(claim=claim, version=version)
        if current.status != ClaimStatus.REJECTED:
            raise DomainError(f"Claim {current.pk} is not rejected; there is nothing to reinstate.")
        ruling = current.adjudications.order_by("-id").first()
        if ruling is None:
            _status_from_reviews(current, user=user, action=ChangeAction.REINSTATE)
            return current
        claim_change(
            claim=current,
            action=ChangeAction.REINSTATE,
            user=user,
            status=ClaimStatus.VERIFIED,
            verdict=ruling.verdict,
            confidence=ruling.confidence,
        )
    return current
