"""The registry of known sources: names, aliases, kinds, and matching of free-text mentions.

The shipped starting list lives in ``provenance/data/sources.json``. Matching is two-step: an
exact index of normalized aliases (so "Reuters", "Reuters news agency" and "Thomson Reuters"
meet on one key), then ``rapidfuzz`` on the same normalized keys for spelling variants. Short
all-capital acronyms ("AP", "WHO") are matched only as written, so the pronoun "who" or the word
"ap" never turns into a source.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from provenance.text import lexicon
from provenance.text.source_kinds import is_place_name, kind_from_description
from provenance.text.types import SOURCE_KINDS

DEFAULT_REGISTRY_PATH = Path(__file__).resolve().parent.parent / "data" / "sources.json"

# Words that describe an outlet rather than name it: "the Xinhua state news agency" is Xinhua,
# and a synonym spinner's "Reuters information company" is still Reuters.
_DESCRIPTIVE_SUFFIX = re.compile(
    r"(?:\s+(?:state|state-run|state-owned|official|semi-official|national|international|"
    r"worldwide|wire|news|information|newspaper|agency|company|service|inc|ltd|llc|plc|co|"
    r"corp))+$"
)
_DESCRIPTIVE_PREFIX = re.compile(
    r"^(?:(?:the|thomson|state|state-run|state-owned|official|semi-official|news agency)\s+)+"
)
# Words after a country's name that make what follows its outlet or body: "Iran's semi-official
# Fars news agency", "China's state broadcaster CCTV".
_OWNED_BY = frozenset(
    ("official", "semi-official", "state", "state-run", "state-owned", "broadcaster")
)
_PUNCTUATION = re.compile(r"[^\w\s/-]+")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['’]s\b")
# An acronym, written in capitals, at most four letters once dots are gone: "AP", "U.N.", "WHO".
_SHORT_ACRONYM = re.compile(r"^(?:[A-Z]\.?){1,4}$")

# Left over when descriptive words are stripped from some names; they name nothing alone.
_GENERIC_WORDS = lexicon.words("generic_words")

_CACHE_SIZE = 50_000

_ALLOWED_KEYS = {"name", "kind", "aliases", "country", "affiliation", "note"}


@dataclass(frozen=True)
class SourceEntry:
    """One known source. ``kind`` is one of ``SOURCE_KINDS``."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    country: str = ""
    affiliation: str = ""
    key: str = ""  # the identity of the stored row it was read from, if any


def plain_key(name: str) -> str:
    """Casefolded, without punctuation, possessives or a leading "the"."""
    text = _POSSESSIVE.sub("", name.replace("’", "'")).replace(".", "")
    text = _SPACES.sub(" ", _PUNCTUATION.sub(" ", text.casefold())).strip()
    return re.sub(r"^the\s+", "", text)


def normalize_source_name(name: str) -> str:
    """A key on which spellings of one source meet.

    Casefolds, drops punctuation and possessives, a leading "the", descriptive words such as
    "news agency" or "state" around the name, corporate suffixes and the "Thomson" of Thomson
    Reuters.
    """
    text = plain_key(name)
    stripped = _DESCRIPTIVE_SUFFIX.sub("", _DESCRIPTIVE_PREFIX.sub("", text)).strip()
    # A name made only of descriptive words ("The Times", "News") keeps them.
    return stripped or text


def _without_owner(name: str) -> str | None:
    """The name of an outlet or body without the country that owns it and the words that say
    so ("Xinhua news agency", from "China official Xinhua news agency"; "CCTV" from "China state
    broadcaster CCTV"); ``None`` when ``name`` does not read so. Possessives are gone."""
    words = name.split()
    for size in (1, 2):
        rest = words[size:]
        if len(rest) < 2 or rest[0].casefold() not in _OWNED_BY:
            continue
        if not is_place_name(plain_key(" ".join(words[:size]))):
            continue
        while rest and rest[0].casefold() in _OWNED_BY:
            rest = rest[1:]
        return " ".join(rest) or None
    return None


