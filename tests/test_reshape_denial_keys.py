"""A denial that points back ("denied the allegations") is paired through the claim before
it; when a reviewer reshapes that claim, the denial's keys follow."""

import pytest

from provenance.models import Claim, ClaimKey
from provenance.services.claims import claim_split, claim_trim
from provenance.text.contradiction import pairing_keys, points_back
from provenance.text.embedding_bands import band_keys, text_keys

pytestmark = pytest.mark.django_db

STORY = (
    "Fishermen accused the tannery of dumping chromium waste into the Ravel river last spring.\n"
    "The tannery denied the allegations.\n"
)


def _stored(claim: Claim) -> set[str]:
    return set(ClaimKey.objects.filter(claim=claim).values_list("key", flat=True))


def _keys(claim: Claim) -> set[str]:
    """The text keys stored for ``claim``; its band keys, which only its own embedding sets,
    are checked to be still there."""
    claim.refresh_from_db()
    stored = _stored(claim)
    assert stored - text_keys(stored) == set(
        band_keys(claim.embedding, event_id=claim.article.event_id)
    )
    return set(text_keys(stored))


@pytest.fixture
def claims(ingest):
    article = ingest(STORY, publisher="Valley Courier")
    accusation, denial = article.claims.order_by("start")
    assert points_back(denial.text)
    assert _keys(denial) == pairing_keys(denial.text, accusation.text)
    return accusation, denial


def test_trimming_the_charge_rebuilds_the_denials_keys(claims, users):
    accusation, denial = claims
    cut = accusation.text.index(" into the Ravel")
    trimmed = claim_trim(
        claim=accusation,
        start=accusation.start,
        end=accusation.start + cut,
        version=accusation.version,
        user=users["annotator"],
    )
    assert "ravel" not in " ".join(_keys(denial)).lower()
    assert _keys(denial) == pairing_keys(denial.text, trimmed.text)


def test_splitting_the_charge_points_the_denial_at_the_second_part(claims, users):
    accusation, denial = claims
    at = accusation.start + accusation.text.index(" into the Ravel")
    _, second = claim_split(
        claim=accusation, at=at, version=accusation.version, user=users["annotator"]
    )
    assert _keys(denial) == pairing_keys(denial.text, second.text)
