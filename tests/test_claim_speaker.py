"""A claim's main attribution and speaker: one rule (``provenance.main_attribution``), stored
on the claim by every service that changes its chains, and read by the exports' source-kind
filter, the dashboard and the graph's claim lists."""

import io
import json

import pytest
from django.core.management import call_command

from annotations.dashboard import sources_by_kind
from provenance.graph import claims_through
from provenance.main_attribution import main_attribution_fill
from provenance.models import Attribution, AttributionHop, AttributionStatus, Claim, Source
from provenance.services.attributions import (
    attribution_add,
    attribution_decide,
    attribution_edit,
    attributions_suggest,
)
from provenance.services.claims import claim_merge, claim_split
from provenance.services.sources import source_merge
from provenance.text.types import ExtractedAttribution, Hop

pytestmark = pytest.mark.django_db

BODY = "The dam displaced 40,000 villagers on Monday.\n\nThe river rose by two metres overnight.\n"
DOCTOR = [Hop(name="Dr. Lê Văn Ánh", kind="individual", role="speaker")]
MINISTRY = [Hop(name="Ministry of Water", kind="government", role="speaker")]
AMNESTY = [Hop(name="Amnesty International", kind="ngo", role="speaker")]


def _suggest(claim: Claim, chain: list[Hop], confidence: float) -> Attribution:
    extracted = ExtractedAttribution(
        chain=tuple(chain), cue="said", cue_start=None, cue_end=None, confidence=confidence
    )
    assert attributions_suggest(claims=[claim], extracted=[extracted]) == 1
    return Attribution.objects.filter(claim=claim).latest("id")


def _speaker(claim: Claim) -> tuple[int | None, str | None]:
    claim = Claim.objects.select_related("speaker").get(pk=claim.pk)
    return claim.main_attribution_id, claim.speaker.name if claim.speaker else None


@pytest.fixture
def claim(ingest):
    article = ingest(BODY, title="Dam", origin="dam.txt")
    first = article.claims.order_by("start").first()
    Attribution.objects.filter(claim__article=article).delete()  # whatever extraction found
    Claim.objects.filter(article=article).update(main_attribution=None, speaker=None)
    return first


@pytest.fixture
def two_chains(claim, users):
    """A confirmed chain whose speaker is a person, and a more confident machine suggestion
    whose speaker is a ministry."""
    suggested = _suggest(claim, MINISTRY, confidence=0.95)
    confirmed = attribution_add(claim=claim, chain=DOCTOR, confidence=0.6, user=users["editor"])
    return confirmed, suggested


def _exported(*args: str) -> set[int]:
    out = io.StringIO()
    call_command("export", "--status", "all", "--format", "jsonl", *args, stdout=out)
    return {json.loads(line)["id"] for line in out.getvalue().splitlines()}


def test_source_kind_is_the_kind_of_the_main_chains_speaker(two_chains, claim, users, client):
    assert claim.pk not in _exported("--source-kind", "government")
    assert claim.pk in _exported("--source-kind", "individual")
    client.force_login(users["editor"])
    api = client.get("/api/v1/export/claims/", {"status": "all", "source_kind": "government"})
    assert api.status_code == 200
    assert str(claim.pk) not in b"".join(api.streaming_content).decode()


def test_the_dashboard_and_the_graph_count_each_claim_by_its_speaker(two_chains, claim):
    assert sources_by_kind(project=claim.project) == [("individual", 1)]
    ministry = Source.objects.get(name="Ministry of Water")
    doctor = Source.objects.get(name="Dr. Lê Văn Ánh")
    assert not claims_through(Claim.objects.all(), source=ministry.pk).exists()
    assert list(claims_through(Claim.objects.all(), source=doctor.pk)) == [claim]


