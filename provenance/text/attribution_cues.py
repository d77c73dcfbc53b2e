"""Attribution cues inside one sentence: who speaks, through whom, and which words say so.

A sentence is read for every pattern in ``reporting_verbs``: "X said" and the inverted "said X",
"according to X", "Y quoted X as saying", "a letter seen by Y", "citing X", "X told Y". Each
match becomes a ``Cue`` with its speaker mention and the relays the cue itself names (the outlet
in "told Reuters", the agency in "seen by Reuters"). Words inside quotation marks are never
cues: "as I said" inside a quote is the speaker's own phrase.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from provenance.text import lexicon
from provenance.text.reporting_verbs import (
    ACCORDING_TO,
    ANONYMITY,
    AUXILIARY_TAIL,
    CITING,
    COUNT_REVISED_FORMS,
    COUNT_REVISED_TO,
    EVIDENCE_PHRASES,
    FIGURE_ONLY_FORMS,
    PASSIVE_TAIL,
    PUT_AT,
    QUOTED_AS_COMPLEMENT,
    QUOTED_AS_VERBS,
    REPORTING_VERBS,
    SEEN_BY,
    TOLD_TO,
    Verb,
)
from provenance.text.source_kinds import (
    COUNTED_HEADS,
    DOCUMENT_HEADS,
    TIME_WORDS,
    head_word,
    is_spokesperson,
    kind_from_description,
)
from provenance.text.source_mentions import (
    Mention,
    PersonIndex,
    capitalised_runs,
    clean_phrase,
    is_full_name,
    looks_like_source,
    resolve_mention,
)
from provenance.text.source_registry import SourceRegistry

MEDIA_KINDS = frozenset({"wire_agency", "state_media", "news_media"})
# Kinds that an anonymity phrase elsewhere in the sentence does not change.
_KEEPS_KIND = MEDIA_KINDS | {"document"}
_VERB_ROLES = ("main", "aside")
_QUOTE_OPEN = '“"'
_QUOTE_CLOSE = '”"'

_VERB = re.compile(
    r"(?<![\w'’-])(?:" + "|".join(sorted(REPORTING_VERBS, key=len, reverse=True)) + r")(?![\w'’-])",
    re.IGNORECASE,
)
_ACCORDING = re.compile(
    r"(?<![\w-])(?:" + "|".join(p.replace(" ", r"\s+") for p in ACCORDING_TO) + r")\s+",
    re.IGNORECASE,
)
# "according to" is also matched glued to the word before it, as scrapers leave it
# ("Xinjiangaccording to").
_ACCORDING_GLUED = re.compile(r"(?<=[a-z])according\s+to\s+")
# "..., reports CNN.": an outlet's tag in the present tense after the words it carries, which
# reads as "according to" ("reported" and "writes" are verb forms of their own).
_REPORTS_TAG = re.compile(r"(?<=,)\s*reports\s+(?=(?:the\s+)?[A-Z])")
# "The Courier reports that", "..., Reuters reports.", "local media report citing police": see
# ``SentenceReader._outlet_reports``.
_OUTLET_REPORTS = re.compile(
    r"(?<![\w'’-])reports?(?=\s*(?:(?:that|citing|quoting)(?![\w'’-])|[,.:;(!?]|$))",
    re.IGNORECASE,
)
_OUTLET_REPORT_VERB = Verb("say", True, 0.8)
_QUOTED_AS = re.compile(
    rf"(?<![\w-])(?:{'|'.join(QUOTED_AS_VERBS)})\s+(?P<speaker>[^,;“”\"]{{1,120}}?)\s+"
    rf"{QUOTED_AS_COMPLEMENT}(?![\w-])",
    re.IGNORECASE,
)
_QUOTED_BY = re.compile(
    rf"(?:is|are|was|were)\s+(?:{'|'.join(QUOTED_AS_VERBS)})\s+by\s+(?P<relay>[^,;“”\"]{{1,80}}?)"
    rf"\s+{QUOTED_AS_COMPLEMENT}(?![\w-])",
    re.IGNORECASE,
)
_SEEN_BY = re.compile(rf"\s+{SEEN_BY}\s+", re.IGNORECASE)
# Of those, the verbs by which a body puts out its own account.
_AUTHORED = re.compile(r"\s+(?:published|released)\s+by\s", re.IGNORECASE)
_CITING = re.compile(rf"(?<![\w-]){CITING}\s+", re.IGNORECASE)
_ANONYMITY = re.compile(ANONYMITY, re.IGNORECASE)
_TOLD_TO = re.compile(rf"{TOLD_TO}\s+", re.IGNORECASE)
# "Speaking to Reuters, the governor said ...": an opening phrase that names where the words of
# the sentence's speaker went.
_OPENING_TOLD_TO = re.compile(rf"\W*{TOLD_TO}\s+(?P<outlet>[^,;:“”\"]{{2,80}}),\s*", re.IGNORECASE)

_SUBJECT_BOUNDARY = re.compile(
    r"[,;:“”\"()\[\]–—]|\s-\s|(?<![\w-])(?:that|but|while|whereas|because|although|though|"
    r"after|before|when|as|if|since|where|whether|than|and\s+that)(?![\w-])",
    re.IGNORECASE,
)
_FORWARD_STOP = re.compile(
    r"[,;:!?“”\"()\[\]–—]|(?<![A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)\."
    r"|\s(?=(?:who|which|that|whose|where|when|while|after|before|during|adding|saying|"
    r"citing|according|because|as|if|late|earlier|yesterday|today|this|last|"
    r"in\s+(?:a|an|his|her|their|its|the)\s+(?:\w+\s+)?(?:statement|interview|speech|post|"
    r"briefing|tweet|message|video|report|press|letter|call|conference)|"
    r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"at\s+(?:a|the)\s+(?:news|press|briefing|conference|rally|summit|hearing|ceremony|event)|"
    r"to\s+(?:reporters|journalists)|(?:it|he|she|they|we)|and\s+\w+ed\s+by|"
    + SEEN_BY
    + r")(?![\w-]))",
)
_OWN_ACCOUNTS = COUNTED_HEADS | lexicon.words("statement_heads")
_RELATIVE = frozenset({"who", "which", "that"})
_PARTICIPLE_ASIDE = re.compile(rf"(?:{CITING}|{TOLD_TO}|(?:quoted|cited)\s+by)\s", re.IGNORECASE)
# "The mayor, quoted by Reuters, said", "..., the mayor, speaking to the BBC, said": the aside
# before the verb names the outlet the speaker's words went through.
_ASIDE_OUTLET = re.compile(
    rf",\s*(?:(?P<quoted>(?:as\s+)?(?:quoted|cited)\s+by)|{TOLD_TO})\s+"
    rf"(?P<outlet>[^,;:“”\"]{{2,80}}),\s*$",
    re.IGNORECASE,
)
# Right after the verb: "said on state television", "wrote in the Valley Gazette", "said in
# remarks broadcast by state radio", "said on Monday in a statement carried by SUNA".
_OUTLET_AFTER_VERB = re.compile(
    r"\s*(?:(?:late\s+|early\s+)?on\s+[A-Z][a-z]+day\s+|[A-Z][a-z]+day\s+)?"
    r"(?:on|in(?P<carried>\s+(?:(?:an?|his|her|its|their|the)\s+)?(?:[\w-]+\s+)?(?:statement|"
    r"remarks|comments|interview|speech|address|message|video|letter|post)\s+(?:carried|"
    r"broadcast|aired|published|relayed|reported|released|posted|shown)\s+(?:by|on))?)\s+"
)
# "which cited police": the source of the outlet named before.
_WHICH_CITED = re.compile(r",\s*(?:which|who)\s+(?:has\s+|had\s+)?cited\s+", re.IGNORECASE)
# An outlet described by common nouns, where the clause after it starts: "state television" in
# "told state television the road was shut".
_DESCRIBED_MEDIA_END = re.compile(
    r"^(?:the\s+)?(?:[a-z-]+\s+){0,2}?(?:tv|radio|television|newspaper|broadcaster|channel|"
    r"media|press|daily|website)(?:\s+(?:station|channel|network))?(?=\s+[a-z])"
)
# "<subject>, <apposition or relative clause>," before a verb; "20,000" is no comma between.
_PHRASE_CHARS = r"(?:[^,;:“”\"()]|(?<=\d),(?=\d{3}))+"
_APPOSED = re.compile(rf"({_PHRASE_CHARS}),\s*({_PHRASE_CHARS}),$")
_APPOSITION_START = re.compile(
    # "speaking to Reuters", "quoting officials": a participle clause, no description.
    r"^(?!(?:speaking|talking)\s+to\b|quoting\b|citing\b)(?:a|an|the|who|whose|which|its|his|her|their|one|two|three|four|five|[a-z][\w-]*|"
    r"[A-Z][\w-]*['’]s)\b|^\d{1,3}$"  # or an age: "Okoro, 54, said"
)
# Words that make the object of "told" an outlet: mastheads in capitals ("the Marlow Courier"),
# common nouns in any case ("local radio", "state television").
_MEDIA_WORDS = re.compile(
    r"(?<![\w-])(?:News|Times|Post|Journal|Herald|Tribune|Gazette|Courier|Chronicle|Observer|"
    r"Guardian|Telegraph|Mail|Express|Standard|Nation|Star|Monitor|Ledger|Dispatch|Examiner|"
    r"Inquirer|Sentinel|Globe|Review|Kanal|Kanali|Canal|"
    r"(?i:tv|radio|television|newspaper|broadcaster|agency|channel|magazine|daily|outlet|"
    r"station|website|news\s+site|paper))(?![\w-])",
)
# Bodies that take statements and publish them ("told the UN refugee agency", "told Amnesty"),
# unlike an audience ("told the Security Council", "told parliament").
_RELAYING_KINDS = frozenset({"un_body", "ngo"})
_AUDIENCE_HEADS = lexicon.words("audience_heads")
_PUT_AT = re.compile(PUT_AT, re.IGNORECASE)
_COUNT_REVISED_TO = re.compile(COUNT_REVISED_TO, re.IGNORECASE)
# A name that opens the object of "told": capitalised words and numbers ("Kanal 5").
_LEADING_NAME = re.compile(
    r"^(?:[A-Z][\w'’.-]*|\d+)(?:\s+(?:(?:of|de|del|da|di|du|for)\s+)?(?:[A-Z][\w'’.-]*|\d+))*"
)
# ", carried by the SUNA news agency,": the outlet that published a statement.
_CARRIED_BY = re.compile(
    r",\s*(?:as\s+)?(?:carried|published|broadcast|aired|relayed|reported|quoted)\s+by\s+",
    re.IGNORECASE,
)
# A verb of saying negated or declined: the source said nothing ("Shah would not say whether
# the report could change", "the government has not commented on the findings"). One that
# takes a stance is still the source's ("prosecutors would not confirm this").
_SAYING_ONLY = lexicon.words("saying_only")
_SAID_NOTHING_BEFORE = re.compile(
    r"(?<![\w-])(?:(?:would|will|did|does|do|has|have|had|could|can)\s+not|"
    r"(?:would|will|did|does|do|has|have|had|could|ca)n['’]t|never|declin\w*\s+to|"
    r"refus\w*\s+to)\s+(?:yet\s+|publicly\s+|immediately\s+|directly\s+)?$",
    re.IGNORECASE,
)
_INFINITIVE_TO = re.compile(r"(?<![\w-])to\s*$", re.IGNORECASE)
_ADVERB_TAIL = re.compile(r"(?:\s+[a-z]+ly)+\s*$")
_SAYING = re.compile(r",\s+(saying|adding|arguing|warning|insisting|noting|stressing)\b")
# "X issued a statement on Thursday saying ...": X speaks, and what follows is its statement.
_STATEMENT_SAYING = re.compile(
    r"\b(?:issued|released|published|put\s+out|posted|sent\s+out)\s+"
    r"(?:a|an|its|the|his|her|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:statement|communiqu[eé]|press\s+release|notice|message)"
    r"(?:\s+(?:on\s+|late\s+|early\s+)?[A-Z]?[a-z]+day)?\s*,?\s+"
    r"(?:saying|stating|which\s+said|that\s+said|declaring|announcing)\b",
    re.IGNORECASE,
)
# "saying it ...", "adding that ...": a participle clause, never a subject.
_PARTICIPLE = re.compile(r"\s*[a-z]+ing\b")
_DETERMINER_BEFORE = re.compile(
    r"(?<![\w'’-])(?:a|an|the|its|his|her|their|our|my|your|this|these|those|such)"
    r"(?:\s+[a-z]+ly)?\s+$",
    re.IGNORECASE,
)
# A phrase that opens with a preposition is an adjunct, never a source.
_ADJUNCT = re.compile(
    r"\s*(?:in|on|at|from|with|during|after|before|under|through|via|into)\s", re.IGNORECASE
)
# A finite verb makes a clause: "According to observers, the count was orderly" has no
# apposition after "observers", as "According to Ana Ruiz, a nurse, ..." has.
_FINITE = re.compile(
    r"(?<![\w'’-])(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|shall|"
    r"should|did|does|do)(?![\w'’-])",
    re.IGNORECASE,
)
# Before "say" or "tell": a future ("will tell people") or a refusal ("declined to say"), so
# the sentence reports nothing said yet. ("Officials would not say why" is still read as theirs,
# as the labelled sets have it.)
_NOTHING_SAID = re.compile(
    r"(?<![\w'’-])(?:will|shall|wo\s*n['’]t|won['’]t|declined\s+to|refused\s+to)"
    r"(?:\s+[a-z]+ly)?\s+$",
    re.IGNORECASE,
)
# "accused of", "blamed for", "criticised over": with no object the participle is passive, its
# subject the one accused (the active "X accused Y of" has one; "warned of" is intransitive).
_WITHOUT_OBJECT = re.compile(r"\s+(?:of|for|over)\b", re.IGNORECASE)
_WITH_SAYING = re.compile(
    r"(?<![\w'’-])[Ww]ith\s+(?P<who>[^,;:“”\"()]{2,60}?)\s+(?P<cue>saying|reporting)(?![\w'’-])"
)
_AUTHORED_COUNT = re.compile(
    r"(?<![\w'’-])(?:"
    + "|".join(sorted(COUNTED_HEADS | {"table", "report", "tables"}))
    + r"),?\s+(?P<cue>(?:(?:released|published|issued|compiled|provided|prepared)\s+)?by)\s+",
    re.IGNORECASE,
)
_ACRONYM_TAIL = re.compile(r"(?<=\w)\s+\([A-Z][A-Za-z&.]{1,7}\)$")
_SAID = re.compile(r"(?<![\w'’-])(?:said|says)(?![\w'’-])")
# A sentence that opens with its subject and goes straight into a quotation of its words.
_QUOTED_SUBJECT = re.compile(r"\s*(?P<subject>[^,;:“”\"]{2,80}?)\s+(?=[“\"])")
# The verbs whose subject may follow them: '"...," said the mayor', "..., warned the UN".
_INVERTING_MEANINGS = frozenset(
    {"say", "add", "state", "write", "tweet", "claim", "warn", "describe"}
)
_BY_AGENT = re.compile(r"\s+by\s+", re.IGNORECASE)
# "<owner>'s <document>", with up to two words before the document's noun.
_OWNED_DOCUMENT = re.compile(r"^(?P<owner>[^,;:'’]+?)['’]s?\s+(?:[\w-]+\s+){0,2}[\w-]+$")
# "a notice posted on its website": a participle that describes a document, not a verb.
_MODIFYING_PARTICIPLE = re.compile(r"\s+(?:on|in|at|online)\b", re.IGNORECASE)


@dataclass
class Cue:
    """One attribution cue in a sentence (offsets into the article body).

    ``role`` is ``main`` (the verb governs the clause: "X said that ..."), ``aside`` (a
    parenthetical or trailing tag: '"...," X said'), ``according`` or ``citing``.
    """

    start: int
    end: int
    text: str
    role: str
    speaker: Mention
    strong: bool
    confidence: float
    relays: list[Mention] = field(default_factory=list)
    # The speaker gave its words to the outlets of ``relays`` ("told Reuters", "in an interview
    # with the BBC", "said on state television"), not an outlet that quoted or reported them.
    spoken_to: bool = False


def quote_spans(body: str) -> list[tuple[int, int]]:
    """Spans of quoted text, paragraph by paragraph.

    A closing mark with no opening one quotes from the start of its paragraph (a quote carried
    over a paragraph break); an opening mark with no closing one quotes to its end.
    """
    spans: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+", body):
        text, base = paragraph.group(), paragraph.start()
        opened: int | None = None
        for index, char in enumerate(text):
            if char not in _QUOTE_OPEN and char not in _QUOTE_CLOSE:
                continue
            before = text[index - 1] if index else " "
            opening = char == "“" or (char == '"' and (before.isspace() or before in "([—–-"))
            if opening and opened is None:
                opened = index
            elif not opening:
                spans.append((base + (opened if opened is not None else 0), base + index + 1))
                opened = None
        if opened is not None:
            spans.append((base + opened, base + len(text)))
    return spans


class SentenceReader:
    """Finds cues in sentences of one article."""

    def __init__(
        self,
        body: str,
        people: PersonIndex,
        registry: SourceRegistry,
        quotes: list[tuple[int, int]],
    ) -> None:
        self.body = body
        self.people = people
        self.registry = registry
        self.quotes = quotes
        self._quote_starts = [start for start, _ in quotes]

    def _quoted(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a quotation (spans are sorted and disjoint)."""
        index = bisect.bisect_left(self._quote_starts, end) - 1
        return index >= 0 and self.quotes[index][1] > start

    def _mention(
        self, phrase: str, apposition: str = "", *, lenient: bool = False
    ) -> Mention | None:
        """The source ``phrase`` names; ``lenient`` for the subject of "said" or "told", which
        may be any group of people ("Delivery riders said")."""
        if _ADJUNCT.match(clean_phrase(phrase)):
            # "At a briefing officials said": the subject follows the adjunct; "..., in a
            # statement posted online" has none, the adjunct says where, not who.
            subject = _after_adjunct(clean_phrase(phrase))
            return self._mention(subject, apposition, lenient=lenient) if subject else None
        seen = _SEEN_BY.search(phrase)
        if seen:
            # "Satellite images reviewed by Sentinel Watch": the images speak, the group relays.
            document = self._mention(phrase[: seen.start()], apposition, lenient=lenient)
            relay = self._mention(phrase[seen.end() :])
            if (
                relay is not None
                and _AUTHORED.match(phrase, seen.start())
                and relay.kind not in MEDIA_KINDS | {"document"}
            ):
                # "Figures published by the ministry": the ministry's own account, as "a report
                # by the ministry" is; "figures published by the Courier" are the Courier's relay.
                return relay
            if document is not None and relay is not None:
                return replace(document, relays=(relay,))
            return document
        author = self._author(phrase)
        if author is not None:
            return author
        if not looks_like_source(phrase, lenient=lenient):
            return None
        if _PARTICIPLE.match(phrase) or any(
            not _modifies_noun(phrase, verb) and not _is_head_noun(phrase, verb)
            for verb in _VERB.finditer(phrase)
        ):
            return None
        return resolve_mention(phrase, apposition, self.people, self.registry, lenient=lenient)

    def _author(self, phrase: str) -> Mention | None:
        """The author of "a report by Amnesty International" or "estimates by rights groups":
        what a document says is its author's claim, the document only carries it."""
        by = _authored_by(phrase)
        if by is None:
            return self._owner(phrase)
        # "a report by Amnesty International published on Monday": the name ends before the
        # participle that goes on describing the document.
        author = self._mention(_PARTICIPLE_TAIL.sub("", phrase[by:]))
        if author is None or not (
            author.pronoun or author.is_person or author.kind not in ("unknown", "document")
        ):
            return None  # "a report by Friday": a date, not an author
        return author

    def _owner(self, phrase: str) -> Mention | None:
        """The owner of "Brightline's calculations", "the ministry's latest figures" or "the
        ministry's statement": a count or a statement is its owner's account, as "a report by
        X" is X's. (A page or a letter of its owner, "the regulator's website", still speaks as
        a document.)"""
        owned = _OWNED_DOCUMENT.match(phrase.strip())
        if owned is None or head_word(phrase) not in _OWN_ACCOUNTS:
            return None
        named = owned.group("owner")
        if any(word.casefold() in TIME_WORDS for word in named.split()):
            return None  # "Friday's tally", "yesterday's figures"
        owner = self._mention(named)
        if owner is None or owner.pronoun or owner.kind == "document":
            return None
        return owner

    def cues(self, start: int, end: int) -> list[Cue]:
        """All cues in ``body[start:end]``, in order of position."""
        text = self.body[start:end]
        found: list[Cue] = []
        taken: list[tuple[int, int]] = []
        for cue in self._quoted_as(text, start):
            found.append(cue)
            taken.append((cue.start, cue.end))
        for cue in self._according_and_citing(text, start):
            found.append(cue)
            taken.append((cue.start, cue.end))
        statement = self._statement_cue(text, start)
        if statement is not None:
            found.append(statement)
            taken.append((statement.start, end))  # its statement's own verbs are its content
        for match in _VERB.finditer(text):
            at, to = start + match.start(), start + match.end()
            if self._quoted(at, to) or any(s <= at < e for s, e in taken):
                continue
            if match.group()[0].isupper() and match.start() and text[match.start() - 1] == " ":
                continue  # "Said" inside a name or a headline in title case
            form = match.group().casefold()
            if form in COUNT_REVISED_FORMS and not _COUNT_REVISED_TO.match(text, match.end()):
                continue  # "raised prices": an act; "raised the toll to 40" gives a count
            if form in FIGURE_ONLY_FORMS and not _PUT_AT.match(text, match.end()):
                continue  # "put" reports only a figure: "put the toll at 40"
            if _DETERMINER_BEFORE.search(text, 0, match.start()):
                continue  # "a highly anticipated report": an adjective
            if (
                form.endswith("ed")
                and REPORTING_VERBS[form].meaning == "accuse"
                and _WITHOUT_OBJECT.match(text, match.end())
            ):
                continue  # "Coalition accused of killing 20", "blamed for": the accused's
            if form in _SAYING_ONLY and _SAID_NOTHING_BEFORE.search(text, 0, match.start()):
                continue  # "would not say whether", "has not commented on": nothing was said
            if _VERB.match(text, _next_word(text, match.end())):
                continue  # "the UN report said", "estimates suggest": a noun before the verb
            if _BY_AGENT.match(text, match.end()) and not PASSIVE_TAIL.search(
                _ADVERB_TAIL.sub("", AUXILIARY_TAIL.sub("", text[: match.start()]))
            ):
                continue  # "the figures announced by the port": a participle, no verb
            cue = self._verb_cue(text, start, match)
            if cue is not None:
                found.append(cue)
        found.extend(self._outlet_reports(text, start, taken))
        found.extend(self._with_saying(text, start))
        if any(not _names_evidence(c) for c in found):
            # "According to observers, ... based on UN documents": the documents are evidence.
            found = [c for c in found if not _names_evidence(c)]
        if not found:
            found.extend(self._participle_cue(text, start))
        if not found:
            found.extend(self._authored_count(text, start))
        self._opening_outlet(text, start, found)
        anonymous = _ANONYMITY.search(text)
        if anonymous and not found:
            cue = self._anonymity_cue(text, start, anonymous)
            if cue is not None:
                found.append(cue)
        if anonymous:
            # "... who asked not to be named": unnamed people are anonymous, but a spokesperson
            # speaks for a body by role and keeps its kind (GUIDE.md).
            for cue in found:
                if (
                    not cue.speaker.is_person
                    and cue.speaker.kind not in _KEEPS_KIND
                    and not is_spokesperson(cue.speaker.name)
                ):
                    cue.speaker = _as_anonymous(cue.speaker)
        self._quoted_subject(text, start, found)
        return sorted(found, key=lambda c: c.start)

    def _quoted_subject(self, text: str, base: int, found: list[Cue]) -> None:
        """'President Li "has ordered all-out efforts", Xinhua reported': the words quoted
        after the sentence's subject are the subject's, and the outlet's tag relays them."""
        opening = _QUOTED_SUBJECT.match(text)
        if opening is None or not self._quoted(base + opening.end(), base + opening.end() + 1):
            return
        tags = [
            c
            for c in found
            if c.role == "aside" and c.speaker.kind in MEDIA_KINDS and not c.spoken_to
        ]
        if len(tags) != len(found) or len(tags) != 1:
            return
        speaker = self._mention(opening.group("subject"))
        if speaker is None or speaker.kind in MEDIA_KINDS:
            return
        tag = tags[0]
        tag.relays = [tag.speaker, *tag.relays]
        tag.speaker = speaker

    def _outlet_reports(self, text: str, base: int, taken: list[tuple[int, int]]) -> list[Cue]:
        """Cues of an outlet's present "report(s)": "The Courier reports that ...", "..., the
        Courier reports.", "local media report, citing police, ...". The form is as often a noun
        ("the report said", "media reports of looting"), so it is a verb only after an outlet and
        before "that", a participle or the end of the clause."""
        cues: list[Cue] = []
        for match in _OUTLET_REPORTS.finditer(text):
            at, to = base + match.start(), base + match.end()
            if (
                self._quoted(at, to)
                or any(s <= at < e for s, e in taken)
                or match.group()[0].isupper()
                or _DETERMINER_BEFORE.search(text, 0, match.start())
            ):
                continue
            cue = self._verb_cue(text, base, match, _OUTLET_REPORT_VERB)
            if cue is not None and cue.speaker.kind in MEDIA_KINDS:
                cues.append(cue)
        return cues

    def _quoted_as(self, text: str, base: int) -> list[Cue]:
        """Cues of the forms "X quoted Y as saying" and "Y, quoted by X": Y said it and X passed
        it on. The match names one of them (``named``); the subject before it is the other."""
        cues: list[Cue] = []
        for pattern, named in ((_QUOTED_AS, "speaker"), (_QUOTED_BY, "relay")):
            for match in pattern.finditer(text):
                # "quoted ... as saying" inside quotation marks is a speaker's words, not the
                # article's attribution.
                if named == "speaker" and self._quoted(base + match.start(), base + match.end()):
                    continue
                subject = self._subject_before(text[: match.start()])
                before = self._mention(subject[0], subject[1]) if subject and subject[0] else None
                in_match = self._mention(match.group(named))
                speaker, relay = (in_match, before) if named == "speaker" else (before, in_match)
                if speaker is None:
                    continue
                cues.append(
                    Cue(
                        base + match.start(),
                        base + match.end(),
                        match.group(),
                        "main",
                        speaker,
                        True,
                        0.9,
                        [relay] if relay else [],
                    )
                )
        return cues

    def _according_and_citing(self, text: str, base: int) -> list[Cue]:
        cues: list[Cue] = []
        matches = [(m, "according") for m in _ACCORDING.finditer(text)]
        matches += [(m, "according") for m in _ACCORDING_GLUED.finditer(text)]
        matches += [(m, "citing") for m in _CITING.finditer(text)]
        matches += [(m, "citing") for m in _WHICH_CITED.finditer(text)]
        tags = [(m, "according") for m in _REPORTS_TAG.finditer(text)]
        for match, role in [*matches, *tags]:
            if self._quoted(base + match.start(), base + match.end()):
                continue
            phrase, apposition, phrase_end = self._phrase_after(text, match.end())
            speaker = self._mention(phrase, apposition)
            if speaker is None or (match.re is _REPORTS_TAG and speaker.kind not in MEDIA_KINDS):
                continue
            relays = self._seen_by(text, phrase_end)
            cue_text = match.group().strip()
            phrase_key = re.sub(r"\s+", " ", cue_text.casefold())
            confidence = ACCORDING_TO.get(phrase_key, 0.85)
            by = _authored_by(phrase)
            if by is not None and self._author(phrase) is not None:
                # "According to a report by": the document is part of the cue, its medium.
                cue_text = text[match.start() : match.end() + by].strip()
            cues.append(
                Cue(
                    base + match.start(),
                    base + match.start() + len(cue_text),
                    cue_text,
                    role,
                    speaker,
                    True,
                    confidence,
                    relays,
                )
            )
        return cues

    def _seen_by(self, text: str, position: int) -> list[Mention]:
        """The relay in "seen by Y" right after a phrase that ends at ``position``."""
        match = _SEEN_BY.match(text, position)
        if not match:
            return []
        phrase, apposition, _ = self._phrase_after(text, match.end())
        relay = self._mention(phrase, apposition)
        return [relay] if relay else []

    def _verb_cue(
        self, text: str, base: int, match: re.Match[str], verb: Verb | None = None
    ) -> Cue | None:
        verb = verb or REPORTING_VERBS[match.group().casefold()]
        left = text[: match.start()]
        if match.group().casefold() in ("say", "tell") and _NOTHING_SAID.search(left):
            return None  # "would not say whether", "will tell people": nothing reported
        subject = self._subject_before(left)
        after = match.end()
        if subject is not None and subject[2] == "passive":
            agent = _BY_AGENT.match(text, after)
            if not agent:
                return None
            phrase, apposition, after = self._phrase_after(text, agent.end())
            subject, inverted = (phrase, apposition, "passive"), False
        elif subject is None:
            if verb.meaning not in _INVERTING_MEANINGS:
                # '"...," told Reuters' has no speaker, and "..., urges new poll" dropped its
                # subject: only verbs of saying put their speaker after them.
                return None
            phrase, apposition, after = self._phrase_after(text, match.end())
            subject, inverted = (phrase, apposition, ","), True
        else:
            inverted = False
        lenient = verb.meaning in ("say", "tell")
        if verb.meaning == "tell" and not inverted:
            said = list(_SAID.finditer(subject[0]))
            told_by = subject[0][said[-1].end() :].strip() if said else ""
            if told_by and looks_like_source(told_by, lenient=True):
                # "The director said villagers told him": the villagers told.
                subject = (told_by, "", "said")
        speaker = self._mention(subject[0], subject[1], lenient=lenient)
        if speaker is None:
            return None
        relays: list[Mention] = []
        spoken_to = False
        cue_end = base + match.end()
        if verb.meaning == "tell" and not inverted:
            phrase, apposition, object_end = self._phrase_after(text, match.end())
            outlet = self._outlet(phrase, apposition)
            if outlet is not None:
                relays.append(outlet)
                spoken_to = True
                told = _without_final_stop(_outlet_words(text[match.end() : object_end].rstrip()))
                cue_end = base + match.end() + len(told)
        clause = re.split(r"[,.;!?]", text[after:], maxsplit=1)[0]
        if not relays:
            outlet, spoken_to = self._outlet_beside_verb(text, after, left, subject[1])
            if outlet is not None:
                relays.append(outlet)
        tag_like = inverted or subject[2] in (",", "“", "”", '"')
        governs = re.search(r"(?<![\w-])that(?![\w-])|[“\":]", clause)
        role = "aside" if tag_like and not governs else "main"
        return Cue(
            base + match.start(),
            cue_end,
            self.body[base + match.start() : cue_end],
            role,
            speaker,
            verb.strong,
            verb.confidence,
            relays,
            spoken_to,
        )

    def _outlet_beside_verb(
        self, text: str, after: int, left: str, description: str
    ) -> tuple[Mention | None, bool]:
        """The outlet a speaker's words went through, named beside the verb that ends at
        ``after``: "said in an interview with the BBC", "the mayor, quoted by Reuters, said",
        "said on state television", "The audit, a copy of which was obtained by the AP, puts
        ..." (the outlet that has the document the subject's ``description`` speaks of), "said,
        as carried by SUNA"; and whether the speaker spoke to it (see ``Cue.spoken_to``)."""
        clause = re.split(r"[,.;!?]", text[after:], maxsplit=1)[0]
        # Where a phrase naming the outlet starts, whether it must be news media, and whether
        # the speaker spoke to it.
        places: list[tuple[str, int, bool, bool]] = []
        told_to = _TOLD_TO.search(clause)
        if told_to:
            places.append((text, after + told_to.end(), False, True))
        aside = _ASIDE_OUTLET.search(left)
        if aside:
            places.append((left, aside.start("outlet"), False, aside.group("quoted") is None))
        on_outlet = _OUTLET_AFTER_VERB.match(text, after)
        if on_outlet:
            places.append((text, on_outlet.end(), True, on_outlet.group("carried") is None))
        obtained = _SEEN_BY.search(description) if description else None
        if obtained:
            places.append((description, obtained.end(), False, False))
        carried = _CARRIED_BY.search(text, after)
        if carried:
            places.append((text, carried.end(), False, False))
        for source, position, media_only, spoken_to in places:
            phrase, apposition, _ = self._phrase_after(source, position)
            outlet = self._outlet(phrase, apposition)
            if outlet is not None and (not media_only or outlet.kind in MEDIA_KINDS):
                return outlet, spoken_to
        return None, False

    def _outlet(self, phrase: str, apposition: str) -> Mention | None:
        """A news organisation named by the object of "told" or "in an interview with"."""
        if not phrase:
            return None
        named = self.registry.match(apposition) if apposition else None
        if named is not None and named.kind in MEDIA_KINDS:
            # "the official news agency, Xinhua": the apposition names the outlet.
            return Mention(name=named.name, kind=named.kind)
        known = [(at, e) for at, e in self.registry.find_in(phrase) if e.kind in MEDIA_KINDS]
        if known and known[0][0] <= len("the "):
            # The outlet opens the phrase: "the BBC", "Reuters his fields had ..."
            return Mention(name=known[0][1].name, kind=known[0][1].kind)
        described = _DESCRIBED_MEDIA_END.match(phrase)
        if described:
            phrase = described.group()  # "state television the road was shut"
        introduced = self._introduced_outlet(phrase)
        if introduced is not None:
            return introduced
        name = _LEADING_NAME.match(phrase)
        if name and name.end() < len(phrase) and phrase[name.end() :].strip()[:1].islower():
            # "TV Sitel the road was closed": the name, not the clause; "Voice of Lebanon
            # radio that ...": the name with what it is.
            tail = _MEDIA_TAIL.match(phrase, name.end())
            phrase = phrase[: tail.end()] if tail else name.group()
        mention = self._mention(phrase, apposition)
        if mention is None or mention.is_person:
            return None
        if mention.kind in _RELAYING_KINDS:
            # A known agency or group takes testimony and publishes it: a relay, not an audience.
            known_body = self.registry.match(mention.name) is not None
            return mention if known_body and head_word(phrase) not in _AUDIENCE_HEADS else None
        if mention.kind not in MEDIA_KINDS:
            return None
        return mention if _MEDIA_WORDS.search(phrase) else None

    def _introduced_outlet(self, phrase: str) -> Mention | None:
        """The outlet the article introduced by what it is ("the Valley Sol newspaper"), named
        again by its name alone, at the start of ``phrase``: "told Valley Sol that ..."."""
        name = _LEADING_NAME.match(re.sub(r"^(?:the|The)\s+", "", phrase))
        if name is None:
            return None
        for body in self.people.organisations.values():
            if body.kind in MEDIA_KINDS and (
                body.name == name.group() or body.name.endswith(" " + name.group())
            ):
                return Mention(name=body.name, kind=body.kind)
        return None

    def _opening_outlet(self, text: str, base: int, found: list[Cue]) -> None:
        """ "Speaking to AFP, the mayor said ...": the outlet relays the speaker of the first
        verb after the opening phrase."""
        opening = _OPENING_TOLD_TO.match(text)
        if opening is None:
            return
        outlet = self._outlet(opening.group("outlet").strip(), "")
        after = [c for c in found if c.start >= base + opening.end() and c.role in _VERB_ROLES]
        if outlet is None or not after:
            return
        if all(r.name != outlet.name for r in after[0].relays):
            after[0].relays.append(outlet)
            after[0].spoken_to = True

    def _statement_cue(self, text: str, base: int) -> Cue | None:
        """ "X released a statement saying ...": X, the subject, speaks; "as reported by the
        media" further on is part of what X's statement says, not who says it."""
        match = _STATEMENT_SAYING.search(text)
        if match is None:
            return None
        subject = self._subject_before(text[: match.start()])
        if subject is None or subject[2] == "passive":
            return None
        speaker = self._mention(subject[0], subject[1], lenient=True)
        if speaker is None:
            return None
        at, to = base + match.start(), base + match.end()
        return Cue(at, to, self.body[at:to], "main", speaker, False, 0.6)

    def _participle_cue(self, text: str, base: int) -> list[Cue]:
        """ "X announced the plan, saying ...": X, named at the start of the sentence, speaks."""
        match = _SAYING.search(text)
        runs = capitalised_runs(text[:80]) if match else []
        if not match or not runs or runs[0][0] > 2:
            return []
        speaker = self._mention(" ".join(runs[0][1]))
        if speaker is None or speaker.pronoun or speaker.kind == "unknown":
            return []
        at = base + match.start(1)
        return [Cue(at, at + len(match.group(1)), match.group(1), "main", speaker, False, 0.6)]

    def _with_saying(self, text: str, base: int) -> list[Cue]:
        """ "..., with officials saying the boat may have capsized": the people the absolute
        clause names say what follows "saying"."""
        cues = []
        for match in _WITH_SAYING.finditer(text):
            if self._quoted(base + match.start(), base + match.end()):
                continue
            speaker = self._mention(match.group("who"), lenient=True)
            if speaker is None or speaker.pronoun:
                continue
            at = base + match.start("cue")
            cues.append(
                Cue(
                    at, at + len(match.group("cue")), match.group("cue"), "main", speaker, True, 0.7
                )
            )
        return cues

    def _authored_count(self, text: str, base: int) -> list[Cue]:
        """ "Figures released by the commission gave him 80 per cent", "In the table, published
        by the tribunal, ...", "a revised report by the ministry": a count or a report with its
        author names the source of the sentence, as "according to" does."""
        for match in _AUTHORED_COUNT.finditer(text):
            phrase, _, _ = self._phrase_after(text, match.end())
            author = self._mention(phrase)
            if author is None or author.pronoun or author.kind in ("unknown", "document"):
                continue
            at = base + match.start("cue")
            return [
                Cue(
                    at,
                    base + match.end(),
                    text[match.start("cue") : match.end()].strip(),
                    "according",
                    author,
                    False,
                    0.6,
                )
            ]
        return []

    def _anonymity_cue(self, text: str, base: int, match: re.Match[str]) -> Cue | None:
        """A speaker known only by "X, who spoke on condition of anonymity"."""
        subject = self._subject_before(
            re.sub(r",?\s*(?:who|all of whom)\s*$", "", text[: match.start()])
        )
        if subject is None or not subject[0]:
            return None
        speaker = self._mention(subject[0], subject[1])
        if speaker is None:
            return None
        return Cue(
            base + match.start(),
            base + match.end(),
            match.group(),
            "main",
            _as_anonymous(speaker),
            False,
            0.6,
        )

    def _subject_before(self, left: str) -> tuple[str, str, str] | None:
        """The subject phrase that ends ``left``, with its apposition and the boundary before it.

        Returns ``None`` when ``left`` ends at a comma or quote (an inverted "..., said X"), and
        a subject tagged ``passive`` when the verb is passive.
        """
        stripped = _ADVERB_TAIL.sub("", AUXILIARY_TAIL.sub("", left))
        if PASSIVE_TAIL.search(stripped):
            return ("", "", "passive")
        # "The Harbour Workers Party (HWP) said": the initials in brackets belong to the name.
        stripped = _ACRONYM_TAIL.sub("", stripped.rstrip())
        if not stripped or _INFINITIVE_TO.search(stripped):
            return None
        if stripped[-1] in ',“”"':
            apposed = _APPOSED.search(stripped)
            if apposed and _PARTICIPLE_ASIDE.match(apposed.group(2).strip()):
                # "Xinhua, citing local authorities, reported": the subject stands before the
                # aside, which names a source or an outlet of its own (read by other cues).
                head_part = self._subject_before(stripped[: apposed.start(1)] + apposed.group(1))
                if head_part is not None and head_part[0]:
                    return (head_part[0], "", head_part[2])
            if apposed and (
                _APPOSITION_START.match(apposed.group(2).strip()) or is_full_name(apposed.group(2))
            ):
                head_part = self._subject_before(stripped[: apposed.start(1)] + apposed.group(1))
                if head_part is not None and head_part[0]:
                    # "The federation, which is led by the minister's deputy,": the relative
                    # clause says nothing of what the federation is.
                    described = apposed.group(2).strip()
                    if described.startswith("which "):
                        described = ""
                    return (head_part[0], described, head_part[2])
            return None
        boundaries = list(_SUBJECT_BOUNDARY.finditer(stripped))
        for index in range(len(boundaries) - 1, -1, -1):
            last = boundaries[index]
            phrase = stripped[last.end() :].strip()
            if phrase.casefold() in _RELATIVE and last.group() == ",":
                # "america and others, who say ...": the speaker is the antecedent.
                return _antecedent(stripped[: last.start()])
            if looks_like_source(phrase) or last.group().casefold() != "that":
                title = _title_before(stripped[: last.start()]) if index == 0 else ""
                return (phrase, title, last.group().strip().casefold())
            # "people at companies that buy the metals said": "that" began a relative clause.
        return (stripped, "", "")

    def _phrase_after(self, text: str, position: int) -> tuple[str, str, int]:
        """The noun phrase starting at ``position``, an apposition after it, and where it ends."""
        rest = text[position:]
        stop = _FORWARD_STOP.search(rest, len(rest) - len(rest.lstrip()))
        phrase = rest[: stop.start()] if stop else rest
        end = position + len(phrase)
        apposition = ""
        if rest[len(phrase) : len(phrase) + 1] == ",":
            tail = re.match(
                r"\s*([^,;:“”\"()]+?)\s*(?:,|[.;!?]?[”\"]?\s*$)", rest[len(phrase) + 1 :]
            )
            if (
                tail
                and not _VERB.search(tail.group(1))
                and not _FINITE.search(tail.group(1))
                and (
                    _APPOSITION_START.match(tail.group(1))
                    or is_full_name(tail.group(1))
                    or self.registry.match(tail.group(1)) is not None
                )
            ):
                apposition = tail.group(1)
        return phrase.strip(), apposition, end


