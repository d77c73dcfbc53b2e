"""Precision and recall of the contradiction detectors on labelled claim pairs.

``python -m provenance.text.evaluate_contradictions [DATA_DIR]`` reads ``pairs.jsonl`` (one
``{"a", "b", "label", "kind", "note"}`` per line; ``label`` is ``contradiction``,
``compatible`` or ``paraphrase``; optional ``context_a`` and ``context_b`` are the claims just
before ``a`` and ``b`` in their articles, which a denial of "the allegations" points back
at) and prints how often a contradiction is flagged when there is one and only then, per kind,
with every miss and false alarm; then the same for
``same_statement`` on paraphrase pairs, how many claims per second are keyed and how many pairs
per second are compared (both claims analysed afresh, then the detectors and
``same_statement``: the work of flagging one candidate pair).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from provenance.text.claim_keys import analyse_claim, claim_keys
from provenance.text.contradiction import (
    SAME_STATEMENT_THRESHOLD,
    ClaimView,
    Detection,
    detect_contradictions,
    same_statement,
)
from provenance.text.types import FLAG_KINDS, InputError

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "contradictions"
_LABELS = ("contradiction", "compatible", "paraphrase")


@dataclass(frozen=True)
class LabelledPair:
    a: str
    b: str
    label: str
    kind: str | None
    note: str
    context_a: str = ""
    context_b: str = ""


@dataclass(frozen=True)
class Outcome:
    pair: LabelledPair
    detections: tuple[Detection, ...]
    same_score: float


@dataclass
class Counts:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass
class Report:
    contradictions: Counts = field(default_factory=Counts)
    by_kind: dict[str, Counts] = field(default_factory=dict)
    same_statement: Counts = field(default_factory=Counts)
    misses: list[Outcome] = field(default_factory=list)
    false_alarms: list[Outcome] = field(default_factory=list)
    same_misses: list[Outcome] = field(default_factory=list)
    same_false_alarms: list[Outcome] = field(default_factory=list)
    pairs: int = 0
    claims_per_second: float = 0.0
    pairs_per_second: float = 0.0


def load_pairs(data_dir: str | Path) -> list[LabelledPair]:
    """Read ``pairs.jsonl``; a malformed line is an error that names the line."""
    path = Path(data_dir) / "pairs.jsonl"
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            pair = LabelledPair(
                row["a"],
                row["b"],
                row["label"],
                row.get("kind"),
                row["note"],
                row.get("context_a", ""),
                row.get("context_b", ""),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise InputError(f"{path}:{number}: not a labelled pair ({error})") from error
        if pair.label not in _LABELS or (pair.kind is not None and pair.kind not in FLAG_KINDS):
            raise InputError(f"{path}:{number}: unknown label {pair.label!r} or kind {pair.kind!r}")
        pairs.append(pair)
    return pairs


def evaluate(data_dir: str | Path = DEFAULT_DATA_DIR) -> Report:
    """Run the detectors and ``same_statement`` over every labelled pair."""
    pairs = load_pairs(data_dir)
    report = Report(pairs=len(pairs))
    report.by_kind = {kind: Counts() for kind in FLAG_KINDS if kind != "nli"}
    for pair in pairs:
        detections = tuple(detect_contradictions(*_views(pair)))
        outcome = Outcome(pair, detections, same_statement(pair.a, pair.b))
        _count_contradiction(report, outcome)
        _count_same_statement(report, outcome)
    report.claims_per_second = _keying_speed([text for p in pairs for text in (p.a, p.b)])
    report.pairs_per_second = _pair_speed(pairs)
    return report


def _views(pair: LabelledPair) -> tuple[ClaimView, ClaimView]:
    """The two claims as flagging sees them, each with the claim before it when one is given
    (from a third source, as the accusation that a denial answers usually is)."""
    return tuple(
        ClaimView(text, source=name, context=ClaimView(before, source="before") if before else None)
        for text, name, before in ((pair.a, "a", pair.context_a), (pair.b, "b", pair.context_b))
    )


def _count_contradiction(report: Report, outcome: Outcome) -> None:
    expected = outcome.pair.label == "contradiction"
    flagged_kinds = {d.kind for d in outcome.detections}
    if expected and flagged_kinds:
        report.contradictions.true_positives += 1
    elif expected:
        report.contradictions.false_negatives += 1
        report.misses.append(outcome)
    elif flagged_kinds:
        report.contradictions.false_positives += 1
        report.false_alarms.append(outcome)
    for kind, counts in report.by_kind.items():
        if kind in flagged_kinds and expected:
            counts.true_positives += 1
        elif kind in flagged_kinds:
            counts.false_positives += 1
        elif outcome.pair.kind == kind:
            counts.false_negatives += 1


def _count_same_statement(report: Report, outcome: Outcome) -> None:
    expected = outcome.pair.label == "paraphrase"
    grouped = outcome.same_score >= SAME_STATEMENT_THRESHOLD
    counts = report.same_statement
    if expected and grouped:
        counts.true_positives += 1
    elif expected:
        counts.false_negatives += 1
        report.same_misses.append(outcome)
    elif grouped:
        counts.false_positives += 1
        report.same_false_alarms.append(outcome)


def _keying_speed(texts: list[str], rounds: int = 20) -> float:
    """Claims per second through ``claim_keys`` (which also extracts quantities), uncached."""
    begin = time.perf_counter()
    for _ in range(rounds):
        analyse_claim.cache_clear()
        for text in texts:
            claim_keys(text)
    elapsed = time.perf_counter() - begin
    return len(texts) * rounds / elapsed if elapsed else 0.0


def _pair_speed(pairs: list[LabelledPair], rounds: int = 5) -> float:
    """Pairs per second through the detectors and ``same_statement``, analysing both claims."""
    begin = time.perf_counter()
    for _ in range(rounds):
        analyse_claim.cache_clear()
        for pair in pairs:
            a, b = _views(pair)
            if not detect_contradictions(a, b):
                same_statement(a, b)
    elapsed = time.perf_counter() - begin
    return len(pairs) * rounds / elapsed if elapsed else 0.0


def format_report(report: Report) -> str:
    lines = [f"{report.pairs} labelled pairs"]
    lines.append(_figures("contradictions", report.contradictions))
    for kind, counts in report.by_kind.items():
        lines.append(_figures(f"  {kind}", counts))
    lines.append(_figures(f"same_statement >= {SAME_STATEMENT_THRESHOLD}", report.same_statement))
    lines.append(f"claim_keys: {report.claims_per_second:,.0f} claims/s")
    lines.append(f"pairs compared: {report.pairs_per_second:,.0f} pairs/s")
    for title, outcomes in (
        ("Missed contradictions", report.misses),
        ("False alarms", report.false_alarms),
        ("Paraphrases not grouped", report.same_misses),
        ("Grouped but not paraphrases", report.same_false_alarms),
    ):
        if outcomes:
            lines.append(f"\n{title}:")
            lines.extend(_describe(outcome) for outcome in outcomes)
    return "\n".join(lines)


def _figures(name: str, counts: Counts) -> str:
    return (
        f"{name:<28} precision {counts.precision:.2f}  recall {counts.recall:.2f}  "
        f"(tp {counts.true_positives}, fp {counts.false_positives}, "
        f"fn {counts.false_negatives})"
    )


def _describe(outcome: Outcome) -> str:
    pair = outcome.pair
    flagged = ", ".join(f"{d.kind} {d.score:.2f}" for d in outcome.detections) or "nothing"
    return (
        f"- [{pair.label}/{pair.kind}] {pair.note}\n    a: {pair.a}\n    b: {pair.b}\n"
        f"    flagged: {flagged}; same_statement {outcome.same_score:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else DEFAULT_DATA_DIR
    try:
        report = evaluate(data_dir)
    except (OSError, InputError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
