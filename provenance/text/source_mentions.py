"""Who a noun phrase names: a person (with full name and title), a known source, or a group.

``PersonIndex`` reads an article once for people's names, so a later "Mr Chen" or "Zenz"
becomes the full name given at first mention, with the title or apposition that came with it.
``resolve_mention`` turns the phrase before or after a reporting verb into a ``Mention``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from provenance.text import lexicon
from provenance.text.reporting_verbs import REPORTING_VERBS
from provenance.text.source_kinds import (
    ANONYMOUS_HEADS,
    ASSEMBLY_MEMBERS,
    COUNTRY_NAMES,
    DEMONYMS,
    LAY_HEADS,
    PREPOSITIONS,
    QUANTIFIERS,
    SOURCE_HEADS,
    SOURCE_NOUNS,
    TIME_WORDS,
    head_word,
    is_place_name,
    names_an_organisation,
    singular,
)
from provenance.text.source_registry import SourceRegistry, kind_for_mention

PRONOUNS = lexicon.words("pronouns")
HONORIFICS = lexicon.table("honorifics")
_GENDER_WORDS = {
    **dict.fromkeys(lexicon.words("feminine_words"), "f"),
    **dict.fromkeys(lexicon.words("masculine_words"), "m"),
}

# Capitalised words that are titles or parts of organisation names, never part of a person's
# name: "President Xi Jinping", "UN High Commissioner Michelle Bachelet".
_NOT_NAME_WORDS = (
    frozenset(w.casefold() for w in lexicon.words("not_name_words") | TIME_WORDS)
    # A place's last word ("States", "Rica"), not its first: "Costa" of "Costa Rica" and "San"
    # of "San Marino" are also surnames ("Rafael Costa").
    | frozenset(p.replace(".", "").split()[-1].casefold() for p in COUNTRY_NAMES | DEMONYMS)
    | {w for w in ANONYMOUS_HEADS | LAY_HEADS | SOURCE_NOUNS if w != "state"}
    # "Two MPs told Reuters": a count and a member of an assembly open no person's name.
    | ASSEMBLY_MEMBERS
    | QUANTIFIERS
)
_NAME_PARTICLES = lexicon.words("name_particles")
# ", Chile's deputy foreign minister," or ", a spokesman for the mission,": starts like a noun
# phrase and closes with a comma or the end of the sentence.
_APPOSITION = re.compile(
    r",\s*((?!who\b|which\b|(?:speaking|talking)\s+to\b|quoting\b|citing\b)(?:a|an|the|[a-z][\w-]*|[A-Z][\w-]*['’]s|[A-Z][\w-]*\s+(?:[A-Z][\w-]*\s+)*"
    r"(?:at|of|for))\b[^,.;“”\"]{3,200}?)(?=,|\.\s|\.$|$)"
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_POSSESSIVE_END = re.compile(r"['’]s$")


@dataclass
class Person:
    """A person named in the article: full name, what described them, and a guessed gender."""

    name: str
    descriptor: str = ""
    gender: str = ""  # "m", "f" or "" when unknown


@dataclass(frozen=True)
class Mention:
    """A resolved source mention. ``pronoun`` is set, and ``name`` empty, until resolved."""

    name: str
    kind: str
    is_person: bool = False
    plural: bool = False
    pronoun: str = ""
    definite: bool = False  # "the spokesman": may refer back to a source named before
    relays: tuple[Mention, ...] = ()  # outlets named inside the phrase: "a letter seen by Y"
    # The body a person's role belongs to, as written: "it" for "its director", "bank" for
    # "the bank's chief economist"; the narrative finds which body that is.
    owner: str = ""
    # Taken for a person's name by its shape alone (two capitalised words, no title, no
    # description): "Cambridge Analytica" may turn out to be a body that "it" refers back to.
    shape_only: bool = False


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def name_tail(words: list[str]) -> tuple[list[str], list[str]]:
    """Split capitalised ``words`` into (title part, trailing personal name)."""
    tail: list[str] = []
    for position, word in enumerate(reversed(words)):
        bare = _POSSESSIVE_END.sub("", word).strip(".")
        # A possessive before the end belongs to someone else: "Al Jazeera's Katrina Yu".
        if position and _POSSESSIVE_END.search(word):
            break
        if bare.casefold().replace(".", "") in _NOT_NAME_WORDS or not bare:
            break
        if not _is_capitalised(bare) and bare.casefold() not in _NAME_PARTICLES:
            break
        tail.insert(0, bare)
    while tail and tail[0].casefold() in _NAME_PARTICLES:
        tail.pop(0)
    return words[: len(words) - len(tail)], tail


@dataclass(frozen=True)
class Organisation:
    """A body the article introduces by name ("the television channel Kanali 9"), where."""

    name: str
    kind: str
    noun: str  # the common noun that introduced it ("channel"), or "" when none did
    start: int


# The common nouns that introduce a body's name ("the television channel Kanali 9") or describe
# it in an apposition ("Clean Rivers Mutanda, a local environmental group,").
_BODY_NOUNS = (
    r"group|company|firm|body|organi[sz]ation|charity|union|network|broadcaster|channel|station|"
    r"newspaper|agency|party|movement|coalition|alliance|association|federation|foundation|"
    r"institute|outlet|website|startup|start-up|platform|operator|maker|producer|manufacturer|"
    r"retailer|chain|lender|insurer|carrier|airline|miner|developer|ngo|watchdog|charity|trust|"
    r"regulator|daily|magazine|tabloid|site|conglomerate|subsidiary|bank|consultancy|unit|arm|"
    r"division|affiliate|gang|cartel|syndicate"
)
_BODY_BEFORE = re.compile(
    rf"((?:[\w'’-]+\s+){{0,3}}(?<![\w'’-])(?:{_BODY_NOUNS}))"
    r"(?:\s+(?:calling\s+itself|known\s+as|called|named))?\s+$"
)
_BODY_AFTER = re.compile(
    rf"^(?:\s+\d+\b)?(?:,\s*which\b|,\s*(?:a|an|the|its)\s+([^,.;“”\"]{{0,60}}?\b(?:{_BODY_NOUNS}))\b|"
    r"['’]s?\s+(?:[\w-]+\s+)?(?:site|plant|mines?|shares|unit|subsidiary|factory|board|"
    r"headquarters|workers|employees|stake|output|production|profits?|revenue|sales|"
    r"customers|app|platform|operations|products|brand|stores|chief\s+executive)\b)"
)
# What an outlet is, right after a name of two words or more: "the Valley Sol newspaper".
_OUTLET_NOUN_AFTER = re.compile(
    r"^\s+((?:news\s+)?(?:newspaper|daily|broadcaster|channel|radio|television|station|"
    r"website|magazine|agency))\b"
)
# Bodies whose name ends in what they are, so "the <noun>" can refer back to them.
_NAME_ENDS_IN_NOUN = lexicon.words("name_ends_in_noun")
_NUMBER_SUFFIX = re.compile(r"^\s+(\d+)\b")
# The run continues a longer name: "Mines" in "the Chamber of Mines".
_INSIDE_NAME = re.compile(r"[A-Z][\w'’.-]*\s+(?:of|for|on|and)\s+(?:the\s+)?$")


def _apposition_names_body(after: str, behind: re.Match[str]) -> bool:
    """Whether ", a local environmental group," says what the name before it is: the body
    noun must head the apposition and close it. In "Torres, a pilot with 20 years at the
    airline," the pilot is the head; in "Rosa Quispe, a union leader," the leader; and in
    "a study by the Catholic University, the airline lost money" a clause follows."""
    head = head_word(behind.group(1))
    if not re.fullmatch(_BODY_NOUNS, head):
        return False
    return bool(_APPOSITION_CLOSE.match(after, behind.end()))


_APPOSITION_CLOSE = re.compile(
    r"\s*(?:[,.;:)]|$)|\s+(?:in|of|for|from|at|on|with|based|owned|run|led|that|which|whose)\b"
)


class PersonIndex:
    """People, and bodies introduced by name, in one article, found in one pass over its text."""

    def __init__(self, body: str, registry: SourceRegistry) -> None:
        self.registry = registry
        self.people: dict[str, Person] = {}
        self.organisations: dict[str, Organisation] = {}
        self._by_part: dict[str, str] = {}
        self._honorifics: list[tuple[str, str]] = []  # ("kikilias", "m") from "Mr Kikilias"
        # "the Organization of American States (OAS)": a later "the OAS" is that body.
        self.acronyms: dict[str, str] = {}
        for found in _DEFINED_ACRONYM.finditer(body):
            name = _acronym_name(found.group(1), found.group(2))
            if name:
                self.acronyms.setdefault(found.group(2), name)
        for run_start, words in capitalised_runs(body):
            if not self._add_organisation(body, run_start, words):
                self._add_run(body, run_start, words)
        for name in self.organisations:
            # A name first taken for a person's turns out to be a body's: "Speedo Eats, which".
            self.people.pop(name, None)
        self._by_part = {k: v for k, v in self._by_part.items() if v in self.people}
        for part, gender in self._honorifics:
            # "Mr Kikilias" anywhere tells the gender of "Vassilis Kikilias" everywhere.
            person = self.people.get(self._by_part.get(part, ""))
            if person is not None and not person.gender:
                person.gender = gender

    def _add_organisation(self, body: str, run_start: int, words: list[str]) -> bool:
        """Record the run as a body's name when its context says so; whether it did."""
        owners = [i for i, w in enumerate(words[:-1]) if _POSSESSIVE_END.search(w)]
        if owners:
            words = words[: owners[0] + 1]  # "Mutanda Copper's Kolwezi site"
        if self.registry.match(" ".join(words), threshold=95) or _INSIDE_NAME.search(
            body, max(0, run_start - 30), run_start
        ):
            return False
        name = _POSSESSIVE_END.sub("", " ".join(words))
        after = body[run_start + len(name) : run_start + len(name) + 120]
        number = _NUMBER_SUFFIX.match(after)
        if number:
            name = f"{name} {number.group(1)}"  # "Kanali 9"
        before = _BODY_BEFORE.search(body[max(0, run_start - 60) : run_start])
        behind = _BODY_AFTER.match(after)
        if behind is not None and behind.group(1) and not _apposition_names_body(after, behind):
            behind = None
        if behind is None and len(words) >= 2 and not words[-1].endswith("-based"):
            behind = _OUTLET_NOUN_AFTER.match(after)
        if before is None and behind is None:
            if len(words) < 2 or words[-1] not in _NAME_ENDS_IN_NOUN:
                return False
            # "Harlan Valley Health System": "the system" or "the hospital system" later.
            self.organisations.setdefault(
                name,
                Organisation(
                    name, kind_for_mention(name, self.registry), words[-1].casefold(), run_start
                ),
            )
            return True
        titles, tail = name_tail(words)
        if before is not None and titles and len(tail) >= 2:
            return False  # "the company's Chief Executive John Smith": a person
        description = (before.group(1) if before else "") or (
            behind.group(1) or "" if behind else ""
        )
        noun = description.split()[-1].casefold() if description else ""
        if name not in self.organisations:
            kind = kind_for_mention(f"{description} {name}".strip(), self.registry)
            self.organisations[name] = Organisation(name, kind, noun, run_start)
        return True

    def organisation(self, text: str) -> Organisation | None:
        """The body named by ``text`` (without a leading "the"), if the article introduced it."""
        return self.organisations.get(re.sub(r"^(?:the|The)\s+", "", text.strip()))

    def _add_run(self, body: str, run_start: int, words: list[str]) -> None:
        if _INSIDE_NAME.search(body, max(0, run_start - 30), run_start):
            return  # "Disease Control" in "the Centers for Disease Control"
        if any(_POSSESSIVE_END.search(w) for w in words[:-1]):
            # "Austria's Volker Turk": the possessive ends a different name.
            cut = max(i for i, w in enumerate(words[:-1]) if _POSSESSIVE_END.search(w)) + 1
            run_start = body.index(words[cut], run_start)
            words = words[cut:]
        titles, tail = name_tail(words)
        honorific = HONORIFICS.get(titles[-1].casefold(), "") if titles else ""
        if len(tail) == 1 and honorific:
            self._honorifics.append((tail[0].casefold(), honorific))
        if not 2 <= len(tail) <= 4 or self.registry.match(" ".join(tail), threshold=95):
            return
        if is_place_name(" ".join(tail)):
            return  # "Costa Rica", "Sri Lanka": a country, not a person
        if _POSSESSIVE_END.search(words[-1]):
            return  # "Xi Jinping's government": an owner, not a speaker; still named elsewhere
        full = " ".join(tail)
        known = self.people.get(full)
        if known is None or not known.descriptor:
            # The first mention that says who the person is gives their descriptor.
            before = body[max(0, run_start - 60) : run_start]
            after = body[run_start + len(" ".join(words)) :][:200]
            apposition = _APPOSITION.match(after)
            descriptor = " ".join(part for part in (_premodifier(before), " ".join(titles)) if part)
            if apposition and apposition.group(1).split()[0] not in REPORTING_VERBS:
                descriptor = f"{descriptor}, {apposition.group(1)}".strip(", ")
            self.people[full] = Person(full, descriptor, _gender_of(descriptor))
        for part in (tail[-1], tail[0]):
            self._by_part.setdefault(part.casefold(), full)

    def lookup(self, words: list[str]) -> Person | None:
        """The person that a name as written refers to: full name, surname or given name."""
        full = " ".join(words)
        if full in self.people:
            return self.people[full]
        if len(words) != 1:
            return None
        part = words[0].casefold()
        if part in self._by_part:
            return self.people[self._by_part[part]]
        if len(part) >= _VARIANT_MIN_LETTERS and self._by_part:
            # One surname spelt two ways in one article, as transliterations go:
            # "Tikhanouskaya" for "Tikhanovskaya", "Kirilenko" for "Kyrylenko".
            alike = [
                known
                for known in self._by_part
                if known[0] == part[0] and abs(len(known) - len(part)) <= 1
            ]
            found = process.extractOne(part, alike, scorer=fuzz.ratio, score_cutoff=_VARIANT_SCORE)
            if found is not None:
                return self.people[self._by_part[found[0]]]
        return None


