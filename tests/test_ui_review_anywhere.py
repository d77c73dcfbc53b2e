"""Reviewing from the claim panel (beside the reader and on the claim page) through the queue's
review services: the form for reviewers only (a POST by anyone else gets the 403 page), a
revision of one's own review until an editor rules, stale forms answered with the claim as it
is now and the entry kept."""

import pytest

from annotations.models import Review
from provenance.models import ChangeRecord
from tests.review_support import FLOOD_STORY, claims_of, review_as, rule

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def claim(ingest, users):
    return claims_of(ingest(FLOOD_STORY))[0]


def panel(client, claim) -> str:
    return client.get(f"/claims/{claim.pk}/panel/").content.decode()


def post(client, claim, *, htmx=True, **fields):
    claim.refresh_from_db()
    body = {"version": claim.version, "verdict": "refuted", "confidence": "0.65", **fields}
    return client.post(f"/claims/{claim.pk}/review/", body, **(HTMX if htmx else {}))


def test_a_reviewer_sees_the_review_form_in_the_panel_and_on_the_claim_page(client, users, claim):
    client.force_login(users["reviewer"])
    html = panel(client, claim)
    assert 'aria-label="Review this claim"' in html
    assert f'action="/claims/{claim.pk}/review/"' in html
    assert 'name="verdict" value="misleading"' in html and 'id="review-confidence"' in html
    assert "<kbd>" not in html  # the queue's verdict keys are the queue's
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert 'aria-label="Review this claim"' in page


def test_annotators_see_no_form_and_their_post_gets_the_403_page(client, users, claim, settings):
    settings.DEBUG = False
    client.force_login(users["annotator"])
    html = panel(client, claim)
    assert "Your review" not in html and "review-form" not in html
    for htmx in (True, False):
        response = post(client, claim, htmx=htmx)
        assert response.status_code == 403
        page = response.content.decode()
        assert "You cannot open this page" in page and "reviewer role" in page
    assert not Review.objects.exists()


def test_an_outsider_gets_404(client, users, claim):
    client.force_login(users["outsider"])
    assert post(client, claim).status_code == 404
    assert not Review.objects.exists()


def test_a_review_from_the_panel_goes_through_the_review_service(client, users, claim):
    reviewer = users["reviewer"]
    client.force_login(reviewer)
    response = post(client, claim, note="checked the agency's bulletin")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Review of claim {claim.pk} saved: refuted (0.65)." in html
    stored = Review.objects.get(claim=claim, reviewer=reviewer)
    assert (stored.verdict, stored.confidence) == ("refuted", 0.65)
    assert stored.note == "checked the agency's bulletin"
    claim.refresh_from_db()
    assert claim.status == "in_review"
    change = ChangeRecord.objects.get(object_type="review", action="create")
    assert f"/changes/{change.pk}/undo/" in html  # Undo beside the message
    # The panel now offers to revise, filled in with the review.
    assert 'aria-label="Revise your review"' in html
    assert f'name="review" value="{stored.pk}"' in html
    assert 'value="refuted" data-key="2" required checked' in html
    assert 'value="0.65"' in html


def test_without_htmx_the_review_redirects_to_the_claim_page_with_the_message(client, users, claim):
    client.force_login(users["reviewer"])
    response = post(client, claim, htmx=False)
    assert response.status_code == 302 and response["Location"] == f"/claims/{claim.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert f"Review of claim {claim.pk} saved: refuted (0.65)." in page


def test_a_second_review_is_refused_as_in_the_queue(client, users, claim):
    client.force_login(users["reviewer"])
    post(client, claim)
    html = post(client, claim, verdict="supported").content.decode()
    assert "You have already reviewed this claim." in html
    assert Review.objects.get().verdict == "refuted"


