"""Reviewing where the claim is read, at desktop width and on a 375 px phone: from the reader's
claim panel and from the claim page, revising one's own review (and undoing the revision),
the form gone once an editor has ruled, and an annotator's post answered by the styled 403
page. Every page is checked for sideways scrolling."""

import pytest

from annotations.models import Review
from provenance.models import Claim
from tests.browser.conftest import screenshot
from tests.review_support import review_as, rule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])


def the_claim(desk) -> Claim:
    return desk.hostile.claims.get(text__contains="denied")


def fits(page) -> None:
    width = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, viewport: window.innerWidth})"
    )
    assert width["scroll"] <= width["viewport"], width


def fill_review(form, verdict: str, *, steps: int = 0, note: str = "") -> None:
    """Choose a verdict, move the confidence slider ``steps`` of 0.05 up, write a note."""
    form.locator(f"input[name=verdict][value={verdict}]").check()
    slider = form.locator("input[type=range][name=confidence]")
    slider.focus()
    for _ in range(steps):
        slider.press("ArrowRight")
    if note:
        form.locator("textarea[name=note]").fill(note)


def width_name(phone: bool) -> str:
    return "phone" if phone else "desktop"


@WIDTHS
def test_review_from_the_reader(log_in, desk, users, phone):
    claim, reviewer = the_claim(desk), users["reviewer"]
    page = log_in(reviewer, phone=phone)
    page.goto(f"/articles/{desk.hostile.pk}/")
    page.click(f"#claim-{claim.pk}")
    form = page.get_by_role("form", name="Review this claim")
    form.wait_for()
    fill_review(form, "misleading", steps=2, note="Denial without evidence")
    # The slider's value is shown beside it as it moves (0.70 and two steps of 0.05).
    assert form.locator("output").inner_text() == "0.80"
    fits(page)
    screenshot(page, f"reader-review-form-{width_name(phone)}")
    form.get_by_role("button", name="Submit review").click()
    panel = page.locator(f"[data-claim-panel='{claim.pk}']")
    panel.get_by_text(f"Review of claim {claim.pk} saved: misleading (0.80).").wait_for()
    stored = Review.objects.get(claim=claim, reviewer=reviewer)
    assert (stored.verdict, stored.confidence) == ("misleading", 0.8)
    assert stored.note == "Denial without evidence"
    # The highlight in the article follows the claim's new status and version.
    claim.refresh_from_db()
    mark = page.locator(f"#claim-{claim.pk}")
    assert "status-in_review" in mark.get_attribute("class")
    assert mark.get_attribute("data-version") == str(claim.version)
    assert panel.get_by_text("You said misleading (0.80): Denial without evidence").is_visible()
    fits(page)
    screenshot(page, f"reader-reviewed-{width_name(phone)}")


@WIDTHS
def test_review_from_the_claim_page_then_revise_and_undo_the_revision(log_in, desk, users, phone):
    claim, reviewer = the_claim(desk), users["reviewer"]
    page = log_in(reviewer, phone=phone)
    page.goto(f"/claims/{claim.pk}/")
    form = page.get_by_role("form", name="Review this claim")
    fill_review(form, "supported", steps=1)
    form.get_by_role("button", name="Submit review").click()
    page.get_by_text(f"Review of claim {claim.pk} saved: supported (0.75).").wait_for()
    # Revise: the form is filled in with the review as it stands.
    page.get_by_text("Revise your review").click()
    revise = page.get_by_role("form", name="Revise your review")
    assert revise.locator("input[value=supported]").is_checked()
    assert revise.locator("output").inner_text() == "0.75"
    fill_review(revise, "refuted", note="The engineers' account contradicts it")
    fits(page)
    screenshot(page, f"claim-page-revise-{width_name(phone)}")
    revise.get_by_role("button", name="Save the revised review").click()
    page.get_by_text(f"Your review of claim {claim.pk} is revised: refuted (0.75).").wait_for()
    stored = Review.objects.get(claim=claim, reviewer=reviewer)
    assert (stored.verdict, stored.note) == ("refuted", "The engineers' account contradicts it")
    # Undo beside the message gives the review back what it said before.
    page.locator("#claim-panel").get_by_role("button", name="Undo").click()
    page.get_by_text(f"Your review of claim {claim.pk} is back to supported (0.75).").wait_for()
    stored.refresh_from_db()
    assert (stored.verdict, stored.note) == ("supported", "")
    fits(page)


@WIDTHS
def test_after_a_ruling_the_review_stays_and_a_stale_revision_is_refused(
    log_in, desk, users, phone
):
    claim, reviewer = the_claim(desk), users["reviewer"]
    given = review_as(claim, reviewer, "refuted")
    page = log_in(reviewer, phone=phone)
    page.goto(f"/claims/{claim.pk}/")
    page.get_by_text("Revise your review").click()
    revise = page.get_by_role("form", name="Revise your review")
    fill_review(revise, "misleading")
    # Meanwhile an editor rules on the claim.
    rule(claim, users["editor"])
    revise.get_by_role("button", name="Save the revised review").click()
    panel = page.locator("#claim-panel")
    panel.get_by_text(f"Claim {claim.pk} was changed by someone else meanwhile").wait_for()
    assert panel.get_by_text(
        "An editor has ruled on this claim; your review stays as it is."
    ).is_visible()
    assert page.get_by_role("form", name="Revise your review").count() == 0
    given.refresh_from_db()
    assert given.verdict == "refuted"
    fits(page)
    screenshot(page, f"claim-page-ruled-{width_name(phone)}")


@WIDTHS
def test_an_annotator_sees_no_form_and_a_post_gets_the_styled_403_page(
    log_in, desk, users, phone, settings
):
    settings.DEBUG = False
    claim = the_claim(desk)
    page = log_in(users["annotator"], phone=phone)
    page.goto(f"/articles/{desk.hostile.pk}/")
    page.click(f"#claim-{claim.pk}")
    page.locator(f"[data-claim-panel='{claim.pk}']").wait_for()
    assert page.get_by_role("form", name="Review this claim").count() == 0
    assert page.get_by_role("heading", name="Your review").count() == 0
    # A review posted anyway (an old tab, a hand-made form) is refused with the site's page.
    with page.expect_navigation():
        page.evaluate(
            """([url, version]) => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = url;
                const token = document.cookie.split('; ')
                    .find((c) => c.startsWith('csrftoken=')).slice('csrftoken='.length);
                for (const [name, value] of [['csrfmiddlewaretoken', token],
                        ['version', version], ['verdict', 'refuted'], ['confidence', '0.8']]) {
                    const input = document.createElement('input');
                    input.name = name; input.value = value; form.append(input);
                }
                document.body.append(form);
                form.submit();
            }""",
            [f"/claims/{claim.pk}/review/", str(claim.version)],
        )
    assert page.get_by_role("heading", name="You cannot open this page").is_visible()
    assert page.get_by_text("You need the reviewer role in project").is_visible()
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert not Review.objects.exists()
    fits(page)
    screenshot(page, f"review-refused-403-{width_name(phone)}")
