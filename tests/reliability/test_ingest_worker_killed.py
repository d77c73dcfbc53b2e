"""A worker killed while it stores a chunk of an ingest job: the task comes back to the
restarted worker, and the job ends with each article stored once and counted once."""

import re

import pytest

from provenance.models import Article, IngestJob
from provenance.services.ingest import project_get_or_create
from provenance.services.ingest_jobs import ingest_job_create
from tests.conftest import wait_for

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True), pytest.mark.timeout(300)]

RECEIVED = re.compile(r"Task provenance\.tasks\.ingest_chunk\[[^]]+\] received")
ARTICLES = 60  # one chunk that takes the worker seconds, so the kill lands in the middle


def _files(folder) -> None:
    for number in range(ARTICLES):
        (folder / f"{number}.txt").write_text(
            "".join(
                f"Officials said the flood displaced {(number + 1) * 100 + line:,} villagers in "
                f"district {line}, Reuters reported on Monday.\n"
                for line in range(30)
            )
        )


def test_a_worker_killed_mid_chunk_leaves_each_article_once(
    short_visibility, celery_worker_process, tmp_path, settings
):
    settings.INGEST_CHUNK_ARTICLES = ARTICLES
    _files(tmp_path)
    job = ingest_job_create(project=project_get_or_create(name="killed"), paths=[tmp_path])
    assert job.chunks_total == 1
    wait_for(
        lambda: RECEIVED.search(celery_worker_process.log()),
        timeout=60,
        what="the worker to take the chunk",
    )
    celery_worker_process.kill()
    job.refresh_from_db()
    assert job.finished_at is None, "the chunk was stored before the kill; nothing was tested"
    assert not Article.objects.filter(project=job.project).exists()

    celery_worker_process.start()
    wait_for(
        lambda: IngestJob.objects.filter(pk=job.pk, finished_at__isnull=False).exists(),
        timeout=200,
        what="the job to finish after the restart\n" + celery_worker_process.log(),
    )
    job.refresh_from_db()
    chunk = job.chunks.get()
    assert (job.status, job.chunks_done, job.articles_added) == ("done", 1, ARTICLES)
    assert Article.objects.filter(project=job.project).count() == ARTICLES
    assert chunk.attempts >= 2  # taken, killed, taken again
    assert len(RECEIVED.findall(celery_worker_process.log())) >= 2
