"""Scores of the whole pipeline on the real-article corpus, from the pipeline's own claims.

The pipeline's output for each article (its claims with offsets into the saved text, their
suggested chains, the spans cleaning removed) and the project's flags and corroboration groups
are compared with the gold of ``tests/data/real`` (see ``real_corpus`` and GUIDE.md). Nothing
here needs Django: ``provenance.real_evaluation`` runs the real services and hands their output
over as ``Predictions``.

How claims are matched. Splitting is scored by exact spans. Every other figure is scored on the
gold claims, each matched to the predicted claim it overlaps most when that overlap covers at
least half of both; a gold claim with no such partner counts as a miss everywhere (no speaker,
no relays, no flag). Predicted claims that lie mostly in ``ignored`` gold spans (datelines,
stamps, the cut end of an excerpt) are not counted either way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from provenance.text.evaluate_attribution import same_source
from provenance.text.source_registry import SourceRegistry

MATCH_SHARE = 0.5
REMOVED_SHARE = 0.8


@dataclass
class Ratio:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += bool(hit)
        self.total += 1

    def add_many(self, *, hits: int, total: int) -> None:
        self.hits += hits
        self.total += total

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass
class PRF:
    hits: int = 0
    predicted: int = 0
    gold: int = 0

    def add_prf(self, *, hits: int, predicted: int, gold: int) -> None:
        self.hits += hits
        self.predicted += predicted
        self.gold += gold

    @property
    def precision(self) -> float | None:
        return self.hits / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.hits / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class PredictedClaim:
    id: int
    start: int  # offsets into the saved text, not the cleaned body
    end: int
    kind: str
    chain: tuple[tuple[str, str], ...] = ()  # (name, kind), the speaker first; () = none
    cue: str = ""


@dataclass(frozen=True)
class PredictedArticle:
    name: str
    claims: list[PredictedClaim]
    removed: list[tuple[int, int]]  # spans of the saved text that cleaning cut


@dataclass(frozen=True)
class Predictions:
    articles: dict[str, PredictedArticle]
    flags: list[tuple[int, int, str]]  # claim id, claim id, flag kind
    groups: list[tuple[frozenset[int], int]]  # member claim ids, independent sources counted


def raw_span(start: int, end: int, removals: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """Offsets into the cleaned body turned into offsets into the text cleaning read."""
    shift_start = shift_end = 0
    for cut_start, cut_end in sorted(removals):
        length = cut_end - cut_start
        if cut_start - shift_start <= start:
            shift_start += length
        if cut_start - shift_end < end:
            shift_end += length
    return start + shift_start, end + shift_end


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _covered(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> int:
    return sum(_overlap(span, other) for other in spans)


@dataclass
class ArticleMatch:
    """Gold claims of one article paired with predicted claims."""

    gold_to_pred: dict[str, PredictedClaim]  # gold claim id -> predicted claim
    counted: list[PredictedClaim]  # predicted claims that are scored (not in ignored text)


def match_article(gold: dict, predicted: PredictedArticle) -> ArticleMatch:
    ignored = [(item["start"], item["end"]) for item in gold.get("ignored", [])]
    gold_spans = {claim["id"]: (claim["start"], claim["end"]) for claim in gold["claims"]}
    pairs = []
    for claim_id, span in gold_spans.items():
        for pred in predicted.claims:
            shared = _overlap(span, (pred.start, pred.end))
            if shared >= MATCH_SHARE * (span[1] - span[0]) and shared >= MATCH_SHARE * (
                pred.end - pred.start
            ):
                pairs.append((shared, claim_id, pred))
    pairs.sort(key=lambda item: -item[0])
    gold_to_pred: dict[str, PredictedClaim] = {}
    taken: set[int] = set()
    for _, claim_id, pred in pairs:
        if claim_id not in gold_to_pred and pred.id not in taken:
            gold_to_pred[claim_id] = pred
            taken.add(pred.id)
    counted = [
        pred
        for pred in predicted.claims
        if pred.id in taken
        or _covered((pred.start, pred.end), ignored) * 2 < (pred.end - pred.start)
    ]
    return ArticleMatch(gold_to_pred=gold_to_pred, counted=counted)


@dataclass
class SplitScores:
    """Every figure of one split, with lines describing the misses."""

    articles: int = 0
    claims: PRF = field(default_factory=PRF)
    kinds: Ratio = field(default_factory=Ratio)
    boilerplate_dropped: Ratio = field(default_factory=Ratio)  # gold furniture cut by cleaning
    boilerplate_claims: Ratio = field(default_factory=Ratio)  # predicted claims of furniture
    story_dropped: Ratio = field(default_factory=Ratio)  # gold claims cut by cleaning
    speaker: Ratio = field(default_factory=Ratio)
    kind: Ratio = field(default_factory=Ratio)
    narration: Ratio = field(default_factory=Ratio)  # narration left unattributed
    relay_recall: Ratio = field(default_factory=Ratio)
    relay_precision: Ratio = field(default_factory=Ratio)
    contradiction_recall: dict[str, Ratio] = field(default_factory=lambda: defaultdict(Ratio))
    flag_precision: dict[str, Ratio] = field(default_factory=lambda: defaultdict(Ratio))
    compatible_flagged: Ratio = field(default_factory=Ratio)
    flags_per_claim: Ratio = field(default_factory=Ratio)
    cross_event_flags: int = 0
    unlabelled_flags: int = 0
    group_pairs: PRF = field(default_factory=PRF)
    source_counts: Ratio = field(default_factory=Ratio)
    misses: list[str] = field(default_factory=list)


def score_split(
    *,
    golds: dict[str, dict],
    texts: dict[str, str],
    events: dict[str, str],
    pairs: dict,
    predictions: Predictions,
    registry: SourceRegistry,
) -> SplitScores:
    """Score the articles of one split (``golds``) against the pipeline's output for them."""
    scores = SplitScores(articles=len(golds))
    matches: dict[str, ArticleMatch] = {}
    for name, gold in golds.items():
        predicted = predictions.articles[name]
        match = match_article(gold, predicted)
        matches[name] = match
        _score_splitting(name, gold, texts[name], predicted, match, scores)
        _score_attribution(name, gold, texts[name], match, scores, registry)
    _score_pairs(golds, events, pairs, predictions, matches, scores)
    return scores


