"""Reshaping claims by selecting text when the article holds characters outside the Basic
Multilingual Plane. The browser counts UTF-16 code units, the server code points; an emoji
is two of the one and one of the other, so the reader must convert or it cuts the wrong
characters."""

import pytest

from provenance.models import Article, Claim
from provenance.services.ingest import article_ingest
from provenance.text.types import RawArticle
from tests.browser.conftest import screenshot, select_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Astral characters in the headline, in plain text between claims and inside the claims.
EMOJI_STORY = (
    "Flood 🌊 toll rises\n\n"
    "Residents 😀😀 said the flood displaced 40,000 villagers in the delta, "
    "the interior ministry told Reuters.\n"
    "The ministry 🙂 denied that any dams had failed upstream, a spokesman said.\n"
)


@pytest.fixture
def emoji_article(desk, project) -> Article:
    return article_ingest(
        project=project,
        raw=RawArticle(body=EMOJI_STORY, title="Emoji story", publisher="Local radio"),
        origin="tests/emoji.txt",
    ).article


def claim_with(article: Article, words: str) -> Claim:
    return article.claims.get(text__contains=words)


def test_split_after_emoji_cuts_where_the_selection_starts(log_in, emoji_article, users):
    claim = claim_with(emoji_article, "Residents")
    cut = claim.text.index("the flood")  # in code points, as the server counts
    page = log_in(users["annotator"])
    page.goto(f"/articles/{emoji_article.pk}/")
    select_text(page, claim, "the flood")
    split = page.locator("#reshape-split")
    split.wait_for(state="visible")
    assert page.locator("#reshape-start").input_value() == str(claim.start + cut)
    split.click()
    page.wait_for_selector("text=split; the second part is")
    claim.refresh_from_db()
    second = Claim.objects.get(article=emoji_article, start=claim.start + cut)
    assert claim.text == "Residents 😀😀 said"
    assert second.text.startswith("the flood displaced")
    assert emoji_article.body[second.start : second.end] == second.text


def test_trim_across_an_emoji_keeps_exactly_the_selected_words(log_in, emoji_article, users):
    claim = claim_with(emoji_article, "Residents")
    words = "😀 said the flood displaced 40,000 villagers"  # starts on the second emoji
    page = log_in(users["annotator"])
    page.goto(f"/articles/{emoji_article.pk}/")
    select_text(page, claim, words)
    trim = page.locator("#reshape-trim")
    trim.wait_for(state="visible")
    screenshot(page, "reader-emoji-selection")
    trim.click()
    page.wait_for_selector("text=trimmed to the selection")
    claim.refresh_from_db()
    assert claim.text == words
    assert emoji_article.body[claim.start : claim.end] == words


def test_selection_past_a_claim_with_emoji_is_not_inside_it(log_in, emoji_article, users):
    """The claim's end comes from its length in code points: a selection that runs two
    characters past it (the two emoji's worth of extra UTF-16 units) is not a trim of it."""
    claim = claim_with(emoji_article, "Residents")
    page = log_in(users["annotator"])
    page.goto(f"/articles/{emoji_article.pk}/")
    page.evaluate(
        """(id) => {
            const mark = document.getElementById('claim-' + id);
            const text = mark.firstChild;
            const after = mark.nextSibling.firstChild; // the plain text after the claim
            const range = document.createRange();
            range.setStart(text, text.data.indexOf('Reuters'));
            range.setEnd(after, 1);
            const selection = window.getSelection();
            selection.removeAllRanges(); selection.addRange(range);
        }""",
        claim.pk,
    )
    page.locator("#reshape-form").wait_for(state="visible")
    summary = page.locator("#reshape-summary").inner_text()
    assert f"–{claim.end + 1} selected" in summary
    assert page.locator("#reshape-trim").is_hidden()
