"""Normalised terms of a claim, and the keys that pair claims without comparing all pairs.

A claim is reduced to:

- entities found by capitalisation ("U.N.", "UN" and "United Nations" all give ``un``;
  "President Joe Biden" gives ``joe_biden`` and ``biden``),
- the counted things of its quantities (``q:people``),
- content words, stemmed and mapped to a small set of shared concepts, so that "killed", "died"
  and "death toll" meet as ``death``, "flooded" and "under water" as ``flood``, and the words
  that writers and synonym spinners swap ("firm"/"company", "stepped down"/"resigned") meet,
- the verbs that say what happened ("were rescued", "arrested 15"), found by position,
- time anchors, absolute and relative ("in 2019", "four years ago", "now"), and scope
  ("nationwide" against "in the capital").

Words that only report speech ("said", "told", "according to") and the names of those who
speak are left out: they say who claims, not what is claimed, and the caller compares sources
separately.

Keys are bounded to ``MAX_KEYS`` per claim so that the key index grows linearly with claims:
entities first, then counted things, then the longest content words (a cheap stand-in for the
most specific ones).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache

from provenance.text import lexicon
from provenance.text.quantities import Quantity, extract_quantities
from provenance.text.source_kinds import MONTHS, RELATIVE_DAYS, WEEKDAYS

MAX_KEYS = 24
QUANTITY_PREFIX = "q:"
_WEIGHTS = {"quantity": 1.5, "name": 2.0, "word": 1.0}

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z]+(?:['’][A-Za-z]+)?|\d[\d,.]*\d|\d|[.!?;:,\"“”()]")
_BOUNDARY = frozenset('.!?;:"“”(')
_CLAUSE_END = frozenset('.!?;:,"“”()')
# Words between a speaker's "who" and the reporting verb: "who spoke on condition of anonymity".
_RELATIVE_SPAN = 8

STOPWORDS = lexicon.words("stopwords")
# Speech verbs: the words just before them (or after "according to", "told") name a source.
_SPEECH_VERBS = lexicon.words("speech_verbs")
# "instructed" is how a synonym spinner writes "told".
_SOURCE_AFTER = lexicon.words("source_after")
_TOLD = lexicon.words("told_forms")
_CLAIM_OPENERS = lexicon.words("claim_openers")
_TITLES = lexicon.words("key_titles")
_CONNECTORS = lexicon.words("connectors")
_COORDINATORS = lexicon.words("coordinators")
# Names of bodies are known by their initials: "United Nations" -> "un".
_ORG_WORDS = lexicon.words("org_words")
_ALIASES = lexicon.table("key_aliases")
_SPELLINGS = lexicon.table("spelling_variants")


def _country_keys() -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
    """One key for each country's names and demonyms ("Russian troops", "Russia's army": both
    "russia"; "Sri Lankan police" and "Sri Lanka": both "sri_lanka"): the one-word names and
    demonyms by word, the longer ones by their words in order. The key is that of the
    country's first one-word name, or its first name's words joined."""
    words: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for names, demonyms, _capital in lexicon.entries("countries"):
        all_names = names.split("/")
        single = [name for name in all_names if " " not in name]
        if single:
            first = single[0]
            lower = first.lower()
            key = _acronym_key(first) if _is_acronym(first) else _ALIASES.get(lower, stem(lower))
        else:
            key = "_".join(all_names[0].lower().split())
        for word in [*all_names, *demonyms.split("/")]:
            if " " in word:
                phrases[tuple(word.lower().split())] = key
            elif single:
                words[word.lower()] = key
    return words, phrases


def _country_phrases(words: list[str]) -> list[str]:
    """The keys of the countries named by several of the run's words in a row."""
    lowered = [w.lower() for w in words]
    return [
        key
        for phrase, key in _COUNTRY_PHRASES.items()
        if any(
            tuple(lowered[i : i + len(phrase)]) == phrase
            for i in range(len(lowered) - len(phrase) + 1)
        )
    ]


