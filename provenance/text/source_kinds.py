"""The kind of a source from the words that describe it, when the registry does not know it.

Governments' ministries, missions and embassies are recognised here by pattern ("China's foreign
ministry", "the Chinese embassy in Geneva", "Permanent Mission of Cuba") rather than listed one by
one. The word lists are data: extend them rather than adding rules for particular sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from provenance.text import lexicon

if TYPE_CHECKING:
    from provenance.text.source_registry import SourceEntry


# Words that name a time, never a source: "Friday's tally" is nobody's.
MONTHS = lexicon.words("months")
WEEKDAYS = lexicon.words("weekdays")
RELATIVE_DAYS = lexicon.words("relative_days")
TIME_WORDS = MONTHS | WEEKDAYS | RELATIVE_DAYS


def _country_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    countries: set[str] = set()
    capitals: set[str] = set()
    demonyms: set[str] = set()
    for names, demonym, capital in lexicon.entries("countries"):
        countries.update(names.split("/"))
        capitals.update(capital.split("/"))
        demonyms.update(demonym.split("/"))
    return frozenset(countries), frozenset(capitals), frozenset(demonyms)


COUNTRY_NAMES, CAPITALS, DEMONYMS = _country_words()
PLACE_NAMES = COUNTRY_NAMES | CAPITALS
_PLACE_KEYS = frozenset(p.casefold().replace(".", "") for p in PLACE_NAMES | DEMONYMS)


_PLACE_ALT = lexicon.alternation(PLACE_NAMES)
_NATION_ALT = lexicon.alternation(PLACE_NAMES | DEMONYMS)
_PLACE_ONLY = re.compile(
    rf"^(?:the\s+)?(?:{_PLACE_ALT})(?:['’]s)?(?:\s+and\s+(?:the\s+)?(?:{_PLACE_ALT}))*$"
)
_NAMES_A_PLACE = re.compile(rf"(?<![\w-])(?:{_PLACE_ALT})(?![\w-])")
_NAME_THEN_PLACE = re.compile(
    rf"(?:the\s+)?([A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){{0,3}})\s+(?:{_PLACE_ALT})"
)
# Capitalised words of titles, directions and bodies of state: "Northern Ireland", "Foreign
# Ministry of Japan" are no company's branch.
_NOT_A_BODYS_NAME = frozenset(w.casefold() for w in lexicon.words("not_name_words"))
# Spinners and scrapers lowercase names ("america"); long names are safe to match in any case.
_NAMES_A_PLACE_ANY_CASE = re.compile(
    rf"(?<![\w-])(?:{lexicon.alternation(p for p in PLACE_NAMES if len(p) > 5)})(?![\w-])",
    re.IGNORECASE,
)


def is_place_name(text: str) -> bool:
    """Whether ``text`` (any case) is only a country, demonym or capital: "China", "Beijing"."""
    return text.casefold().replace(".", "").strip() in _PLACE_KEYS


def _words(phrases: Iterable[str]) -> str:
    """A word-boundary alternation of ``phrases`` (their words may be spaced any way)."""
    phrases = [r"\s+".join(phrase.split()) for phrase in phrases]
    return r"(?<![\w-])(?:" + "|".join(sorted(phrases, key=len, reverse=True)) + r")(?![\w-])"


# Who was not named, whatever their job: "spoke on condition of anonymity", "unnamed".
_ANONYMITY = re.compile(
    r"anonymity|anonymous|unnamed|unidentified|not_to_be_(?:named|identified)|"
    r"not_authori[sz]ed_to|declined_to_be_(?:named|identified)|familiar_with|briefed_on|"
    r"with_knowledge_of|close_to_the".replace("_", r"\s+"),
    re.IGNORECASE,
)

DOCUMENT_HEADS = lexicon.words("document_heads")

# Documents that are counts: "the ministry's figures" are the ministry's own account.
COUNTED_HEADS = lexicon.words("counted_heads")

# Heads that name people who were not named: "two officials", "three Western diplomats".
# Only the plural "monitors": a capitalised "Monitor" ends many a watchdog's or paper's name.
ANONYMOUS_HEADS = lexicon.words("anonymous_heads")
# Ordinary people who speak for themselves, unnamed or not.
LAY_HEADS = lexicon.words("lay_heads")
# Other nouns that can head a source's name: "the ministry", "state media", "the spokesman".
SOURCE_NOUNS = lexicon.words("source_nouns")
QUANTIFIERS = lexicon.words("quantifiers")
SOURCE_HEADS = ANONYMOUS_HEADS | DOCUMENT_HEADS | LAY_HEADS | SOURCE_NOUNS
PREPOSITIONS = lexicon.words("prepositions")

# Offices whose holders speak for a state; they decide the kind even with another body named.
_GOVERNMENT_ROLE = re.compile(
    _words(lexicon.entries("government_roles")),
    re.IGNORECASE,
)


def _holds_government_role(text: str, *, now: bool = False) -> bool:
    """A state office in ``text``, unless it only owns the person's own role: "the club
    president's lawyer" is a lawyer. With ``now``, an office that was held or is sought is
    none: "a former minister", "the candidate for governor"."""
    for found in _GOVERNMENT_ROLE.finditer(text):
        if now and _NOT_HELD_NOW.search(text, 0, found.start()):
            continue
        owned = _OWNED_ROLE.match(text, found.end())
        if owned is None or singular(owned.group(1).casefold()) not in LAY_HEADS:
            return True
    return False


_NOT_HELD_NOW = re.compile(
    r"(?:former|ex-|onetime|one-time|candidate\s+for(?:\s+the)?)\s*$", re.IGNORECASE
)
# Who runs for an office: an individual until they hold one ("the opposition candidate").
_CANDIDATE = re.compile(r"(?<![\w-])candidates?(?![\w-])", re.IGNORECASE)


_OWNED_ROLE = re.compile(r"['’]s?\s+(?:[\w-]+\s+)?([\w-]+)")
_NEWS_SITE = re.compile(r"news\s+(?:website|site|portal)", re.IGNORECASE)
# A commissioner of a state or county; the UN's High Commissioner is the UN's.
_COMMISSIONER = re.compile(r"(?<!High\s)(?<![\w-])commissioners?(?![\w-])", re.IGNORECASE)
# People who lead a community without holding a state office: "village leaders".
_COMMUNITY_LEADER = re.compile(
    r"(?<![\w-])(?:village|community|tribal|clan|traditional|local|church|religious)\s+"
    r"(?:leaders?|heads?|elders?|chiefs?)(?![\w-])",
    re.IGNORECASE,
)
_CLINICIAN = re.compile(
    r"(?-i:Dr)\.?\s|" + _words(lexicon.entries("clinician_words")),
    re.IGNORECASE,
)
_RUNS_A_PLACE = re.compile(
    r"(?<![\w-])who\s+(?:runs|heads|manages|directs|works\s+at|leads)\s+(?:[\w'’-]+\s+){0,4}?"
    r"(?:hospital|clinic|surgery|practice)s?(?![\w-])",
    re.IGNORECASE,
)
_UN_TITLE = re.compile(
    r"(?<![\w-])(?:U\.?N\.?|United\s+Nations)(?![\w-])"
    r"|High\s+Commissioner|[Rr]apporteur|Secretary-General|OHCHR",
)
# A state's diplomats and missions, also when the UN is named: "China's ambassador to the UN",
# "Germany's UN ambassador", "the Permanent Mission of Cuba".
_STATE_DIPLOMACY = re.compile(
    rf"(?:(?<![\w-])(?:{_NATION_ALT})(?:['’]s)?\s+(?:\S+\s+){{0,3}}"
    r"(?:ambassador|envoy|mission|delegation|delegate|representative|embassy|consulate|"
    r"diplomatic)(?![\w-])|Permanent\s+Mission|"
    r"(?:ambassador|envoy|mission|embassy|representative)s?\s+"
    rf"(?:of|from)\s+(?:the\s+)?(?:{_PLACE_ALT}))",
    re.IGNORECASE,
)

# Organisation words, tried in order of position in the phrase: the first affiliation named
# decides ("a researcher at a university funded by the ministry" is academic).
_ORGANISATIONS = lexicon.table("organisation_words")
_ORGANISATION_WORDS: tuple[tuple[str, str], ...] = (
    (
        "state_media",
        _words(_ORGANISATIONS["state_media"]),
    ),
    (
        "government",
        _words(_ORGANISATIONS["government"]),
    ),
    # A hospital or clinic is taken as public ("care" is told apart below: a clinician there
    # speaks as an individual). A hospital "system" or "group" is the operator of several, a
    # business with no kind of its own, like a company.
    (
        "care",
        r"(?<![\w-])(?:hospitals?|clinics?)(?!\s+(?:system|group|chain|operator|network))(?![\w-])",
    ),
    # "a unit of London-listed Halden": a company's; "the Special Investigating Unit": a state's.
    ("unknown", r"(?<![\w-])(?-i:unit)(?![\w-])"),
    (
        "government",
        r"(?-i:(?:Investigat\w*|Intelligence|Crimes?|Fraud|Police|Anti-[\w-]+)\s+Unit)",
    ),
    # "the Bank of Korea", "the Reserve Bank of India": a state's central bank ("Bank of America"
    # is a lender).
    (
        "government",
        r"(?<![\w-])(?:Bank|Financial\s+institution)\s+of\s+(?:the\s+)?(?!America)"
        rf"(?:{_PLACE_ALT})",
    ),
    ("un_body", r"(?<![\w-])(?:U\.?N\.?|United\s+Nations)(?![\w-])"),
    # The UN's missions and programmes go by acronyms that start with its own: "UNMISS",
    # "UNAMA"; a few universities' and parties' acronyms start so too.
    ("un_body", r"(?<![\w-])(?-i:(?!UNITA|UNISON|UNAM\b|UNSW|UNLV)UN[A-Z]{2,6})(?![\w-])"),
    (
        "academic",
        _words(_ORGANISATIONS["academic"]),
    ),
    (
        "ngo",
        _words(_ORGANISATIONS["ngo"]),
    ),
    # A lowercase "group" is a campaign's; a capitalised one often a company's ("Adani Group").
    # A capitalised "Watch" ends a monitor's name ("Harbour Watch"); a lowercase one is a verb.
    ("ngo", r"(?<![\w-])(?:(?-i:groups?)|(?-i:Watch))(?![\w-])"),
    (
        "news_media",
        _words(_ORGANISATIONS["news_media"]),
    ),
    (
        "news_media",
        r"(?<![\w-])(?-i:News|Times|Post|Journal|Herald|Tribune|Gazette|Courier|Chronicle|"
        r"Observer|Telegraph|Express|Monitor|Ledger|Dispatch|Examiner|Inquirer|Sentinel)(?![\w-])",
    ),
    # Businesses: no kind of their own, but they keep a word like "agency" or "group" in
    # "a travel agency" or "an investment group" from naming a public body or a charity.
    (
        "unknown",
        _words(_ORGANISATIONS["unknown"]),
    ),
)
# "the national weather service", "the county elections board": a public body by its level.
_PUBLIC_BODY = (
    r"(?<![\w-])(?:national|nationwide|federal|state|county|city|municipal|provincial|regional|district|"
    r"public)\s+(?:(?!news|media|press|television|radio|broadcast)[\w'’-]+\s+){0,3}"
    r"(?:service|board|centre|center|bureau|office|agency|authority|department|council|"
    r"commission|directorate|inspectorate|administration|committee|officer|hospital|workplace|"
    r"headquarters)"
    r"s?(?![\w-])"
)
# "the state railway company", "a state-owned oil firm": a business the state owns speaks as the
# state does.
_STATE_OWNED_BUSINESS = (
    r"(?<![\w-])(?:state|state-owned|state-run|government-owned|government-run|publicly\s+owned|"
    r"nationali[sz]ed)\s+(?:(?!news|media|press|television|radio|broadcast)[\w'’-]+\s+){0,3}"
    r"(?:company|firm|corporation|enterprise|utility|conglomerate|railways?|airline|carrier)"
    r"s?(?![\w-])"
    # A nation's railways are its state's: "Ukrainian Railways", "the national railway".
    rf"|(?<![\w-])(?:national|{_NATION_ALT})\s+railways?(?![\w-])"
)
# A force or coalition a state leads is the states' own: "the U.S.-led coalition", "the
# Saudi-led alliance"; an army's numbered unit is the army's: "the 9th Infantry Brigade", "903rd
# IB".
_STATE_LED_FORCE = (
    rf"(?<![\w-])(?:{_NATION_ALT}|NATO)-led\s+(?:[\w-]+\s+){{0,2}}?"
    r"(?:coalition|alliance|forces?|mission|operation|troops)(?![\w-])"
)
_NUMBERED_UNIT = (
    r"(?<![\w-])\d+(?:st|nd|rd|th)\s+(?-i:(?:[A-Z][\w-]*\s+){0,2}?"
    r"(?:Infantry|Brigade|Battalion|Regiment|Division|Squadron|Fleet|Army|Corps|Airborne|Marines?|"
    r"IB|ID|IBn))(?![\w-])"
)
_ORGANISATION_PATTERNS = tuple(
    (kind, re.compile(p, re.IGNORECASE))
    for kind, p in (
        ("government", _PUBLIC_BODY),
        ("government", _STATE_OWNED_BUSINESS),
        ("government", _STATE_LED_FORCE),
        ("government", _NUMBERED_UNIT),
        *_ORGANISATION_WORDS,
    )
)


def names_an_organisation(word: str) -> bool:
    """Whether a single word names a kind of body: "coastguard", "ministry", "charity"."""
    return any(pattern.fullmatch(word) for _, pattern in _ORGANISATION_PATTERNS[4:])


# "an officer said" hides who spoke; "the county health officer" is a post.
_UNNAMED_ARTICLE = re.compile(
    r"^(?:an?|one|two|three|four|five|several|some|many)\s", re.IGNORECASE
)

# Jobs that tell the kind when no organisation is named. "tutorial" and "educational" are what
# synonym spinners make of "academic".
_ROLES = lexicon.table("role_words")
_ROLE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "academic",
        re.compile(
            _words(_ROLES["academic"]),
            re.IGNORECASE,
        ),
    ),
    (
        "ngo",
        re.compile(
            _words(_ROLES["ngo"]),
            re.IGNORECASE,
        ),
    ),
    (
        "news_media",
        re.compile(
            _words(_ROLES["news_media"]),
            re.IGNORECASE,
        ),
    ),
    (
        "government",
        re.compile(
            _words(_ROLES["government"]),
            re.IGNORECASE,
        ),
    ),
)

_TOKEN = re.compile(r"[\w'’.-]+")


def singular(word: str) -> str:
    """A plural noun's singular, roughly: "ministries" -> "ministry", "groups" -> "group"."""
    if word in SOURCE_HEADS:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def head_word(phrase: str) -> str:
    """The head noun of a noun phrase, casefolded: the last word before a preposition.

    A leading quantifier defers to its complement: the head of "two of the Geneva diplomats"
    is "diplomats".
    """
    words = [w.strip(".'’") for w in _TOKEN.findall(phrase)]
    chunks: list[list[str]] = [[]]
    for written in words:
        word = written.casefold()
        # "WHO" in capitals is the health agency, not a relative pronoun.
        if word in PREPOSITIONS and not written.isupper():
            chunks.append([])
        else:
            chunks[-1].append(word)
    for index, chunk in enumerate(chunks):
        if not chunk:
            continue
        # Words after a source noun modify it: "two diplomats briefed", "people familiar",
        # "sources having knowledge" (a participle opens what is said of the noun before it).
        # A source noun in "-ing" before another word is an adjective: "the ruling MAS".
        nouns: list[str] = []
        for place, word in enumerate(chunk):
            if nouns and word.endswith("ing") and word not in SOURCE_HEADS:
                break
            adjective = word.endswith("ing") and place + 1 < len(chunk)
            if singular(re.sub(r"['’]s$", "", word)) in SOURCE_HEADS and not adjective:
                nouns.append(word)
        head = re.sub(r"['’]s$", "", nouns[-1] if nouns else chunk[-1])
        if head in QUANTIFIERS and index + 1 < len(chunks):
            continue
        return head
    return ""


