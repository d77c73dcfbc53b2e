"""Editors correct a claim's span or reject it; every write carries the version it saw."""

import pytest

from provenance.models import ChangeRecord
from tests.review_support import FLOOD_STORY, claims_of, post_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(ingest, users):
    return claims_of(ingest(FLOOD_STORY))[1]


def url_of(claim) -> str:
    return f"/api/v1/claims/{claim.pk}/"


def test_get_gives_the_version_as_etag(api_client_for, users, claim):
    response = api_client_for(users["annotator"]).get(url_of(claim))
    assert response.status_code == 200
    assert response["ETag"] == f'"{claim.version}"' == f'"{response.json()["version"]}"'


def test_editor_corrects_a_span_and_the_text_follows(api_client_for, users, claim):
    client = api_client_for(users["editor"])
    etag = client.get(url_of(claim))["ETag"]
    start, end = claim.start, claim.text.index(",") + claim.start
    response = client.patch(url_of(claim), {"start": start, "end": end}, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.json()
    body = claim.article.body
    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.text) == (start, end, body[start:end])
    assert response.json()["text"] == body[start:end]
    assert response["ETag"] == f'"{claim.version}"'
    change = ChangeRecord.objects.get(claim=claim, action="correct_span")
    assert change.actor == users["editor"]
    assert change.before["end"] > change.after["end"] == end


def test_a_stale_edit_gets_409_and_loses_nothing(api_client_for, users, claim):
    first, second = api_client_for(users["editor"]), api_client_for(users["editor"])
    seen = claim.version
    trimmed = claim.end - 1
    ok = first.patch(url_of(claim), {"start": claim.start, "end": trimmed, "version": seen})
    assert ok.status_code == 200
    stale = second.patch(url_of(claim), {"status": "rejected", "version": seen})
    assert stale.status_code == 409
    current = stale.json()["current"]
    assert current["end"] == trimmed and current["status"] == "unreviewed"
    assert current["version"] == seen + 1
    claim.refresh_from_db()
    assert (claim.end, claim.status, claim.version) == (trimmed, "unreviewed", seen + 1)
    retried = second.patch(url_of(claim), {"status": "rejected", "version": current["version"]})
    assert retried.status_code == 200 and retried.json()["status"] == "rejected"


def test_rejected_claim_leaves_the_queue_and_takes_no_reviews(
    api_client_for, users, claim, settings
):
    settings.REVIEW_LEASE_LIMIT = 1000  # hold the whole queue to see the claim is not in it
    editor = api_client_for(users["editor"])
    editor.patch(url_of(claim), {"status": "rejected", "version": claim.version})
    claim.refresh_from_db()
    assert (claim.status, claim.verdict) == ("rejected", None)
    reviewer = api_client_for(users["reviewer"])
    assert post_review(reviewer, claim, "supported", 0.5).status_code == 400
    seen = set()
    while (response := reviewer.post("/api/v1/queue/next/", {}, format="json")).status_code == 200:
        seen.add(response.json()["claim"]["id"])
    assert seen and claim.pk not in seen


@pytest.mark.parametrize(
    ("body", "headers", "needle"),
    [
        ({"start": 0, "end": 10**7}, {}, "start and end"),
        ({"start": 5, "end": 5}, {}, "start and end"),
        ({"start": 0}, {}, "both start and end"),
        ({"start": 0, "end": 5, "status": "rejected"}, {}, "not both"),
        ({"status": "verified"}, {}, "status"),
        ({"status": "rejected", "version": None}, {"HTTP_IF_MATCH": "yesterday"}, "If-Match"),
        ({"status": "rejected", "version": None}, {}, "version"),
    ],
)
def test_bad_edits_are_refused_with_a_message(api_client_for, users, claim, body, headers, needle):
    body = {"version": claim.version, **body}
    if body["version"] is None:
        del body["version"]
    response = api_client_for(users["editor"]).patch(url_of(claim), body, **headers)
    assert response.status_code == 400, response.json()
    assert needle in response.json()["message"]
    before = claim.version
    claim.refresh_from_db()
    assert claim.version == before


def test_span_onto_another_claims_span_is_refused(api_client_for, users, claim):
    other = claim.article.claims.exclude(pk=claim.pk).first()
    response = api_client_for(users["editor"]).patch(
        url_of(claim), {"start": other.start, "end": other.end, "version": claim.version}
    )
    assert response.status_code == 400 and "already has" in response.json()["message"]


def test_put_is_not_offered(api_client_for, users, claim):
    response = api_client_for(users["editor"]).put(url_of(claim), {"version": claim.version})
    assert response.status_code == 405