# A name of capitalised words (with "of", "for", "and", "the" between them) and the
# initials it is given in brackets.
_DEFINED_ACRONYM = re.compile(
    r"((?:[A-Z][\w'’.&-]*)(?:\s+(?:(?:of|for|and|the|on|de|del|la)\s+)*[A-Z][\w'’.&-]*){1,9})"
    r"\s+\(([A-Z][A-Z&]{1,7})\)"
)


def _acronym_name(words: str, acronym: str) -> str:
    """The name that ``acronym`` stands for at the end of ``words``: from the capitalised word
    its first letter begins, when its letters are initials of the name's capitalised words in
    order ("OAS" for "Organisation of American States", leaving out a sentence's "The")."""
    parts = words.split()
    for start, word in enumerate(parts):
        if word[:1] != acronym[0]:
            continue
        initials = iter("".join(p[0] for p in parts[start:] if p[:1].isupper()))
        if all(letter in initials for letter in acronym):
            return " ".join(parts[start:])
    return ""


def _premodifier(before: str) -> str:
    """The words right before a name that describe it: "Germany's UN ambassador", up to a
    punctuation mark, a reporting verb or a conjunction."""
    if before.rstrip().endswith(","):
        # "The county health officer, Dr Ann Lee": the noun phrase before the comma.
        antecedent = re.split(r"[,.;:“”\"()\n]", before.rstrip()[:-1])[-1].strip()
        if _DESCRIBING_PHRASE.match(antecedent) and len(antecedent.split()) <= 8:
            return antecedent
    # A line ends a description, and a bare figure or date is none: "date 2018-04-04 Kim Lee".
    words = re.split(r"[,.;:“”\"()\n]", before)[-1].split()
    kept: list[str] = []
    for word in reversed(words):
        if word.casefold() in REPORTING_VERBS or word.casefold() in _PREMODIFIER_STOP:
            break
        if _FIGURE.fullmatch(word):
            break
        kept.insert(0, word)
    return " ".join(kept)


