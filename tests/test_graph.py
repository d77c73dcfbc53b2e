"""The provenance graph's content and layout, on chains made for the purpose: what gets a node,
what is folded into counts, which origins are independent, and where the labels go."""

from itertools import pairwise

import pytest

from provenance import graph as graph_module
from provenance.graph import (
    ARTICLES,
    ORIGINS,
    PORT_GAP,
    RELAYS,
    claims_narrowed,
    provenance_graph,
)
from provenance.models import Attribution, Claim
from provenance.services.attributions import attribution_add, attribution_decide
from provenance.services.events import article_event_move
from provenance.text.types import Hop

pytestmark = pytest.mark.django_db

CHAINS = {
    # article publisher: chains of its claims (speaker first)
    "Daily Post": [
        [("Water Ministry", "government"), ("Reuters", "wire_agency")],
        [("diplomats", "anonymous"), ("Associated Press", "wire_agency")],
    ],
    "Evening Star": [
        [("Water Ministry", "government"), ("Reuters", "wire_agency")],
        [("Jane Doe", "individual")],
        [("her workplace yesterday", "unknown")],
    ],
}


@pytest.fixture
def claims(ingest, users):
    """One article per publisher, one claim per chain; only these chains exist."""
    made = []
    for number, (publisher, chains) in enumerate(CHAINS.items()):
        body = "\n".join(f"The river rose {n + 2} metres overnight." for n in range(len(chains)))
        article = ingest(body, origin=f"{number}.txt", publisher=publisher)
        Attribution.objects.filter(claim__article=article).delete()  # only the chains below
        for claim, chain in zip(article.claims.order_by("start"), chains, strict=True):
            hops = [
                Hop(name, kind, "speaker" if i == 0 else "relay")
                for i, (name, kind) in enumerate(chain)
            ]
            attribution_add(claim=claim, chain=hops, user=users["reviewer"])
            made.append(claim)
    return Claim.objects.filter(pk__in=[claim.pk for claim in made])


def _by_label(graph):
    return {node.label: node for node in graph.nodes}


def test_layers_edges_and_independent_origins(claims):
    graph = provenance_graph(claims)
    nodes = _by_label(graph)
    assert nodes["Water Ministry"].layer == ORIGINS and nodes["Water Ministry"].independent
    assert nodes["Reuters"].layer == RELAYS and not nodes["Reuters"].independent
    # An unnamed speaker stands on the outlet that heard it.
    assert not nodes["diplomats"].independent and nodes["Associated Press"].independent
    assert nodes["Daily Post"].layer == nodes["Evening Star"].layer == ARTICLES
    edges = {(e.start.label, e.end.label): e.claims for e in graph.edges}
    assert edges[("Water Ministry", "Reuters")] == 2
    assert edges[("Reuters", "Daily Post")] == edges[("Reuters", "Evening Star")] == 1
    assert edges[("Associated Press", "Daily Post")] == 1
    # Ministry, AP and Jane Doe; the unidentifiable mention is no source to ask.
    assert graph.independent_origins == 3


def test_junk_and_one_off_sources_are_folded_into_counts(claims):
    graph = provenance_graph(claims)
    labels = set(_by_label(graph))
    assert "her workplace yesterday" not in labels and "Jane Doe" not in labels
    assert (graph.folded.junk, graph.folded.minor) == (1, 1)
    assert all(edge.start in graph.nodes and edge.end in graph.nodes for edge in graph.edges)


def test_a_crowded_column_keeps_its_busiest(claims, monkeypatch):
    monkeypatch.setattr(graph_module, "MAX_PER_LAYER", 1)
    graph = provenance_graph(claims)
    relays = [node.label for node in graph.nodes if node.layer == RELAYS]
    assert relays == ["Reuters"]
    assert graph.folded.crowded >= 1


def test_rejected_chains_are_not_drawn(claims, users):
    for attribution in Attribution.objects.filter(hops__source__name="Associated Press"):
        attribution_decide(
            attribution=attribution,
            status="rejected",
            version=attribution.version,
            user=users["reviewer"],
        )
    assert "Associated Press" not in _by_label(provenance_graph(claims))


def test_each_arrow_has_its_own_port_and_label_slot(claims):
    graph = provenance_graph(claims)
    for node in graph.nodes:
        slots = sorted(edge.label_y for edge in graph.edges if edge.end is node)
        assert all(b - a >= PORT_GAP for a, b in pairwise(slots)), node.label
        assert all(node.y <= y + 3 <= node.y + node.height for y in slots), node.label
    assert graph.height < 400


