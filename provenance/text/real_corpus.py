"""The corpus of real news articles: manifest, cached texts and gold labels.

The articles are other people's writing, so the repository holds only what points at them:
``tests/data/real/manifest.json`` (per article its name, event, outlet, URL, the query that
finds its stored copy, the SHA-256 and length of the text as saved, and its split),
``gold/<name>.json`` (claims, boilerplate and ignored spans by character offsets, with a short
hash of each span's text, and each claim's attribution) and ``pairs.json`` (contradictions,
compatible pairs and groups of claims that say the same thing, per event, by claim id). The
texts themselves live in a git-ignored cache folder; ``tests/data/real/README.md`` says how to
fetch them again.

Labellers write a draft per article (in the cache folder too, since it quotes the text) and turn
it into gold with ``python -m provenance.text.real_corpus gold DRAFT``; see GUIDE.md.

Commands (``python -m provenance.text.real_corpus COMMAND``):
  register --name N --event E --outlet O --outlet-kind K --url U --query Q [--split S]
      add or update an article's manifest entry from its cached text
  gold DRAFT...        turn drafts into gold files (ids are kept, new claims get new ids)
  show NAME            list an article's gold claims with their ids and text
  pairs EVENT FILE     set one event's pairs (a JSON file of that event's block)
  check                say which cached texts are missing or differ from the manifest
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from provenance.text.types import CLAIM_KINDS, SOURCE_KINDS

REAL_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "real"
MANIFEST = REAL_DIR / "manifest.json"
GOLD_DIR = REAL_DIR / "gold"
PAIRS = REAL_DIR / "pairs.json"
SPLITS = ("dev", "test")
CONTRADICTION_KINDS = ("numeric", "denial", "negation", "antonym")
BOILERPLATE_REASONS = (
    "ad",  # "Advertisement", "[ad_1]", sponsored slots
    "teaser",  # read-also / related / more-coverage links, "Latest Headlines" lists
    "source_line",  # "Source: Xinhua", "(Via Getty Images)"
    "credits",  # reporting / editing / writing credits, agency initials lines
    "byline",  # "By Jane Doe", "Posted at 9:23 AM", author and date stamps
    "author_bio",
    "signup",  # newsletter, subscribe, app, follow-us prompts
    "syndication",  # "This story was provided by ...", republishing disclaimers
    "widget",  # "now reading", share buttons, map links, weather or date headers
    "section_label",  # "World Today", "Opinion", kicker labels
    "caption_credit",  # photo credits, truncated or bare captions without a claim
    "comments",  # comment forms, cookie notices
    "other",
)
IGNORED_REASONS = (
    "dateline",  # "CHRISTCHURCH, New Zealand, March 1 (UPI) --" before the first sentence
    "stamp",  # "UPDATE: 8:36 a.m. IST —", "Original Story —"
    "subhead",  # a section heading that states nothing checkable
    "truncated",  # the stored excerpt stops mid-sentence: the cut fragment
)
HASH_CHARS = 16


def cache_dir() -> Path:
    """Where the articles' texts are kept (``REAL_CORPUS_CACHE`` overrides the default)."""
    return Path(os.environ.get("REAL_CORPUS_CACHE") or REAL_DIR / "cache")


