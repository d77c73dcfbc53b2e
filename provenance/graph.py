"""The provenance graph: sources as nodes, "relays" as edges, laid out in layers for SVG.

An edge A → B means some chain has B as the next hop after A (B relayed what A said), counted in
distinct claims. Counting happens in the database, so a project of any size costs one grouped
query per picture; only the busiest ``MAX_NODES`` sources are drawn.

Layout: each source sits in the layer of the position it most often holds in chains (speakers
left, first relays next, and so on), ordered within a layer by how many claims stand on it.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery

from provenance.models import AttributionHop, AttributionStatus, Claim, Source

MAX_NODES = 40
MAX_LAYER = 3
NODE_WIDTH = 190
NODE_HEIGHT = 30
LAYER_GAP = 130
ROW_GAP = 14
MARGIN = 20


@dataclass(frozen=True)
class Node:
    source: Source
    claims: int
    layer: int
    x: float
    y: float


@dataclass(frozen=True)
class Edge:
    start: Node
    end: Node
    claims: int
    path: str  # SVG path data
    width: float
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Graph:
    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int
    hidden_sources: int  # sources left out to keep the picture readable


def _hops(claims: QuerySet[Claim]) -> QuerySet[AttributionHop]:
    return AttributionHop.objects.filter(attribution__claim__in=claims).exclude(
        attribution__status=AttributionStatus.REJECTED
    )


def provenance_graph(claims: QuerySet[Claim]) -> Graph:
    """The graph of the chains behind ``claims``."""
    hops = _hops(claims)
    per_source = {
        row["source"]: row["n"]
        for row in hops.values("source").annotate(n=Count("attribution__claim", distinct=True))
    }
    positions: dict[int, Counter] = defaultdict(Counter)
    for row in hops.values("source", "position").annotate(n=Count("pk")).order_by():
        positions[row["source"]][min(row["position"], MAX_LAYER)] += row["n"]
    following = AttributionHop.objects.filter(
        attribution=OuterRef("attribution"), position=OuterRef("position") + 1
    ).values("source")[:1]
    pairs = (
        hops.annotate(relay=Subquery(following))
        .exclude(relay=None)
        .values("source", "relay")
        .annotate(n=Count("attribution__claim", distinct=True))
        .order_by()
    )
    kept = sorted(per_source, key=lambda s: (-per_source[s], s))[:MAX_NODES]
    sources = Source.objects.in_bulk(kept)
    layers: dict[int, list[int]] = defaultdict(list)
    for source_id in kept:
        # The most common position; ties go to the leftmost, so speakers stay on the left.
        layer = min(positions[source_id].items(), key=lambda item: (-item[1], item[0]))[0]
        layers[layer].append(source_id)
    nodes: dict[int, Node] = {}
    for column, layer in enumerate(sorted(layers)):
        for row, source_id in enumerate(layers[layer]):
            nodes[source_id] = Node(
                source=sources[source_id],
                claims=per_source[source_id],
                layer=column,
                x=MARGIN + column * (NODE_WIDTH + LAYER_GAP),
                y=MARGIN + row * (NODE_HEIGHT + ROW_GAP),
            )
    edges = [
        _edge(nodes[row["source"]], nodes[row["relay"]], row["n"])
        for row in pairs
        if row["source"] in nodes and row["relay"] in nodes and row["source"] != row["relay"]
    ]
    edges.sort(key=lambda edge: -edge.claims)
    columns = len(layers) or 1
    rows = max((len(ids) for ids in layers.values()), default=1)
    return Graph(
        nodes=list(nodes.values()),
        edges=edges,
        width=2 * MARGIN + columns * NODE_WIDTH + (columns - 1) * LAYER_GAP,
        height=2 * MARGIN + rows * (NODE_HEIGHT + ROW_GAP),
        hidden_sources=max(0, len(per_source) - len(kept)),
    )


def _edge(start: Node, end: Node, claims: int) -> Edge:
    """A curve from the right side of ``start`` to the left side of ``end``; an edge to the same
    or an earlier layer loops out to the right so it does not cross the nodes."""
    x1, y1 = start.x + NODE_WIDTH, start.y + NODE_HEIGHT / 2
    if end.layer > start.layer:
        x2, y2 = end.x, end.y + NODE_HEIGHT / 2
        c1, c2 = x1 + (x2 - x1) / 2, x2 - (x2 - x1) / 2
    else:
        x2, y2 = end.x + NODE_WIDTH, end.y + NODE_HEIGHT / 2
        reach = 60 + 10 * abs(start.layer - end.layer)
        c1, c2 = x1 + reach, x2 + reach
    path = f"M{x1:.0f},{y1:.0f} C{c1:.0f},{y1:.0f} {c2:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
    return Edge(
        start=start,
        end=end,
        claims=claims,
        path=path,
        width=1.5 + 2 * math.log2(claims),
        label_x=(x1 + x2) / 2 + (30 if end.layer <= start.layer else 0),
        label_y=(y1 + y2) / 2 - 4,
    )


def claims_relayed(claims: QuerySet[Claim], *, speaker: int, relay: int) -> QuerySet[Claim]:
    """The claims behind an edge: a chain not rejected where ``relay`` follows ``speaker``."""
    following = AttributionHop.objects.filter(
        attribution=OuterRef("attribution"), position=OuterRef("position") + 1, source_id=relay
    )
    hops = (
        AttributionHop.objects.filter(source_id=speaker)
        .exclude(attribution__status=AttributionStatus.REJECTED)
        .filter(Exists(following))
    )
    return claims.filter(pk__in=hops.values("attribution__claim"))


def claims_through(claims: QuerySet[Claim], *, source: int) -> QuerySet[Claim]:
    """The claims with ``source`` anywhere in a chain not rejected."""
    hops = AttributionHop.objects.filter(source_id=source).exclude(
        attribution__status=AttributionStatus.REJECTED
    )
    return claims.filter(pk__in=hops.values("attribution__claim"))