_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_ERA = re.compile(
    r"\b(?:(?:last|this|next|previous|past)\s+(?:year|month|week|decade|quarter|season|time)"
    r"|\w+\s+(?:years?|months?|weeks?|decades?)\s+ago"
    r"|now|currently|at\s+present|so\s+far|to\s+date)\b",
    re.I,
)
_NATIONWIDE = re.compile(
    r"\b(?:nationwide|nationally|countrywide|national\s+(?:average|level|figure)|"
    r"across\s+the\s+country|worldwide|globally)\b",
    re.I,
)
_LOCAL_SCOPE = re.compile(
    r"\b(?:in|across)\s+the\s+(?:capital|city|province|region|district|county|town|state)\b",
    re.I,
)
# Words that help a verb ("were rescued", "has not resumed") and what may stand between.
_AUXILIARIES = lexicon.words("auxiliaries")
_VERB_ADVERBS = lexicon.words("verb_adverbs")
_DETERMINERS = lexicon.words("determiners")
_NUMBER_WORDS = lexicon.words("key_number_words")
_QUALIFIER_STARTS = lexicon.words("qualifier_starts")
# Verbs that link a subject to a figure ("stood at", "reached") and say nothing of the event.
_LINKING_VERBS = lexicon.words("linking_verbs")

_IRREGULAR = lexicon.table("irregular_verb_forms")
# Past forms that are verbs (the table also holds plural nouns).
_PAST_FORMS = frozenset(_IRREGULAR) - lexicon.words("irregular_people_plurals")
# Two-word phrases that state a concept: the pair is read as the concept.
_PHRASES = lexicon.phrase_table("concept_phrases")
# Shared concepts for words that state the same thing; the antonym table in ``polarity`` is
# written over these names.
_CONCEPT_STEMS = lexicon.table("concept_stems")
# Concepts that say what happened to the counted things: "40 killed" and "300 injured" are
# two different counts, never one count reported twice.
OUTCOME_CONCEPTS = lexicon.words("outcome_concepts")
_CONCEPTS = {stem: concept for concept, stems in _CONCEPT_STEMS.items() for stem in stems.split()}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stem of a lower-case word, mapped to its shared concept when it has one."""
    if word in _IRREGULAR:
        word = _IRREGULAR[word]
    elif len(word) > 4 and word.endswith(("ies", "ied")):
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif len(word) > 5 and word.endswith("ing"):
        word = _undouble(word[:-3])
    elif len(word) > 4 and word.endswith("ed") and not word.endswith("eed"):
        word = _undouble(word[:-2])
    elif word.endswith(("ches", "shes", "xes", "zes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word in _CONCEPTS:
        return _CONCEPTS[word]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return _CONCEPTS.get(word, word)


def _undouble(word: str) -> str:
    """ "stopp" -> "stop", but "kill" and "pass" keep their pair."""
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word


@dataclass(frozen=True)
class ClaimTerms:
    """What a claim is about, normalised; ``speakers`` are excluded from the other fields."""

    names: tuple[str, ...]  # entity keys, in order, without speakers
    words: tuple[str, ...]  # content stems and concepts, in order, without names
    speakers: tuple[str, ...]  # names of those to whom the claim is attributed
    times: frozenset[str]  # "year:2023", "month:march", "day:monday", "rel:yesterday"
    quantities: tuple[Quantity, ...]
    surface: dict[str, str] = field(default_factory=dict)  # key -> first word that gave it
    # The verbs that state what happened, as (concept, start, end) in the claim; the concept is
    # "" for a verb that only links ("was", "had", "stood at"), which says nothing of the event.
    predicates: tuple[tuple[str, int, int], ...] = ()

    @property
    def events(self) -> frozenset[str]:
        """The concepts of the claim's verbs that state an event."""
        return frozenset(concept for concept, _start, _end in self.predicates if concept)

    @property
    def content(self) -> frozenset[str]:
        """Names and words together: what the claim states, not who states it."""
        return frozenset(self.names) | frozenset(self.words)

    def say(self, keys: set[str] | frozenset[str]) -> str:
        """Keys as the claim's own words, in the claim's order, for explanations."""
        words = (word for key, word in self.surface.items() if key in keys)
        return ", ".join(dict.fromkeys(words))  # "China's Xinjiang" gives two keys, one word


