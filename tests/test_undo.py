"""Undo through the services: each kind of change comes back through the service a person
would use, refused when someone changed the object since, for another person's change, too
late or twice; the history keeps the change and the undo that points at it."""

import datetime as dt

import pytest

from annotations.models import Review
from annotations.selectors import queue_candidates
from annotations.services.adjudication import claim_adjudicate
from annotations.services.reviews import review_submit
from annotations.services.undo import change_undo
from provenance.errors import ConflictError, NotAllowed
from provenance.models import Attribution, ChangeRecord, Claim
from provenance.services.attributions import attribution_decide
from provenance.services.claims import claim_merge, claim_split, claim_trim
from provenance.services.flags import flag_decide
from tests.review_support import FLOOD_STORY, claims_of
from tests.ui_support import build_desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(ingest, users):
    return claims_of(ingest(FLOOD_STORY))


def latest(**filters) -> ChangeRecord:
    return ChangeRecord.objects.filter(undo_of__isnull=True, **filters).order_by("-pk").first()


def review(claim, user, verdict="supported") -> Review:
    claim.refresh_from_db()
    return review_submit(
        claim=claim, user=user, verdict=verdict, confidence=0.8, version=claim.version
    )


def assert_undone_by(record: ChangeRecord, user) -> list[ChangeRecord]:
    """The undo's records point at the change they undo, and were made by the same person."""
    undoing = list(record.undone_by.all())
    assert undoing, "the undo left no record"
    assert {change.actor for change in undoing} == {user}
    assert ChangeRecord.objects.filter(pk=record.pk).exists()  # the change itself stays
    return undoing


# Reviews


def test_undo_a_review_withdraws_it_and_the_claim_is_back_in_the_queue(claims, users, project):
    claim, reviewer = claims[0], users["reviewer"]
    given = review(claim, reviewer)
    record = latest(object_type="review", object_id=given.pk)
    undone = change_undo(record=record, user=reviewer)
    assert "withdrawn" in undone.message
    assert not Review.objects.filter(pk=given.pk).exists()
    claim.refresh_from_db()
    assert (claim.status, claim.verdict) == ("unreviewed", None)
    candidates = queue_candidates(
        user=reviewer, project=project, status="unreviewed", now=dt.datetime.now(dt.UTC)
    )
    assert candidates.filter(pk=claim.pk).exists()
    actions = {change.action for change in assert_undone_by(record, reviewer)}
    assert actions == {"withdraw", "review_withdrawn"}


def test_undo_a_second_review_unverifies_the_claim(claims, users):
    claim = claims[0]
    review(claim, users["reviewer"])
    second = review(claim, users["reviewer2"])
    claim.refresh_from_db()
    assert claim.status == "verified"
    change_undo(record=latest(object_type="review", object_id=second.pk), user=users["reviewer2"])
    claim.refresh_from_db()
    assert (claim.status, claim.verdict, claim.confidence) == ("in_review", None, None)


def test_undo_a_review_after_another_review_is_refused_naming_who(claims, users):
    claim = claims[0]
    first = review(claim, users["reviewer"])
    review(claim, users["reviewer2"], verdict="refuted")
    with pytest.raises(ConflictError, match="changed since by reviewer2"):
        change_undo(record=latest(object_type="review", object_id=first.pk), user=users["reviewer"])
    assert Review.objects.filter(pk=first.pk).exists()


def test_undo_a_review_after_adjudication_is_refused(claims, users):
    claim = claims[0]
    given = review(claim, users["reviewer"])
    claim.refresh_from_db()
    claim_adjudicate(
        claim=claim, user=users["editor"], verdict="refuted", confidence=0.9, version=claim.version
    )
    with pytest.raises(ConflictError, match="editor \\(adjudicate"):
        change_undo(record=latest(object_type="review", object_id=given.pk), user=users["reviewer"])
    assert Review.objects.filter(pk=given.pk).exists()


def test_another_persons_change_cannot_be_undone(claims, users):
    given = review(claims[0], users["reviewer"])
    record = latest(object_type="review", object_id=given.pk)
    for other in ("reviewer2", "editor"):
        with pytest.raises(NotAllowed, match="made by reviewer"):
            change_undo(record=record, user=users[other])
    assert Review.objects.filter(pk=given.pk).exists()


