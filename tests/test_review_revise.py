"""A reviewer revises their own review until an editor rules on the claim: through the service
(audited, the claim's status worked out again, stale versions refused), through the API's PATCH
with a version or If-Match, and undone back to what the review said before."""

import pytest

from annotations.models import Review
from annotations.services.reviews import review_revise
from annotations.services.undo import change_undo, undoable_recent
from provenance.errors import ConflictError, DomainError, NotAllowed
from provenance.models import ChangeRecord
from provenance.services.claims import claim_reject
from tests.review_support import FLOOD_STORY, claims_of, post_review, review_as, rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(ingest, users):
    return claims_of(ingest(FLOOD_STORY))[0]


def revise(given: Review, user, **values) -> Review:
    given.claim.refresh_from_db()
    return review_revise(review=given, user=user, version=given.claim.version, **values)


def records_of(given: Review) -> list[ChangeRecord]:
    return list(
        ChangeRecord.objects.filter(object_type="review", object_id=given.pk).order_by("pk")
    )


# The service


def test_a_revision_changes_the_review_records_both_states_and_moves_the_claim(claim, users):
    review_as(claim, users["reviewer"])
    second = review_as(claim, users["reviewer2"], note="wire copy")
    claim.refresh_from_db()
    assert claim.status == "verified"
    revised = revise(second, users["reviewer2"], verdict="refuted", confidence=0.4)
    stored = Review.objects.get(pk=second.pk)
    assert (stored.verdict, stored.confidence, stored.note) == ("refuted", 0.4, "wire copy")
    assert revised.verdict == "refuted"
    # The two reviews now disagree: the claim goes to adjudication.
    claim.refresh_from_db()
    assert (claim.status, claim.verdict, claim.confidence) == ("disputed", None, None)
    record = records_of(second)[-1]
    assert record.action == "revise" and record.actor == users["reviewer2"]
    assert (record.before["verdict"], record.before["confidence"]) == ("supported", 0.8)
    assert (record.after["verdict"], record.after["confidence"]) == ("refuted", 0.4)
    status = ChangeRecord.objects.filter(object_type="claim", object_id=claim.pk).latest("pk")
    assert (status.action, status.after["status"]) == ("review_revised", "disputed")


def test_a_revision_of_the_note_alone_keeps_the_rest(claim, users):
    given = review_as(claim, users["reviewer"], evidence=["https://example.org/a"])
    revise(given, users["reviewer"], note="agency bulletin checked")
    stored = Review.objects.get(pk=given.pk)
    assert (stored.verdict, stored.confidence, stored.evidence) == (
        "supported",
        0.8,
        ["https://example.org/a"],
    )
    assert stored.note == "agency bulletin checked"


def test_a_revision_that_changes_nothing_is_refused_and_records_nothing(claim, users):
    given = review_as(claim, users["reviewer"])
    before = len(records_of(given))
    with pytest.raises(DomainError, match="already says this"):
        revise(given, users["reviewer"], verdict="supported", confidence=0.8)
    assert len(records_of(given)) == before


def test_a_stale_revision_is_a_conflict_and_changes_nothing(claim, users):
    given = review_as(claim, users["reviewer"])
    claim.refresh_from_db()
    seen = claim.version
    review_as(claim, users["reviewer2"], verdict="refuted")  # the claim moved on meanwhile
    with pytest.raises(ConflictError, match="changed by someone else"):
        review_revise(review=given, user=users["reviewer"], version=seen, verdict="misleading")
    assert Review.objects.get(pk=given.pk).verdict == "supported"
    assert [record.action for record in records_of(given)] == ["create"]


def test_a_revision_is_refused_once_an_editor_has_ruled(claim, users):
    given = review_as(claim, users["reviewer"])
    rule(claim, users["editor"], "refuted")
    with pytest.raises(DomainError, match="adjudicated by an editor"):
        revise(given, users["reviewer"], verdict="refuted")
    assert Review.objects.get(pk=given.pk).verdict == "supported"


def test_a_revision_is_refused_once_the_claim_is_rejected(claim, users):
    given = review_as(claim, users["reviewer"])
    claim.refresh_from_db()
    claim_reject(claim=claim, version=claim.version, user=users["editor"])
    with pytest.raises(DomainError, match="rejected by an editor"):
        revise(given, users["reviewer"], verdict="refuted")


def test_only_its_reviewer_revises_a_review_and_only_with_the_role(claim, users, project):
    from provenance.services.members import member_set_role

    given = review_as(claim, users["reviewer"])
    for other in ("reviewer2", "editor"):
        with pytest.raises(NotAllowed, match="Only the reviewer who gave a review can revise"):
            revise(given, users[other], verdict="refuted")
    member_set_role(project=project, user=users["reviewer"], role="annotator")
    with pytest.raises(NotAllowed, match="reviewer role"):
        revise(given, users["reviewer"], verdict="refuted")
    assert Review.objects.get(pk=given.pk).verdict == "supported"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"verdict": "true-ish"}, "verdict must be one of"),
        ({"confidence": 1.5}, "confidence must be between"),
        ({"evidence": ["https://example.org/x"] * 21}, "At most 20 evidence links"),
    ],
)
def test_a_revision_with_bad_values_is_refused(claim, users, values, message):
    given = review_as(claim, users["reviewer"])
    with pytest.raises(DomainError, match=message):
        revise(given, users["reviewer"], **values)
    assert Review.objects.get(pk=given.pk).verdict == "supported"


# Undo


