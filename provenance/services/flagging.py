"""Contradiction flags between claims of different sources, and corroboration groups, found
without comparing all pairs.

Each claim's keys are stored at ingest (``ClaimKey``). To flag a claim, it fetches, for each of
its keys, at most ``PER_KEY`` of the most recent claims with that key, ranks those candidates by
key similarity and runs the detectors on the best ``TOP_K``. Work per claim is bounded by those
two numbers, not by the size of the corpus.

The other claims of the claim's own article are candidates too, ranked apart (at most
``TOP_K`` of them, so an article's length bounds the work): an article that quotes two sources
often carries their conflict itself ("officials put the toll at 40, though local groups
say as many as 300 died"; "rights groups accuse ...; the government denied the allegations").
Claims of one source are still never flagged, and only claims of different articles are grouped
as corroborating each other, since one article is one relay of what it reports.
"""

from collections import defaultdict
from functools import lru_cache

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from provenance.models import Article, Claim, ClaimKey, Flag, FlagStatus
from provenance.selectors import attributions_prefetch, claim_before, speaker_of
from provenance.services.corroboration import claims_group
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
TOP_K = 25
MIN_SIMILARITY = 0.12
SKIPPED_KINDS = NOT_PROSE_KINDS


@lru_cache(maxsize=1)
def _nli_backend():
    return load_nli_backend(settings.NLI_MODEL_DIR or None)


class _Prepared:
    """A claim with what comparisons need, computed once per flagging run."""

    def __init__(self, claim: Claim) -> None:
        self.claim = claim
        self.keys = {k.key for k in claim.keys.all()}
        self.source = _source_key(claim)
        self.view = ClaimView(text=claim.text, source=self.source, context=_context(claim))


def _context(claim: Claim) -> ClaimView | None:
    """The claim before a denial that points back ("denied the allegations"), which says what
    it denies; looked up only for such denials, which are few."""
    if not points_back(claim.text):
        return None
    before = claim_before(claim, skipped_kinds=SKIPPED_KINDS)
    return None if before is None else ClaimView(text=before.text, source=_source_key(before))


def _source_key(claim: Claim) -> str:
    """Who stands behind a claim: its speaker, else the article's publisher."""
    speaker = speaker_of(claim)
    if speaker is not None:
        return f"source:{speaker.pk}"
    if claim.article.publisher_id is not None:
        return f"source:{claim.article.publisher_id}"
    return f"article:{claim.article_id}"


def _candidate_ids(*, project_id: int, keys: set[str], exclude: list[int]) -> dict[int, int]:
    """Claim ids sharing keys with a claim, with how many keys each shares.

    ``exclude`` are the ids of the claim's own article, which are compared apart. Excluding
    them by id, not through a join on the article, keeps each query a backward walk of the
    (project, key, claim) index that stops after ``PER_KEY`` rows: with the join, PostgreSQL
    merge-joins against the whole claim table, and a rare key made it walk the corpus back to
    its first claim.
    """
    shared: dict[int, int] = defaultdict(int)
    for key in keys:
        rows = (
            ClaimKey.objects.filter(project_id=project_id, key=key)
            .exclude(claim_id__in=exclude)
            .order_by("-claim_id")
            .values_list("claim_id", flat=True)[:PER_KEY]
        )
        for claim_id in rows:
            shared[claim_id] += 1
    return shared


def _prepare(ids, cache: dict[int, _Prepared]) -> list[_Prepared]:
    missing = [i for i in ids if i not in cache]
    if missing:
        queryset = (
            Claim.objects.filter(pk__in=missing)
            .exclude(kind__in=SKIPPED_KINDS)
            .select_related("article")
            .prefetch_related(attributions_prefetch(), "keys")
        )
        for claim in queryset:
            cache[claim.pk] = _Prepared(claim)
    return [cache[i] for i in ids if i in cache]


def _detections(a: _Prepared, b: _Prepared) -> list[Detection]:
    detections = detect_contradictions(a.view, b.view)
    backend = _nli_backend()
    if backend is not None and not detections:
        nli = nli_detection(backend, a.claim.text, b.claim.text)
        if nli is not None:
            detections.append(nli)
    return detections


