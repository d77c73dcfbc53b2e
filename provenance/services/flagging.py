"""Contradiction flags between claims of different sources, and corroboration groups, found
without comparing all pairs.

Each claim's keys are stored at ingest (``ClaimKey``). To flag a claim, it fetches, for each of
its keys, at most ``PER_KEY`` of the most recent claims with that key, ranks those candidates by
key similarity and runs the detectors on the best ``TOP_K``. Work per claim is bounded by those
two numbers, not by the size of the corpus.

The round trips are per article, not per claim: an article's claims share most of their keys,
so each distinct key is looked up once for all of them, and the candidates of all its claims
are read together as plain rows (keys, speakers' ids), their texts analysed only for the pairs
that are compared. Flagging a new article of eight claims takes about 70 queries whatever the
corpus.

The other claims of the claim's own article are candidates too, ranked apart (at most
``TOP_K`` of them, so an article's length bounds the work): an article that quotes two sources
often carries their conflict itself ("officials put the toll at 40, though local groups
say as many as 300 died"; "rights groups accuse ...; the government denied the allegations").
Claims of one source are still never flagged, and only claims of different articles are grouped
as corroborating each other, since one article is one relay of what it reports.
"""

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import suppress
from functools import lru_cache
from itertools import chain

from django.conf import settings
from django.db import DatabaseError
from django.db.models import F, Q
from django.utils import timezone

from provenance.models import Article, Claim, ClaimKey, Flag, FlagStatus
from provenance.selectors import claim_before_ids, flags_touching, speaker_ids
from provenance.services.corroboration import claims_group_pairs
from provenance.services.flags import claims_open_flag_refresh
from provenance.text.claim_keys import similarity
from provenance.text.contradiction import (
    SAME_STATEMENT_THRESHOLD,
    ClaimView,
    Detection,
    detect_contradictions,
    points_back,
    same_statement,
)
from provenance.text.nli import load_nli_backend, nli_detection
from provenance.text.pipeline import NOT_PROSE_KINDS

PER_KEY = 200
# Claims flagged by one task: what one article's flagging holds a worker for before the rest of
# it goes to the back of the queue (re-scans cut projects in chunks of this size too).
CLAIMS_PER_TASK = 500
TOP_K = 25
MIN_SIMILARITY = 0.12
SKIPPED_KINDS = NOT_PROSE_KINDS
# Ids per ``IN`` list, well under the bound parameters SQLite and PostgreSQL take in one
# statement; an article of ordinary length reads its candidates in one go.
ID_BATCH = 5000

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

    __slots__ = ("article_id", "event_id", "keys", "pk", "project_id", "source", "text", "view")

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
    ) -> None:
        self.pk, self.article_id, self.project_id = pk, article_id, project_id
        self.event_id = event_id
        self.text, self.keys, self.source = text, keys, source
        self.view: ClaimView | None = None


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


def _prepare(ids: Iterable[int], cache: dict[int, _Prepared]) -> list[_Prepared]:
    """The prose claims among ``ids``, in that order, reading only those not in ``cache``."""
    ids = list(ids)
    missing = [i for i in dict.fromkeys(ids) if i not in cache]
    for batch in _batches(missing):
        _read(batch, cache)
    return [cache[i] for i in ids if i in cache]


def _read(ids: list[int], cache: dict[int, _Prepared]) -> None:
    """Claims, keys and speakers of ``ids`` in four queries of plain rows."""
    keys: dict[int, set[str]] = defaultdict(set)
    for claim_id, key in ClaimKey.objects.filter(claim_id__in=ids).values_list("claim_id", "key"):
        keys[claim_id].add(key)
    speakers = speaker_ids(claim_ids=ids)
    rows = (
        Claim.objects.filter(pk__in=ids)
        .exclude(kind__in=SKIPPED_KINDS)
        .order_by()
        .values_list(
            "pk",
            "article_id",
            "article__project_id",
            "article__publisher_id",
            "article__event_id",
            "text",
        )
    )
    for pk, article_id, project_id, publisher_id, event_id, text in rows:
        source = _source_key(
            speaker_id=speakers.get(pk), publisher_id=publisher_id, article_id=article_id
        )
        cache[pk] = _Prepared(
            pk=pk,
            article_id=article_id,
            project_id=project_id,
            text=text,
            keys=frozenset(keys[pk]),
            source=source,
            event_id=event_id,
        )


def _views_build(items: Iterable[_Prepared], cache: dict[int, _Prepared]) -> None:
    """Analyse the text of each claim about to be compared. A denial that points back ("denied
    the allegations") gets the claim before it as context, which says what it denies; those
    are looked up for all such denials at once."""
    todo = [item for item in dict.fromkeys(items) if item.view is None]
    pointing = [item.pk for item in todo if points_back(item.text)]
    before: dict[int, int] = {}
    for batch in _batches(pointing):
        before.update(claim_before_ids(claim_ids=batch, skipped_kinds=SKIPPED_KINDS))
    _prepare(before.values(), cache)
    for item in todo:
        context = cache.get(before.get(item.pk))
        if context is not None:
            context = ClaimView(text=context.text, source=context.source)
        item.view = ClaimView(text=item.text, source=item.source, context=context)


def _candidate_ids(*, project_id: int, keys: set[str], exclude: list[int]) -> dict[str, list[int]]:
    """For each key, the ids of the most recent claims that have it, at most ``PER_KEY``.

    ``exclude`` are the ids of the article's own claims, which are compared apart. Excluding
    them by id, not through a join on the article, keeps each query a backward walk of the
    (project, key, claim) index that stops after ``PER_KEY`` rows: with the join, PostgreSQL
    merge-joins against the whole claim table, and a rare key made it walk the corpus back to
    its first claim. One query per distinct key of the article, not per claim and key: an
    article's claims share most of their keys.
    """
    return {
        key: list(
            ClaimKey.objects.filter(project_id=project_id, key=key)
            .exclude(claim_id__in=exclude)
            .order_by("-claim_id")
            .values_list("claim_id", flat=True)[:PER_KEY]
        )
        for key in sorted(keys)
    }