# Members of an elected assembly: unnamed, they are as anonymous as "officials" (one assembly
# has hundreds); "Senator Maria Vance" is named and speaks for the state.
ASSEMBLY_MEMBERS = lexicon.words("assembly_members")
# Lay people who speak for a body rather than for themselves: its members and its lawyers.
_SPEAK_FOR_A_BODY = lexicon.words("speak_for_a_body")


def _lay_people_somewhere(text: str, head: str) -> bool:
    """Ordinary people described by where they are or belong: "patients at the hospital's
    emergency unit", "residents of the municipality". The place does not make them speak for
    it, as "officials at the ministry" would."""
    if head not in LAY_HEADS or head in _SPEAK_FOR_A_BODY:
        return False
    if re.search(rf"(?<![\w-]){re.escape(head)}\s+{_WHERE}\s", text, re.IGNORECASE):
        return True
    # "a college student", "hospital patients": a body named before the noun says where the
    # people are, not whom they speak for.
    before = re.search(rf"(?<![\w'’-])([A-Za-z][\w-]*)\s+{re.escape(head)}(?![\w'’-])", text)
    return before is not None and names_an_organisation(before.group(1).casefold())


_WHERE = r"(?:at|in|of|from|near|on|inside|outside|around)"


# Titles held only in companies.
_CORPORATE_ROLE = re.compile(
    _words(lexicon.entries("corporate_roles")),
    re.IGNORECASE,
)


