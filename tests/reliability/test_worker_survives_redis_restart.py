"""Redis restarts under a running worker that holds a task: the worker reconnects by itself and
goes on taking work. Celery 5.7 with kombu 5.7 died here for good ("Unrecoverable error:
AttributeError('NoneType' object has no attribute 'hostname')"): closing the lost connection
tried to hand the unacknowledged task back through a transport it had already let go of."""

import time

import pytest

from provenance.models import Article
from provenance.services.flagging import article_flagging_restart
from provenance.services.ingest import article_ingest
from provenance.tasks import flag_article
from provenance.text.types import RawArticle
from tests.conftest import wait_for
from tests.reliability.conftest import other_connection

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True), pytest.mark.timeout(240)]

BODIES = [
    "Officials said the flood displaced 40,000 villagers in the river delta on Monday.\n",
    "Aid agencies said the flood displaced no more than 5,000 villagers in the river delta.\n",
    "The Red Cross said the flood displaced 12,000 villagers in the river delta.\n",
]
# What the worker logs once it has seen the broker go away.
CONNECTION_LOST = "Connection to broker lost"


def _ingest(project, index: int):
    return article_ingest(
        project=project, raw=RawArticle(body=BODIES[index], publisher="Reuters"), origin=f"{index}"
    ).article


def _flagged(article) -> bool:
    return Article.objects.filter(pk=article.pk, flagged_at__isnull=False).exists()


def _alive(worker) -> bool:
    return worker.process is not None and worker.process.poll() is None


def _waiting_on_a_lock(other) -> bool:
    row = other.execute(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    ).fetchone()
    return row[0] > 0


def test_worker_keeps_consuming_after_redis_restarts_under_a_running_task(
    private_redis, celery_worker_process, project
):
    worker = celery_worker_process
    first = _ingest(project, 0)
    wait_for(lambda: _flagged(first), timeout=90, what="the worker to flag the first article")

    # Its claims "changed", so that flagging it again has work to do (an article flagged at
    # its version is skipped at once), and its row held, so that the task stays in the middle
    # (taken and not yet acknowledged) for as long as the test needs.
    article_flagging_restart(article_id=first.pk)
    with other_connection() as holder, other_connection(autocommit=True) as watcher:
        holder.execute("SELECT 1 FROM provenance_article WHERE id = %s FOR UPDATE", [first.pk])
        flag_article.delay(first.pk)
        wait_for(lambda: _waiting_on_a_lock(watcher), timeout=60, what="the task to reach the row")

        # Down long enough for the worker to notice, then back on the same port and empty, as
        # a Redis without persistence comes back.
        private_redis.stop()
        wait_for(
            lambda: CONNECTION_LOST in worker.log() or not _alive(worker),
            timeout=60,
            what="the worker to notice that Redis is gone",
        )
        private_redis.start()
        holder.rollback()  # the held task finishes now

    # Each article is enqueued on commit through the restarted Redis; the worker takes both.
    for article in [_ingest(project, 1), _ingest(project, 2)]:
        wait_for(
            lambda article=article: _flagged(article) or not _alive(worker),
            timeout=120,
            what="the worker to flag an article sent after the restart",
        )
        assert _alive(worker), "the worker died after Redis restarted:\n" + worker.log()
    time.sleep(1)  # a crash on the way back would come right after the last task
    assert _alive(worker), "the worker died after Redis restarted:\n" + worker.log()
    assert "Unrecoverable error" not in worker.log(), worker.log()
