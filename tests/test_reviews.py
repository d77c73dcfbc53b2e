"""Reviews move a claim through in review to verified or disputed; editors adjudicate."""

import pytest

from annotations.models import Review
from annotations.services.reviews import review_outcome
from provenance.models import ChangeRecord
from tests.review_support import FLOOD_STORY, claims_of, post_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(ingest, users):
    return claims_of(ingest(FLOOD_STORY, publisher="Daily Courier"))[0]


def test_two_agreeing_reviews_verify_with_their_mean_confidence(api_client_for, users, claim):
    first = post_review(api_client_for(users["reviewer"]), claim, "supported", 0.9, note="wire")
    assert first.status_code == 201, first.json()
    assert first.json()["claim"]["status"] == "in_review"
    assert first.json()["claim"]["verdict"] is None
    second = post_review(
        api_client_for(users["reviewer2"]),
        claim,
        "supported",
        0.6,
        evidence=["https://example.org/agency-bulletin"],
    )
    assert second.status_code == 201, second.json()
    claim.refresh_from_db()
    assert (claim.status, claim.verdict) == ("verified", "supported")
    assert claim.confidence == pytest.approx(0.75)
    assert second["ETag"] == f'"{claim.version}"'
    stored = Review.objects.get(claim=claim, reviewer=users["reviewer2"])
    assert stored.evidence == ["https://example.org/agency-bulletin"]


def test_disagreeing_reviews_dispute_and_adjudication_resolves(api_client_for, users, claim):
    post_review(api_client_for(users["reviewer"]), claim, "supported", 0.8)
    post_review(api_client_for(users["reviewer2"]), claim, "refuted", 0.7)
    claim.refresh_from_db()
    assert (claim.status, claim.verdict, claim.confidence) == ("disputed", None, None)

    editor = api_client_for(users["editor"])
    queue = editor.get("/api/v1/adjudication/").json()
    assert [item["claim"]["id"] for item in queue] == [claim.pk]
    assert sorted(r["verdict"] for r in queue[0]["reviews"]) == ["refuted", "supported"]

    ruling = editor.post(
        f"/api/v1/claims/{claim.pk}/adjudication/",
        {"verdict": "misleading", "confidence": 0.65, "note": "true number, wrong date"},
        format="json",
        HTTP_IF_MATCH=f'"{claim.version}"',
    )
    assert ruling.status_code == 201, ruling.json()
    claim.refresh_from_db()
    assert (claim.status, claim.verdict, claim.confidence) == ("verified", "misleading", 0.65)
    assert editor.get("/api/v1/adjudication/").json() == []


def test_a_disputed_claim_takes_no_third_review(api_client_for, users, claim):
    post_review(api_client_for(users["reviewer"]), claim, "supported", 0.8)
    post_review(api_client_for(users["reviewer2"]), claim, "refuted", 0.7)
    third = post_review(api_client_for(users["editor"]), claim, "supported", 0.9)
    assert third.status_code == 400
    assert "disputed" in third.json()["message"]


def test_a_reviewer_reviews_a_claim_once(api_client_for, users, claim):
    client = api_client_for(users["reviewer"])
    assert post_review(client, claim, "supported", 0.8).status_code == 201
    again = post_review(client, claim, "refuted", 0.8)
    assert again.status_code == 400 and "already reviewed" in again.json()["message"]
    assert Review.objects.filter(claim=claim).count() == 1


def test_review_of_a_stale_version_gets_409_and_changes_nothing(api_client_for, users, claim):
    stale_version = claim.version
    post_review(api_client_for(users["reviewer"]), claim, "supported", 0.8)
    late = api_client_for(users["reviewer2"]).post(
        f"/api/v1/claims/{claim.pk}/reviews/",
        {"verdict": "refuted", "confidence": 0.4, "version": stale_version},
        format="json",
    )
    assert late.status_code == 409
    current = late.json()["current"]
    assert current["status"] == "in_review" and current["version"] == stale_version + 1
    assert Review.objects.filter(claim=claim).count() == 1