def _flag(a: _Prepared, b: _Prepared, detection: Detection) -> Flag:
    return Flag(
        project_id=a.claim.article.project_id,
        claim_a=a.claim,
        claim_b=b.claim,
        kind=detection.kind,
        score=detection.score,
        explanation=detection.explanation,
        status=FlagStatus.OPEN,
    )


def claims_flag(*, claim_ids: list[int]) -> int:
    """Flag the given claims against the rest of their project and group the ones that say the
    same thing; returns the number of new flags.

    Safe to run twice or concurrently: flags are inserted with ``ignore_conflicts`` on the
    unique (claim_a, claim_b, kind) constraint, and a dismissed flag keeps its row, so the same
    pair is never raised again.
    """
    cache: dict[int, _Prepared] = {}
    articles: dict[int, list[int]] = {}
    new_flags: list[Flag] = []
    for item in _prepare(claim_ids, cache):
        if not item.keys:
            continue
        article_id = item.claim.article_id
        if article_id not in articles:
            articles[article_id] = list(
                Claim.objects.filter(article_id=article_id).values_list("pk", flat=True)
            )
        siblings = articles[article_id]
        # The article's own claims are ranked apart, so that they never take the places of
        # claims from other articles among the best TOP_K.
        candidates = _best(item, _elsewhere(item, exclude=siblings, cache=cache)) + _best(
            item, [s for s in _prepare(siblings, cache) if s.claim.pk != item.claim.pk]
        )
        for other in candidates:
            new_flags.extend(_compare(item, other))
    touching = Q(claim_a_id__in=claim_ids) | Q(claim_b_id__in=claim_ids)
    before = Flag.objects.filter(touching).count()
    Flag.objects.bulk_create(new_flags, ignore_conflicts=True)
    claims_open_flag_refresh(
        claim_ids={*claim_ids, *(flag.claim_a_id for flag in new_flags)}
        | {flag.claim_b_id for flag in new_flags}
    )
    return Flag.objects.filter(touching).count() - before


def _elsewhere(item: _Prepared, *, exclude: list[int], cache) -> list[_Prepared]:
    """Claims of other articles that share the most keys with ``item``."""
    shared = _candidate_ids(
        project_id=item.claim.article.project_id, keys=item.keys, exclude=exclude
    )
    ranked = sorted(shared, key=lambda cid: (-shared[cid], -cid))[: TOP_K * 4]
    return _prepare(ranked, cache)


def _best(item: _Prepared, others: list[_Prepared]) -> list[_Prepared]:
    """The ``TOP_K`` most similar of ``others`` by keys, at or above ``MIN_SIMILARITY``."""
    scored = sorted(
        ((similarity(item.keys, other.keys), other) for other in others),
        key=lambda pair: (-pair[0], -pair[1].claim.pk),
    )[:TOP_K]
    return [other for score, other in scored if score >= MIN_SIMILARITY]


def _compare(item: _Prepared, other: _Prepared) -> list[Flag]:
    """Flags for one candidate pair; a pair of different articles that says the same thing
    without conflict is grouped instead."""
    first, second = sorted((item, other), key=lambda p: p.claim.pk)
    detections = _detections(first, second) if first.source != second.source else []
    if not detections and first.claim.article_id != second.claim.article_id:
        match = same_statement(first.view, second.view)
        if match >= SAME_STATEMENT_THRESHOLD:
            claims_group(a=first.claim, b=second.claim, score=match)
    return [_flag(first, second, d) for d in detections]


def article_flag(*, article_id: int) -> int:
    """Flag every claim of one article; marks the article as flagged. Returns new flags."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return 0  # deleted since it was enqueued: nothing to do
    claim_ids = list(article.claims.values_list("pk", flat=True))
    created = claims_flag(claim_ids=claim_ids)
    Article.objects.filter(pk=article_id).update(flagged_at=timezone.now())
    return created
