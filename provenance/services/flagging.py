"""Contradiction flags between claims of different sources, and corroboration groups, found
without comparing all pairs.

Each claim's keys are stored at ingest (``ClaimKey``): the text keys of its words and the band
keys of its sentence embedding (``text.embedding_bands``). To flag a claim, it fetches, for
each of its text keys, at most ``PER_KEY`` of the most recent claims with that key, ranks those
candidates by key similarity and runs the detectors on the best ``TOP_K``; and, for each of its
bands, at most ``PER_BAND`` claims, of which the ``NEAR_SHORTLIST`` sharing the most bands are
ranked by the true cosine of the stored embeddings and the ``NEAR_K`` closest compared too,
which keys miss when the words differ. Work per claim is bounded by those numbers, not by the
size of the corpus.

The round trips are per article, not per claim: an article's claims share most of their keys,
so each distinct key is looked up once for all of them (the text and band keys of an article in
one statement per ``KEYS_PER_QUERY``), and the candidates of all the articles flagged together
are read at once as plain rows (keys, speakers' ids; the shortlists' embeddings in one more),
their texts analysed only for the pairs that are compared. Flagging a new article of eight
claims takes about 30 queries whatever the corpus; a batch of new articles (``articles_flag``,
a command-line ingest) a few more per article.

The other claims of the claim's own article are candidates too, ranked apart (at most
``TOP_K`` of them, so an article's length bounds the work): an article that quotes two sources
often carries their conflict itself ("officials put the toll at 40, though local groups
say as many as 300 died"; "rights groups accuse ...; the government denied the allegations").
Claims of one source are still never flagged, and only claims of different articles are grouped
as corroborating each other, since one article is one relay of what it reports.

Headlines and captions (``UNFLAGGED_KINDS``) are compared for grouping only: a headline says
what its article reports, often in the words and figures of another article's lede, but its
grammar is clipped and its figures rounded, so it is never flagged against anything. It is
grouped with the claim of its own article's text that says the same when another source
states that claim ("Russia denies missile strike on station" over "the ministry said it did
not launch any attack"): the headline adds no source, and the group holds what the page says.
"""

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from functools import lru_cache
from itertools import chain

import numpy as np
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from provenance.models import Article, Claim, ClaimKey, Flag, FlagStatus
from provenance.selectors import claim_before_ids, flags_touching
from provenance.services.bands import band_rows
from provenance.services.corroboration import claims_group_pairs
from provenance.services.flags import claims_open_flag_refresh
from provenance.services.key_index import key_rows_insert
from provenance.text.claim_keys import keys_weight, similarity
from provenance.text.contradiction import (
    HEADLINE_SAME,
    SAME_STATEMENT_THRESHOLD,
    SEMANTIC_SAME,
    ClaimView,
    Detection,
    detect_contradictions,
    points_back,
    same_statement,
    stand_apart,
)
from provenance.text.embedding_bands import BAND_PREFIX, text_keys
from provenance.text.embeddings import embed, from_bytes, to_bytes
from provenance.text.nli import load_nli_backend, nli_detection
from provenance.text.pipeline import NOT_PROSE_KINDS

PER_KEY = 200
# Claims flagged by one task: what one article's flagging holds a worker for before the rest of
# it goes to the back of the queue (re-scans cut projects in chunks of this size too).
CLAIMS_PER_TASK = 500
TOP_K = 25
# Candidates by meaning (``_neighbours``): per claim, at most NEAR_K claims of other articles
# whose embeddings' cosine with its own is NEAR_COSINE or more. On the real articles' dev
# split, a true contradiction's partner is among a claim's 10 nearest claims of other articles
# for 72% of the pairs, and their median cosine is 0.52. They are found through the claim's
# embedding bands (``text.embedding_bands``, one bucket per event and band): each band's walk
# of the key index reads at most PER_BAND claims, newest first; the NEAR_SHORTLIST that share
# the most bands with the claim are read, and ranked by their true cosine. On the seeds and the
# dev split, 99% of each claim's true 10 nearest in its event are in that shortlist
# (``bench/bands.py``).
NEAR_K = 10
NEAR_COSINE = 0.4
PER_BAND = 50
NEAR_SHORTLIST = 200
# Headlines and captions compared with a claim for grouping only: the closest in meaning of
# those its keys and bands found.
UNFLAGGED_K = 5
UNFLAGGED_KINDS = NOT_PROSE_KINDS
# Ids per ``IN`` list, well under the bound parameters SQLite and PostgreSQL take in one
# statement; an article of ordinary length reads its candidates in one go.
ID_BATCH = 5000
# Keys looked up in one statement: SQLite takes at most 500 terms in a compound SELECT.
KEYS_PER_QUERY = 200
_CLAIM, _ARTICLE, _KEY = (
    connection.ops.quote_name(model._meta.db_table) for model in (Claim, Article, ClaimKey)
)

