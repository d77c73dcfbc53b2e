"""Attribution chains for claims: the original speaker, the relays in order, and the cue.

``extract_attributions`` reads an article's claims in order. For each claim it takes the cues
of the sentence around it (``attribution_cues``), orders them into a chain, resolves pronouns
to the last person named, and lets a quote with no cue of its own take the speaker of the quote
before it. The article's own publisher is never a hop: "told Reuters" in a Reuters story adds
nothing to the chain.

How cues become a chain, in one sentence:
- the first cue that governs the sentence names the speaker ("Bachelet told diplomats that...");
- later tags ("..., three diplomats told Reuters"), "according to X" and the outlets a cue names
  ("told Reuters", "seen by Reuters", "Xinhua quoted Xi") are relays, innermost first;
- a stance verb ("China urges ...") yields to a later strong tag ("..., say diplomats"): the
  stance is then part of what the tag reports;
- a news outlet that reports what someone else said is that person's relay;
- "citing X" puts X before the speaker it follows;
- a clause cut off by a contrastive conjunction or a semicolon has its own source: the first
  clause's verb does not govern it, and a sentence left whole keeps its first clause's source;
- what "a report by X" or "estimates by X" says, X says: the document is only the medium.

Rules first, then the parse. The rules read every claim; a claim they attribute to nothing
though its sentence has a communication verb, to a clause fragment, or only by carrying a
quote's speaker over while its own sentence has a verb of its own, is read again from the
dependency parse of its sentence (``parse_cues``): those sentences are parsed in one batch, and
the article is then read once more in order, so that what the parse found is carried over as
the rules' findings are. Each chain records which method found it.

Across sentences: a dateline's agency ("ATHENS (AFP) -") is the outermost relay of every
attributed claim unless it is the publisher; a pronoun that continues the last speaker's account
("She warned ...") keeps that account's relays, and a tag by one of those relays ("..., the
officials said") relays again rather than speaks.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from provenance.text import lexicon
from provenance.text.attribution_cues import MEDIA_KINDS, Cue, SentenceReader, quote_spans
from provenance.text.headline_cues import headline_cue
from provenance.text.parse import parse_texts
from provenance.text.parse_cues import parse_cues
from provenance.text.reporting_verbs import PARSE_VERB_FORMS
from provenance.text.source_kinds import COUNTED_HEADS, DOCUMENT_HEADS, head_word, singular
from provenance.text.source_mentions import (
    Mention,
    Organisation,
    PersonIndex,
    capitalised_runs,
    name_tail,
    resolve_mention,
)
from provenance.text.source_registry import (
    SourceRegistry,
    load_registry,
    normalize_source_name,
)
from provenance.text.splitting import is_title_case
from provenance.text.types import ClaimSpan, ExtractedAttribution, Hop

# A sentence ends at its closing punctuation and the space after it, or glued to the next one
# as scraped pages leave it ("risen to 50.Over 2,750 are injured").
_SENTENCE_END = re.compile(
    r"[.!?]+[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|(?<=[a-z0-9]{2})[.!?](?=[A-Z][a-z]{2})|\n\s*"
)
_ABBREVIATION = re.compile(
    r"(?:(?<![\w])(?:Mr|Ms|Mrs|Dr|St|Gen|Lt|Col|Sen|Rep|Gov|Prof|Jr|Sr|No|Jan|Feb|Aug|Sept?|"
    r"Oct|Nov|Dec|vs|etc|Inc|Ltd|Co)|(?<![\w])[A-Z]|(?:[A-Z]\.){1,3}[A-Z])$"
)
_OPENING_QUOTE = re.compile(r"^\s*[“\"]")
# "ATHENS (AFP) -", "KOLKATA, India (Reuters) --", "LIMA, March 3 (Reuters) -", "LIMA/GENEVA
# (Reuters) -", "LIMA, Peru — (AP) —", "LIMA, Jan 3 (EFE) .-": a dateline naming the agency that
# carried the story. Looked for at the start of the first paragraphs only (a
# headline may come before).
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][\w.'’-]*(?:(?:[ ,]+|/)(?:[A-Z][\w.'’-]*|\d{1,4}(?:st|nd|rd|th)?)){0,6}"
    r"[ \t]*(?:[-–—]{1,2}[ \t]*)?\(([^()\n]{2,80})\)[ \t]*(?:\.?[-–—]{1,2}|:|(?=[A-Z]))",
    re.MULTILINE,
)
_DATELINE_WINDOW = 600
_AGENCY_INITIALS = re.compile(r"[A-Z]{2,5}")
_LABELS = lexicon.words("section_labels")
_DATELINE_PARTS = re.compile(r"\s+/\s+|\s+[-–—]\s+|,\s*")
_UNNAMED_AGENCIES = re.compile(r"agencies|wires?|agency\s+inputs?|inputs\s+from\s+agencies", re.I)
# Where a contrastive clause starts: "..., though local groups say ...", "...; ...".
_CONTRAST_CUT = re.compile(
    r"(?:,|\s[–—])\s+(?:though|although|while|whereas|but|however|yet)\b|;\s", re.IGNORECASE
)

_PUBLISHER_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
_SLUG = re.compile(r"[a-z]{2,6}")

CARRIED_OVER = 0.6  # confidence factor for a quote that takes the previous speaker
RESOLVED_PRONOUN = 0.9
HEADLINE_CONFIDENCE = 0.6  # headline grammar is terse: a colon or a verb with no clause after it
OUTSIDE_CLAIM = 0.9  # the cue stands in the claim's sentence but outside the claim's span

_default_registry: SourceRegistry | None = None


def default_registry() -> SourceRegistry:
    """The shipped registry, read once per process."""
    global _default_registry
    if _default_registry is None:
        _default_registry = load_registry()
    return _default_registry


def sentence_starts(body: str) -> list[int]:
    """Offsets where sentences of ``body`` start (a simple splitter of its own for context)."""
    starts = [0]
    for match in _SENTENCE_END.finditer(body):
        # Only the few characters before the period can make it an abbreviation.
        window = max(0, match.start() - 8)
        if match.group()[0] == "." and _ABBREVIATION.search(body, window, match.start()):
            continue
        starts.append(match.end())
    return starts


@dataclass
class _Narrative:
    """What earlier claims of the article established: who spoke last, and who was named."""

    last: ExtractedAttribution | None = None
    people: list[Mention] = field(default_factory=list)
    others: list[Mention] = field(default_factory=list)
    genders: dict[str, str] = field(default_factory=dict)
    # A person who opened a sentence after the last attribution: the likelier speaker of a
    # quote paragraph that follows ("Zhang addressed the diplomats ... " then a bare quote).
    fresh_subject: Mention | None = None
    # The relays of the last chain that its speaker spoke to ("told Reuters"): they carry the
    # same speaker's next words too (see ``Cue.spoken_to``).
    spoken_to: frozenset[str] = frozenset()
    # Bodies the article introduced by name, in order, and where the current claim starts:
    # "the broadcaster" may stand for "the television channel Kanali 9" named before.
    bodies: list[Organisation] = field(default_factory=list)
    position: int = 0

    def remember(self, mention: Mention) -> None:
        if not mention.name:
            return
        # "A former referee ... said" then "He said": an unnamed person is a "he" or "she" too.
        target = self.people if mention.is_person or _unnamed_person(mention) else self.others
        target[:] = [m for m in target if m.name != mention.name] + [mention]

    def forget(self, name: str) -> None:
        """Drop a source found to be no source at all (a clause fragment)."""
        self.people[:] = [m for m in self.people if m.name != name]
        self.others[:] = [m for m in self.others if m.name != name]

    def earlier_body(self, head: str) -> Mention | None:
        """The source that "the <head>" ("the agency", "the group") refers back to, if any."""
        earlier = [m for m in self.others if _role_head(m.name) == head]
        if not earlier and head in _SAME_PEOPLE:
            # "The researchers say" after "Scientists from the institute found".
            earlier = [m for m in self.others if head_word(m.name) in _SAME_PEOPLE[head]]
        kinds = _GENERIC_BODIES.get(head, frozenset())
        if not earlier:
            # "the ministry" after "a revised report by the Health Ministry": a body named
            # with that very noun before any other source of a fitting kind.
            same_noun = [b for b in self.bodies if b.start < self.position and b.noun == head]
            if same_noun:
                return Mention(name=same_noun[-1].name, kind=same_noun[-1].kind)
        if not earlier and kinds:
            # "the agency", "the group": the last organisation of a fitting kind.
            # A name is one body whatever its last word: "Kestrel Motors" is "the firm".
            earlier = [
                m for m in self.others if (not m.plural or _has_capital(m.name)) and m.kind in kinds
            ]
        if earlier:
            return earlier[-1]
        if head in _COMPANY_HEADS:
            taken = self.body_taken_for_person()
            if taken is not None:
                return taken
        named = [
            b
            for b in self.bodies
            if b.start < self.position and (b.noun == head or (b.kind in kinds and kinds))
        ]
        return Mention(name=named[-1].name, kind=named[-1].kind) if named else None

    def body_taken_for_person(self) -> Mention | None:
        """The last name taken for a person's by its shape alone ("Cambridge Analytica"), now
        referred back to as a body ("it said", "the company said"): a body of unknown kind."""
        taken = [m for m in self.people if m.shape_only and m.name not in self.genders]
        if not taken:
            return None
        return replace(taken[-1], kind="unknown", is_person=False, shape_only=False)

    def resolve(self, mention: Mention) -> Mention | None:
        """The mention a pronoun or a bare "the spokesman" stands for, or the mention itself."""
        if mention.definite:
            return self.earlier_body(_role_head(mention.name)) or mention
        if mention.kind in MEDIA_KINDS and _DESCRIBED_OUTLET.match(mention.name):
            # "told the news agency" after "told the official Xinhua News Agency": an outlet
            # described by common nouns is the last outlet of its sort named before.
            head = _role_head(mention.name)
            kinds = _GENERIC_BODIES.get(head, frozenset()) & MEDIA_KINDS
            if head == "agency":
                kinds |= {"news_media"}  # a news agency the registry does not know
            if mention.kind == "state_media":
                kinds &= {"state_media"}  # "the state news agency" is no wire agency
            earlier = [m for m in self.others if m.kind in kinds and _has_capital(m.name)]
            return earlier[-1] if earlier else mention
        described = _DESCRIBED_BODY.match(mention.name)
        if described and not mention.is_person:
            # "the hospital system" after "Harlan Valley Health System".
            named = [
                b for b in self.bodies if b.start < self.position and b.noun == described.group(1)
            ]
            if named:
                return Mention(name=named[-1].name, kind=named[-1].kind)
        speaking_for = _SPEAKING_FOR.match(mention.name)
        if speaking_for:
            # "a spokesperson for the group": the group named before speaks.
            return self.earlier_body(singular(speaking_for.group(1).casefold())) or mention
        if mention.owner and mention.kind in _OWNER_DECIDES:
            body = (
                self.resolve(Mention(name="", kind="", pronoun=mention.owner))
                if mention.owner in ("it", "they")
                else self.earlier_body(singular(mention.owner))
            )
            if body is not None and body.kind not in _OWNER_DECIDES | {"anonymous"}:
                # "Its director": the person speaks for the body "it" stands for.
                return replace(mention, kind=body.kind)
        if not mention.pronoun:
            # A bare "Viasna" later in the article keeps the kind it had when introduced.
            same = [m for m in self.people + self.others if m.name == mention.name]
            return same[-1] if same and mention.kind in _OWNER_DECIDES else mention
        if mention.pronoun in ("he", "she"):
            wrong = "f" if mention.pronoun == "he" else "m"
            for person in reversed(self.people):
                if self.genders.get(person.name, "") != wrong:
                    self.genders.setdefault(person.name, "m" if wrong == "f" else "f")
                    return person
            return None
        if mention.pronoun == "they":
            plural = [m for m in self.others if m.plural]
            return plural[-1] if plural else (self.others[-1] if self.others else None)
        if mention.pronoun == "it":
            single = [m for m in self.others if not m.plural]
            return single[-1] if single else self.body_taken_for_person()
        speakers = [self.last.chain[0]] if self.last else []
        return Mention(name=speakers[0].name, kind=speakers[0].kind) if speakers else None


# "a spokesperson for the group", "officials at the agency": someone speaking for a body named
# before by its common noun.
_SPEAKING_FOR = re.compile(
    r"^(?:an?\s+|the\s+|one\s+)?(?:[\w-]+\s+)?(?:spokes\w+|representatives?|officials?|"
    r"members?|leaders?|head|chief|director|secretary|chair\w*|coordinator|president|"
    r"lawyers?|statement)\s+(?:for|of|at|from)\s+the\s+([a-z]+)$",
    re.IGNORECASE,
)
_PUBLIC = frozenset({"government", "un_body"})
# An outlet named by common nouns only: "news agency", "the newspaper", "local broadcaster".
_DESCRIBED_OUTLET = re.compile(r"^(?:the\s+)?(?:[a-z-]+\s+){0,2}[a-z]+$")
_DESCRIBED_BODY = re.compile(r"^(?:[a-z-]+\s+){1,2}([a-z]+)$")
# Kinds that say nothing of whom a person works for, so the body they belong to decides.
_OWNER_DECIDES = frozenset({"individual", "unknown", "academic"})
_COMPANY_HEADS = ("company", "firm")
_SAME_PEOPLE = {
    word: frozenset(group) for group in lexicon.entries("same_people") for word in group
}
_GENERIC_BODIES: dict[str, frozenset[str]] = {
    "agency": _PUBLIC | {"wire_agency", "state_media"},
    **dict.fromkeys(("organisation", "organization", "body"), _PUBLIC | {"ngo"}),
    **dict.fromkeys(("group", "charity", "watchdog", "union"), frozenset({"ngo"})),
    **dict.fromkeys(_COMPANY_HEADS, frozenset({"unknown"})),
    **dict.fromkeys(
        ("newspaper", "outlet", "broadcaster", "paper"), frozenset({"news_media", "state_media"})
    ),
    **dict.fromkeys(("regulator", "office", "bank", "ministry"), frozenset({"government"})),
    "institute": frozenset({"academic"}),
}


def _has_capital(name: str) -> bool:
    return any(word[:1].isupper() for word in name.split())


def _unnamed_person(mention: Mention) -> bool:
    """One person the article does not name: "a former referee", "a young man from Sudan"."""
    if mention.plural or mention.kind not in ("anonymous", "individual"):
        return False
    head = head_word(mention.name)
    return bool(_ONE_PERSON.match(mention.name)) and head not in DOCUMENT_HEADS


# An indefinite article introduces someone unnamed; "the spokesman" may be named elsewhere.
_ONE_PERSON = re.compile(r"^(?:an?|one)\s", re.IGNORECASE)


def _role_head(name: str) -> str:
    """The head noun of a source's name, with "spokeswoman" and "spokesperson" as one."""
    head = head_word(name)
    return "spokesperson" if head.startswith("spokes") else head


