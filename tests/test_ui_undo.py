"""Undo and revert on the pages: the Undo button beside each success message (queue, claim
panel, reader, flag triage), the "Recent actions" list, and "Revert to before this change" in
a claim's history."""

import re

import pytest

from annotations.models import Lease
from provenance.models import Attribution, ChangeRecord
from provenance.services.claims import claim_trim
from tests.review_support import FLOOD_STORY, claims_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(ingest, users):
    return claims_of(ingest(FLOOD_STORY))


def queue_review(client, user, **extra):
    client.force_login(user)
    client.get("/queue/")
    lease = Lease.objects.get(reviewer=user)
    body = {
        "action": "review",
        "lease": lease.pk,
        "claim": lease.claim_id,
        "version": lease.claim.version,
        "verdict": "refuted",
        "confidence": "0.8",
    }
    return lease.claim, client.post("/queue/act/", body, **extra)


def test_queue_review_offers_undo_and_undo_brings_the_claim_back(client, users, claims):
    reviewer = users["reviewer"]
    claim, response = queue_review(client, reviewer, HTTP_X_QUEUE_FRAGMENT="1")
    panel = response.content.decode()
    assert f"Review of claim {claim.pk} saved: refuted (0.80)." in panel
    change = ChangeRecord.objects.get(object_type="review", action="create")
    assert f'name="undo" value="{change.pk}"' in panel and 'value="undo"' in panel
    following = Lease.objects.get(reviewer=reviewer)
    assert following.claim_id != claim.pk
    response = client.post(
        "/queue/act/",
        {"action": "undo", "undo": change.pk, "lease": following.pk, "project": ""},
        HTTP_X_QUEUE_FRAGMENT="1",
    )
    panel = response.content.decode()
    assert response.status_code == 200
    assert "withdrawn" in panel and "Here it is again." in panel
    assert not claim.reviews.exists()
    assert Lease.objects.get(reviewer=reviewer).claim_id == claim.pk
    assert f'name="claim" value="{claim.pk}"' in panel
    # A second undo of the same change says why not, in the panel.
    again = client.post(
        "/queue/act/",
        {"action": "undo", "undo": change.pk, "project": ""},
        HTTP_X_QUEUE_FRAGMENT="1",
    )
    assert "undone already" in again.content.decode()


def test_queue_without_script_shows_the_undo_button_in_the_message(client, users, claims):
    claim, response = queue_review(client, users["reviewer"])
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    change = ChangeRecord.objects.get(object_type="review", action="create")
    assert f'action="/changes/{change.pk}/undo/"' in page
    undone = client.post(f"/changes/{change.pk}/undo/", {"next": "/queue/"}, follow=True)
    assert undone.redirect_chain[-1][0] == "/queue/"
    assert "is withdrawn" in undone.content.decode()
    assert not claim.reviews.exists()