class SourceRegistry:
    """Known sources with an alias index; ``match`` maps a mention to an entry or ``None``."""

    def __init__(self, entries: list[SourceEntry], *, threshold: float = 90.0) -> None:
        self.entries = tuple(entries)
        self.threshold = threshold
        self._acronyms: dict[str, SourceEntry] = {}
        self._by_key: dict[str, SourceEntry] = {}
        for entry in self.entries:
            for alias in (entry.name, *entry.aliases):
                bare = alias.strip()
                if _SHORT_ACRONYM.match(bare):
                    self._acronyms.setdefault(bare.replace(".", ""), entry)
                    continue
                self._by_key.setdefault(plain_key(bare), entry)
                key = normalize_source_name(bare)
                # "Kuwait News Agency" must not turn the country "Kuwait" into an agency, nor
                # "AP news agency" the word "ap" into the AP.
                if len(key) >= 5 and not is_place_name(key) and key not in _GENERIC_WORDS:
                    self._by_key.setdefault(key, entry)
        self._keys = list(self._by_key)
        self._cache: dict[tuple[str, float], SourceEntry | None] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def match(self, name: str, *, threshold: float | None = None) -> SourceEntry | None:
        """The entry that ``name`` refers to, by acronym, exact alias, then fuzzy alias."""
        cutoff = self.threshold if threshold is None else threshold
        cache_key = (name, cutoff)
        if cache_key not in self._cache:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()  # bounded memory over a long ingest run
            self._cache[cache_key] = self._match(name, cutoff)
        return self._cache[cache_key]

    def _match(self, name: str, cutoff: float) -> SourceEntry | None:
        bare = re.sub(r"^(?:the|The)\s+", "", name.strip().rstrip(".,;:"))
        bare = _POSSESSIVE.sub("", bare)
        acronym = self._acronyms.get(bare.replace(".", ""))
        if acronym is not None:
            return acronym
        plain = plain_key(bare)
        if plain in self._by_key:
            return self._by_key[plain]
        key = normalize_source_name(bare)
        if not key or is_place_name(key):
            return None
        if key in self._by_key:
            return self._by_key[key]
        head = bare.split()[0].replace(".", "")
        if key == head.casefold() and head in self._acronyms:
            return self._acronyms[head]  # "MENA news agency"
        owned = _without_owner(bare)
        if owned is not None:
            return self._match(owned, cutoff)
        # Fuzzy matching is for spelling variants of real names; very short keys would meet
        # too many unrelated words.
        if len(key) < 5 or cutoff > 100:
            return None
        found = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        if found is None or found[0].rstrip("s") == key.rstrip("s"):
            return None  # a plural is no spelling variant: "Economists" are not The Economist
        return self._by_key[found[0]]

    def find_in(self, text: str) -> list[tuple[int, SourceEntry]]:
        """Known sources named inside a longer phrase, with their offsets, in order.

        Tries capitalised runs ("a researcher at Human Rights Watch" holds "Human Rights
        Watch"), so an affiliation is found without scanning every alias over the text.
        """
        found: list[tuple[int, SourceEntry]] = []
        for run in _CAPITALISED_RUN.finditer(text):
            words = run.group().split()
            # Longest sub-run first, from the left: "UN Human Rights Council" before "UN".
            for size in range(len(words), 0, -1):
                hit = _first_match_of_size(self, words, size)
                if hit is not None:
                    offset = run.start() + len(" ".join(words[: hit[0]])) + (1 if hit[0] else 0)
                    found.append((offset, hit[1]))
                    break
        return found


_CAPITALISED_RUN = re.compile(
    r"(?:(?<=\s)|^)(?:[A-Z][\w'’./-]*|of|for|the|on|and|de|du|sans)"
    r"(?:\s+(?:[A-Z][\w'’./-]*|of|for|the|on|and|de|du|sans))*"
)


def _first_match_of_size(
    registry: SourceRegistry, words: list[str], size: int
) -> tuple[int, SourceEntry] | None:
    for start in range(len(words) - size + 1):
        chunk = words[start : start + size]
        if chunk[0][0].islower() or chunk[-1][0].islower():
            continue
        entry = registry.match(" ".join(chunk).rstrip(".,'’"), threshold=_EXACT_ONLY)
        if entry is not None:
            return start, entry
    return None


_EXACT_ONLY = 101.0  # above any fuzzy score: aliases only, for phrases scanned word by word


def load_registry(path: str | Path | None = None) -> SourceRegistry:
    """Read a registry file (the shipped list by default), refusing unknown keys and kinds."""
    source = Path(path) if path is not None else DEFAULT_REGISTRY_PATH
    data = json.loads(source.read_text(encoding="utf-8"))
    entries: list[SourceEntry] = []
    for number, row in enumerate(data["sources"], start=1):
        unknown = set(row) - _ALLOWED_KEYS
        if unknown:
            raise ValueError(f"{source}: source {number} has unknown keys {sorted(unknown)}")
        if row["kind"] not in SOURCE_KINDS:
            raise ValueError(f"{source}: source {row['name']!r} has unknown kind {row['kind']!r}")
        entries.append(
            SourceEntry(
                name=row["name"],
                kind=row["kind"],
                aliases=tuple(row.get("aliases", ())),
                country=row.get("country", ""),
                affiliation=row.get("affiliation", ""),
            )
        )
    return SourceRegistry(entries)


def kind_for_mention(mention: str, registry: SourceRegistry, *, is_person: bool = False) -> str:
    """The kind of a source as mentioned in text: the registry first, then its wording."""
    entry = registry.match(mention)
    if entry is not None:
        return entry.kind
    return kind_from_description(mention, has_person_name=is_person, find_known=registry.find_in)
