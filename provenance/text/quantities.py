"""Quantities in a claim as intervals, keyed by what is counted.

A reported number is rarely exact: "nearly 500" means just below 500, "at least 2,000" is open
above, "as many as 300" is an upper bound and "dozens" is somewhere between two dozen and a
hundred. Each quantity becomes an interval so that two claims contradict on numbers only when
their intervals cannot overlap.

Which counted things can be compared is decided in one place: ``canonical_counted`` (the
singular head noun, mapped through ``COUNTED_SYNONYMS``) and ``comparable``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from provenance.text import lexicon

# Words, numbers (with an attached suffix such as "th", "bn" or "km") and single symbols, each
# with its offsets. Dotted acronyms ("U.N.") and times ("10:30") need no special token here.
_TOKEN = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)*)(?P<suffix>[A-Za-z]+)?"
    r"|(?P<word>[A-Za-z]+(?:['’][A-Za-z]+)?)"
    r"|(?P<sym>\S)"
)
_MAY_HOLD_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty|"
    r"hundreds?|thousands?|millions?|billions?|trillion|dozens?|scores|handful|tens|half|"
    r"thirds?|quarters?|fifths?|tenths?|most|majority|minority|(?:almost|nearly|virtually)\s+all|"
    r"couple|a\s+few|several)\b",
    re.I,
)
_VALID_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_TIME_AFTER = re.compile(r"\s*(?::\d\d|[ap]\.?m\b\.?|gmt\b|utc\b|o['’]clock\b|hrs\b)", re.I)


_UNITS = lexicon.table("number_units")
_SCALES = lexicon.table("scales")
# Suffixes glued to digits: "5bn", "20k". A bare "m" means million only after a currency sign.
_SUFFIX_SCALES = lexicon.table("suffix_scales")
_SUFFIX_UNITS = lexicon.table("suffix_units")
_CURRENCIES = lexicon.table("currencies")

# Plural number words: the interval a reader takes from "dozens" or "hundreds".
_VAGUE = lexicon.table("vague")
# "tens of thousands", "hundreds of thousands", "tens of millions"...
_VAGUE_MULTIPLES = {"tens": (20.0, 99.0), "hundreds": (200.0, 999.0)}
# Vague amounts that multiply a scale word: "several hundred", "a few thousand".
_FEW = {"several": (3.0, 9.0), "few": (2.0, 5.0)}
# Small vague amounts after "a": "a handful of", "a couple of", "a few".
_SMALL_VAGUE = lexicon.table("small_vague")

# Shares of a whole, read as percentages of it. A fraction said in words is loose ("a third"
# of a harvest is not 33.3% exactly), so it carries a rounding of ten points.
_FRACTIONS = lexicon.table("fractions")
_FRACTION_ROUNDING = 10.0
# "most", "the majority of": more than half; "a minority of": less than half.
_SHARE_WORDS = lexicon.table("share_words")
# Words after which "most" is a superlative ("the most", "at most"), not a share.
_NOT_SHARE_BEFORE = lexicon.words("not_share_before")
# Determiners between "of" and the noun of a partitive or a share: "two of the defendants".
_PARTITIVE_DETERMINERS = lexicon.words("partitive_determiners")

# Qualifiers before a number, longest first, with what they do to the value N.
_BEFORE = lexicon.phrase_table("qualifiers_before")
_BEFORE_LONGEST = max(len(k) for k in _BEFORE)
# One-word loose qualifiers ("about", "some"), which may stand inside a range's ends.
_LOOSE_BEFORE = frozenset(k for k, kind in _BEFORE.items() if kind == "approx" and len(k) == 1)
_AFTER = lexicon.phrase_table("qualifiers_after")
# Measures, unlike counts of things, are stated rounded to their last digit.
_ROUNDED_MEASURES = lexicon.words("rounded_measures")
# What a multiple counts ("70 times the official toll", "three times as many"): a ratio to
# another figure, never a count to set against one.
_RATIOS = frozenset(["time", "fold"])
# Scales a figure is read on rather than things it counts.
_MEASURE_WORDS = frozenset(["magnitude"])
# What may stand between a scale's name and its figure: "magnitude-6.1", "the magnitude at 6.5".
_MEASURE_LINKS = frozenset(["-", "–", "at", "of"])
_APPROX_SPREAD = 0.15  # "about 500" reads as 425–575
_BELOW_SPREAD = 0.10  # "nearly 500" reads as 450 up to, not including, 500

# Words before a number that make it a label rather than a count.
_LABEL_WORDS = lexicon.words("label_words")
_MONTHS = lexicon.words("months") | lexicon.words("month_abbreviations")
# Words that stop "one" being a count: "no one", "each one".
_NOT_ONE = lexicon.words("not_one")
# A bare number followed by one of these counts people ("40 dead", "12 injured").
_PEOPLE_STATES = lexicon.words("people_states")
# Words after which a number counts deaths even when no noun follows ("the toll rose to 40").
_TOLL_WORDS = frozenset(["toll", "tolls"])
# Words that end a noun phrase: the counted noun is never found past them.
_PHRASE_END = lexicon.words("phrase_end")
_IRREGULAR_PLURALS = lexicon.table("irregular_plurals")
# Words between a number and its noun that are never the noun itself.
_MODIFIERS = _PEOPLE_STATES | lexicon.words("number_modifiers")
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ous")

# Comparability rules, in one place. Counted nouns are compared on their canonical form:
# generic words for a headcount of people are one thing ("people"); role nouns that name a
# subset of people (civilians, soldiers, children, women, police) stay apart, because
# "300 people died" and "40 civilians died" can both be true. Units are merged with their
# abbreviations and spellings.
COUNTED_SYNONYMS = lexicon.table("counted_synonyms")
_UNIT_CONVERSIONS = lexicon.table("unit_conversions")


@dataclass(frozen=True)
class Quantity:
    """A number in a claim as an interval; ``None`` on a side means unbounded there."""

    value_low: float | None
    value_high: float | None
    low_inclusive: bool
    high_inclusive: bool
    counted: str
    text: str
    start: int
    end: int
    # How it was said: the value named, and "" (plain), "vague" or the qualifier kind
    # ("approx", "below", "min", "above", "max", "under"). Two claims state the same figure
    # when they name the same value in the same way, however wide its interval.
    said: float = 0.0
    qualifier: str = ""
    # What a share is a share of ("teachers" in "a third of the teachers"), and whether a count
    # picks some out of a group ("two of the defendants"): such counts are subsets.
    population: str = ""
    partitive: bool = False
    # The figure a change is told from, as said: 64 in "raised the toll from 64 to 2,975"
    # (the quantity itself is the figure it came to).
    earlier: float | None = None
    # The state the counted people are said to be in, right after the figure or its noun:
    # "missing" in "another 58 people missing", "injured" in "1,402 injured".
    state: str = ""

    def overlaps(self, other: Quantity) -> bool:
        """Whether some value lies in both intervals."""
        return _lies_below(self, other) is False and _lies_below(other, self) is False

    def describe(self) -> str:
        """The interval in words, counting in whole units when the bounds are whole."""
        low, high = self.value_low, self.value_high
        whole = all(v is None or float(v).is_integer() for v in (low, high))
        if whole and low is not None and not self.low_inclusive:
            low, low_inclusive = low + 1, True
        else:
            low_inclusive = self.low_inclusive
        if whole and high is not None and not self.high_inclusive:
            high, high_inclusive = high - 1, True
        else:
            high_inclusive = self.high_inclusive
        if low is not None and high is not None:
            if low == high:
                return _format_number(low)
            return f"{_format_number(low)}–{_format_number(high)}"
        if low is not None:
            return (
                f"{_format_number(low)} or more" if low_inclusive else f"over {_format_number(low)}"
            )
        if high is not None:
            return (
                f"up to {_format_number(high)}"
                if high_inclusive
                else f"under {_format_number(high)}"
            )
        return "any number"


def _lies_below(a: Quantity, b: Quantity) -> bool:
    """Whether all of ``a`` lies strictly below all of ``b``."""
    if a.value_high is None or b.value_low is None:
        return False
    if a.value_high < b.value_low:
        return True
    return a.value_high == b.value_low and not (a.high_inclusive and b.low_inclusive)


def _format_number(value: float) -> str:
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def comparable(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities count the same kind of thing (see ``COUNTED_SYNONYMS``).

    Shares are comparable only as shares of the same whole, when both name it; multiples
    ("N times") are ratios and compare with nothing.
    """
    if not a.counted or a.counted != b.counted or a.counted in _RATIOS:
        return False
    return not (a.population and b.population and a.population != b.population)


