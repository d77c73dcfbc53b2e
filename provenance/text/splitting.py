"""Split a cleaned article body into claims with exact offsets.

One claim is one checkable statement. The body is read line by line (a line is a paragraph):

1. Lines that are not prose are classified first: photo captions and credits (``caption``),
   the title and subheads (``headline``).
2. Prose lines are cut into sentences by a segmenter (syntok by default), then sentences are
   regrouped where the segmenter cut inside a quotation, so that a quotation of several
   sentences stays with its attribution (``“A. B. C,” he said.`` is one ``quote`` claim).
   A quotation paragraph without attribution is kept whole unless it runs over more than
   ``MAX_UNATTRIBUTED_QUOTE_SENTENCES`` sentences, in which case each sentence is a claim: a long
   speech is easier to check sentence by sentence, and no attribution is lost by cutting it.
3. A sentence that joins two statements from two sources with a contrastive conjunction
   ("officials put the toll at 40, though local groups say 300 died") is cut into ``clause``
   claims. The first clause ends before the comma; the second starts at the conjunction.
   Without a comma ("officials said 40 died but local groups say 300 did") the cut needs a
   reporting verb on both sides and a second subject that is not a pronoun.

A line break ends a claim, except where a line stops mid-sentence (no final punctuation) and
the next line starts in lowercase: the claim then spans the line break. Fragments of fewer than
``MIN_CLAIM_WORDS`` words and wire staff credits are not claims; headlines are, however short.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from provenance.text import lexicon
from provenance.text.reporting_verbs import REPORTING_FORMS, SPEECH_FORMS, SPEECH_PHRASES
from provenance.text.segmenters import Segmenter, syntok_sentences
from provenance.text.types import ClaimSpan

MIN_CLAIM_WORDS = 3
MAX_UNATTRIBUTED_QUOTE_SENTENCES = 3
MAX_TITLE_WORDS = 30
MIN_SUBHEAD_WORDS = 2
MAX_SUBHEAD_WORDS = 12
MAX_TITLE_CASE_SUBHEAD_WORDS = 20
MAX_CAPTION_TITLE_WORDS = 10
QUOTE_SHARE_FOR_QUOTE_KIND = 0.5

_LINE_RE = re.compile(r"[^\n]+")
_WORD_RE = re.compile(r"\w[\w’'.-]*")
_SENTENCE_END_RE = re.compile(r"[.!?]")
_QUOTE_MARK_RE = re.compile('[“"‘]')
_CLOSERS = "\"”’')]"
_PROSE_END = ".!?:;…"

# Photo credits at the end of a line: "(Jane Doe/AP)", "[Handout via AFP]", "Photo: Reuters".
_CREDIT_RE = re.compile(
    # A slash between words ("AP/Jane Roe"), not in a date ("(5/28)", "(Troutman, 5/28)").
    r"(?:\([^()\n]*(?:[^\W\d_]\s*/\s*[^\W\d_]|\bvia\b|"
    r"\b(?:AP|AFP|Reuters|EPA|Getty Images|Xinhua|Handout|File)\b)"
    r"[^()\n]*\)|\[[^\[\]\n]*(?:/|\bvia\b|\bHandout\b|\bPhoto\b|\bGetty\b)[^\[\]\n]*\]"
    r"|\b(?:Getty Images|Shutterstock)|\b(?:Photo|Image|Picture|Credit|Photograph)s?"
    r"(?: credit)?\s*:\s*[^\n]{2,60})\s*[.]?\s*$"
)
# Position markers of people in a picture: "(L)", "(second right)", "(centre)".
_POSITION_RE = re.compile(
    r"\((?:[LRC]|left|right|cent(?:er|re)|(?:second|third|far) (?:from )?(?:left|right))\)"
)

# Reporting verbs in every form, and the ones that report words rather than acts ("rejected",
# "called for" do not), from the one lexicon (``reporting_verbs``), spinners' synonyms included.
_REPORTING_VERBS = "|".join(sorted(REPORTING_FORMS, key=len, reverse=True)) + "|referred to as"
_REPORTING_RE = re.compile(rf"\b(?:{_REPORTING_VERBS})\b", re.IGNORECASE)
_SPEECH_VERBS = "|".join(sorted((*SPEECH_FORMS, *SPEECH_PHRASES), key=len, reverse=True))
_SPEECH_RE = re.compile(rf"\b(?:{_SPEECH_VERBS})\b", re.IGNORECASE)
_NUMBER_RE = re.compile(
    r"(?<![\w.])(?!(?:1[89]|20)\d\d\b)\d[\d,.]*%?|\b(?:two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|"
    r"thousands?|millions?|billions?|dozens?|half)\b",
    re.IGNORECASE,
)
_CONTRAST_WORDS = "though|although|while|whereas|but|however|yet"
# Where a sentence may be cut into clauses: ", though ...", " – but ...", "; ...". The match
# ends where the second clause starts.
_CLAUSE_CUT_RE = re.compile(
    rf"(?:,|\s[–—])\s+(?=(?:{_CONTRAST_WORDS})\b)|;\s+(?=\S)", re.IGNORECASE
)
# "A but B" with no comma: cut only when both sides report a source's words (see
# ``_both_report``). "while" and "yet" are left out: bare, they are mostly "during" and "still".
_BARE_CUT_RE = re.compile(r"\s+(?=(?:but|though|although|whereas)\s)", re.IGNORECASE)
# Subjects that go on with the speaker before them, or with no new source ("there was").
_PRONOUN_SUBJECT_RE = re.compile(r"(?:he|she|it|they|we|i|there)\b", re.IGNORECASE)
_DETERMINER_RE = re.compile(
    r"the|a|an|its|his|her|their|our|this|that|these|those|some|many|most|several|both|all|"
    r"each|every|other|others",
    re.IGNORECASE,
)
_CONJUNCTION_PREFIX_RE = re.compile(rf"({_CONTRAST_WORDS})\b,?\s*", re.IGNORECASE)
# "..., with the agency forecasting ...", "..., which local officials said ...": a source of
# its own brought into the sentence. The match ends where the second clause starts.
_REPORTING_ING = (
    "saying|forecasting|estimating|predicting|reporting|warning|claiming|putting|arguing|"
    "insisting|noting|adding|alleging|suggesting|projecting"
)
_SOURCE_CUT_RE = re.compile(
    r",\s+with\s+(?=(?:[\w'’.-]+\s+){1,6}?(?:" + _REPORTING_ING + r")\b)"
    r"|,\s+(?=which\s+(?!(?:is|was|are|were|has|had|have|will|would|could|may|might|also|"
    r"then)\b)(?:[\w'’.-]+\s+){1,5}?(?:said|say|says|claimed|claim|estimated|reported|"
    r"believe|believed)\b)"
)
# "A said ..., and B said ...": two sources joined by "and"; cut only when both parts report.
_AND_CUT_RE = re.compile(r",\s+and\s+", re.IGNORECASE)
_ANY_CUT_RE = re.compile(
    "|".join(
        f"(?:{r.pattern})" for r in (_CLAUSE_CUT_RE, _BARE_CUT_RE, _SOURCE_CUT_RE, _AND_CUT_RE)
    ),
    re.IGNORECASE,
)
# After "while" or "whereas" a speaker's account goes on ("..., the company said, while the
# rest ..."); after "but" or "though" the reporter speaks again.
_CONTINUING_CONNECTIVES = ("while", "whereas")
_ENDS_IN_REPORTED_SPEECH_RE = re.compile(rf"\b(?:that|{_REPORTING_VERBS})\s*$", re.IGNORECASE)
_AUXILIARY_AFTER_RE = re.compile(
    r"\s+(?:has|have|had|is|are|was|were|will|would|could|can|may|might|must|should)\b",
    re.IGNORECASE,
)
_WORD_BEFORE_RE = re.compile(r"([\w’']+)\W*$")
# Words before a reporting word that make it a noun or an infinitive: "the report", "its
# claims", "to claim victory".
_NOT_BEFORE_A_VERB_RE = re.compile(
    r"the|a|an|its|his|her|their|our|my|your|this|that|these|those|no|any|some|every|each|"
    r"of|whose|to",
    re.IGNORECASE,
)
# A form of "be" before a reporting word makes it a passive: it reports only with its agent
# ("has been disputed by the UN"; "was reported" alone names no source), as "as" does ("as
# reported by Reuters").
_PASSIVE_BEFORE_RE = re.compile(r"be|been|being|is|are|was|were|as", re.IGNORECASE)
_BY_AGENT_RE = re.compile(r"\s+by\s+\S", re.IGNORECASE)
# A segmenter cut after one of these is undone: a semicolon, or an abbreviation that stands
# before a name or a number ("Lt. Col. Abera", "Av. Libertad", "No. 5").
_CONTINUES_RE = re.compile(
    r"(?:;|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Cpl|Adm|Cmdr|Sen|Rep|Gov|Rev|Hon|Av|"
    r"Ave|Mt|Ft|No|Nos|Art|Vol|Fig|approx|ret|vs|v)\.\)?)$"
)
# Months and weekdays as written in prose, capitalised.
_MONTH_NAMES = lexicon.alternation(
    word.capitalize() for word in lexicon.words("months") | lexicon.words("month_abbreviations")
)
_WEEKDAY_NAMES = lexicon.alternation(word.capitalize() for word in lexicon.words("weekdays"))
# A month, abbreviated or written with a stray stop, before a day: "Oct. 1, 2017", "April. 16".
_MONTH_BEFORE_A_DAY_RE = re.compile(rf"\b(?:{_MONTH_NAMES})\.$")
# A sentence that is only a date ("Oct. 1, 2017.", "Monday, 12 March 2018"): a caption's or a
# photo's date, which stays with the sentence before it.
_DATE_ONLY_RE = re.compile(
    rf"(?:(?:{_WEEKDAY_NAMES}),?\s+)?"
    rf"(?:(?:{_MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_NAMES})\.?(?:,?\s+\d{{4}})?"
    rf"|(?:{_MONTH_NAMES})\.?\s+\d{{4}})\W*"
)
# Wire agency credits at the foot of a story are not claims.
_STAFF_CREDIT_RE = re.compile(
    r"^\((?:additional |further )?(?:reporting|writing|editing|compiled|written|edited) by\b",
    re.IGNORECASE,
)
_LEADING_CONTRAST_RE = re.compile(
    r"(?:(?:but|and|yet)\s+)?(?:while|although|though|whereas)\b", re.IGNORECASE
)
_COMMA_RE = re.compile(r",\s+")
# A stop after a figure and straight before a capitalised word: a run-on sentence boundary.
_RUN_ON_STOP_RE = re.compile(r"(?<=\d)\.(?=[A-Z][a-z])")
# A clause that starts with one of these has no subject of its own ("..., but denied it").
_NOT_A_SUBJECT_RE = re.compile(
    r"is|are|was|were|be|been|being|has|have|had|do|does|did|will|would|shall|should|can|"
    r"could|may|might|must|not|also|still|only|then|later|never|again|instead|which|who|"
    r"whom|whose|where|when|and|or|nor|including|as|with|such|to|in|on|at|by|for|from|of|"
    r"than|if|after|before|since|until|because|that"
)
_FIRST_WORD_RE = re.compile(r"[\w’'-]+")


# A leading dateline, not part of the claim (GUIDE.md): "PORT-AU-PRINCE, Haiti - ",
# "LIMA, Peru, Oct 22 (Reuters) – ", "April 25 (UPI) -- ", "COLOMBO: ", "Lima, Peru: ",
# "SAN JUAN, Puerto Rico • ". A place in capitals, or a place and its country or region, or a
# date, then an agency in brackets and/or a dash, bullet or colon. Looked for only in the
# first lines of an article, where datelines stand.
DATELINE_LINES = 4
_CAPS_PLACE = r"[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+){0,3}"
_TITLE_PLACE = r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}"
_DATELINE_DATE = (
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}"
    r"|\d{1,2}(?:st|nd|rd|th)? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)"
    r"(?:,? \d{4})?"
)
_DATELINE_AGENCY = r"\((?:[^()\n]{2,60})\)"
_DATELINE_MARK = r"\s*(?:--|[-–—•|:])\s*"
_DATELINE_RE = re.compile(
    rf"(?:(?:{_CAPS_PLACE}(?:, {_TITLE_PLACE}){{0,2}}|{_TITLE_PLACE}(?:, {_TITLE_PLACE}){{1,2}})"
    rf"(?:,? {_DATELINE_DATE})?|{_DATELINE_DATE})"
    rf"(?: ?{_DATELINE_AGENCY}(?:{_DATELINE_MARK}|\s+)|{_DATELINE_MARK})"
    r"(?=[A-Z\"“‘'])"
)
# A stamp after a headline: "... – UPDATED", "... | LIVE".
_HEADLINE_STAMP_RE = re.compile(r"\s+[-–—|]\s+(?:UPDATED?|LIVE|WATCH|VIDEO|PHOTOS?)\s*$")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def split_claims(
    body: str, *, segment: Segmenter = syntok_sentences, captions: Collection[int] = ()
) -> list[ClaimSpan]:
    """Claims of ``body`` in order, non-overlapping, with ``body[c.start:c.end] == c.text``.

    ``segment`` is the sentence segmenter; it is a parameter so that the benchmark can measure
    others through the same pipeline. ``captions`` are offsets where cleaning cut a photo
    credit off a line (``Cleaned.captions``): those lines are captions.
    """
    lines = _join_broken_lines(body, list(_stripped_lines(body)))
    flags = _caption_flags(body, lines, sorted(captions))
    claims: list[ClaimSpan] = []
    first_text_line = True
    for number, (line, is_caption) in enumerate(zip(lines, flags, strict=True)):
        text = body[line.start : line.end]
        if is_caption:
            claims.extend(_sentence_claims(body, line, segment, "caption"))
        elif _is_headline(text, first_text_line):
            end = line.start + len(_HEADLINE_STAMP_RE.sub("", text))
            claims.extend(_sentence_claims(body, _Span(line.start, end), segment, "headline"))
        else:
            if number < DATELINE_LINES and (dateline := _DATELINE_RE.match(text)):
                line = _Span(line.start + dateline.end(), line.end)
            claims.extend(_prose_claims(body, line, segment))
        first_text_line = False
    return [c for c in claims if _is_claim(c)]


def _is_claim(claim: ClaimSpan) -> bool:
    if claim.kind == "headline":
        return True
    return _word_count(claim.text) >= MIN_CLAIM_WORDS and not _STAFF_CREDIT_RE.match(claim.text)


def _stripped_lines(body: str) -> Iterator[_Span]:
    for match in _LINE_RE.finditer(body):
        start, end = _strip(body, match.start(), match.end())
        if start < end:
            yield _Span(start, end)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _ends_as_prose(text: str) -> bool:
    """Ends with sentence punctuation, possibly followed by closing quotes or brackets."""
    last = text.rstrip(_CLOSERS)[-1:] or text[-1:]
    return bool(last) and (last in _PROSE_END or text[-1:] in _PROSE_END)


def _join_broken_lines(body: str, lines: list[_Span]) -> list[_Span]:
    """Join a line that stops mid-sentence to the next line when that one starts in lowercase,
    and a line that ends in a colon to the quotation it introduces ("said it had:" / "“deep
    concern ...”")."""
    joined: list[_Span] = []
    for line in lines:
        if joined:
            previous = joined[-1]
            previous_text = body[previous.start : previous.end]
            first = body[line.start]
            if (first.islower() and not _ends_as_prose(previous_text)) or (
                previous_text.endswith(":") and first in '“"‘'
            ):
                joined[-1] = _Span(previous.start, line.end)
                continue
        joined.append(line)
    return joined


def _caption_flags(body: str, lines: list[_Span], credited: list[int]) -> list[bool]:
    """Captions: credit or position markers, a credit cut off by cleaning, a line repeated next
    to itself, or a short line right before such a caption whose words all recur in it (a
    picture's title or subject)."""
    texts = [body[line.start : line.end] for line in lines]
    flags = [
        bool(_CREDIT_RE.search(text) or _POSITION_RE.search(text))
        or _holds(credited, line)
        or (i > 0 and texts[i - 1] == text)
        or (i + 1 < len(texts) and texts[i + 1] == text)
        for i, (text, line) in enumerate(zip(texts, lines, strict=True))
    ]
    for i in range(len(texts) - 1):
        if flags[i + 1] and not flags[i] and _is_caption_title(texts[i], texts[i + 1]):
            flags[i] = True
    return flags


def _holds(offsets: list[int], line: _Span) -> bool:
    """Whether one of the sorted ``offsets`` falls in the line or at either of its ends."""
    index = bisect_left(offsets, line.start)
    return index < len(offsets) and offsets[index] <= line.end


def _is_caption_title(text: str, caption: str) -> bool:
    words = _WORD_RE.findall(text.lower())
    if not words or len(words) > MAX_CAPTION_TITLE_WORDS or _ends_as_prose(text):
        return False
    return set(words) <= set(_WORD_RE.findall(caption.lower()))


def _is_headline(text: str, first_line: bool) -> bool:
    """The title (first line) or a subhead: short, title-like, without final punctuation."""
    stripped = text.rstrip(_CLOSERS)
    if not stripped or not (text[0].isupper() or text[0].isdigit() or text[0] in "“\"‘'"):
        return False
    words = _word_count(text)
    if first_line:
        return stripped[-1] not in ".:;,…" and words <= MAX_TITLE_WORDS
    limit = MAX_TITLE_CASE_SUBHEAD_WORDS if is_title_case(text) else MAX_SUBHEAD_WORDS
    # A short question on its own line is a subhead ("What happens next?"); other final
    # punctuation makes it prose.
    ending_ok = stripped[-1] not in _PROSE_END + "," or (
        text[-1] == "?" and not _SENTENCE_END_RE.search(text, 0, len(text) - 1)
    )
    return ending_ok and MIN_SUBHEAD_WORDS <= words <= limit


def is_title_case(text: str) -> bool:
    """Whether most words of ``text`` are capitalised, as in a headline set in title case."""
    words = [w for w in text.split() if w[0].isalpha()]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _word_count(text: str) -> int:
    return len(_WORD_RE.findall(text))


def _sentence_groups(body: str, line: _Span, segment: Segmenter) -> list[list[_Span]]:
    """The line's sentences, grouped where one goes on into the next (``_group_sentences``)."""
    # Newlines inside a joined line become spaces for the segmenter; the length is unchanged, so
    # its offsets stay valid.
    text = body[line.start : line.end].replace("\n", " ")
    sentences = [
        _Span(line.start + s, line.start + e)
        for start, end in segment(text)
        for s, e in _run_on_sentences(text, start, end)
        if e > s
    ]
    return _group_sentences(body, sentences)


def _sentence_claims(body: str, line: _Span, segment: Segmenter, kind: str) -> list[ClaimSpan]:
    """A caption or headline line, one claim of ``kind`` per sentence (GUIDE.md); a photo
    credit that stands as a sentence of its own ("Credit: Reuters") stays with the one before."""
    groups: list[list[_Span]] = []
    for group in _sentence_groups(body, line, segment):
        credit = _CREDIT_RE.match(body, group[0].start, group[-1].end)
        if groups and credit and credit.end() == group[-1].end:
            groups[-1].extend(group)
        else:
            groups.append(group)
    return [
        ClaimSpan(group[0].start, group[-1].end, body[group[0].start : group[-1].end], kind)
        for group in groups
    ]


def _prose_claims(body: str, line: _Span, segment: Segmenter) -> list[ClaimSpan]:
    claims: list[ClaimSpan] = []
    for group in _sentence_groups(body, line, segment):
        span = _Span(group[0].start, group[-1].end)
        if _is_long_unattributed_quote(body, group):
            claims.extend(ClaimSpan(s.start, s.end, body[s.start : s.end], "quote") for s in group)
        elif _is_quote(body[span.start : span.end]):
            claims.append(ClaimSpan(span.start, span.end, body[span.start : span.end], "quote"))
        else:
            claims.extend(_split_compound(body, span))
    return claims


def _run_on_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A segment cut where a full stop after a figure runs into the next sentence with no space
    ("rose to at least 50.Over 2,750 were hurt"), as scraped pages often have it."""
    cuts = [m.end() for m in _RUN_ON_STOP_RE.finditer(text, start, end)]
    bounds = [start, *cuts, end]
    return list(itertools.pairwise(bounds))


def _group_sentences(body: str, sentences: list[_Span]) -> list[list[_Span]]:
    """Regroup segmenter output: a sentence that ends inside an open quotation, without final
    punctuation, with a semicolon or a title abbreviation continues into the next; so does one
    followed by a sentence that starts in lowercase."""
    groups: list[list[_Span]] = []
    quote_state = ""
    never_closed = _never_closed_quote(body, sentences)
    for sentence in sentences:
        text = body[sentence.start : sentence.end]
        previous = _last(body, groups) if groups else ""
        continues = (
            not _ends_as_prose(previous)
            or previous.endswith(":")
            or _CONTINUES_RE.search(previous)
            or (text[:1].isdigit() and _MONTH_BEFORE_A_DAY_RE.search(previous))
            or _DATE_ONLY_RE.fullmatch(text)
        )
        # A new opening mark at a sentence's start ends a quotation left open before it.
        in_quote = quote_state and not (quote_state == '"' and text[:1] == "“")
        if groups and (in_quote or text[0].islower() or continues):
            groups[-1].append(sentence)
        else:
            groups.append([sentence])
            quote_state = ""
        quote_state = _scan_quotes(text, quote_state)[1]
        if sentence.start <= never_closed < sentence.end:
            quote_state = ""
    return groups


def _never_closed_quote(body: str, sentences: list[_Span]) -> int:
    """Where a quotation that opens inside a sentence is still open at the end of the line (a
    stray or lost mark: 'rated between "medium and extreme.'), or -1. A quotation that opens
    a sentence and runs to the end of the paragraph goes on into the next one, as wire copy
    writes it: that one is kept."""
    if not sentences:
        return -1
    start = sentences[0].start
    mask, state = _scan_quotes(body[start : sentences[-1].end])
    if not state:
        return -1
    opened = len(mask)
    while opened and mask[opened - 1]:
        opened -= 1  # back over the quotation, to its opening mark
    position = start + opened - 1
    return -1 if any(s.start == position for s in sentences) else position


def _last(body: str, groups: list[list[_Span]]) -> str:
    last = groups[-1][-1]
    return body[last.start : last.end]


def _scan_quotes(text: str, state: str = "") -> tuple[list[bool], str]:
    """Per character, whether it stands inside a quotation; and the state after ``text``.

    ``state`` is ``""`` outside quotations, ``'"'`` inside double quotes (curly or straight) and
    ``"‘"`` inside single curly quotes. A ``’`` followed by a letter is an apostrophe, and single
    quotes inside double quotes are quotes within the quote, so neither changes the state.
    """
    mask: list[bool] = []
    for i, char in enumerate(text):
        before = state
        if state == "":
            if char in '“"':
                state = '"'
            elif char == "‘" and not (i and text[i - 1].isalnum()):
                state = "‘"
        elif _closes_quote(text, i, state):
            state = ""
        mask.append(before == state != "")
    return mask, state


def _closes_quote(text: str, i: int, state: str) -> bool:
    if state == '"':
        return text[i] in '”"'
    return text[i] == "’" and not text[i + 1 : i + 2].isalnum()


def _quoted_mask(text: str) -> list[bool]:
    return _scan_quotes(text)[0]


def _quoted_share(text: str) -> float:
    """Share of the letters of ``text`` that stand inside quotation marks."""
    if not _QUOTE_MARK_RE.search(text):
        return 0.0
    letters = quoted = 0
    for char, inside in zip(text, _quoted_mask(text), strict=True):
        if char.isalnum():
            letters += 1
            quoted += inside
    return quoted / letters if letters else 0.0


def _is_quote(text: str) -> bool:
    """Wholly or mainly a direct quotation: it opens with the quotation ("“...,” he said")
    or most of its letters stand inside quotation marks."""
    return text[0] in '“"‘' or _quoted_share(text) >= QUOTE_SHARE_FOR_QUOTE_KIND


def _is_long_unattributed_quote(body: str, group: list[_Span]) -> bool:
    if len(group) <= MAX_UNATTRIBUTED_QUOTE_SENTENCES:
        return False
    text = body[group[0].start : group[-1].end]
    outside = "".join(c for c, inside in zip(text, _quoted_mask(text), strict=True) if not inside)
    return _word_count(outside) < 2 and _quoted_share(text) > QUOTE_SHARE_FOR_QUOTE_KIND


def _split_compound(body: str, span: _Span) -> list[ClaimSpan]:
    """Cut a sentence into clauses where the parts have different sources (GUIDE.md): at a
    contrastive conjunction ("A, though B", "While A, B", "A but B"), a semicolon, ", with
    <a source> saying ..." or ", which <a source> said ...". Parts from one source (the
    reporter's narration on both sides, or a speaker who goes on as "he" or "they") stay one
    sentence. The comma and the connective belong to neither clause; a "which" that opens the
    second clause stays in it."""
    text = body[span.start : span.end]
    leading = _LEADING_CONTRAST_RE.match(text)
    if not leading and not _ANY_CUT_RE.search(text):
        return [ClaimSpan(span.start, span.end, text, "sentence")]
    mask = _quoted_mask(text)
    depth = _bracket_depths(text)
    cuts: list[tuple[int, int]] = []  # (end of the first part, start of the second), relative
    piece_start = first_start = 0
    if leading:
        cut = _leading_clause_cut(text, mask, depth, leading)
        if cut is not None:
            cuts.append(cut)
            piece_start, first_start = cut[1], leading.end()
    for match in _cut_candidates(text, piece_start):
        end = match.start()
        if mask[end] or depth[end] or end < piece_start:
            continue
        first = text[piece_start:end]
        connective = _CONJUNCTION_PREFIX_RE.match(text, match.end())
        start = connective.end() if connective else match.end()
        second = text[start:]
        if match.re is _SOURCE_CUT_RE:
            ok = bool(first.strip()) and (_starts_with_subject(second) or second[:5] == "which")
        elif match.re is _AND_CUT_RE:
            ok = _both_attributed_apart(first, second)
        else:
            word = connective.group(1).lower() if connective else ""
            ok = _starts_with_subject(second) and _different_sources(
                first, second, word, bare=match.re is _BARE_CUT_RE
            )
        if ok:
            cuts.append((end, start))
            piece_start = start
    if not cuts:
        return [ClaimSpan(span.start, span.end, text, "sentence")]
    pieces, previous = [], first_start
    for end, start in cuts:
        pieces.append((previous, end))
        previous = start
    pieces.append((previous, len(text)))
    return [
        ClaimSpan(span.start + s, span.start + e, text[s:e], "clause")
        for s, e in (_strip(text, s, e) for s, e in pieces)
    ]


def _cut_candidates(text: str, start: int) -> list[re.Match[str]]:
    """Places to cut, in order: after punctuation, before a bare "but" or "though", and before
    a source brought in by "with" or "which"."""
    found = [
        *_CLAUSE_CUT_RE.finditer(text, start),
        *_BARE_CUT_RE.finditer(text, start),
        *_SOURCE_CUT_RE.finditer(text, start),
        *_AND_CUT_RE.finditer(text, start),
    ]
    return sorted(found, key=lambda match: match.start())


def _different_sources(first: str, second: str, connective: str, *, bare: bool) -> bool:
    """Whether two parts of a sentence come from different sources.

    Each part is attributed (a reporting verb used as a verb: "officials said", "according to")
    or the reporter's own narration. Two attributed parts differ unless the second goes on with
    a pronoun ("..., but they warned ..."); an attributed part and narration differ, except
    that a speaker's account goes on after "while" or a pronoun. Narration on both sides is one
    source. Without a comma the second part must report, with a subject of its own.
    """
    if _ENDS_IN_REPORTED_SPEECH_RE.search(first):
        return False  # "Correa said that, although ...": the contrast is inside the quote
    first_said, second_said = _attributed(first), _attributed(second)
    pronoun = bool(_PRONOUN_SUBJECT_RE.match(second))
    if bare:
        # Without a comma, a second part that reports only at its end ("... but fell 2%, the
        # office said") has its source cover the whole sentence.
        head = second.split(",", 1)[0]
        return (
            second_said
            and not pronoun
            and _opens_a_clause(second)
            and (first_said or _attributed(head, _SPEECH_RE))
        )
    if first_said and second_said:
        return not pronoun
    # One attributed part against narration: only where the attributed part reports speech
    # ("warned", "said"), not an act that carries no words ("rejected the idea").
    if first_said:
        return (
            not pronoun
            and connective not in _CONTINUING_CONNECTIVES
            and _attributed(first, _SPEECH_RE)
        )
    return _attributed(second, _SPEECH_RE)


def _opens_a_clause(text: str) -> bool:
    """After a bare "but": a subject that starts a clause of its own (a name, a figure, a
    determiner or pronoun, or a plain noun right before its reporting verb: "but officials
    said"), not a word that goes on with the phrase before it ("official but dubious
    results")."""
    words = _FIRST_WORD_RE.findall(text)[:4]
    if not words:
        return False
    first = words[0]
    if first[0].isupper() or first[0].isdigit() or _DETERMINER_RE.fullmatch(first):
        return True
    return _PRONOUN_SUBJECT_RE.fullmatch(first) is not None or any(
        _REPORTING_RE.fullmatch(word) for word in words[1:]
    )


def _both_attributed_apart(first: str, second: str) -> bool:
    """Whether ", and" joins the accounts of two sources: each part reports with a verb of
    its own and the second has a subject of its own ("studies estimated the toll at 1,000,
    and a government report conceded ..."), not a speaker going on ("..., and they added")
    or a list inside one account ("said the roads were shut, and the bridge closed")."""
    if _ENDS_IN_REPORTED_SPEECH_RE.search(first) or _PRONOUN_SUBJECT_RE.match(second):
        return False
    return _starts_with_subject(second) and _attributed(first) and _attributed(second)


def _attributed(text: str, verbs: re.Pattern[str] = _REPORTING_RE) -> bool:
    """A reporting verb used as a verb: not after an article or possessive ("the report", "its
    findings") or "to" ("to claim victory"), nor a passive without its agent ("has been
    disputed" reports nothing by itself; "has been disputed by the UN" does)."""
    for match in verbs.finditer(text):
        before = _WORD_BEFORE_RE.search(text, 0, match.start())
        word = before.group(1) if before is not None else ""
        if _NOT_BEFORE_A_VERB_RE.fullmatch(word):
            continue
        by_agent = _BY_AGENT_RE.match(text, match.end())
        if _PASSIVE_BEFORE_RE.fullmatch(word):
            if by_agent:
                return True  # "has been disputed by the UN", "as reported by Reuters"
            continue
        if by_agent:
            continue  # "the 318 claimed by the ministry": a participle, not the clause's verb
        if _AUXILIARY_AFTER_RE.match(text, match.end()):
            continue  # "the audit report has not been released": a noun, the subject
        return True
    return False


def _leading_clause_cut(
    text: str, mask: list[bool], depth: list[int], leading: re.Match[str]
) -> tuple[int, int] | None:
    """For "While A, B": the last top-level comma that starts a main clause. The first clause
    starts after the connective, and is one only with a subject of its own ("While in the
    capital, the minister said ..." has none)."""
    if not _starts_with_subject(text[leading.end() :].lstrip()):
        return None
    for match in reversed(list(_COMMA_RE.finditer(text))):
        if mask[match.start()] or depth[match.start()]:
            continue
        first, second = text[leading.end() : match.start()], text[match.end() :]
        if not _starts_with_subject(second):
            continue
        if _different_sources(first, second, "", bare=False) or (
            _carries_claim(first) and _has_own_claim(second)
        ):
            return match.start(), match.end()
        return None
    return None


def _carries_claim(text: str) -> bool:
    return bool(_REPORTING_RE.search(text) or _NUMBER_RE.search(text))


def _has_own_claim(text: str) -> bool:
    """The clause has a subject of its own and a reporting verb."""
    return _starts_with_subject(text) and _attributed(text)


def _starts_with_subject(text: str) -> bool:
    text = text.lstrip("“\"‘'(")
    match = _FIRST_WORD_RE.match(text)
    if not match:
        return False
    word = match.group().lower()
    # "estimates by rights groups suggest ...": a reporting word followed by another reporting
    # verb is a noun, the subject.
    reporting_verb = _REPORTING_RE.fullmatch(word) and not _REPORTING_RE.search(text, match.end())
    return not (
        _NOT_A_SUBJECT_RE.fullmatch(word)
        or reporting_verb
        or (word.endswith(("ing", "ed")) and not match.group()[0].isupper())
    )


def _bracket_depths(text: str) -> list[int]:
    depths, depth = [], 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]" and depth:
            depth -= 1
        depths.append(depth)
    return depths
