"""Attribution cues read from a dependency parse, for sentences the rules could not read.

The rules of ``attribution_cues`` match patterns in raw text; where they find nothing, or a
speaker that is a clause fragment, the parse of the sentence (``provenance.text.parse``) gives
the subject of a communication verb whatever words stand between them: "The harbour master, who
has run the port for a decade, said that ..." or "Equifax has since admitted that ...". What the
subject names is still resolved by the rules' own mention reader, so names, kinds, the registry
and the publisher are treated alike by both methods.

Read from the parse:
- the subject of a verb of ``COMMUNICATION_VERBS`` that reports content (a clause, a quote, or
  for ``CONTENT_VERBS`` an object: "disputed the figure"), the agent of its passive ("was
  confirmed by the ministry");
- an apposition that names the subject ("the head of the society, Ana Ruiz, said");
- a figure given by ``FIGURE_VERBS`` ("put the toll at 40", "lowered it to 253");
- the outlet a verb's words went to ("told the Kestrel Times", "speaking to Reuters");
- "<outlet> quoting <someone>" and "<someone> quoted by <outlet>": the one quoted speaks and the
  outlet relays.
Verbs inside quotation marks, negated ("did not say") or in the future ("will tell") report
nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from provenance.text import lexicon
from provenance.text.attribution_cues import MEDIA_KINDS, Cue, SentenceReader
from provenance.text.reporting_verbs import COMMUNICATION_VERBS, CONTENT_VERBS, FIGURE_VERBS
from provenance.text.source_mentions import Mention
from provenance.text.source_registry import kind_for_mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_CONTENT_DEPS = ("ccomp", "parataxis")
_QUOTING = frozenset({"quote", "cite"})
PARSE_CONFIDENCE = 0.7


def parse_cues(doc: Doc, offset: int, reader: SentenceReader) -> list[Cue]:
    """Cues of one parsed sentence; ``offset`` is where the sentence starts in the body."""
    cues: list[Cue] = []
    for token in doc:
        if (
            token.pos_ not in ("VERB", "AUX")
            or _inside_quote(token, offset, reader)
            or _in_compound(token)
        ):
            continue
        lemma = token.lemma_.casefold()
        cue = None
        if lemma in _QUOTING:
            cue = _quoting_cue(token, offset, reader)
        if cue is None and (lemma in COMMUNICATION_VERBS or lemma in FIGURE_VERBS):
            cue = _verb_cue(token, lemma, offset, reader)
        if cue is not None:
            cues.append(cue)
    return cues


def _in_compound(token: Token) -> bool:
    """Whether the word is part of a hyphenated compound ("the he-said-she-said of the row",
    "a long-awaited report"): no verb of its own."""
    text = token.doc.text
    start, end = token.idx, token.idx + len(token.text)
    return (start > 0 and text[start - 1] == "-") or text[end : end + 1] == "-"


def _inside_quote(token: Token, offset: int, reader: SentenceReader) -> bool:
    at = offset + token.idx
    return reader._quoted(at, at + len(token.text))


def _reports(token: Token, lemma: str) -> bool:
    """Whether the verb reports content rather than naming an act: "said that ...", a quote,
    "denied the report", "put the toll at 40"."""
    verbs = [token, token.head] if token.dep_ == "conj" else [token]
    for verb in verbs:
        # "did not say", "would not elaborate or say", "will tell": nothing reported yet.
        if any(c.dep_ == "neg" or c.lower_ in ("will", "'ll", "wo") for c in verb.children):
            return False
    children = list(token.children)
    if any(child.dep_ in _CONTENT_DEPS for child in children):
        return True
    if token.dep_ in ("parataxis", "ROOT") and any(
        child.dep_ == "ccomp" for child in token.head.children
    ):
        return True  # '"...," the mayor said'
    if lemma in FIGURE_VERBS and _gives_figure(token):
        return True
    objects = [child for child in children if child.dep_ in ("dobj", "attr", "nsubjpass")]
    if lemma in CONTENT_VERBS and objects:
        return True  # "denied the report"; "the figure was disputed by the ministry"
    return lemma in ("say", "tell") and _tags(token)


def _tags(token: Token) -> bool:
    """A "said" or "told" that tags a quote or clause in its sentence: '..., she said.'"""
    doc = token.doc
    return any(t.text in '“”"' for t in doc) or token.dep_ in ("parataxis", "ROOT")


def _gives_figure(token: Token) -> bool:
    """ "put the toll at 40", "raised the death toll to 525", "revised it down to 253", and
    "revised the number of people rescued to 113", where the parse hangs the figure on a word
    inside the object."""
    objects = [c for c in token.children if c.dep_ == "dobj"]
    inside = [
        t for o in objects for t in o.subtree if t.dep_ == "prep" and t.lower_ in ("at", "to")
    ]
    if any(t.like_num or t.pos_ == "NUM" for prep in inside for t in prep.children):
        return True
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("at", "to", "from"):
            numbers = child.subtree
        elif child.dep_ in ("advmod", "prt") and child.lower_ in ("down", "up"):
            numbers = token.subtree
        else:
            continue
        if any(t.like_num or t.pos_ == "NUM" for t in numbers):
            return True
    return False


def _subject(token: Token) -> tuple[Token | None, bool]:
    """The subject of the verb and whether it is the agent of a passive; a verb joined to
    another ("said and added") shares its subject."""
    for child in token.children:
        if child.dep_ == "agent":
            agents = [t for t in child.children if t.dep_ == "pobj"]
            if agents:
                return agents[0], True
    for child in token.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child, False
    if token.dep_ == "conj" and token.head.pos_ in ("VERB", "AUX"):
        return _subject(token.head)
    return None, False


def _phrase(head: Token) -> tuple[str, str, int, int]:
    """The words that name ``head`` (without relative clauses and the like), an apposition
    that names it further, and the characters they span in the sentence."""
    left = [t for t in head.lefts if t.dep_ not in ("punct", "cc", "preconj")]
    words = [*sorted(t for child in left for t in child.subtree), head]
    for child in head.rights:
        modifies = child.dep_ in ("prep", "compound", "amod", "nummod", "poss")
        if modifies and child.i == words[-1].i + 1:
            words.extend(sorted(child.subtree))
    words.sort(key=lambda t: t.i)
    words = _contiguous(words, head)
    apposition = ""
    for child in head.rights:
        if child.dep_ == "appos":
            apposition = _span_text([*sorted(child.subtree, key=lambda t: t.i)])
            break
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    return head.doc.text[start:end], apposition.strip(" ,"), start, end


def _contiguous(words: list[Token], head: Token) -> list[Token]:
    """The run of consecutive tokens around ``head``: a gap means a clause was left out."""
    index = words.index(head)
    start = end = index
    while start > 0 and words[start - 1].i == words[start].i - 1:
        start -= 1
    while end + 1 < len(words) and words[end + 1].i == words[end].i + 1:
        end += 1
    kept = words[start : end + 1]
    while kept and kept[-1].is_punct:
        kept.pop()
    return kept or [head]


def _span_text(tokens: list[Token]) -> str:
    doc = tokens[0].doc
    return doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]


def _outlet(token: Token, subject: Token, reader: SentenceReader) -> list[Mention]:
    """The outlet the words went to: "told Reuters", "X, speaking to the Kestrel Times, said"."""
    targets = [c for c in token.children if c.dep_ in ("dobj", "dative")]
    speaking = [
        c
        for c in [*token.children, *subject.children]
        if c.dep_ in ("advcl", "acl") and c.lemma_ in ("speak", "talk")
    ]
    for verb in (token, *speaking):
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "to":
                targets.extend(t for t in child.children if t.dep_ == "pobj")
    for target in targets:
        phrase, apposition, _, _ = _phrase(target)
        outlet = reader._outlet(phrase, apposition)
        if outlet is not None:
            return [outlet]
    return []


def _verb_cue(token: Token, lemma: str, offset: int, reader: SentenceReader) -> Cue | None:
    if token.tag_ in ("VBG", "VBN") and token.dep_ in ("acl", "amod", "advcl", "pcomp"):
        return None  # "a report released on Monday", "saying ...": no new speaker
    if not _reports(token, lemma):
        return None
    subject, _ = _subject(token)
    if subject is None:
        return None
    phrase, apposition, _, _ = _phrase(subject)
    if apposition and subject.pos_ != "PROPN" and _names(apposition):
        # "Just one hospital, St Jude's, said": the name in the apposition is the speaker.
        phrase, apposition = apposition, phrase
    speaker = reader._mention(phrase, apposition, lenient=True) or _described(
        subject, phrase, reader
    )
    if speaker is None:
        return None
    start = offset + token.idx
    relays = _outlet(token, subject, reader) if lemma in ("tell", "say") else []
    spoken_to = bool(relays)
    if not relays:
        # "said on Monday night, as quoted by El Sol": read beside the verb as the rules read it.
        text, after = token.doc.text, token.idx + len(token.text)
        outlet, spoken_to = reader._outlet_beside_verb(text, after, text[: token.idx], "")
        relays = [outlet] if outlet is not None else []
    return Cue(
        start,
        start + len(token.text),
        token.text,
        "main",
        speaker,
        lemma not in FIGURE_VERBS,
        PARSE_CONFIDENCE,
        relays,
        spoken_to,
    )


def _described(subject: Token, phrase: str, reader: SentenceReader) -> Mention | None:
    """A subject the rules' word lists do not know as a source ("the harbour master"): the
    parse says it is the noun that reports, so it speaks, named as written."""
    if subject.pos_ not in ("NOUN", "PROPN") or subject.lower_ in _NOT_SPEAKERS:
        return None
    name = re.sub(r"^(?:the|The)\s+", "", phrase)
    kind = kind_for_mention(f"{phrase}", reader.registry)
    return Mention(name=name, kind=kind, plural=subject.tag_ in ("NNS", "NNPS"))


# Nouns that stand for what was said, not who said it: "the figure said nothing".
_NOT_SPEAKERS = lexicon.words("not_speakers")


def _names(phrase: str) -> bool:
    """Whether a phrase is a name: its words are capitalised ("Rizk Hospital", "Ana Ruiz")."""
    words = [w for w in phrase.split() if w.casefold() not in ("the", "of", "and", "for")]
    return bool(words) and all(w[:1].isupper() for w in words)


def _quoting_cue(token: Token, offset: int, reader: SentenceReader) -> Cue | None:
    """ "<outlet> quoting <someone>" or "<someone>, quoted by <outlet>": the one quoted speaks,
    the outlet relays."""
    quoted = [c for c in token.children if c.dep_ == "dobj"]
    outlet_token: Token | None = None
    if quoted and token.tag_ == "VBG":
        # "state television, quoting the ministry,": the outlet is the noun or subject it hangs on.
        head = token.head
        if token.dep_ == "acl":
            outlet_token = head
        else:
            outlet_token, _ = _subject(head) if head is not token else (None, False)
    elif token.tag_ == "VBN":
        agents = [t for c in token.children if c.dep_ == "agent" for t in c.children]
        quoted = [token.head] if token.dep_ == "acl" else []
        outlet_token = agents[0] if agents else None
    if not quoted or outlet_token is None:
        return None
    phrase, apposition, _, _ = _phrase(quoted[0])
    speaker = reader._mention(phrase, apposition, lenient=True)
    relay_phrase, relay_apposition, _, _ = _phrase(outlet_token)
    relay = reader._mention(relay_phrase, relay_apposition)
    if speaker is None or relay is None or relay.kind not in MEDIA_KINDS:
        return None
    start = offset + token.idx
    return Cue(start, start + len(token.text), token.text, "main", speaker, True, 0.75, [relay])
