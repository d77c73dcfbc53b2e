"""Ingest throughput, and the cost of flagging one new article as the corpus grows.

Both go through the real services (``article_ingest``, ``article_flag``). Flagging, which
``article_ingest`` enqueues after commit, is held back during ingest and timed on its own.
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from bench.corpus import CorpusGenerator
from provenance import tasks
from provenance.models import Article, Claim, ClaimKey, Flag, Project
from provenance.services import flagging
from provenance.services.flagging import PER_KEY
from provenance.services.ingest import article_ingest
from provenance.text.embeddings import forget_texts
from provenance.text.pipeline import claim_embeddings
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


def measure_ingest(*, project: Project, end_to_end: Project, articles: list[dict]) -> dict:
    """MB/s of article text through five things, interleaved article by article so that all
    five see the same load of the machine: the sentence segmenters syntok and pysbd alone,
    the ingest service alone (clean, split, attribute, key, store; flagging held back, into
    ``project``), the sentence-embedding model alone on the claims the service stored, and
    ingest end to end (flagging included, run in-process as on the embedded default, into
    ``end_to_end``). Each figure is also given as a multiple of pysbd's, and the embedding as
    seconds per MB of article text and as its share of the service's time."""
    from bench.segmenters import pysbd_sentences

    megabytes = sum(len(a["body"].encode()) for a in articles) / 1e6
    seconds = dict.fromkeys(("syntok", "pysbd", "service", "embedding", "end_to_end"), 0.0)
    stored = []

    def timed(name: str, work, *args):
        spent, result = _seconds(work, *args)
        seconds[name] += spent
        return result

    for article in articles:
        timed("syntok", syntok_sentences, article["body"])
        timed("pysbd", pysbd_sentences, article["body"])
        # Both ingests embed the same claims: each computes them, rather than the second
        # finding them in the memory of texts embedded before.
        forget_texts()
        with flagging_held_back():
            stored.append(timed("service", _ingest, project, article))
        # What the sentence-embedding model alone costs of that: the article's claims embedded
        # again, from an empty memory, as the service did.
        texts = list(stored[-1].claims.order_by("start").values_list("text", flat=True))
        forget_texts()
        timed("embedding", claim_embeddings, texts)
        forget_texts()
        timed("end_to_end", _ingest, end_to_end, article)
    rates = {name: megabytes / max(spent, 1e-9) for name, spent in seconds.items()}
    return {
        "articles": len(articles),
        "megabytes": round(megabytes, 3),
        "claims": Claim.objects.filter(article__in=stored).count(),
        **{f"{name}_mb_s": round(rate, 4) for name, rate in rates.items()},
        **{f"{name}_x_pysbd": round(rates[name] / rates["pysbd"], 3) for name in rates},
        "embedding_s_per_mb": round(seconds["embedding"] / megabytes, 2),
        "embedding_share_of_service": round(seconds["embedding"] / seconds["service"], 3),
        "article_ids": [a.pk for a in stored],
    }


def _seconds(work, *args, **kwargs) -> tuple[float, object]:
    """How long ``work`` took, and what it returned."""
    started = time.perf_counter()
    result = work(*args, **kwargs)
    return time.perf_counter() - started, result


