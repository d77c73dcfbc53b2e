"""Ingest throughput, and the cost of flagging one new article as the corpus grows.

Both go through the real services (``article_ingest``, ``article_flag``). Flagging, which
``article_ingest`` enqueues after commit, is held back during ingest and timed on its own.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from bench.corpus import CorpusGenerator
from provenance import tasks
from provenance.models import Article, Claim, ClaimKey, Project
from provenance.services.flagging import PER_KEY, article_flag
from provenance.services.ingest import article_ingest
from provenance.text.segmenters import syntok_sentences
from provenance.text.types import RawArticle


@contextmanager
def flagging_held_back() -> Iterator[list[int]]:
    """Collect the article ids that ingest enqueues for flagging instead of running them."""
    held: list[int] = []
    with mock.patch.object(tasks.flag_article, "delay", side_effect=held.append):
        yield held


def _ingest(project: Project, article: dict) -> Article:
    raw = RawArticle(body=article["body"], title=article["title"], publisher=article["publisher"])
    return article_ingest(project=project, raw=raw, origin=article["origin"]).article


def measure_ingest(*, project: Project, articles: list[dict]) -> dict:
    """MB/s of article text through ingest (clean, split, attribute, key, store) and through
    the sentence segmenter alone, on the same texts in the same run."""
    bodies = [a["body"] for a in articles]
    megabytes = sum(len(body.encode()) for body in bodies) / 1e6

    started = time.perf_counter()
    for body in bodies:
        syntok_sentences(body)
    segmenter_seconds = time.perf_counter() - started

    with flagging_held_back():
        started = time.perf_counter()
        stored = [_ingest(project, article) for article in articles]
        ingest_seconds = time.perf_counter() - started
    return {
        "articles": len(articles),
        "megabytes": round(megabytes, 3),
        "claims": sum(a.claims.count() for a in stored),
        "segmenter_mb_s": round(megabytes / segmenter_seconds, 3),
        "ingest_mb_s": round(megabytes / ingest_seconds, 3),
        "article_ids": [a.pk for a in stored],
    }


def candidate_plan(*, project: Project, key: str, exclude_article: int) -> str:
    """The database's plan for one key's candidate query, as flagging runs it."""
    siblings = list(Claim.objects.filter(article_id=exclude_article).values_list("pk", flat=True))
    queryset = (
        ClaimKey.objects.filter(project_id=project.pk, key=key)
        .exclude(claim_id__in=siblings)
        .order_by("-claim_id")
        .values_list("claim_id", flat=True)[:PER_KEY]
    )
    return queryset.explain()


def measure_flagging(
    *, project: Project, generator: CorpusGenerator, stories: list[int], first_version: int
) -> dict:
    """Flag new articles one at a time; median seconds and queries per article.

    Each new article is a fresh version of a story already in the corpus, so its claims have
    many candidates sharing keys with them.
    """
    seconds, queries = [], []
    new_ids = []
    for run, story in enumerate(stories):
        with flagging_held_back():
            article = _ingest(project, generator.article(story, first_version + run))
        new_ids.append(article.pk)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            article_flag(article_id=article.pk)
            seconds.append(time.perf_counter() - started)
        queries.append(len(captured.captured_queries))
    # The plan of the new article's most frequent key: the query that a growing corpus
    # would slow down first.
    keys = ClaimKey.objects.filter(claim__article_id=new_ids[-1]).values_list("key", flat=True)
    common_key = (
        ClaimKey.objects.filter(project=project, key__in=list(keys))
        .values("key")
        .annotate(n=Count("id"))
        .order_by("-n", "key")
        .values_list("key", flat=True)
        .first()
    )
    return {
        "seconds_median": statistics.median(seconds),
        "seconds_all": [round(s, 4) for s in seconds],
        "queries_median": statistics.median(queries),
        "plan": candidate_plan(project=project, key=common_key, exclude_article=new_ids[-1])
        if common_key
        else "",
        "plan_key": common_key,
    }
