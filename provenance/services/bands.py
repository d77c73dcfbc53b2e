"""Claims' embedding band keys in the key index (``ClaimKey``), where flagging finds the claims
closest in meaning (``text.embedding_bands``).

A claim's band keys follow its stored embedding and its article's event: written at ingest
once the articles are in their events, written again when a reshape gives a claim a new text
(``claims._refresh_keys``) or an article moves to another event, and written by a re-scan for
claims stored before bands existed (``flagging._embeddings_fill``).
"""

from collections.abc import Iterable, Iterator, Sequence

from provenance.models import Claim, ClaimKey
from provenance.services.key_index import KeyRow, key_rows, key_rows_insert
from provenance.text.embedding_bands import BAND_PREFIX, band_keys


def band_rows(
    *, project_id: int, claim_id: int, embedding: bytes | None, event_id: int | None
) -> list[KeyRow]:
    return key_rows(
        project_id=project_id, claim_id=claim_id, keys=band_keys(embedding, event_id=event_id)
    )


def claims_band_rows(claims: Iterable[Claim]) -> Iterator[KeyRow]:
    """The band key rows of ``claims`` (with their articles loaded), not yet saved."""
    for claim in claims:
        yield from band_rows(
            project_id=claim.project_id,
            claim_id=claim.pk,
            embedding=claim.embedding,
            event_id=claim.article.event_id,
        )


def claims_bands_rewrite(*, claims: Sequence[Claim]) -> None:
    """Replace the band keys of ``claims`` (with their articles loaded) by those of their
    current embeddings and events: one delete and one insert."""
    ClaimKey.objects.filter(claim__in=claims, key__startswith=BAND_PREFIX).delete()
    key_rows_insert(claims_band_rows(claims))