def test_article_filter_on_the_page(client, claims, users, project):
    client.force_login(users["annotator"])
    article = claims.order_by("article_id").last().article
    page = client.get(f"/projects/{project.pk}/graph/", {"article": article.pk}).content.decode()
    assert "Evening Star" in page and "Daily Post" not in page.split("<svg")[1]
    assert client.get(f"/projects/{project.pk}/graph/", {"article": "x"}).status_code == 200


def test_the_caption_names_only_what_was_folded(claims):
    parts = provenance_graph(claims).folded.parts
    assert parts == [
        "1 cited by one claim and relayed by nobody",
        "1 unrecognised mentions of unknown kind",
    ]


# Narrowing the picture to one event or one claim


@pytest.fixture
def two_events(claims):
    """The Evening Star's article moved to an event of its own: each publisher's article is
    then the only one of its event."""
    star = claims.get(
        article__publisher__name="Evening Star", attributions__hops__source__name="Jane Doe"
    ).article
    article_event_move(article=star, event=None, actor=None)
    post = claims.filter(article__publisher__name="Daily Post").first().article
    post.refresh_from_db()
    star.refresh_from_db()
    assert post.event_id != star.event_id
    return post.event_id, star.event_id


def test_an_event_shows_only_its_claims_sources_relays_and_publishers(claims, two_events):
    post_event, star_event = two_events
    post = _by_label(provenance_graph(claims_narrowed(claims, event=post_event)))
    assert set(post) == {"Water Ministry", "Reuters", "diplomats", "Associated Press", "Daily Post"}
    star = provenance_graph(claims_narrowed(claims, event=star_event))
    # The other event's relays and publisher are gone; its junk and one-offs stay folded.
    assert set(_by_label(star)) == {"Water Ministry", "Reuters", "Evening Star"}
    assert (star.folded.junk, star.folded.minor) == (1, 1)
    assert star.independent_origins == 2  # Jane Doe counts, though folded; the mention does not
    edges = {(e.start.label, e.end.label): e.claims for e in star.edges}
    assert edges == {("Water Ministry", "Reuters"): 1, ("Reuters", "Evening Star"): 1}


def test_one_claim_draws_its_own_chain_but_never_junk(claims):
    jane = claims.get(attributions__hops__source__name="Jane Doe")
    graph = provenance_graph(claims_narrowed(claims, claim=jane.pk), one_offs=True)
    assert set(_by_label(graph)) == {"Jane Doe", "Evening Star"}
    junk = claims.get(attributions__hops__source__name="her workplace yesterday")
    graph = provenance_graph(claims_narrowed(claims, claim=junk.pk), one_offs=True)
    assert graph.nodes == [] and graph.folded.junk == 1


def test_event_and_claim_filters_on_the_page(client, claims, two_events, users, project):
    _, star_event = two_events
    client.force_login(users["annotator"])
    url = f"/projects/{project.pk}/graph/"
    page = client.get(url, {"event": star_event}).content.decode()
    picture = page.split("<svg")[1]
    assert "Evening Star" in picture and "Daily Post" not in picture
    assert "Associated Press" not in picture and "her workplace" not in picture
    assert f'<option value="{star_event}" selected>' in page, "the control shows the choice"
    jane = claims.get(attributions__hops__source__name="Jane Doe")
    page = client.get(url, {"claim": jane.pk}).content.decode()
    assert "Jane Doe" in page.split("<svg")[1]
    for bad in ({"event": "x"}, {"event": 10**9}, {"claim": "-3"}):
        response = client.get(url, bad)
        assert response.status_code == 200
        name, value = next(iter(bad.items()))
        assert f"No {name} {value} in this project" in response.content.decode()


def test_another_projects_event_does_not_narrow_the_picture(
    client, claims, ingest, other_project, users, project
):
    elsewhere = ingest("The river rose 9 metres overnight.", target=other_project, origin="o.txt")
    client.force_login(users["editor"])
    page = client.get(f"/projects/{project.pk}/graph/", {"event": elsewhere.event_id})
    assert f"No event {elsewhere.event_id} in this project" in page.content.decode()
    assert "Daily Post" in page.content.decode().split("<svg")[1]
