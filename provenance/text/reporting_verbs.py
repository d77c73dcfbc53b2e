"""Reporting verbs and cue phrases, with the synonyms that article spinners put in their place.

The lists themselves are data in the lexicon (``provenance.text.lexicon``, ``reporting.toml``);
this module shapes them for the steps. Each verb form maps to a ``Verb``: its plain meaning,
whether it is a *strong* reporting verb (it introduces what someone said: "said", "told") or a
*weak* one (it also carries a stance and is often part of the content itself: "urged", "denied",
"accused"), and a confidence. Spinners swap reporting verbs for near-synonyms ("mentioned" for
"said", "instructed" for "told", "in response to" for "according to"); those forms are listed with
the meaning they stand for and a lower confidence, since they are also ordinary words.

Only finite forms are listed: participles ("saying", "adding") belong to the clause around them
and never name a new speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provenance.text import lexicon


@dataclass(frozen=True)
class Verb:
    meaning: str  # the plain reporting verb this form stands for: "say", "tell", ...
    strong: bool
    confidence: float


REPORTING_VERBS: dict[str, Verb] = {
    form: Verb(group["meaning"], group["strong"], group["confidence"])
    for group in lexicon.entries("reporting_verbs")
    for form in group["forms"]
}

# Auxiliaries and adverbs that may stand between a speaker and the verb: "China has repeatedly
# said", "the ministry on Monday denied", "Liu did not say", "officials declined to say".
AUXILIARY_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|also|further|later|earlier|again|then|previously|repeatedly|"
    r"strongly|publicly|separately|privately|recently|initially|once|firmly|flatly|"
    r"categorically|swiftly|quickly|immediately|would|will|could|may|might|did|does|do|not|"
    r"(?:would|did|does|do|could|will|wo|can|is|are|was|were)n['’]t|cannot|"
    r"never|only|declined\s+to|refused\s+to|wanted\s+to|went\s+on\s+to|"
    r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(?:last|this)\s+(?:week|month|year)|late\s+on\s+\w+day))+\s*$",
    re.IGNORECASE,
)
PASSIVE_TAIL = re.compile(r"(?:\b(?:is|are|was|were|be|been|being))\s*$", re.IGNORECASE)

# "according to X" and what spinners make of it.
ACCORDING_TO: dict[str, float] = lexicon.table("according_to")

# Of those, the phrases that also name mere evidence ("a review based on UN documents"): they
# stand for "according to" only when no other cue in the sentence names a source.
EVIDENCE_PHRASES = frozenset({"based on"})

# Forms that report only a figure, so only with "at" and a quantity after them (``PUT_AT``):
# "put the toll at 40", "measured the quake at 6.1".
FIGURE_ONLY_FORMS = lexicon.words("figure_only_forms")

# "X put the toll at 40": "put" reports an estimate only when an "at" (or "closer to", "as high
# as") and a quantity follow.
PUT_AT = (
    r"\s+(?:[\w'’,-]+\s+){0,8}?(?:at|closer\s+to|nearer\s+to|near|as\s+high\s+as|"
    r"as\s+low\s+as)\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|"
    r"some\s+|least\s+|more\s+than\s+|less\s+than\s+|fewer\s+than\s+|at\s+least\s+|"
    r"up\s+to\s+|between\s+)?(?:[$£€¥]?\d|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"a\s+(?:few|dozen|hundred|thousand|million|billion|quarter|third|half))"
)

# Forms that revise a count ("raised the death toll from 64 to 2,975", "lowered its estimate to
# 253"): they report what the actor holds only when a count and "to" and a quantity follow;
# "raised prices to $5" is an act.
COUNT_REVISED_FORMS = lexicon.words("count_revised_forms")
COUNT_REVISED_TO = (
    r"\s+(?:[\w'’,.-]+\s+){0,6}?(?:toll|tolls|count|number|estimate|figure|tally)\b"
    # "to 253", or by how much: "lowered the toll ... by more than 100"
    r"(?:\s+[\w'’,.-]+){0,14}?\s+(?:up\s+|down\s+)?(?:to|by)\s+(?:about\s+|around\s+|"
    r"nearly\s+|almost\s+|more\s+than\s+|at\s+least\s+|some\s+)?\d"
)

# "Y quoted X as saying": the speaker sits between the verb and "as".
QUOTED_AS_VERBS = ("quoted", "cited")
QUOTED_AS_COMPLEMENT = (
    r"as\s+(?:saying|telling|stating|mentioning|describing|calling|warning|noting|adding|"
    r"having\s+said|having\s+told|instructing)"
)

# "a letter seen by Reuters": the document speaks, the outlet relays it.
SEEN_BY = (
    r"(?:seen|obtained|reviewed|viewed|examined|verified|heard|aired|broadcast|published|"
    r"carried|released|polled|surveyed|interviewed|contacted|questioned)\s+by"
)

# "citing X", "quoting X": X is the source of the speaker it follows.
CITING = r"(?:citing|quoting)"

# Phrases that mark a speaker as anonymous wherever they stand in the sentence.
ANONYMITY = (
    r"(?:spoke|speaking|spoken|talked|talking)\s+on\s+(?:the\s+)?condition\s+of\s+anonymity|"
    r"on\s+(?:the\s+)?condition\s+of\s+anonymity|asked\s+not\s+to\s+be\s+(?:named|identified)|"
    r"declined\s+to\s+be\s+(?:named|identified)|requested\s+anonymity|"
    r"(?:was|were)\s+not\s+authori[sz]ed\s+to\s+(?:speak|talk|comment)"
)

# After "told" or an interview phrase: the outlet the words were given to, a relay when it is
# a news organisation ("told Reuters"), the audience otherwise ("told colleagues").
TOLD_TO = (
    r"(?:in\s+an?\s+(?:\w+\s+)?interview\s+with|"
    r"in\s+(?:(?:an?|his|her|its|their)\s+)?(?:[\w-]+\s+)?"
    r"(?:comments|remarks|statement|e-?mail|message|letter)\s+to|"
    r"(?:speaking|spoke|talking|talked)\s+(?:to|on|with))"
)


# The one broad list of communication verbs, by lemma, that the dependency parse looks for
# (``parse_cues``): a verb whose subject reports something. Unlike ``REPORTING_VERBS`` (finite
# forms the rules match in raw text), the parse gives each word its lemma, so every form of these
# verbs counts. ``CONTENT_VERBS`` carry what the actor holds in their object ("denied the
# report", "disputed the figure"); the others need a clause of content ("said that ...", a quote).
COMMUNICATION_VERBS = lexicon.words("communication_verbs")
CONTENT_VERBS = lexicon.words("content_verbs")
# Verbs that name a headline's source when they follow it in the present ("Mayor warns of more
# floods", "Officials say toll could rise"): the reporting verbs that carry a statement, not the
# ones that also name acts ("adds", "posts", "updates").
HEADLINE_VERBS = lexicon.words("headline_verbs")
# "put the toll at 40", "raised the death toll to 525", "lowered its estimate to 253": a verb
# that gives a figure, when "at" or "to" and a number follow its object.
FIGURE_VERBS = lexicon.words("figure_verbs")
# The irregular forms of those verbs; regular ones are made by ``verb_forms``.
_IRREGULAR_FORMS = lexicon.table("irregular_reporting_forms")


# Verbs that are as often nouns ("the report", "a post", "an estimate"): only their past forms
# tell, before the parse, that a sentence may report something.
_ALSO_NOUNS = lexicon.words("also_nouns")


def verb_forms(lemmas: frozenset[str]) -> frozenset[str]:
    """The written forms of ``lemmas`` that make a sentence worth parsing: a cheap test, before
    the parse, that a sentence has a verb the parse could find. Participles in "-ing" are left
    out ("saying", "citing" belong to a clause around them), and so are the present forms of
    verbs that are as often nouns."""
    forms: set[str] = set()
    for lemma in lemmas:
        written = every_form(frozenset({lemma}))
        if lemma in _ALSO_NOUNS:
            written = {
                form
                for form in written
                if form.endswith("ed") or form in _IRREGULAR_FORMS.get(lemma, "").split()
            }
        forms.update(form for form in written if not form.endswith("ing"))
    return frozenset(forms)


def every_form(lemmas: frozenset[str]) -> frozenset[str]:
    """Every written form of ``lemmas``: present, "-s", past and "-ing", regular or not. For
    raw-text tests that must know a reporting verb in any form ("saying", "reports")."""
    forms: set[str] = set()
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        irregular = _IRREGULAR_FORMS.get(lemma, "").split()
        forms.update(irregular)
        forms.add(lemma)
        if not any(form.endswith("ing") for form in irregular):
            forms.add(stem + "ing")
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
            continue
        forms.add(lemma + ("es" if lemma.endswith(("s", "sh", "ch")) else "s"))
        if not irregular:
            forms.add(stem + "ed")
    return frozenset(forms)


def _said_otherwise(meanings: frozenset[str]) -> frozenset[str]:
    """The other words ``REPORTING_VERBS`` gives for ``meanings`` ("noted", "replied" and the
    spinners' "mentioned" for "said"), leaving out the least sure ("advised" for "told")."""
    return frozenset(
        form
        for form, verb in REPORTING_VERBS.items()
        if verb.meaning in meanings and verb.confidence >= 0.7
    )


# Verbs that report words rather than acts ("said", "warned"; not "rejected the idea"): for the
# splitter, a clause with one of these has a source of its own.
SPEECH_LEMMAS = lexicon.words("speech_lemmas")
_SPUN_LEMMAS = lexicon.words("spun_lemmas")
SPEECH_FORMS = (
    every_form(SPEECH_LEMMAS | _SPUN_LEMMAS)
    | _said_otherwise(frozenset({"say", "tell"}))
    | frozenset({"according"})
)
SPEECH_PHRASES = lexicon.entries("speech_phrases")
# Every form of a verb that can report (the broad list, and the spinners' stand-ins): for the
# splitter, a clause with one of these may carry a source's claim.
# Verbs of the broad list that as often name a service or a promise done to someone ("Lazard
# advised the buyer", "pledged aid"): no sign, in raw text, that a clause has a source.
_ALSO_ACTS = lexicon.words("also_acts")
REPORTING_FORMS = (
    every_form(
        (COMMUNICATION_VERBS - _ALSO_ACTS) | _SPUN_LEMMAS | lexicon.words("reporting_extra_lemmas")
    )
    | frozenset(form for form, verb in REPORTING_VERBS.items() if verb.confidence >= 0.6)
    | frozenset({"according", "quoted"})
)

PARSE_VERB_FORMS = verb_forms(COMMUNICATION_VERBS | FIGURE_VERBS)
