"""The reviewer queue: priority, exclusivity under concurrency, expiry, skip and release."""

import datetime as dt
import re
import threading
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from annotations.models import Lease
from annotations.services.queue import queue_next
from provenance.models import Claim, Flag
from tests.review_support import FLOOD_STORY, claims_of, post_review

pytestmark = pytest.mark.django_db

NEXT = "/api/v1/queue/next/"


@pytest.fixture
def claims(ingest, users):
    return claims_of(ingest(FLOOD_STORY))


@pytest.fixture
def many_leases(settings):
    """For tests that hold the whole queue at once to see its order: no lease limit to speak
    of (tests/test_queue_lease_limit.py tests the limit)."""
    settings.REVIEW_LEASE_LIMIT = 1000


def lease_all(client, **body) -> list[int]:
    """Lease claims until the queue answers 204; the claim ids in the order given."""
    taken = []
    while True:
        response = client.post(NEXT, body, format="json")
        if response.status_code == 204:
            return taken
        assert response.status_code == 200, response.json()
        taken.append(response.json()["claim"]["id"])


def test_next_answers_lease_and_claim_record(api_client_for, users, claims, project):
    response = api_client_for(users["reviewer"]).post(NEXT, {"project": project.name})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"lease", "claim"}
    assert body["lease"]["claim"] == body["claim"]["id"]
    assert body["lease"]["project"] == project.name
    assert {"text", "start", "end", "version", "attributions", "flags"} <= set(body["claim"])
    lease = Lease.objects.get(pk=body["lease"]["id"])
    assert lease.reviewer == users["reviewer"] and lease.expires_at > timezone.now()


def test_order_is_open_flags_then_checkworthiness_then_age(
    many_leases, api_client_for, users, ingest
):
    ingest(FLOOD_STORY, publisher="Daily Courier")
    ingest(
        "Floodwaters cut off 40 villages in the northern province on Monday, a provincial "
        "official told the Evening Star.\nThe governor said rescue boats reached every village.\n",
        publisher="Evening Star",
        origin="second.txt",
    )
    flagged = {f.claim_a_id for f in Flag.objects.filter(status="open")}
    flagged |= {f.claim_b_id for f in Flag.objects.filter(status="open")}
    assert flagged, "the two articles disagree on the number of villages"
    taken = lease_all(api_client_for(users["reviewer"]))
    by_id = Claim.objects.in_bulk(taken)
    keys = [
        (pk not in flagged, -by_id[pk].checkworthiness, by_id[pk].created_at, pk) for pk in taken
    ]
    assert keys == sorted(keys)
    assert set(taken) == set(Claim.objects.values_list("pk", flat=True))


def test_never_offered_to_someone_who_reviewed_it(many_leases, api_client_for, users, claims):
    client = api_client_for(users["reviewer"])
    first = client.post(NEXT).json()["claim"]["id"]
    reviewed = next(c for c in claims if c.pk == first)
    assert post_review(client, reviewed, "supported", 0.7).status_code == 201
    assert not Lease.objects.filter(claim=reviewed).exists()  # the review ended the lease
    assert reviewed.pk not in lease_all(client)
    assert reviewed.pk in lease_all(api_client_for(users["reviewer2"]))


def test_an_expired_lease_goes_to_the_next_reviewer(
    many_leases, api_client_for, users, claims, monkeypatch
):
    first = api_client_for(users["reviewer"])
    held = lease_all(first)
    assert sorted(held) == sorted(c.pk for c in claims)
    second = api_client_for(users["reviewer2"])
    assert second.post(NEXT).status_code == 204
    later = timezone.now() + dt.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert sorted(lease_all(second)) == sorted(held)
    assert first.get("/api/v1/queue/leases/").json() == []


def test_release_returns_the_claim_and_skip_hides_it_for_good(
    many_leases, api_client_for, users, claims
):
    client = api_client_for(users["reviewer"])
    lease = client.post(NEXT).json()["lease"]
    assert client.post(f"/api/v1/queue/leases/{lease['id']}/release/").status_code == 204
    again = client.post(NEXT).json()["lease"]
    assert again["claim"] == lease["claim"]
    assert client.post(f"/api/v1/queue/leases/{again['id']}/skip/").status_code == 204
    assert lease["claim"] not in lease_all(client)
    assert lease["claim"] in lease_all(api_client_for(users["reviewer2"]))


def test_only_the_holder_ends_a_lease(api_client_for, users, claims):
    lease = api_client_for(users["reviewer"]).post(NEXT).json()["lease"]
    other = api_client_for(users["reviewer2"])
    for action in ("release", "skip"):
        assert other.post(f"/api/v1/queue/leases/{lease['id']}/{action}/").status_code == 404
    assert Lease.objects.filter(pk=lease["id"]).exists()


def test_nothing_left_answers_204(api_client_for, users, project):
    response = api_client_for(users["reviewer"]).post(NEXT, {"project": project.name})
    assert response.status_code == 204 and not response.content