class _Article:
    """One article being attributed: its sentences, quotes, people and cue cache."""

    def __init__(
        self,
        body: str,
        publisher: str,
        registry: SourceRegistry,
        copy_sources: Sequence[str] = (),
    ) -> None:
        self.body = body
        self.registry = registry
        # "Reuters (copy on a partner's site)": a note after the name is no part of it.
        self.publisher = publisher
        self.publisher_entry = (
            (
                registry.match(publisher)
                or registry.match(_PUBLISHER_NOTE.sub("", publisher))
                # A slug of the outlet's initials: "voa" for the Voice of America.
                or (registry.match(publisher.upper()) if _SLUG.fullmatch(publisher) else None)
            )
            if publisher
            else None
        )
        self.starts = sentence_starts(body)
        self.quotes = quote_spans(body)
        self.quote_starts = [start for start, _ in self.quotes]
        self.people = PersonIndex(body, registry)
        self.reader = SentenceReader(body, self.people, registry, self.quotes)
        self.narrative = self.fresh_narrative()
        self._cues: dict[int, list[Cue]] = {}
        self.parsed: dict[tuple[int, int], list[Cue]] = {}  # parsed span -> its cues
        self.carriers = self._carriers(copy_sources)

    def fresh_narrative(self) -> _Narrative:
        narrative = _Narrative(
            bodies=sorted(self.people.organisations.values(), key=lambda b: b.start)
        )
        for person in self.people.people.values():
            if person.gender:
                narrative.genders[person.name] = person.gender
        return narrative

    def _carriers(self, copy_sources: Sequence[str]) -> tuple[Hop, ...]:
        """The agencies the page says its copy came from (a dateline's "(AFP)", a "Source:
        Xinhua" line, credits "(Reuters, dpa)"), unless one is the publisher: the outermost
        relays of everything the story reports, in the order the page names them."""
        match = _DATELINE.search(self.body, 0, _DATELINE_WINDOW)
        # "(Outlet / Agency - 10th August, 2020)": a dateline may name several, and a date.
        named = [p.strip() for p in _DATELINE_PARTS.split(match.group(1))] if match else []
        hops: list[Hop] = []
        for name in named:
            hop = self._carrier(name)
            if hop is None and self._agency_initials(name):
                hop = Hop(name=name, kind="wire_agency", role="relay")
            if hop is not None and all(h.name != hop.name for h in hops):
                hops.append(hop)
        for name in copy_sources:
            hop = self._carrier(name) or self._named_carrier(name)
            if hop is not None and all(h.name != hop.name for h in hops):
                hops.append(hop)
        return tuple(hops)

    def _agency_initials(self, name: str) -> bool:
        """Whether a dateline's "(ZNA)" names, in initials, an agency the registry does not know
        ("(VIDEO)" is a label, not an agency)."""
        return (
            _AGENCY_INITIALS.fullmatch(name) is not None
            and name.casefold() not in _LABELS
            and not self.is_publisher(Mention(name=name, kind=""))
        )

    def _named_carrier(self, name: str) -> Hop | None:
        """A source line's name the registry does not know, as a relay of copy when it names a
        person or an outlet ("Source: Regional Governor Ana Lima", "Source: The Valley Star"):
        the page says the copy came through them. A body the registry does not know may be
        the source of a chart or a table, not of the copy."""
        mention = resolve_mention(name, "", self.people, self.registry)
        if self.registry.match(name) is not None or mention is None or self.is_publisher(mention):
            return None
        if not (mention.is_person or mention.kind in MEDIA_KINDS):
            return None
        return Hop(name=mention.name, kind=mention.kind or "unknown", role="relay")

    def _carrier(self, name: str) -> Hop | None:
        """``name`` as a relay of copy, if it names an outlet other than the publisher; "(With
        agencies)" names agencies it does not name, still a relay, as written."""
        if _UNNAMED_AGENCIES.fullmatch(name):
            return Hop(name=name, kind="wire_agency", role="relay")
        entry = self.registry.match(name)
        if entry is None or entry.kind not in MEDIA_KINDS or entry is self.publisher_entry:
            return None
        if normalize_source_name(entry.name) == normalize_source_name(self.publisher):
            return None
        return Hop(name=entry.name, kind=entry.kind, role="relay")

    def sentence_of(self, position: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, position) - 1
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.body)
        return self.starts[index], end

    def cues_of_sentence(self, start: int, end: int) -> list[Cue]:
        if start not in self._cues:
            self._cues[start] = self.reader.cues(start, end)
        return self._cues[start]

    def quote_around(self, position: int) -> tuple[int, int] | None:
        index = bisect.bisect_right(self.quote_starts, position) - 1
        if index >= 0 and position < self.quotes[index][1]:
            return self.quotes[index]
        return None

    def is_publisher(self, mention: Mention) -> bool:
        if not self.publisher:
            return False
        entry = self.registry.match(mention.name)
        if entry is not None and entry is self.publisher_entry:
            return True
        return normalize_source_name(mention.name) == normalize_source_name(self.publisher)