_DESCRIBING_PHRASE = re.compile(
    r"^(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[A-Z][\w-]*['’]s)\s+[\w'’ -]*[a-z]$"
)
_PREMODIFIER_STOP = lexicon.words("premodifier_stop")
_FIGURE = re.compile(r"[\d.,/:-]+")
# A surname this long, this alike (rapidfuzz ratio), with the same first letter and a length
# within one letter, is one person's spelt two ways ("Hernandez" is not "Fernandez").
_VARIANT_MIN_LETTERS = 7
_VARIANT_SCORE = 85


def capitalised_runs(text: str) -> list[tuple[int, list[str]]]:
    """Runs of capitalised words joined by single spaces (name particles allowed inside)."""
    runs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = last_end = 0
    for match in _WORD.finditer(text):
        word = match.group().rstrip(".")
        joined = match.start() - last_end <= 1 and text[last_end : match.start()] in ("", " ")
        usable = _is_capitalised(word) or (current and word.casefold() in _NAME_PARTICLES)
        if usable and current and joined:
            current.append(word)
        else:
            if current:
                runs.append((start, current))
            current = [word] if _is_capitalised(word) else []
            start = match.start()
        last_end = match.start() + len(word)
    if current:
        runs.append((start, current))
    return runs


def _gender_of(descriptor: str) -> str:
    for word in _WORD.findall(descriptor.casefold()):
        gender = HONORIFICS.get(word) or _GENDER_WORDS.get(word)
        if gender:
            return gender
    return ""


