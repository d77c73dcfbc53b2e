"""Merging and trimming claims by selecting text in the reader, end to end: the selection the
browser makes becomes the exact span the server stores. (Splitting is in test_browser_desk
and test_browser_reader.)"""

import pytest

from provenance.models import Claim
from tests.browser.conftest import screenshot, select_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_select_across_two_adjacent_claims_and_merge(log_in, desk, users):
    article = desk.hostile
    first = article.claims.get(text__startswith="The ministry denied")
    second = article.claims.get(text__startswith="A local group said")
    between = article.claims.filter(start__lt=second.end, end__gt=first.start)
    assert set(between) == {first, second}, "the two claims should be next to each other"
    page = log_in(users["annotator"])
    page.goto(f"/articles/{article.pk}/")
    select_text(page, first, "any dams", second, "roads to")
    merge = page.locator("#reshape-merge")
    merge.wait_for(state="visible")
    assert page.locator("#reshape-trim").is_hidden() and page.locator("#reshape-split").is_hidden()
    summary = page.locator("#reshape-summary").inner_text()
    assert f"claims {first.pk}, {second.pk}." in summary
    screenshot(page, "reader-merge-selection")
    merge.click()
    page.wait_for_selector(f"text=2 claims merged into claim {first.pk}.")
    screenshot(page, "reader-merged")
    merged = Claim.objects.get(pk=first.pk)
    assert not Claim.objects.filter(pk=second.pk).exists()
    assert (merged.start, merged.end) == (first.start, second.end)
    assert merged.text == article.body[first.start : second.end]
    assert merged.text.startswith(first.text) and merged.text.endswith(second.text)
    # The reader shows the one claim, markup in it as text.
    assert page.locator(f"#claim-{merged.pk}").inner_text() == merged.text
    assert page.locator(f"#claim-{second.pk}").count() == 0


def test_select_part_of_a_claim_and_trim(log_in, desk, users):
    article = desk.hostile
    claim = article.claims.get(text__contains="<script>")
    words = "the flood displaced 40,000 villagers in the delta"
    page = log_in(users["annotator"])
    page.goto(f"/articles/{article.pk}/")
    select_text(page, claim, words)
    trim = page.locator("#reshape-trim")
    trim.wait_for(state="visible")
    assert page.locator("#reshape-merge").is_hidden()
    trim.click()
    page.wait_for_selector(f"text=Claim {claim.pk} trimmed to the selection.")
    screenshot(page, "reader-trimmed")
    claim.refresh_from_db()
    assert claim.text == words
    assert article.body[claim.start : claim.end] == words
    assert page.locator(f"#claim-{claim.pk}").inner_text() == words