def test_undo_is_refused_after_the_window_and_twice(claims, users, settings):
    reviewer = users["reviewer"]
    old = review(claims[0], reviewer)
    record = latest(object_type="review", object_id=old.pk)
    ChangeRecord.objects.filter(pk=record.pk).update(at=record.at - dt.timedelta(minutes=11))
    record.refresh_from_db()
    with pytest.raises(ConflictError, match="undone for 10 minutes"):
        change_undo(record=record, user=reviewer)
    settings.UNDO_MINUTES = 15
    change_undo(record=record, user=reviewer)
    with pytest.raises(ConflictError, match="undone already"):
        change_undo(record=record, user=reviewer)


def test_an_undo_is_not_undone_and_a_role_lost_is_refused(claims, users, project):
    from provenance.services.members import member_set_role

    reviewer = users["reviewer"]
    given = review(claims[0], reviewer)
    record = latest(object_type="review", object_id=given.pk)
    member_set_role(project=project, user=reviewer, role="annotator")
    with pytest.raises(NotAllowed, match="reviewer role"):
        change_undo(record=record, user=reviewer)
    member_set_role(project=project, user=reviewer, role="reviewer")
    change_undo(record=record, user=reviewer)
    with pytest.raises(ConflictError, match="itself an undo"):
        change_undo(record=record.undone_by.first(), user=reviewer)


# Attribution decisions


@pytest.fixture
def suggestion(claims) -> Attribution:
    attribution = Attribution.objects.filter(claim__in=claims, status="suggested").first()
    assert attribution is not None, "the story's claims should carry suggestions"
    return attribution


def test_undo_an_attribution_reject_puts_the_suggestion_back(suggestion, users):
    annotator = users["annotator"]
    attribution_decide(
        attribution=suggestion, status="rejected", version=suggestion.version, user=annotator
    )
    record = latest(object_type="attribution", object_id=suggestion.pk)
    change_undo(record=record, user=annotator)
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == ("suggested", None)
    [undo] = assert_undone_by(record, annotator)
    assert (undo.before["status"], undo.after["status"]) == ("rejected", "suggested")


def test_undo_an_attribution_decision_after_another_is_refused(suggestion, users):
    attribution_decide(
        attribution=suggestion,
        status="rejected",
        version=suggestion.version,
        user=users["annotator"],
    )
    record = latest(object_type="attribution", object_id=suggestion.pk)
    attribution_decide(
        attribution=suggestion,
        status="confirmed",
        version=suggestion.version + 1,
        user=users["editor"],
    )
    with pytest.raises(ConflictError, match="changed since by editor \\(confirmed"):
        change_undo(record=record, user=users["annotator"])
    suggestion.refresh_from_db()
    assert suggestion.status == "confirmed"


# Flag decisions


def test_undo_a_flag_dismissal_reopens_it(project, users):
    flag = build_desk(project).flag
    flag_decide(flag=flag, status="dismissed", version=flag.version, user=users["reviewer"])
    record = latest(object_type="flag", object_id=flag.pk)
    change_undo(record=record, user=users["reviewer"])
    flag.refresh_from_db()
    assert flag.status == "open"
    assert Claim.objects.get(pk=flag.claim_a_id).has_open_flag
    assert len(assert_undone_by(record, users["reviewer"])) == 2  # one per claim, as decided
    # The dismissal wrote a record on each claim; the other one is now stale.
    sibling = (
        ChangeRecord.objects.filter(object_type="flag", object_id=flag.pk, action="dismissed")
        .exclude(pk=record.pk)
        .get()
    )
    with pytest.raises(ConflictError, match="undoing change"):
        change_undo(record=sibling, user=users["reviewer"])


def test_undo_a_flag_decision_after_another_reviewer_is_refused(project, users):
    flag = build_desk(project).flag
    flag_decide(flag=flag, status="dismissed", version=flag.version, user=users["reviewer"])
    record = latest(object_type="flag", object_id=flag.pk)
    flag_decide(flag=flag, status="confirmed", version=flag.version + 1, user=users["reviewer2"])
    with pytest.raises(ConflictError, match="reviewer2"):
        change_undo(record=record, user=users["reviewer"])
    flag.refresh_from_db()
    assert flag.status == "confirmed"


# Trim, split and merge


def test_undo_a_trim_gives_the_old_span_back(claims, users):
    claim, annotator = claims[1], users["annotator"]
    old = (claim.start, claim.end, claim.text)
    claim_trim(
        claim=claim, start=claim.start, end=claim.end - 10, version=claim.version, user=annotator
    )
    record = latest(object_type="claim", object_id=claim.pk, action="trim")
    change_undo(record=record, user=annotator)
    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.text) == old
    [undo] = assert_undone_by(record, annotator)
    assert undo.action == "restore_span"


