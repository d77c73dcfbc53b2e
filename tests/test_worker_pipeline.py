"""The pipeline on real services: ingest commits, a real Celery worker flags contradictions."""

import re

import pytest

from provenance.models import Article, Flag
from provenance.services.ingest import article_ingest
from provenance.tasks import flag_article
from provenance.text.types import RawArticle
from tests.conftest import wait_for

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]

SUCCEEDED = re.compile(r"Task provenance\.tasks\.flag_article\[[^]]+\] succeeded")

FIRST = (
    "Officials said the flood displaced 40,000 villagers in the river delta on Monday.\n"
    "The provincial governor said three bridges had collapsed.\n"
)
SECOND = (
    "Aid agencies said the flood displaced no more than 5,000 villagers in the river delta.\n"
    "Rescue teams were still searching for survivors, the Red Cross said.\n"
)


def _flags() -> set[tuple]:
    return set(Flag.objects.values_list("claim_a_id", "claim_b_id", "kind"))


def test_worker_flags_after_commit_and_a_second_run_changes_nothing(celery_worker_process, project):
    first = article_ingest(
        project=project, raw=RawArticle(body=FIRST, publisher="Reuters"), origin="a.txt"
    ).article
    second = article_ingest(
        project=project, raw=RawArticle(body=SECOND, publisher="AFP"), origin="b.txt"
    ).article
    wait_for(
        lambda: not Article.objects.filter(flagged_at__isnull=True).exists(),
        timeout=90,
        what="the worker to flag both articles\n" + celery_worker_process.log(),
    )
    flags = _flags()
    assert any(kind == "numeric" for *_ids, kind in flags), celery_worker_process.log()

    flagged = dict(Article.objects.values_list("pk", "flagged_at"))
    runs = len(SUCCEEDED.findall(celery_worker_process.log()))
    flag_article.delay(first.pk)
    flag_article.delay(second.pk)
    wait_for(
        lambda: len(SUCCEEDED.findall(celery_worker_process.log())) == runs + 2,
        timeout=90,
        what="the second run of both tasks",
    )
    assert _flags() == flags
    # Each found its article flagged at its version and returned without flagging again.
    assert dict(Article.objects.values_list("pk", "flagged_at")) == flagged