def same_figure(a: Quantity, b: Quantity) -> bool:
    """Whether two comparable quantities name the same value said the same way.

    "Some 40,000" and "about 40,000" are one figure; "nearly 500" and "about 450" are two
    figures that merely overlap, and "at least 40" is not "40".
    """
    loose = {"", "approx"}
    if a.qualifier != b.qualifier and not (a.qualifier in loose and b.qualifier in loose):
        return False
    return math.isclose(a.said, b.said, rel_tol=1e-3)


@lru_cache(maxsize=8192)
def canonical_counted(noun: str) -> str:
    """The singular, lower-case head noun, mapped to its comparable form."""
    word = noun.lower()
    if word in COUNTED_SYNONYMS:
        return COUNTED_SYNONYMS[word]
    return COUNTED_SYNONYMS.get(singular(word), singular(word))


@lru_cache(maxsize=8192)
def singular(word: str) -> str:
    """A light singular form: "countries" -> "country", "villagers" -> "villager"."""
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(_NOT_PLURAL_ENDINGS):
        return word[:-1]
    return word


def _looks_plural(word: str) -> bool:
    return word in _IRREGULAR_PLURALS or singular(word) != word


@dataclass(slots=True)
class _Token:
    text: str  # lower case
    start: int
    end: int
    kind: str  # num, word or sym
    suffix: str = ""


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup if m.lastgroup != "suffix" else "num"
        suffix = (m.group("suffix") or "").lower()
        value = m.group("num") if kind == "num" else m.group(0).lower()
        tokens.append(_Token(value, m.start(), m.end(), kind, suffix))
    return tokens


