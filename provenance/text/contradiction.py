"""Typed contradiction detectors on a candidate pair of claims, and near-duplicate scoring.

Each detector says what kind of conflict it found, how sure it is, and which words are the
evidence. All of them first require that the two claims talk about the same thing in the same
setting: they share content words, and they do not name different places or different times
(two tolls from two floods, or from Monday and from Friday, are not a conflict).

- ``numeric``: the same counted thing (a share, of the same whole), in clauses about the same
  event (the verb nearest each figure states the same thing: "12 rescued" is not "30 trapped")
  at the same time and scope, with intervals that cannot overlap. A forecast ("could displace
  up to...") is not compared with a report. Two rivals' shares of one whole that add up to
  more than all of it conflict too ("Roe won 80% of the vote", "Doe won 80.2%").
- ``denial``: one claim denies (``polarity``) what the other asserts, matched on what is denied.
  A denial that only points back ("China denied the allegations") denies what the claim just
  before it in its article alleges, when that claim is another source's charge.
- ``negation``: the same statement, one side negated.
- ``antonym``: the same statement with opposite predicates ("rose" / "fell"), not said of
  different things ("exports rose", "imports fell") or of parts of a group.

Pairs are checked in both directions; claims from the same source are never flagged, and
neither are questions, direct or reported.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from provenance.text import lexicon
from provenance.text.attribution import sentence_starts
from provenance.text.claim_keys import (
    COUNTRY_KEYS,
    OUTCOME_CONCEPTS,
    ClaimTerms,
    analyse_claim,
    claim_keys,
    stem,
)
from provenance.text.polarity import (
    DENIAL_WORDS,
    NEVER,
    OPPOSITES,
    Polarity,
    is_modal,
    is_question,
    read_polarity,
)
from provenance.text.quantities import (
    Quantity,
    canonical_counted,
    comparable,
    extract_quantities,
    is_measure,
    same_figure,
)
from provenance.text.reporting_verbs import COMMUNICATION_VERBS, every_form
from provenance.text.types import FLAG_KINDS

# Recommended cut-off for ``same_statement``: at or above it, two claims say the same thing.
SAME_STATEMENT_THRESHOLD = 0.6
# Cosine of two claims' sentence embeddings at or above which they say the same thing when
# nothing else keeps them apart (``same_statement``). On the real articles' dev split, through
# the whole pipeline, grouped pairs were right 0.76 of the time at 0.65 (0.70 at 0.7, 0.66 at
# 0.6), and 19 of 249 gold pairs were found (14 at 0.7, 21 at 0.6).
SEMANTIC_SAME = 0.65
# ``SEMANTIC_SAME`` for a pair with a headline or caption: a headline is close in meaning to
# every claim of its story ("China refuses to cooperate with the UN rights office" and "Xi
# defends China's record in talks with the UN rights chief", 0.73 on the seeds). On the real
# articles' dev split, headline pairs grouped by meaning alone were right 3 of 7 times at
# 0.65; at 0.8, grouped pairs overall went from 0.77 to 0.85 right (right pairs 92 -> 89).
HEADLINE_SAME = 0.8
# Cosine at or above which two claims naming one same figure say the same thing, when nothing
# else keeps them apart: "113 survivors have been rescued" and "a total of 113 people were
# rescued from flattened buildings" (0.64). A figure in common carries a rewrite that shares
# few words. On the real articles' dev split, through the whole pipeline, the rule took the
# grouped pairs found from 20 to 57 of 249 gold pairs, right 0.79 of the time (0.77 before).
SHARED_FIGURE_SAME = 0.45
# Factors of ``same_statement`` for what keeps two claims on one topic apart.
_DIFFERENT_MODALITY = 0.5
_DIFFERENT_EVENTS = 0.4
_ONE_SIDED_EVENT = 0.8
_ONE_SIDED_FIGURE = 0.6
# Changes that are a rise or a fall whatever they apply to, for comparing events.
_DIRECTION = lexicon.table("direction")


def _words(name: str) -> str:
    """A lexicon list as regular-expression alternatives."""
    return lexicon.alternation(lexicon.words(name))


_MIN_NEGATION_JACCARD = 0.6
# A negated act ("did not launch any attack on the station") is asserted by another claim
# that shares its verb and at least this many, and this share, of its words.
_MIN_ACT_SHARED = 3
_MIN_ACT_COVERED = 0.5
# The verb a negation denies: "not launch", "never paid", "did not in fact order".
_NEGATED_VERB = re.compile(
    r"(?:not|n['’]t|never)\s+(?:(?:be|been|have|ever|yet|actually|in\s+fact|directly)\s+)*"
    r"(?P<verb>[a-z]+)",
    re.I,
)
_MIN_ANTONYM_OVERLAP = 0.6
_MIN_DENIAL_OVERLAP = 0.5
# Share of the asserting claim that the denial must touch: a long claim that merely mentions
# the denied topic is not what is being denied.
_MIN_ASSERTION_COVERED = 0.3
# ... unless the denial names a specific thing (at most this many content words: "denied the
# existence of any detention camps in Xinjiang") and the other claim asserts most of it.
_SPECIFIC_DENIAL = 5
_CLAUSE_SPLIT = re.compile(r"[,;:()]|\s(?:and|but|while|whereas|although|though)\s", re.I)
# What opens an aside, in which a negation leaves the claim's statement as it is: a concessive
# clause ("while its own servers weren't breached") or another sentence.
_ASIDE_OPENS = re.compile(
    r"\b(?P<clause>while|whereas|although|though)\s|(?P<sentence>[.!?][\"”’]?\s+(?=[A-Z\"“]))"
)
# A denial's object stays within its clause; "and" does not end it ("denied that A and B"),
# a contrast does, with or without a comma ("denied A however it admitted B").
# A denial of the denier's own act, right after the cue: "denied carrying out the strike",
# "denies any involvement". The denier then is who the other claim says acted.
_OWN_ACT_NOUNS = _words("own_act_nouns")
_OWN_ACT = re.compile(
    r"\s+(?:(?:ever|any|having)\s+)?(?:(?!(?:any|some|no|every)thing\b)[a-z]+ing\b"
    rf"|(?:{_OWN_ACT_NOUNS})\b)",
    re.I,
)
# The denier's next statement or demand ends it too: "denied the strike and claimed the
# missile was theirs" denies the strike only.
_NEXT_STATEMENT = lexicon.alternation(
    form for form in every_form(COMMUNICATION_VERBS) if not form.endswith("ing")
)
_DENIAL_CLAUSE_SPLIT = re.compile(
    r"[;:()]|[,—–.!?]\s|\s(?:but|however|whereas|while|although|though)\s"
    rf"|\s(?:and|then)\s+(?:also\s+|later\s+)?(?:{_NEXT_STATEMENT}|called\s+(?:on|for))\b",
    re.I,
)
# A denial of a result that names no more of it ("rejected the result", "disputed the
# outcome") denies what a result says: who won the vote in the election.
_RESULT_DENIED = re.compile(r"\b(?:results?|outcome|elections?|votes?|ballots?)\b", re.I)
_RESULT_CONTENT = analyse_claim("won the vote in the election").content
_QUOTE_LIMIT = 110
# A charge named only by a determiner, which points back at what was said before it ("that"
# is left out: after a denial verb it opens what is denied, "denied that reports were sent").
_POINTER = re.compile(
    r"\b(?:the|these|those|such|this|all|all\s+the|all\s+these)\s+(?:\w+\s+)?"
    r"(?:allegations?|accusations?|claims?|charges|reports|suggestions|assertions|rumou?rs|"
    r"findings)\b",
    re.I,
)
# "The charges" are most often a prosecutor's, which the claim naming them says were brought.
_CRIMINAL_CHARGES = re.compile(r"\bcharges\b", re.I)
_CHARGED = re.compile(r"\bcharg(?:e|es|ed|ing)\b", re.I)
# What, after a charge's name, says what the charge is.
_STATES_THE_CHARGE = re.compile(r"\s+(?:of|that|about|regarding|concerning|over)\b", re.I)
# Verbs that make a claim a charge against someone even when no speech verb attributes it.
_CHARGE = re.compile(r"\b(?:accus\w*|alleg\w*|charg\w*)\b", re.I)
# Where what a charge says begins: at its charge verb, or after a report's "concerns that".
_CHARGE_START = re.compile(
    r"\b(?:accus\w*|alleg\w*|charg\w*)\b|(?<=\bconcerns\sthat\s)|(?<=\bconcern\sthat\s)|"
    r"(?<=\bfound\sthat\s)|(?<=\bfinds\sthat\s)",
    re.I,
)
# Words that make a claim something someone says, which a denial can answer: speech, and the
# findings of a report ("a report by the monitors raised concerns that ...").
_REPORTED = re.compile(
    r"\b(?:say|says|said|told|according\s+to|claim(?:s|ed)?|reports?|reported|show(?:s|ed|n)?|"
    r"testif\w*|describ\w*|quot\w*|concerns?\s+that|f(?:ou|i)nds?\s+that)\b",
    re.I,
)
# Words of a charge that say it is made, not what it says ("accused ... of").
_CHARGE_WORDS = frozenset(stem(w) for w in ("accuse", "accused", "allege", "alleged"))
_SETTING_KINDS = (("year:", "era:"), ("month:",), ("day:",), ("rel:",), ("scope:",))
# A share of a whole ("a third of the teachers") is compared only when both clauses say the same
# thing of that whole: "half the budget goes to health" and "a quarter to defence" are not.
_MIN_SHARE_FRAME_JACCARD = 0.75
# Verbs that move a figure ("rose to 2,300", "grew 3.4%") rather than say what was counted.
_FIGURE_VERBS = lexicon.words("change_verbs")
_REVISION_STEMS = lexicon.words("revision_stems")
_FIGURE_FOLLOWS = re.compile(
    r"\s+(?:to|by|from|at|about|nearly|almost|some|around|roughly|more|over|[$€£¥]|\d)", re.I
)
_FOLLOWING_WORDS = re.compile(r"(?:\s+(?:of\s+)?[\w-]+){0,3}")
# Rival readings of one event on a scale differ by less than this (agencies' magnitudes of one
# quake, 6.1 and 6.5); farther apart, they are readings of two events (a quake, an aftershock).
_RIVAL_READINGS = 0.5
# A distance placed by a direction or "from" after its unit: "277 miles (446 km) north of".
_DISTANCES = lexicon.words("distance_measures")
_POSITION_AFTER = re.compile(
    r"\s*[\w-]+\s*(?:\([^()]{0,30}\)\s*)?(?:"
    + lexicon.alternation(lexicon.words("position_words"))
    + r")\b",
    re.I,
)
# A count given as the size of a population: "with a population of about 400,000 people".
_CENSUS_BEFORE = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            (r"\s+".join(map(re.escape, p.split())) for p in lexicon.words("census_before")),
            key=len,
            reverse=True,
        )
    )
    + r")\s*$",
    re.I,
)
# What a figure is called when what it counts goes unsaid ("the 87 million figure").
_GENERIC_FIGURE = lexicon.words("generic_figure")
# Figures that are no reading of what they count, by the words just before them: the size of
# a change ("reduced by 106"), the base of a multiple ("double the 1,427 people") or a figure
# since replaced ("then just 16").
_CHANGE_WORDS = _words("change_before_by")
_MULTIPLE_WORDS = _words("multiple_words")
_SUPERSEDED_WORDS = _words("superseded_words")
_TALLY_WORDS = _words("tally_progress")
_CHANGE_BY = re.compile(rf"\b(?:{_CHANGE_WORDS})\s+(?:[\w-]+\s+)?by\s*$", re.I)
_BASE_OF_MULTIPLE = re.compile(
    rf"\b(?:{_MULTIPLE_WORDS})\s+(?:that\s+of\s+)?the\s+(?:[\w'’-]+\s+){{0,3}}?(?:of\s+)?$",
    re.I,
)
_THEN = re.compile(r"\bthen\s+(?:just\s+|only\s+)?$", re.I)
# A figure called by a superseded name in its clause: "the previous figure of 359".
_SUPERSEDED = re.compile(
    rf"\b(?:{_SUPERSEDED_WORDS})\s+(?:[\w-]+\s+)?"
    rf"(?:{lexicon.alternation(_GENERIC_FIGURE)})s?\b",
    re.I,
)
# A share followed by how far a count has got: "83 percent of the votes counted".
_TALLY_WORD = re.compile(rf"\b(?:{_TALLY_WORDS})\b", re.I)
_TALLY_PROGRESS = re.compile(
    r"\s*(?:%|per\s*cent|percent)?\s*(?:of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?)?"
    rf"(?:(?:had|have|has|were|was|been|being)\s+)*(?:{_TALLY_WORDS})\b",
    re.I,
)
# A toll said of where some of its dead died: "12 died in hospital", "killed at the scene".
_PART_PLACES = _words("part_of_toll_places")
_PART_OF_TOLL = re.compile(rf"\b(?:in|at|on)\s+(?:the\s+|a\s+)?(?:{_PART_PLACES})\b", re.I)
# A vague figure ("dozens", "thousands") meets a precise one this close: "dozens" and 113.
_VAGUE_FACTOR = 1.5
# Two vague figures are two impressions of a size, and meet this much farther apart: "hundreds"
# and "thousands" of people waiting at one station (a handful and scores do not).
_VAGUE_PAIR_FACTOR = 2.5
_PASSIVE_END = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$", re.I)
# How far apart, as a share of the larger, a loose or rounded figure may be from another.
_ROUNDING = 0.05
# A place a figure is said of, inside its clause: "in Huize county", "across the Gulf Coast".
_LOCATIVE = re.compile(
    r"\b(?:in|across|throughout|near|outside)\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*)"
)
# A place that opens the sentence scopes all of it: "In Manabi alone, ...", "Meanwhile, in
# Huize county, the quake killed 10"; read as ``_LOCATIVE`` reads a place mid-sentence.
_OPENING_PLACE = re.compile(
    r"\s*(?:(?:meanwhile|elsewhere|separately),?\s+)?(?P<phrase>(?:in|across|throughout)\s[^,;]*),",
    re.I,
)
# "there" that points back at a place named before it ("122 died in Ludian, with another
# 1,300 injured there"), not the "there" of "there were 40 dead".
_THERE = re.compile(
    r"\bthere\b(?!\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|seems?|"
    r"appears?|remains?|remained|be|been)\b)",
    re.I,
)
# A name between a figure and what it counts: "15.2 million British people", "UK consumers".
_QUALIFIED_COUNT = re.compile(r"\s+(?:million\s+|billion\s+)?(?P<name>[A-Z][\w'’.-]+)\s+[a-z]")


@dataclass(frozen=True)
class Detection:
    """One reason to think two claims cannot both be true."""

    kind: str
    score: float
    explanation: str

    def __post_init__(self) -> None:
        if self.kind not in FLAG_KINDS:
            raise ValueError(f"unknown flag kind {self.kind!r}; expected one of {FLAG_KINDS}")
        if not 0.0 < self.score <= 1.0:
            raise ValueError(f"score {self.score} is outside (0, 1]")


@dataclass(frozen=True)
class ClaimView:
    """A claim prepared once for pairwise comparison; ``source`` is its original speaker and
    ``context`` the claim just before it in its article, if any (see ``points_back``)."""

    text: str
    source: str | None = None
    context: ClaimView | None = field(default=None, compare=False)
    terms: ClaimTerms = field(init=False, repr=False, compare=False)
    polarity: Polarity = field(init=False, repr=False, compare=False)
    # How far the count it reports had got, as shares ("with 95 percent of the votes counted");
    # read from the whole text, since "84% of polling stations had reported" reads as a speaker.
    stages: tuple[Quantity, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", analyse_claim(self.text))
        object.__setattr__(self, "polarity", read_polarity(self.text))
        object.__setattr__(self, "stages", _tally_stages(self.text))


def detect_contradictions(a: ClaimView, b: ClaimView) -> list[Detection]:
    """Every typed conflict between two claims, strongest first; empty for one source, and for
    a question, which states nothing ("Germany wants to know how many are held in camps")."""
    if _same_source(a, b) or not _same_setting(a.terms, b.terms, names=False):
        return []
    if is_question(a.text) or is_question(b.text):
        return []
    # Claims naming different things are about different things, except for a scale one event
    # has one value on: outlets name different bodies measuring one quake's magnitude. A
    # denier of its own act names itself too ("Russia denied carrying out the strike").
    # Rivals' shares of one whole name different rivals, and are compared whatever they name.
    detectors = (
        (_numeric, _rival_shares, _denial, _negation, _antonym)
        if _same_setting(_about(a), _about(b)) or _own_act_named(a, b) or _own_act_named(b, a)
        else (_measure_numeric, _rival_shares, _figure_denial)
    )
    found = [
        detection
        for detector in detectors
        for detection in (detector(a, b), detector(b, a))
        if detection is not None
    ]
    strongest: dict[str, Detection] = {}  # symmetric detectors find a conflict both ways
    for detection in sorted(found, key=lambda d: d.score):
        strongest[detection.kind] = detection
    return sorted(strongest.values(), key=lambda d: d.score, reverse=True)


def _about(view: ClaimView) -> ClaimTerms:
    """The claim's terms without the names of a denier before its cue, who speaks rather than
    is spoken of ("Roe rejected the result" is about the result, not Roe), unless it denies an
    act of its own."""
    names = set(_denier_names(view)) if view.polarity.denial_cue else set()
    if not names or _denies_own_act(view):
        return view.terms
    return replace(view.terms, names=tuple(n for n in view.terms.names if n not in names))


def same_statement(
    a: ClaimView | str,
    b: ClaimView | str,
    *,
    cosine: float | None = None,
    close_enough: float = SEMANTIC_SAME,
) -> float:
    """How far two claims say the same thing, in [0, 1]; 0 when they conflict.

    Grouping two claims counts each as corroborating the other, so a wrong group is worse than a
    missed one. The score is the Dice overlap of their content (names, concepts and counted
    things, so "firm" meets "company" and "fled" meets "left"), then cut down for each way in
    which two claims on one topic can still say different things:

    - different events: no verb of one states what a verb of the other states ("approved" vs
      "debated"), or only one of them has such a verb;
    - different figures: comparable quantities that do not name the same value the same way
      ("nearly 500" vs "about 450"), or a figure on one side only;
    - a forecast against a report.

    Words in common miss most rewrites ("the dam gave way" / "the waste dam collapsed"). With
    ``cosine``, the similarity of the two claims' sentence embeddings (``embeddings.embed``),
    two claims close in meaning (``SEMANTIC_SAME``) say the same thing when nothing above keeps
    them apart: no conflict, both or neither a forecast, and every counted figure of each
    matched by the same figure in the other (a figure on one side only leaves them apart).
    Less close (``SHARED_FIGURE_SAME``), two claims that name one same figure say the same
    thing when neither conflict nor negation, a question, a time or a scope keeps them apart.

    ``close_enough`` is the cosine that stands for ``SEMANTIC_SAME`` (``HEADLINE_SAME`` for a
    headline). Use ``SAME_STATEMENT_THRESHOLD`` to group claims. Pass ``ClaimView``s to reuse
    their analysis across many comparisons.
    """
    a = a if isinstance(a, ClaimView) else ClaimView(a)
    b = b if isinstance(b, ClaimView) else ClaimView(b)
    if not _same_setting(a.terms, b.terms, names=False):
        return 0.0
    if is_question(a.text) or is_question(b.text):
        return 0.0  # a question corroborates nothing
    if stand_apart(a, b):
        return 0.0
    if (
        cosine is not None
        and cosine >= SHARED_FIGURE_SAME
        and _names_meet(a.terms, b.terms)
        and _figure_in_common(a, b)
    ):
        return (1.0 + cosine) / 2
    if not _same_setting(a.terms, b.terms, names=False) or not _names_agree(a.terms, b.terms):
        return 0.0
    content_a = a.terms.content | {q.counted for q in a.terms.quantities if q.counted}
    content_b = b.terms.content | {q.counted for q in b.terms.quantities if q.counted}
    if not content_a or not content_b:
        return 0.0
    dice = 2 * len(content_a & content_b) / (len(content_a) + len(content_b))
    modality_differs = is_modal(a.text) != is_modal(b.text)
    if modality_differs:
        dice *= _DIFFERENT_MODALITY
    figures = _figure_agreement(a, b)
    score = dice * _event_agreement(a.terms, b.terms) * figures
    if cosine is not None and cosine >= close_enough and figures == 1.0 and not modality_differs:
        return max(score, cosine)
    return score


def stand_apart(a: ClaimView, b: ClaimView) -> bool:
    """Whether two claims can never be in one group, even through others that each matches:
    one negates what they share and the other does not, or they conflict (a figure of one thing
    that differs, "rose" against "fell"); what ``same_statement`` asks of a pair before anything
    else."""
    if statement_negative(a, b) != statement_negative(b, a):
        return True
    return bool(detect_contradictions(a, b))


def statement_negative(view: ClaimView, other: ClaimView) -> bool:
    """Whether ``view`` says that what it shares with ``other`` is not so: its polarity with
    the negations of side clauses and other sentences that share no word with ``other`` left
    out ("the records were stolen, though its own servers weren't breached" against "the
    records were stolen"). A denial cue counts wherever it is: it denies the claim's statement.
    """
    polarity = view.polarity
    if not polarity.negations:
        return polarity.negative
    theirs = _directions(other.terms.content)
    kept = [at for at in polarity.negations_at if not _aside(view, at, theirs)]
    if len(kept) == len(polarity.negations):
        return polarity.negative
    return (len(kept) + bool(polarity.denial_cue)) % 2 == 1


def _aside(view: ClaimView, at: int, theirs: frozenset[str]) -> bool:
    """Whether the negation at offset ``at`` stands in an aside (``_ASIDE_OPENS``: to the end
    of its clause, or of its sentence) that shares no word with ``theirs`` while the rest of
    the claim shares at least two."""
    openers = [m for m in _ASIDE_OPENS.finditer(view.text) if m.end() <= at]
    if not openers:
        return False
    opener = openers[-1]
    ends = _CLAUSE_SPLIT if opener.group("clause") else _ASIDE_OPENS
    found = ends.search(view.text, at)
    begin, end = opener.end(), found.start() if found else len(view.text)
    clause = analyse_claim(view.text[begin:end])
    rest = analyse_claim(f"{view.text[:begin]} {view.text[end:]}")
    shared = _directions(frozenset(clause.words)) & theirs
    return not shared and len(_directions(frozenset(rest.words)) & theirs) >= 2


def _figure_in_common(a: ClaimView, b: ClaimView) -> bool:
    """Whether the claims give one same figure as what they report, and no other figure of one
    thing that differs. A figure they report is said as a number, not
    vaguely ("dozens" in both is no figure in common), not a scale or a distance that sets the
    scene ("the 7.8 quake", "277 miles north of"), and not a figure since replaced ("from
    the previous toll of 359") or otherwise no reading (``_no_reading``)."""
    mine, theirs = _reported_figures(a), _reported_figures(b)
    if not any(_same_value(qa, qb) for qa in mine for qb in theirs):
        return _only_the_same_reading(a, b)
    # ... and no other figure of the same thing that differs: 250 and 336 civilians killed.
    for ours, others in ((mine, theirs), (theirs, mine)):
        for quantity in ours:
            matches = [other for other in others if comparable(quantity, other)]
            if matches and not any(_same_value(quantity, other) for other in matches):
                return False
    return True


def _only_the_same_reading(a: ClaimView, b: ClaimView) -> bool:
    """Whether the claims report one same reading on a scale and every figure of each has the
    same figure in the other: "the 6.1 quake struck at a depth of six miles" and "its magnitude
    was 6.1 and its depth 6 miles". A scale read in passing ("the 7.8 quake killed 77") sets the
    scene, and is no figure in common when other figures go with it on one side only."""
    qs_a, qs_b = a.terms.quantities, b.terms.quantities
    if not any(
        is_measure(qa.counted) and comparable(qa, qb) and same_figure(qa, qb)
        for qa in qs_a
        for qb in qs_b
    ):
        return False
    return all(
        any(
            _same_value(value, other_value)
            for _other, other_values in others
            for value in values
            for other_value in other_values
        )
        for ours, others in ((_figures(a), _figures(b)), (_figures(b), _figures(a)))
        for _mine, values in ours
    )


# Qualifiers that say a figure loosely rather than bound it: "some 15.2 million" is 15.2 million.
_LOOSE = frozenset({"", "approx"})
# A figure bounded from below against one bounded from above.
_OPPOSITE_BOUNDS = [{low, high} for low in ("min", "above") for high in ("max", "under", "below")]


def _same_value(a: Quantity, b: Quantity) -> bool:
    """One value, however each outlet says it: the same figure; a share in whole percent and
    the exact share it rounds ("80 per cent" and "80.23 percent"); or, of one counted thing and
    within ``_ROUNDING`` of each other, a bound and a figure it holds ("at least 50 percent"
    and "more than 50 percent", "more than 15 million" and "15.2 million") or a round figure
    and one it rounds ("nearly 3,000" and "2,975", "15 million" and "15.2 million"). Two exact
    figures that differ ("40" and "41", "about 82" and "80.23"), a bound and a figure outside
    it ("at least 39" and "38"), bounds on opposite sides ("nearly 500", "more than 500") and a
    vague figure ("dozens") are never one value."""
    if math.isclose(a.said, b.said, rel_tol=1e-3):
        # "nearly 3,000" and "more than 3,000" meet at no value
        return a.qualifier != "vague" != b.qualifier and (
            {a.qualifier, b.qualifier} not in _OPPOSITE_BOUNDS
        )
    if a.counted == b.counted == "percent":
        whole, exact = sorted((a.said, b.said), key=lambda value: value != int(value))
        if whole == int(whole) and exact != int(exact) and math.floor(exact + 0.5) == whole:
            return True
    if (
        "vague" in (a.qualifier, b.qualifier)
        or not comparable(a, b)
        or not math.isclose(a.said, b.said, rel_tol=_ROUNDING)
    ):
        return False
    if {a.qualifier, b.qualifier} - _LOOSE:
        return _gap(a, b) == 0.0
    return abs(a.said - b.said) < max(_rounding_unit(a.said), _rounding_unit(b.said)) / 2


def _names_meet(a: ClaimTerms, b: ClaimTerms) -> bool:
    """Whether the claims' names leave them free to be about one thing: one of them names
    nothing, or they share a name or a word of one ("Sri Lanka Easter attacks" and
    "Easter bombings")."""
    if not a.names or not b.names:
        return True
    words_a = {word for name in a.names for word in name.split("_")}
    return any(word in words_a for name in b.names for word in name.split("_"))


def _names_agree(a: ClaimTerms, b: ClaimTerms) -> bool:
    """Whether the claims' names leave them free to say one thing: one of them names nothing,
    they share a name, or one names only countries and the other none, naming places and bodies
    that may lie in them ("Kramatorsk" and "eastern Ukraine"). Two countries apart ("Nepal",
    "Chile") keep them apart."""
    if not a.names or not b.names or set(a.names) & set(b.names):
        return True
    names_a, names_b = set(a.names), set(b.names)
    return (names_a <= COUNTRY_KEYS and not names_b & COUNTRY_KEYS) or (
        names_b <= COUNTRY_KEYS and not names_a & COUNTRY_KEYS
    )


def _reported_figures(view: ClaimView) -> list[Quantity]:
    return [
        q
        for q in view.terms.quantities
        if q.said
        and q.qualifier != "vague"
        and not is_measure(q.counted)
        and q.counted not in _DISTANCES
        and not _is_census(view, q)
        and not _no_reading(view.text, q)
    ]


def _event_agreement(a: ClaimTerms, b: ClaimTerms) -> float:
    """1 when the claims state a common event, as a verb or as a noun on the other side ("banned"
    and "announced a ban"); less when they state different events or only one states any."""
    events_a, events_b = _directions(a.events), _directions(b.events)
    if events_a & _directions(b.content) or events_b & _directions(a.content):
        return 1.0
    if events_a and events_b:
        return _DIFFERENT_EVENTS
    return _ONE_SIDED_EVENT if events_a or events_b else 1.0


def _directions(concepts: frozenset[str]) -> frozenset[str]:
    """Concepts with changes read as their direction: "eased" meets "slowed", "fell"."""
    return frozenset(_DIRECTION.get(concept, concept) for concept in concepts)


def _figure_agreement(a: ClaimView, b: ClaimView) -> float:
    """1 when every counted figure has the same figure on the other side, 0 when a comparable
    figure differs, and less for a figure that only one claim gives. A figure restated in
    another unit ("10 kilometres (6 miles)") is one figure, either of whose values may match."""
    agreement = 1.0
    bare_a, bare_b = _bare_figures(a), _bare_figures(b)
    if bare_a and bare_b and not any(same_figure(qa, qb) for qa in bare_a for qb in bare_b):
        return 0.0
    for mine, theirs in ((a, b), (b, a)):
        for quantity, values in _figures(mine):
            if not quantity.counted:
                continue
            matches = [other for other, _ in _figures(theirs) if comparable(quantity, other)]
            if not matches:
                if not _DESCRIBES_BEFORE.search(mine.text, 0, quantity.start):
                    agreement *= _ONE_SIDED_FIGURE
            elif not any(
                same_figure(value, other_value)
                for other, other_values in _figures(theirs)
                if comparable(quantity, other)
                for value in values
                for other_value in other_values
            ):
                return 0.0
    return agreement


def _bare_figures(view: ClaimView) -> list[Quantity]:
    """The readings of a toll or a figure that name no counted thing ("the death toll has risen
    to 137", "the official figure of 316,000"), which ``_figure_agreement`` compares with the
    other claim's: two such readings that differ are two figures."""
    return [
        q
        for q in _reported_figures(view)
        if not q.counted
        and not _DAY_OF_MONTH.search(view.text, 0, q.start)
        and _NAMES_A_FIGURE.search(
            view.text, _clause_bounds(view.text, q.start, q.end, _CLAUSE_SPLIT)[0], q.start
        )
    ]


_NAMES_A_FIGURE = re.compile(rf"\b(?:{lexicon.alternation(_GENERIC_FIGURE)})s?\b", re.I)
# A month just before a number makes it a day: "Sept. 20", "on April 16".
_DAY_OF_MONTH = re.compile(
    rf"\b(?:{lexicon.alternation(lexicon.words('months') | lexicon.words('month_abbreviations'))})"
    r"\.?\s*$",
    re.I,
)


# A relative clause whose verb has the figure as its object, describing the noun before it:
# "an attack on a station that killed at least 35 people". The figure says which thing is
# meant; a claim that leaves it out still says the same of that thing.
_DESCRIBES_BEFORE = re.compile(r"\b\w+\s+(?:that|which)\s+(?:has\s+|had\s+)?[a-z]+ed\s+$")
# What may lie between a figure and its restatement in another unit: "10 km (6 miles)".
_RESTATED_BETWEEN = re.compile(r"\s*[(\[]\s*(?:about\s+|some\s+|nearly\s+|roughly\s+)?$", re.I)
# How far a converted figure may lie from the one it restates, for rounding.
_RESTATED_TOLERANCE = 0.1


def _figures(view: ClaimView) -> list[tuple[Quantity, tuple[Quantity, ...]]]:
    """The claim's figures, each with the values it is given in: a figure followed by the same
    reading in another unit, in brackets ("10 kilometres (6 miles)", "6 miles (10 km)"), is one
    figure of two values, not two figures of which one must differ from the other side's.
    Figures that set the scene (``_sets_the_scene``) are left out: they are not what the claim
    reports."""
    return [
        (figure, values)
        for figure, values in _figures_of(view.text, view.terms.quantities)
        if not any(_sets_the_scene(view, value) for value in values)
    ]


def _sets_the_scene(view: ClaimView, quantity: Quantity) -> bool:
    """Whether a figure describes where or among how many something happened rather than
    what happened: the size of a population ("a town of 400,000 people") or a position ("23 km
    southwest of the county seat")."""
    return _is_census(view, quantity) or _is_position(view, quantity)


@lru_cache(maxsize=16384)
def _figures_of(
    text: str, quantities: tuple[Quantity, ...]
) -> list[tuple[Quantity, tuple[Quantity, ...]]]:
    figures: list[tuple[Quantity, tuple[Quantity, ...]]] = []
    for quantity in quantities:
        if figures and _restates(text, figures[-1][0], quantity):
            first, values = figures[-1]
            figures[-1] = (first, (*values, quantity))
        else:
            figures.append((quantity, (quantity,)))
    return figures


def _restates(text: str, first: Quantity, then: Quantity) -> bool:
    """Whether ``then`` gives ``first`` again in another unit, in brackets right after it."""
    if not comparable(first, then) or then.start < first.end:
        return False
    if not _RESTATED_BETWEEN.fullmatch(text, _after_unit(text, first), then.start):
        return False
    low, high = sorted((first.said, then.said))
    return low > 0 and high - low <= _RESTATED_TOLERANCE * high


def _after_unit(text: str, quantity: Quantity) -> int:
    """Where the words after a figure's number end: past its unit ("10 kilometres")."""
    match = re.compile(r"[ \w-]*?(?=\s*[(\[])").match(text, quantity.end)
    return match.end() if match else quantity.end


def _same_source(a: ClaimView, b: ClaimView) -> bool:
    return bool(a.source and b.source) and a.source.casefold() == b.source.casefold()


def _same_setting(a: ClaimTerms, b: ClaimTerms, *, names: bool = True) -> bool:
    """False when the claims name different places, scopes or times of the same kind (with
    ``names=False``, only scopes and times).

    Years and relative periods are one kind: "in 2019", "four years ago" and "this year" are
    each a different time from the others.
    """
    if names and a.names and b.names and not set(a.names) & set(b.names):
        return False
    for kinds in _SETTING_KINDS:
        times_a = {t for t in a.times if t.startswith(kinds)}
        times_b = {t for t in b.times if t.startswith(kinds)}
        if times_a and times_b and not times_a & times_b:
            return False
    return True


def _measure_numeric(a: ClaimView, b: ClaimView) -> Detection | None:
    """``_numeric`` for readings on a scale alone (``is_measure``)."""
    return _numeric(a, b, measures_only=True)


def _numeric(a: ClaimView, b: ClaimView, *, measures_only: bool = False) -> Detection | None:
    """Comparable quantities whose intervals cannot overlap, about the same event."""
    if not _same_tally_stage(a, b):
        return None  # "with 83 percent of the votes counted" is a tally on its way, not the end
    for qa in a.terms.quantities:
        for qb in b.terms.quantities:
            if not comparable(qa, qb) or qa.overlaps(qb) or _close_enough(qa, qb):
                continue
            if _no_reading(a.text, qa) or _no_reading(b.text, qb):
                continue
            if _rejected(a, qa) or _rejected(b, qb):
                continue  # "dismissed the official toll of 64" does not say 64 died
            if _is_position(a, qa) or _is_position(b, qb):
                continue  # "277 miles north of Kunming" places a town; it measures nothing
            if _is_census(a, qa) != _is_census(b, qb):
                continue  # "a population of 400,000 people" counts no one who died
            measure = is_measure(qa.counted)
            if measures_only and not measure:
                continue
            if measure and _gap(qa, qb) > _RIVAL_READINGS:
                continue  # "a 6.2 aftershock" after "the 7.8 quake": two quakes, not two readings
            if _different_scope(a, qa, b) or _different_scope(b, qb, a):
                continue
            if _part_of_larger(a, qa, b, qb) or _part_of_larger(b, qb, a, qa):
                continue  # "12 died in hospital" is some of the 30 dead, not another toll
            if _gives(a, qb) and _gives(b, qa):
                continue  # both tell one change: "revised the toll down to 253, from 359"
            if _started_from(qa, qb) or _started_from(qb, qa):
                continue  # "raised the toll from 64 to 2,975" knows the toll was 64
            frame_a, modal_a = _frame(a, qa)
            frame_b, modal_b = _frame(b, qb)
            shared = (frame_a.content & frame_b.content) - {stem(qa.counted)}
            # What the figure's own state word says ("58 people missing") outranks the
            # clause's other words ("the death toll has risen to 654 with another 58 ...").
            outcomes_a = _state_concepts(qa) or frame_a.content & OUTCOME_CONCEPTS
            outcomes_b = _state_concepts(qb) or frame_b.content & OUTCOME_CONCEPTS
            event_a, event_b = _event(a, qa), _event(b, qb)
            if measure:
                # One event has one magnitude: whatever verb reports it ("put the magnitude at
                # 6.5", "a magnitude-6.1 quake struck"), two readings of it are one thing.
                shared, event_a, event_b = shared or frozenset({qa.counted}), "", ""
                outcomes_a = outcomes_b = frozenset()
            if (
                not shared
                or modal_a != modal_b
                or (outcomes_a and outcomes_b and not outcomes_a & outcomes_b)
                or (event_a and event_b and event_a != event_b)
                or _state_against_event(qa, event_a, event_b)
                or _state_against_event(qb, event_b, event_a)
                or _bare_against_outcome(outcomes_a, event_a, outcomes_b)
                or _bare_against_outcome(outcomes_b, event_b, outcomes_a)
                or not _same_setting(frame_a, frame_b, names=not measure)
                or not _same_setting(a.terms, b.terms, names=not measure)
            ):
                continue
            actor_a, actor_b = _actor(a, qa), _actor(b, qb)
            if event_a and event_a == event_b and actor_a and actor_b and not actor_a & actor_b:
                continue  # "the opposition won 40" and "the ruling party won 200"
            if (qa.population or qb.population) and not (
                (event_a and event_a == event_b)
                or _jaccard(frame_a.content, frame_b.content) >= _MIN_SHARE_FRAME_JACCARD
            ):
                continue
            overlap = _overlap_coefficient(a.terms.content, b.terms.content)
            return Detection(
                "numeric",
                round(min(1.0, 0.6 + 0.4 * overlap), 3),
                f'Numbers cannot both be true: "{_phrase(a.text, qa)}" ({qa.describe()}) vs '
                f'"{_phrase(b.text, qb)}" ({qb.describe()}), both about '
                f"{a.terms.say(shared) or qa.counted}.",
            )
    return None


def _rival_shares(a: ClaimView, b: ClaimView) -> Detection | None:
    """Shares of one whole that two different rivals are said to have had by one same event,
    adding up to more than the whole: "Roe won 80% of the vote" and "Doe won 80.2 percent of
    the votes" cannot both be true, whoever counted."""
    if not _same_tally_stage(a, b):
        return None
    for qa in a.terms.quantities:
        for qb in b.terms.quantities:
            if not (qa.counted == qb.counted == "percent" and qa.population == qb.population):
                continue
            if not qa.population or qa.value_low is None or qb.value_low is None:
                continue
            if qa.value_low + qb.value_low <= 100 or _no_reading(a.text, qa):
                continue
            if _no_reading(b.text, qb) or _frame(a, qa)[1] or _frame(b, qb)[1]:
                continue  # a forecast ("could win 60%") holds no share yet
            event = _event(a, qa)
            if not event or event != _event(b, qb):
                continue
            rival_a = _actor(a, qa) & set(a.terms.names)
            rival_b = _actor(b, qb) & set(b.terms.names)
            if not rival_a or not rival_b or rival_a & rival_b:
                continue
            if _different_scope(a, qa, b) or _different_scope(b, qb, a):
                continue  # "won 80% in Minsk" is a share of another whole
            return Detection(
                "numeric",
                0.8,
                f'Shares cannot both be true: "{_phrase(a.text, qa)}" for '
                f'{a.terms.say(rival_a)} and "{_phrase(b.text, qb)}" for '
                f"{b.terms.say(rival_b)} add up to more than all of the {qa.population}.",
            )
    return None


@lru_cache(maxsize=16384)  # each figure of a claim, for every pair the claim is in
def _no_reading(text: str, quantity: Quantity) -> bool:
    """Whether the words around a figure of ``text`` make it something other than a reading of
    what it counts: the size of a change, the base of a multiple, a figure since replaced, or
    how far a count has got."""
    before = text[: quantity.start]
    if any(p.search(before) for p in (_CHANGE_BY, _BASE_OF_MULTIPLE, _THEN)):
        return True
    begin, _end = _clause_bounds(text, quantity.start, quantity.end, _CLAUSE_SPLIT)
    if _SUPERSEDED.search(text, begin, quantity.start):
        return True
    return _is_tally_progress(text, quantity)


def _is_tally_progress(text: str, quantity: Quantity) -> bool:
    return quantity.counted == "percent" and bool(_TALLY_PROGRESS.match(text, quantity.end))


def _tally_stages(text: str) -> tuple[Quantity, ...]:
    if not _TALLY_WORD.search(text):
        return ()
    return tuple(q for q in extract_quantities(text) if _is_tally_progress(text, q))


def _same_tally_stage(a: ClaimView, b: ClaimView) -> bool:
    """Whether two claims report a count at the same stage: both say how far it had got
    ("with 95% of the votes counted", "with 95.43 per cent counted": one stage, as said) or
    neither does, as of a final tally."""
    if not a.stages or not b.stages:
        return not a.stages and not b.stages
    return any(qa.overlaps(qb) for qa in a.stages for qb in b.stages)


@lru_cache(maxsize=64)
def _state_concept_of(state: str) -> frozenset[str]:
    return analyse_claim(state).content


def _state_concepts(quantity: Quantity) -> frozenset[str]:
    """The concept of the state a figure's people are said to be in ("missing": miss)."""
    return _state_concept_of(quantity.state) if quantity.state else frozenset()


def _state_against_event(stated: Quantity, own_event: str, event: str) -> bool:
    """Whether a figure told only by its state word ("with another 58 people missing") meets
    a figure of another event ("113 people were rescued"): two counts of different things."""
    state = _state_concepts(stated)
    return bool(state and not own_event and event and event not in state)


def _bare_against_outcome(outcomes: frozenset[str], event: str, others: frozenset[str]) -> bool:
    """Whether a figure said with no outcome and no event ("thousands of people had been at
    the station", "45 people were on board") meets a figure of an outcome ("38 people died"):
    those present are not those hurt."""
    return not outcomes and not event and bool(others)


def _started_from(changed: Quantity, other: Quantity) -> bool:
    """Whether ``other`` is the figure that ``changed`` tells a change from."""
    return changed.earlier is not None and not other.qualifier and other.said == changed.earlier


def _is_census(view: ClaimView, quantity: Quantity) -> bool:
    """Whether the count is the size of a population ("a population of 400,000")."""
    return bool(_CENSUS_BEFORE.search(view.text, 0, quantity.start))


def _is_position(view: ClaimView, quantity: Quantity) -> bool:
    """Whether the figure is a distance that says where something is ("14 miles south-west of
    the city", "40 km from the coast") rather than how far or deep something went."""
    return quantity.counted in _DISTANCES and bool(_POSITION_AFTER.match(view.text, quantity.end))


def _close_enough(qa: Quantity, qb: Quantity) -> bool:
    """Whether two figures that do not overlap may still both be true as reported: a vague
    one ("dozens", "thousands") is no measure to hold a close figure to (nor two vague ones to
    each other), one given loosely
    ("nearly 600", "at least 601") sits within ``_ROUNDING`` of the other, and a rounded one
    ("1,400" for 1,402) within half its rounding unit."""
    if qa.qualifier == qb.qualifier == "vague":
        return _within_factor(qa, qb, _VAGUE_PAIR_FACTOR)
    if "vague" in (qa.qualifier, qb.qualifier):
        return _within_factor(qa, qb, _VAGUE_FACTOR)
    low, high = sorted((qa, qb), key=lambda q: q.value_low or 0.0)
    if low.value_high is None or high.value_low is None:
        return False
    gap = high.value_low - low.value_high
    if qa.qualifier or qb.qualifier:
        return gap <= _ROUNDING * max(abs(high.value_low), abs(low.value_high), 1.0)
    return gap <= max(_rounding_unit(qa.said), _rounding_unit(qb.said)) / 2


def _rounding_unit(value: float) -> float:
    """The unit a whole figure ending in two or more zeros looks rounded to (100 for 1,400,
    1,000 for 15,000); 0 for a figure that does not look rounded."""
    if value < 100 or not float(value).is_integer():
        return 0.0
    unit, whole = 1, int(value)
    while whole % (unit * 10) == 0:
        unit *= 10
    return float(unit) if unit >= 100 else 0.0


def _gap(qa: Quantity, qb: Quantity) -> float:
    """How far apart the nearest edges of two figures are (0 when they overlap)."""
    low, high = sorted((qa, qb), key=lambda q: q.value_low or 0.0)
    if low.value_high is None or high.value_low is None:
        return 0.0
    return max(0.0, high.value_low - low.value_high)


def _within_factor(qa: Quantity, qb: Quantity, factor: float) -> bool:
    """Whether the nearest edges of two figures are within ``factor`` of each other."""
    low, high = sorted((qa, qb), key=lambda q: q.value_low or 0.0)
    if low.value_high is None or high.value_low is None or low.value_high <= 0:
        return False
    return high.value_low <= factor * low.value_high


def _different_scope(view: ClaimView, quantity: Quantity, other: ClaimView) -> bool:
    """Whether the figure is said of a part the other claim does not speak of: a place named
    in its clause ("66 dead in Qiaojia County", "1,500 of those deaths were in Louisiana"), a
    name qualifying what it counts ("15.2 million British people"), or a year the other claim
    does not give ("in 1970, a 7.7-magnitude quake killed ...", "the hurricane of 1900")."""
    begin, end = _clause_bounds(view.text, quantity.start, quantity.end, _CLAUSE_SPLIT)
    clause = view.text[begin:end]
    mentioned = set(other.terms.names) | set(other.terms.speakers)
    named = [place.group("place") for place in _LOCATIVE.finditer(clause)]
    sentence = max(start for start in sentence_starts(view.text) if start <= quantity.start)
    opening = _OPENING_PLACE.match(view.text, sentence)
    if opening and opening.end() <= quantity.start:
        phrase = opening.group("phrase")
        phrase = phrase[0].lower() + phrase[1:]  # "In Manabi alone" as "in Manabi alone"
        named += [place.group("place") for place in _LOCATIVE.finditer(phrase)]
    if _THERE.search(clause):
        named += [place.group("place") for place in _LOCATIVE.finditer(view.text, 0, begin)]
    qualifier = _QUALIFIED_COUNT.match(view.text, quantity.end)
    if qualifier:
        named.append(qualifier.group("name"))
    for name in named:
        keys = set(analyse_claim(f"it was in {name}").names)  # a name, read mid-sentence
        if keys and not keys & mentioned:
            return True
    years = {t for t in view.terms.times if t.startswith("year:")}
    return bool(years) and not any(t.startswith("year:") for t in other.terms.times)


def _part_of_larger(view: ClaimView, part: Quantity, other: ClaimView, whole: Quantity) -> bool:
    """Whether the figure counts the people of one place within the event ("in hospital",
    "at the scene"), the other's figure, not said so, is larger, and so may hold it."""
    _begin, end = _clause_bounds(view.text, part.start, part.end, _CLAUSE_SPLIT)
    if not _PART_OF_TOLL.search(view.text, part.end, end):
        return False
    _begin, end = _clause_bounds(other.text, whole.start, whole.end, _CLAUSE_SPLIT)
    if _PART_OF_TOLL.search(other.text, whole.end, end):
        return False
    return (
        part.value_high is not None
        and whole.value_low is not None
        and (part.value_high <= whole.value_low)
    )


def _gives(view: ClaimView, quantity: Quantity) -> bool:
    """Whether the claim gives the same figure, of the same thing or of a thing unsaid."""
    return any(
        (mine.counted == quantity.counted or not (mine.counted and quantity.counted))
        and same_figure(mine, quantity)
        for mine in view.terms.quantities
    )


def _actor(view: ClaimView, quantity: Quantity) -> frozenset[str]:
    """Who or what did what the figure counts, when the clause says it before its verb and
    the verb comes before the figure ("the opposition won 40 seats"): the content of the
    words from the clause's start (or its last reporting word) to that verb; empty when the
    clause is not built so."""
    begin, _end = _clause_bounds(view.text, quantity.start, quantity.end, _CLAUSE_SPLIT)
    verbs = [p for p in view.terms.predicates if begin <= p[1] and p[2] <= quantity.start]
    if not verbs:
        return frozenset()
    before = view.text[begin : max(p[1] for p in verbs)]
    if not before.strip() and begin > 0:
        before = _subject_before_aside(view.text)
    if _PASSIVE_END.search(before):
        return frozenset()  # "the bank was fined": the one named first undergoes it
    reported = list(_REPORTED.finditer(before))
    if reported:
        before = before[reported[-1].end() :]
    return analyse_claim(before).content if before.strip() else frozenset()


def _subject_before_aside(text: str) -> str:
    """The words before a sentence's first comma when they are a bare noun phrase, with no
    verb of their own: the subject that an aside separates from its verb ("Jane Roe, a
    former teacher who ran against him, won 9.9 percent"); "" otherwise."""
    first = _CLAUSE_SPLIT.search(text)
    if first is None:
        return ""
    subject = text[: first.start()]
    return "" if analyse_claim(subject).predicates else subject


def _event(view: ClaimView, quantity: Quantity) -> str:
    """What happened to the counted things: the concept of the verb nearest to the quantity in
    its clause ("12 people were rescued", "arrested 15 people"); "" when that verb only links
    ("was 41 percent", "had 45 passengers") or there is none."""
    begin, end = _clause_bounds(view.text, quantity.start, quantity.end, _CLAUSE_SPLIT)
    nearest, distance, nearest_end = "", len(view.text), 0
    for concept, start, finish in view.terms.predicates:
        if start < begin or finish > end or quantity.start <= start < quantity.end:
            continue
        gap = quantity.start - finish if finish <= quantity.start else start - quantity.end
        if gap < distance:
            nearest, distance, nearest_end = concept, gap, finish
    if nearest in _FIGURE_VERBS and _FIGURE_FOLLOWS.match(view.text, nearest_end):
        return ""  # "the toll rose to 2,300": the verb moves the figure, it is no event
    if nearest in _REVISION_STEMS:
        return ""  # "revised the toll down to 253": a revision tells no event either
    return nearest


def _frame(view: ClaimView, quantity: Quantity) -> tuple[ClaimTerms, bool]:
    """Terms of the clause around a quantity, and whether that clause is a forecast."""
    begin, end = _clause_bounds(view.text, quantity.start, quantity.end, _CLAUSE_SPLIT)
    return _clause_terms(view, quantity.start, quantity.end), is_modal(view.text[begin:end])


def _clause_terms(view: ClaimView, start: int, end: int) -> ClaimTerms:
    """Terms of the clause that holds ``view.text[start:end]``, or of the claim if it is one."""
    begin, finish = _clause_bounds(view.text, start, end, _CLAUSE_SPLIT)
    clause = view.text[begin:finish]
    return analyse_claim(clause) if clause != view.text else view.terms


@lru_cache(maxsize=16384)  # the same figures of the same claims, for each pair they are in
def _clause_bounds(text: str, start: int, end: int, pattern: re.Pattern[str]) -> tuple[int, int]:
    begin = max((m.end() for m in pattern.finditer(text, 0, start)), default=0)
    found = pattern.search(text, end)
    return begin, (found.start() if found else len(text))


def _figure_denial(denier: ClaimView, other: ClaimView) -> Detection | None:
    """``_denial`` where only the denied figure itself ties the two claims together."""
    return _denial(denier, other, figure_only=True)


def _denial(denier: ClaimView, other: ClaimView, *, figure_only: bool = False) -> Detection | None:
    """``denier`` rejects as false what ``other`` asserts, sharing what is denied: enough of
    its words, or the very figure the other asserts with a word of what it counts ("dismissed
    the official toll of 64 as an underestimate" against "the toll stood at 64")."""
    cue = denier.polarity.denial_cue
    if not cue or other.polarity.negative or other.polarity.denial_cue:
        return None
    charge = _charge_pointed_at(denier)
    denied = _denied_content(denier) if charge is None else _charged_content(charge)
    asserted = other.terms.content
    shared = denied & asserted
    figure = _denied_figure(charge or denier, other)
    if figure and shared:
        overlap = 1.0
        evidence = f"the figure {figure}, {(charge or denier).terms.say(shared)}"
    else:
        if figure_only or len(shared) < 2:
            return None
        if _denies_a_figure(charge or denier):
            return None  # "dismissed the toll of 64" rejects 64, not every claim on the toll
        if charge is not None and charge.text != other.text and not shared & other.terms.events:
            return None  # the topic is inferred: "coverage" is shared, the "bias" alleged is not
        if NEVER.fullmatch(cue) and not shared & (other.terms.events | denier.terms.events):
            return None  # "guards have never been paid" says nothing of guards beating anyone
        overlap = len(shared) / min(len(denied), len(asserted))
        said_of = shared - set(denier.terms.names) - set(other.terms.names)
        covered = len(shared) / len(asserted) >= _MIN_ASSERTION_COVERED or (
            len(denied) <= _SPECIFIC_DENIAL
            and len(shared) / len(denied) >= _MIN_DENIAL_OVERLAP
            and len(said_of) >= 2  # what is denied, not only whom it is about
        )
        if overlap < _MIN_DENIAL_OVERLAP or not covered:
            return None
        own = (charge or denier).terms
        # what only the other claim words ("won", for a rejected result) in its own words
        evidence = ", ".join(
            part for part in (own.say(shared), other.terms.say(shared - set(own.surface))) if part
        )
    return Detection(
        "denial",
        round(min(1.0, 0.5 + 0.5 * overlap), 3),
        f'Denial: "{quote_claim(denier.text)}" {_what_it_rejects(charge, other)} '
        f'(cue: "{cue}"; shared: {evidence}).',
    )


def _denied_figure(denier: ClaimView, other: ClaimView) -> str:
    """The figure that the denial's clause names and the other claim asserts in the same
    value ("64", "up to 87 million users" against "the 87 million figure"), or "" when
    there is none."""
    for mine in _denial_clause_figures(denier):
        for theirs in other.terms.quantities:
            alike = (
                mine.counted == theirs.counted
                or not (mine.counted and theirs.counted)
                or _GENERIC_FIGURE & {mine.counted, theirs.counted}
            )
            if alike and math.isclose(mine.said, theirs.said, rel_tol=1e-3):
                return f'"{_phrase(denier.text, mine)}"'
    return ""


def _what_it_rejects(charge: ClaimView | None, other: ClaimView) -> str:
    """The rejected claim, and for a denial that points back, the charge it answers."""
    if charge is None:
        return f'rejects "{quote_claim(other.text)}"'
    if charge.text == other.text:
        return f'rejects the charge made just before it, "{quote_claim(other.text)}"'
    return (
        f'rejects the charge made just before it ("{quote_claim(charge.text)}"), '
        f'which "{quote_claim(other.text)}" asserts'
    )


def _denies_a_figure(denier: ClaimView) -> bool:
    """Whether the clause of the denial names, after its cue, a figure of what it rejects
    ("dismissed the official toll of 64", "rejects the results that show he won 80 per cent")."""
    at = max(denier.polarity.denial_at, 0)
    return any(q.start >= at for q in _denial_clause_figures(denier))


def _rejected(view: ClaimView, quantity: Quantity) -> bool:
    """Whether the figure is one the claim's denial rejects ("dismissed the official toll of
    64 as an underestimate", "the official count of 64 is an underestimate")."""
    return bool(view.polarity.denial_cue) and quantity in _denial_clause_figures(view)


def _denial_clause_figures(denier: ClaimView) -> list[Quantity]:
    """The figures of the clause that holds the denial's cue, readings on a scale left out."""
    at = max(denier.polarity.denial_at, 0)
    begin, end = _clause_bounds(denier.text, at, at, _DENIAL_CLAUSE_SPLIT)
    return [
        q for q in denier.terms.quantities if begin <= q.start < end and not is_measure(q.counted)
    ]


def _denied_content(denier: ClaimView) -> frozenset[str]:
    """What is denied: the content of the clause that holds the denial cue, without the cue's
    own words ("rejected the accounts" says nothing of what the accounts were) and without
    the names of the denier before the cue ("Acme disputed the number": Acme denies), unless
    what it denies is its own act ("Acme denied dumping waste": Acme's dumping)."""
    at = denier.polarity.denial_at
    begin, end = _clause_bounds(denier.text, at, at, _DENIAL_CLAUSE_SPLIT)
    clause = denier.text[begin:end]
    terms = analyse_claim(clause) if clause != denier.text else denier.terms
    cue_verb = (denier.polarity.denial_cue.split() or [""])[0]  # the rest may be its object
    denied = terms.content - analyse_claim(cue_verb).content - DENIAL_WORDS
    if _RESULT_DENIED.search(denier.polarity.denial_cue) and not denied & _RESULT_CONTENT:
        denied |= _RESULT_CONTENT  # "rejected the result": of the vote, who won it
    names = set(_denier_names(denier))
    if _denies_own_act(denier):
        denied |= names  # "Russia denied carrying out the strike": its strike
    else:
        denied -= names  # not so in "reports that troops fired were denied by"
    return denied


def _own_act_named(denier: ClaimView, other: ClaimView) -> bool:
    """Whether ``denier`` denies an act of its own and ``other`` names the denier."""
    if not denier.polarity.denial_cue or not _denies_own_act(denier):
        return False
    subject = analyse_claim(denier.text[: denier.polarity.denial_at])
    return bool(set(subject.names) & set(other.terms.names))


def _denier_names(denier: ClaimView) -> tuple[str, ...]:
    """The names before the denial's cue, in its clause: who denies."""
    at = denier.polarity.denial_at
    begin, _end = _clause_bounds(denier.text, at, at, _DENIAL_CLAUSE_SPLIT)
    subject = analyse_claim(denier.text[begin:at])
    return () if subject.predicates else subject.names


def _denies_own_act(denier: ClaimView) -> bool:
    """Whether the denier denies an act of its own ("Acme denied dumping waste")."""
    cue_end = denier.polarity.denial_at + len(denier.polarity.denial_cue)
    return bool(_OWN_ACT.match(denier.text, cue_end))


@lru_cache(maxsize=8192)  # asked of every candidate of every claim flagged
def points_back(text: str) -> bool:
    """Whether ``text`` denies something it only points back at ("China has strongly denied the
    allegations", "the ministry dismissed these claims as fabricated"): its denial names a
    charge with a determiner, says nothing of what the charge is between its cue and that
    name, and does not go on to say it ("the allegations of torture", "the claims that ...").
    What follows in the clause is the denier's own ("... and said it would appeal")."""
    polarity = read_polarity(text)
    if not polarity.denial_cue:
        return False
    at = polarity.denial_at
    _begin, end = _clause_bounds(text, at, at, _DENIAL_CLAUSE_SPLIT)
    pointer = _POINTER.search(text, at, end)
    if pointer is None or _STATES_THE_CHARGE.match(text, pointer.end()):
        return False
    said = analyse_claim(text[at : pointer.end()]).content - DENIAL_WORDS
    return not said - analyse_claim(polarity.denial_cue).content - _words_of(pointer.group(0))


def pairing_keys(text: str, before: str | None = None) -> set[str]:
    """The keys that pair a claim with others (``claim_keys``); for a denial that points back,
    also those of ``before``, the claim just before it, so that claims elsewhere asserting what
    it denies meet it."""
    keys = claim_keys(text)
    if before and points_back(text):
        keys |= claim_keys(before)
    return keys


def _charged_content(charge: ClaimView) -> frozenset[str]:
    """What a charge says, without who makes it: the content from its charge verb on
    ("rights groups accuse Beijing of ..." charges Beijing with what follows), or after a
    report's "raised concerns that"."""
    verb = _CHARGE_START.search(charge.text)
    terms = analyse_claim(charge.text[verb.start() :]) if verb else charge.terms
    return terms.content - _CHARGE_WORDS


def _charge_pointed_at(denier: ClaimView) -> ClaimView | None:
    """The claim a pointing-back denial answers: the one just before it, when that one is
    another source's charge (an accusation, an allegation, a report of what someone said) and
    not a denial or negation itself, whose rejection would side with the other claim."""
    before = denier.context
    if before is None or _same_source(denier, before) or not points_back(denier.text):
        return None
    if before.polarity.negative or before.polarity.denial_cue:
        return None
    if not _CHARGE.search(before.text) and not _REPORTED.search(before.text):
        return None  # no one is said to charge anything: "the allegations" lie further back
    if _CRIMINAL_CHARGES.search(denier.text) and not _CHARGED.search(before.text):
        return None  # "denied the charges" after "police said he was arrested": charged earlier
    return before


def _words_of(phrase: str) -> frozenset[str]:
    return analyse_claim(phrase).content


def _negation(negated: ClaimView, other: ClaimView) -> Detection | None:
    """The same statement, with ``negated`` saying it is not so."""
    if not negated.polarity.negations or negated.polarity.denial_cue or other.polarity.denial_cue:
        return None
    if statement_negative(negated, other) == statement_negative(other, negated):
        return None  # the same polarity, or a negation in an aside
    shared, jaccard = _shared(negated.terms.content, other.terms.content)
    if len(shared) < 2 or jaccard < _MIN_NEGATION_JACCARD:
        shared, jaccard = _negated_act_asserted(negated, other)
        if not shared:
            return None
    return Detection(
        "negation",
        round(jaccard, 3),
        f'Opposite polarity: "{quote_claim(negated.text)}" says "{negated.polarity.negations[0]}" '
        f'to what "{quote_claim(other.text)}" states (shared: {negated.terms.say(shared)}).',
    )


def _negated_act_asserted(negated: ClaimView, other: ClaimView) -> tuple[frozenset[str], float]:
    """What the other claim shares with the act the negation denies, and its share of that
    act's words, when the other asserts the act itself: its verb and most of what it was done
    to ("said it did not launch any attack on the station" against "troops launched a strike
    on the station"); nothing otherwise. The rest of the negated claim (who says it, when) is
    no part of the act."""
    if other.polarity.negations:
        return frozenset(), 0.0  # "... is not enough to put anyone at risk" may agree
    at = negated.polarity.negations_at[0]
    _begin, end = _clause_bounds(negated.text, at, at, _CLAUSE_SPLIT)
    verb = _NEGATED_VERB.match(negated.text, at, end)
    if verb is None:
        return frozenset(), 0.0
    content = analyse_claim(negated.text[at:end]).content - DENIAL_WORDS
    shared = content & other.terms.content
    share = len(shared) / len(content) if content else 0.0
    if (
        not analyse_claim(verb.group("verb")).content & shared
        or len(shared) < _MIN_ACT_SHARED
        or share < _MIN_ACT_COVERED
    ):
        return frozenset(), 0.0
    return shared, share


def _antonym(a: ClaimView, b: ClaimView) -> Detection | None:
    """The same statement with opposite predicates, and the same polarity on both sides."""
    if a.polarity.negative != b.polarity.negative:
        return None
    if any(q.partitive for q in (*a.terms.quantities, *b.terms.quantities)):
        return None  # "convicted two of the defendants", "acquitted three": different people
    for concept in a.terms.words:
        opposite = next((o for o in OPPOSITES.get(concept, ()) if o in b.terms.words), None)
        if opposite is None:
            continue
        if opposite in a.terms.words or concept in b.terms.words:
            continue  # a claim holding both sides ("rose, then fell") is not one predicate
        rest_a = a.terms.content - {concept}
        rest_b = b.terms.content - {opposite}
        if _content_words(rest_a - rest_b) and _content_words(rest_b - rest_a):
            continue  # each says it of something else: exports rose, imports fell
        shared = rest_a & rest_b
        overlap = _overlap_coefficient(rest_a, rest_b)
        if not shared or overlap < _MIN_ANTONYM_OVERLAP:
            continue
        return Detection(
            "antonym",
            round(min(1.0, 0.4 + 0.6 * overlap), 3),
            f'Opposite predicates: "{a.terms.surface[concept]}" in "{quote_claim(a.text)}" vs '
            f'"{b.terms.surface[opposite]}" in "{quote_claim(b.text)}" '
            f"(shared: {a.terms.say(shared)}).",
        )
    return None


def _content_words(keys: frozenset[str]) -> frozenset[str]:
    """Keys without manner adverbs ("sharply", "slightly"), which do not change the subject."""
    return frozenset(key for key in keys if not key.endswith("ly"))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _shared(a: frozenset[str], b: frozenset[str]) -> tuple[frozenset[str], float]:
    shared = a & b
    union = a | b
    return shared, (len(shared) / len(union) if union else 0.0)


def _overlap_coefficient(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _phrase(text: str, quantity: Quantity) -> str:
    """The quantity with the word it counts: "nearly 100 countries"."""
    words = _FOLLOWING_WORDS.match(text, quantity.end).group(0).split()
    for index, word in enumerate(words):
        if canonical_counted(word) == quantity.counted:
            return " ".join([quantity.text, *words[: index + 1]])
    return quantity.text


def quote_claim(text: str) -> str:
    """A claim shortened for an explanation."""
    text = text.strip()
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1].rstrip() + "…"