_LEADING_FILLER = re.compile(
    r"^(?:(?:however|but|and|meanwhile|also|still|so|yet|now|separately|instead|earlier|later|"
    r"then|indeed|moreover|in\s+addition|on\s+\w+day|last\s+week|this\s+week)\b,?\s*)+",
    re.IGNORECASE,
)
_TRAILING_ADJUNCT = re.compile(
    r"(?:\s+(?:on\s+\w+day|in\s+a\s+\w+|last\s+\w+|this\s+\w+|earlier|later|yesterday|"
    r"today|too|also|themselves|himself|herself|itself|"
    # "late Sunday", "early on Monday", "late on Sunday night": when, not who
    r"(?:early|late)\s+(?:on\s+)?(?:\w+day)?(?:\s*(?:morning|afternoon|evening|night))?|"
    r"(?:morning|afternoon|evening|night)|"
    # "the US Geological Survey at 6" (of "at 6.1"): a figure the phrase ran into
    r"at\s+\d[\d.,:]*))+$",
    re.IGNORECASE,
)
_GROUP_PLURAL = re.compile(r"s$")
_BRACKETED_ACRONYM = re.compile(r"(?<=\w)\s+\([A-Z][A-Z&.]{1,7}\)?$")


def clean_phrase(phrase: str) -> str:
    """A noun phrase without leading discourse words, trailing time adjuncts, punctuation or
    the acronym a name is given in brackets ("the Organization of American States (OAS)", cut
    at the comma after it or not)."""
    text = _LEADING_FILLER.sub("", phrase.strip(' ,;:—–-\n"“”'))
    text = _TRAILING_ADJUNCT.sub("", text).strip(" ,;:")
    return _BRACKETED_ACRONYM.sub("", text)


