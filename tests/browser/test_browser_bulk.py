"""Bulk actions, make-a-claim and not-a-claim in a real browser, on a desktop screen and on a
375 px phone: tick rows of the claims page or the triage list and act on them all; select
text no claim covers in the reader and make it a claim; undo a whole bulk action with the one
Undo button of its message; mark a claim not a claim from its panel; and a role that no longer
allows the action gets the site's styled 403 page."""

import pytest

from provenance.models import ChangeRecord, Claim, Flag
from provenance.services.ingest import article_ingest
from provenance.services.members import member_set_role
from provenance.text.types import RawArticle
from tests.browser.conftest import PHONE, screenshot
from tests.ui_support import UNCOVERED as SECOND
from tests.ui_support import UNCOVERED_STORY, leave_uncovered

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = [pytest.param(False, id="desktop"), pytest.param(True, id="phone")]
WIDTH = PHONE["viewport"]["width"]


def fits(page, phone: bool) -> None:
    """On a phone nothing pushes the page sideways (wide tables scroll in their own box)."""
    if phone:
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= WIDTH + 1, f"{page.url} is {width} px wide"


def expect_message(page, text: str) -> None:
    page.locator(".messages", has_text=text).wait_for()


@pytest.mark.parametrize("phone", SCREENS)
def test_confirm_the_suggested_chains_of_the_ticked_claims(log_in, desk, project, users, phone):
    claims = [
        claim
        for claim in desk.hostile.claims.order_by("pk").select_related("main_attribution")
        if claim.main_attribution and claim.main_attribution.status == "suggested"
    ][:2]
    assert len(claims) == 2, "the desk's article should have two suggested chains"
    page = log_in(users["annotator"], phone=phone)
    page.goto(f"/projects/{project.pk}/claims/?article={desk.hostile.pk}")
    assert page.locator("#bulk-reject").count() == 0, "annotators are not offered rejection"
    for claim in claims:
        page.check(f"input[name=claim][value='{claim.pk}']")
    page.locator("[data-selected-count=bulk-claims]", has_text="2 selected").wait_for()
    fits(page, phone)
    screenshot(page, f"bulk-confirm-{'phone' if phone else 'desktop'}")
    page.click("#bulk-confirm")
    expect_message(page, "Confirmed the suggested chain of 2 claims.")
    assert f"article={desk.hostile.pk}" in page.url, "back on the list as it was filtered"
    for claim in claims:
        claim.main_attribution.refresh_from_db()
        assert claim.main_attribution.status == "confirmed"
        assert claim.main_attribution.decided_by == users["annotator"]


@pytest.mark.parametrize("phone", SCREENS)
def test_mark_every_claim_of_the_page_not_a_claim(log_in, desk, project, users, phone):
    article = desk.other
    page = log_in(users["editor"], phone=phone)
    page.goto(f"/projects/{project.pk}/claims/?article={article.pk}")
    page.check("[data-select-all=bulk-claims]")
    count = article.claims.count()
    page.locator("[data-selected-count=bulk-claims]", has_text=f"{count} selected").wait_for()
    page.click("#bulk-reject")
    expect_message(page, f"Marked {count} claims not a claim.")
    fits(page, phone)
    screenshot(page, f"bulk-rejected-{'phone' if phone else 'desktop'}")
    assert set(article.claims.values_list("status", flat=True)) == {"rejected"}
    assert desk.hostile.claims.exclude(status="rejected").exists(), "only the ticked ones"
    assert ChangeRecord.objects.filter(action="reject").count() == count


@pytest.mark.parametrize("phone", SCREENS)
def test_one_undo_takes_back_the_whole_bulk_action(log_in, desk, project, users, phone):
    article = desk.other
    before = dict(article.claims.values_list("pk", "status"))
    page = log_in(users["editor"], phone=phone)
    page.goto(f"/projects/{project.pk}/claims/?article={article.pk}")
    page.check("[data-select-all=bulk-claims]")
    page.click("#bulk-reject")
    expect_message(page, f"Marked {len(before)} claims not a claim.")
    undo = page.locator(".messages").get_by_role("button", name="Undo")
    assert undo.count() == 1, "one Undo for the whole action"
    assert undo.is_visible()
    fits(page, phone)
    screenshot(page, f"bulk-undo-offered-{'phone' if phone else 'desktop'}")
    undo.click()
    expect_message(page, "Bulk action undone: claims")
    assert f"article={article.pk}" in page.url, "back on the list as it was filtered"
    assert dict(article.claims.values_list("pk", "status")) == before
    assert page.locator(".messages").get_by_role("button", name="Undo").count() == 0
    fits(page, phone)
    screenshot(page, f"bulk-undone-{'phone' if phone else 'desktop'}")


@pytest.mark.parametrize("phone", SCREENS)
def test_dismiss_the_ticked_flags_with_a_note(log_in, desk, project, users, phone):
    flags = list(Flag.objects.filter(project=project, status="open"))
    page = log_in(users["reviewer"], phone=phone)
    page.goto(f"/projects/{project.pk}/flags/")
    page.check("[data-select-all=bulk-flags]")
    page.fill("#bulk-flags input[name=note]", "Different days, both figures stand.")
    fits(page, phone)
    screenshot(page, f"bulk-dismiss-{'phone' if phone else 'desktop'}")
    page.click("#bulk-dismiss")
    expect_message(page, f"Dismissed {len(flags)} flag")
    for flag in flags:
        flag.refresh_from_db()
        assert flag.status == "dismissed" and flag.note == "Different days, both figures stand."


