"""Polarity cues of a claim: negation, denial, and the table of opposite predicates.

Only negations of what is claimed count. Negations of reporting ("did not say", "declined to
comment", "could not be reached") and of quantity ("no more than 30") say nothing about the
claim's truth and are skipped. A denial is a source saying that something asserted elsewhere
is false: a denial verb on a factual object ("denied that...", "rejected the allegations") or a
word that calls it false ("groundless", "fabricated", "no evidence").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from provenance.text import lexicon
from provenance.text.claim_keys import stem

_NEGATION = re.compile(
    r"\b(?P<word>not|no|never|none|nobody|nothing|neither|nor|cannot)\b"
    r"|(?P<contraction>n['’]t)\b",
    re.I,
)
# What follows a negation that makes it about reporting or quantity, not the claim.
_NOT_A_CLAIM_NEGATION = re.compile(
    r"\s*(?:\w+\s+){0,2}?(?:say|said|comment\w*|respond\w*|repl\w*|confirm\w*|disclos\w*|"
    r"specif\w*|elaborat\w*|return\w*|be\s+reached|available|identif\w*|immediately|name[ds]?|"
    r"clear|known|doubt|only|just|longer|more\s+than|less\s+than|fewer\s+than|later\s+than|"
    r"matter|one\s+knows)\b",
    re.I,
)

# A negation right before a figure corrects that figure ("253, not 359 as reported").
_FIGURE_CORRECTED = re.compile(r"\s+\d")

# Verbs that deny whatever follows them, except a right or favour that is refused.
_DENY_VERB = re.compile(r"\b(?:den(?:y|ies|ied|ying)|refut\w*|rebut\w*|repudiat\w*)\b", re.I)
_DENIED_SOMETHING = re.compile(
    r"\s+(?:him\s+|her\s+|them\s+)?(?:bail|entry|access|visas?|a\s+visa|permission|"
    r"the\s+right|asylum|parole|a\s+permit|permits?|treatment|"
    r"(?:the\s+|an?\s+|his\s+|her\s+|their\s+|its\s+)?(?:requests?|applications?|appeals?|"
    r"calls?|bids?|petitions?|pleas?))\b",
    re.I,
)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|be|is|are)\s+$", re.I)
# Verbs that deny only when their object is a statement: "rejected the allegations".
_REJECT_VERB = re.compile(
    r"\b(?:reject\w*|dismiss\w*|rebuff\w*|brush\w*\s+(?:off|aside)|disput\w*|contest(?:s|ed|ing)|"
    r"push\w*\s+back\s+(?:on|against)|"
    r"discount\w*|deni\w*)\s+(?:\w+\s+){0,4}?"
    r"(?:claims?|allegations?|accusations?|reports?|charges?|suggestions?|assertions?|"
    r"accounts?|findings?|rumou?rs?|figures?|numbers?|tolls?|counts?|estimates?|tall(?:y|ies)|"
    r"statistics|stories|stor(?:y|ies)|results?|outcome|that)\b"
    # "dismissed the official toll as an underestimate": whatever is dismissed as something
    r"|\b(?:dismiss\w*|reject\w*|brush\w*\s+(?:off|aside))\s+(?:\w+\s+){1,6}?as\b"
    # doubting a statement or a figure: "questions official figures", "cast doubt on the toll"
    r"|\b(?:question(?:s|ed|ing)|challeng(?:e|es|ed|ing)|contradict(?:s|ed|ing)?|"
    r"cast(?:s|ing)?\s+doubts?\s+(?:on|upon|over))\s+(?:\w+\s+){0,4}?"
    r"(?:claims?|allegations?|accounts?|reports?|findings?|figures?|numbers?|tolls?|counts?|"
    r"estimates?|tall(?:y|ies)|statistics|results?)\b",
    re.I,
)
# Refusing to accept a count or a result: "refused to recognise the election results", "did
# not accept the outcome", "would not concede the count".
_REFUSED_RESULT = re.compile(
    r"\b(?:refus\w*\s+to|(?:did|does|do|would|will)\s+not|(?:did|does|do|would|will)n['’]t|"
    r"declin\w*\s+to)\s+(?:recogni[sz]e|accept|acknowledge|concede|concur\s+with|endorse)\s+"
    r"(?:\w+\s+){0,4}?(?:results?|outcome|count|tall(?:y|ies)|figures?|findings?)\b",
    re.I,
)
# Calling something false: "called the report a lie", "branded the accounts fake news".
_CALLED_FALSE = re.compile(
    r"\b(?:call\w*|brand\w*|describ\w*|label\w*|dubb\w*|termed|denounc\w*)\s+"
    r"(?:\w+\s+){0,12}?(?:as\s+)?(?:an?\s+|pure\s+|mere\s+|just\s+)?(?:\w+\s+)?"
    r"(?:lies?|fake|fabrications?|hoax(?:es)?|rumou?rs?|smears?|propaganda|slander|fiction|"
    r"disinformation|staged|absurd|ridiculous|rigged|fraudulent|a\s+fraud|sham|farce)\b",
    re.I,
)
# A statement, a figure or a vote said to be wrong: "the figures were wrong", "the claims are
# absurd", "the vote was rigged".
_SAID_WRONG = re.compile(
    r"\b(?:claims?|allegations?|accusations?|reports?|accounts?|stor(?:y|ies)|figures?|"
    r"numbers?|tolls?|counts?|estimates?|results?|elections?|votes?|ballots?)\s+"
    r"(?:(?:in|of|for|on)\s+(?:the\s+)?[\w'’-]+\s+)?"
    r"(?:(?:is|are|was|were|had\s+been|has\s+been|have\s+been)\s+)(?:\w+ly\s+)?"
    r"(?:wrong|absurd|ridiculous|disinformation|rigged|fraudulent|a\s+fraud|a\s+sham|a\s+farce)\b",
    re.I,
)
# What others named in a relative clause said: "thousands of protesters who said ..." ends
# right before their words.
_OTHERS_SAID = re.compile(
    r"\bwho\s+(?:\w+\s+)?(?:said|say|says|claimed|claim|claims|insisted|believe[sd]?)\s+"
    r"(?:that\s+)?(?:[\w'’-]+\s+){0,3}$",
    re.I,
)
# "has never ...": a flat rejection of what others say happened, stated as one's own fact.
NEVER = re.compile(r"\b(?:has|have|had)\s+never\b", re.I)
# A denial stated in the passive: "claims that the dam leaked were rejected by the ministry".
_PASSIVE_REJECTION = re.compile(
    r"\b(?:claims?|allegations?|accusations?|reports?|suggestions?|rumou?rs?)\s+that\s+"
    r"[^.;]*?\b(?P<cue>(?:was|were|has\s+been|have\s+been)\s+(?:\w+\s+)?"
    r"(?:rejected|dismissed|denied|refuted|rebuffed))\b",
    re.I,
)
_FALSITY = re.compile(
    r"\b(?:groundless|baseless|unfounded|fabricat\w+|untrue|false(?:hoods?)?|fake|hoax|"
    r"nonsense|misleading|inaccurate|incorrect|made[\s-]up|fake\s+news|"
    r"(?:a|mere|pure|just)\s+rumou?rs?|rumou?rs?\s+(?:and|or)\s+lies|"
    # a figure said to be wrong: "a substantial underestimate", "grossly exaggerated"
    r"(?:an?\s+)?(?:\w+\s+)?(?:underestimat\w*|overestimat\w*|exaggerat\w*|"
    r"overstat\w*|understat\w*|undercount\w*|inflated)|"
    r"(?:no|any|without)\s+(?:\w+\s+)?(?:evidence|basis|truth|foundation)|"
    r"never\s+happened|did\s+not\s+happen|not\s+true|"
    r"(?:are|were|is|was|all|pure|outright|blatant|complete|total)\s+(?:a\s+)?lies?)\b",
    re.I,
)
# Words that belong to the act of denying rather than to what is denied.
DENIAL_WORDS = frozenset(stem(w) for w in lexicon.words("denial_words"))

# Opposite predicates, over the concept names of ``claim_keys``.
ANTONYM_PAIRS = lexicon.entries("antonym_pairs")
OPPOSITES: dict[str, frozenset[str]] = {
    concept: frozenset(b if a == concept else a for a, b in ANTONYM_PAIRS if concept in (a, b))
    for pair in ANTONYM_PAIRS
    for concept in pair
}

# Words that make a statement a forecast or a possibility rather than a report of fact.
# "may" only in lower case: "May" is the month ("on May 29") or a name ("Theresa May said").
_MODAL = re.compile(
    r"\b(?:could|(?-i:may|MAY)|might|would|will|expected|expects?|forecasts?|projected|predicts?|"
    r"plans?|planned|aims?|targets?|risk|threatens?|if)\b",
    re.I,
)


@dataclass(frozen=True)
class Polarity:
    """The polarity cues of one claim, with the words that carry them."""

    negations: tuple[str, ...]  # surface forms of claim negations: "not", "never", "n't"
    denial_cue: str  # the words that make the claim a denial, "" when it is none
    denial_at: int = -1  # offset of the cue in the claim
    negations_at: tuple[int, ...] = ()  # offset of each of ``negations``

    @property
    def negative(self) -> bool:
        """Whether the claim, read as a whole, says that something is not so."""
        return (len(self.negations) + bool(self.denial_cue)) % 2 == 1


@lru_cache(maxsize=8192)  # flagging reads each candidate's text for many pairs
def read_polarity(text: str) -> Polarity:
    """Find the claim negations and any denial cue in ``text``."""
    denial, denial_at = _denial_cue(text)
    negations, offsets = [], []
    for match in _NEGATION.finditer(text):
        if _NOT_A_CLAIM_NEGATION.match(text, match.end()):
            continue
        if _FIGURE_CORRECTED.match(text, match.end()):
            continue  # "the toll stands at 253, not 359": a figure put right, not denied
        if denial and _FALSITY.match(text, match.start()):
            continue  # "no evidence", "not true" already count as the denial
        negations.append(match.group(0))
        offsets.append(match.start())
    return Polarity(tuple(negations), denial, denial_at, tuple(offsets))


def _denial_cue(text: str) -> tuple[str, int]:
    for match in _DENY_VERB.finditer(text):
        passive = match.group(0).lower().endswith("ed") and _PASSIVE_BEFORE.search(
            text, 0, match.start()
        )  # "was denied" is passive, "is refuting" is not
        if passive or _DENIED_SOMETHING.match(text, match.end()):
            continue
        return match.group(0), match.start()
    patterns = (
        _REJECT_VERB,
        _REFUSED_RESULT,
        _PASSIVE_REJECTION,
        _CALLED_FALSE,
        _SAID_WRONG,
        _FALSITY,
        NEVER,
    )
    for pattern in patterns:
        for match in pattern.finditer(text):
            if _OTHERS_SAID.search(text, 0, match.start()):
                continue  # "protesters who said the vote was rigged": theirs, not the claim's
            cue = "cue" if "cue" in pattern.groupindex else 0
            return match.group(cue), match.start(cue)
    return "", -1


# A question, direct or reported ("asked whether", "wants to know how many"), which asserts
# nothing that another claim could contradict.
_INDIRECT_QUESTION = re.compile(
    r"\b(?:ask\w*|wonder\w*|know|knowing|question\w*|inquir\w*|enquir\w*)\s+"
    r"(?:\w+\s+)?(?:whether|if|how|why|what|when|where|who|which)\b",
    re.I,
)


@lru_cache(maxsize=8192)  # asked of both claims of every pair flagging compares
def is_question(text: str) -> bool:
    """Whether the text asks rather than states: it ends with a question mark (before any
    closing quote) or reports a question ("asked whether the dam leaked")."""
    return text.rstrip().rstrip("\"'”’").endswith("?") or bool(_INDIRECT_QUESTION.search(text))


@lru_cache(maxsize=8192)  # likewise, of claims and of their clauses
def is_modal(text: str) -> bool:
    """Whether the text states a forecast or a possibility ("could displace", "expected to")."""
    return _MODAL.search(text) is not None
