"""Records passed between the steps of the text pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field


class InputError(ValueError):
    """Input that cannot become an article; the message says why, for a person to act on."""


@dataclass(frozen=True)
class RawArticle:
    """One article as read from a file, before cleaning."""

    body: str
    title: str = ""
    publisher: str = ""
    url: str = ""
    published: str = ""  # ISO 8601 date or datetime, or empty when unknown


@dataclass(frozen=True)
class Removal:
    """A span cut out of the raw text, with offsets into the raw text and the reason."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True)
class Cleaned:
    """The body, what was cut from the raw text, and what the cuts leave for later steps:
    ``captions``, offsets into the body of lines that lost a photo credit (still captions);
    ``copy_sources``, the outlets that source lines and credits named ("Source: Xinhua",
    "(Reuters, AFP)"), for attribution to take as relays."""

    body: str
    removals: list[Removal] = field(default_factory=list)
    captions: tuple[int, ...] = ()
    copy_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimSpan:
    """A claim as a span of the cleaned body: ``body[start:end] == text``.

    ``kind`` is one of ``sentence``, ``quote``, ``clause``, ``headline``, ``caption``.
    """

    start: int
    end: int
    text: str
    kind: str = "sentence"


@dataclass(frozen=True)
class Hop:
    """One source in an attribution chain.

    ``role`` is ``speaker`` for the original source (always first) and ``relay`` for each
    later hop toward the reader. ``kind`` is one of ``SOURCE_KINDS``.
    """

    name: str
    kind: str
    role: str


@dataclass(frozen=True)
class ExtractedAttribution:
    """A machine-suggested attribution for one claim."""

    chain: tuple[Hop, ...]
    cue: str
    cue_start: int | None
    cue_end: int | None
    confidence: float
    # Which extractor found the chain: "rule" (the hand-written cues) or "parse" (the dependency
    # parse, where the rules found nothing or junk).
    method: str = "rule"


SOURCE_KINDS = (
    "wire_agency",
    "state_media",
    "news_media",
    "government",
    "un_body",
    "ngo",
    "academic",
    "anonymous",
    "document",
    "individual",
    "unknown",
)
# The kinds of the news agencies whose copy other outlets carry.
AGENCY_KINDS = frozenset({"wire_agency", "state_media"})

EXTRACTION_METHODS = ("rule", "parse")

CLAIM_KINDS = ("sentence", "quote", "clause", "headline", "caption")

FLAG_KINDS = ("numeric", "denial", "negation", "antonym", "nli")