def looks_like_source(phrase: str, *, lenient: bool = False) -> bool:
    """Whether the head of ``phrase`` can be a source: a name, a pronoun or a source noun.

    Keeps "more reports are emerging", "these claims" or "in response to U.N. questions" from
    naming a speaker. ``lenient`` also takes any plural noun ("Delivery riders"), for the
    subject of "said" or "told": only people and bodies say things.
    """
    words = _WORD.findall(phrase)
    if not words or len(words) > 18:
        return False
    head = head_word(phrase)
    if head in PRONOUNS or singular(head) in SOURCE_HEADS or names_an_organisation(head):
        return True
    if lenient and _PLURAL_NOUN.fullmatch(head) and head not in _NOT_PLURAL_PEOPLE:
        return True
    if lenient and _INDEFINITE_PERSON.match(phrase) and head.isalpha():
        return True  # "A former referee told the court": someone not named
    chunk = re.split(r"\s(?:of|for|at|in|to|from|with|on|by)\s", phrase)[0].split()
    if len(chunk) > 1 and chunk[-1].isdigit():
        chunk.pop()  # "Kanal 5", "Channel 4"
    return bool(chunk) and _is_capitalised(chunk[-1])


_PLURAL_NOUN = re.compile(r"[a-z]{3,}[^s]s")
_INDEFINITE_PERSON = re.compile(r"^(?:an?|one)\s+(?:[a-z][\w-]*\s+){0,3}[a-z]{3,}$", re.IGNORECASE)
_NOT_PLURAL_PEOPLE = lexicon.words("not_plural_people")


