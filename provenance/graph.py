"""The provenance graph: who said it, who passed it on, and where the reader met it.

Layers, left to right: the original sources (the first hop of a chain), the relays (the
second hop, then the later ones) and the articles the claims appear in (their publisher when
it is known, otherwise the article itself). Each claim is drawn by its main chain
(``Claim.main_attribution``), the one the exports and corroboration read. An arrow A → B means
B passed on what A said, counted in distinct claims; an arrow into an article comes from the
last hop of a chain in it.

Readable at a glance, whatever the project's size:
- sources that are not worth a node are folded into counts shown beside the picture: junk (a
  mention the registry does not know and whose kind nobody could tell), sources cited by one
  claim and relayed by nobody, and the least-cited beyond ``MAX_PER_LAYER`` in a layer;
- each node is as tall as its incoming arrows need, one port per arrow, and each arrow's count
  sits at its own port: labels cannot overlap, and the picture stays within a screen;
- *independent* origins are marked and counted: the first hop someone could be asked about
  (the speaker, or for an unnamed speaker the outlet that heard them), as in
  ``provenance.corroboration``. Three articles relaying one Reuters story are one origin.

A picture of one claim keeps its one-off sources (every source of one claim is cited once).
The project's picture narrows to one article, one event (the articles that report one story)
or one claim (``claims_narrowed``); the folding rules hold within what is left.

Counting happens in the database: a handful of grouped queries per picture.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery

from provenance.models import Article, AttributionHop, Claim, Source

MAX_PER_LAYER = 12
NODE_WIDTH = 200
NODE_HEIGHT = 30
PORT_GAP = 15  # vertical room per incoming arrow: more than a label's height
LAYER_GAP = 150
ROW_GAP = 12
MARGIN = 20
LABEL_CHARS = 20  # a node's name is cut to this many characters to stay inside its box

ORIGINS, RELAYS, LATER_RELAYS, ARTICLES = 0, 1, 2, 3
LAYER_NAMES = ("Original sources", "Relays", "Relays of relays", "Articles / publishers")


@dataclass(eq=False)
class Node:
    key: tuple[str, int]  # ("source" | "publisher" | "article", id)
    label: str
    kind: str  # a source kind, or "article"
    claims: int
    layer: int
    independent: bool = False
    x: float = 0
    y: float = 0
    height: float = NODE_HEIGHT
    incoming: list["Edge"] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.key[1]

    @property
    def text_y(self) -> float:
        return self.y + self.height / 2 + 4

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= LABEL_CHARS else self.label[: LABEL_CHARS - 1] + "…"


@dataclass(eq=False)
class Edge:
    start: Node
    end: Node
    claims: int
    path: str = ""
    label_x: float = 0
    label_y: float = 0

    @property
    def width(self) -> float:
        return 1.5 + 1.5 * math.log2(self.claims)

    @property
    def to_article(self) -> bool:
        return self.end.layer == ARTICLES

    @property
    def label_anchor(self) -> str:
        return "end" if self.end.x > self.start.x else "start"


@dataclass(frozen=True)
class Folded:
    junk: int  # unknown kind, not in the registry
    minor: int  # cited by one claim, relayed by nobody
    crowded: int  # beyond MAX_PER_LAYER in their layer
    isolated: int  # left with no arrow once the others were folded

    @property
    def parts(self) -> list[str]:
        """What was folded, in words, for the caption; only the kinds that occurred."""
        words = [
            (self.minor, "cited by one claim and relayed by nobody"),
            (self.junk, "unrecognised mentions of unknown kind"),
            (self.crowded, f"less cited, beyond the {MAX_PER_LAYER} a column"),
            (self.isolated, "left without an arrow"),
        ]
        return [f"{count} {text}" for count, text in words if count]


@dataclass(frozen=True)
class Graph:
    nodes: list[Node]
    edges: list[Edge]
    width: int
    height: int
    independent_origins: int  # over every claim, folded sources included
    kinds: list[tuple[str, str]]  # the kinds drawn and their names, for the legend
    folded: Folded
    layer_titles: list[tuple[float, str]]


def _hops(claims: QuerySet[Claim]) -> QuerySet[AttributionHop]:
    """The hops of the claims' main chains (``Claim.main_attribution``): each claim is drawn
    by the one chain that stands for it, as the exports and corroboration read it."""
    return AttributionHop.objects.filter(attribution__in=claims.values("main_attribution"))


def _next_source():
    return AttributionHop.objects.filter(
        attribution=OuterRef("attribution"), position=OuterRef("position") + 1
    ).values("source")[:1]


def _is_junk(source: Source) -> bool:
    return source.kind == "unknown" and not source.in_registry


def _claims_per(hops: QuerySet[AttributionHop], *keys: str) -> dict:
    """Distinct claims per value of ``keys`` (a tuple of values when there are several)."""
    rows = hops.values_list(*keys).annotate(n=Count("attribution__claim", distinct=True))
    return {(row[:-1] if len(keys) > 1 else row[0]): row[-1] for row in rows.order_by()}


def claims_narrowed(
    claims: QuerySet[Claim],
    *,
    article: int | None = None,
    event: int | None = None,
    claim: int | None = None,
) -> QuerySet[Claim]:
    """``claims`` narrowed to those of one article, of the articles of one event, or one claim
    (each given by id; several narrow together)."""
    if article is not None:
        claims = claims.filter(article_id=article)
    if event is not None:
        claims = claims.filter(article__event_id=event)
    if claim is not None:
        claims = claims.filter(pk=claim)
    return claims


def provenance_graph(claims: QuerySet[Claim], *, one_offs: bool = False) -> Graph:
    """The graph of the chains behind ``claims``; ``one_offs``: draw the sources cited by one
    claim and relayed by nobody too, as a picture of one claim must."""
    hops = _hops(claims)
    per_source = _claims_per(hops, "source")
    positions: dict[int, Counter] = defaultdict(Counter)
    for (source, position), n in _claims_per(hops, "source", "position").items():
        positions[source][min(position, LATER_RELAYS)] += n
    with_next = hops.annotate(relay=Subquery(_next_source()))
    relayed = {
        pair: n
        for pair, n in _claims_per(with_next.exclude(relay=None), "source", "relay").items()
        if pair[0] != pair[1]
    }
    last = _claims_per(with_next.filter(relay=None), "source", "attribution__claim__article")
    origins = _independent_origins(with_next)
    sources = Source.objects.in_bulk(list(per_source))

    # Which sources earn a node.
    relaying = {s for pair in relayed for s in pair}
    junk = {pk for pk, source in sources.items() if _is_junk(source)}
    origins -= junk  # a mention nobody could identify is no source to ask
    minor = set() if one_offs else {pk for pk, n in per_source.items() if n < 2} - relaying - junk
    candidates = [pk for pk in per_source if pk not in junk | minor]
    # The position a source most often holds; ties go left, so speakers stay on the left.
    layer_of = {
        pk: min(positions[pk].items(), key=lambda item: (-item[1], item[0]))[0] for pk in candidates
    }
    shown, crowded = _busiest(candidates, layer_of, per_source)
    nodes: dict[tuple[str, int], Node] = {
        ("source", pk): Node(
            key=("source", pk),
            label=sources[pk].name,
            kind=sources[pk].kind,
            claims=per_source[pk],
            layer=layer_of[pk],
            independent=pk in origins,
        )
        for pk in shown
    }
    edges = [
        Edge(nodes[("source", a)], nodes[("source", b)], n)
        for (a, b), n in relayed.items()
        if ("source", a) in nodes and ("source", b) in nodes
    ]
    article_nodes, article_of = _article_nodes(claims, last, nodes)
    into: dict[tuple, int] = Counter()
    for (source, article), n in last.items():
        if ("source", source) in nodes and article in article_of:
            into[(("source", source), article_of[article])] += n
    edges += [Edge(nodes[a], article_nodes[b], n) for (a, b), n in into.items()]
    nodes |= article_nodes

    linked = {node for edge in edges for node in (edge.start, edge.end)}
    isolated = [node for node in nodes.values() if node not in linked]
    drawn = [node for node in nodes.values() if node in linked]
    width, height, titles = _layout(drawn, edges)
    return Graph(
        nodes=drawn,
        edges=sorted(edges, key=lambda edge: -edge.claims),
        width=width,
        height=height,
        independent_origins=len(origins),
        kinds=[(kind, kind.replace("_", " ")) for kind in sorted({node.kind for node in drawn})],
        folded=Folded(junk=len(junk), minor=len(minor), crowded=crowded, isolated=len(isolated)),
        layer_titles=titles,
    )


def _busiest(candidates: list[int], layer_of: dict, per_source: dict) -> tuple[list[int], int]:
    """The ``MAX_PER_LAYER`` most-cited candidates of each layer, and how many were left out."""
    by_layer: dict[int, list[int]] = defaultdict(list)
    for pk in sorted(candidates, key=lambda pk: (-per_source[pk], pk)):
        by_layer[layer_of[pk]].append(pk)
    shown = [pk for members in by_layer.values() for pk in members[:MAX_PER_LAYER]]
    return shown, len(candidates) - len(shown)


def _independent_origins(with_next: QuerySet[AttributionHop]) -> set[int]:
    """The sources claims can be traced back to and asked about: a named first hop, or, when
    the first hop is unnamed, the one who heard it (the rule of ``provenance.corroboration``)."""
    rows = with_next.filter(position=0).values_list("source", "source__kind", "relay").distinct()
    return {relay if kind == "anonymous" and relay else source for source, kind, relay in rows}


def _article_nodes(claims, last: dict, sources: dict) -> tuple[dict, dict[int, tuple]]:
    """One node per publisher (or per article without one), for the busiest ones; and the node
    key of each article drawn."""
    wanted = {article for (source, article) in last if ("source", source) in sources}
    articles = Article.objects.filter(pk__in=wanted).select_related("publisher")
    per_article = Counter()
    for (_, article), n in last.items():
        per_article[article] += n
    nodes: dict[tuple, Node] = {}
    article_of: dict[int, tuple] = {}
    for article in articles:
        if article.publisher_id:
            key, label = ("publisher", article.publisher_id), article.publisher.name
        else:
            key, label = ("article", article.pk), article.title or article.origin
        article_of[article.pk] = key
        node = nodes.setdefault(
            key, Node(key=key, label=label, kind="article", claims=0, layer=ARTICLES)
        )
        node.claims += per_article[article.pk]
    kept = sorted(nodes.values(), key=lambda node: (-node.claims, node.key))[:MAX_PER_LAYER]
    kept_keys = {node.key for node in kept}
    return (
        {node.key: node for node in kept},
        {article: key for article, key in article_of.items() if key in kept_keys},
    )


def _layout(nodes: list[Node], edges: list[Edge]) -> tuple[int, int, list[tuple[float, str]]]:
    """Columns by layer, nodes stacked by claims; each node tall enough for one port per
    incoming arrow, ports ordered by where the arrows start so that they do not cross there."""
    for edge in edges:
        edge.end.incoming.append(edge)
    columns = sorted({node.layer for node in nodes})
    column_of = {layer: index for index, layer in enumerate(columns)}
    top = MARGIN + 18  # room for the layer titles
    bottoms = []
    positions: dict[Node, int] = {}
    for layer in columns:
        y = top
        members = sorted(
            (node for node in nodes if node.layer == layer), key=lambda n: (-n.claims, n.label)
        )
        for row, node in enumerate(members):
            node.x = MARGIN + column_of[layer] * (NODE_WIDTH + LAYER_GAP)
            node.y = y
            node.height = max(NODE_HEIGHT, PORT_GAP * len(node.incoming) + 6)
            positions[node] = row
            y += node.height + ROW_GAP
        bottoms.append(y)
    for node in nodes:
        ordered = sorted(node.incoming, key=lambda edge: (edge.start.y, edge.start.x))
        for port, edge in enumerate(ordered):
            _route(edge, port, len(ordered))
    width = 2 * MARGIN + len(columns) * NODE_WIDTH + (len(columns) - 1) * LAYER_GAP
    titles = [
        (MARGIN + column_of[layer] * (NODE_WIDTH + LAYER_GAP), LAYER_NAMES[layer])
        for layer in columns
    ]
    return width, int(max(bottoms, default=top) + MARGIN - ROW_GAP), titles


def _route(edge: Edge, port: int, ports: int) -> None:
    """A curve from the right side of the start to the ``port``-th port of the end, the count
    just outside that port. An arrow to the same or an earlier column enters the end from its
    right side, so it never runs through the nodes between."""
    start, end = edge.start, edge.end
    x1, y1 = start.x + NODE_WIDTH, start.y + start.height / 2
    y2 = end.y + (end.height - PORT_GAP * ports) / 2 + PORT_GAP * (port + 0.5)
    if end.x > start.x:
        x2 = end.x
        bend = (x2 - x1) / 2
        c1, c2 = x1 + bend, x2 - bend
        edge.label_x = x2 - 8
    else:
        x2 = end.x + NODE_WIDTH
        c1, c2 = x1 + 50, x2 + 50
        edge.label_x = x2 + 8
    edge.path = f"M{x1:.0f},{y1:.0f} C{c1:.0f},{y1:.0f} {c2:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
    edge.label_y = y2 - 3


def claims_relayed(claims: QuerySet[Claim], *, speaker: int, relay: int) -> QuerySet[Claim]:
    """The claims behind an edge: a main chain where ``relay`` follows ``speaker``."""
    following = AttributionHop.objects.filter(
        attribution=OuterRef("attribution"), position=OuterRef("position") + 1, source_id=relay
    )
    hops = AttributionHop.objects.filter(source_id=speaker).filter(Exists(following))
    return claims.filter(main_attribution__in=hops.values("attribution"))


def claims_through(claims: QuerySet[Claim], *, source: int) -> QuerySet[Claim]:
    """The claims with ``source`` anywhere in their main chain."""
    hops = AttributionHop.objects.filter(source_id=source)
    return claims.filter(main_attribution__in=hops.values("attribution"))
