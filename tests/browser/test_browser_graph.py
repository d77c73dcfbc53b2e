"""The provenance graph of the seed project, read in a real browser: it fits a screen, has a
legend, marks independent origins, and no two labels overlap; narrowed to one event, on a
desktop and a 375 px phone, by a link another member can open."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count

from provenance.graph import claims_narrowed, provenance_graph
from provenance.models import Article, AttributionHop, Claim, Event, Source
from provenance.services.events import article_event_move
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
VIEWPORT_HEIGHT = 900  # the log_in fixture's window
# The whole page: title, summary, picture, legend and the folded table. Before this work the
# seed project's picture alone was about 3,900 px tall.
PAGE_HEIGHT_LIMIT = 1600

LABEL_BOXES = """() => [...document.querySelectorAll('svg.graph text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, cls: t.getAttribute('class'),
            left: r.left, right: r.right, top: r.top, bottom: r.bottom};
})"""
NODE_FITS = """() => [...document.querySelectorAll('svg.graph g.node')].map(g => {
    const box = g.querySelector('rect').getBoundingClientRect();
    const text = g.querySelector('text').getBoundingClientRect();
    return {text: g.querySelector('text').textContent,
            inside: text.left >= box.left && text.right <= box.right + 0.5
                    && text.top >= box.top - 0.5 && text.bottom <= box.bottom + 0.5};
})"""


def _overlap(a, b, slack=0.5) -> bool:
    return (
        a["left"] < b["right"] - slack
        and b["left"] < a["right"] - slack
        and a["top"] < b["bottom"] - slack
        and b["top"] < a["bottom"] - slack
    )


@pytest.fixture
def seeded(project, users):
    call_command("load_sources", verbosity=0)
    call_command("ingest", str(SEEDS), "--project", project.name, verbosity=0)
    for user in users.values():
        user.set_password("browser-test-Pass-1")
        user.save(update_fields=["password"])
    return project


def test_seed_graph_fits_has_a_legend_and_no_overlapping_labels(log_in, seeded, users):
    page = log_in(users["annotator"])
    page.goto(f"/projects/{seeded.pk}/graph/")
    svg = page.locator("svg.graph").bounding_box()
    assert svg["height"] <= VIEWPORT_HEIGHT, svg
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= PAGE_HEIGHT_LIMIT, height
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "the page scrolls sideways"

    legend = page.locator("#graph-legend li")
    assert legend.count() >= 3 and page.locator("#graph-legend").is_visible()
    assert "independent" in page.locator("#graph-legend").inner_text()

    boxes = page.evaluate(LABEL_BOXES)
    assert len([b for b in boxes if b["cls"] == "edge-label"]) >= 5
    clashes = [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if _overlap(a, b)
    ]
    assert not clashes, clashes
    outside = [node["text"] for node in page.evaluate(NODE_FITS) if not node["inside"]]
    assert not outside, outside

    marked = page.locator("svg.graph g.node.independent")
    assert marked.count() >= 1
    assert all(t.startswith("★") for t in marked.locator("text").all_text_contents())
    summary = page.locator("#graph-summary").inner_text()
    assert "independent original source" in summary and "Folded" in summary
    screenshot(page, "graph-seed-project")

    # On a phone the picture shrinks with the page instead of pushing it sideways.
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator("svg.graph").bounding_box()["width"] <= 375
    page.set_viewport_size({"width": 1400, "height": VIEWPORT_HEIGHT})

    # Narrowed to one article: a smaller picture of that article's chains only.
    options = page.locator("#graph-article option")
    assert options.count() == 6  # "every article" and the five seeds
    page.select_option("#graph-article", index=1)
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/graph/?article=*")
    assert page.locator("svg.graph g.node").count() < marked.count() + 30
    assert page.locator("svg.graph g.node.kind-article").count() == 1


def _drawn(page) -> set[str]:
    """The nodes' names as the picture writes them, without the ★ and the count."""
    texts = page.locator("svg.graph g.node text").all_text_contents()
    return {text.removeprefix("★ ").rsplit(" · ", 1)[0] for text in texts}


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_narrowed_to_one_event_by_a_link_anyone_can_open(log_in, seeded, users, phone):
    # The seeds report one story; an editor moves one article to an event of its own.
    moved = Article.objects.get(project=seeded, title__startswith="Nearly 40 Nations")
    article_event_move(article=moved, event=None, actor=None)
    events = Event.objects.filter(project=seeded).annotate(n=Count("articles")).order_by("-n")
    assert [e.n for e in events] == [4, 1]
    event = events.first()
    claims = claims_narrowed(Claim.objects.filter(article__project=seeded), event=event.pk)
    expected = provenance_graph(claims)
    assert expected.nodes, "the seeds' busiest event should have a picture"
    whole = provenance_graph(Claim.objects.filter(article__project=seeded))
    # Not the whole picture: the moved article is gone (sources the whole picture had no room
    # for may now get a node of their own).
    assert {n.key for n in expected.nodes} != {n.key for n in whole.nodes}
    assert moved.title not in {node.label for node in expected.nodes}

    page = log_in(users["annotator"], phone=phone)
    page.goto(f"/projects/{seeded.pk}/graph/")
    assert page.locator("#graph-event option").count() == events.count() + 1
    page.select_option("#graph-event", str(event.pk))
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(f"**/graph/?*event={event.pk}*")
    assert _drawn(page) == {node.short_label for node in expected.nodes}
    # Only that event's speakers, relays and publishers, and no junk among them.
    in_event = set(
        AttributionHop.objects.filter(
            attribution__in=claims.values("main_attribution")
        ).values_list("source__name", flat=True)
    ) | set(claims.values_list("article__publisher__name", flat=True))
    for node in expected.nodes:
        assert node.label in in_event or node.kind == "article", node.label
        assert node.kind != "unknown" or Source.objects.get(pk=node.pk).in_registry, node.label
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, f"graph-event-{'phone' if phone else 'desktop'}")

    # The address is the picture: another member opening it sees the same nodes.
    shared = page.url
    other = log_in(users["reviewer"], phone=phone)
    other.goto(shared)
    assert _drawn(other) == _drawn(page)
    assert other.locator("#graph-event").input_value() == str(event.pk)
    other.click("#graph-unfiltered")
    other.wait_for_url(f"**/projects/{seeded.pk}/graph/")
    assert other.locator("#graph-event").input_value() == ""