_AMPERSAND_NAME = re.compile(
    r"(?:[Tt]he\s+)?[A-Z][\w'’.-]*(?:\s*&\s*[A-Z][\w'’.-]*)+(?:\s+[A-Z][\w'’.-]*)*"
)


# "the spokesman", and a company described rather than named: "the Atlanta-based company",
# "the US firm". Both may stand for a source named before.
_DEFINITE = re.compile(r"(?:the|The)\s+(?:\w+|(?:[\w-]+\s+){1,3}(?:company|firm))$")


def resolve_mention(
    phrase: str,
    apposition: str,
    people: PersonIndex,
    registry: SourceRegistry,
    *,
    lenient: bool = False,
) -> Mention | None:
    """The source that ``phrase`` (with an optional apposition) names, or ``None``."""
    text = clean_phrase(phrase)
    if not text or not looks_like_source(text, lenient=lenient):
        return None
    defined = people.acronyms.get(re.sub(r"^(?:the|The)\s+", "", text))
    if defined is not None and not registry.match(text):
        text = defined  # "the OAS" after "the Organisation of American States (OAS)"
    if text.casefold() in PRONOUNS:
        return Mention(name="", kind="", pronoun=text.casefold())
    organisation = _organisation_name(text)
    if organisation:
        # "the rights group Viasna", "the open-source group Sentinel Watch": a body's name.
        entry = registry.match(organisation)
        if entry is not None:
            return Mention(name=entry.name, kind=entry.kind)
        known = people.organisation(organisation)
        return Mention(
            name=organisation, kind=known.kind if known else kind_for_mention(text, registry)
        )
    words = _WORD.findall(text)
    trailing = _trailing_capitalised(words)
    owned = len(words) > len(trailing) and words[-len(trailing) - 1].casefold() in PREPOSITIONS
    named = people.organisation(text) or (
        None if owned or not trailing else people.organisation(" ".join(trailing))
    )
    if named is not None:
        return Mention(name=named.name, kind=named.kind)
    if _MEDIA_NAME.fullmatch(text) and not registry.match(text):
        return Mention(name=re.sub(r"^(?:the|The)\s+", "", text), kind="news_media")
    if _BODY_NAME.fullmatch(text) and not registry.match(text):
        # "the Centers for Disease Control and Prevention", "Chamber of Mines": a body's name.
        return Mention(
            name=re.sub(r"^(?:the|The)\s+", "", text), kind=kind_for_mention(text, registry)
        )
    if _CAMPAIGN.fullmatch(text) and not registry.match(text):
        return Mention(name=re.sub(r"^(?:the|The)\s+", "", text), kind="ngo")
    if _AMPERSAND_NAME.fullmatch(text):
        # "AT&T", "Glenmoor & Pike": names joined by "&" are a firm's, never a person's.
        entry = registry.match(text)
        if entry is not None:
            return Mention(name=entry.name, kind=entry.kind)
        return Mention(
            name=re.sub(r"^(?:the|The)\s+", "", text), kind=kind_for_mention(text, registry)
        )
    titles, tail = _person_part(text)
    if (not tail or is_place_name(" ".join(tail))) and is_full_name(apposition):
        # "her campaign manager, Tomas Gimenez": the name stands in the apposition.
        text, apposition = apposition.strip(), text
        titles, tail = _person_part(text)
    if not tail and _AFFILIATION.search(text):
        # "researcher Priya Raman of Ohio State University": the person, described by the rest.
        titles, tail = _person_part(text[: _AFFILIATION.search(text).start()])
        if len(tail) < 2 and not (tail and people.lookup(tail)):
            titles, tail = [], []
    description = f"{text}, {apposition}" if apposition else text
    honorific = bool(titles) and titles[-1].casefold().rstrip(".") in {"mr", "ms", "mrs", "miss"}
    person = people.lookup(tail) if tail else None
    entry = registry.match(text) or (registry.match(" ".join(tail)) if tail else None)
    titled = bool(titles) or text[: len(text) - len(" ".join(tail))].strip() != ""
    described = titled or honorific or _describes_one_person(apposition)
    if (
        person is None
        and tail
        and entry is None
        and not is_place_name(" ".join(tail))
        and (len(tail) >= 2 or described)
    ):
        gender = HONORIFICS.get(titles[-1].casefold(), "") if honorific else ""
        person = Person(" ".join(tail), "", gender)
    if person is not None and entry is None:
        full_description = f"{description}, {person.descriptor}".strip(", ")
        kind = kind_for_mention(full_description, registry, is_person=True)
        if kind in ("individual", "unknown"):
            # "Kanali 9 director Ilze Kalnina": the body the article introduced decides.
            bodies = [o for o in people.organisations.values() if o.name in full_description]
            kind = bodies[0].kind if bodies and bodies[0].kind != "unknown" else kind
        if honorific and not person.gender:
            person.gender = HONORIFICS[titles[-1].casefold()]
        owner = _OWNER.match(text.strip()) or _OWNER.match(apposition.strip())
        return Mention(
            name=person.name,
            kind=kind,
            is_person=True,
            owner=(owner.group(1) or owner.group(2)).casefold() if owner else "",
            shape_only=kind == "individual"
            and not (described or person.gender or _names_a_person(person.descriptor)),
        )
    name = entry.name if entry is not None else re.sub(r"^(?:the|The)\s+", "", text)
    kind = entry.kind if entry is not None else kind_for_mention(description, registry)
    plural = bool(_GROUP_PLURAL.search(head_word(text))) and entry is None
    definite = entry is None and not tail and bool(_DEFINITE.match(text))
    return Mention(name=name, kind=kind, plural=plural, definite=definite)