# Reports no one is named for: "reports", "news reports", "unconfirmed local media reports".
_UNNAMED_REPORTS = re.compile(
    r"(?:(?:some|several|many|other|earlier|previous|recent|initial|unconfirmed|local|news|"
    r"media|press)\s+)*reports",
    re.IGNORECASE,
)


def _role_kind(text: str) -> str:
    """The kind that a job named in ``text`` tells ("activists", "aid workers"), or ""."""
    return next((kind for kind, pattern in _ROLE_WORDS if pattern.search(text)), "")


def _titled(head: str, text: str) -> bool:
    """Whether ``head`` is capitalised after "the", as in a title: "The Observer" is a paper,
    not someone who observed."""
    return (
        re.search(rf"(?<![\w-])[Tt]he\s+{re.escape(head.capitalize())}(?![\w-])", text) is not None
    )


def _written_lowercase(word: str, text: str) -> bool:
    """Whether ``word`` is written in lower case in ``text`` (an opening capital counts)."""
    found = re.search(rf"(?<![\w-]){re.escape(word)}", text, re.IGNORECASE)
    return found is None or found.start() == 0 or found.group()[0].islower()


def _branch_of_a_body(text: str) -> bool:
    """A body's name followed by a country, its branch there: "Equifax UK", "Acme India".
    A place named by words that are not a body's ("Northern Ireland", "South Sudan") is none."""
    found = _NAME_THEN_PLACE.fullmatch(text)
    if found is None or is_place_name(found.group(1)):
        return False
    return not any(word.casefold() in _NOT_A_BODYS_NAME for word in found.group(1).split())