def extract_attributions(
    body: str,
    claims: Sequence[ClaimSpan],
    *,
    publisher: str = "",
    registry: SourceRegistry | None = None,
    copy_sources: Sequence[str] = (),
) -> list[ExtractedAttribution | None]:
    """One attribution per claim, in order; ``None`` where no source can be found.

    ``claims`` must be spans of ``body`` in reading order: pronouns and quotes without a cue
    take their speaker from the claims before them. ``copy_sources`` are the outlets cleaning
    found named as the origin of the copy (``Cleaned.copy_sources``): they relay every
    attributed claim.
    """
    article = _Article(body, publisher, registry or default_registry(), copy_sources)
    by_rules = [_attribute(article, claim) for claim in claims]
    unread = [
        index
        for index, (claim, found) in enumerate(zip(claims, by_rules, strict=True))
        if _needs_parse(article, claim, found)
    ]
    if not unread:
        return by_rules
    sentences = sorted({_parsed_span(article, claims[index]) for index in unread})
    for span, doc in zip(
        sentences, parse_texts(body[start:end] for start, end in sentences), strict=True
    ):
        article.parsed[span] = parse_cues(doc, span[0], article.reader)
    article.narrative = article.fresh_narrative()
    again = set(unread)
    return [_attribute(article, claim, parse=i in again) for i, claim in enumerate(claims)]


