"""Measure claim splitting against hand-labelled articles.

Labelled articles are JSON files ``{"title", "body", "claims": [{"text", "kind"}]}`` with the
gold claims in order; their offsets are found by searching the body in order. The articles
written for the purpose live in ``tests/data/splitting/`` and the labelled seed articles in its
``seeds/`` folder; the two sets are scored apart so that the seeds, which the rules were read
against, do not flatter the figures.

Run ``python -m provenance.text.evaluate_splitting [DATA_DIR] [--misses]``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from provenance.text.segmenters import Segmenter, syntok_sentences
from provenance.text.splitting import split_claims
from provenance.text.types import ClaimSpan

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "splitting"


@dataclass(frozen=True)
class LabelledArticle:
    name: str
    body: str
    claims: list[ClaimSpan]


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 of one comparison."""

    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True)
class Miss:
    """A gold claim not found exactly, or a predicted claim that is not gold."""

    article: str
    side: str  # "gold" (missed) or "predicted" (spurious)
    claim: ClaimSpan


@dataclass(frozen=True)
class SetReport:
    articles: int
    claims: Scores  # exact span match
    boundaries: Scores  # claim end offsets
    kinds_correct: int  # among exactly matched claims
    misses: list[Miss]

    @property
    def kind_accuracy(self) -> float:
        matched = self.claims.true_positives
        return self.kinds_correct / matched if matched else 0.0


@dataclass(frozen=True)
class SplitReport:
    labelled: SetReport
    seeds: SetReport


def load_labelled(path: Path) -> LabelledArticle:
    """Read one labelled article; refuse it if a gold claim is not found in order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    body: str = data["body"]
    claims: list[ClaimSpan] = []
    position = 0
    for claim in data["claims"]:
        text = claim["text"]
        start = body.find(text, position)
        if start < 0 or text != text.strip():
            raise ValueError(f"{path.name}: gold claim not found in order: {text[:60]!r}")
        position = start + len(text)
        claims.append(ClaimSpan(start, position, text, claim["kind"]))
    return LabelledArticle(path.stem, body, claims)


def load_set(directory: Path) -> list[LabelledArticle]:
    return [load_labelled(path) for path in sorted(directory.glob("*.json"))]


def score_set(
    articles: Iterable[LabelledArticle], segment: Segmenter = syntok_sentences
) -> SetReport:
    """Score ``split_claims`` with the given segmenter over labelled articles."""
    count = claim_hits = predicted = gold = 0
    boundary_hits = kinds_correct = 0
    misses: list[Miss] = []
    for article in articles:
        count += 1
        found = split_claims(article.body, segment=segment)
        gold_spans = {(c.start, c.end): c for c in article.claims}
        found_spans = {(c.start, c.end): c for c in found}
        matched = gold_spans.keys() & found_spans.keys()
        claim_hits += len(matched)
        predicted += len(found)
        gold += len(article.claims)
        kinds_correct += sum(gold_spans[s].kind == found_spans[s].kind for s in matched)
        boundary_hits += len({c.end for c in article.claims} & {c.end for c in found})
        found_set, gold_set = set(found), set(article.claims)
        misses += [Miss(article.name, "gold", c) for c in article.claims if c not in found_set]
        misses += [Miss(article.name, "predicted", c) for c in found if c not in gold_set]
    # A claim's end is unique within an article (claims do not overlap), so boundary counts
    # equal claim counts.
    return SetReport(
        articles=count,
        claims=Scores(claim_hits, predicted, gold),
        boundaries=Scores(boundary_hits, predicted, gold),
        kinds_correct=kinds_correct,
        misses=misses,
    )


def evaluate(data_dir: Path = DEFAULT_DATA_DIR) -> SplitReport:
    """Scores on the articles written for the purpose and on the labelled seeds, apart."""
    return SplitReport(
        labelled=score_set(load_set(data_dir)),
        seeds=score_set(load_set(data_dir / "seeds")),
    )


def format_set(name: str, report: SetReport) -> str:
    c, b = report.claims, report.boundaries
    return (
        f"{name:<10} articles={report.articles:<3} gold={c.gold:<4} predicted={c.predicted:<4} "
        f"claims P={c.precision:.3f} R={c.recall:.3f} F1={c.f1:.3f}  "
        f"boundaries P={b.precision:.3f} R={b.recall:.3f} F1={b.f1:.3f}  "
        f"kind accuracy={report.kind_accuracy:.3f}"
    )


def format_misses(report: SetReport) -> str:
    lines = []
    for miss in report.misses:
        sign = "-" if miss.side == "gold" else "+"
        lines.append(f"  {sign} {miss.article} [{miss.claim.kind}] {miss.claim.text!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--misses", action="store_true", help="list missed and spurious claims")
    args = parser.parse_args(argv)
    report = evaluate(args.data_dir)
    for name, part in (("written", report.labelled), ("seeds", report.seeds)):
        print(format_set(name, part))
        if args.misses and part.misses:
            print(format_misses(part))


if __name__ == "__main__":
    main()