def test_review_without_a_version_is_refused(api_client_for, users, claim):
    response = api_client_for(users["reviewer"]).post(
        f"/api/v1/claims/{claim.pk}/reviews/",
        {"verdict": "supported", "confidence": 0.5},
        format="json",
    )
    assert response.status_code == 400 and "version" in response.json()["message"]


@pytest.mark.parametrize(
    "body",
    [
        {"verdict": "true", "confidence": 0.5},
        {"verdict": "supported", "confidence": 1.5},
        {"verdict": "supported", "confidence": 0.5, "evidence": ["not a link"]},
    ],
)
def test_bad_reviews_are_refused_with_a_message(api_client_for, users, claim, body):
    response = api_client_for(users["reviewer"]).post(
        f"/api/v1/claims/{claim.pk}/reviews/", {**body, "version": claim.version}, format="json"
    )
    assert response.status_code == 400 and response.json()["message"]
    assert not Review.objects.filter(claim=claim).exists()


def test_others_reviews_stay_hidden_until_you_have_reviewed(api_client_for, users, claim):
    post_review(api_client_for(users["reviewer"]), claim, "supported", 0.8)
    second = api_client_for(users["reviewer2"])
    url = f"/api/v1/claims/{claim.pk}/reviews/"
    assert second.get(url).status_code == 403
    assert api_client_for(users["editor"]).get(url).status_code == 200
    post_review(second, claim, "supported", 0.7)
    assert [r["reviewer"] for r in second.get(url).json()] == ["reviewer", "reviewer2"]


def test_every_change_is_in_the_history_with_who_and_before_after(api_client_for, users, claim):
    post_review(api_client_for(users["reviewer"]), claim, "supported", 0.8)
    post_review(api_client_for(users["reviewer2"]), claim, "refuted", 0.7)
    claim.refresh_from_db()
    api_client_for(users["editor"]).post(
        f"/api/v1/claims/{claim.pk}/adjudication/",
        {"verdict": "refuted", "confidence": 0.9, "version": claim.version},
        format="json",
    )
    records = list(ChangeRecord.objects.filter(claim=claim).order_by("id"))
    summary = [(r.object_type, r.action, r.actor.username) for r in records]
    assert summary == [
        ("review", "create", "reviewer"),
        ("claim", "review_in_review", "reviewer"),
        ("review", "create", "reviewer2"),
        ("claim", "review_disputed", "reviewer2"),
        ("adjudication", "create", "editor"),
        ("claim", "adjudicate", "editor"),
    ]
    last = records[-1]
    assert last.before["status"] == "disputed" and last.after["status"] == "verified"
    assert last.after["verdict"] == "refuted" and records[2].after["verdict"] == "refuted"


def test_claim_page_shows_the_history(client, api_client_for, users, claim):
    post_review(api_client_for(users["reviewer"]), claim, "supported", 0.8)
    client.force_login(users["editor"])
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "review_in_review" in page and "reviewer" in page and "History" in page


class _Review:
    def __init__(self, verdict: str, confidence: float) -> None:
        self.verdict, self.confidence = verdict, confidence


@pytest.mark.parametrize(
    ("reviews", "required", "expected"),
    [
        ([], 2, ("unreviewed", None, None)),
        ([("supported", 0.8)], 2, ("in_review", None, None)),
        ([("supported", 0.8)], 1, ("verified", "supported", 0.8)),
        ([("refuted", 0.8), ("refuted", 0.4)], 2, ("verified", "refuted", 0.6)),
        ([("refuted", 0.8), ("misleading", 0.4)], 2, ("disputed", None, None)),
        ([("refuted", 0.8), ("refuted", 0.4)], 3, ("in_review", None, None)),
    ],
)
def test_review_outcome(reviews, required, expected):
    outcome = review_outcome(reviews=[_Review(*r) for r in reviews], required=required)
    assert (outcome.status, outcome.verdict) == expected[:2]
    assert outcome.confidence == pytest.approx(expected[2])