def _ranked(item: _Prepared, per_key: dict[str, list[int]]) -> list[int]:
    """The ``TOP_K * 4`` candidates that share the most keys with ``item``, newest first."""
    shared = Counter(chain.from_iterable(per_key[key] for key in item.keys))
    return sorted(shared, key=lambda cid: (-shared[cid], -cid))[: TOP_K * 4]


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

    The claims are taken article by article (a re-scan chunk holds many), so that an article's
    claims read their candidates together, one query per distinct key, and all candidates are
    read in one batch.

    Safe to run twice or concurrently: flags are inserted with ``ignore_conflicts`` on the
    unique (claim_a, claim_b, kind) constraint, and a dismissed flag keeps its row, so the same
    pair is never raised again.
    """
    cache: dict[int, _Prepared] = {}
    new_flags: list[Flag] = []
    matches: list[Match] = []
    for items in _by_article(item for item in _prepare(claim_ids, cache) if item.keys):
        compared = _article_candidates(items, cache)
        _views_build(chain(items, *(others for _item, others in compared)), cache)
        for item, others in compared:
            for other in others:
                _compare(item, other, flags=new_flags, matches=matches)
    _group(matches)
    touching = flags_touching(claim_ids=claim_ids)
    before = touching.count()
    Flag.objects.bulk_create(new_flags, ignore_conflicts=True)
    claims_open_flag_refresh(
        claim_ids={*claim_ids, *(flag.claim_a_id for flag in new_flags)}
        | {flag.claim_b_id for flag in new_flags}
    )
    return touching.count() - before


def _by_article(items: Iterable[_Prepared]) -> list[list[_Prepared]]:
    """Items by article, articles and items in the order they come."""
    articles: dict[int, list[_Prepared]] = {}
    for item in items:
        articles.setdefault(item.article_id, []).append(item)
    return list(articles.values())


def _article_candidates(
    items: list[_Prepared], cache: dict[int, _Prepared]
) -> list[tuple[_Prepared, list[_Prepared]]]:
    """Each of one article's items with the claims to compare it with: the best of other
    articles' claims and, ranked apart so that they never take the places of those among the
    best ``TOP_K``, the best of the article's own."""
    siblings = list(
        Claim.objects.filter(article_id=items[0].article_id).values_list("pk", flat=True)
    )
    per_key = _candidate_ids(
        project_id=items[0].project_id,
        keys=set().union(*(item.keys for item in items)),
        exclude=siblings,
    )
    ranked = {item.pk: _ranked(item, per_key) for item in items}
    _prepare(chain(siblings, *ranked.values()), cache)
    own = _prepare(siblings, cache)
    return [
        (
            item,
            _best(item, _prepare(ranked[item.pk], cache))
            + _best(item, [s for s in own if s.pk != item.pk]),
        )
        for item in items
    ]


def _best(item: _Prepared, others: list[_Prepared]) -> list[_Prepared]:
    """The ``TOP_K`` most similar of ``others`` by keys, at or above ``MIN_SIMILARITY``."""
    scored = sorted(
        ((similarity(item.keys, other.keys), other) for other in others),
        key=lambda pair: (-pair[0], -pair[1].pk),
    )[:TOP_K]
    return [other for score, other in scored if score >= MIN_SIMILARITY]


def same_event(a: _Prepared, b: _Prepared) -> bool:
    """Whether two claims may be compared at all: never when their articles report different
    events (a flood's toll against a war's). An article not yet assigned to an event (ingested
    before events existed) is compared as before."""
    return a.event_id is None or b.event_id is None or a.event_id == b.event_id


def _compare(item: _Prepared, other: _Prepared, *, flags: list[Flag], matches: list[Match]) -> None:
    """Flags for one candidate pair of one event; a pair of different articles that says the
    same thing without conflict is matched for grouping instead."""
    if not same_event(item, other):
        return
    first, second = sorted((item, other), key=lambda p: p.pk)
    detections = _detections(first, second) if first.source != second.source else []
    flags.extend(_flag(first, second, d) for d in detections)
    if not detections and first.article_id != second.article_id:
        match = same_statement(first.view, second.view)
        if match >= SAME_STATEMENT_THRESHOLD:
            matches.append((first.project_id, first.pk, second.pk, match))


def _group(matches: list[Match]) -> None:
    """Group the matched pairs, per project, in the order they were found."""
    projects: dict[int, list[tuple[int, int, float]]] = {}
    for project_id, a, b, score in matches:
        projects.setdefault(project_id, []).append((a, b, score))
    for project_id, pairs in projects.items():
        claims_group_pairs(project_id=project_id, pairs=pairs)


def articles_flag_enqueue(*, article_ids: list[int]) -> None:
    """Send the articles' flagging tasks, noting when, so that the catch-up leaves them to the
    queue for a while. Call once their claims are committed (``transaction.on_commit``)."""
    from provenance.tasks import flag_article

    Article.objects.filter(pk__in=article_ids).update(flag_sent_at=timezone.now())
    for article_id in article_ids:
        flag_article.delay(article_id)


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
    try:
        created = claims_flag(claim_ids=chunk) if chunk else 0
    except BaseException:
        # Let the task's retry take it at once rather than after the claim runs out.
        with suppress(DatabaseError):
            mine.update(flag_claimed_until=None)
        raise
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
