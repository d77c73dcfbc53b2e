"""Every main page on a 375 px phone: nothing pushes the page sideways (wide tables scroll
inside their own box, long words and addresses wrap), and tapping a claim in the reader
brings its panel into view."""

import pytest

from provenance.services.ingest import article_ingest
from provenance.text.types import RawArticle
from tests.browser.conftest import PHONE, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = PHONE["viewport"]["width"]
# Scraped copies carry addresses and run-together words that no space breaks.
LONG_ADDRESS = "https://example.org/" + "news/2026/delta-flood-displacement-figures-" * 4 + "x"
LONG_WORD_STORY = (
    "Flood figures disputed\n\n"
    f"The ministry said the figures at {LONG_ADDRESS} were final, a spokesman told Reuters.\n"
    "Officials said the toll was #DeltaFloodDisplacementFiguresQuestionedByAidAgencies today.\n"
)


@pytest.fixture
def long_article(desk, project):
    return article_ingest(
        project=project,
        raw=RawArticle(body=LONG_WORD_STORY, title="Figures " + "disputed" * 8, url=LONG_ADDRESS),
        origin=LONG_ADDRESS,
    ).article


# Long enough that, on a phone, the claim panel below the article starts off screen.
LONG_STORY = "Dam inquiry\n\n" + "".join(
    f"Witness {n} said the water rose {n} metres in the night, the mayor told Reuters.\n"
    for n in range(1, 31)
)


def main_pages(desk, project, long_article) -> dict[str, str]:
    claim = desk.hostile.claims.order_by("start").first()
    return {
        "projects": "/",
        "project": f"/projects/{project.pk}/",
        "claims": f"/projects/{project.pk}/claims/",
        "reader": f"/articles/{desk.hostile.pk}/",
        "reader with long words": f"/articles/{long_article.pk}/",
        "claim": f"/claims/{claim.pk}/",
        "queue": f"/queue/?project={project.pk}",
        "flags": f"/projects/{project.pk}/flags/",
        "triage": f"/flags/{desk.flag.pk}/",
        "sources": "/sources/",
        "dashboard": f"/projects/{project.pk}/reviews/",
        "graph": f"/projects/{project.pk}/graph/",
        "exports": "/exports/",
        "recent actions": "/changes/recent/",
    }


def overflow(page) -> dict:
    """The page's width and the elements that stick out past the screen's right edge."""
    return page.evaluate(
        """(width) => ({
            scroll: document.documentElement.scrollWidth,
            wide: Array.from(document.querySelectorAll('body *'))
                .filter((el) => el.getBoundingClientRect().right > width + 1
                    && !el.closest('.table-scroll'))
                .slice(0, 5)
                .map((el) => el.tagName + '.' + el.className),
        })""",
        WIDTH,
    )


def test_no_main_page_scrolls_sideways_on_a_phone(log_in, desk, project, users, long_article):
    page = log_in(users["editor"], phone=True)
    too_wide = {}
    for name, url in main_pages(desk, project, long_article).items():
        assert page.goto(url).status == 200, name
        measured = overflow(page)
        if measured["scroll"] > WIDTH + 1:
            too_wide[name] = measured
        screenshot(page, f"phone-{name.replace(' ', '-')}")
    assert not too_wide, "\n".join(f"{name}: {wide}" for name, wide in too_wide.items())


def test_tapping_a_claim_on_a_phone_brings_its_panel_into_view(log_in, desk, project, users):
    article = article_ingest(
        project=project, raw=RawArticle(body=LONG_STORY, title="Inquiry"), origin="inquiry.txt"
    ).article
    claim = article.claims.get(text__startswith="Witness 2 said")
    page = log_in(users["annotator"], phone=True)
    page.goto(f"/articles/{article.pk}/")
    panel_top = "() => document.getElementById('claim-panel').getBoundingClientRect().top"
    assert page.evaluate(panel_top) > PHONE["viewport"]["height"], "the panel starts in view"
    page.tap(f"#claim-{claim.pk}")
    page.locator(f"[data-claim-panel='{claim.pk}']").wait_for()
    # Scrolled to the panel's top (to within a pixel's fraction), not merely nearer to it.
    page.wait_for_function(f"() => Math.abs(({panel_top})()) < 2")
    assert page.locator(f"[data-claim-panel='{claim.pk}'] h2").is_visible()
    screenshot(page, "phone-reader-panel")