def span_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_CHARS]


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One article of the manifest."""

    name: str
    event: str
    outlet: str
    outlet_kind: str
    url: str
    query: str
    sha256: str
    length: int
    split: str

    @property
    def cache_path(self) -> Path:
        return cache_dir() / f"{self.name}.txt"


def load_manifest(path: Path = MANIFEST) -> list[Entry]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Entry(**row) for row in data["articles"]]


def load_gold(name: str, gold_dir: Path = GOLD_DIR) -> dict:
    return json.loads((gold_dir / f"{name}.json").read_text(encoding="utf-8"))


def load_pairs(path: Path = PAIRS) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"events": {}}


@dataclass(frozen=True)
class CacheStatus:
    texts: dict[str, str]  # name -> text, for the articles whose cached text matches
    missing: list[str]
    mismatched: list[str]

    def describe(self) -> str:
        lines = []
        if self.missing:
            lines.append(
                f"{len(self.missing)} article(s) not in the cache {cache_dir()}: "
                + ", ".join(self.missing)
            )
        if self.mismatched:
            lines.append(
                f"{len(self.mismatched)} cached text(s) differ from the manifest's sha256 "
                "(fetched again differently?): " + ", ".join(self.mismatched)
            )
        return "\n".join(lines) or f"all {len(self.texts)} cached texts present and matching"


def read_cache(entries: list[Entry]) -> CacheStatus:
    """The cached texts that match the manifest, and which are missing or differ."""
    texts: dict[str, str] = {}
    missing: list[str] = []
    mismatched: list[str] = []
    for entry in entries:
        if not entry.cache_path.exists():
            missing.append(entry.name)
            continue
        text = entry.cache_path.read_text(encoding="utf-8")
        if text_sha256(text) != entry.sha256:
            mismatched.append(entry.name)
            continue
        texts[entry.name] = text
    return CacheStatus(texts=texts, missing=missing, mismatched=mismatched)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Serialise read-modify-write of a shared file between labellers working at once."""
    lock_path = path.with_suffix(path.suffix + ".flock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def register(
    *,
    name: str,
    event: str,
    outlet: str,
    outlet_kind: str,
    url: str,
    query: str,
    split: str = "",
) -> Entry:
    """Add or replace an article's manifest entry, hashing its cached text."""
    if outlet_kind not in SOURCE_KINDS:
        raise ValueError(f"outlet kind {outlet_kind!r} is not one of {SOURCE_KINDS}")
    text = (cache_dir() / f"{name}.txt").read_text(encoding="utf-8")
    with _locked(MANIFEST):
        data = (
            json.loads(MANIFEST.read_text(encoding="utf-8"))
            if MANIFEST.exists()
            else {"articles": []}
        )
        rows = [row for row in data["articles"] if row["name"] != name]
        old = next((row for row in data["articles"] if row["name"] == name), {})
        entry = Entry(
            name=name,
            event=event,
            outlet=outlet,
            outlet_kind=outlet_kind,
            url=url,
            query=query,
            sha256=text_sha256(text),
            length=len(text),
            split=split or old.get("split", ""),
        )
        rows.append(entry.__dict__)
        rows.sort(key=lambda row: (row["event"], row["name"]))
        data["articles"] = rows
        _write_json(MANIFEST, data)
    return entry


