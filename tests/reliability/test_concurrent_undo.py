"""An undo racing another write on the same claim: exactly one of them wins, the other gets a
conflict, and the claim's status matches the reviews that are left."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from annotations.models import Review
from provenance.models import ChangeRecord, Claim
from tests.review_support import FLOOD_STORY, claims_of, post_review

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]


def race(calls: dict) -> dict[str, int]:
    """Run each named call (a client -> response) at the same moment; their status codes."""
    barrier = threading.Barrier(len(calls), timeout=30)
    answers: dict[str, int] = {}

    def run(name, call):
        barrier.wait()
        try:
            answers[name] = call().status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def client_of(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def reviewed(ingest, users):
    """A claim reviewed by ``reviewer``, and the change record of that review."""
    claim = claims_of(ingest(FLOOD_STORY))[0]
    assert post_review(client_of(users["reviewer"]), claim, "supported", 0.8).status_code == 201
    return claim, ChangeRecord.objects.get(object_type="review", action="create")


def test_two_undos_of_one_review_undo_it_once(users, reviewed):
    claim, change = reviewed
    url = f"/api/v1/changes/{change.pk}/undo/"
    first, second = client_of(users["reviewer"]), client_of(users["reviewer"])
    answers = race({"first": lambda: first.post(url), "second": lambda: second.post(url)})
    assert sorted(answers.values()) == [200, 409], answers
    assert not Review.objects.filter(claim=claim).exists()
    assert ChangeRecord.objects.filter(undo_of=change, action="withdraw").count() == 1


def test_an_undo_racing_another_review_leaves_one_consistent_outcome(users, reviewed):
    claim, change = reviewed
    claim.refresh_from_db()
    seen = claim.version
    undoer, other = client_of(users["reviewer"]), client_of(users["reviewer2"])
    answers = race(
        {
            "undo": lambda: undoer.post(f"/api/v1/changes/{change.pk}/undo/"),
            "review": lambda: other.post(
                f"/api/v1/claims/{claim.pk}/reviews/",
                {"verdict": "refuted", "confidence": 0.6, "version": seen},
                format="json",
            ),
        }
    )
    claim = Claim.objects.get(pk=claim.pk)
    reviewers = set(Review.objects.filter(claim=claim).values_list("reviewer__username", flat=True))
    if answers["undo"] == 200:
        assert answers["review"] == 409, answers
        assert (reviewers, claim.status) == (set(), "unreviewed")
    else:
        assert (answers["undo"], answers["review"]) == (409, 201), answers
        assert (reviewers, claim.status) == ({"reviewer", "reviewer2"}, "disputed")