@dataclass(slots=True)
class _Core:
    """A parsed number before qualifiers: its range, the tokens it spans and how it was said."""

    low: float
    high: float
    first: int
    last: int  # index of the last token used
    vague: bool = False  # "dozens", "hundreds of": counted noun follows "of"
    label: bool = False  # a year, date, time, code or ordinal: not a quantity
    rounding: float = 0.0  # the unit of the last digit said, for measures such as percent
    share: bool = False  # a fraction or share in words, measured in percent of a whole
    earlier: float | None = None  # the figure a change is told from: 40 in "from 40 to 300"


def extract_quantities(text: str) -> list[Quantity]:
    """All counted quantities in ``text``, in order, with offsets into ``text``."""
    if not _MAY_HOLD_NUMBER.search(text):
        return []  # most sentences: skip tokenising
    tokens = _tokenize(text)
    quantities: list[Quantity] = []
    i = 0
    while i < len(tokens):
        core = _parse_range(text, tokens, i)
        if core is None:
            i += 1
            continue
        i = core.last + 1
        if core.label:
            continue
        quantity = _qualify(text, tokens, core)
        if quantity is not None:
            quantities.append(_in_compared_unit(quantity))
    return quantities


def _in_compared_unit(quantity: Quantity) -> Quantity:
    """``quantity`` in the unit figures of its kind are compared in: miles as kilometres."""
    if quantity.counted not in _UNIT_CONVERSIONS:
        return quantity
    unit, factor = _UNIT_CONVERSIONS[quantity.counted]
    low, high = quantity.value_low, quantity.value_high
    return replace(
        quantity,
        counted=unit,
        value_low=None if low is None else low * factor,
        value_high=None if high is None else high * factor,
        said=quantity.said * factor,
        earlier=None if quantity.earlier is None else quantity.earlier * factor,
    )