def names_a_place(text: str) -> bool:
    """Whether a country or capital is named anywhere in ``text``."""
    return bool(_NAMES_A_PLACE.search(text) or _NAMES_A_PLACE_ANY_CASE.search(text))


# People as the public: no number, no job, nothing said of whom they know or work for. "Two
# people" and "people familiar with the talks" are unnamed sources.
_LAY_CROWD = re.compile(
    r"(?:(?:many|most|some|other|local|ordinary|young|older|frightened|angry)\s+)*people",
    re.IGNORECASE,
)
# Workers of the bodies that answer a disaster, unnamed: they speak as "officials" do.
_RELIEF_WORKERS = re.compile(
    r"(?<![\w-])(?:aid|relief|rescue|humanitarian)\s+workers?(?![\w-])", re.IGNORECASE
)


# People who speak for a body by their role, named or not: they take the body's kind.
_SPOKESPERSON = frozenset(("spokesman", "spokeswoman", "spokesperson"))
_SPOKESPEOPLE = _SPOKESPERSON | {"spokespeople", "spokesmen", "spokeswomen"}
# Posts that speak for a body, a spokesperson's and its officers': "the party's chairman".
_OFFICER = _words(lexicon.words("officer_roles"))
# "Halvard spokesman Ian Roe", "a spokeswoman for Kestrel", "PDP state chairman Ana Obi",
# "spokesperson of the 9th Brigade": the capitalised word that names the body a spokesperson or
# an officer speaks for.
_SPOKESPERSON_OF = re.compile(
    rf"(?<![\w'’-])([A-Z][\w&.'’-]*?)(?:['’]s)?\s+(?:(?:state|national|deputy|vice)\s+)?"
    rf"(?i:{_OFFICER})"
    rf"|(?i:{_OFFICER})\s+(?:for|of|at|with)\s+(?:the\s+)?(?:\d+(?:st|nd|rd|th)\s+)?"
    r"([A-Z][\w&.'’-]*)"
)
_SPEAKS_FOR_A_BODY_BY_POST = re.compile(_OFFICER, re.IGNORECASE)