def _clip(text: str, span: tuple[int, int]) -> str:
    piece = " ".join(text[span[0] : span[1]].split())
    return piece if len(piece) <= 90 else piece[:87] + "..."


def _score_splitting(name, gold, text, predicted, match, scores: SplitScores) -> None:
    gold_spans = {(claim["start"], claim["end"]): claim for claim in gold["claims"]}
    counted = {(pred.start, pred.end): pred for pred in match.counted}
    exact = gold_spans.keys() & counted.keys()
    scores.claims.add_prf(hits=len(exact), predicted=len(counted), gold=len(gold_spans))
    for span in exact:
        scores.kinds.add(gold_spans[span]["kind"] == counted[span].kind)
    for span in sorted(gold_spans.keys() - exact):
        scores.misses.append(f"{name} split missed {gold_spans[span]['id']}: {_clip(text, span)!r}")
    for span in sorted(counted.keys() - exact):
        scores.misses.append(f"{name} split extra: {_clip(text, span)!r}")
    furniture = [(item["start"], item["end"]) for item in gold.get("boilerplate", [])]
    for span in furniture:
        dropped = _covered(span, predicted.removed) >= REMOVED_SHARE * (span[1] - span[0])
        scores.boilerplate_dropped.add(dropped)
        if not dropped:
            scores.misses.append(f"{name} boilerplate kept: {_clip(text, span)!r}")
    for pred in match.counted:
        is_furniture = _covered((pred.start, pred.end), furniture) * 2 >= pred.end - pred.start
        scores.boilerplate_claims.add(is_furniture)
    for claim in gold["claims"]:
        span = (claim["start"], claim["end"])
        lost = _covered(span, predicted.removed) >= REMOVED_SHARE * (span[1] - span[0])
        scores.story_dropped.add(lost)
        if lost:
            scores.misses.append(f"{name} story cut {claim['id']}: {_clip(text, span)!r}")


def _score_attribution(name, gold, text, match, scores: SplitScores, registry) -> None:
    for claim in gold["claims"]:
        pred = match.gold_to_pred.get(claim["id"])
        chain = pred.chain if pred else ()
        where = f"{name} {claim['id']} {_clip(text, (claim['start'], claim['end']))!r}"
        attribution = claim["attribution"]
        if attribution is None:
            right = pred is not None and not chain
            scores.speaker.add(right)
            scores.narration.add(right)
            if not right:
                got = chain[0][0] if chain else "(claim not split out)"
                scores.misses.append(f"{where}\n    speaker: expected none, got {got!r}")
            for _ in chain[1:]:
                scores.relay_precision.add(False)
            continue
        speaker = chain[0] if chain else None
        right = speaker is not None and same_source(speaker[0], attribution["speaker"], registry)
        scores.speaker.add(right)
        if not right:
            got = speaker[0] if speaker else ("(claim not split out)" if pred is None else None)
            scores.misses.append(
                f"{where}\n    speaker: expected {attribution['speaker']!r}, got {got!r}"
            )
        kind_right = speaker is not None and speaker[1] == attribution["speaker_kind"]
        scores.kind.add(kind_right)
        if not kind_right and speaker is not None:
            scores.misses.append(
                f"{where}\n    kind: expected {attribution['speaker_kind']}, got {speaker[1]}"
            )
        predicted_relays = [hop[0] for hop in chain[1:]]
        gold_relays = [relay["name"] for relay in attribution["relays"]]
        for relay in gold_relays:
            found = all(
                any(same_source(got, member, registry) for got in predicted_relays)
                for member in relay_members(relay, registry)
            )
            scores.relay_recall.add(found)
            if not found:
                scores.misses.append(f"{where}\n    relay missed: {relay!r} ({predicted_relays})")
        gold_members = [m for relay in gold_relays for m in relay_members(relay, registry)]
        for got in predicted_relays:
            good = any(same_source(got, relay, registry) for relay in gold_relays + gold_members)
            scores.relay_precision.add(good)
            if not good:
                scores.misses.append(f"{where}\n    relay extra: {got!r}")
    matched = {pred.id for pred in match.gold_to_pred.values()}
    for pred in match.counted:
        if pred.id not in matched:
            for _ in pred.chain[1:]:
                scores.relay_precision.add(False)