def _parse_range(text: str, tokens: list[_Token], i: int) -> _Core | None:
    """A number, or a range of two: "between 20 and 30", "20-30", "20 to 30", "two or three"."""
    first = _parse_number(text, tokens, i)
    if first is None or first.label:
        return first
    j = first.last + 1
    if j + 1 >= len(tokens):
        return first
    joiner = tokens[j].text
    opened_at = i - 1
    if opened_at > 0 and (tokens[opened_at].text,) in _LOOSE_BEFORE:
        opened_at -= 1  # "between about 800 and 8,500": the range is still opened by "between"
    opened_by = tokens[opened_at].text if opened_at >= 0 else ""
    is_range = (
        # "rose by 90 to 260", "led by 45% to 38%": a change and the figure it came to, or a
        # score of two; never one range.
        (joiner in ("-", "–", "to") and opened_by not in ("from", "by"))
        or (joiner == "and" and opened_by == "between")
        or (joiner == "or" and not first.vague)
    )
    if joiner == "to" and opened_by == "from":
        # "rose from 40 to 300": the earlier figure is history, the claim is the second.
        second = _parse_number(text, tokens, j + 1)
        if second is not None and not second.label:
            return replace(second, earlier=(first.low + first.high) / 2)
        return first
    if not is_range:
        return first
    if joiner in ("-", "–") and tokens[j].start != tokens[first.last].end:
        return first  # "40 - a figure" is punctuation, not a range
    after_joiner = j + 1
    if after_joiner + 1 < len(tokens) and (tokens[after_joiner].text,) in _LOOSE_BEFORE:
        after_joiner += 1  # "between 800 and about 8,500"
    second = _parse_number(text, tokens, after_joiner)
    if second is None or second.label:
        return first
    # A range states its ends, so rounding ("3 million" is 2.5 to 3.5 million) does not apply.
    low = (first.low + first.high) / 2 if not first.vague else first.low
    high = (second.low + second.high) / 2 if not second.vague else second.high
    if second.low >= 1000 and low < 1000 and second.low / max(low, 1) >= 100:
        # "between 2 and 3 million": the scale word is said once, for both ends.
        low *= 10 ** math.floor(math.log10(second.low / max(low, 1)))
    if low > high:
        return first
    begin = opened_at if joiner == "and" else first.first  # the text starts at "between"
    return _Core(low, high, begin, second.last, second.vague)


def _parse_number(text: str, tokens: list[_Token], i: int) -> _Core | None:
    token = tokens[i]
    if token.kind == "num":
        return _parse_digits(text, tokens, i)
    if token.kind != "word":
        return None
    word = token.text
    share = _parse_share(tokens, i)
    if share is not None:
        return share
    if word in _VAGUE or word in _VAGUE_MULTIPLES:
        return _parse_vague(tokens, i)
    if word in ("a", "an") and i + 1 < len(tokens):
        nxt = tokens[i + 1].text
        if nxt == "few" and i + 2 < len(tokens) and tokens[i + 2].text in _SCALES:
            return _scaled_few(tokens, i, "few", i + 2)
        if nxt in _SMALL_VAGUE:
            low, high = _SMALL_VAGUE[nxt]
            return _Core(low, high, i, i + 1, vague=True)
        if nxt in _SCALES or nxt == "dozen":
            return _parse_words(tokens, i)
        return None
    if word == "several" and i + 1 < len(tokens) and tokens[i + 1].text in _SCALES:
        return _scaled_few(tokens, i, "several", i + 1)
    if word == "several" and _starts_noun(tokens, i + 1):
        return _Core(*_FEW["several"], i, i, vague=True)
    if word == "half" and i + 2 < len(tokens) and tokens[i + 1].text in ("a", "an"):
        scale = tokens[i + 2].text
        factor = _SCALES.get(scale) or (12 if scale == "dozen" else None)
        if factor:
            return _Core(factor / 2, factor / 2, i, i + 2)
    if word in _UNITS or word in _SCALES or word == "dozen":
        return _parse_words(tokens, i)
    return None


