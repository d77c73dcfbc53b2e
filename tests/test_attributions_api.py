"""Reviewers attach, confirm, reject and correct attributions; suggestions stay apart."""

import pytest

from provenance.models import Attribution, ChangeRecord
from provenance.services.attributions import attributions_suggest
from provenance.text.types import ExtractedAttribution, Hop

pytestmark = pytest.mark.django_db

BODY = (
    "Officials put the death toll at 40, the interior minister told Reuters on Tuesday.\n"
    "Three aid workers were missing, according to the Red Cross.\n"
)


@pytest.fixture
def claim(ingest, users):
    article = ingest(BODY, publisher="Global News")
    return article.claims.order_by("start").first()


def suggestion_of(claim):
    return claim.attributions.get(origin="extracted")


def test_pipeline_suggests_a_chain_with_the_speaker_first(claim):
    suggestion = suggestion_of(claim)
    chain = list(suggestion.hops.order_by("position"))
    assert chain[0].role == "speaker" and chain[0].source.kind == "government"
    assert [h.source.name for h in chain[1:]] == ["Reuters"]
    assert chain[1].role == "relay" and chain[1].source.kind == "wire_agency"
    assert suggestion.created_by is None and suggestion.status == "suggested"


def test_reviewer_attaches_a_chain_recorded_as_theirs(api_client_for, users, claim):
    client = api_client_for(users["annotator"])
    response = client.post(
        f"/api/v1/claims/{claim.pk}/attributions/",
        {"chain": [{"name": "Ana Ruiz", "kind": "government"}, {"name": "AFP"}], "cue": "told"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["origin"] == "reviewer" and body["status"] == "confirmed"
    assert [hop["role"] for hop in body["chain"]] == ["speaker", "relay"]
    stored = Attribution.objects.get(pk=body["id"])
    assert stored.created_by == users["annotator"] and stored.decided_at is not None
    assert ChangeRecord.objects.filter(object_type="attribution", object_id=stored.pk).exists()


def test_confirm_then_stale_write_gets_409_with_current_state(api_client_for, users, claim):
    suggestion = suggestion_of(claim)
    client = api_client_for(users["reviewer"])
    url = f"/api/v1/attributions/{suggestion.pk}/"
    etag = client.get(url)["ETag"]
    confirmed = client.patch(url, {"status": "confirmed"}, format="json", HTTP_IF_MATCH=etag)
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    stale = client.patch(url, {"status": "rejected", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["status"] == "confirmed"
    suggestion.refresh_from_db()
    assert suggestion.status == "confirmed" and suggestion.decided_by == users["reviewer"]


def test_write_without_version_is_refused(api_client_for, users, claim):
    response = api_client_for(users["reviewer"]).patch(
        f"/api/v1/attributions/{suggestion_of(claim).pk}/", {"status": "rejected"}, format="json"
    )
    assert response.status_code == 400 and "version" in response.json()["message"]


def test_rejected_suggestion_is_not_suggested_again(api_client_for, users, claim):
    suggestion = suggestion_of(claim)
    api_client_for(users["annotator"]).patch(
        f"/api/v1/attributions/{suggestion.pk}/",
        {"status": "rejected", "version": 1},
        format="json",
    )
    chain = tuple(
        Hop(name=h.source.name, kind=h.source.kind, role=h.role)
        for h in suggestion.hops.order_by("position")
    )
    again = ExtractedAttribution(
        chain=chain, cue="told", cue_start=None, cue_end=None, confidence=0.9
    )
    assert attributions_suggest(claims=[claim], extracted=[again]) == 0
    assert claim.attributions.get().status == "rejected"


def test_correcting_a_suggestion_keeps_machine_and_human_apart(api_client_for, users, claim):
    suggestion = suggestion_of(claim)
    response = api_client_for(users["annotator"]).patch(
        f"/api/v1/attributions/{suggestion.pk}/",
        {"chain": [{"name": "Interior Ministry", "kind": "government"}], "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["origin"] == "reviewer"
    suggestion.refresh_from_db()
    assert suggestion.status == "rejected" and suggestion.origin == "extracted"
    assert claim.attributions.filter(origin="reviewer", status="confirmed").count() == 1


@pytest.mark.parametrize("who", ["outsider", None])
def test_outsiders_and_anonymous_cannot_touch_attributions(api_client_for, users, claim, who):
    client = api_client_for(users[who] if who else None)
    suggestion = suggestion_of(claim)
    expected = {404} if who else {401, 403}
    assert client.get(f"/api/v1/claims/{claim.pk}/attributions/").status_code in expected
    response = client.patch(
        f"/api/v1/attributions/{suggestion.pk}/",
        {"status": "rejected", "version": 1},
        format="json",
    )
    assert response.status_code in expected
    posted = client.post(
        f"/api/v1/claims/{claim.pk}/attributions/", {"chain": [{"name": "X"}]}, format="json"
    )
    assert posted.status_code in expected
    suggestion.refresh_from_db()
    assert suggestion.status == "suggested"


def test_bad_chain_is_a_clear_400(api_client_for, users, claim):
    client = api_client_for(users["annotator"])
    response = client.post(f"/api/v1/claims/{claim.pk}/attributions/", {"chain": []}, format="json")
    assert response.status_code == 400 and "chain" in response.json()["message"]
    response = client.post(
        f"/api/v1/claims/{claim.pk}/attributions/",
        {"chain": [{"name": "X", "kind": "alien"}]},
        format="json",
    )
    assert response.status_code == 400 and "kind" in response.json()["message"]
