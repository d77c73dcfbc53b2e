"""POST /api/v1/changes/<id>/undo/: 200 with the claim as it is now, 409 when it can no longer
be undone (with why), 403 for another person's change, 404 outside one's projects."""

import pytest

from provenance.models import ChangeRecord
from tests.review_support import FLOOD_STORY, claims_of, post_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(ingest, users):
    return claims_of(ingest(FLOOD_STORY))[0]


def reviewed_by(api_client_for, user, claim, verdict="supported") -> int:
    """Review through the API; answers the change record id of the review."""
    response = post_review(api_client_for(user), claim, verdict, 0.8)
    assert response.status_code == 201, response.json()
    review_id = response.json()["review"]["id"]
    return ChangeRecord.objects.get(object_type="review", object_id=review_id, action="create").pk


def undo(client, change_id):
    return client.post(f"/api/v1/changes/{change_id}/undo/", format="json")


def test_undo_answers_the_claim_back_in_review_and_a_second_undo_409(api_client_for, users, claim):
    client = api_client_for(users["reviewer"])
    change = reviewed_by(api_client_for, users["reviewer"], claim)
    recent = client.get("/api/v1/changes/recent/").json()
    assert [row["id"] for row in recent] == [change]
    response = undo(client, change)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["undone"] == change and "withdrawn" in body["message"]
    assert (body["claim"]["id"], body["claim"]["status"]) == (claim.pk, "unreviewed")
    assert client.get("/api/v1/changes/recent/").json() == []
    again = undo(client, change)
    assert again.status_code == 409
    assert again.json()["error"] == "conflict" and "undone already" in again.json()["message"]


def test_undo_after_someone_elses_review_is_409_naming_them(api_client_for, users, claim):
    change = reviewed_by(api_client_for, users["reviewer"], claim)
    reviewed_by(api_client_for, users["reviewer2"], claim, verdict="refuted")
    response = undo(api_client_for(users["reviewer"]), change)
    assert response.status_code == 409
    assert "reviewer2" in response.json()["message"]
    assert response.json()["current"]["changed_by"]


@pytest.mark.parametrize(("who", "code"), [("reviewer2", 403), ("editor", 403), ("outsider", 404)])
def test_undo_of_another_persons_change_is_refused(api_client_for, users, claim, who, code):
    change = reviewed_by(api_client_for, users["reviewer"], claim)
    response = undo(api_client_for(users[who]), change)
    assert response.status_code == code
    assert response.json()["message"]
    assert ChangeRecord.objects.get(pk=change).undone_by.count() == 0


def test_anonymous_callers_undo_nothing(api_client_for, users, claim):
    change = reviewed_by(api_client_for, users["reviewer"], claim)
    assert undo(api_client_for(), change).status_code in (401, 403)
    assert undo(api_client_for(users["reviewer"]), 10**9).status_code == 404
