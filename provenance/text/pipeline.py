"""The whole text pipeline for one article, from raw text to claims with their analysis."""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from provenance.text.attribution import default_registry, extract_attributions
from provenance.text.checkworthiness import checkworthiness
from provenance.text.cleaning import clean_article
from provenance.text.contradiction import pairing_keys
from provenance.text.embeddings import embed, to_bytes
from provenance.text.source_registry import SourceRegistry
from provenance.text.splitting import split_claims
from provenance.text.types import (
    AGENCY_KINDS,
    ClaimSpan,
    Cleaned,
    ExtractedAttribution,
    InputError,
)

_WHITESPACE = re.compile(r"\s+")
# Lines that are not prose: a denial never points back at them.
NOT_PROSE_KINDS = ("headline", "caption")


@dataclass(frozen=True)
class AnalysedClaim:
    span: ClaimSpan
    attribution: ExtractedAttribution | None
    keys: frozenset[str]
    checkworthiness: float


@dataclass(frozen=True)
class AnalysedArticle:
    cleaned: Cleaned
    content_hash: str
    claims: list[AnalysedClaim]


def claim_embeddings(texts: Sequence[str]) -> list[bytes]:
    """Each claim's embedding as stored, from its text, in one batch. Headlines and
    captions have one too: they are never flagged, but they say what their article reports and
    are grouped with the claims of other articles that say the same."""
    return [to_bytes(vector) for vector in embed(list(texts))]


def content_hash(body: str) -> str:
    """Identity of an article's content: the same words in the same order, however spaced."""
    canonical = _WHITESPACE.sub(" ", body).strip().casefold()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _is_agency(name: str, registry: SourceRegistry) -> bool:
    entry = registry.match(name) if name else None
    return entry is not None and entry.kind in AGENCY_KINDS


def analyse_article(
    raw_body: str, *, publisher: str = "", registry: SourceRegistry | None = None
) -> AnalysedArticle:
    """``registry`` is the snapshot of known sources to resolve mentions against (the shipped
    list when ``None``)."""
    known = registry or default_registry()
    cleaned = clean_article(raw_body, is_agency=lambda name: _is_agency(name, known))
    if not cleaned.body.strip():
        raise InputError("nothing is left of the article once boilerplate is removed")
    spans = split_claims(cleaned.body, captions=cleaned.captions)
    attributions = extract_attributions(
        cleaned.body,
        spans,
        publisher=publisher,
        registry=known,
        copy_sources=cleaned.copy_sources,
    )
    claims = [
        AnalysedClaim(
            span=span,
            attribution=attribution,
            keys=frozenset(pairing_keys(span.text, before)),
            checkworthiness=checkworthiness(span.text, span.kind),
        )
        for span, attribution, before in zip(spans, attributions, _prose_before(spans), strict=True)
    ]
    return AnalysedArticle(cleaned=cleaned, content_hash=content_hash(cleaned.body), claims=claims)


def _prose_before(spans: list[ClaimSpan]) -> list[str | None]:
    """For each claim, the text of the prose claim just before it, if any."""
    before: list[str | None] = []
    last = None
    for span in spans:
        before.append(last)
        if span.kind not in NOT_PROSE_KINDS:
            last = span.text
    return before