def _parse_share(tokens: list[_Token], i: int) -> _Core | None:
    """A share of a whole in words: "a third of", "two-thirds of", "half the", "nine in ten",
    "most", "the majority of". Its value is in percent."""
    word = tokens[i].text
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
    previous = tokens[i - 1].text if i > 0 else ""
    if word in _SHARE_WORDS:
        if word == "most" and (previous in _NOT_SHARE_BEFORE or not _starts_noun(tokens, i + 1)):
            return None
        if word != "most" and nxt != "of":
            return None
        low, high = _SHARE_WORDS[word]
        return _Core(low, high, i, i, vague=True, share=True)
    if (
        word == "all"
        and previous in ("almost", "nearly", "virtually")
        and _starts_noun(tokens, i + 1)
    ):
        return _Core(100.0, 100.0, i, i, share=True)
    if (
        word in ("half", "halves")
        and nxt in ("of", "the", "its", "their")
        and previous
        not in (
            "first",
            "second",
            "last",
            "other",
        )
    ):
        return _Core(50.0, 50.0, i, i, rounding=_FRACTION_ROUNDING, share=True)
    numerator = 1.0 if word in ("a", "one") else _UNITS.get(word)
    if numerator is None:
        return None
    j = i + 1
    if j < len(tokens) and tokens[j].text == "-":
        j += 1
    if j + 1 < len(tokens) and tokens[j].text in _FRACTIONS and tokens[j + 1].text == "of":
        value = numerator * _FRACTIONS[tokens[j].text]
        if value <= 100:
            return _Core(value, value, i, j, rounding=_FRACTION_ROUNDING, share=True)
    if (
        word != "a"
        and j + 1 < len(tokens)
        and tokens[j].text in ("in", "out")
        and tokens[i + 1].text != "-"
    ):
        k = j + 2 if tokens[j].text == "out" and tokens[j + 1].text == "of" else j + 1
        whole = _UNITS.get(tokens[k].text) if k < len(tokens) else None
        if whole is None and k < len(tokens) and tokens[k].text in ("100", "1,000", "1000"):
            whole = float(tokens[k].text.replace(",", ""))
        if whole and numerator < whole and _starts_noun(tokens, k + 1):
            value = 100 * numerator / whole
            return _Core(value, value, i, k, rounding=_FRACTION_ROUNDING, share=True)
    return None


def _starts_noun(tokens: list[_Token], j: int) -> bool:
    """Whether a plural noun or "of" follows: "most voters", "most of the", "nine in ten adults"."""
    if j >= len(tokens) or tokens[j].kind != "word":
        return False
    if tokens[j].text == "of":
        return True
    return any(_looks_plural(word) for word in _phrase_words(tokens, j))


def _scaled_few(tokens: list[_Token], i: int, few: str, scale_at: int) -> _Core:
    low, high = _FEW[few]
    scale = _SCALES[tokens[scale_at].text]
    return _Core(low * scale, high * scale, i, scale_at, vague=True)


def _parse_vague(tokens: list[_Token], i: int) -> _Core | None:
    """ "dozens", "hundreds", "tens of thousands", "hundreds of millions"."""
    word = tokens[i].text
    if (
        word in _VAGUE_MULTIPLES
        and i + 2 < len(tokens)
        and tokens[i + 1].text == "of"
        and tokens[i + 2].text in ("thousands", "millions", "billions")
    ):
        low, high = _VAGUE_MULTIPLES[word]
        scale = _SCALES[tokens[i + 2].text[:-1]]
        return _Core(low * scale, high * scale + (scale - 1), i, i + 2, vague=True)
    if word not in _VAGUE:
        return None
    low, high = _VAGUE[word]
    return _Core(low, high, i, i, vague=True)