def measure_command_line_ingest(*, project: Project, articles: list[dict]) -> dict:
    """MB/s of ``files_ingest`` (what ``manage.py ingest`` runs: files stored in batches,
    flagging included, in-process as on the embedded default) over a folder of the articles,
    one file each, next to pysbd on the same texts timed just before and just after it (a
    batch cannot be interleaved article by article)."""
    from bench.segmenters import pysbd_sentences
    from provenance.services.ingest import files_ingest

    megabytes = sum(len(a["body"].encode()) for a in articles) / 1e6
    folder = Path(tempfile.mkdtemp(prefix="claimdesk-bench-"))
    try:
        for number, article in enumerate(articles):
            record = {key: article[key] for key in ("title", "publisher", "body")}
            (folder / f"{number:06d}.jsonl").write_text(json.dumps(record), encoding="utf-8")

        def segment_all() -> None:
            for article in articles:
                pysbd_sentences(article["body"])

        before, _ = _seconds(segment_all)
        forget_texts()  # the articles were embedded before, by measure_ingest
        ingest, summary = _seconds(files_ingest, project=project, paths=[folder])
        after, _ = _seconds(segment_all)
        pysbd = (before + after) / 2
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if summary.rejected or len(summary.added) != len(articles):
        raise RuntimeError(f"the command-line ingest did not store every article: {summary}")
    return {
        "articles": len(articles),
        "megabytes": round(megabytes, 3),
        "command_line_mb_s": round(megabytes / ingest, 4),
        "pysbd_mb_s": round(megabytes / pysbd, 4),
        "command_line_x_pysbd": round(pysbd / ingest, 3),
        "flags": Flag.objects.filter(claim_a__article__project=project).count(),
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


@contextmanager
def _counted() -> Iterator[dict[str, int]]:
    """Count the candidate pairs flagging compares, and the candidates by meaning it found
    (``flagging._neighbours``), around the real functions."""
    counts = {"compared": 0, "by_meaning": 0}
    compare, neighbours = flagging._compare, flagging._neighbours

    def counted_compare(*args, **kwargs):
        counts["compared"] += 1
        return compare(*args, **kwargs)

    def counted_neighbours(*args, **kwargs):
        found = neighbours(*args, **kwargs)
        counts["by_meaning"] += sum(map(len, found.values()))
        return found

    with (
        mock.patch.object(flagging, "_compare", counted_compare),
        mock.patch.object(flagging, "_neighbours", counted_neighbours),
    ):
        yield counts


def _flag_new_article(*, project: Project, article: dict) -> tuple[float, int, int, int, int]:
    """Ingest ``article`` with flagging held back, then flag it: (seconds, queries, flags,
    candidate pairs compared, candidates by meaning among them)."""
    with flagging_held_back():
        stored = _ingest(project, article)
    flags_before = Flag.objects.filter(project=project).count()
    with CaptureQueriesContext(connection) as captured, _counted() as counts:
        started = time.perf_counter()
        flagging.article_flag(article_id=stored.pk)
        seconds = time.perf_counter() - started
    found = Flag.objects.filter(project=project).count() - flags_before
    return seconds, len(captured.captured_queries), found, counts["compared"], counts["by_meaning"]


def measure_flagging(
    *,
    project: Project,
    control: Project,
    generator: CorpusGenerator,
    stories: list[int],
    first_version: int,
) -> dict:
    """Flag new articles one at a time in ``project`` and, interleaved with them, the same
    articles in ``control`` (a corpus held at the smallest size): medians of each, and the
    ratio of the two, measured under the same load of the machine.

    Each new article is a fresh version of a story already in the corpus, so its claims have
    many candidates sharing keys with them. The order within each pair alternates, so that
    neither side always runs on a warmer cache.
    """
    runs: dict[str, list[tuple[float, int, int, int, int]]] = {"grown": [], "control": []}
    for run, story in enumerate(stories):
        article = generator.article(story, first_version + run)
        order = (("grown", project), ("control", control))
        for side, target in order if run % 2 == 0 else reversed(order):
            runs[side].append(_flag_new_article(project=target, article=article))
    seconds = [r[0] for r in runs["grown"]]
    control_seconds = [r[0] for r in runs["control"]]
    new_article = Article.objects.filter(project=project).order_by("-pk").first()
    # The plan of the new article's most frequent key: the query that a growing corpus
    # would slow down first.
    keys = ClaimKey.objects.filter(claim__article=new_article).values_list("key", flat=True)
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
        "control_seconds_median": statistics.median(control_seconds),
        "ratio_to_control": round(
            statistics.median(seconds) / statistics.median(control_seconds), 2
        ),
        "seconds_all": [round(s, 4) for s in seconds],
        "control_seconds_all": [round(s, 4) for s in control_seconds],
        "queries_median": statistics.median(r[1] for r in runs["grown"]),
        "control_queries_median": statistics.median(r[1] for r in runs["control"]),
        "flags_found": sum(r[2] for r in runs["grown"]),
        "control_flags_found": sum(r[2] for r in runs["control"]),
        "compared_median": statistics.median(r[3] for r in runs["grown"]),
        "control_compared_median": statistics.median(r[3] for r in runs["control"]),
        "by_meaning_median": statistics.median(r[4] for r in runs["grown"]),
        "control_by_meaning_median": statistics.median(r[4] for r in runs["control"]),
        "plan": candidate_plan(project=project, key=common_key, exclude_article=new_article.pk)
        if common_key
        else "",
        "plan_key": common_key,
    }
