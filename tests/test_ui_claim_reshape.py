"""Annotators split, merge and trim claims: offsets stay exact, versions are checked, history
and pairing keys follow, and reviewed claims are left to editors."""

import pytest

from provenance.errors import ConflictError, DomainError, NotAllowed
from provenance.models import ChangeRecord, Claim, ClaimKey
from provenance.services.claims import claim_merge, claim_split, claim_trim
from provenance.text.claim_keys import claim_keys
from provenance.text.embedding_bands import BANDS, band_keys, text_keys
from tests.review_support import FLOOD_STORY, claims_of, post_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(ingest, users):
    return ingest(FLOOD_STORY)


def assert_exact(claim: Claim) -> None:
    claim.refresh_from_db()
    assert claim.article.body[claim.start : claim.end] == claim.text
    assert claim.text == claim.text.strip()
    stored = set(ClaimKey.objects.filter(claim=claim).values_list("key", flat=True))
    assert text_keys(stored) == {key[:80] for key in claim_keys(claim.text)}
    # The bands of the new text's embedding, in the article's event, and no others.
    bands = band_keys(claim.embedding, event_id=claim.article.event_id)
    assert len(bands) == BANDS
    assert stored - text_keys(stored) == set(bands)


def test_split_cuts_a_claim_in_two_exact_parts(article, users):
    claim = claims_of(article)[1]
    original_end = claim.end
    at = claim.start + claim.text.index(", according")
    first, second = claim_split(claim=claim, at=at, version=claim.version, user=users["annotator"])
    assert first.pk == claim.pk and second.pk != claim.pk
    assert first.end == at and second.end == original_end
    assert second.text.startswith(", according")  # punctuation is text, only blanks are cut
    for part in (first, second):
        assert_exact(part)
    assert first.version == claim.version + 1
    assert ChangeRecord.objects.filter(claim=first, action="split").exists()
    assert ChangeRecord.objects.filter(claim=second, action="split_from").exists()
    chains = {a.signature for a in first.attributions.exclude(status="rejected")}
    assert {a.signature for a in second.attributions.all()} == chains


def test_split_drops_blanks_at_the_cut(article, users):
    claim = claims_of(article)[0]
    space = claim.text.index(" ") + claim.start
    first, second = claim_split(
        claim=claim, at=space + 1, version=claim.version, user=users["annotator"]
    )
    assert first.end == space and second.start == space + 1
    assert_exact(first)
    assert_exact(second)


def test_split_outside_the_claim_is_refused(article, users):
    claim = claims_of(article)[0]
    with pytest.raises(DomainError):
        claim_split(claim=claim, at=claim.end, version=claim.version, user=users["annotator"])
    with pytest.raises(DomainError):
        claim_split(claim=claim, at=claim.start, version=claim.version, user=users["annotator"])


def test_merge_joins_neighbours_and_keeps_their_history(article, users):
    a, b = claims_of(article)[:2]
    versions = {a.pk: a.version, b.pk: b.version}
    merged = claim_merge(claims=[b, a], versions=versions, user=users["annotator"])
    assert merged.pk == a.pk
    assert (merged.start, merged.end) == (a.start, b.end)
    assert_exact(merged)
    assert not Claim.objects.filter(pk=b.pk).exists()
    change = ChangeRecord.objects.get(claim=merged, action="merge")
    assert [c["text"] for c in change.before["merged"]] == [a.text, b.text]


def test_merge_must_include_claims_in_between(article, users):
    a, _, c = claims_of(article)[:3]
    with pytest.raises(DomainError, match="between"):
        claim_merge(
            claims=[a, c], versions={a.pk: a.version, c.pk: c.version}, user=users["annotator"]
        )


def test_merge_with_a_stale_version_is_a_conflict(article, users):
    a, b = claims_of(article)[:2]
    claim_trim(claim=b, start=b.start, end=b.end - 1, version=b.version, user=users["annotator"])
    with pytest.raises(ConflictError):
        claim_merge(
            claims=[a, b], versions={a.pk: a.version, b.pk: b.version}, user=users["annotator"]
        )
    assert Claim.objects.filter(pk=b.pk).exists()


def test_trim_stays_inside_the_claim(article, users):
    claim = claims_of(article)[2]
    trimmed = claim_trim(
        claim=claim,
        start=claim.start,
        end=claim.start + 20,
        version=claim.version,
        user=users["annotator"],
    )
    assert_exact(trimmed)
    assert ChangeRecord.objects.filter(claim=claim, action="trim").exists()
    with pytest.raises(DomainError):
        claim_trim(
            claim=trimmed,
            start=trimmed.start,
            end=trimmed.end + 5,
            version=trimmed.version,
            user=users["annotator"],
        )


def test_reviewed_claims_are_not_reshaped(article, users, api_client_for):
    claim = claims_of(article)[0]
    assert (
        post_review(api_client_for(users["reviewer"]), claim, "supported", 0.9).status_code == 201
    )
    claim.refresh_from_db()
    with pytest.raises(DomainError, match="editor"):
        claim_split(claim=claim, at=claim.start + 5, version=claim.version, user=users["editor"])


def test_outsiders_cannot_reshape(article, users):
    claim = claims_of(article)[0]
    with pytest.raises(NotAllowed):
        claim_split(claim=claim, at=claim.start + 5, version=claim.version, user=users["outsider"])