# A speaker that is no name: a clause fragment ("that two missiles had hit", "has cited ...
# and") or a dated line glued to a headline.
_JUNK_SPEAKER = re.compile(
    r"^(?:that|which|who|whom|whose|has|have|had|is|are|was|were|would|will|date)\b"
    r"|(?<![\w'’-])(?:has|have|had|is|are|was|were|would|will|been|did)(?![\w'’-])"
    r"|\b(?:that|and|or|but|who|which)$"
)


def junk_speaker(name: str) -> bool:
    """Whether a speaker's name is a clause fragment rather than a name or description."""
    return bool(_JUNK_SPEAKER.search(name)) or len(name.split()) > 12


def _needs_parse(article: _Article, claim: ClaimSpan, found: ExtractedAttribution | None) -> bool:
    """Whether the rules' reading of ``claim`` is worth checking against the parse."""
    start, end = article.sentence_of(claim.start)
    if found is not None and junk_speaker(found.chain[0].name):
        return True
    if _PARSE_STRUCTURE.search(article.body, start, end):
        return True
    if found is not None and found.cue_start is not None:
        return False
    return _has_parse_verb(article, start, end)


# Structures the parse reads better than the rules: "<outlet>, quoting <someone>, said" (a
# trailing "..., Xinhua reported, quoting officials." the rules read), "<someone>, speaking to
# <outlet>, said".
_PARSE_STRUCTURE = re.compile(
    r",\s+(?:quoting\s[^,.;]+,|speaking\s+to\s|talking\s+to\s)", re.IGNORECASE
)