# Kinds a title named before a person's name tells ("Director General of Health Services,
# Dr. Anil Jasinghe said"); a phrase that gives another kind ("In a statement, ...") or none
# ("On Monday, ...") is no title.
_TITLE_KINDS = frozenset({"government", "un_body", "ngo", "academic"})


def _title_before(opening: str) -> str:
    """The title that opens a sentence before a comma and the name of the one who speaks, as
    the speaker's description, or "": "The head of the national relief society, Maria Lopez,
    said" is the society's head speaking."""
    opening = opening.strip()
    if not opening or _VERB.search(opening) or _FINITE.search(opening):
        return ""
    kind = kind_from_description(opening, has_person_name=False)
    return opening if kind in _TITLE_KINDS else ""


def _next_word(text: str, position: int) -> int:
    """Where the word after ``position`` starts (past spaces only)."""
    return len(text) - len(text[position:].lstrip(" "))


def _outlet_words(told: str) -> str:
    """The words after "told" that name the outlet, without the clause that may follow them
    unmarked: "told Reuters the vote was rigged" is the cue "told Reuters"."""
    described = _DESCRIBED_MEDIA_END.match(told.lstrip())
    if described:
        return told[: len(told) - len(told.lstrip()) + described.end()]  # "told state radio"
    name = _NAMED_OBJECT.match(told)
    if name is None:
        return told
    kind_of_outlet = _MEDIA_TAIL.match(told, name.end())
    end = kind_of_outlet.end() if kind_of_outlet else name.end()  # "the Interfax news agency"
    return told[:end] if told[end:].strip()[:1].islower() else told


