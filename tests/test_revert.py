"""Revert to this version: a claim goes back to its span and rejection before one change of
its history, through the audited services, each step a new record pointing at that change."""

import pytest

from annotations.services.revert import claim_revert
from annotations.services.reviews import review_submit
from provenance.errors import ConflictError, DomainError, NotAllowed
from provenance.models import ChangeRecord
from provenance.services.claims import claim_correct_span, claim_merge, claim_reject, claim_trim
from tests.review_support import FLOOD_STORY, claims_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(ingest, users):
    return claims_of(ingest(FLOOD_STORY))


def change_of(claim, action) -> ChangeRecord:
    return ChangeRecord.objects.filter(object_type="claim", object_id=claim.pk, action=action).get()


def revert(claim, record, user):
    claim.refresh_from_db()
    return claim_revert(claim=claim, record=record, version=claim.version, user=user)


def reviewed(claim, users):
    claim.refresh_from_db()
    review_submit(
        claim=claim,
        user=users["reviewer"],
        verdict="supported",
        confidence=0.9,
        version=claim.version,
    )
    claim.refresh_from_db()
    return claim


def test_a_reviewer_reverts_a_trim_by_someone_else(claims, users):
    claim = claims[1]
    old = (claim.start, claim.end, claim.text)
    claim_trim(
        claim=claim, start=claim.start, end=claim.end - 8, version=1, user=users["annotator"]
    )
    record = change_of(claim, "trim")
    reverted, message = revert(claim, record, users["reviewer"])
    assert (reverted.start, reverted.end, reverted.text) == old
    assert f"before change {record.pk}" in message
    [step] = ChangeRecord.objects.filter(reverts_to=record)
    assert (step.action, step.actor, step.after["end"]) == (
        "restore_span",
        users["reviewer"],
        old[1],
    )
    assert ChangeRecord.objects.filter(pk=record.pk).exists()


def test_an_editor_reverts_a_reviewed_claims_span_and_a_reviewer_may_not(claims, users):
    claim = reviewed(claims[1], users)
    old = (claim.start, claim.end)
    claim_correct_span(
        claim=claim,
        start=claim.start,
        end=claim.end - 8,
        version=claim.version,
        user=users["editor"],
    )
    record = change_of(claim, "correct_span")
    with pytest.raises(NotAllowed, match="editor role"):
        revert(claim, record, users["reviewer"])
    reverted, _ = revert(claim, record, users["editor"])
    assert (reverted.start, reverted.end) == old
    assert reverted.status == "in_review"  # the status still follows the review


def test_reverting_a_rejection_reinstates_the_claim_with_its_reviews(claims, users):
    claim = reviewed(claims[1], users)
    claim_reject(claim=claim, version=claim.version, user=users["editor"])
    reverted, message = revert(claim, change_of(claim, "reject"), users["editor"])
    assert (reverted.status, reverted.verdict) == ("in_review", None)
    assert "reinstated" in message
    # And back: reverting the reinstatement rejects it again.
    reverted, message = revert(claim, change_of(claim, "reinstate"), users["editor"])
    assert reverted.status == "rejected" and "rejected again" in message


def test_an_annotator_may_not_revert_and_a_stale_version_conflicts(claims, users):
    claim = claims[1]
    claim_trim(
        claim=claim, start=claim.start, end=claim.end - 8, version=1, user=users["annotator"]
    )
    record = change_of(claim, "trim")
    with pytest.raises(NotAllowed, match="reviewer role"):
        revert(claim, record, users["annotator"])
    claim.refresh_from_db()
    with pytest.raises(ConflictError):
        claim_revert(claim=claim, record=record, version=claim.version - 1, user=users["editor"])
    assert not ChangeRecord.objects.filter(reverts_to=record).exists()


def test_nothing_to_revert_is_said_plainly(claims, users):
    left, right = claims[2], claims[3]
    merged = claim_merge(
        claims=[left, right], versions={left.pk: 1, right.pk: 1}, user=users["annotator"]
    )
    with pytest.raises(DomainError, match="holds no earlier state"):
        revert(merged, change_of(merged, "merge"), users["editor"])
    review = reviewed(claims[0], users)
    with pytest.raises(DomainError, match="already has the span"):
        revert(
            review,
            ChangeRecord.objects.filter(object_id=review.pk, object_type="claim").first(),
            users["editor"],
        )
