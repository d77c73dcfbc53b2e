"""One flagging task delivered twice at once, as Redis does when the visibility timeout runs out
under a long task: a real worker with two processes takes both copies, only one of them flags
the article, the other returns at once, and the flags are those of a single run."""

import re
import uuid
from unittest import mock

import pytest

from provenance import tasks
from provenance.models import Article, Claim, Flag
from provenance.services.flagging import article_flag, claims_flag
from provenance.services.ingest import article_ingest
from provenance.text.types import RawArticle
from tests.conftest import wait_for

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

PLACES = [f"district {number}" for number in range(1, 121)]


def _story(speaker: str, factor: int) -> str:
    """One claim a district, long enough that flagging it takes a while."""
    return "".join(
        f"{speaker} said the flood displaced {(number + 3) * factor:,} villagers in {place}.\n"
        for number, place in enumerate(PLACES)
    )


@pytest.fixture
def worker_logs_info(monkeypatch):
    """The worker inherits this process's environment: make it log what flagging does."""
    monkeypatch.setenv("LOG_LEVEL", "INFO")


def _flags() -> set[tuple]:
    return set(Flag.objects.values_list("claim_a_id", "claim_b_id", "kind"))


def test_a_task_delivered_twice_at_once_flags_the_article_once(
    worker_logs_info, celery_worker_process, project
):
    with mock.patch.object(tasks.flag_article, "delay"):  # sent by hand below
        first = article_ingest(
            project=project,
            raw=RawArticle(body=_story("Officials", 1000), publisher="Reuters"),
            origin="a.txt",
        ).article
        second = article_ingest(
            project=project,
            raw=RawArticle(body=_story("Aid agencies", 7), publisher="AFP"),
            origin="b.txt",
        ).article
    article_flag(article_id=first.pk)

    task_id = str(uuid.uuid4())
    for _ in range(2):
        tasks.flag_article.apply_async(args=[second.pk], task_id=task_id)
    succeeded = re.compile(rf"flag_article\[{task_id}\] succeeded")
    wait_for(
        lambda: len(succeeded.findall(celery_worker_process.log())) == 2,
        timeout=180,
        what="both copies of the task to finish\n" + celery_worker_process.log(),
    )
    log = celery_worker_process.log()
    runs = re.findall(rf"article {second.pk}: flagging \d+ claims", log)
    assert len(runs) == 1, log
    assert Article.objects.get(pk=second.pk).flagged_at is not None
    flags = _flags()
    assert any(kind == "numeric" for *_ids, kind in flags), log
    # A single run left every flag there is: flagging all again in-process adds none.
    assert claims_flag(claim_ids=list(Claim.objects.values_list("pk", flat=True))) == 0
    assert _flags() == flags