def is_spokesperson(name: str) -> bool:
    """Whether the mention is one spokesperson, named or not: a person who speaks for a body
    by their role, and so takes the body's kind even when the text keeps them unnamed."""
    return head_word(name) in _SPOKESPERSON


# Possessive pronouns before a post say whose it is, not which body: "his spokesman".
_POSSESSIVE_PRONOUNS = frozenset(("his", "her", "its", "their", "our", "my", "your"))
# A title of state followed by the body it is held in: "president and chief executive of X".
_HELD_IN = re.compile(
    r"(?:\s*,?\s+(?:and|&)\s+(?:[\w-]+\s+){0,2}?[\w-]+)?\s+(?:of|at|with)\s+", re.IGNORECASE
)
# Titles of state that other bodies give too: a university's chancellor, a charity's president.
_TITLES_OUTSIDE_THE_STATE = re.compile(
    _words(lexicon.entries("titles_outside_the_state")), re.IGNORECASE
)
_END_OF_A_NAME = re.compile(r",|;|\s(?:who|which|that|and)\s")
# The word after a registry hit, and the words an outlet called "The Independent" is named by.
_NEXT_WORD = re.compile(r"[\w'’.-]+\s+([\w'’-]+)")
_THE_ONE_WORD = re.compile(r"The\s+[\w'’-]+")