def _has_parse_verb(article: _Article, start: int, end: int) -> bool:
    """Whether a sentence holds, outside quotation marks, a form of a verb the parse reads."""
    for word in _WORD.finditer(article.body, start, end):
        if word.group().casefold() in PARSE_VERB_FORMS and not article.reader._quoted(
            word.start(), word.end()
        ):
            return True
    return False


_WORD = re.compile(r"[A-Za-z]+")


def _parsed_span(article: _Article, claim: ClaimSpan) -> tuple[int, int]:
    """What is parsed for a claim: its sentence, from the claim's start when a dateline or a
    line glued before it ("LISBON (Reuters) - ") opens the sentence."""
    start, end = article.sentence_of(claim.start)
    start = max(start, claim.start)
    stamp = _LEADING_STAMP.match(article.body, start, end)
    return (stamp.end() if stamp else start), max(end, claim.end)


# "COLOMBO: ", "LA PAZ, Bolivia, Oct 22 (NNN) – ", "date 2018-04-04 ": no part of the sentence.
_LEADING_STAMP = re.compile(
    r"(?:date\s+\d{4}-\d{2}-\d{2}\s+"
    r"|[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,[^:()\n–—]{1,40})?(?:\s*\([^()\n]{1,40}\))?"
    r"\s*(?::|[–—-]{1,2})\s+)"
)


def _parse_attribution(article: _Article, claim: ClaimSpan) -> ExtractedAttribution | None:
    """The chain the parse finds for the claim's sentence: its cue inside the claim first."""
    cues = article.parsed.get(_parsed_span(article, claim), [])
    inside = [c for c in cues if claim.start <= c.start < claim.end]
    chosen = inside or [c for c in cues if c.end <= claim.start]
    if not chosen:
        return None
    found = _chain(article, chosen[:1], 1.0 if inside else OUTSIDE_CLAIM)
    return replace(found, method="parse") if found is not None else None