logger = logging.getLogger(__name__)

# A matched pair to group: (project id, first claim id, second claim id, score).
Match = tuple[int, int, int, float]


@lru_cache(maxsize=1)
def _nli_backend():
    return load_nli_backend(settings.NLI_MODEL_DIR or None)


class _Prepared:
    """A claim with what comparisons need, read once per flagging run as plain values.

    ``view`` (the analysed text) is built only for claims that are compared: most candidates
    are read for their keys, ranked, and dropped.
    """

    __slots__ = (
        "article_id",
        "bands",
        "event_id",
        "flaggable",
        "keys",
        "pk",
        "project_id",
        "source",
        "text",
        "vector",
        "view",
        "weight",
    )

    def __init__(
        self,
        *,
        pk: int,
        article_id: int,
        project_id: int,
        text: str,
        keys: frozenset,
        source: str,
        event_id: int | None = None,
        embedding: bytes | None = None,
        bands: frozenset = frozenset(),
        flaggable: bool = True,
    ) -> None:
        self.pk, self.article_id, self.project_id = pk, article_id, project_id
        self.flaggable = flaggable
        self.event_id = event_id
        self.text, self.keys, self.source = text, keys, source
        self.weight = keys_weight(keys)  # read once, for every pair it is ranked in
        self.bands = bands
        self.vector = None if embedding is None else from_bytes(embedding)
        self.view: ClaimView | None = None

    def cosine(self, other: "_Prepared") -> float | None:
        """How close the two claims are in meaning; None when one has no embedding."""
        if self.vector is None or other.vector is None:
            return None
        # float16 storage can put a vector's length a hair above 1.
        return min(1.0, float(self.vector @ other.vector))


def _source_key(*, speaker_id: int | None, publisher_id: int | None, article_id: int) -> str:
    """Who stands behind a claim: its speaker, else the article's publisher."""
    if speaker_id is not None:
        return f"source:{speaker_id}"
    if publisher_id is not None:
        return f"source:{publisher_id}"
    return f"article:{article_id}"


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), ID_BATCH):
        yield ids[start : start + ID_BATCH]


def _prepare(
    ids: Iterable[int], cache: dict[int, _Prepared | None], *, with_bands: bool = False
) -> list[_Prepared]:
    """The claims among ``ids``, in that order, reading only those not in ``cache`` (where an
    id read and found gone is kept as ``None``).

    ``with_bands``: read their band keys too, which only the claims being flagged need (their
    bands are walked for candidates by meaning); a candidate is ranked by its text keys alone,
    and has a few text keys for some 30 bands, so it is read without them."""
    ids = list(ids)
    missing = [i for i in dict.fromkeys(ids) if i not in cache]
    for batch in _batches(missing):
        _read(batch, cache, with_bands=with_bands)
        for i in batch:
            cache.setdefault(i, None)
    return [item for item in map(cache.get, ids) if item is not None]


def _marks(values: Sequence) -> str:
    return ", ".join(["%s"] * len(values))


