"""Making a claim of article text that no claim covers, and marking a claim not a claim, from
the reader: the span stays exact, overlaps are refused, the new claim gets what ingest gives a
claim (keys, check-worthiness, a suggested chain, flagging), and both are audited and refused
per role."""

import pytest

from provenance.errors import DomainError, NotAllowed
from provenance.models import Article, ChangeRecord, Claim, ClaimKey, Flag
from provenance.services.claims import claim_make
from provenance.services.flagging import article_flag
from provenance.text.checkworthiness import checkworthiness
from provenance.text.claim_keys import claim_keys
from provenance.text.embedding_bands import band_keys, text_keys
from tests.ui_support import UNCOVERED as SECOND
from tests.ui_support import UNCOVERED_STORY, leave_uncovered

pytestmark = pytest.mark.django_db

LOWER_COUNT = (
    "Delta flood figures questioned\n\n"
    "Aid agencies said the flood displaced no more than 5,000 villagers in the delta.\n"
)


@pytest.fixture
def uncovered(ingest, users):
    article = ingest(UNCOVERED_STORY)
    start = leave_uncovered(article, users["annotator"])
    article.refresh_from_db()
    assert not article.claims.filter(start__lt=start + len(SECOND), end__gt=start).exists()
    return article, start


def test_a_reviewer_makes_a_claim_as_ingest_would(uncovered, users):
    article, start = uncovered
    # The selection may run over the blanks around the sentence; they are left out.
    claim = claim_make(
        article=article, start=start - 1, end=start + len(SECOND) + 1, user=users["reviewer"]
    )
    claim.refresh_from_db()
    assert (claim.start, claim.end, claim.text) == (start, start + len(SECOND), SECOND)
    assert article.body[claim.start : claim.end] == claim.text
    assert claim.kind == "sentence" and claim.status == "unreviewed"
    assert claim.checkworthiness == checkworthiness(SECOND, "sentence")
    keys = set(ClaimKey.objects.filter(claim=claim).values_list("key", flat=True))
    assert text_keys(keys) == {key[:80] for key in claim_keys(SECOND)}
    assert keys - text_keys(keys) == set(band_keys(claim.embedding, event_id=article.event_id))
    # Its chain is suggested as at ingest: the police said it.
    assert claim.speaker is not None and claim.speaker.name == "Police"
    assert claim.main_attribution.status == "suggested"
    assert claim.main_attribution.origin == "extracted"
    record = ChangeRecord.objects.get(object_type="claim", object_id=claim.pk, action="make")
    assert record.actor == users["reviewer"] and record.after["text"] == SECOND


def test_the_made_claim_is_flagged_against_other_articles(uncovered, ingest, users):
    article, start = uncovered
    other = ingest(LOWER_COUNT, origin="aid.txt")
    assert not Flag.objects.exists(), "with the sentence in no claim, nothing contradicts"
    version = Article.objects.get(pk=article.pk).version
    claim = claim_make(
        article=article, start=start, end=start + len(SECOND), user=users["reviewer"]
    )
    assert Article.objects.get(pk=article.pk).version == version + 1  # flagging runs again
    article_flag(article_id=article.pk)  # what the enqueued task does after commit
    flag = Flag.objects.get()
    assert flag.kind == "numeric"
    assert {flag.claim_a_id, flag.claim_b_id} == {claim.pk, other.claims.last().pk}


def test_overlaps_blanks_and_bad_offsets_are_refused(uncovered, users):
    article, start = uncovered
    first = article.claims.order_by("start").first()
    reviewer = users["reviewer"]
    with pytest.raises(DomainError, match=f"overlaps claim {first.pk}"):
        claim_make(article=article, start=first.end - 3, end=start + 5, user=reviewer)
    with pytest.raises(DomainError, match="only whitespace"):
        claim_make(article=article, start=start - 1, end=start, user=reviewer)
    with pytest.raises(DomainError, match="0 <= start < end"):
        claim_make(article=article, start=start, end=len(article.body) + 1, user=reviewer)
    with pytest.raises(DomainError, match="kind must be one of"):
        claim_make(article=article, start=start, end=start + 4, user=reviewer, kind="ad")
    assert not ChangeRecord.objects.filter(action="make").exists()


def test_an_annotator_may_not_make_a_claim(uncovered, users):
    article, start = uncovered
    count = Claim.objects.count()
    with pytest.raises(NotAllowed, match="reviewer role"):
        claim_make(article=article, start=start, end=start + len(SECOND), user=users["annotator"])
    assert Claim.objects.count() == count


def test_api_makes_a_claim_and_refuses_clearly(uncovered, users, api_client_for):
    article, start = uncovered
    url = f"/api/v1/articles/{article.pk}/claims/"
    body = {"start": start, "end": start + len(SECOND)}
    assert api_client_for(users["annotator"]).post(url, body, format="json").status_code == 403
    assert api_client_for(users["outsider"]).post(url, body, format="json").status_code == 404
    made = api_client_for(users["editor"]).post(url, body, format="json")
    assert made.status_code == 201, made.json()
    record = made.json()
    assert record["text"] == SECOND and record["start"] == start
    assert record["attributions"][0]["chain"][0]["name"] == "Police"
    assert made["ETag"] == f'"{record["version"]}"'
    again = api_client_for(users["editor"]).post(url, body, format="json")
    assert again.status_code == 400 and "overlaps claim" in again.json()["message"]


def test_reader_offers_make_a_claim_to_reviewers_only(client, uncovered, users):
    article, start = uncovered
    url = f"/articles/{article.pk}/"
    client.force_login(users["annotator"])
    assert 'id="make-claim-form"' not in client.get(url).content.decode()
    refused = client.post(f"{url}claims/new/", {"start": start, "end": start + len(SECOND)})
    assert refused.status_code == 403 and "reviewer role" in refused.content.decode()
    client.force_login(users["reviewer"])
    assert 'id="make-claim-form"' in client.get(url).content.decode()
    made = client.post(f"{url}claims/new/", {"start": start, "end": start + len(SECOND)})
    claim = Claim.objects.get(article=article, text=SECOND)
    assert made["Location"] == f"{url}#claim-{claim.pk}"
    page = client.post(f"{url}claims/new/", {"start": start, "end": start + 4}, follow=True)
    assert f"No claim made: The selection overlaps claim {claim.pk}" in page.content.decode()


def test_not_a_claim_from_the_panel_is_for_editors(client, uncovered, users):
    article, _start = uncovered
    claim = article.claims.order_by("start").last()
    panel = f"/claims/{claim.pk}/panel/"
    client.force_login(users["reviewer"])
    assert "Not a claim" not in client.get(panel).content.decode()
    refused = client.post(f"/claims/{claim.pk}/not-a-claim/", {"version": claim.version})
    assert refused.status_code == 403 and "editor role" in refused.content.decode()
    client.force_login(users["editor"])
    assert f'id="not-a-claim-{claim.pk}"' in client.get(panel).content.decode()
    done = client.post(
        f"/claims/{claim.pk}/not-a-claim/", {"version": claim.version}, HTTP_HX_REQUEST="true"
    )
    html = done.content.decode()
    assert f"Claim {claim.pk} marked not a claim." in html and "status-rejected" in html
    assert "Not a claim</button>" not in html, "a rejected claim is not offered it again"
    claim.refresh_from_db()
    assert claim.status == "rejected"
    assert ChangeRecord.objects.filter(object_id=claim.pk, action="reject").count() == 1
    stale = client.post(f"/claims/{claim.pk}/not-a-claim/", {"version": claim.version - 1})
    assert stale.status_code == 302
