"""Celery tasks: each takes ids, fetches, and calls one service.

Tasks are acknowledged late (a worker killed mid-task leaves the message to be redelivered),
retried with exponential back-off, and safe to run twice: flags rest on a unique pair
constraint, an article's flagging is claimed by a conditional update that a second copy of the
task cannot also win, and rescan and ingest chunks are counted done by a conditional update.

Enqueueing never fails the caller: with the broker down, the work stays marked as pending in
the database and ``enqueue_pending``, run periodically by Celery beat, sends it again.
"""

import datetime as dt
import logging

from celery import Task, shared_task
from kombu.exceptions import OperationalError

from provenance.services import catchup, flagging, ingest_jobs, rescans

logger = logging.getLogger(__name__)


class BrokerTolerantTask(Task):
    """A task whose enqueueing logs a broker outage instead of raising it.

    An article stored while Redis is down must not turn into an error for the person who
    uploaded it: its flagging is caught up by ``enqueue_pending`` once the broker is back.
    """

    def apply_async(self, *args, **kwargs):
        try:
            return super().apply_async(*args, **kwargs)
        except OperationalError as error:
            logger.warning("broker unavailable, %s left for the catch-up: %s", self.name, error)
            return None


RELIABLE = {
    "base": BrokerTolerantTask,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 8,
}


@shared_task(bind=True, **RELIABLE)
def flag_article(self, article_id: int) -> int:
    # On a worker, one chunk, the rest sent to the back of the queue; in-process, all of it.
    chunks = None if self.request.is_eager else 1
    return flagging.article_flag(article_id=article_id, chunks=chunks)


@shared_task(**RELIABLE)
def flag_articles(article_ids: list[int]) -> int:
    # A few new articles flagged in one pass; each is claimed on its own, so a redelivered copy
    # finds them flagged and returns.
    return flagging.articles_flag(article_ids=article_ids)


@shared_task(**RELIABLE)
def rescan_chunk(chunk_id: int) -> int:
    return rescans.rescan_chunk_run(chunk_id=chunk_id)


class IngestChunkTask(BrokerTolerantTask):
    """A chunk whose last retry failed is marked failed with the error, so that its job
    finishes and says why instead of waiting for ever."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        chunk_id = kwargs.get("chunk_id", args[0] if args else None)
        if chunk_id is not None:
            ingest_jobs.ingest_chunk_fail(chunk_id=chunk_id, error=f"{type(exc).__name__}: {exc}")


@shared_task(**{**RELIABLE, "base": IngestChunkTask})
def ingest_chunk(chunk_id: int) -> int:
    return ingest_jobs.ingest_chunk_run(chunk_id=chunk_id)


@shared_task(base=BrokerTolerantTask, ignore_result=True)
def enqueue_pending(older_than_seconds: int = 120) -> int:
    return catchup.pending_work_enqueue(older_than=dt.timedelta(seconds=older_than_seconds))