def _claim_rows(columns: str, ids: list[int], condition: str = "") -> list[tuple]:
    """``columns`` of the claims among ``ids`` (``c``, with their articles as ``a``), as plain
    rows. Written as SQL: for the lists of hundreds of ids flagging reads, the ORM spent more
    building the statement than the database spent answering it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {_CLAIM} c JOIN {_ARTICLE} a ON a.id = c.article_id "
            f"WHERE c.id IN ({_marks(ids)}) {condition}",
            ids,
        )
        return cursor.fetchall()


def _read(ids: list[int], cache: dict[int, _Prepared | None], *, with_bands: bool) -> None:
    """Claims, keys and speakers of ``ids`` in two queries of plain rows (SQL, as
    ``_claim_rows``). A claim's text keys and its embedding's band keys are kept apart: only
    the first count in ``similarity``."""
    bands = "" if with_bands else f"AND key NOT LIKE '{BAND_PREFIX}%%'"
    keys: dict[int, set[str]] = defaultdict(set)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT claim_id, key FROM {_KEY} WHERE claim_id IN ({_marks(ids)}) {bands}", ids
        )
        for claim_id, key in cursor.fetchall():
            keys[claim_id].add(key)
    rows = _claim_rows(
        "c.id, c.article_id, a.project_id, a.publisher_id, a.event_id, c.text, c.kind, "
        "c.speaker_id, c.embedding",
        ids,
    )
    for row in rows:
        pk, article_id, project_id, publisher_id, event_id, text, kind, speaker_id, embedding = row
        source = _source_key(
            speaker_id=speaker_id, publisher_id=publisher_id, article_id=article_id
        )
        words = text_keys(keys[pk]) if with_bands else frozenset(keys[pk])
        cache[pk] = _Prepared(
            pk=pk,
            article_id=article_id,
            project_id=project_id,
            text=text,
            keys=words,
            source=source,
            event_id=event_id,
            embedding=embedding,
            bands=frozenset(keys[pk]) - words,
            flaggable=kind not in UNFLAGGED_KINDS,
        )


def _views_build(items: Iterable[_Prepared], cache: dict[int, _Prepared | None]) -> None:
    """Analyse the text of each claim about to be compared. A denial that points back ("denied
    the allegations") gets the claim before it as context, which says what it denies; those
    are looked up for all such denials at once."""
    todo = [item for item in dict.fromkeys(items) if item.view is None]
    pointing = [item.pk for item in todo if points_back(item.text)]
    before: dict[int, int] = {}
    for batch in _batches(pointing):
        before.update(claim_before_ids(claim_ids=batch, skipped_kinds=NOT_PROSE_KINDS))
    _prepare(before.values(), cache)
    for item in todo:
        context = cache.get(before.get(item.pk))
        if context is not None:
            context = ClaimView(text=context.text, source=context.source)
        item.view = ClaimView(text=item.text, source=item.source, context=context)


def _candidate_ids(
    *, project_id: int, keys: dict[str, int], exclude: list[int]
) -> dict[str, list[int]]:
    """For each key, the ids of the most recent claims that have it, at most as many as the
    key's cap in ``keys`` (``PER_KEY`` for a text key, ``PER_BAND`` for a band), newest first.

    ``exclude`` are the ids of the article's own claims, which are compared apart. They are
    the newest claims with their keys, so each key's walk reads as many more rows as the article
    has claims with that key, and they are dropped here: each key stays a backward walk of the
    (project, key, claim) index that stops after a bounded number of rows, whatever the corpus
    (a join on the article made PostgreSQL merge-join the whole claim table). The keys of an
    article are read in one statement per ``KEYS_PER_QUERY`` keys, not one per key.
    """
    excluded = set(exclude)
    own: Counter[str] = Counter()
    for batch in _batches(exclude):
        own.update(ClaimKey.objects.filter(claim_id__in=batch).values_list("key", flat=True))
    found: dict[str, list[int]] = defaultdict(list)
    ordered = sorted(keys)
    for start in range(0, len(ordered), KEYS_PER_QUERY):
        batch = ordered[start : start + KEYS_PER_QUERY]
        for key, claim_id in _newest_per_key(project_id, {k: keys[k] + own[k] for k in batch}):
            found[key].append(claim_id)
    return {
        key: sorted((cid for cid in found[key] if cid not in excluded), reverse=True)[: keys[key]]
        for key in ordered
    }


def _newest_per_key(project_id: int, limits: dict[str, int]) -> list[tuple[str, int]]:
    """``(key, claim id)`` of the newest claims of each key, as many as its limit, in one
    statement: a ``UNION ALL`` of one index walk per key."""
    table = connection.ops.quote_name(ClaimKey._meta.db_table)
    walk = (
        f"SELECT * FROM (SELECT key, claim_id FROM {table} WHERE project_id = %s AND key = %s "
        "ORDER BY claim_id DESC LIMIT %s) AS k"
    )
    params: list[object] = []
    for key, limit in limits.items():
        params += [project_id, key, limit]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(walk for _ in limits), params)
        return cursor.fetchall()


def _ranked(item: _Prepared, per_key: dict[str, list[int]]) -> list[int]:
    """The ``TOP_K * 4`` candidates that share the most keys with ``item``, newest first."""
    return _most_shared(item.keys, per_key, TOP_K * 4)


def _most_shared(keys: Iterable[str], per_key: dict[str, list[int]], limit: int) -> list[int]:
    """The ``limit`` claims found under the most of ``keys``, newest first among equals."""
    shared = Counter(chain.from_iterable(per_key[key] for key in keys))
    return sorted(shared, key=lambda cid: (-shared[cid], -cid))[:limit]


def _detections(a: _Prepared, b: _Prepared) -> list[Detection]:
    detections = detect_contradictions(a.view, b.view)
    backend = _nli_backend()
    if backend is not None and not detections:
        nli = nli_detection(backend, a.text, b.text)
        if nli is not None:
            detections.append(nli)
    return detections


def _flag(a: _Prepared, b: _Prepared, detection: Detection) -> Flag:
    return Flag(
        project_id=a.project_id,
        claim_a_id=a.pk,
        claim_b_id=b.pk,
        kind=detection.kind,
        score=detection.score,
        explanation=detection.explanation,
        status=FlagStatus.OPEN,
    )


def claims_flag(*, claim_ids: list[int]) -> int:
    """Flag the given claims against the rest of their project and group the ones that say the
    same thing; returns the number of new flags.

    The claims are grouped by article (a re-scan chunk holds many), so that an article's
    claims look their keys up together, and the candidates of all of them are read in one
    batch.

    Safe to run twice or concurrently: flags are inserted with ``ignore_conflicts`` on the
    unique (claim_a, claim_b, kind) constraint, and a dismissed flag keeps its row, so the same
    pair is never raised again.
    """
    cache: dict[int, _Prepared | None] = {}
    new_flags: list[Flag] = []
    matches: list[Match] = []
    items = [item for item in _prepare(claim_ids, cache, with_bands=True) if item.keys]
    _embeddings_fill(items)
    compared = _candidates(_by_article(items), cache)
    _views_build(chain.from_iterable((item, *others) for item, others in compared), cache)
    for item, others in compared:
        for other in others:
            _compare(item, other, flags=new_flags, matches=matches)
    _group(matches, cache)
    touching = flags_touching(claim_ids=claim_ids)
    before = touching.count()
    Flag.objects.bulk_create(new_flags, ignore_conflicts=True)
    claims_open_flag_refresh(
        claim_ids={*claim_ids, *(flag.claim_a_id for flag in new_flags)}
        | {flag.claim_b_id for flag in new_flags}
    )
    return touching.count() - before


def _embeddings_fill(items: list[_Prepared]) -> None:
    """Embed the claims that have no embedding yet (stored before embeddings existed) and store
    it, and write the band keys of those that have an embedding but no bands (stored before
    bands existed), so that a re-scan brings an older project's claims into the search by
    meaning.

    An embedding is written only if the claim still has none and the text it was computed
    from: a reshape meanwhile wrote its own (and its bands). One update a claim, and one insert
    of band keys for all, on a path only older claims take."""
    missing = [item for item in items if item.vector is None]
    for item, vector in zip(missing, embed([item.text for item in missing]), strict=True):
        stored = to_bytes(vector)
        if Claim.objects.filter(pk=item.pk, embedding=None, text=item.text).update(
            embedding=stored
        ):
            item.vector = from_bytes(stored)
    unbanded = [item for item in items if item.vector is not None and not item.bands]
    if not unbanded:
        return
    rows = [
        row
        for item in unbanded
        for row in band_rows(
            project_id=item.project_id,
            claim_id=item.pk,
            embedding=to_bytes(item.vector),
            event_id=item.event_id,
        )
    ]
    key_rows_insert(rows, ignore_conflicts=True)
    bands: dict[int, set[str]] = defaultdict(set)
    for _project_id, claim_id, key in rows:
        bands[claim_id].add(key)
    for item in unbanded:
        item.bands = frozenset(bands[item.pk])


def _by_article(items: Iterable[_Prepared]) -> list[list[_Prepared]]:
    """Items by article, articles and items in the order they come."""
    articles: dict[int, list[_Prepared]] = {}
    for item in items:
        articles.setdefault(item.article_id, []).append(item)
    return list(articles.values())


def _candidates(
    articles: list[list[_Prepared]], cache: dict[int, _Prepared | None]
) -> list[tuple[_Prepared, list[_Prepared]]]:
    """Each item of each article with the claims to compare it with: the best of other
    articles' claims by keys, those closest in meaning that the keys did not bring and, ranked
    apart so that they never take the places of those among the best ``TOP_K``, the best of
    the article's own. The candidates of all the articles are read together, once."""
    if not articles:
        return []
    siblings: dict[int, list[int]] = defaultdict(list)
    article_ids = [items[0].article_id for items in articles]
    for batch in _batches(article_ids):
        rows = Claim.objects.filter(article_id__in=batch).order_by("pk")
        for article_id, pk in rows.values_list("article_id", "pk"):
            siblings[article_id].append(pk)
    ranked: dict[int, list[int]] = {}
    shortlists: dict[int, list[int]] = {}
    for items in articles:
        caps = dict.fromkeys(chain.from_iterable(item.keys for item in items), PER_KEY)
        caps.update(dict.fromkeys(chain.from_iterable(item.bands for item in items), PER_BAND))
        per_key = _candidate_ids(
            project_id=items[0].project_id, keys=caps, exclude=siblings[items[0].article_id]
        )
        ranked.update((item.pk, _ranked(item, per_key)) for item in items)
        shortlists.update(
            (item.pk, _most_shared(item.bands, per_key, NEAR_SHORTLIST)) for item in items
        )
    near = _neighbours(list(chain.from_iterable(articles)), shortlists)
    _prepare(chain(chain.from_iterable(siblings.values()), *ranked.values(), *near.values()), cache)
    compared = []
    for items in articles:
        own = [s for s in _prepare(siblings[items[0].article_id], cache) if s.flaggable]
        for item in items:
            found = _prepare(ranked[item.pk], cache)
            close = _prepare(near.get(item.pk, []), cache)
            if not item.flaggable:
                compared.append(
                    (
                        item,
                        _grouping_only(item, found + close, limit=TOP_K)
                        + _grouping_only(item, own),
                    )
                )
                continue
            best = _best(item, [o for o in found if o.flaggable])
            chosen = {other.pk for other in best}
            close_prose = [o for o in close if o.flaggable and o.pk not in chosen]
            compared.append(
                (
                    item,
                    best
                    + close_prose
                    + _grouping_only(item, [o for o in found + close if not o.flaggable])
                    + _best(item, [s for s in own if s.pk != item.pk]),
                )
            )
    return compared


def _grouping_only(
    item: _Prepared, others: list[_Prepared], *, limit: int = UNFLAGGED_K
) -> list[_Prepared]:
    """Of ``others`` (claims of other articles found by keys or by meaning), the ``limit``
    closest in meaning to ``item``, for grouping: pairs with a headline or caption."""
    unique = {other.pk: other for other in others}.values()
    scored = sorted(
        ((item.cosine(other) or 0.0, other) for other in unique),
        key=lambda pair: (-pair[0], -pair[1].pk),
    )
    return [other for _cosine, other in scored[:limit]]


def _neighbours(items: list[_Prepared], shortlists: dict[int, list[int]]) -> dict[int, list[int]]:
    """For each item with an embedding, the claims of other articles of its event closest to it
    in meaning: at most ``NEAR_K``, with a cosine of at least ``NEAR_COSINE``, closest first.

    Keys find the claims that share words; these find the ones in other words ("the dam gave
    way" / "the waste dam collapsed"), which is how most real contradictions and rewrites
    read. The pool is each item's shortlist (the claims that share the most embedding bands
    with it, found in the same walks of the key index as its text keys), whose embeddings are
    read in one query for all the items: the work is bounded by ``NEAR_SHORTLIST``, not the
    corpus. A band key names its event, so the shortlist is drawn from the whole of the
    claim's event, however many articles it has.
    """
    wanted = {item.pk: item for item in items if item.vector is not None}
    pool_ids = sorted({cid for pk in wanted for cid in shortlists.get(pk, [])})
    pool: dict[int, tuple[int, int | None, np.ndarray]] = {}
    for batch in _batches(pool_ids):
        rows = _claim_rows(
            "c.id, c.article_id, a.event_id, c.kind, c.embedding",
            batch,
            "AND c.embedding IS NOT NULL",
        )
        pool.update(
            (pk, (a, event, kind not in UNFLAGGED_KINDS, from_bytes(vector)))
            for pk, a, event, kind, vector in rows
        )
    near: dict[int, list[int]] = {}
    for pk, item in wanted.items():
        others = [
            (float(item.vector @ vector), flaggable, cid)
            for cid in shortlists.get(pk, [])
            if cid in pool
            for article, event, flaggable, vector in [pool[cid]]
            if article != item.article_id and events_comparable(item.event_id, event)
        ]
        others.sort(key=lambda pair: (-pair[0], -pair[2]))
        # Headlines and captions are ranked apart: they never take a prose claim's place.
        near[pk] = [
            cid
            for prose in (True, False)
            for cosine, _flaggable, cid in [o for o in others if o[1] is prose][:NEAR_K]
            if cosine >= NEAR_COSINE
        ]
    return near


def _best(item: _Prepared, others: list[_Prepared]) -> list[_Prepared]:
    """The ``TOP_K`` most similar of ``others`` by keys, however little they share.

    Ranked, not cut at a similarity: real conflicts share few words ("the quake measured
    6.5" against "a magnitude 6.1 earthquake"), and the detectors, which compare what the
    claims say, are what decides. On the real articles' dev split, dropping the cut at 0.12
    raised contradiction recall from 0.138 to 0.212 and flag precision from 0.128 to 0.168.
    """
    scored = sorted(
        (
            (similarity(item.keys, other.keys, weights=(item.weight, other.weight)), other)
            for other in others
        ),
        key=lambda pair: (-pair[0], -pair[1].pk),
    )[:TOP_K]
    return [other for _score, other in scored]


def same_event(a: _Prepared, b: _Prepared) -> bool:
    """Whether two claims may be compared at all: never when their articles report different
    events (a flood's toll against a war's)."""
    return events_comparable(a.event_id, b.event_id)


def events_comparable(a: int | None, b: int | None) -> bool:
    """``same_event`` on the events' ids. An article not yet assigned to an event (ingested
    before events existed) is compared as before."""
    return a is None or b is None or a == b


def _compare(item: _Prepared, other: _Prepared, *, flags: list[Flag], matches: list[Match]) -> None:
    """Flags for one candidate pair of one event; a pair of different articles that says the
    same thing without conflict is matched for grouping instead."""
    if not same_event(item, other):
        return
    first, second = sorted((item, other), key=lambda p: p.pk)
    detections = _detections(first, second) if _may_conflict(first, second) else []
    flags.extend(_flag(first, second, d) for d in detections)
    if not detections and _may_group(first, second):
        match = same_statement(
            first.view,
            second.view,
            cosine=first.cosine(second),
            close_enough=SEMANTIC_SAME if first.flaggable and second.flaggable else HEADLINE_SAME,
        )
        if match >= SAME_STATEMENT_THRESHOLD:
            matches.append((first.project_id, first.pk, second.pk, match))


def _may_group(a: _Prepared, b: _Prepared) -> bool:
    """Whether a pair may be grouped: claims of two articles, or a headline or caption and a
    claim of its own article's text that another source states."""
    if a.article_id != b.article_id:
        return True
    return a.flaggable != b.flaggable and a.source != b.source


def _may_conflict(a: _Prepared, b: _Prepared) -> bool:
    """Whether the detectors run on a pair: of two sources, neither a headline or caption."""
    return a.source != b.source and a.flaggable and b.flaggable


def _group(matches: list[Match], cache: dict[int, _Prepared | None]) -> None:
    """Group the matched pairs, per project, each join checked against the members of the group
    it joins (``stand_apart``), those not read yet read in one go."""
    projects: dict[int, list[tuple[int, int, float]]] = {}
    for project_id, a, b, score in matches:
        projects.setdefault(project_id, []).append((a, b, score))

    def apart(ids: Iterable[int]) -> Callable[[int, int], bool]:
        items = {item.pk: item for item in _prepare(ids, cache)}
        _views_build(items.values(), cache)

        def check(a: int, b: int) -> bool:
            first, second = items.get(a), items.get(b)
            return first is not None and second is not None and stand_apart(first.view, second.view)

        return check

    for project_id, pairs in projects.items():
        claims_group_pairs(project_id=project_id, pairs=pairs, apart=apart)


def articles_flag_enqueue(*, article_ids: list[int]) -> None:
    """Send the articles' flagging tasks, noting when, so that the catch-up leaves them to the
    queue for a while. Call once their claims are committed (``transaction.on_commit``).

    One article is one task; several go as tasks of a few articles each, up to about
    ``CLAIMS_PER_TASK`` claims (an article longer than that alone), which a worker flags in one
    pass: their candidates are read once for all of them."""
    from provenance.tasks import flag_article, flag_articles

    Article.objects.filter(pk__in=article_ids).update(flag_sent_at=timezone.now())
    if len(article_ids) == 1:
        flag_article.delay(article_ids[0])
        return
    for group in _groups_of_claims(article_ids):
        if len(group) == 1:
            flag_article.delay(group[0])
        else:
            flag_articles.delay(group)


def _groups_of_claims(article_ids: list[int]) -> list[list[int]]:
    """The articles in order, cut into groups of at most ``CLAIMS_PER_TASK`` claims, an
    article longer than that in a group of its own."""
    sizes = dict(
        Claim.objects.filter(article_id__in=article_ids)
        .order_by()
        .values_list("article_id")
        .annotate(n=Count("pk"))
    )
    groups: list[list[int]] = []
    claims = CLAIMS_PER_TASK
    for article_id in article_ids:
        size = sizes.get(article_id, 0)
        if claims + size > CLAIMS_PER_TASK:
            groups.append([])
            claims = 0
        groups[-1].append(article_id)
        claims += size
    return groups


def _flag_claimed(claim_ids: list[int], mine: QuerySet[Article]) -> int:
    """``claims_flag`` for the claims of articles this worker has claimed (``mine``); on an
    error the claim is given back, so that the task's retry takes it at once rather than after
    the claim runs out."""
    try:
        return claims_flag(claim_ids=claim_ids) if claim_ids else 0
    except BaseException:
        with suppress(DatabaseError):
            mine.update(flag_claimed_until=None)
        raise


def articles_flag(*, article_ids: list[int]) -> int:
    """Flag several new articles in one pass, as ``article_flag`` flags one: each is claimed by
    a conditional update (only while it is not flagged at its version and no worker holds it),
    all their claims are flagged together, and each is marked flagged at the version it had.
    An article not claimable as a whole here (held elsewhere, part done, changed meanwhile) goes
    through ``article_flag`` on its own. Returns the number of new flags."""
    now = timezone.now()
    until = now + dt.timedelta(seconds=settings.FLAG_CLAIM_SECONDS)
    free = Q(flag_claimed_until__isnull=True) | Q(flag_claimed_until__lte=now)
    Article.objects.filter(
        free, pk__in=article_ids, flagged_version__lt=F("version"), flag_cursor=0
    ).update(flag_claimed_until=until)
    mine = Article.objects.filter(pk__in=article_ids, flag_claimed_until=until)
    versions = dict(mine.values_list("pk", "version"))
    claims = Claim.objects.filter(article_id__in=list(versions)).order_by("pk")
    claim_ids = list(claims.values_list("pk", flat=True))
    created = _flag_claimed(claim_ids, mine)
    done = timezone.now()
    by_version: dict[int, list[int]] = defaultdict(list)
    for article_id, version in versions.items():
        by_version[version].append(article_id)
    for version, ids in by_version.items():
        mine.filter(pk__in=ids, version=version).update(
            flag_claimed_until=None, flagged_version=version, flagged_at=done, flag_cursor=0
        )
    # Changed while being flagged (their pass starts again), or not claimed here at all.
    mine.update(flag_claimed_until=None)
    left = Article.objects.filter(pk__in=article_ids, flagged_version__lt=F("version"))
    for article_id in left.order_by("pk").values_list("pk", flat=True):
        created += article_flag(article_id=article_id)
    return created


def article_flagging_restart(*, article_id: int) -> None:
    """Its claims changed: raise its version, so that flagging runs again, from its first claim.
    The caller enqueues the flagging once its transaction commits."""
    Article.objects.filter(pk=article_id).update(version=F("version") + 1, flag_cursor=0)


def article_flag(*, article_id: int, chunks: int | None = None) -> int:
    """Flag the article's claims at its current version and mark it flagged; returns new flags.

    Done once: each chunk of ``CLAIMS_PER_TASK`` claims (in id order) is claimed by a
    conditional update that succeeds only while the article is not flagged at its version and
    no worker holds an unexpired claim on it (``FLAG_CLAIM_SECONDS``); another copy of the task
    (a redelivery, the catch-up) returns at once. A killed worker's claim runs out, and the
    catch-up sends the work again, which goes on from the last chunk done.

    ``chunks``: how many chunks to flag here (a worker does one), the rest being sent as a new
    task to the back of the queue, so that a huge article takes turns with other projects'
    work; ``None`` flags them all (in-process, with no queue to take turns in).
    """
    created = done = 0
    while chunks is None or done < chunks:
        step = _chunk_flag(article_id=article_id)
        if step is None:
            return created
        created += step[0]
        if not step[1]:
            return created
        done += 1
    articles_flag_enqueue(article_ids=[article_id])
    return created


def _chunk_flag(*, article_id: int) -> tuple[int, bool] | None:
    """Claim the article and flag its next chunk: ``(new flags, more to do)``, or ``None``
    when there is nothing to do here (flagged at its version, deleted, or held elsewhere)."""
    now = timezone.now()
    until = now + dt.timedelta(seconds=settings.FLAG_CLAIM_SECONDS)
    free = Q(flag_claimed_until__isnull=True) | Q(flag_claimed_until__lte=now)
    pending = Article.objects.filter(free, pk=article_id, flagged_version__lt=F("version"))
    if not pending.update(flag_claimed_until=until):
        logger.info("article %s: flagged at its version, deleted, or claimed", article_id)
        return None
    version, cursor = Article.objects.values_list("version", "flag_cursor").get(pk=article_id)
    ids = list(
        Claim.objects.filter(article_id=article_id, pk__gt=cursor)
        .order_by("pk")
        .values_list("pk", flat=True)[: CLAIMS_PER_TASK + 1]
    )
    chunk, more = ids[:CLAIMS_PER_TASK], len(ids) > CLAIMS_PER_TASK
    logger.info("article %s: flagging %s claims", article_id, len(chunk))
    mine = Article.objects.filter(pk=article_id, flag_claimed_until=until)
    created = _flag_claimed(chunk, mine)
    progress = (
        {"flag_cursor": chunk[-1]}
        if more
        else {"flagged_version": version, "flagged_at": timezone.now(), "flag_cursor": 0}
    )
    if mine.filter(version=version).update(flag_claimed_until=None, **progress):
        return created, more
    # Its claims changed meanwhile (the pass starts again from the first), or the claim ran out
    # and another worker took over; only in the first case is the rest still this worker's.
    return created, bool(mine.update(flag_claimed_until=None))
