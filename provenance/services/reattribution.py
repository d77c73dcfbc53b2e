"""Running attribution extraction again over stored claims, as reviewers have shaped them.

For a corpus ingested before the extractor improved, or claims split, merged and trimmed
since: every claim gets the chains the extractor finds now, and nothing reviewers decided is
undone.
"""

from collections.abc import Callable, Sequence

from django.db import IntegrityError, transaction

from provenance.models import Article, Claim, ClaimStatus, Project
from provenance.services.attributions import attributions_suggest
from provenance.services.sources import registry_snapshot
from provenance.text.attribution import extract_attributions
from provenance.text.cleaning import copy_sources_of
from provenance.text.types import ClaimSpan, ExtractedAttribution

# A reviewer attaching the very chain being suggested makes the insert clash; the next try
# sees that chain and leaves it alone.
MAX_TRIES = 3


def article_reattribute(*, article_id: int) -> int:
    """Suggest chains again for every claim of one article; returns how many are new.

    A chain already on a claim, suggested, confirmed or rejected, is left as it is: what a
    reviewer rejected is not suggested again, what one confirmed is not doubled. One
    transaction per article.
    """
    for attempt in range(MAX_TRIES):
        try:
            with transaction.atomic():
                return _reattribute(article_id)
        except IntegrityError:
            if attempt == MAX_TRIES - 1:
                raise
    return 0


def _reattribute(article_id: int) -> int:
    article = Article.objects.select_related("publisher", "project").filter(pk=article_id).first()
    if article is None:
        return 0  # deleted meanwhile
    claims = article_claims_in_order(article)
    return attributions_suggest(claims=claims, extracted=claims_extract(article, claims))


def article_claims_in_order(article: Article) -> list[Claim]:
    """The article's claims that are not rejected, in reading order: what extraction reads."""
    return list(article.claims.exclude(status=ClaimStatus.REJECTED).order_by("start", "end", "pk"))


def claims_extract(article: Article, claims: Sequence[Claim]) -> list[ExtractedAttribution | None]:
    """What the extractor finds now for ``claims`` (``article_claims_in_order``): one chain or
    ``None`` per claim, read as ingest reads them, with the article's publisher and the
    registry as it is now."""
    spans = [ClaimSpan(claim.start, claim.end, claim.text, claim.kind) for claim in claims]
    publisher = article.publisher.name if article.publisher else ""
    return extract_attributions(
        article.body,
        spans,
        publisher=publisher,
        registry=registry_snapshot(project=article.project),
        copy_sources=copy_sources_of((cut["reason"], cut["text"]) for cut in article.removals),
    )


def project_reattribute(
    *, project: Project, on_article: Callable[[int], None] | None = None
) -> int:
    """``article_reattribute`` for every article of the project; returns the new chains."""
    created = 0
    for article_id in project.articles.order_by("pk").values_list("pk", flat=True).iterator():
        created += article_reattribute(article_id=article_id)
        if on_article is not None:
            on_article(article_id)
    return created
