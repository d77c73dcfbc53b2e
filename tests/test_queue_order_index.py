"""The queue's order keys kept on the claim: the open-flag mark follows the flags through
detection, decisions and reshaping, and the queue reads them from one index."""

import pytest
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from annotations.selectors import queue_candidates
from annotations.services.queue import queue_next
from provenance.models import Claim, Flag, FlagStatus
from provenance.services.claims import claim_merge, claim_split
from provenance.services.flags import flag_decide
from provenance.services.members import member_set_role
from tests.review_support import FLOOD_STORY

pytestmark = pytest.mark.django_db

DISAGREEING = (
    "Floodwaters cut off 40 villages in the northern province on Monday, a provincial "
    "official told the Evening Star.\nThe governor said rescue boats reached every village.\n"
)


def _marks_match_flags() -> None:
    for claim in Claim.objects.all():
        has_open = Flag.objects.filter(
            Q(claim_a=claim) | Q(claim_b=claim), status=FlagStatus.OPEN
        ).exists()
        assert claim.has_open_flag == has_open, (claim.pk, claim.text)


@pytest.fixture
def flagged(ingest):
    ingest(FLOOD_STORY, publisher="Daily Courier")
    ingest(DISAGREEING, publisher="Evening Star", origin="second.txt")
    flag = Flag.objects.filter(status=FlagStatus.OPEN).order_by("id").first()
    assert flag is not None, "the two articles disagree on the number of villages"
    return flag


def test_detection_marks_both_claims_of_a_flag(flagged):
    assert Claim.objects.filter(has_open_flag=True).count() >= 2
    _marks_match_flags()


def test_deciding_a_flag_updates_the_marks(flagged, users):
    dismissed = flag_decide(
        flag=flagged, status=FlagStatus.DISMISSED, version=flagged.version, user=users["reviewer"]
    )
    _marks_match_flags()
    flag_decide(
        flag=dismissed, status=FlagStatus.OPEN, version=dismissed.version, user=users["reviewer"]
    )
    assert Claim.objects.get(pk=flagged.claim_a_id).has_open_flag
    _marks_match_flags()


def test_reshaping_a_flagged_claim_clears_its_partners_mark(flagged, users):
    claim = Claim.objects.get(pk=flagged.claim_b_id)
    claim_split(
        claim=claim,
        at=claim.start + claim.text.index(" ", 10),
        version=claim.version,
        user=users["annotator"],
    )
    _marks_match_flags()


def test_merging_away_a_flagged_claim_clears_its_partners_mark(flagged, users):
    claim = Claim.objects.get(pk=flagged.claim_b_id)
    neighbour = (
        Claim.objects.filter(article=claim.article).exclude(pk=claim.pk).order_by("start").first()
    )
    kept = claim_merge(
        claims=[neighbour, claim],
        versions={neighbour.pk: neighbour.version, claim.pk: claim.version},
        user=users["annotator"],
    )
    assert Claim.objects.filter(article=claim.article, pk__in=[claim.pk, neighbour.pk]).count() == 1
    assert kept.pk in (claim.pk, neighbour.pk)
    _marks_match_flags()


def test_the_most_urgent_head_of_several_projects_wins(ingest, users, project, other_project):
    member_set_role(project=other_project, user=users["reviewer"], role="reviewer")
    ingest(FLOOD_STORY, publisher="Daily Courier")
    ingest(FLOOD_STORY, publisher="Daily Courier", target=other_project, origin="other.txt")
    ingest(DISAGREEING, publisher="Evening Star", target=other_project, origin="second.txt")
    assert Claim.objects.filter(project=other_project, has_open_flag=True).exists()
    assert not Claim.objects.filter(project=project, has_open_flag=True).exists()
    lease = queue_next(user=users["reviewer"], projects=[project, other_project])
    assert lease.claim.project == other_project and lease.claim.has_open_flag


def test_claims_carry_their_articles_project(ingest, other_project):
    ingest(FLOOD_STORY, publisher="Daily Courier")
    ingest(FLOOD_STORY, publisher="Daily Courier", target=other_project, origin="other.txt")
    for claim in Claim.objects.select_related("article"):
        assert claim.project_id == claim.article.project_id


def test_the_queue_reads_its_order_from_the_index(ingest, users, project):
    ingest(FLOOD_STORY, publisher="Daily Courier")
    candidates = queue_candidates(
        user=users["reviewer"], project=project, status="unreviewed", now=timezone.now()
    )
    sql, params = candidates.values_list("pk")[:1].query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A table this small would be read whole; forbid that to see the usable plan.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row) for row in cursor.fetchall())
    assert "claim_queue_order" in plan, plan
    assert "TEMP B-TREE" not in plan.upper(), plan  # SQLite sorting the rows itself
