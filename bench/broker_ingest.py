"""``manage.py ingest`` with a broker and two Celery worker processes, end to end.

The command runs as a person runs it, in a process of its own with ``CELERY_BROKER_URL`` set:
it reads the files and hands them to the workers as an ingest job, and returns when every chunk
is stored. Two workers (``celery -A config worker -c 1``, twice) store the chunks and flag the
new articles. Two figures: MB/s until the command returns (articles stored, claims attributed
and keyed) and until the workers have also flagged every new article (what the embedded
default's figure includes). pysbd on the same texts is timed just before and just after, in
this process, while the workers are idle: running it at the same time would take a core from
them. The workers are warm, as a deployment's are: a few other articles go through both of them
first, so that loading the text pipeline's models is not timed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from django.db.models import F

from bench.pipeline import _seconds
from provenance.models import Article, Flag, IngestJob

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
# What issue 14 measured for ``manage.py ingest`` of 1 MB of news before the speed work, on
# this kind of machine (9 min 21 s): the "today" of its goal of ten times faster.
FILED_MB_S = 0.0018
FLAGGING_TIMEOUT = 3600  # seconds


def _workers(env: dict, queue: str, log: Path) -> list[subprocess.Popen]:
    """Two single-process workers on the bench's own queue, ready to take tasks."""
    out = log.open("ab")
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                queue,
                "-c",
                "1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--hostname",
                f"{queue}-{number}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for number in range(WORKERS)
    ]
    deadline = time.monotonic() + 120
    while log.read_text(errors="replace").count(" ready.") < WORKERS:
        if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
            _stop(processes)
            raise RuntimeError(f"the bench's workers did not start; see {log}")
        time.sleep(0.2)
    return processes


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def _write(folder: Path, articles: list[dict]) -> Path:
    """The articles as a folder of JSON Lines files, one article each."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, article in enumerate(articles):
        record = {key: article[key] for key in ("title", "publisher", "body")}
        (folder / f"{number:06d}.jsonl").write_text(json.dumps(record), encoding="utf-8")
    return folder


def _ingest(folder: Path, *, project: str, env: dict) -> subprocess.CompletedProcess:
    command = [sys.executable, "manage.py", "ingest", str(folder), "--project", project]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"manage.py ingest failed: {done.stdout}{done.stderr[-2000:]}")
    return done


def _wait_flagged(project: str, *, started: float, log: Path) -> None:
    new = Article.objects.filter(project__name=project)
    while new.filter(flagged_version__lt=F("version")).exists():
        if time.perf_counter() - started > FLAGGING_TIMEOUT:
            raise RuntimeError(f"the workers did not flag the articles; see {log}")
        time.sleep(0.1)


def measure_broker_ingest(
    *,
    articles: list[dict],
    warm_up: list[dict],
    project: str,
    broker: str,
    database_url: str,
    log: Path,
) -> dict:
    """MB/s of ``manage.py ingest`` over a folder of the articles (one JSON Lines file each)
    with a broker and two workers, warmed on ``warm_up`` first, next to pysbd on the same
    texts."""
    from bench.segmenters import pysbd_sentences

    megabytes = sum(len(a["body"].encode()) for a in articles) / 1e6
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker,
        "CELERY_QUEUE": queue,
    }
    folder = Path(tempfile.mkdtemp(prefix="claimdesk-bench-"))
    log.unlink(missing_ok=True)
    workers = _workers(env, queue, log)
    try:
        # One article a chunk, so that both workers take some.
        warm = _write(folder / "warm-up", warm_up)
        _ingest(warm, project=f"{project}-warm-up", env={**env, "INGEST_CHUNK_ARTICLES": "1"})
        _wait_flagged(f"{project}-warm-up", started=time.perf_counter(), log=log)
        measured = _write(folder / "measured", articles)

        def segment_all() -> None:
            for article in articles:
                pysbd_sentences(article["body"])

        before, _ = _seconds(segment_all)
        started = time.perf_counter()
        done = _ingest(measured, project=project, env=env)
        stored = time.perf_counter() - started
        _wait_flagged(project, started=started, log=log)
        flagged = time.perf_counter() - started
        load = [round(x, 2) for x in os.getloadavg()]
        after, _ = _seconds(segment_all)
    finally:
        _stop(workers)
        shutil.rmtree(folder, ignore_errors=True)
        _delete_queue(broker, queue)
    pysbd = (before + after) / 2
    job = IngestJob.objects.filter(project__name=project).get()
    if job.status != "done" or job.articles_added != len(articles):
        raise RuntimeError(
            f"the job did not store every article: {job.status}, {job.articles_added}"
        )
    return {
        "articles": len(articles),
        "megabytes": round(megabytes, 3),
        "workers": WORKERS,
        "chunks": job.chunks_total,
        "stored_mb_s": round(megabytes / stored, 4),
        "flagged_mb_s": round(megabytes / flagged, 4),
        "pysbd_mb_s": round(megabytes / pysbd, 4),
        "stored_x_pysbd": round(pysbd / stored, 3),
        "flagged_x_pysbd": round(pysbd / flagged, 3),
        "flagged_x_filed": round(megabytes / flagged / FILED_MB_S, 1),
        "flags": Flag.objects.filter(project__name=project).count(),
        "load_average": load,
        "summary": done.stdout.strip(),
    }


def _delete_queue(broker: str, queue: str) -> None:
    from config.celery import app

    with app.connection_for_write(broker) as conn:
        conn.default_channel.queue_delete(queue)