@pytest.mark.parametrize("phone", SCREENS)
def test_a_role_taken_away_meanwhile_gets_the_styled_refusal(log_in, desk, project, users, phone):
    editor = users["editor"]
    page = log_in(editor, phone=phone)
    page.goto(f"/projects/{project.pk}/claims/")
    page.check("[data-select-all=bulk-claims]")
    member_set_role(project=project, user=editor, role="reviewer")  # while the page is open
    page.click("#bulk-reject")
    page.locator("h1", has_text="You cannot open this page").wait_for()
    reason = page.locator(".error-page .reason").inner_text()
    assert "editor role" in reason and "Nothing was changed" in reason
    assert page.locator("header.top").is_visible(), "the site's page, not Django's bare one"
    fits(page, phone)
    screenshot(page, f"bulk-refused-{'phone' if phone else 'desktop'}")
    assert not Claim.objects.filter(status="rejected").exists()


@pytest.fixture
def uncovered(desk, project, users):
    """An article whose second sentence no claim covers."""
    article = article_ingest(
        project=project, raw=RawArticle(body=UNCOVERED_STORY, title="Flooded town"), origin="t.txt"
    ).article
    leave_uncovered(article, users["annotator"])
    return article


def select_plain_text(page, words: str) -> None:
    """Select ``words`` in the article's text outside the claims, as a mouse drag would."""
    page.evaluate(
        """(words) => {
            const piece = Array.from(document.querySelectorAll('#article-body span[data-start]'))
                .find((span) => span.textContent.includes(words));
            const text = piece.firstChild, from = text.data.indexOf(words);
            const range = document.createRange();
            range.setStart(text, from); range.setEnd(text, from + words.length);
            window.getSelection().removeAllRanges(); window.getSelection().addRange(range);
        }""",
        words,
    )


@pytest.mark.parametrize("phone", SCREENS)
def test_make_a_claim_of_text_no_claim_covers(log_in, uncovered, users, phone):
    article = uncovered
    page = log_in(users["reviewer"], phone=phone)
    page.goto(f"/articles/{article.pk}/")
    select_plain_text(page, SECOND)
    make = page.locator("#make-claim")
    make.wait_for(state="visible")
    assert page.locator("#reshape-form").is_hidden(), "nothing to trim, split or merge"
    assert "outside every claim" in page.locator("#make-claim-summary").inner_text()
    make.click()
    claim = Claim.objects.get(article=article, text=SECOND)
    expect_message(page, f"Claim {claim.pk} made of the selection.")
    assert page.url.endswith(f"#claim-{claim.pk}")
    assert page.locator(f"#claim-{claim.pk}").inner_text() == SECOND
    # The page opens at the new claim: its panel shows the chain ingest would suggest.
    panel = page.locator(f"[data-claim-panel='{claim.pk}']")
    panel.wait_for()
    assert "Police" in panel.locator(".chain").first.inner_text()
    fits(page, phone)
    screenshot(page, f"reader-made-claim-{'phone' if phone else 'desktop'}")


def test_an_annotator_is_not_offered_make_a_claim(log_in, uncovered, users):
    page = log_in(users["annotator"])
    page.goto(f"/articles/{uncovered.pk}/")
    select_plain_text(page, SECOND)
    page.locator("#reshape-summary", has_text="touches no claim").wait_for(state="visible")
    assert page.locator("#make-claim-form").count() == 0


@pytest.mark.parametrize("phone", SCREENS)
def test_mark_a_caption_not_a_claim_from_the_reader(log_in, desk, users, phone):
    claim = desk.hostile.claims.get(text__startswith="A local group said")
    page = log_in(users["editor"], phone=phone)
    page.goto(f"/articles/{desk.hostile.pk}/")
    page.click(f"#claim-{claim.pk}")
    page.locator(f"[data-claim-panel='{claim.pk}']").wait_for()
    page.click(f"#not-a-claim-{claim.pk}")
    page.locator("#claim-panel", has_text=f"Claim {claim.pk} marked not a claim.").wait_for()
    assert page.locator("#claim-panel .status-pill", has_text="rejected").first.is_visible()
    fits(page, phone)
    screenshot(page, f"reader-not-a-claim-{'phone' if phone else 'desktop'}")
    claim.refresh_from_db()
    assert claim.status == "rejected"


def test_a_reviewer_is_not_offered_not_a_claim_and_is_refused_it(log_in, desk, users):
    claim = desk.hostile.claims.get(text__startswith="A local group said")
    page = log_in(users["reviewer"])
    page.goto(f"/articles/{desk.hostile.pk}/")
    page.click(f"#claim-{claim.pk}")
    page.locator(f"[data-claim-panel='{claim.pk}']").wait_for()
    assert page.locator(f"#not-a-claim-{claim.pk}").count() == 0
    # A form sent anyway (an old tab, a crafted request) gets the styled refusal.
    page.evaluate(
        """([url, version]) => {
            const form = document.createElement('form');
            form.method = 'post'; form.action = url;
            const token = document.querySelector('[name=csrfmiddlewaretoken]').value;
            for (const [name, value] of [['version', version], ['csrfmiddlewaretoken', token]]) {
                const input = document.createElement('input');
                input.name = name; input.value = value; form.append(input);
            }
            document.body.append(form); form.submit();
        }""",
        [f"/claims/{claim.pk}/not-a-claim/", claim.version],
    )
    page.locator("h1", has_text="You cannot open this page").wait_for()
    assert "editor role" in page.locator(".error-page .reason").inner_text()
    claim.refresh_from_db()
    assert claim.status != "rejected"