def relay_members(name: str, registry: SourceRegistry) -> list[str]:
    """The sources a relay labelled as a list names: agency credits such as "(AFP, dpa)" are
    labelled as written, one relay, while a chain holds one hop per source. A name is a list
    only when every part is a registered source; otherwise it is one name ("Smith, Jones and
    Partners")."""
    parts = [p.strip() for p in re.split(r",|\band\b|&", name) if p.strip()]
    if len(parts) > 1 and all(registry.match(part) is not None for part in parts):
        return parts
    return [name]


def _score_pairs(golds, events, pairs, predictions: Predictions, matches, scores) -> None:
    def pred_id(ref: dict) -> int | None:
        match = matches.get(ref["article"])
        pred = match.gold_to_pred.get(ref["claim"]) if match else None
        return pred.id if pred else None

    article_of = {
        pred.id: name
        for name, match in matches.items()
        for pred in predictions.articles[name].claims
    }
    counted_ids = {pred.id for match in matches.values() for pred in match.counted}
    flags = {
        frozenset((a, b)): kind
        for a, b, kind in predictions.flags
        if a in article_of or b in article_of
    }
    gold_contradictions: dict[frozenset[int], str] = {}
    compatible: set[frozenset[int]] = set()
    gold_group_pairs: set[frozenset[int]] = set()
    for event, block in pairs.get("events", {}).items():
        if not any(events.get(name) == event for name in golds):
            continue
        # With part of the cache missing, pairs with an article not scored are left out.
        block = _pairs_within(block, golds)
        for pair in block.get("contradictions", []):
            a, b = pred_id(pair["a"]), pred_id(pair["b"])
            key = frozenset((a, b)) if a is not None and b is not None else None
            found = key in flags
            scores.contradiction_recall[pair["kind"]].add(found)
            scores.contradiction_recall["all"].add(found)
            if key is not None:
                gold_contradictions[key] = pair["kind"]
            if not found:
                scores.misses.append(
                    f"{event} contradiction missed ({pair['kind']}): "
                    f"{pair['a']['article']} {pair['a']['claim']} / "
                    f"{pair['b']['article']} {pair['b']['claim']}"
                    + ("" if key is not None else " (a claim not split out)")
                )
        for pair in block.get("compatible", []):
            a, b = pred_id(pair["a"]), pred_id(pair["b"])
            if a is None or b is None:
                continue
            key = frozenset((a, b))
            compatible.add(key)
            scores.compatible_flagged.add(key in flags)
            if key in flags:
                scores.misses.append(
                    f"{event} compatible pair flagged ({flags[key]}): "
                    f"{pair['a']['article']} {pair['a']['claim']} / "
                    f"{pair['b']['article']} {pair['b']['claim']}"
                )
        for group in block.get("groups", []):
            members = [pred_id(ref) for ref in group["claims"]]
            gold_group_pairs.update(
                frozenset(pair) for pair in combinations([m for m in members if m], 2)
            )
            # Pairs whose claims were not split out still count against recall.
            missing = sum(1 for m in members if m is None)
            total_pairs = len(members) * (len(members) - 1) // 2
            present = len([m for m in members if m])
            scores.group_pairs.gold += total_pairs - present * (present - 1) // 2
            _score_source_count(group, [m for m in members if m], predictions, scores, missing)
    for key, kind in flags.items():
        a, b = tuple(key)
        names = (article_of.get(a), article_of.get(b))
        if events.get(names[0]) != events.get(names[1]):
            scores.cross_event_flags += 1
        good = key in gold_contradictions
        scores.flag_precision[kind].add(good)
        scores.flag_precision["all"].add(good)
        if not good and key not in compatible:
            scores.unlabelled_flags += 1
            scores.misses.append(f"unlabelled flag ({kind}): {names[0]} / {names[1]} ({a}, {b})")
    scores.flags_per_claim.add_many(hits=len(flags), total=len(counted_ids))
    predicted_group_pairs = {
        frozenset(pair)
        for members, _ in predictions.groups
        for pair in combinations(sorted(members), 2)
        if pair[0] in article_of and pair[1] in article_of
    }
    hits = len(predicted_group_pairs & gold_group_pairs)
    scores.group_pairs.add_prf(
        hits=hits, predicted=len(predicted_group_pairs), gold=len(gold_group_pairs)
    )