def _parse_words(tokens: list[_Token], i: int) -> _Core | None:
    """Spelled-out numbers: "forty-five", "three hundred and twenty", "a million", "two dozen"."""
    total = current = 0.0
    seen = False
    j = i
    last = i
    while j < len(tokens):
        word = tokens[j].text
        if word in ("a", "an") and not seen:
            current = 1.0
        elif word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word == "hundred":
            current = max(current, 1.0) * 100
            seen = True
        elif word == "dozen":
            current = max(current, 1.0) * 12
            seen = True
        elif word in _SCALES:
            total += max(current, 1.0) * _SCALES[word]
            current = 0.0
            seen = True
        elif word in ("and", "-") and seen and j + 1 < len(tokens) and tokens[j + 1].text in _UNITS:
            j += 1
            continue
        elif (
            word == "and"
            and seen
            and j + 3 < len(tokens)
            and [t.text for t in tokens[j + 1 : j + 3]] == ["a", "half"]
            and (tokens[j + 3].text in _SCALES or tokens[j + 3].text == "dozen")
        ):
            current += 0.5  # "one and a half million"
            j += 3
            continue
        else:
            break
        last = j
        j += 1
    if not seen:
        return None
    value = total + current
    if value == 1 and (
        (i > 0 and tokens[i - 1].text in _NOT_ONE)
        or (last + 1 < len(tokens) and tokens[last + 1].text in ("of", "another", "day"))
    ):
        return _Core(value, value, i, last, label=True)  # "one of the", "no one"
    return _Core(value, value, i, last)


def _parse_digits(text: str, tokens: list[_Token], i: int) -> _Core:
    token = tokens[i]
    raw = token.text
    label = _Core(0.0, 0.0, i, i, label=True)
    if not _VALID_DIGITS.fullmatch(raw) or (len(raw) > 1 and raw[0] == "0" and raw[1] != "."):
        return label  # malformed grouping, leading zero: codes and phone numbers
    before = text[token.start - 1] if token.start else " "
    after = text[token.end] if token.end < len(text) else " "
    if (
        before.isalpha()
        or before in "+#:/"
        or after == "/"
        or (
            before in "-–"
            and _letter_before_dash(text, token)
            and not (i > 1 and tokens[i - 2].text.lower() in _MEASURE_WORDS)
        )
    ):
        return label  # "G20", "COVID-19", "+44", "#5", "10:30", "5/12"
    if i + 1 < len(tokens) and tokens[i + 1].kind == "num" and tokens[i + 1].start == token.end + 1:
        return _Core(0.0, 0.0, i, i + 1, label=True)  # "020 7946": a phone number or an id
    value = float(raw.replace(",", ""))
    previous = tokens[i - 1].text if i > 0 else ""
    following = tokens[i + 1].text if i + 1 < len(tokens) else ""
    if previous in _LABEL_WORDS or _is_month(text, tokens, i - 1) or _is_month(text, tokens, i + 1):
        return label
    if _TIME_AFTER.match(text, token.end):
        return label
    suffix = token.suffix
    if suffix in ("st", "nd", "rd", "th", "s"):
        return label  # ordinals and decades ("1990s")
    plain = "," not in raw and "." not in raw and not suffix
    if plain and 1800 <= value <= 2100 and following not in _SCALES:
        return label  # a year
    rounding = _decimal_unit(raw)
    last = i
    scale = 1.0
    if suffix in _SUFFIX_SCALES or (suffix in ("m", "b") and previous in _CURRENCIES):
        scale = _SUFFIX_SCALES.get(suffix) or (1e6 if suffix == "m" else 1e9)
    elif suffix and suffix not in _SUFFIX_UNITS:
        return label  # "5G", "3D"
    elif following in _SCALES:
        scale = _SCALES[following]
        last = i + 1
    if scale == 1.0:
        return _Core(value, value, i, last, rounding=rounding)
    # "1.2 million" is rounded to the last digit said: 1.15 to 1.25 million.
    half = rounding * scale / 2
    return _Core(value * scale - half, value * scale + half, i, last)