def test_claim_panel_offers_undo_of_an_attribution_decision(client, users, claims):
    attribution = Attribution.objects.filter(claim__in=claims, status="suggested").first()
    client.force_login(users["annotator"])
    panel = client.post(
        f"/attributions/{attribution.pk}/change/",
        {"op": "rejected", "version": attribution.version},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    change = ChangeRecord.objects.get(object_type="attribution", object_id=attribution.pk)
    assert "Attribution rejected." in panel and f"/changes/{change.pk}/undo/" in panel
    panel = client.post(
        f"/changes/{change.pk}/undo/", {"panel": "claim"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f"Attribution {attribution.pk} is suggested again." in panel
    assert "<html" not in panel and "undoes change" in panel  # the history says so
    attribution.refresh_from_db()
    assert attribution.status == "suggested"


def test_reader_trim_message_offers_undo(client, users, claims):
    claim = claims[1]
    client.force_login(users["annotator"])
    response = client.post(
        f"/articles/{claim.article_id}/reshape/",
        {
            "op": "trim",
            "claim": claim.pk,
            "version": claim.version,
            "start": claim.start,
            "end": claim.end - 8,
        },
        follow=True,
    )
    change = ChangeRecord.objects.get(object_type="claim", object_id=claim.pk, action="trim")
    page = response.content.decode()
    assert "trimmed to the selection" in page and f"/changes/{change.pk}/undo/" in page


def test_recent_actions_lists_mine_only_and_undoes_from_there(client, users, claims):
    first = claims[1]
    claim_trim(
        claim=first, start=first.start, end=first.end - 8, version=1, user=users["annotator"]
    )
    other = claims[2]
    claim_trim(claim=other, start=other.start, end=other.end - 8, version=1, user=users["editor"])
    mine = ChangeRecord.objects.get(object_id=first.pk, action="trim")
    theirs = ChangeRecord.objects.get(object_id=other.pk, action="trim")
    client.force_login(users["annotator"])
    page = client.get("/changes/recent/").content.decode()
    assert f'id="recent-{mine.pk}"' in page and f'id="recent-{theirs.pk}"' not in page
    done = client.post(f"/changes/{mine.pk}/undo/", {"next": "/changes/recent/"}, follow=True)
    page = done.content.decode()
    assert "back on its old span" in page and f'id="recent-{mine.pk}"' not in page
    refused = client.post(f"/changes/{theirs.pk}/undo/", follow=True).content.decode()
    assert "only they can undo it" in refused


def test_undo_goes_back_only_to_this_site(client, users, claims):
    claim = claims[1]
    claim_trim(
        claim=claim, start=claim.start, end=claim.end - 8, version=1, user=users["annotator"]
    )
    change = ChangeRecord.objects.get(object_id=claim.pk, action="trim")
    client.force_login(users["annotator"])
    response = client.post(f"/changes/{change.pk}/undo/", {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/changes/recent/"


def test_history_offers_revert_to_reviewers_and_reverts(client, users, claims):
    claim = claims[1]
    old_end = claim.end
    claim_trim(
        claim=claim, start=claim.start, end=claim.end - 8, version=1, user=users["annotator"]
    )
    change = ChangeRecord.objects.get(object_id=claim.pk, action="trim")
    client.force_login(users["annotator"])
    assert "Revert to before this change" not in client.get(f"/claims/{claim.pk}/").content.decode()
    client.force_login(users["reviewer"])
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert re.search(rf'name="change" value="{change.pk}"', page)
    panel = client.post(
        f"/claims/{claim.pk}/revert/",
        {"change": change.pk, "version": 2},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert f"reverted to before change {change.pk}" in panel
    assert f"reverts to before change {change.pk}" in panel
    claim.refresh_from_db()
    assert (claim.end, claim.version) == (old_end, 3)
    stale = client.post(f"/claims/{claim.pk}/revert/", {"change": change.pk, "version": 2})
    assert stale.status_code == 302
    assert "changed by someone else" in client.get(stale["Location"]).content.decode()


def test_flag_triage_message_offers_undo(client, project, users):
    from tests.ui_support import build_desk

    flag = build_desk(project).flag
    client.force_login(users["reviewer"])
    page = client.post(
        f"/flags/{flag.pk}/decide/", {"status": "dismissed", "version": flag.version}, follow=True
    ).content.decode()
    change = ChangeRecord.objects.filter(object_type="flag", object_id=flag.pk).latest("pk")
    assert f"Flag {flag.pk} dismissed." in page and f"/changes/{change.pk}/undo/" in page
    client.post(f"/changes/{change.pk}/undo/")
    flag.refresh_from_db()
    assert flag.status == "open"


def test_a_correction_is_not_offered_as_an_earlier_decisions_undo(client, users, claims):
    attribution = Attribution.objects.filter(claim__in=claims, status="suggested").first()
    client.force_login(users["annotator"])
    client.post(
        f"/attributions/{attribution.pk}/change/",
        {"op": "confirmed", "version": attribution.version},
    )
    panel = client.post(
        f"/attributions/{attribution.pk}/change/",
        {
            "op": "edit",
            "version": attribution.version + 1,
            "hop_name": ["Red Crescent"],
            "hop_kind": ["ngo"],
        },
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Attribution corrected." in panel
    assert "/undo/" not in panel