def test_revising_ones_review_from_the_panel(client, users, claim):
    reviewer = users["reviewer"]
    client.force_login(reviewer)
    post(client, claim)
    given = Review.objects.get()
    html = post(client, claim, review=given.pk, verdict="misleading", confidence="0.4").content
    html = html.decode()
    assert f"Your review of claim {claim.pk} is revised: misleading (0.40)." in html
    given.refresh_from_db()
    assert (given.verdict, given.confidence) == ("misleading", 0.4)
    revision = ChangeRecord.objects.get(object_type="review", action="revise")
    assert f"/changes/{revision.pk}/undo/" in html


def test_revising_a_review_withdrawn_meanwhile_says_so_and_offers_a_new_one(client, users, claim):
    from annotations.services.reviews import review_withdraw

    client.force_login(users["reviewer"])
    given = review_as(claim, users["reviewer"])
    review_id = given.pk  # the withdrawn review loses its id
    claim.refresh_from_db()
    review_withdraw(review=given, user=users["reviewer"], version=claim.version)
    html = post(client, claim, review=review_id).content.decode()
    assert f"That review of claim {claim.pk} was withdrawn; review it again." in html
    assert 'aria-label="Review this claim"' in html
    assert not Review.objects.exists()


def test_a_stale_review_form_shows_the_claim_now_and_keeps_the_entry(client, users, claim):
    client.force_login(users["reviewer"])
    claim.refresh_from_db()
    stale = claim.version
    review_as(claim, users["reviewer2"], "supported", 0.9)
    response = client.post(
        f"/claims/{claim.pk}/review/",
        {"version": stale, "verdict": "misleading", "confidence": "0.35", "note": "my note"},
        **HTMX,
    )
    html = response.content.decode()
    assert f"Claim {claim.pk} was changed by someone else meanwhile" in html
    assert 'value="misleading" data-key="3" required checked' in html
    assert 'value="0.35"' in html and "my note</textarea>" in html
    claim.refresh_from_db()
    assert f'name="version" value="{claim.version}"' in html
    assert not Review.objects.filter(reviewer=users["reviewer"]).exists()


def test_after_a_ruling_the_form_is_gone_and_a_revision_is_refused(client, users, claim):
    client.force_login(users["reviewer"])
    post(client, claim)
    given = Review.objects.get()
    rule(claim, users["editor"])
    html = panel(client, claim)
    assert "Revise your review" not in html
    assert "An editor has ruled on this claim; your review stays as it is." in html
    refused = post(client, claim, review=given.pk, verdict="misleading").content.decode()
    assert "adjudicated by an editor; its reviews stay as they were." in refused
    given.refresh_from_db()
    assert given.verdict == "refuted"


def test_another_reviewers_review_cannot_be_revised_from_the_panel(client, users, claim, settings):
    settings.DEBUG = False
    client.force_login(users["reviewer"])
    post(client, claim)
    given = Review.objects.get()
    client.force_login(users["reviewer2"])
    response = post(client, claim, review=given.pk, verdict="supported")
    assert response.status_code == 403
    assert "Only the reviewer who gave a review can revise it." in response.content.decode()
    given.refresh_from_db()
    assert given.verdict == "refuted"


def test_a_disputed_claim_offers_no_new_review(client, users, claim):
    for user, verdict in (("reviewer", "supported"), ("reviewer2", "refuted")):
        review_as(claim, users[user], verdict)
    client.force_login(users["editor"])
    html = panel(client, claim)
    assert "This claim is disputed; it takes no more reviews (an editor adjudicates it)." in html
    assert 'aria-label="Review this claim"' not in html


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_review_form_costs_the_reader_no_query_per_claim_or_review(
    client, users, ingest, claim
):
    """The reader's page reads its claims once, whatever their reviews and however many: the
    review form is in the panel a claim loads when it is opened."""
    client.force_login(users["reviewer"])
    article = claim.article
    before = _queries(client, f"/articles/{article.pk}/")
    for other in claims_of(article):
        review_as(other, users["reviewer"])
        review_as(other, users["reviewer2"], "refuted")
    assert _queries(client, f"/articles/{article.pk}/") == before
    longer = ingest(FLOOD_STORY + FLOOD_STORY.replace("12 villages", "14 villages"), origin="b")
    assert _queries(client, f"/articles/{longer.pk}/") == before
