"""Ingest jobs on real services: ``manage.py ingest`` hands the files to a real Celery worker
and follows the job; chunks delivered twice store and count their articles once."""

import re
from unittest import mock

import pytest

from provenance import tasks
from provenance.models import Article, Claim, IngestJob
from provenance.services.ingest import files_ingest, project_get_or_create
from provenance.services.ingest_jobs import ingest_job_create
from tests.conftest import wait_for
from tests.test_ingest_command import run_ingest
from tests.test_ingest_processes import _folder, _stored

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True), pytest.mark.timeout(300)]

SUCCEEDED = re.compile(r"Task provenance\.tasks\.ingest_chunk\[[^]]+\] succeeded")


def test_the_command_hands_the_files_to_the_worker_and_follows_the_job(
    celery_worker_process, tmp_path, settings
):
    settings.INGEST_CHUNK_ARTICLES = 2
    folder = _folder(tmp_path)  # the seeds, a broken JSON Lines file and an empty file
    out, err, code = run_ingest(str(folder), "--project", "floods")
    assert code == 1, err  # the two bad files
    job = IngestJob.objects.get()
    assert (job.status, job.chunks_done, job.chunks_total) == ("done", 3, 3), (
        err + celery_worker_process.log()
    )
    project = job.project
    claims = Claim.objects.filter(project=project).count()
    assert out.strip() == (
        f"Project floods: 5 articles added ({claims} claims), 0 duplicates skipped, "
        "2 files rejected."
    )
    assert "broken.jsonl" in err and "empty.txt" in err and "3/3" in err
    assert job.articles_added == Article.objects.filter(project=project).count() == 5
    assert job.claims_added == claims > 0
    # What the worker stored is what the command stores in its own process (the worker's two
    # processes store the chunks in either order).
    here = project_get_or_create(name="here")
    files_ingest(project=here, paths=[folder], origin_for=str)
    assert sorted(_stored(project)[1]) == sorted(_stored(here)[1])


def test_chunks_delivered_twice_store_and_count_their_articles_once(
    celery_worker_process, tmp_path, settings
):
    settings.INGEST_CHUNK_ARTICLES = 2
    with mock.patch.object(tasks.ingest_chunk, "delay"):  # sent by hand below
        job = ingest_job_create(
            project=project_get_or_create(name="twice"), paths=[_folder(tmp_path)]
        )
    chunk_ids = list(job.chunks.order_by("sequence").values_list("pk", flat=True))
    for chunk_id in chunk_ids:  # each twice, back to back: the worker's two processes race
        tasks.ingest_chunk.delay(chunk_id)
        tasks.ingest_chunk.delay(chunk_id)
    wait_for(
        lambda: len(SUCCEEDED.findall(celery_worker_process.log())) == 2 * len(chunk_ids),
        timeout=180,
        what="every copy of the chunks' tasks\n" + celery_worker_process.log(),
    )
    job.refresh_from_db()
    assert (job.status, job.chunks_done, job.chunks_total) == ("done", 3, 3)
    assert (job.articles_total, job.articles_added, job.articles_duplicate) == (5, 5, 0)
    assert Article.objects.filter(project=job.project).count() == 5
    assert job.claims_added == Claim.objects.filter(project=job.project).count()
