"""Redis stops while reviewers work: reviews still save, new articles are still stored, and
flagging catches up once Redis is back, with nothing lost."""

import pytest

from provenance.models import Article, Claim, Flag
from provenance.services.flagging import claims_flag
from provenance.services.ingest import article_ingest
from provenance.tasks import enqueue_pending
from provenance.text.types import RawArticle
from tests.conftest import wait_for

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

BEFORE = (
    "Officials said the flood displaced 40,000 villagers in the river delta on Monday.\n"
    "The provincial governor said three bridges had collapsed.\n"
)
DURING = (
    "Aid agencies said the flood displaced no more than 5,000 villagers in the river delta.\n"
    "Rescue teams were still searching for survivors, the Red Cross said.\n"
)


def _all_flagged() -> bool:
    return not Article.objects.filter(flagged_at__isnull=True).exists()


def _flags() -> list[tuple]:
    return sorted(Flag.objects.values_list("claim_a_id", "claim_b_id", "kind"))


def test_reviews_save_and_flagging_catches_up_after_redis_returns(
    private_redis, celery_worker_process, project, users, api_client_for
):
    first = article_ingest(
        project=project, raw=RawArticle(body=BEFORE, publisher="Reuters"), origin="a.txt"
    ).article
    wait_for(_all_flagged, timeout=90, what="the worker to flag the first article")

    private_redis.stop()

    reviewer = api_client_for(users["reviewer"])
    for claim in first.claims.all():
        response = reviewer.post(
            f"/api/v1/claims/{claim.pk}/reviews/",
            {"verdict": "supported", "confidence": 0.8, "version": claim.version},
            format="json",
        )
        assert response.status_code == 201, response.content
    second = article_ingest(
        project=project, raw=RawArticle(body=DURING, publisher="AFP"), origin="b.txt"
    ).article
    assert second.claims.exists()
    assert Article.objects.get(pk=second.pk).flagged_at is None  # its task never got out

    private_redis.start()
    # What Celery beat does every minute: send again the work that never reached a worker.
    enqueue_pending.delay(0)
    wait_for(
        _all_flagged,
        timeout=120,
        what="flagging to catch up after Redis came back\n" + celery_worker_process.log(),
    )
    caught_up = _flags()
    assert any(kind == "numeric" for *_ids, kind in caught_up), "the contradiction was lost"
    # Nothing lost: flagging everything again in-process finds no flag the catch-up missed.
    claims_flag(claim_ids=list(Claim.objects.values_list("pk", flat=True)))
    assert _flags() == caught_up
    assert first.claims.filter(reviews__isnull=False).count() == first.claims.count()