def _pairs_within(block: dict, golds: dict[str, dict]) -> dict:
    def inside(*refs: dict) -> bool:
        return all(ref["article"] in golds for ref in refs)

    return {
        "contradictions": [p for p in block.get("contradictions", []) if inside(p["a"], p["b"])],
        "compatible": [p for p in block.get("compatible", []) if inside(p["a"], p["b"])],
        "groups": [g for g in block.get("groups", []) if inside(*g["claims"])],
    }


def _score_source_count(group, members, predictions: Predictions, scores, missing: int) -> None:
    expected = len(group["independent_sources"])
    best, best_shared = None, 0
    for ids, count in predictions.groups:
        shared = len(ids & set(members))
        if shared > best_shared:
            best, best_shared = count, shared
    right = best is not None and not missing and best == expected
    scores.source_counts.add(right)
    if not right:
        scores.misses.append(
            f"group of {len(group['claims'])} claims: expected {expected} independent sources, "
            f"got {best if best is not None else 'no group'}"
        )


def _ratio(ratio: Ratio) -> str:
    return "–" if ratio.value is None else f"{ratio.value:.3f} ({ratio.hits}/{ratio.total})"


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def report_rows(scores: SplitScores) -> list[tuple[str, str]]:
    """The figures of one split as (label, value) rows, in a fixed order."""
    claims, groups = scores.claims, scores.group_pairs
    rows = [
        ("articles scored", str(scores.articles)),
        ("claims: gold / predicted", f"{claims.gold} / {claims.predicted}"),
        (
            "splitting P / R / F1 (exact spans)",
            f"{_number(claims.precision)} / {_number(claims.recall)} / {_number(claims.f1)}",
        ),
        ("claim kind (exact spans)", _ratio(scores.kinds)),
        ("boilerplate dropped by cleaning", _ratio(scores.boilerplate_dropped)),
        ("boilerplate kept as claims (share of claims)", _ratio(scores.boilerplate_claims)),
        ("story claims cut by cleaning", _ratio(scores.story_dropped)),
        ("speaker accuracy", _ratio(scores.speaker)),
        ("speaker kind accuracy", _ratio(scores.kind)),
        ("narration left unattributed", _ratio(scores.narration)),
        ("relay recall", _ratio(scores.relay_recall)),
        ("relay precision", _ratio(scores.relay_precision)),
    ]
    recall, precision = scores.contradiction_recall, scores.flag_precision
    rows.append(("contradiction recall, all", _ratio(recall["all"])))
    rows.extend(
        (f"  recall of {kind} contradictions", _ratio(recall[kind]))
        for kind in sorted(k for k in recall if k != "all")
    )
    rows.append(("flag precision against gold pairs, all", _ratio(precision["all"])))
    rows.extend(
        (f"  precision of {kind} flags", _ratio(precision[kind]))
        for kind in sorted(k for k in precision if k != "all")
    )
    rows += [
        ("flags on no labelled pair (to check by hand)", str(scores.unlabelled_flags)),
        ("compatible pairs flagged", _ratio(scores.compatible_flagged)),
        ("flags per claim", _number(scores.flags_per_claim.value)),
        ("flags between different events", str(scores.cross_event_flags)),
        (
            "paraphrase-group pairs P / R / F1",
            f"{_number(groups.precision)} / {_number(groups.recall)} / {_number(groups.f1)}"
            f" ({groups.hits} of {groups.predicted} predicted, {groups.gold} gold)",
        ),
        ("independent-source counts exact", _ratio(scores.source_counts)),
    ]
    return rows


def format_table(columns: dict[str, SplitScores]) -> str:
    """One row per figure, one column per split."""
    names = list(columns)
    table = [("figure", *names)]
    per_split = {name: report_rows(scores) for name, scores in columns.items()}
    labels = list(dict.fromkeys(label for rows in per_split.values() for label, _ in rows))
    for label in labels:
        table.append((label, *(dict(per_split[name]).get(label, "–") for name in names)))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in table
    )
