"""Who a headline names as its source, in headline grammar.

Headlines drop articles and auxiliaries and are often set in title case, so the sentence cues
of ``attribution_cues`` (which skip a capitalised "Says" as part of a name) miss them. A
headline is attributed only when it names its source (GUIDE.md), in one of two shapes:
- "<source>: <statement>" ("Coast guard: nine rescued off the cape");
- "<source> <reporting verb> ..." with a verb of ``HEADLINE_VERBS`` in the present ("Mayor
  warns of more floods"), or a verb of ``FIGURE_VERBS`` that sets a figure ("Governor raises
  flood toll to 40"). A bare act ("Ministry adds 15 villages to the list") names no source.
"""

from __future__ import annotations

import re

from provenance.text import lexicon
from provenance.text.attribution_cues import SentenceReader
from provenance.text.reporting_verbs import FIGURE_VERBS, HEADLINE_VERBS, verb_forms
from provenance.text.source_kinds import PREPOSITIONS, is_place_name
from provenance.text.source_mentions import Mention

_MAX_SOURCE_WORDS = 6
# Labels of page sections and formats that stand before a colon like a source.
_SECTION_LABELS = lexicon.words("section_labels")
# "<statement> questioned in US report": a participle of a headline verb, its source after.
_PARTICIPLES = frozenset(form for form in verb_forms(HEADLINE_VERBS) if form.endswith("ed"))
_PASSIVE_SOURCE = re.compile(
    r"\S\s+(?P<verb>[A-Za-z]+ed)\s+(?:in|by)\s+(?P<source>(?:\S+\s+){0,4}\S+)\s*$"
)
# What a passive headline's subject may be when a source follows: a figure or a claim ("Toll",
# "Flood figures"), read as a document or as nobody known; not an official or a person.
_NOT_ABOUT = frozenset({"document", "unknown"})
# "Toll rises to 40: officials", "150 homes evacuated - police": a short source at the end.
_TRAILING_SOURCE = re.compile(r"\S\s*(?P<mark>:|\s[–—-])\s+(?P<source>[^:–—\n“”‘’\"]{2,40}?)\s*$")
_MAX_TRAILING_WORDS = 3
_COLON = re.compile(r"^(?P<source>[^:\n]{2,60}?)\s*:\s+(?=\S)")
_WORD = re.compile(r"[\w'’.-]+")
_FIGURE_AFTER = re.compile(r"\b(?:to|at)\s+(?:about\s+|nearly\s+|more\s+than\s+)?\d", re.I)
_PRESENT = frozenset(
    form for form in verb_forms(HEADLINE_VERBS) if form.endswith("s") and not form.endswith("ss")
) | {"says"}
_FIGURE_PRESENT = frozenset(f"{lemma}s" for lemma in FIGURE_VERBS) | {"puts", "sets", "cuts"}
# After a plural source the verb has no "s": "Officials lower death toll to 253".
_FIGURE_PLURAL = frozenset(FIGURE_VERBS)


def headline_cue(text: str, reader: SentenceReader) -> tuple[Mention, str, int, int] | None:
    """The source a headline names, its cue, and the cue's offsets in ``text``; or ``None``."""
    trailing = _TRAILING_SOURCE.search(text)
    if (
        trailing is not None
        and len(trailing.group("source").split()) <= _MAX_TRAILING_WORDS
        and trailing.group("source").split()[-1].casefold() not in _SECTION_LABELS
    ):
        # "Toll rises to 40: officials": the source stands after the statement.
        mention = _source(trailing.group("source"), reader)
        if mention is not None:
            return mention, trailing.group("mark"), trailing.start("mark"), trailing.end("mark")
    passive = _PASSIVE_SOURCE.search(text)
    if (
        passive is not None
        and passive.group("verb").casefold() in _PARTICIPLES
        and not any(word.casefold() in PREPOSITIONS for word in passive.group("source").split())
    ):
        # "Flood figures questioned in UN report", "Toll disputed by rights group"; but in
        # "Mayor questioned by police" the headline is about the mayor.
        about = reader._mention(text[: passive.start("verb")])
        mention = _source(passive.group("source"), reader)
        named = about is not None and (about.is_person or about.kind not in _NOT_ABOUT)
        if mention is not None and not named:
            return mention, passive.group("verb"), passive.start("verb"), passive.end("verb")
    colon = _COLON.match(text)
    if colon is not None:
        rest = colon.end()
        if _reporting_verb(text[rest:]) is not None:
            # "Peru vote: Opposition rejects results": the label says what about, the verb's
            # subject after it is the source (if it names one).
            verbal = _verb_cue(text[rest:], reader)
            if verbal is None:
                return None
            mention, cue, start, end = verbal
            return mention, cue, rest + start, rest + end
        source = colon.group("source").strip()
        words = source.split()
        # "Nepal: hundreds dead after quake": a place before the colon says where, not who.
        label = words[-1].casefold() in _SECTION_LABELS or is_place_name(source)
        if len(words) <= _MAX_SOURCE_WORDS and not label:
            mention = _source(source, reader)
            if mention is not None:
                return mention, ":", colon.end("source"), colon.end("source") + 1
    return _verb_cue(text, reader)


def _verb_cue(text: str, reader: SentenceReader) -> tuple[Mention, str, int, int] | None:
    """The subject of the headline's first reporting verb, when it names a source."""
    word = _reporting_verb(text)
    if word is None:
        return None
    source = text[: word.start()].strip()
    if len(source.split()) > _MAX_SOURCE_WORDS:
        return None
    mention = _source(source, reader)
    return (mention, word.group(), word.start(), word.end()) if mention is not None else None


def _reporting_verb(text: str) -> re.Match[str] | None:
    """The headline's first reporting verb in the present with words before it, or ``None``."""
    for word in _WORD.finditer(text):
        lowered = word.group().casefold()
        before = text[: word.start()].split()
        plural = bool(before) and before[-1].casefold().endswith("s")
        sets_figure = lowered in _FIGURE_PRESENT or (plural and lowered in _FIGURE_PLURAL)
        figure = sets_figure and _FIGURE_AFTER.search(text, word.end())
        if (lowered in _PRESENT or figure) and before:
            return word
    return None


def _source(phrase: str, reader: SentenceReader) -> Mention | None:
    mention = reader._mention(phrase, lenient=True)
    if mention is None or mention.pronoun:
        return None
    return mention
