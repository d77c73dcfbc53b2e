"""A reviewer holds at most REVIEW_LEASE_LIMIT claims from the queue: asking again returns the
lease already held, so no one can lock the queue for others by asking over and over."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from annotations.models import Lease
from annotations.services.queue import queue_next
from provenance.services.members import member_set_role
from tests.review_support import FLOOD_STORY, claims_of, post_review

pytestmark = pytest.mark.django_db

NEXT = "/api/v1/queue/next/"


@pytest.fixture
def claims(ingest, users):
    return claims_of(ingest(FLOOD_STORY))


def test_asking_again_returns_the_lease_already_held(api_client_for, users, claims):
    client = api_client_for(users["reviewer"])
    first = client.post(NEXT).json()
    for _ in range(3):
        again = client.post(NEXT)
        assert again.status_code == 200
        assert again.json()["lease"]["id"] == first["lease"]["id"]
    assert Lease.objects.filter(reviewer=users["reviewer"]).count() == 1
    # Others are not held up: the next reviewer gets another claim.
    other = api_client_for(users["reviewer2"]).post(NEXT).json()
    assert other["claim"]["id"] != first["claim"]["id"]


def test_a_new_claim_once_the_held_one_is_reviewed_released_or_expired(
    api_client_for, users, claims
):
    client = api_client_for(users["reviewer"])
    lease = client.post(NEXT).json()
    claim = next(c for c in claims if c.pk == lease["claim"]["id"])
    assert post_review(client, claim, "supported", 0.7).status_code == 201
    second = client.post(NEXT).json()
    assert second["claim"]["id"] != claim.pk
    client.post(f"/api/v1/queue/leases/{second['lease']['id']}/release/")
    assert not Lease.objects.filter(pk=second["lease"]["id"]).exists()
    third = client.post(NEXT)
    assert third.status_code == 200  # released, so not held: a lease again (maybe that claim)
    Lease.objects.filter(pk=third.json()["lease"]["id"]).update(
        leased_at=timezone.now() - dt.timedelta(hours=2),
        expires_at=timezone.now() - dt.timedelta(hours=1),
    )
    fourth = client.post(NEXT)
    assert fourth.status_code == 200  # the expired lease no longer counts
    held = Lease.objects.filter(reviewer=users["reviewer"], expires_at__gt=timezone.now())
    assert [lease.pk for lease in held] == [fourth.json()["lease"]["id"]]


def test_the_limit_is_a_setting(api_client_for, users, claims, settings):
    settings.REVIEW_LEASE_LIMIT = 3
    client = api_client_for(users["reviewer"])
    leases = [client.post(NEXT).json()["lease"]["id"] for _ in range(5)]
    assert len(set(leases[:3])) == 3
    assert leases[3:] == [leases[0], leases[0]]  # the oldest held, again
    assert Lease.objects.filter(reviewer=users["reviewer"]).count() == 3


def test_at_the_limit_in_another_project_the_answer_says_so(
    api_client_for, users, claims, ingest, other_project
):
    member_set_role(project=other_project, user=users["reviewer"], role="reviewer")
    ingest(FLOOD_STORY, target=other_project, origin="other.txt")
    client = api_client_for(users["reviewer"])
    assert client.post(NEXT, {"project": "Dam story"}).status_code == 200
    response = client.post(NEXT, {"project": other_project.name})
    assert response.status_code == 400
    assert "release" in response.json()["message"]
    assert Lease.objects.filter(reviewer=users["reviewer"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_ten_requests_of_one_reviewer_at_once_hold_one_lease(users, claims, project):
    start = threading.Barrier(10)
    answers: list[int] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            start.wait()
            answers.append(queue_next(user=users["reviewer"], projects=[project]).pk)
        except BaseException as error:  # reported to the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(answers) == 10 and len(set(answers)) == 1
    assert Lease.objects.filter(reviewer=users["reviewer"]).count() == 1
