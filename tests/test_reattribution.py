"""Running attribution again over stored claims: new chains are suggested, what reviewers
decided stays as they left it."""

import io

import pytest
from django.core.management import CommandError, call_command

from provenance.models import Attribution, AttributionStatus, Claim
from provenance.services.attributions import attribution_decide
from provenance.services.claims import claim_split
from provenance.services.reattribution import article_reattribute

pytestmark = pytest.mark.django_db

STORY = (
    "The dam released water for six hours on Tuesday, the regional water authority said.\n"
    "Farmers downstream lost most of the rice harvest, a local cooperative told Reuters.\n"
    "Engineer Marta Quiroga said the spillway gates had been inspected in May.\n"
)


@pytest.fixture
def article(ingest):
    return ingest(STORY, publisher="Valley Courier")


def _chains() -> list[tuple]:
    return sorted(
        Attribution.objects.values_list("claim_id", "signature", "status", "origin", "version")
    )


def test_a_rerun_changes_nothing_when_nothing_changed(article):
    before = _chains()
    assert before, "the story's claims have sources"
    assert article_reattribute(article_id=article.pk) == 0
    assert _chains() == before


def test_rejected_stays_rejected_and_confirmed_is_not_doubled(article, users):
    first, second = Attribution.objects.order_by("claim__start")[:2]
    attribution_decide(
        attribution=first,
        status=AttributionStatus.REJECTED,
        version=first.version,
        user=users["annotator"],
    )
    attribution_decide(
        attribution=second,
        status=AttributionStatus.CONFIRMED,
        version=second.version,
        user=users["annotator"],
    )
    before = _chains()
    assert article_reattribute(article_id=article.pk) == 0
    assert _chains() == before
    assert Attribution.objects.get(pk=first.pk).status == AttributionStatus.REJECTED


def test_a_claim_without_a_chain_gets_one(article):
    claim = Claim.objects.filter(article=article).order_by("-start").first()
    lost = list(claim.attributions.values_list("signature", flat=True))
    claim.attributions.all().delete()  # as if an older extractor had found nothing
    assert article_reattribute(article_id=article.pk) == len(lost)
    assert list(claim.attributions.values_list("signature", flat=True)) == lost


def test_claims_split_by_a_reviewer_are_attributed_as_they_are_now(article, users):
    claim = Claim.objects.filter(article=article).order_by("start").first()
    cut = claim.start + claim.text.index(" on Tuesday")
    _, part = claim_split(claim=claim, at=cut, version=claim.version, user=users["annotator"])
    part.attributions.all().delete()
    assert article_reattribute(article_id=article.pk) >= 1
    speaker = part.attributions.get().hops.get(position=0).source
    assert "water authority" in speaker.name.lower()


def test_the_command_reports_and_refuses_an_unknown_project(article, project):
    out = io.StringIO()
    call_command("reattribute", "--project", project.name, stdout=out, stderr=io.StringIO())
    assert f"Project {project.name}: 0 new attribution suggestions." in out.getvalue()
    with pytest.raises(CommandError, match="no project named"):
        call_command("reattribute", "--project", "nope", stdout=io.StringIO())


def test_a_clash_with_a_reviewer_is_tried_again(article, monkeypatch):
    from django.db import IntegrityError

    from provenance.services import reattribution

    real = reattribution.attributions_suggest
    calls = []

    def clash_once(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("attribution_unique_chain_per_claim")
        return real(**kwargs)

    monkeypatch.setattr(reattribution, "attributions_suggest", clash_once)
    before = _chains()
    assert article_reattribute(article_id=article.pk) == 0
    assert len(calls) == 2 and _chains() == before