def test_undo_a_trim_after_a_review_is_refused(claims, users):
    claim = claims[1]
    claim_trim(
        claim=claim,
        start=claim.start,
        end=claim.end - 10,
        version=claim.version,
        user=users["annotator"],
    )
    record = latest(object_type="claim", object_id=claim.pk, action="trim")
    review(claim, users["reviewer"])
    with pytest.raises(ConflictError, match="changed since by reviewer"):
        change_undo(record=record, user=users["annotator"])


def test_undo_a_split_merges_the_parts_again(claims, users):
    claim, annotator = claims[1], users["annotator"]
    old = (claim.start, claim.end)
    at = claim.start + claim.text.index(" to ")
    first, second = claim_split(claim=claim, at=at, version=claim.version, user=annotator)
    record = latest(object_type="claim", object_id=first.pk, action="split")
    undone = change_undo(record=record, user=annotator)
    assert undone.claim_id == first.pk
    first.refresh_from_db()
    assert (first.start, first.end) == old
    assert not Claim.objects.filter(pk=second.pk).exists()
    assert [change.action for change in assert_undone_by(record, annotator)] == ["merge"]


def test_undo_a_split_after_a_part_changed_is_refused(claims, users):
    claim = claims[1]
    at = claim.start + claim.text.index(" to ")
    first, second = claim_split(claim=claim, at=at, version=claim.version, user=users["annotator"])
    record = latest(object_type="claim", object_id=first.pk, action="split")
    review(second, users["reviewer"])
    with pytest.raises(ConflictError, match=f"Claim {second.pk} was changed since by reviewer"):
        change_undo(record=record, user=users["annotator"])
    assert Claim.objects.filter(pk=second.pk).exists()


def test_undo_a_merge_splits_the_claims_again(claims, users):
    annotator = users["annotator"]
    left, right = claims[2], claims[3]
    spans = [(left.start, left.end), (right.start, right.end)]
    merged = claim_merge(
        claims=[left, right],
        versions={left.pk: left.version, right.pk: right.version},
        user=annotator,
    )
    record = latest(object_type="claim", object_id=merged.pk, action="merge")
    change_undo(record=record, user=annotator)
    article = merged.article
    found = [
        (claim.start, claim.end)
        for claim in article.claims.filter(start__gte=spans[0][0], end__lte=spans[1][1])
    ]
    assert found == spans
    assert {c.action for c in assert_undone_by(record, annotator)} >= {"split", "split_from"}


def test_undo_a_merge_after_someone_trimmed_it_is_refused(claims, users):
    left, right = claims[2], claims[3]
    merged = claim_merge(
        claims=[left, right],
        versions={left.pk: left.version, right.pk: right.version},
        user=users["annotator"],
    )
    record = latest(object_type="claim", object_id=merged.pk, action="merge")
    merged.refresh_from_db()
    claim_trim(
        claim=merged,
        start=merged.start,
        end=merged.end - 5,
        version=merged.version,
        user=users["reviewer"],
    )
    with pytest.raises(ConflictError, match="changed since by reviewer \\(trim"):
        change_undo(record=record, user=users["annotator"])


# The services undo calls keep their own rules for anyone calling them directly.


def test_only_a_machine_suggestion_can_be_undecided(claims, users):
    from provenance.errors import DomainError
    from provenance.services.attributions import attribution_add
    from provenance.text.types import Hop

    added = attribution_add(
        claim=claims[0],
        chain=[Hop(name="Red Crescent", kind="ngo", role="speaker")],
        user=users["annotator"],
    )
    with pytest.raises(DomainError, match="Only a machine suggestion"):
        attribution_decide(
            attribution=added, status="suggested", version=added.version, user=users["annotator"]
        )


def test_a_review_is_withdrawn_only_by_its_reviewer(claims, users):
    from annotations.services.reviews import review_withdraw

    given = review(claims[0], users["reviewer"])
    claims[0].refresh_from_db()
    with pytest.raises(NotAllowed, match="Only the reviewer"):
        review_withdraw(review=given, user=users["reviewer2"], version=claims[0].version)
    assert Review.objects.filter(pk=given.pk).exists()


def test_a_span_is_restored_only_to_one_the_claim_had(claims, users):
    from provenance.errors import DomainError
    from provenance.services.claims import claim_span_restore

    claim = claims[1]
    with pytest.raises(DomainError, match="never had characters"):
        claim_span_restore(
            claim=claim,
            start=claim.start,
            end=claim.end + 5,
            version=claim.version,
            user=users["annotator"],
        )