def _attribute(
    article: _Article, claim: ClaimSpan, *, parse: bool = False
) -> ExtractedAttribution | None:
    narrative = article.narrative
    narrative.position = claim.end
    first_start, _ = article.sentence_of(claim.start)
    _, last_end = article.sentence_of(max(claim.start, claim.end - 1))
    _note_subject(article, first_start)
    cues = [
        c
        for s, e in _sentences(article, first_start, last_end)
        for c in article.cues_of_sentence(s, e)
    ]
    inside = _first_clause(
        article, claim, [c for c in cues if claim.start <= c.start and c.end <= claim.end]
    )
    # Outside the claim only tags and "according to" apply, or a verb that governs it from
    # before ("X said that <claim>"); a later main clause is another claim's.
    outside = [c for c in cues if c.role != "main" or c.end <= claim.start]
    if _follows_a_clause(article, claim, first_start):
        # "While the government says A, | teachers report B": a verb governs its own clause.
        outside = [c for c in outside if c.role != "main" or c.start >= claim.end]
    chosen, factor = (inside, 1.0) if inside else (outside, OUTSIDE_CLAIM)
    # Headline grammar first: in "Opposition rejects results, urges new poll" the second verb
    # has dropped its subject and "new poll" is no speaker, as a sentence's inverted tag is.
    # A line in title case is in headline grammar whatever the splitter took it for.
    headline_grammar = claim.kind == "headline" or is_title_case(claim.text)
    result = _headline_attribution(article, claim) if headline_grammar else None
    if result is None:
        result = _chain(article, chosen, factor) if chosen else None
    if result is None and _is_quote(article, claim):
        result = _quote_speaker(article, claim)
    if parse:
        parsed = _parse_attribution(article, claim)
        if result is not None and junk_speaker(result.chain[0].name):
            # A clause fragment is nobody a later "it" or "they" could stand for.
            narrative.forget(result.chain[0].name)
            result = None
        if parsed is not None:
            result = _with_relays_of(parsed, result, cues)
    if result is not None:
        names = {h.name for h in result.chain}
        outer = tuple(c for c in article.carriers if c.name not in names)
        if outer:
            result = replace(result, chain=(*result.chain, *outer))
    if result is not None:
        narrative.last = result
        narrative.fresh_subject = None
    return result


def _with_relays_of(
    parsed: ExtractedAttribution, rules: ExtractedAttribution | None, cues: list[Cue]
) -> ExtractedAttribution:
    """The parse's chain, with the outlets the rules found relaying the same sentence: the
    relays of the rules' chain, and an outlet that "according to" names beside the parsed
    speaker ("X said 400 were hurt, according to the National News Agency"). The parse reads
    the speaker, the rules read the relays."""
    names = {hop.name for hop in parsed.chain}
    found = [hop for hop in (rules.chain[1:] if rules else ()) if hop.kind in MEDIA_KINDS]
    found += [
        Hop(name=cue.speaker.name, kind=cue.speaker.kind, role="relay")
        for cue in cues
        if cue.role == "according" and cue.speaker.kind in MEDIA_KINDS and cue.speaker.name
    ]
    relays = tuple(dict.fromkeys(hop for hop in found if hop.name not in names))
    return replace(parsed, chain=(*parsed.chain, *relays)) if relays else parsed


def _headline_attribution(article: _Article, claim: ClaimSpan) -> ExtractedAttribution | None:
    """A headline that names its source in headline grammar ("Mayor warns of floods",
    "Police: three dead"); see ``headline_cues``."""
    found = headline_cue(claim.text, article.reader)
    if found is None:
        return None
    mention, cue, start, end = found
    resolved = article.narrative.resolve(mention) or mention
    if article.is_publisher(resolved):
        return None
    article.narrative.remember(resolved)
    hop = Hop(name=resolved.name, kind=resolved.kind or "unknown", role="speaker")
    return ExtractedAttribution(
        (hop,), cue, claim.start + start, claim.start + end, HEADLINE_CONFIDENCE
    )


def _follows_a_clause(article: _Article, claim: ClaimSpan, sentence_start: int) -> bool:
    """Whether the claim is a later clause of its sentence, cut off at a comma, semicolon or
    dash, or at ", and" (the splitter's cut between two clauses with subjects of their own)."""
    before = article.body[sentence_start : claim.start].rstrip()
    cut = bool(before) and (before[-1] in ",;–—" or _AFTER_AND_CUT.search(before) is not None)
    return cut and article.quote_around(claim.start) is None


# ", and" and the connectives the splitter leaves out of both clauses: "..., but hopes are slim".
_AFTER_AND_CUT = re.compile(
    r"(?:,|\s[–—])\s+(?:and|though|although|while|whereas|but|however|yet)$", re.IGNORECASE
)


def _first_clause(article: _Article, claim: ClaimSpan, cues: list[Cue]) -> list[Cue]:
    """The cues of the claim's first clause, when it has any: in "According to X, A, though
    Y suggest B" left whole, Y speaks for B only, and X stays the source of the sentence."""
    cut = _CONTRAST_CUT.search(article.body, claim.start, claim.end)
    while cut is not None and article.quote_around(cut.start()) is not None:
        cut = _CONTRAST_CUT.search(article.body, cut.end(), claim.end)
    if cut is None:
        return cues
    first = [c for c in cues if c.end <= cut.start()]
    return first or cues