def _locate(
    text: str, items: list[dict], what: str, name: str, taken: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Offsets of each item's ``text``, searched in order from the previous item's end.

    An occurrence that overlaps a span already placed (``taken``: the claims, when placing
    boilerplate) is passed over: a cut-off fragment at the end of an excerpt ("Sri L") often
    occurs inside an earlier claim too.
    """
    spans = []
    cursor = 0
    for item in items:
        needle = item["text"]
        if not needle or needle != needle.strip():
            raise ValueError(f"{name}: {what} text must be non-empty and trimmed: {needle!r}")
        start = text.find(needle, cursor)
        while start >= 0 and any(
            start < end and begin < start + len(needle) for begin, end in taken
        ):
            start = text.find(needle, start + 1)
        if start < 0:
            where = "anywhere" if text.find(needle) < 0 else "outside earlier spans"
            raise ValueError(f"{name}: {what} not found {where}: {needle[:80]!r}")
        spans.append((start, start + len(needle)))
        cursor = start + len(needle)
    return spans


def _check_attribution(attribution: dict | None, where: str) -> dict | None:
    if attribution is None or attribution.get("speaker") in (None, ""):
        return None
    kind = attribution.get("speaker_kind")
    if kind not in SOURCE_KINDS:
        raise ValueError(f"{where}: speaker_kind {kind!r} is not one of {SOURCE_KINDS}")
    relays = []
    for relay in attribution.get("relays") or []:
        if relay.get("kind") not in SOURCE_KINDS or not relay.get("name"):
            raise ValueError(f"{where}: relay {relay!r} needs a name and a kind from the list")
        relays.append({"name": relay["name"], "kind": relay["kind"]})
    return {
        "speaker": attribution["speaker"],
        "speaker_kind": kind,
        "relays": relays,
        "cue": attribution.get("cue") or "",
    }


def draft_to_gold(draft_path: Path, *, gold_dir: Path = GOLD_DIR) -> dict:
    """Turn one draft into gold (written to ``gold/<name>.json``); new claims get ids.

    The draft is rewritten with the ids, so that pairs can name claims and a later correction
    of the draft keeps them.
    """
    draft = json.loads(draft_path.read_text(encoding="utf-8"))
    name = draft["name"]
    text = (cache_dir() / f"{name}.txt").read_text(encoding="utf-8")
    claims = draft["claims"]
    used = {claim["id"] for claim in claims if claim.get("id")}
    number = max((int(i[1:]) for i in used if i[1:].isdigit()), default=0)
    for claim in claims:
        if not claim.get("id"):
            number += 1
            claim["id"] = f"c{number:02d}"
    if len({claim["id"] for claim in claims}) != len(claims):
        raise ValueError(f"{name}: two claims share an id")
    gold_claims = []
    claim_spans = _locate(text, claims, "claim", name, taken=[])
    taken = list(claim_spans)
    for claim, (start, end) in zip(claims, claim_spans, strict=True):
        if claim.get("kind") not in CLAIM_KINDS:
            kind = claim.get("kind")
            raise ValueError(f"{name} {claim['id']}: kind {kind!r} not in {CLAIM_KINDS}")
        gold_claims.append(
            {
                "id": claim["id"],
                "start": start,
                "end": end,
                "hash": span_hash(text[start:end]),
                "kind": claim["kind"],
                "attribution": _check_attribution(
                    claim if "speaker" in claim else claim.get("attribution"),
                    f"{name} {claim['id']}",
                ),
            }
        )
    other = {}
    for field, reasons in (("boilerplate", BOILERPLATE_REASONS), ("ignored", IGNORED_REASONS)):
        items = draft.get(field) or []
        spans = []
        placed = _locate(text, items, field, name, taken=taken)
        taken.extend(placed)
        for item, (start, end) in zip(items, placed, strict=True):
            if item.get("reason") not in reasons:
                raise ValueError(f"{name}: {field} reason {item.get('reason')!r} not in {reasons}")
            spans.append(
                {
                    "start": start,
                    "end": end,
                    "hash": span_hash(text[start:end]),
                    "reason": item["reason"],
                }
            )
        other[field] = spans
    gold = {
        "name": name,
        "sha256": text_sha256(text),
        "length": len(text),
        "labelled_by": draft.get("labelled_by", ""),
        "checked_by": draft.get("checked_by", ""),
        "claims": gold_claims,
        **other,
        "notes": draft.get("notes", ""),
    }
    problems = gold_problems(gold)
    if problems:
        raise ValueError(f"{name}: " + "; ".join(problems))
    _write_json(gold_dir / f"{name}.json", gold)
    _write_json(draft_path, draft)
    return gold


def gold_problems(gold: dict, *, length: int | None = None) -> list[str]:
    """What is wrong with one gold file on its own: offsets, overlaps, kinds, hashes' form."""
    problems = []
    limit = gold["length"] if length is None else length
    spans = []
    for field in ("claims", "boilerplate", "ignored"):
        for item in gold.get(field, []):
            start, end = item["start"], item["end"]
            label = f"{field} {item.get('id', start)}"
            if not 0 <= start < end <= limit:
                problems.append(f"{label} offsets {start}:{end} outside 0:{limit}")
            if len(item.get("hash", "")) != HASH_CHARS:
                problems.append(f"{label} has no span hash")
            spans.append((start, end, field, item.get("id", "")))
    spans.sort()
    for (_, end, field, ident), (start, _, other, other_ident) in pairwise(spans):
        if start < end:
            problems.append(f"{field} {ident} overlaps {other} {other_ident}".strip())
    for claim in gold.get("claims", []):
        if claim["kind"] not in CLAIM_KINDS:
            problems.append(f"claim {claim['id']} kind {claim['kind']!r}")
        attribution = claim.get("attribution")
        if attribution:
            kinds = [attribution["speaker_kind"], *(r["kind"] for r in attribution["relays"])]
            problems.extend(
                f"claim {claim['id']} source kind {kind!r}"
                for kind in kinds
                if kind not in SOURCE_KINDS
            )
    return problems


def pairs_problems(pairs: dict, golds: dict[str, dict], events: dict[str, str]) -> list[str]:
    """Pairs that name unknown claims, cross events, or have unknown kinds."""
    problems = []
    ids = {name: {claim["id"] for claim in gold["claims"]} for name, gold in golds.items()}

    def check_ref(ref: dict, event: str, where: str) -> None:
        article, claim = ref.get("article"), ref.get("claim")
        if article not in ids:
            problems.append(f"{where}: unknown article {article!r}")
        elif claim not in ids[article]:
            problems.append(f"{where}: {article} has no claim {claim!r}")
        elif events.get(article) != event:
            problems.append(f"{where}: {article} is not an article of event {event!r}")

    for event, block in pairs.get("events", {}).items():
        for field in ("contradictions", "compatible"):
            for index, pair in enumerate(block.get(field, [])):
                where = f"{event} {field}[{index}]"
                check_ref(pair["a"], event, where)
                check_ref(pair["b"], event, where)
                if pair["a"] == pair["b"]:
                    problems.append(f"{where}: a claim paired with itself")
                if field == "contradictions" and pair.get("kind") not in CONTRADICTION_KINDS:
                    kind = pair.get("kind")
                    problems.append(f"{where}: kind {kind!r} not in {CONTRADICTION_KINDS}")
        for index, group in enumerate(block.get("groups", [])):
            where = f"{event} groups[{index}]"
            if len(group.get("claims", [])) < 2:
                problems.append(f"{where}: a group needs two claims or more")
            for ref in group.get("claims", []):
                check_ref(ref, event, where)
            if not group.get("independent_sources"):
                problems.append(f"{where}: no independent_sources listed")
    return problems


def _show(name: str) -> None:
    gold = load_gold(name)
    text = (cache_dir() / f"{name}.txt").read_text(encoding="utf-8")
    for claim in gold["claims"]:
        attribution = claim["attribution"]
        who = (
            f"{attribution['speaker']} [{attribution['speaker_kind']}]"
            + "".join(f" > {r['name']} [{r['kind']}]" for r in attribution["relays"])
            if attribution
            else "-"
        )
        print(f"{claim['id']} {claim['kind']:8} {who}\n    {text[claim['start'] : claim['end']]}")


def _set_pairs(event: str, path: Path) -> None:
    block = json.loads(path.read_text(encoding="utf-8"))
    with _locked(PAIRS):
        pairs = load_pairs()
        pairs.setdefault("events", {})[event] = block
        pairs["events"] = dict(sorted(pairs["events"].items()))
        _write_json(PAIRS, pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m provenance.text.real_corpus")
    commands = parser.add_subparsers(dest="command", required=True)
    reg = commands.add_parser("register")
    for option in ("name", "event", "outlet", "outlet-kind", "url", "query"):
        reg.add_argument(f"--{option}", required=True)
    reg.add_argument("--split", default="", choices=("", *SPLITS))
    gold = commands.add_parser("gold")
    gold.add_argument("drafts", nargs="+", type=Path)
    show = commands.add_parser("show")
    show.add_argument("name")
    pairs = commands.add_parser("pairs")
    pairs.add_argument("event")
    pairs.add_argument("file", type=Path)
    commands.add_parser("check")
    args = parser.parse_args(argv)
    if args.command == "register":
        entry = register(
            name=args.name,
            event=args.event,
            outlet=args.outlet,
            outlet_kind=args.outlet_kind,
            url=args.url,
            query=args.query,
            split=args.split,
        )
        print(f"registered {entry.name}: {entry.length} chars, sha256 {entry.sha256[:12]}")
    elif args.command == "gold":
        for draft in args.drafts:
            result = draft_to_gold(draft)
            print(
                f"{result['name']}: {len(result['claims'])} claims, "
                f"{len(result['boilerplate'])} boilerplate, {len(result['ignored'])} ignored"
            )
    elif args.command == "show":
        _show(args.name)
    elif args.command == "pairs":
        _set_pairs(args.event, args.file)
        print(f"pairs of {args.event} set")
    else:
        status = read_cache(load_manifest())
        print(status.describe())
        return 1 if status.missing or status.mismatched else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