@pytest.mark.django_db(transaction=True)
def test_twenty_threads_of_two_reviewers_never_share_a_claim(many_leases, users, claims, project):
    """Everyone calls at once until the queue is empty: every claim is leased exactly once."""
    callers = [users["reviewer"], users["reviewer2"]] * 10
    start = threading.Barrier(len(callers))
    taken: list[tuple[str, int]] = []
    errors: list[BaseException] = []
    guard = threading.Lock()

    def work(user) -> None:
        try:
            start.wait()
            while (lease := queue_next(user=user, projects=[project])) is not None:
                with guard:
                    taken.append((user.username, lease.claim_id))
        except BaseException as error:  # reported to the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(user,)) for user in callers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    counts = Counter(claim_id for _, claim_id in taken)
    assert counts and max(counts.values()) == 1, counts
    assert set(counts) == {c.pk for c in claims}
    holders = dict(Lease.objects.values_list("claim_id", "reviewer__username"))
    assert holders == {claim_id: name for name, claim_id in taken}


def test_queue_page_reviews_without_reloading_and_serves_the_next(client, users, claims):
    client.force_login(users["reviewer"])
    page = client.get("/queue/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "js/queue.js" in html and "<kbd>1</kbd>" in html and "release" in html
    lease = Lease.objects.get(reviewer=users["reviewer"])
    claim = lease.claim
    panel = client.post(
        "/queue/act/",
        {
            "action": "review",
            "lease": lease.pk,
            "claim": claim.pk,
            "version": claim.version,
            "verdict": "unverifiable",
            "confidence": "0.4",
            "note": "no second source",
            "evidence": "https://example.org/a\nhttps://example.org/b",
        },
        HTTP_X_QUEUE_FRAGMENT="1",
    )
    assert panel.status_code == 200
    fragment = panel.content.decode()
    assert "<html" not in fragment and "queue-form" in fragment
    review = claim.reviews.get()
    assert (review.verdict, review.confidence) == ("unverifiable", 0.4)
    assert review.evidence == ["https://example.org/a", "https://example.org/b"]
    following = Lease.objects.get(reviewer=users["reviewer"])
    assert following.claim_id != claim.pk and f'value="{following.claim_id}"' in fragment


def test_queue_page_shows_a_conflict_and_keeps_the_claim(client, users, claims, api_client_for):
    client.force_login(users["reviewer"])
    client.get("/queue/")
    lease = Lease.objects.get(reviewer=users["reviewer"])
    seen_version = lease.claim.version
    api_client_for(users["editor"]).patch(
        f"/api/v1/claims/{lease.claim_id}/",
        {"start": lease.claim.start, "end": lease.claim.end - 1, "version": seen_version},
        format="json",
    )
    response = client.post(
        "/queue/act/",
        {
            "action": "review",
            "lease": lease.pk,
            "claim": lease.claim_id,
            "version": seen_version,
            "verdict": "supported",
            "confidence": "0.9",
            "note": "Matches the <b>ministry</b> figures",
            "evidence": "https://example.org/a",
        },
        HTTP_X_QUEUE_FRAGMENT="1",
    )
    assert response.status_code == 409
    panel = response.content.decode()
    assert "changed by someone else" in panel
    assert f'name="version" value="{seen_version + 1}"' in panel
    assert not lease.claim.reviews.exists()
    # What the reviewer entered is filled in again (as text), to send once they have looked.
    assert re.search(r'value="supported" data-key="1" required checked>', panel)
    assert 'step="0.05" value="0.90">' in panel
    assert ">Matches the &lt;b&gt;ministry&lt;/b&gt; figures</textarea>" in panel
    assert ">https://example.org/a</textarea>" in panel


def test_queue_actions_work_without_script(client, users, claims):
    client.force_login(users["reviewer"])
    client.get("/queue/")
    lease = Lease.objects.get(reviewer=users["reviewer"])
    response = client.post("/queue/act/", {"action": "skip", "lease": lease.pk})
    assert response.status_code == 302 and response["Location"] == "/queue/"
    assert not Lease.objects.filter(pk=lease.pk).exists()


def test_rejecting_or_reshaping_a_leased_claim_ends_its_lease(api_client_for, users, claims):
    """provenance's claim services end annotations' leases through ``claims_released``."""
    from provenance.services.claims import claim_reject, claim_trim

    client = api_client_for(users["reviewer"])
    rejected = client.post(NEXT, {}, format="json").json()["claim"]
    Lease.objects.filter(reviewer=users["reviewer"]).update(reviewer=users["reviewer2"])
    trimmed = client.post(NEXT, {}, format="json").json()["claim"]
    assert Lease.objects.filter(claim_id__in=[rejected["id"], trimmed["id"]]).count() == 2

    claim_reject(
        claim=Claim.objects.get(pk=rejected["id"]),
        version=rejected["version"],
        user=users["editor"],
    )
    assert not Lease.objects.filter(claim_id=rejected["id"]).exists()
    claim_trim(
        claim=Claim.objects.get(pk=trimmed["id"]),
        start=trimmed["start"],
        end=trimmed["end"] - 1,
        version=trimmed["version"],
        user=users["annotator"],
    )
    assert not Lease.objects.filter(claim_id=trimmed["id"]).exists()