def _sentences(article: _Article, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    position = start
    while position < end:
        s, e = article.sentence_of(position)
        spans.append((s, e))
        position = e
    return spans


def _note_subject(article: _Article, sentence_start: int) -> None:
    """Remember a person who opens a sentence (after an opening phrase and comma, if any):
    the likeliest antecedent of a later "she", and of a quote paragraph that follows."""
    opening = article.body[sentence_start : sentence_start + 80]
    for start, words in capitalised_runs(opening):
        if start > 2 and opening[:start].rstrip()[-1:] != ",":
            continue
        _, tail = name_tail(words)
        if tail and article.people.lookup(tail) is not None:
            mention = resolve_mention(" ".join(tail), "", article.people, article.registry)
            if mention is not None:
                article.narrative.remember(mention)
                article.narrative.fresh_subject = mention
                return


def _is_quote(article: _Article, claim: ClaimSpan) -> bool:
    return bool(_OPENING_QUOTE.match(claim.text)) or article.quote_around(claim.start) is not None


def _quote_speaker(article: _Article, claim: ClaimSpan) -> ExtractedAttribution | None:
    """A quote with no cue in its sentence: the tag after the quote closes, else the last one."""
    around = article.quote_around(claim.start) or article.quote_around(
        claim.start + len(claim.text) - len(claim.text.lstrip())
    )
    if around is not None:
        start, end = article.sentence_of(around[1] - 1)
        tags = [c for c in article.cues_of_sentence(start, end) if c.start >= around[1]]
        if tags and tags[0].role == "aside":
            found = _chain(article, tags, OUTSIDE_CLAIM)
            if found is not None:
                return found
    last = article.narrative.last
    subject = article.narrative.fresh_subject
    if subject is not None:
        hop = Hop(name=subject.name, kind=subject.kind or "unknown", role="speaker")
        return ExtractedAttribution((hop,), "", None, None, round(0.9 * CARRIED_OVER, 2))
    if last is None:
        return None
    return replace(
        last,
        cue="",
        cue_start=None,
        cue_end=None,
        confidence=round(last.confidence * CARRIED_OVER, 2),
    )


def _titled_person(article: _Article, mention: Mention) -> Mention | None:
    """The one person the article names with the office a speaker is described by: "Puerto
    Rico's governor" is "Gov. Ana Lima" when she is the only governor named."""
    role = _ROLE_ONLY.match(mention.name)
    if role is None:
        return None
    office = role.group("office").casefold()
    titles = "|".join(_OFFICE_TITLES.get(office, (office,)))
    found = {
        name
        for name in article.people.people
        if re.search(rf"(?<![\w-])(?:{titles})\.?\s+{re.escape(name)}", article.body, re.I)
    }
    if len(found) != 1:
        return None
    return Mention(name=found.pop(), kind="government", is_person=True)


def _people_described_before(article: _Article, mention: Mention) -> Mention | None:
    """The people a bare "the researchers" refers back to when the article described them
    before, speaking or not: "a study by scientists from the Valley Institute" and later "The
    researchers say": the scientists from the Valley Institute."""
    head = mention.name.casefold()
    if head not in _SAME_PEOPLE or not mention.definite:
        return None
    nouns = "|".join(sorted(_SAME_PEOPLE[head]))
    found = list(
        re.finditer(
            rf"(?i:\b(?:{nouns}))\s+{_FROM_BODY}", article.body[: article.narrative.position]
        )
    )
    if not found:
        return None
    return replace(mention, name=found[-1].group(), definite=False)


# "from the Valley Institute of Health", "at Harvard's T.H. Chan School of Public Health".
_FROM_BODY = (
    r"(?:from|at|with|of)\s+(?:the\s+)?[A-Z][\w.'’-]*"
    r"(?:\s+(?:(?:of|for|and|the)\s+)*[A-Z][\w.'’-]*)*"
)


# A speaker described only by a public office: "the governor", "Ecuador's president", "the
# 65-year-old leader", "the minister".
_ROLE_ONLY = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*['’]s\s+|[A-Z][a-z]+an\s+)?"
    r"(?:\d{2,3}-year-old\s+)?"
    r"(?P<office>governor|president|prime\s+minister|premier|mayor|chancellor|leader|minister)$",
    re.IGNORECASE,
)
_OFFICE_TITLES = {
    "governor": ("governor", "gov"),
    "president": ("president", "pres"),
    # A head of state or government is its "leader".
    "leader": ("president", "pres", "prime\\s+minister", "premier", "chancellor"),
    "minister": ("(?<!prime\\s)minister",),  # "the minister" is no prime minister
}


def _relayed_before(article: _Article, mention: Mention) -> bool:
    """Whether ``mention`` ("the officials") relayed the previous claim: in "She warned ...,
    the officials said" it relays again rather than speaks."""
    last = article.narrative.last
    if last is None or len(last.chain) < 2:
        return False
    found = article.narrative.resolve(mention)
    return found is not None and any(hop.name == found.name for hop in last.chain[1:])


def _hops(cue: Cue) -> list[Mention]:
    """The speaker of a cue, the outlets inside its phrase, then the outlets the cue names."""
    return [cue.speaker, *cue.speaker.relays, *cue.relays]


# "... told him", "had told her": someone told the speaker what the speaker passes on.
_TOLD_THE_SPEAKER = re.compile(r"(?:told|tells|tell)\s+(?:him|her|them|us|me)\b", re.IGNORECASE)


def _chain(article: _Article, cues: list[Cue], factor: float) -> ExtractedAttribution | None:
    """Order a sentence's cues into one chain (see the module docstring)."""
    verbs = [c for c in cues if c.role in ("main", "aside")]
    mains = [c for c in verbs if c.role == "main"]
    primary = mains[0] if mains else (verbs[0] if verbs else None)
    yielded: Cue | None = None
    if primary is not None and not primary.strong:
        stronger = [
            c
            for c in verbs
            if c.start > primary.start
            and c.role == "aside"
            and c.strong
            and not _relayed_before(article, c.speaker)
        ]
        if stronger:
            yielded, primary = primary, stronger[0]
    hops: list[Mention] = []
    if primary is not None and primary.speaker.kind in MEDIA_KINDS:
        reported = [
            c
            for c in verbs
            if c.start > primary.start and c.speaker.kind not in MEDIA_KINDS and c.strong
        ]
        if reported:
            hops.extend(_hops(primary))
            primary = reported[0]
        elif yielded is not None and yielded.speaker.kind not in MEDIA_KINDS:
            # "Investigators found ..., the news website News24 reported": the outlet relays.
            hops.extend(_hops(primary))
            primary = yielded
    if primary is not None and primary.role == "main" and primary.speaker.kind not in MEDIA_KINDS:
        # "The director said villagers told him that 25 died": the villagers are the source
        # and the director relays their account.
        nested = [
            c
            for c in mains
            if c.start >= primary.end
            and _TOLD_THE_SPEAKER.match(article.body, c.start)
            and c.speaker.kind not in MEDIA_KINDS
            and not c.speaker.pronoun
        ]
        if nested and not hops:
            hops.extend(_hops(primary))
            primary = nested[0]
    according = [c for c in cues if c.role == "according"]
    sourced = [c for c in according if c.speaker.kind not in MEDIA_KINDS]
    if primary is not None and primary.speaker.kind in MEDIA_KINDS and not hops and sourced:
        # "According to police, 40 died, the Courier reported": the outlet relays the police.
        hops.extend(_hops(primary))
        primary = sourced[0]
        according = [c for c in according if c is not primary]
    if primary is None:
        if not according:
            return None
        primary, according = according[0], according[1:]
    chain = [*_hops(primary), *hops]
    for cue in verbs:
        if cue.start > primary.start and cue.role == "aside" and cue is not primary:
            chain.extend(_hops(cue))
    for cue in according:
        if cue is not primary and head_word(cue.speaker.name) in COUNTED_HEADS:
            # "According to preliminary results, the commission's head said ...": the count is
            # what the speaker goes by, not a hop between the speaker and the reader (as "a
            # recording" of the speaker's words is).
            continue
        chain.extend(_hops(cue))
    citing = [c for c in cues if c.role == "citing"]
    if citing:
        chain.insert(0, citing[0].speaker)
    confidence = primary.confidence * factor
    continued = bool(chain[0].pronoun)
    resolved: list[Mention] = []
    for mention in chain:
        found = article.narrative.resolve(mention)
        if found is None:
            if mention is chain[0]:
                return None
            continue
        if mention.pronoun:
            confidence *= RESOLVED_PRONOUN
        if all(found.name != m.name for m in resolved):
            resolved.append(found)
    if resolved and not resolved[0].is_person:
        resolved[0] = (
            _titled_person(article, resolved[0])
            or _people_described_before(article, resolved[0])
            or resolved[0]
        )
    kept = [m for m in resolved if not article.is_publisher(m)]
    for mention in kept:
        article.narrative.remember(mention)
    if not kept or kept[0] is not resolved[0]:
        return None
    hops_out = tuple(
        Hop(name=m.name, kind=m.kind or "unknown", role="speaker" if i == 0 else "relay")
        for i, m in enumerate(kept)
    )
    narrative = article.narrative
    last = narrative.last
    spoken_to = {
        found.name
        for mention in (primary.relays if primary.spoken_to else ())
        if (found := narrative.resolve(mention)) is not None
    }
    alone = len(hops_out) == 1 and primary.role != "according"
    if (continued or alone) and last is not None and last.chain[0].name == hops_out[0].name:
        # "She warned ministers ..." after "... told colleagues, two officials told Reuters",
        # "Shah said" after "Preeti Shah told AP": the same account goes on, through the same
        # relays, unless the sentence names relays of its own. Only a pronoun carries an outlet
        # that reported or quoted the last words; the outlets the speaker spoke to carry on.
        names = {hop.name for hop in hops_out}
        carried = tuple(
            hop
            for hop in last.chain[1:]
            if hop.name not in names and (continued or hop.name in narrative.spoken_to)
        )
        hops_out += carried
        spoken_to |= {hop.name for hop in carried if hop.name in narrative.spoken_to}
    narrative.spoken_to = frozenset(spoken_to)
    return ExtractedAttribution(
        chain=hops_out,
        cue=primary.text,
        cue_start=primary.start,
        cue_end=primary.end,
        confidence=round(min(confidence, 1.0), 2),
    )