def _describes_one_person(apposition: str) -> bool:
    """Whether an apposition says the name before it is one person's: "Mensah, a bus driver,"
    or "Okoro, 54," (a lone surname is no person's name by itself, but this makes it one, a
    "he" or "she")."""
    text = apposition.strip()
    if re.fullmatch(r"\d{1,3}", text):
        return True  # an age: "Okoro, 54,"
    if not _PERSON_APPOSITION.match(text):
        return False
    head = head_word(text)
    # A compound names a person by its last part: "a schoolteacher", "a grandmother".
    return head in _PERSON_NOUNS or any(
        head.endswith(noun) for noun in _PERSON_NOUNS if len(noun) >= 5
    )


def _names_a_person(description: str) -> bool:
    """Whether a description holds a noun for one person: "the agency's director"."""
    return any(singular(word.casefold()) in _PERSON_NOUNS for word in _WORD.findall(description))


_PERSON_APPOSITION = re.compile(r"^(?:a|an|the|his|her|their|its)\s", re.IGNORECASE)
# Singular nouns for one person: a lay role, or a job that a person holds.
_PERSON_NOUNS = frozenset(
    w for w in LAY_HEADS if not w.endswith(("s", "men")) and w != "family"
) | lexicon.words("person_job_nouns")

# "Its director, Halima Yusuf", "The bank's chief economist": a role in a body named before.
_OWNER = re.compile(r"^(?:(it|they)(?:s|ir)|the\s+([a-z]+)['’]s)\s", re.IGNORECASE)