def _is_month(text: str, tokens: list[_Token], i: int) -> bool:
    """A month name, capitalised as in a date ("May 5"), not the verb "may"."""
    if not 0 <= i < len(tokens) or tokens[i].text not in _MONTHS:
        return False
    return text[tokens[i].start].isupper()


def _letter_before_dash(text: str, token: _Token) -> bool:
    return token.start >= 2 and text[token.start - 2].isalpha()


def _decimal_unit(raw: str) -> float:
    if "." not in raw:
        return 1.0
    return 10.0 ** -len(raw.split(".")[1])


def _qualify(text: str, tokens: list[_Token], core: _Core) -> Quantity | None:
    """Apply the qualifiers around a number and find what it counts."""
    before_kind, start_index = _qualifier_before(tokens, core.first)
    after_kind, after_last = _qualifier_after(tokens, core.last)
    if core.share:
        counted, population, partitive = "percent", _whole_of_share(tokens, core.last + 1), False
    else:
        found = _counted(tokens, after_last + 1, core, start_index)
        if found is None:
            return None
        counted, population, partitive = found
    low, high = core.low, core.high
    low_in = high_in = True
    kind = before_kind or after_kind
    if counted in _ROUNDED_MEASURES and not kind:
        # "2 percent" is 1.5 to 2.5 as readers take it; counts of things stay exact.
        low, high = low - core.rounding / 2, high + core.rounding / 2
    if kind == "below":
        low, high, high_in = high * (1 - _BELOW_SPREAD), high, False
    elif kind == "approx":
        low, high = low * (1 - _APPROX_SPREAD), high * (1 + _APPROX_SPREAD)
    elif kind == "min":
        high = None
    elif kind == "above":
        high, low_in = None, False
    elif kind == "max":
        low = None
    elif kind == "under":
        low, high_in = None, False
    start = tokens[start_index].start
    end = tokens[after_last].end
    return Quantity(
        low,
        high,
        low_in,
        high_in,
        counted,
        text[start:end],
        start,
        end,
        said=(core.low + core.high) / 2,
        qualifier=kind or ("vague" if core.vague else ""),
        population=population,
        partitive=partitive,
        earlier=core.earlier,
        state=_state_after(tokens, after_last + 1),
    )


def _state_after(tokens: list[_Token], j: int) -> str:
    """A people-state word at ``j`` ("40 dead") or after one word there ("58 people missing")."""
    for k in (j, j + 1):
        if k >= len(tokens):
            break
        if tokens[k].text in _PEOPLE_STATES:
            return tokens[k].text
        if tokens[k].kind != "word" or tokens[k].text in _PHRASE_END:
            break
    return ""


def _qualifier_before(tokens: list[_Token], first: int) -> tuple[str, int]:
    for size in range(_BEFORE_LONGEST, 0, -1):
        begin = first - size
        if begin < 0:
            continue
        words = tuple(t.text for t in tokens[begin:first])
        kind = _BEFORE.get(words)
        if kind is not None:
            return kind, begin
    # A currency sign belongs to the quantity's text.
    if first > 0 and tokens[first - 1].text in _CURRENCIES:
        return "", first - 1
    return "", first


def _qualifier_after(tokens: list[_Token], last: int) -> tuple[str, int]:
    for size in (2, 1):
        words = tuple(t.text for t in tokens[last + 1 : last + 1 + size])
        kind = _AFTER.get(words)
        if kind is not None:
            return kind, last + size
    return "", last


