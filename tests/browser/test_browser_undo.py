"""Undo from the keyboard queue: a review is saved, the message beside the next claim offers
Undo, and one click withdraws the review and hands its claim back to judge again."""

import pytest

from annotations.models import Lease, Review
from provenance.models import Claim
from tests.browser.conftest import screenshot, wait_for_another_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_undo_in_the_queue_withdraws_the_review_and_brings_the_claim_back(
    log_in, desk, project, users
):
    reviewer = users["reviewer"]
    page = log_in(reviewer)
    page.goto(f"/queue/?project={project.pk}")
    page.wait_for_selector("#queue-form input[name=claim]", state="attached")
    claim_id = int(page.locator("#queue-form input[name=claim]").get_attribute("value"))
    page.keyboard.press("3")  # misleading
    page.keyboard.press("Enter")
    wait_for_another_claim(page, claim_id)
    undo = page.get_by_role("button", name="Undo")
    undo.wait_for()
    assert (
        f"Review of claim {claim_id} saved: misleading" in page.locator("#queue-panel").inner_text()
    )
    assert Review.objects.filter(claim_id=claim_id, reviewer=reviewer).exists()
    screenshot(page, "queue-undo-offered")
    undo.click()
    page.wait_for_selector("#queue-panel >> text=is withdrawn")
    screenshot(page, "queue-undone")
    assert not Review.objects.filter(claim_id=claim_id).exists()
    # The claim waits for review again, and the queue hands it straight back.
    claim = Claim.objects.get(pk=claim_id)
    assert claim.status == "unreviewed"
    assert page.locator("#queue-form input[name=claim]").get_attribute("value") == str(claim_id)
    assert Lease.objects.get(claim_id=claim_id).reviewer == reviewer
    assert page.get_by_role("button", name="Undo").count() == 0
    # From the keyboard: review it again, then "u" undoes that review too.
    page.keyboard.press("2")
    page.keyboard.press("Enter")
    wait_for_another_claim(page, claim_id)
    page.get_by_role("button", name="Undo").wait_for()
    page.keyboard.press("u")
    page.wait_for_function(
        "(claim) => document.querySelector('#queue-form input[name=claim]')?.value"
        " === String(claim)",
        arg=claim_id,
    )
    assert not Review.objects.filter(claim_id=claim_id).exists()
