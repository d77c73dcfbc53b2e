"""Accuracy of attribution on the labelled articles under ``tests/data/attribution``.

Each file holds a publisher, a body and gold claims (exact substrings of the body) with their
speaker, the speaker's kind and the relays in order. Files named ``seed_*`` label the project's
seed articles and are scored apart from the articles written for the purpose.

A predicted name matches a gold one when both normalise to the same key, both match the same
registry entry, or one's words are within the other's and include its head noun ("Ruiz" for
"Ana Ruiz", "two officials" for "two officials at the meeting", but not "China" for "China's
foreign ministry"). A person's name after a title is the head of the whole: "Ana Ruiz" is
"Health Minister Ana Ruiz", as the labelling guide takes both for one person named; and what
follows a comma describes the name before it ("numerous investigations, conducted by news
sources" is "numerous investigations").

Run ``python -m provenance.text.evaluate_attribution [DIR]`` to print the figures and misses.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from provenance.text.attribution import default_registry, extract_attributions
from provenance.text.source_kinds import SOURCE_HEADS, head_word, names_an_organisation, singular
from provenance.text.source_registry import SourceRegistry, normalize_source_name
from provenance.text.types import ClaimSpan, ExtractedAttribution

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "attribution"


@dataclass
class Scores:
    """Counts for one set of articles, and a line for each miss."""

    claims: int = 0
    speakers_right: int = 0
    kinds: int = 0
    kinds_right: int = 0
    relays: int = 0
    relays_found: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.claims if self.claims else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kinds_right / self.kinds if self.kinds else 0.0

    @property
    def relay_recall(self) -> float:
        return self.relays_found / self.relays if self.relays else 0.0


def same_source(predicted: str, gold: str, registry: SourceRegistry) -> bool:
    """Whether two names denote one source (see the module docstring)."""
    left, right = normalize_source_name(predicted), normalize_source_name(gold)
    if left == right:
        return True
    entry = registry.match(gold)
    if entry is not None and entry is registry.match(predicted):
        return True
    shorter, longer = sorted(
        ((set(left.split()), predicted), (set(right.split()), gold)), key=lambda pair: len(pair[0])
    )
    if not shorter[0] or not shorter[0] <= longer[0]:
        return False
    heads = {head_word(longer[1]), head_word(longer[1].split(",")[0]), _titled_name_head(longer[1])}
    return bool(heads & shorter[0])


def _titled_name_head(name: str) -> str:
    """The surname that ends a titled name ("Health Minister Ana Ruiz" gives "ruiz"), or ""
    when the name (before any apposition) does not end in a capitalised word that names a
    person rather than a body ("the Foreign Ministry" gives "")."""
    words = name.split(",")[0].split()
    if len(words) < 2 or not words[-1][:1].isupper():
        return ""
    last = words[-1].strip(".'’").casefold()
    return "" if singular(last) in SOURCE_HEADS or names_an_organisation(last) else last


def claim_spans(body: str, texts: list[str]) -> list[ClaimSpan]:
    """Gold claim texts as spans, found in order (a repeated text takes its next occurrence)."""
    spans: list[ClaimSpan] = []
    cursor = 0
    for text in texts:
        start = body.find(text, cursor)
        if start < 0:
            start = body.find(text)
        if start < 0:
            raise ValueError(f"claim text is not in the body: {text[:60]!r}")
        kind = "quote" if text.lstrip()[:1] in '“"' else "sentence"
        spans.append(ClaimSpan(start=start, end=start + len(text), text=text, kind=kind))
        cursor = start + len(text)
    return spans


def score_article(path: Path, scores: Scores, registry: SourceRegistry) -> None:
    """Add one labelled article's counts and misses to ``scores``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    gold = data["claims"]
    spans = claim_spans(data["body"], [claim["text"] for claim in gold])
    predicted = extract_attributions(
        data["body"], spans, publisher=data.get("publisher", ""), registry=registry
    )
    for claim, found in zip(gold, predicted, strict=True):
        scores.claims += 1
        _score_claim(path.stem, claim, found, scores, registry)


def _score_claim(
    article: str,
    claim: dict,
    found: ExtractedAttribution | None,
    scores: Scores,
    registry: SourceRegistry,
) -> None:
    speaker = found.chain[0] if found else None
    where = f"{article}: {claim['text'][:70]!r}"
    if claim["speaker"] is None:
        if speaker is None:
            scores.speakers_right += 1
        else:
            scores.misses.append(f"{where}\n    speaker: expected none, got {speaker.name!r}")
        return
    if speaker is not None and same_source(speaker.name, claim["speaker"], registry):
        scores.speakers_right += 1
    else:
        got = speaker.name if speaker else None
        scores.misses.append(f"{where}\n    speaker: expected {claim['speaker']!r}, got {got!r}")
    scores.kinds += 1
    if speaker is not None and speaker.kind == claim["speaker_kind"]:
        scores.kinds_right += 1
    else:
        got = speaker.kind if speaker else None
        scores.misses.append(f"{where}\n    kind: expected {claim['speaker_kind']}, got {got}")
    relays = [hop.name for hop in found.chain[1:]] if found else []
    for relay in claim["relays"]:
        scores.relays += 1
        if any(same_source(name, relay, registry) for name in relays):
            scores.relays_found += 1
        else:
            scores.misses.append(f"{where}\n    relay: expected {relay!r}, got {relays}")


def evaluate(data_dir: str | Path = DEFAULT_DATA_DIR) -> dict[str, Scores]:
    """Scores for the articles written for the purpose (``labelled``) and the ``seeds``."""
    registry = default_registry()
    report = {"labelled": Scores(), "seeds": Scores()}
    paths = sorted(Path(data_dir).glob("*.json"))
    if not paths:
        raise FileNotFoundError(f"no labelled articles (*.json) in {data_dir}")
    for path in paths:
        score_article(
            path, report["seeds" if path.stem.startswith("seed_") else "labelled"], registry
        )
    return report


def format_report(report: dict[str, Scores]) -> str:
    lines: list[str] = []
    for name, scores in report.items():
        lines.append(
            f"{name}: {scores.claims} claims, speaker accuracy {scores.speaker_accuracy:.3f}, "
            f"kind accuracy {scores.kind_accuracy:.3f} ({scores.kinds} attributed), "
            f"relay recall {scores.relay_recall:.3f} ({scores.relays} relays)"
        )
    for name, scores in report.items():
        lines.append(f"\nmisses in {name} ({len(scores.misses)}):")
        lines.extend(f"  {miss}" for miss in scores.misses)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    print(format_report(evaluate(args[0] if args else DEFAULT_DATA_DIR)))


if __name__ == "__main__":
    main()
