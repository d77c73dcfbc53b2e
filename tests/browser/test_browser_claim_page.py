"""The claim page and the reader's claim panel fit their width: the history lists the fields
each change touched, wrapped, rather than whole snapshots on one unbreakable line."""

import pytest

from annotations.services.reviews import review_submit
from provenance.models import Claim
from provenance.services.attributions import attribution_decide
from provenance.services.claims import claim_trim
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EVIDENCE = "https://example.org/" + "reports/2026/delta-flood-displacement-figures-" * 6 + "final"


def claim_with_a_long_history(desk, users) -> Claim:
    """The hostile claim trimmed, its attribution rejected and the claim reviewed with a long
    note and link: each change writes before and after snapshots to the history."""
    claim = desk.hostile.claims.get(text__contains="<script>")
    claim_trim(
        claim=claim,
        start=claim.start,
        end=claim.end - len(", the interior ministry told Reuters."),
        version=claim.version,
        user=users["annotator"],
    )
    claim.refresh_from_db()
    attribution = claim.attributions.first()
    attribution_decide(
        attribution=attribution,
        status="rejected",
        version=attribution.version,
        user=users["annotator"],
    )
    review_submit(
        claim=claim,
        user=users["reviewer"],
        verdict="refuted",
        confidence=0.8,
        version=claim.version,
        note="The ministry's figure of 40,000 is four times the aid agencies' count. " * 3,
        evidence=[EVIDENCE],
    )
    return claim


def page_width(page) -> dict:
    return page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, viewport: window.innerWidth})"
    )


def test_claim_page_history_fits_the_viewport(log_in, desk, users):
    claim = claim_with_a_long_history(desk, users)
    page = log_in(users["editor"])
    page.goto(f"/claims/{claim.pk}/")
    screenshot(page, "claim-history")
    width = page_width(page)
    assert width["scroll"] <= width["viewport"], width
    history = page.locator("table.history")
    assert history.locator("pre").count() == 0
    # The review's claim change lists the fields it changed, and only those.
    row = history.locator("tr", has_text="review_in_review")
    changed = row.locator(".changes li").all_inner_texts()
    assert any("status" in field and "unreviewed → in_review" in field for field in changed)
    assert not any(field.startswith("text") for field in changed), changed
    assert EVIDENCE in history.inner_text()


def test_reader_claim_panel_history_does_not_scroll_sideways(log_in, desk, users):
    claim = claim_with_a_long_history(desk, users)
    page = log_in(users["editor"])
    page.goto(f"/articles/{desk.hostile.pk}/")
    page.click(f"#claim-{claim.pk}")
    history = page.locator(f"[data-claim-panel='{claim.pk}'] table.history")
    history.wait_for()
    side = page.evaluate(
        "() => { const side = document.querySelector('.reader .side');"
        " return {scroll: side.scrollWidth, client: side.clientWidth}; }"
    )
    assert side["scroll"] <= side["client"], side
    width = page_width(page)
    assert width["scroll"] <= width["viewport"], width
    # The side panel scrolls within the window's height; a tall window shows all of it.
    page.set_viewport_size({"width": 1400, "height": 3000})
    history.scroll_into_view_if_needed()
    screenshot(page, "reader-claim-history")