@lru_cache(maxsize=4096)
def analyse_claim(text: str) -> ClaimTerms:
    """Split a claim into names, content words, speakers, time markers and quantities.

    Cached: a claim is compared with many others, and its clauses are re-read per pair.
    """
    tokens = [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]
    speaker_at = _speaker_positions(tokens)
    speaker_starts = {tokens[i][1] for i in speaker_at}  # "two officials told": not a claim
    names: list[str] = []
    speakers: list[str] = []
    words: list[str] = []
    surface: dict[str, str] = {}
    times: set[str] = set()
    run: list[str] = []
    run_is_speaker = False
    run_at_start = False

    def add_words(found: list[tuple[str, str]]) -> None:
        for key, word in found:
            words.append(key)
            surface.setdefault(key, word)

    def flush() -> None:
        nonlocal run, run_is_speaker
        keys = _name_keys(run, run_at_start)
        if keys is None:  # a capitalised ordinary word opening a sentence
            if not run_is_speaker:
                add_words(_word_stems(run))
        else:
            (speakers if run_is_speaker else names).extend(keys)
            for key in keys:
                surface.setdefault(key, " ".join(run))
        run, run_is_speaker = [], False

    for index, (token, _start) in enumerate(tokens):
        lower = token.lower()
        if _time_marker(token, lower, times):
            if run:
                flush()
            continue
        capitalised = token[0].isupper()
        joins = (
            lower in _CONNECTORS
            and run
            and index + 1 < len(tokens)
            and tokens[index + 1][0][0].isupper()
        )
        if (capitalised and token not in _BOUNDARY) or joins:
            if not run:
                run_at_start = index == 0 or tokens[index - 1][0] in _BOUNDARY
            run.append(token)
            run_is_speaker = run_is_speaker or index in speaker_at
            continue
        if run:
            flush()
        if index in speaker_at or not token[0].isalpha():
            continue
        previous = tokens[index - 1][0].lower() if index else ""
        phrase = _PHRASES.get((previous, lower))
        if phrase and words and words[-1] == stem(previous):
            words.pop()  # "stepped down" is one concept, not "step" and "resign"
        add_words([(phrase, f"{previous} {token}")] if phrase else _word_stems([token]))
    if run:
        flush()
    times.update(_anchors(text))
    return ClaimTerms(
        names=tuple(dict.fromkeys(names)),
        words=tuple(dict.fromkeys(w for w in words if w not in names)),
        speakers=tuple(dict.fromkeys(speakers)),
        times=frozenset(times),
        quantities=tuple(q for q in extract_quantities(text) if q.start not in speaker_starts),
        surface=surface,
        predicates=_predicates(tokens, speaker_at),
    )


def _anchors(text: str) -> set[str]:
    """Relative times ("last year", "four years ago", "now") and the scope of a figure
    ("nationwide" against "in the capital"), as markers like those of ``_time_marker``."""
    found = set()
    for match in _ERA.finditer(text):
        words = match.group(0).lower().split()
        if words[-1] == "ago":
            words = [words[0], words[1].rstrip("s"), "ago"]
        elif words[-1] in ("now", "currently", "present", "far", "date"):
            words = ["now"]
        found.add("era:" + "_".join(words))
    if _NATIONWIDE.search(text):
        found.add("scope:national")
    elif _LOCAL_SCOPE.search(text):
        found.add("scope:local")
    return found


def _predicates(
    tokens: list[tuple[str, int]], speaker_at: set[int]
) -> tuple[tuple[str, int, int], ...]:
    """The verbs of a claim, found without a tagger: a word after an auxiliary or "to" ("were
    rescued", "to ban"), a past form ("killed", "fled") not used as an adjective ("the collapsed
    building"), or a word whose object follows ("cost $4 billion", "backed the plan")."""
    found: list[tuple[str, int, int]] = []
    after_auxiliary = False
    pending: tuple[str, int, int] | None = None  # an auxiliary with no verb after it yet
    for index, (token, start) in enumerate(tokens):
        lower = token.lower()
        end = start + len(token)
        if lower in _AUXILIARIES:
            if pending is None:
                pending = ("", start, end)
            after_auxiliary = True
            continue
        if lower == "to" and pending is None:
            after_auxiliary = True  # "voted to ban": an infinitive is an event too
            continue
        if after_auxiliary and lower in _VERB_ADVERBS:
            continue
        previous = tokens[index - 1][0].lower() if index else ""
        phrase = _PHRASES.get((previous, lower))
        if phrase and found and found[-1][2] == tokens[index - 1][1] + len(previous):
            found[-1] = (phrase, found[-1][1], end)
            continue
        verb = (
            token[0].islower()
            and token.isalpha()
            and index not in speaker_at
            and lower not in STOPWORDS
            and (after_auxiliary or _reads_as_verb(tokens, index, lower, previous))
        )
        if verb:
            concept = stem(lower)
            found.append(("" if concept in _LINKING_VERBS else concept, start, end))
            pending = None
        elif pending is not None:
            found.append(pending)  # "had 45 passengers", "was 41 percent": a linking verb
            pending = None
        after_auxiliary = False
    if pending is not None:
        found.append(pending)
    return tuple(found)


