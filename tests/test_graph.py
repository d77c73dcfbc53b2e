"""The provenance graph's content and layout, on chains made for the purpose: what gets a node,
what is folded into counts, which origins are independent, and where the labels go."""

from itertools import pairwise

import pytest

from provenance import graph as graph_module
from provenance.graph import ARTICLES, ORIGINS, PORT_GAP, RELAYS, provenance_graph
from provenance.models import Attribution, Claim
from provenance.services.attributions import attribution_add, attribution_decide
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