# " the BBC", " Reuters", " Kanal 5": a name, with the article before it, after "told".
_NAMED_OBJECT = re.compile(r"\s*(?:the\s+)?(?:[A-Z][\w'’.-]*|\d+)(?:\s+(?:[A-Z][\w'’.-]*|\d+))*")


# What an outlet is, after its name: "the Interfax news agency", "the Daily Nation newspaper".
_MEDIA_TAIL = re.compile(
    r"\s+(?:(?:news|state|local|private|online|national)\s+)?(?:agency|newspaper|daily|radio|"
    r"television|tv|channel|broadcaster|website|magazine|outlet|station|network|news\s+site)"
    r"(?![\w-])",
    re.IGNORECASE,
)
_PARTICIPLE_TAIL = re.compile(r"\s+[a-z]+ed\b.*$", re.DOTALL)


def _without_final_stop(text: str) -> str:
    """``text`` without the sentence's closing punctuation: a cue is "told AFP", not "told
    AFP." (the outlet's name let the full stop through). An abbreviation keeps its dots."""
    if _DOTTED_ABBREVIATION.search(text):
        return text
    return text.rstrip(".,;:!?")


_DOTTED_ABBREVIATION = re.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}$")


def _names_evidence(cue: Cue) -> bool:
    return cue.role == "according" and re.sub(r"\s+", " ", cue.text.casefold()) in EVIDENCE_PHRASES