def _reads_as_verb(tokens: list[tuple[str, int]], index: int, lower: str, previous: str) -> bool:
    if previous in _DETERMINERS:
        return False  # "the injured", "a planned visit"
    if lower in _PAST_FORMS or (len(lower) > 4 and lower.endswith("ed")):
        # "40,000 displaced villagers": a participle between a number and its noun.
        following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
        return not (previous[:1].isdigit() and following[:1].islower() and following.isalpha())
    following = [t.lower() for t, _start in tokens[index + 1 : index + 3]] + ["", ""]
    if following[0] in _DETERMINERS or following[0][:1].isdigit() or following[0] in _NUMBER_WORDS:
        return True
    return (following[0], following[1]) in _QUALIFIER_STARTS  # "killed at least 40"


def _speaker_positions(tokens: list[tuple[str, int]]) -> set[int]:
    """Token positions that name a source: "Officials said", "according to the UN"."""
    positions: set[int] = set()
    for index, (token, _start) in enumerate(tokens):
        lower = token.lower()
        previous = tokens[index - 1][0].lower() if index else ""
        following = tokens[index + 1][0].lower() if index + 1 < len(tokens) else ""
        passive = lower in _SPEECH_VERBS and previous in _AUXILIARIES and following == "by"
        if passive or _spun_according_to(tokens, index):
            # "cases were confirmed by the ministry": the source follows "by"; and a spinner's
            # ", in response to officials" stands for "according to officials".
            positions.add(index)
            lower = "according"
        elif lower in _SPEECH_VERBS:
            positions.add(index)
            back = index - 1 if previous not in _COORDINATORS else -1
            relative = _speaker_relative_clause(tokens, index)
            if relative is not None:  # "diplomats who asked not to be named told Reuters"
                positions.update(range(relative, index))
                back, index_from = relative - 1, relative
            else:
                index_from = index
            while back >= 0 and index_from - back <= 4 and tokens[back][0] not in _CLAUSE_END:
                if tokens[back][0].lower() in ("that", "who", "which"):
                    break
                positions.add(back)
                back -= 1
        if lower in _SOURCE_AFTER:
            positions.add(index)
            ahead = index + 1
            while (
                ahead < len(tokens) and ahead - index <= 5 and tokens[ahead][0] not in _CLAUSE_END
            ):
                word = tokens[ahead][0].lower()
                if word in ("that", "about") or word[0].isdigit():
                    break
                if lower in _TOLD and ahead > index + 1 and word in _CLAIM_OPENERS:
                    break  # "told reporters the bridge would reopen": the claim follows
                positions.add(ahead)
                ahead += 1
    return positions


def _speaker_relative_clause(tokens: list[tuple[str, int]], verb: int) -> int | None:
    """Where a relative clause that describes the speaker of the reporting verb at ``verb``
    begins ("officials who spoke on condition of anonymity said": the "who"), if one does:
    within ``_RELATIVE_SPAN`` tokens before the verb, in the same clause."""
    for back in range(verb - 1, max(-1, verb - 1 - _RELATIVE_SPAN), -1):
        token = tokens[back][0]
        if token in _CLAUSE_END or token.lower() in ("that", "which"):
            return None
        if token.lower() == "who":
            return back if back > 0 and tokens[back - 1][0] not in _CLAUSE_END else None
    return None


def _spun_according_to(tokens: list[tuple[str, int]], index: int) -> bool:
    """ "..., in response to local officials": "response" after a comma and "in", before "to"."""
    return (
        tokens[index][0].lower() == "response"
        and 2 <= index < len(tokens) - 1
        and tokens[index - 1][0].lower() == "in"
        and tokens[index - 2][0] == ","
        and tokens[index + 1][0].lower() == "to"
    )


def _time_marker(token: str, lower: str, times: set[str]) -> bool:
    """Record a year, month, weekday or relative day; say whether the token was one."""
    if _YEAR.fullmatch(token):
        times.add(f"year:{token}")
    elif lower in MONTHS and token[0].isupper():
        times.add(f"month:{lower}")
    elif lower in WEEKDAYS:
        times.add(f"day:{lower}")
    elif lower in RELATIVE_DAYS:
        times.add(f"rel:{lower}")
    else:
        return False
    return True


def _word_stems(tokens: list[str]) -> list[tuple[str, str]]:
    """(stem, word) for each content word among ``tokens``."""
    stems = []
    for token in tokens:
        word = token.lower().replace("’", "'")
        if word.endswith("'s"):
            word, token = word[:-2], token[:-2]
        if "'" in word or word in STOPWORDS or len(word) < 3 or not word.isalpha():
            continue
        stems.append((stem(word), token))
    return stems


