"""The article as a sequence of plain and claim segments, for highlighting claims in place."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from provenance.models import Claim


@dataclass(frozen=True)
class Segment:
    text: str
    start: int  # offset of ``text`` in the article body, so the page can map a selection back
    claim: Claim | None = None


def article_segments(body: str, claims: Sequence[Claim]) -> list[Segment]:
    """Cut ``body`` at claim boundaries. Claims are sorted by start; an overlapping claim (after
    a reviewer's edit) is shown from where the previous one ended."""
    segments: list[Segment] = []
    position = 0
    for claim in sorted(claims, key=lambda c: (c.start, c.end)):
        start = max(claim.start, position)
        if start >= claim.end:
            continue
        if start > position:
            segments.append(Segment(body[position:start], position))
        segments.append(Segment(body[start : claim.end], start, claim))
        position = claim.end
    if position < len(body):
        segments.append(Segment(body[position:], position))
    return segments


def segments_html(segments: Sequence[Segment], *, flagged: set[int]) -> SafeString:
    """The article body as HTML: each claim a focusable ``<mark>`` carrying its id, version and
    offset, plain text in ``<span>``s carrying their offset. Every piece of text is escaped.

    Built here rather than in a template loop because an article of 500 claims has a thousand
    segments, and this is several times faster to render.
    """
    parts = []
    for segment in segments:
        claim = segment.claim
        if claim is None:
            parts.append(
                format_html('<span data-start="{}">{}</span>', segment.start, segment.text)
            )
            continue
        is_flagged = claim.pk in flagged
        parts.append(
            format_html(
                '<mark class="claim status-{} kind-{}{}" id="claim-{}" data-claim-id="{}" '
                'data-version="{}" data-start="{}" tabindex="0" role="button" '
                'title="claim {}: {}, {}{}">{}</mark>',
                claim.status,
                claim.kind,
                " flagged" if is_flagged else "",
                claim.pk,
                claim.pk,
                claim.version,
                segment.start,
                claim.pk,
                claim.kind,
                claim.status,
                ", open contradiction flag" if is_flagged else "",
                segment.text,
            )
        )
    return mark_safe("".join(parts))  # safe: every part was built by format_html