def _ordinary_word(text: str, offset: int, entry: SourceEntry) -> bool:
    """Whether a hit of an outlet named "The <word>" is only that word used as a word: part of
    a longer name ("the Independent Electoral Commission", "the Atlantic Council") or opening the
    phrase before a lowercase one ("Independent researchers")."""
    if not _THE_ONE_WORD.fullmatch(entry.name):
        return False
    following = _NEXT_WORD.match(text, offset)
    if following is None:
        return False
    return following.group(1)[0].isupper() or (offset == 0 and following.group(1)[0].islower())


_KNOWN = 10_000  # a registry name is the most specific match that can start at its place


def _affiliations(
    text: str, find_known: Callable[[str], list[tuple[int, SourceEntry]]] | None
) -> list[str]:
    """The kinds of the bodies named in ``text``, by registry name or by what they are, the first
    named first: the first affiliation decides ("a researcher at a university funded by the
    ministry" is academic). Of two that start at one place the longer, more specific, match
    comes first: "the Institute of Forensic Medicine" is a forensic institute before an
    institute."""
    hits: list[tuple[int, int, str]] = []
    if find_known is not None:
        hits.extend(
            (offset, -_KNOWN, entry.kind)
            for offset, entry in find_known(text)
            if not _ordinary_word(text, offset, entry)
        )
    fields = _FIELD_OF_AN_EXPERT.sub(lambda m: " " * len(m.group(1)) + m.group(2), text)
    for kind, pattern in _ORGANISATION_PATTERNS:
        found = pattern.search(fields)
        if found:
            hits.append((found.start(), found.start() - found.end(), kind))
    return [kind for _, _, kind in sorted(hits)]


# Lowercase words before "expert" name a field, not a body: a "public health expert" or a
# "disaster management specialist" speaks for no ministry (a "UN expert" is the UN's).
_FIELD_WORD = r"(?!(?:and|or|the|an?|of|at|for|in|with|from|by|to)\s)[a-z][\w-]*"
_FIELD_OF_AN_EXPERT = re.compile(
    rf"(?<![\w-])({_FIELD_WORD}(?:\s+{_FIELD_WORD}){{0,2}})"
    r"(\s+(?:expert|experts|specialist|specialists)(?![\w-]))"
)


def _kind_of_the_body_a_title_is_held_in(
    text: str, find_known: Callable[[str], list[tuple[int, SourceEntry]]] | None
) -> str:
    """The kind of a body that is no state's in which a title of state is held: "the president
    of the Red Cross" speaks for the Red Cross ("ngo"); "" when no such body is named."""
    for found in _TITLES_OUTSIDE_THE_STATE.finditer(text):
        held = _HELD_IN.match(text, found.end())
        if held is None:
            continue
        body = _END_OF_A_NAME.split(text[held.end() :], maxsplit=1)[0]
        kinds = _affiliations(body, find_known)
        if kinds and kinds[0] not in ("government", "care"):
            return kinds[0]
    return ""