def _name_keys(run: list[str], at_sentence_start: bool) -> list[str] | None:
    """Keys for a run of capitalised words; None when it is an ordinary word opening a sentence."""
    words = [w[:-2] if w.lower().endswith(("'s", "’s")) else w for w in run]
    while words and (words[0].lower() in _TITLES or words[0].lower() in STOPWORDS):
        words = words[1:]
    while words and words[-1].lower() in _CONNECTORS:
        words = words[:-1]
    if not words:
        return []
    if len(words) == 1:
        word = words[0]
        if _is_acronym(word):
            return [_acronym_key(word)]
        lower = word.lower()
        if lower in _COUNTRIES:
            return [_COUNTRIES[lower]]  # a name wherever it stands: "Russian troops fired"
        if at_sentence_start and len(run) == 1:
            return None
        if lower in STOPWORDS:
            return []
        return [_ALIASES.get(lower, stem(lower))]
    countries = _country_phrases(words)
    if countries and tuple(w.lower() for w in words) in _COUNTRY_PHRASES:
        return countries  # "Sri Lanka", "Sri Lankan", "United Kingdom"
    if any(w.lower() in _ORG_WORDS for w in words):
        initials = "".join(
            _acronym_key(w) if _is_acronym(w) else w[0].lower()
            for w in words
            if w.lower() not in _CONNECTORS
        )
        return [initials]
    joined = "_".join(w.lower() for w in words)
    countries += [_COUNTRIES[w.lower()] for w in words[:-1] if w.lower() in _COUNTRIES]
    return [joined, stem(words[-1].lower()), *countries]  # "China's Xinjiang" names China


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    bare = letters[:-1] if letters.endswith("s") else letters
    return len(bare) >= 2 and bare.isupper()


def _acronym_key(word: str) -> str:
    key = word.replace(".", "").lower()
    if word.endswith("s") and word[:-1].isupper():
        key = key[:-1]  # "NGOs" -> "ngo"
    return _ALIASES.get(key, key)


_COUNTRIES, _COUNTRY_PHRASES = _country_keys()
# The keys that name a country, by any of its names or demonyms.
COUNTRY_KEYS = frozenset(_COUNTRIES.values()) | frozenset(_COUNTRY_PHRASES.values())


def phrase_keys(phrase: str) -> frozenset[str]:
    """The keys of a short phrase's words, as claims' keys read them: a country's
    names and demonyms as the country ("russian", "sri lankan": "russia", "sri_lanka"), other
    words stemmed ("ministries": "ministry") in one spelling ("defence": "defense"), stopwords
    dropped."""
    words = phrase.casefold().split()
    keys: set[str] = set()
    at = 0
    while at < len(words):
        country = next(
            (
                (len(phrase), key)
                for phrase, key in _COUNTRY_PHRASES.items()
                if tuple(words[at : at + len(phrase)]) == phrase
            ),
            None,
        )
        if country is not None:
            keys.add(country[1])
            at += country[0]
            continue
        word = words[at]
        at += 1
        if word in _COUNTRIES:
            keys.add(_COUNTRIES[word])
        elif word not in STOPWORDS:
            word = _SPELLINGS.get(word, word)
            keys.add(_ALIASES.get(word, stem(word)))
    return frozenset(keys)


def claim_keys(text: str) -> set[str]:
    """At most ``MAX_KEYS`` keys for candidate pairing: names, counted things, content words."""
    terms = analyse_claim(text)
    keys = list(terms.names)
    keys.extend(QUANTITY_PREFIX + q.counted for q in terms.quantities if q.counted)
    keys.extend(sorted(terms.words, key=len, reverse=True))
    return set(list(dict.fromkeys(keys))[:MAX_KEYS])


def key_weight(key: str) -> float:
    """Counted things and multiword names are more specific than single words."""
    if key.startswith(QUANTITY_PREFIX):
        return _WEIGHTS["quantity"]
    if "_" in key:
        return _WEIGHTS["name"]
    return _WEIGHTS["word"]


def keys_weight(keys: Iterable[str]) -> float:
    """The summed ``key_weight`` of ``keys``."""
    return sum(key_weight(k) for k in keys)


def similarity(
    keys_a: AbstractSet[str],
    keys_b: AbstractSet[str],
    *,
    weights: tuple[float, float] | None = None,
) -> float:
    """Weighted Jaccard of two key sets, in [0, 1], for ranking candidate pairs.

    ``weights``: the ``keys_weight`` of each set, when the caller has them (flagging ranks one
    claim against hundreds). The union's weight is the two sets' less what they share, exactly
    so since every weight is a multiple of a half."""
    weight_a, weight_b = weights if weights is not None else map(keys_weight, (keys_a, keys_b))
    shared = keys_weight(keys_a & keys_b)
    union = weight_a + weight_b - shared
    return shared / union if union else 0.0