def _counted(
    tokens: list[_Token], j: int, core: _Core, start_index: int
) -> tuple[str, str, bool] | None:
    """What is counted: the canonical head noun ("" when unknown), the whole a percentage is
    taken of, and whether the count is a part of a group; None when it is no quantity."""
    previous = tokens[core.first - 1].text if core.first > 0 else ""
    if previous in _CURRENCIES:
        return _CURRENCIES[previous], "", False
    if j < len(tokens):
        nxt = tokens[j]
        if nxt.text == "%" or nxt.text in ("percent", "pct"):
            return "percent", _whole_of_share(tokens, j + 1), False
        if nxt.text == "per" and j + 1 < len(tokens) and tokens[j + 1].text == "cent":
            return "percent", _whole_of_share(tokens, j + 2), False
    if tokens[core.last].suffix in _SUFFIX_UNITS:
        return _SUFFIX_UNITS[tokens[core.last].suffix], "", False
    measure = _measure_named(tokens, start_index, j)
    if measure:
        return measure, "", False
    partitive = False
    if j < len(tokens) and tokens[j].text == "of":
        large = core.vague or core.low >= 1e6
        after_of = tokens[j + 1].text if j + 1 < len(tokens) else ""
        if large or after_of in _PARTITIVE_DETERMINERS:
            partitive = not large  # "two of the defendants": some of a group
            j += 1  # "dozens of villages", "millions of people"
            if j < len(tokens) and tokens[j].text in _PARTITIVE_DETERMINERS:
                j += 1
    noun = _noun_at(tokens, j)
    if noun:
        return canonical_counted(noun), "", partitive
    if j < len(tokens) and tokens[j].text in _PEOPLE_STATES:
        return "people", "", False  # "40 dead", "12 injured"
    window = tokens[max(0, start_index - 8) : start_index]
    if any(t.text in _TOLL_WORDS for t in window):
        return "people", "", False  # "the death toll rose to 40"
    return "", "", False


def is_measure(counted: str) -> bool:
    """Whether what a figure gives is a scale one event has one value on ("magnitude")."""
    return counted in _MEASURE_WORDS


def _measure_named(tokens: list[_Token], first: int, j: int) -> str:
    """A scale the number is read on, named just before or after it: "a magnitude 6.1 quake",
    "6.5-magnitude", "put the magnitude at 6.5"; "" when there is none."""
    after = [t.text.lower() for t in tokens[j : j + 2] if t.text not in "-–"][:1]
    if after and after[0] in _MEASURE_WORDS:
        return after[0]
    k = first - 1
    while k >= 0 and tokens[k].text.lower() in _MEASURE_LINKS:
        k -= 1
    word = tokens[k].text.lower() if k >= 0 else ""
    return word if word in _MEASURE_WORDS else ""


def _noun_at(tokens: list[_Token], j: int) -> str:
    """The head noun of the noun phrase starting at ``j``, "" when there is none."""
    return _head_noun(_phrase_words(tokens, j))


def _phrase_words(tokens: list[_Token], j: int) -> list[str]:
    """Up to four words of a noun phrase, without possessives ("the country's hospitals")."""
    words = []
    for token in tokens[j : j + 4]:
        if token.kind != "word" or token.text in _PHRASE_END:
            break
        if not token.text.endswith(("'s", "’s")):
            words.append(token.text)
    return words


def _whole_of_share(tokens: list[_Token], j: int) -> str:
    """What a share is taken of: "of the teachers", "of voters", or a noun that follows."""
    if j < len(tokens) and tokens[j].text == "of":
        j += 1
        if j < len(tokens) and tokens[j].text in _PARTITIVE_DETERMINERS:
            j += 1
    candidates = _phrase_words(tokens, j)
    plural = [w for w in candidates if _looks_plural(w)]
    nouns = plural or [w for w in candidates if not w.endswith(("ed", "ing", "ly"))]
    # The head of "the wheat harvest" is its last noun; of "the teachers joined", its plural.
    return canonical_counted(nouns[0] if plural else nouns[-1]) if nouns else ""


def _head_noun(candidates: list[str]) -> str:
    """The first plural noun (the last of a run: "measles cases"), else the first word that does
    not read as a modifier."""
    for index, word in enumerate(candidates):
        if _looks_plural(word):
            while index + 1 < len(candidates) and _looks_plural(candidates[index + 1]):
                index += 1
            return candidates[index]
    for word in candidates:
        if word not in _MODIFIERS and not word.endswith(("ed", "ing", "ly")):
            return word
    return ""