def _kind_of_a_spokespersons_body(text: str, kinds: list[str], *, unnamed: bool) -> str:
    """The kind of the body a spokesperson speaks for, named or not: a body of a known kind,
    a state ("a Haitian government spokesperson", "the Kenyan spokesman"), or a body named
    but of no kind the words tell ("Halvard spokesman Ian Roe": "unknown"); "" when no body is
    named."""
    if kinds and kinds[0] != "care" and not (unnamed and kinds[0] == "unknown"):
        return kinds[0]
    for found in _SPOKESPERSON_OF.finditer(text):
        word = (found.group(1) or found.group(2)).rstrip(".")
        if is_place_name(word):
            return "government"
        if word.casefold() in _POSSESSIVE_PRONOUNS:
            continue
        if word.casefold() not in _NOT_A_BODYS_NAME and not unnamed:
            return "unknown"
    return ""


def _document_of_a_known_body(
    text: str, head: str, find_known: Callable[[str], list[tuple[int, SourceEntry]]] | None
) -> bool:
    """A known body's name before a capitalised document word, as headlines write it: "UN
    Report", "Amnesty International Study" (a "Washington Post" names no known body)."""
    found = re.fullmatch(
        rf"(?:(?:the|an?)\s+)?(.+?)(?:['’]s)?\s+{re.escape(head)}", text.strip(), re.IGNORECASE
    )
    if found is None or find_known is None:
        return False
    body = found.group(1)
    key = body.casefold().replace(".", "")
    return any(
        offset == 0 and key in {a.casefold().replace(".", "") for a in (e.name, *e.aliases)}
        for offset, e in find_known(body)
    )


_THE_CHIEF = re.compile(r"the\s+chief\s", re.IGNORECASE)
# "the ruling APC", "the ruling Kestrel Front": "ruling" before a name says it is a party.
_RULING_NAME = re.compile(r"(?:the\s+)?ruling\s+(?-i:[A-Z])", re.IGNORECASE)

# The political opposition: parties and their people, never a state's body or a charity.
_OPPOSITION = re.compile(r"(?<![\w-])(?:pro-)?opposition(?![\w-])", re.IGNORECASE)


def kind_from_description(
    text: str,
    *,
    has_person_name: bool,
    find_known: Callable[[str], list[tuple[int, SourceEntry]]] | None = None,
) -> str:
    """The kind of a source from the phrase that names or describes it.

    ``text`` is the mention with its title and apposition ("Ana Ruiz, Chile's deputy foreign
    minister"); ``find_known`` finds registry sources inside it, so an affiliation such as
    "Human Rights Watch" decides the kind of its researcher.
    """
    kind = _kind_from_wording(text, has_person_name=has_person_name, find_known=find_known)
    if kind in ("government", "ngo") and _OPPOSITION.search(text):
        # "opposition activists" are partisans, "the opposition Coordination Council" a party's
        # body; an opposition member who holds an office ("opposition MP") keeps it.
        if kind == "government" and _holds_government_role(text):
            return kind
        person = has_person_name or head_word(text) in _ROLE_HEADS
        return "individual" if person else "unknown"
    return kind


_ROLE_HEADS = frozenset(w for words in _ROLES.values() for w in words) | LAY_HEADS


