"""Ingest jobs, tasks in-process: the chunks store what ``files_ingest`` stores, each article
once and counted once however often a chunk's task runs, and the command keeps its contract on
the job path."""

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from provenance import tasks
from provenance.management.commands import ingest as ingest_command
from provenance.models import Article, IngestChunk, IngestJob
from provenance.services import ingest_jobs
from provenance.services.catchup import pending_work_enqueue
from provenance.services.ingest import files_ingest, project_get_or_create
from provenance.services.ingest_jobs import ingest_chunk_run, ingest_job_create
from tests.test_ingest_command import run_ingest
from tests.test_ingest_processes import SEEDS, _folder, _stored

pytestmark = pytest.mark.django_db


def _job(folder: Path, *, name: str, capture, execute: bool) -> IngestJob:
    """A job of ``folder``, its chunks run on commit (``execute``) or left pending."""
    with capture(execute=execute):
        job = ingest_job_create(
            project=project_get_or_create(name=name), paths=[folder], origin_for=lambda p: p.name
        )
    job.refresh_from_db()
    return job


def test_a_job_in_chunks_stores_what_files_ingest_stores(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.INGEST_CHUNK_ARTICLES = 2
    folder = _folder(tmp_path)
    here = project_get_or_create(name="here")
    summary = files_ingest(project=here, paths=[folder], origin_for=lambda p: p.name)

    job = _job(folder, name="on workers", capture=django_capture_on_commit_callbacks, execute=True)
    assert job.status == "done" and job.finished_at is not None
    assert job.chunks_total == job.chunks_done == 3 and job.chunks_failed == 0
    assert job.articles_total == job.articles_added == len(summary.added) == 5
    assert job.claims_added == sum(article.claims.count() for article in summary.added)
    assert [r["file"] for r in job.rejections] == [origin for origin, _ in summary.rejected]
    assert [r["reason"] for r in job.rejections] == [reason for _, reason in summary.rejected]
    assert job.files_total == 7 and job.files_rejected == 2
    assert _stored(job.project) == _stored(here)
    # The raw text is not kept once the articles carry it.
    assert not any(IngestChunk.objects.filter(job=job).values_list("articles", flat=True))


def test_a_chunk_run_twice_stores_and_counts_its_articles_once(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.INGEST_CHUNK_ARTICLES = 2
    job = _job(
        _folder(tmp_path), name="twice", capture=django_capture_on_commit_callbacks, execute=False
    )
    chunks = list(job.chunks.order_by("sequence").values_list("pk", flat=True))
    assert job.status == "running" and len(chunks) == 3
    assert ingest_chunk_run(chunk_id=chunks[0]) == 2
    stored = _stored(job.project)
    assert ingest_chunk_run(chunk_id=chunks[0]) == 0
    assert _stored(job.project) == stored
    job.refresh_from_db()
    assert (job.chunks_done, job.articles_added, job.status) == (1, 2, "running")
    for chunk_id in chunks[1:] + chunks:
        ingest_chunk_run(chunk_id=chunk_id)
    job.refresh_from_db()
    assert (job.chunks_done, job.articles_added, job.articles_duplicate) == (3, 5, 0)
    assert job.status == "done"
    assert Article.objects.filter(project=job.project).count() == 5


def test_a_copy_that_analysed_while_another_stored_the_chunk_stores_nothing(
    tmp_path, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The second copy finds the chunk done when it comes to claim it: the conditional update
    changes no row, and nothing of its work is written or counted."""
    settings.INGEST_CHUNK_ARTICLES = 100
    job = _job(
        _folder(tmp_path), name="race", capture=django_capture_on_commit_callbacks, execute=False
    )
    [chunk_id] = job.chunks.values_list("pk", flat=True)
    original = ingest_jobs.registry_snapshot
    calls = []

    def other_copy_runs_meanwhile(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            assert ingest_chunk_run(chunk_id=chunk_id) == 5  # the other copy, start to end
        return original(**kwargs)

    monkeypatch.setattr(ingest_jobs, "registry_snapshot", other_copy_runs_meanwhile)
    assert ingest_chunk_run(chunk_id=chunk_id) == 0
    job.refresh_from_db()
    assert (job.chunks_done, job.articles_added, job.articles_duplicate) == (1, 5, 0)
    assert IngestChunk.objects.get(pk=chunk_id).attempts == 2
    assert Article.objects.filter(project=job.project).count() == 5


def test_duplicates_already_stored_are_counted_as_such(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    folder = _folder(tmp_path)
    files_ingest(project=project_get_or_create(name="again"), paths=[folder / SEEDS_FIRST])
    job = _job(folder, name="again", capture=django_capture_on_commit_callbacks, execute=True)
    assert (job.articles_added, job.articles_duplicate, job.status) == (4, 1, "done")


SEEDS_FIRST = sorted(path.name for path in SEEDS.iterdir())[0]


def test_an_article_the_worker_refuses_fails_its_chunk_and_the_job_says_why(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.INGEST_CHUNK_ARTICLES = 1
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "short.txt").write_text("Officials said two bridges collapsed on Monday.\n")
    (folder / "long.txt").write_text("The river rose again overnight, officials said. " * 40)
    job = _job(folder, name="refused", capture=django_capture_on_commit_callbacks, execute=False)
    settings.MAX_ARTICLE_BYTES = 500  # the workers' limit is lower than the command's
    for chunk_id in job.chunks.values_list("pk", flat=True):
        ingest_chunk_run(chunk_id=chunk_id)
    job.refresh_from_db()
    assert (job.status, job.chunks_done, job.chunks_failed, job.articles_added) == (
        "failed",
        1,
        1,
        1,
    )
    failed = job.chunks.get(status="failed")
    assert "long.txt" in failed.error and "limit" in failed.error
    assert failed.articles, "a failed chunk keeps its articles"


def test_a_chunk_whose_retries_run_out_is_marked_failed(
    tmp_path, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """The task's last failure reaches ``on_failure``, which finishes the job as failed.
    In-process, retries run at once when failures are not raised to the caller."""
    settings.CELERY_TASK_EAGER_PROPAGATES = False

    def broken(**kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(ingest_jobs, "_store_batch", broken)
    (tmp_path / "one.txt").write_text("Officials said two bridges collapsed on Monday.\n")
    _job(tmp_path, name="broken", capture=django_capture_on_commit_callbacks, execute=True)
    job = IngestJob.objects.get()
    assert (job.status, job.chunks_failed, job.articles_added) == ("failed", 1, 0)
    chunk = job.chunks.get()
    assert chunk.error == "RuntimeError: the disk is full"
    assert chunk.attempts == 1 + tasks.RELIABLE["max_retries"]  # retried, then given up
    assert not Article.objects.filter(project=job.project).exists()


def test_chunks_the_broker_never_took_are_sent_again_by_the_catch_up(
    tmp_path, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.INGEST_CHUNK_ARTICLES = 2
    taken = tasks.ingest_chunk.delay
    monkeypatch.setattr(tasks.ingest_chunk, "delay", lambda chunk_id: None)  # the broker is down
    job = _job(
        _folder(tmp_path), name="outage", capture=django_capture_on_commit_callbacks, execute=True
    )
    assert job.active_at is None and job.chunks_done == 0
    monkeypatch.setattr(tasks.ingest_chunk, "delay", taken)  # and back
    # A job sent or at work recently is left to its queue.
    IngestJob.objects.filter(pk=job.pk).update(active_at=dt.datetime.now(dt.UTC))
    assert pending_work_enqueue(older_than=dt.timedelta(minutes=5)) == 0
    IngestJob.objects.filter(pk=job.pk).update(active_at=None)
    assert pending_work_enqueue(older_than=dt.timedelta(0)) == 3
    job.refresh_from_db()
    assert (job.status, job.chunks_done, job.articles_added) == ("done", 3, 5)
    assert ingest_jobs.stalled_chunks_send(older_than=dt.timedelta(0), limit=100) == 0


def test_the_job_constraints_refuse_counts_that_cannot_be(db, project):
    from django.db import IntegrityError, transaction

    job = IngestJob.objects.create(project=project, chunks_total=2)
    for bad in (
        {"chunks_done": 3},
        {"chunks_done": 2, "status": "done"},  # finished with no finish time
        {"chunks_done": 1, "status": "done", "finished_at": dt.datetime.now(dt.UTC)},
        {"chunks_done": 2, "status": "failed", "finished_at": dt.datetime.now(dt.UTC)},
        {"status": "paused"},
        {"articles_added": 1},  # more added than there were
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            IngestJob.objects.filter(pk=job.pk).update(**bad)
    IngestChunk.objects.create(job=job, sequence=0, articles_total=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        IngestChunk.objects.create(job=job, sequence=0, articles_total=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        IngestChunk.objects.filter(job=job).update(status="done")  # done with no time


@pytest.fixture
def on_workers(monkeypatch):
    """The command as it runs with a broker; here the tasks still run in-process."""
    monkeypatch.setattr(ingest_command, "on_workers", lambda: True)


@pytest.mark.django_db(transaction=True)
def test_the_command_on_the_job_path_keeps_its_contract(tmp_path, settings, on_workers):
    settings.INGEST_CHUNK_ARTICLES = 2
    settings.MAX_ARTICLE_BYTES = 20_000
    for path in sorted(SEEDS.iterdir())[:3]:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "empty.txt").write_text("   \n\n")
    good = json.dumps({"title": "Flood", "body": "The dam burst on Monday, officials said."})
    (tmp_path / "broken.jsonl").write_text(good + "\n{not json}\n")
    out, err, code = run_ingest(str(tmp_path), "--project", "floods")
    assert code == 1
    job = IngestJob.objects.get()
    claims = sum(a.claims.count() for a in Article.objects.all())
    assert out.strip() == (
        f"Project floods: 3 articles added ({claims} claims), 0 duplicates skipped, "
        "2 files rejected."
    )
    assert "rejected" in err and "empty.txt" in err and "line 2" in err
    assert "2/2" in err  # the chunks' progress
    assert job.status == "done" and job.chunks_total == 2

    out, err, code = run_ingest(str(tmp_path), "--project", "floods")
    assert "0 articles added" in out and "3 duplicates skipped" in out
    assert Article.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_here_stays_in_process_and_no_wait_returns_with_the_job(tmp_path, on_workers, monkeypatch):
    shutil.copy(sorted(SEEDS.iterdir())[0], tmp_path / "one.txt")
    out, err, code = run_ingest(str(tmp_path), "--here")
    assert code == 0, err and "1 articles added" in out
    assert not IngestJob.objects.exists()

    (tmp_path / "two.txt").write_text("Officials said two bridges collapsed on Monday.\n")
    monkeypatch.setattr(tasks.ingest_chunk, "delay", lambda chunk_id: None)  # no worker takes it
    out, err, code = run_ingest(str(tmp_path), "--no-wait")
    job = IngestJob.objects.get()
    assert code == 0, err
    assert f"ingest job {job.pk} started" in out and f"/api/v1/ingest-jobs/{job.pk}/" in out
    assert "catch-up" in err
    assert job.status == "running" and job.chunks_done == 0
