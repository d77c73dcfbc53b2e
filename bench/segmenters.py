"""Compare sentence segmenters for claim splitting: accuracy on the labelled articles and speed.

Run from the repository root: ``python -m bench.segmenters [--repeat N]``. pysbd is a dev
dependency, needed only here.

For each segmenter it prints:
- raw boundary precision/recall/F1: the segmenter alone, run on every line, against the ends
  of the gold claims (clause cuts and captions count against every segmenter alike);
- claim F1 and boundary F1 of ``split_claims`` with that segmenter plugged in;
- throughput of the segmenter alone and of the whole splitter, in MB/s of UTF-8 text, on the
  same text in the same run, and the speed ratio to the fastest segmenter.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable

import pysbd

from provenance.text.evaluate_splitting import (
    DEFAULT_DATA_DIR,
    LabelledArticle,
    Scores,
    load_set,
    score_set,
)
from provenance.text.segmenters import Segmenter, syntok_sentences
from provenance.text.splitting import split_claims

_LINE_RE = re.compile(r"[^\n]+")
# Baseline: a cut after . ! ? (and any closing quotes) before a capital, digit or opening quote.
_REGEX_CUT_RE = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_PYSBD = pysbd.Segmenter(language="en", clean=False, char_span=True)


def regex_sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _REGEX_CUT_RE.finditer(text):
        spans.append((start, match.start() + len(match.group().rstrip())))
        start = match.end()
    spans.append((start, len(text.rstrip())))
    return spans


def pysbd_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for span in _PYSBD.segment(text):
        stripped = span.sent.strip()
        start = span.start + span.sent.index(stripped) if stripped else span.start
        spans.append((start, start + len(stripped)))
    return spans


SEGMENTERS: dict[str, Segmenter] = {
    "syntok": syntok_sentences,
    "pysbd": pysbd_sentences,
    "regex": regex_sentences,
}


def raw_boundaries(articles: list[LabelledArticle], segment: Segmenter) -> Scores:
    hits = predicted = gold = 0
    for article in articles:
        ends = set()
        for line in _LINE_RE.finditer(article.body):
            ends.update(line.start() + end for _, end in segment(line.group()))
        gold_ends = {c.end for c in article.claims}
        hits += len(ends & gold_ends)
        predicted += len(ends)
        gold += len(gold_ends)
    return Scores(hits, predicted, gold)


def megabytes_per_second(work: Callable[[], object], size: int) -> float:
    started = time.perf_counter()
    work()
    return size / (time.perf_counter() - started) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="passes over the corpus to time")
    args = parser.parse_args()
    articles = load_set(DEFAULT_DATA_DIR) + load_set(DEFAULT_DATA_DIR / "seeds")
    written = load_set(DEFAULT_DATA_DIR)
    seeds = load_set(DEFAULT_DATA_DIR / "seeds")
    lines = [m.group() for a in articles for m in _LINE_RE.finditer(a.body)] * args.repeat
    bodies = [a.body for a in articles] * args.repeat
    size = sum(len(b.encode("utf-8")) for b in bodies)
    print(f"corpus: {len(articles)} articles x {args.repeat} = {size / 1e6:.2f} MB")

    rows = []
    for name, segment in SEGMENTERS.items():
        raw = raw_boundaries(articles, segment)
        rows.append(
            (
                name,
                raw,
                score_set(written, segment),
                score_set(seeds, segment),
                megabytes_per_second(lambda s=segment: [s(line) for line in lines], size),
                megabytes_per_second(
                    lambda s=segment: [split_claims(b, segment=s) for b in bodies], size
                ),
            )
        )
    fastest = max(row[4] for row in rows)
    print(
        f"{'segmenter':<10} {'raw P':>6} {'raw R':>6} {'raw F1':>6} | {'claim F1':>8} "
        f"{'bound F1':>8} {'seeds F1':>8} | {'seg MB/s':>8} {'x fastest':>9} {'split MB/s':>10}"
    )
    for name, raw, on_written, on_seeds, seg_speed, split_speed in rows:
        print(
            f"{name:<10} {raw.precision:6.3f} {raw.recall:6.3f} {raw.f1:6.3f} | "
            f"{on_written.claims.f1:8.3f} {on_written.boundaries.f1:8.3f} "
            f"{on_seeds.claims.f1:8.3f} | {seg_speed:8.2f} {seg_speed / fastest:9.3f} "
            f"{split_speed:10.2f}"
        )


if __name__ == "__main__":
    main()