def test_every_chain_service_keeps_the_speaker(claim, users):
    editor = users["editor"]
    assert _speaker(claim) == (None, None)
    suggested = _suggest(claim, MINISTRY, confidence=0.4)
    assert _speaker(claim) == (suggested.pk, "Ministry of Water")
    confirmed = attribution_add(claim=claim, chain=DOCTOR, confidence=0.2, user=editor)
    assert _speaker(claim) == (confirmed.pk, "Dr. Lê Văn Ánh")
    attribution_decide(
        attribution=confirmed,
        status=AttributionStatus.REJECTED,
        version=confirmed.version,
        user=editor,
    )
    assert _speaker(claim) == (suggested.pk, "Ministry of Water")
    edited = attribution_edit(
        attribution=suggested, version=suggested.version, user=editor, chain=AMNESTY
    )
    assert _speaker(claim) == (edited.pk, "Amnesty International")
    attribution_decide(
        attribution=edited, status=AttributionStatus.REJECTED, version=edited.version, user=editor
    )
    assert _speaker(claim) == (None, None)


def test_a_split_part_gets_the_chain_it_copies_and_a_merge_keeps_the_confirmed_one(claim, users):
    editor = users["editor"]
    attribution_add(claim=claim, chain=MINISTRY, user=editor)
    claim.refresh_from_db()
    first, part = claim_split(
        claim=claim, at=claim.text.index(" on Monday"), version=claim.version, user=editor
    )
    assert _speaker(part)[1] == "Ministry of Water"
    assert Claim.objects.get(pk=part.pk).main_attribution.claim_id == part.pk
    other = Claim.objects.filter(article=claim.article).exclude(pk__in=[first.pk, part.pk]).get()
    doctor = attribution_add(claim=other, chain=DOCTOR, user=editor)
    first.refresh_from_db()
    part.refresh_from_db()
    other.refresh_from_db()
    kept = claim_merge(
        claims=[first, part, other],
        versions={c.pk: c.version for c in (first, part, other)},
        user=editor,
    )
    speaker = _speaker(kept)
    assert speaker[1] == "Ministry of Water" and speaker[0] != doctor.pk
    assert Attribution.objects.get(pk=speaker[0]).claim_id == kept.pk


def test_a_merge_of_sources_moves_the_speaker_before_the_duplicate_goes(claim, users):
    editor = users["editor"]
    attribution_add(claim=claim, chain=MINISTRY, user=editor)
    duplicate = Source.objects.get(name="Ministry of Water")
    keep = Source.objects.create(
        project=claim.project,
        name="Water Ministry",
        normalized_name="water ministry",
        kind="government",
    )
    source_merge(keep=keep, duplicate=duplicate, version=keep.version, user=editor)
    assert _speaker(claim)[1] == "Water Ministry"
    assert not Source.objects.filter(pk=duplicate.pk).exists()


def test_the_rule_over_stored_rows(claim, users):
    """Confirmed before suggested, then the most confident, then the oldest; never rejected."""
    sources = [
        Source.objects.create(name=f"Source {n}", normalized_name=f"source {n}", kind="ngo")
        for n in range(4)
    ]

    def chain(n: int, status: str, confidence: float) -> Attribution:
        attribution = Attribution.objects.create(
            claim=claim, origin="extracted", status=status, confidence=confidence, signature=str(n)
        )
        AttributionHop.objects.create(
            attribution=attribution, position=0, role="speaker", source=sources[n]
        )
        return attribution

    def main() -> tuple[int | None, str | None]:
        main_attribution_fill(
            Claim.objects.filter(pk=claim.pk),
            attribution_model=Attribution,
            hop_model=AttributionHop,
        )
        return _speaker(claim)

    rejected = chain(0, "rejected", 1.0)
    assert main() == (None, None)
    tied = chain(1, "suggested", 0.7)
    chain(2, "suggested", 0.7)
    assert main() == (tied.pk, "Source 1")
    confirmed = chain(3, "confirmed", 0.1)
    assert main() == (confirmed.pk, "Source 3")
    Attribution.objects.filter(pk=confirmed.pk).update(status="rejected")
    assert main() == (tied.pk, "Source 1")
    assert rejected.pk != tied.pk