def test_undo_a_revision_gives_back_what_the_review_said(claim, users):
    reviewer = users["reviewer"]
    review_as(claim, users["reviewer2"])
    given = review_as(claim, reviewer, note="first look")
    revise(given, reviewer, verdict="misleading", confidence=0.3, note="second look")
    claim.refresh_from_db()
    assert claim.status == "disputed"
    record = records_of(given)[-1]
    assert record in undoable_recent(user=reviewer)
    undone = change_undo(record=record, user=reviewer)
    assert "back to supported (0.80)" in undone.message
    stored = Review.objects.get(pk=given.pk)
    assert (stored.verdict, stored.confidence, stored.note) == ("supported", 0.8, "first look")
    claim.refresh_from_db()
    assert (claim.status, claim.verdict) == ("verified", "supported")
    undoing = list(record.undone_by.order_by("pk"))
    assert [change.action for change in undoing] == ["revise", "review_revised"]
    assert undoing[0].after["verdict"] == "supported"


def test_undo_a_revision_after_the_claim_moved_on_is_refused(claim, users):
    given = review_as(claim, users["reviewer"])
    revise(given, users["reviewer"], verdict="refuted")
    record = records_of(given)[-1]
    review_as(claim, users["reviewer2"])
    with pytest.raises(ConflictError, match="changed since by reviewer2"):
        change_undo(record=record, user=users["reviewer"])
    assert Review.objects.get(pk=given.pk).verdict == "refuted"


def test_undo_a_review_after_its_revision_is_refused_naming_the_revision(claim, users):
    given = review_as(claim, users["reviewer"])
    created = records_of(given)[0]
    revise(given, users["reviewer"], verdict="refuted")
    with pytest.raises(ConflictError, match="changed since by you \\(review revised"):
        change_undo(record=created, user=users["reviewer"])
    assert Review.objects.filter(pk=given.pk).exists()


# The API


def patch(client, review_id: int, body: dict, **headers):
    return client.patch(f"/api/v1/reviews/{review_id}/", body, format="json", **headers)


def test_api_revises_with_if_match_and_answers_the_claim_and_its_etag(api_client_for, users, claim):
    client = api_client_for(users["reviewer"])
    created = post_review(client, claim, "supported", 0.8, note="wire")
    assert created.status_code == 201
    review_id, etag = created.json()["review"]["id"], created["ETag"]
    answer = patch(client, review_id, {"confidence": 0.55}, HTTP_IF_MATCH=etag)
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert (body["review"]["verdict"], body["review"]["confidence"]) == ("supported", 0.55)
    assert body["review"]["note"] == "wire"
    claim.refresh_from_db()
    assert answer["ETag"] == f'"{claim.version}"' == f'"{body["claim"]["version"]}"'
    # The old ETag is stale now: the same request again is a conflict with the current claim.
    stale = patch(client, review_id, {"verdict": "refuted"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 409
    assert stale.json()["current"]["version"] == claim.version
    assert Review.objects.get(pk=review_id).verdict == "supported"


def test_api_revision_needs_a_version(api_client_for, users, claim):
    client = api_client_for(users["reviewer"])
    review_id = post_review(client, claim, "supported", 0.8).json()["review"]["id"]
    answer = patch(client, review_id, {"verdict": "refuted"})
    assert answer.status_code == 400 and "version" in answer.json()["message"]


def test_api_refuses_bad_values_with_400(api_client_for, users, claim):
    client = api_client_for(users["reviewer"])
    created = post_review(client, claim, "supported", 0.8)
    review_id, etag = created.json()["review"]["id"], created["ETag"]
    for body in ({"verdict": "maybe"}, {"confidence": 2}, {"evidence": ["not a link"]}):
        answer = patch(client, review_id, body, HTTP_IF_MATCH=etag)
        assert answer.status_code == 400, body
        assert answer.json()["message"]
    same = patch(client, review_id, {"verdict": "supported"}, HTTP_IF_MATCH=etag)
    assert same.status_code == 400 and "already says this" in same.json()["message"]


def test_api_revision_after_adjudication_is_refused(api_client_for, users, claim):
    client = api_client_for(users["reviewer"])
    review_id = post_review(client, claim, "supported", 0.8).json()["review"]["id"]
    claim.refresh_from_db()
    ruling = api_client_for(users["editor"]).post(
        f"/api/v1/claims/{claim.pk}/adjudication/",
        {"verdict": "refuted", "confidence": 0.9, "version": claim.version},
        format="json",
    )
    assert ruling.status_code == 201
    claim.refresh_from_db()
    answer = patch(client, review_id, {"verdict": "refuted", "version": claim.version})
    assert answer.status_code == 400
    assert "adjudicated by an editor" in answer.json()["message"]


@pytest.mark.parametrize(
    ("who", "code"), [("reviewer2", 403), ("annotator", 403), ("outsider", 404)]
)
def test_api_only_its_reviewer_revises(api_client_for, users, claim, who, code):
    review_id = post_review(api_client_for(users["reviewer"]), claim, "supported", 0.8).json()[
        "review"
    ]["id"]
    claim.refresh_from_db()
    answer = patch(
        api_client_for(users[who]), review_id, {"verdict": "refuted", "version": claim.version}
    )
    assert answer.status_code == code
    assert Review.objects.get(pk=review_id).verdict == "supported"
    assert patch(api_client_for(), review_id, {"verdict": "refuted"}).status_code in (401, 403)


def test_api_undo_of_a_revision(api_client_for, users, claim):
    client = api_client_for(users["reviewer"])
    created = post_review(client, claim, "supported", 0.8)
    review_id = created.json()["review"]["id"]
    patch(client, review_id, {"verdict": "refuted"}, HTTP_IF_MATCH=created["ETag"])
    recent = client.get("/api/v1/changes/recent/").json()
    revision = next(change for change in recent if change["action"] == "revise")
    undone = client.post(f"/api/v1/changes/{revision['id']}/undo/")
    assert undone.status_code == 200, undone.json()
    assert Review.objects.get(pk=review_id).verdict == "supported"