def _after_adjunct(phrase: str) -> str:
    """The subject after an opening prepositional phrase ("In Geneva diplomats" -> "diplomats",
    "In a statement the ministry" -> "the ministry"), or "" when nothing follows it. The
    preposition's object takes at least one word and cannot end on a determiner."""
    words = phrase.split()
    for start in range(2, len(words)):
        before, first = words[start - 1], words[start]
        if before.casefold() in _DETERMINERS or _ADJUNCT.match(first + " "):
            continue
        if first.casefold() in _DETERMINERS or first[:1].isupper() or start == len(words) - 1:
            return " ".join(words[start:])
    return ""


_DETERMINERS = lexicon.words("mention_determiners")


def _is_head_noun(phrase: str, verb: re.Match[str]) -> bool:
    """Whether a reporting word ends the subject phrase, so names what speaks: "Government
    estimates" in "Government estimates suggest ..." (a verb is never skipped for a noun
    unless another verb follows it, see ``cues``)."""
    return verb.end() == len(phrase.rstrip()) and verb.start() > 0


def _modifies_noun(phrase: str, verb: re.Match[str]) -> bool:
    """Whether a verb inside a phrase is a participle describing the noun before it ("a notice
    posted on its website said"). After a name it is a finite verb: in "Zhang Jun said in a
    video posted to ...", "said" is the tag, and the phrase before "posted" is no speaker."""
    before = phrase[: verb.start()].split()
    return (
        bool(before)
        and before[-1][:1].islower()
        and bool(_MODIFYING_PARTICIPLE.match(phrase, verb.end()))
    )


def _authored_by(phrase: str) -> int | None:
    """Where the author starts in "<document> by <author>" ("a report by"), else ``None``."""
    by = _BY_AGENT.search(phrase)
    if by is None or head_word(phrase[: by.start()]) not in DOCUMENT_HEADS:
        return None
    return by.end()


def _antecedent(text: str) -> tuple[str, str, str] | None:
    """The noun phrase that ends ``text``: words back to a preposition, verb or punctuation."""
    words = text.split()
    kept: list[str] = []
    for word in reversed(words):
        if word.casefold() in _ANTECEDENT_STOP or _VERB.fullmatch(word) or word[-1] in ',;:”"':
            break
        kept.insert(0, word)
    return (" ".join(kept), "", ",") if kept else None


_ANTECEDENT_STOP = lexicon.words("antecedent_stop")


def _as_anonymous(mention: Mention) -> Mention:
    return replace(mention, kind="anonymous")