def _kind_from_wording(
    text: str,
    *,
    has_person_name: bool,
    find_known: Callable[[str], list[tuple[int, SourceEntry]]] | None,
) -> str:
    head = head_word(text)
    if _ANONYMITY.search(text) and not has_person_name:
        # "a government spokesperson who asked not to be named" speaks for the government; other
        # people who are not named are anonymous, whoever employs them.
        if head in _SPOKESPEOPLE:
            kinds = _affiliations(text, find_known)
            return _kind_of_a_spokespersons_body(text, kinds, unnamed=True) or "anonymous"
        return "anonymous"
    named = text.split(",")[0].strip()
    if _PLACE_ONLY.match(named) and (not has_person_name or len(named.split()) > 1):
        # "Italy, one of the mission's largest contributors": a state named by its name speaks
        # as its government, whatever the apposition says of it ("Sofia, 24, a student" may be
        # a person's first name; "Puerto Rico" is none).
        return "government"
    if _UNNAMED_REPORTS.fullmatch(text.strip()):
        # "reports said", "local media reports": unnamed reports are the press speaking.
        return "news_media"
    # A capitalised head is part of a name: "the U.S. Geological Survey" is no survey.
    if (
        head in DOCUMENT_HEADS
        and not _NEWS_SITE.search(text)
        and (_written_lowercase(head, text) or _document_of_a_known_body(text, head, find_known))
    ):
        return "document"
    if _STATE_DIPLOMACY.search(text):
        return "government"
    if _LAY_CROWD.fullmatch(text.strip()):
        return "individual"  # "people said", "local people": the public, not unnamed sources
    # "the county health officer", "the chief EU observer": one post, held for a body.
    is_post = (head == "officer" and not _UNNAMED_ARTICLE.match(text.strip())) or (
        _THE_CHIEF.match(text.strip()) is not None and not head.endswith("s")
    )
    unnamed = head in ANONYMOUS_HEADS or head in ASSEMBLY_MEMBERS
    if unnamed and not has_person_name and not is_post and not _titled(head, text):
        return "anonymous"
    if _RELIEF_WORKERS.search(text) and not has_person_name:
        # "aid workers said": unnamed people of bodies that are not named, as "officials" are
        return "anonymous"
    if _COMMUNITY_LEADER.search(text):
        return "individual"
    if (
        _CANDIDATE.search(text)
        and (has_person_name or singular(head) == "candidate")
        and not _holds_government_role(text, now=True)
    ):
        # "Ana Obi, the party's candidate for governor": a candidate speaks for themselves.
        return "individual"
    if _holds_government_role(text):
        if _lay_people_somewhere(text, head):
            # "supporters of the president", "relatives of the minister": the office is held
            # by someone they are close to, not by them.
            return _role_kind(text) or "individual"
        return _kind_of_the_body_a_title_is_held_in(text, find_known) or "government"
    if _UN_TITLE.search(text):
        return "un_body"
    if _COMMISSIONER.search(text):
        return "government"
    if has_person_name and _CLINICIAN.search(text) and _RUNS_A_PLACE.search(text):
        # "Dr Ose, who runs the district hospital": a doctor who says where they work, with no
        # public post, speaks as a doctor.
        return "individual"
    hits = _affiliations(text, find_known)  # the kinds of the bodies named, the first first
    if hits and _lay_people_somewhere(text, head):
        # "Patients at the county hospital": the body says where they are, not whom they speak
        # for; a job may still say it ("aid workers at the state clinic").
        return _role_kind(text) or "individual"
    if hits and hits[0] == "care":
        # "Dr Ann Lee, a paediatrician at the city hospital" speaks as a doctor.
        return "individual" if _CLINICIAN.search(text) else "government"
    if _RULING_NAME.match(text.strip()) and (not hits or hits[0] in ("ngo", "unknown")):
        # "the ruling APC", "the ruling Unity Alliance": a party or a coalition of parties.
        return "unknown"
    if hits and hits[0] != "unknown":
        return hits[0]
    if has_person_name and head == "official" and not hits:
        # "transport official Mira Sand": an official the article names holds a public post.
        return "government"
    if _CORPORATE_ROLE.search(text):
        # "CEO Dana Wells": whoever speaks for a company by their role takes its kind.
        return "unknown"
    # A company says nothing of its people's kind; their job may ("an analyst at Citi").
    for kind, pattern in _ROLE_WORDS:
        found = pattern.search(text)
        if found and (not hits or has_person_name or head in found.group().casefold().split()):
            return kind
    if hits:
        # "Tom Reyes, a company spokesman": a business's spokesperson takes its kind.
        speaks_for_it = hits[0] == "unknown" and _SPEAKS_FOR_A_BODY_BY_POST.search(text)
        return "individual" if has_person_name and not speaks_for_it else "unknown"
    spokesperson_for = _kind_of_a_spokespersons_body(text, hits, unnamed=False)
    if spokesperson_for:
        return spokesperson_for
    if head in LAY_HEADS or has_person_name:
        return "individual"
    if _branch_of_a_body(text.strip()):
        return "unknown"
    if _PLACE_ONLY.match(text.strip()) or names_a_place(text):
        return "government"
    if _UNNAMED_ARTICLE.match(text.strip()) and not has_person_name and head not in SOURCE_HEADS:
        return "anonymous"  # "a former referee": a person the article does not name
    return "unknown"