# Capitalised words that end or head a body's name, with "of", "for" and "and" between them.
_BODY_WORDS = (
    r"Centers?|Centres?|Office|Chamber|Institute|University|Ministry|Department|Council|"
    r"Commission|Committee|Bank|Association|Federation|Union|Authority|Agency|Bureau|Board|"
    r"Court|Party|Foundation|Society|League|Service|School|College|Academy|Hospital|"
    r"Organi[sz]ation|Fund|Programme|Program|Network|Alliance|Coalition|Movement|Front|Trust|"
    r"Corporation|Company|Group|Directorate|Inspectorate|Secretariat|Tribunal|Observatory"
)
_CAPITALISED = r"(?:[A-Z][\w'’.&-]*|\d+)"
_BODY_NAME = re.compile(
    rf"(?:[Tt]he\s+)?(?:{_CAPITALISED}\s+){{0,3}}(?:{_BODY_WORDS})\s+(?:of|for|on)\s+(?:the\s+)?"
    rf"{_CAPITALISED}(?:\s+(?:{_CAPITALISED}|and|of|the|for))*"
)
# "Radio Ndjamena", "Television Zimbabwe": an outlet named by what it is, then where.
_MEDIA_NAME = re.compile(
    rf"(?:[Tt]he\s+)?(?:Radio|Television|Channel|TV|Kanal|Kanali|Canal)(?:[\s-]+{_CAPITALISED})+"
    rf"|(?:{_CAPITALISED}\s+)+(?:TV|Radio)"
)
# "Citizens for a Clean River", "Parents Against Vaping": a campaign named by what it is for.
# A title before "for" makes a post instead: "Minister for Foreign Affairs".
_POST_TITLES = lexicon.words("post_titles")
_CAMPAIGN_NAME = (
    rf"(?!(?:{'|'.join(_POST_TITLES)})\b)(?:[A-Z][\w'’-]*\s+){{1,3}}(?:[Ff]or|[Aa]gainst)\s+"
    rf"(?:(?:a|an|the)\s+)?{_CAPITALISED}(?:\s+{_CAPITALISED})*"
)
_CAMPAIGN = re.compile(rf"(?:[Tt]he\s+)?{_CAMPAIGN_NAME}")
_NAMED_AFTER_NOUN = re.compile(
    r"(?<![\w-])(?:group|organi[sz]ation|campaign|coalition|alliance|movement|charity|network)"
    rf"\s+({_CAMPAIGN_NAME})$"
)
# Where a person's affiliation starts after the name: "Priya Raman of Ohio State University".
_AFFILIATION = re.compile(r"\s(?:of|at|from|with)\s")

_ORGANISATION_NOUNS = lexicon.words("organisation_nouns")


def _organisation_name(text: str) -> str:
    """The capitalised name after an organisation noun: "the state news agency SUNA" -> "SUNA"."""
    campaign = _NAMED_AFTER_NOUN.search(text)
    if campaign:
        return campaign.group(1)  # "the group Citizens for a Clean River"
    words = _WORD.findall(text)
    trailing = _trailing_capitalised(words)
    before = words[: len(words) - len(trailing)]
    if trailing and before and singular(before[-1].casefold()) in _ORGANISATION_NOUNS:
        return " ".join(trailing)
    return ""


def _person_part(text: str) -> tuple[list[str], list[str]]:
    """The titles and personal name that end ``text``; none when the capitalised words close a
    prepositional phrase ("officials in Sylhet", "a study in The Lancet")."""
    words = _WORD.findall(text)
    trailing = _trailing_capitalised(words)
    if not trailing:
        return [], []
    before = words[: len(words) - len(trailing)]
    if before and before[-1].casefold() in PREPOSITIONS:
        return [], []
    return name_tail(trailing)


def is_full_name(phrase: str) -> bool:
    """Whether ``phrase`` is only a person's name of two to four words: "Ana Ruiz"."""
    words = phrase.split()
    if not 2 <= len(words) <= 7 or not all(
        _is_capitalised(w) or w in _NAME_PARTICLES for w in words
    ):
        return False
    titles, tail = name_tail(words)
    # Titles may come first: "Dr Ann Lee", "General Idriss Mahamat".
    return 2 <= len(tail) <= 4 and len(titles) <= 3


def _trailing_capitalised(words: list[str]) -> list[str]:
    """The capitalised words (and name particles) that end a phrase."""
    tail: list[str] = []
    for word in reversed(words):
        if _is_capitalised(word) or (tail and word.casefold() in _NAME_PARTICLES):
            tail.insert(0, word)
        else:
            break
    return tail
