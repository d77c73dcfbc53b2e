"""A command-line ingest handed to the workers: chunks of whole files that Celery workers on
any number of machines share, with the job's progress counted as they finish.

Workers elsewhere cannot read the command's paths, so the command reads every file and refuses
the bad ones as ``files_ingest`` does, then keeps the articles of the good ones in the database
as chunks of whole files (a file still goes in whole or not at all): the job and its chunks in
one transaction, one task per chunk sent once it commits. A chunk's task runs the articles
through the same text pipeline and the same batch store as ``files_ingest`` (``_prepare``,
``_store_batch``), so deduplication, claims, keys, history and the flagging sent on commit are
those of any other ingest.

A chunk is claimed by a conditional update (pending to done) in the transaction that stores
its articles and counts them into the job, so a task run twice, or redelivered after its worker
was killed, stores and counts each article once: a second copy waits on the chunk's row until
the first commits and then finds it done, and a killed worker's transaction is rolled back,
leaving the chunk pending. Chunks whose task never reached a worker (the broker was down) are
sent again by the catch-up (``catchup.pending_work_enqueue``) once their job has been quiet for
a while.
"""

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from provenance.models import (
    IngestChunk,
    IngestChunkStatus,
    IngestJob,
    IngestJobStatus,
    Project,
)
from provenance.services.ingest import _prepare, _store_batch, checked_file
from provenance.services.sources import registry_snapshot
from provenance.text.readers import iter_input_files
from provenance.text.types import InputError, RawArticle

ERROR_MAX = 2000


def ingest_job_create(
    *,
    project: Project,
    paths: Iterable[Path],
    publisher: str = "",
    created_by: AbstractBaseUser | None = None,
    on_file: Callable[[Path], None] | None = None,
    origin_for: Callable[[Path], str] = str,
) -> IngestJob:
    """Read and check the files here, keep their articles as chunks of whole files of about
    ``INGEST_CHUNK_ARTICLES`` articles, and send one task per chunk once the transaction has
    committed. A rejected file is recorded on the job with its reason and the others still go
    in; a job with nothing to store is finished at once."""
    files = list(iter_input_files(paths))
    rejections: list[dict[str, str]] = []
    chunk_ids: list[int] = []
    articles_total = 0
    with transaction.atomic():
        job = IngestJob.objects.create(
            project=project,
            created_by=created_by,
            publisher=publisher.strip()[:300],
            files_total=len(files),
        )
        pending: list[dict] = []

        def keep_chunk() -> None:
            chunk = IngestChunk.objects.create(
                job=job, sequence=len(chunk_ids), articles=pending, articles_total=len(pending)
            )
            chunk_ids.append(chunk.pk)

        for path in files:
            origin = origin_for(path)
            items = checked_file(path, origin)
            if isinstance(items, InputError):
                rejections.append({"file": origin, "reason": str(items)})
            else:
                pending.extend({"origin": where, **dataclasses.asdict(raw)} for raw, where in items)
                articles_total += len(items)
                if len(pending) >= settings.INGEST_CHUNK_ARTICLES:
                    keep_chunk()
                    pending = []
            if on_file is not None:
                on_file(path)
        if pending:
            keep_chunk()
        finished = not chunk_ids
        IngestJob.objects.filter(pk=job.pk).update(
            files_rejected=len(rejections),
            rejections=rejections,
            articles_total=articles_total,
            chunks_total=len(chunk_ids),
            status=IngestJobStatus.DONE if finished else IngestJobStatus.RUNNING,
            finished_at=timezone.now() if finished else None,
        )
        transaction.on_commit(lambda: _send(job_id=job.pk, chunk_ids=chunk_ids))
    job.refresh_from_db()
    return job


def _send(*, job_id: int, chunk_ids: list[int]) -> int:
    """Send the chunks' tasks; the job is marked active when the broker took any. Returns how
    many it took (a broker that is down takes none: the catch-up sends them later)."""
    from provenance.tasks import ingest_chunk

    sent = sum(ingest_chunk.delay(chunk_id) is not None for chunk_id in chunk_ids)
    if sent:
        IngestJob.objects.filter(pk=job_id).update(active_at=timezone.now())
    return sent


def ingest_chunk_run(*, chunk_id: int) -> int:
    """Analyse and store one chunk's articles and count them into its job; returns the
    articles added. Safe to run twice (see the module's docstring).

    The analysis runs before the transaction opens. In the transaction the chunk's row is
    locked by the conditional update that marks it done, and the job's row by the update that
    counts it, last, so that chunks of one job on many workers wait for each other only while
    one commits. An article the pipeline refuses (``InputError``) fails the chunk at once:
    running it again would refuse it again."""
    if not IngestChunk.objects.filter(pk=chunk_id, status=IngestChunkStatus.PENDING).update(
        attempts=F("attempts") + 1
    ):
        return 0  # done or failed already, or no such chunk
    chunk = IngestChunk.objects.select_related("job__project", "job__created_by").get(pk=chunk_id)
    job = chunk.job
    registry = registry_snapshot(project=job.project)
    try:
        prepared = [
            _prepare(_raw(item), origin=item["origin"], publisher=job.publisher, registry=registry)
            for item in chunk.articles
        ]
    except InputError as error:
        ingest_chunk_fail(chunk_id=chunk_id, error=str(error))
        return 0
    with transaction.atomic():
        claimed = IngestChunk.objects.filter(pk=chunk_id, status=IngestChunkStatus.PENDING).update(
            status=IngestChunkStatus.DONE, done_at=timezone.now(), articles=[]
        )
        if not claimed:
            return 0  # another copy stored it while this one analysed
        outcomes = _store_batch(
            project=job.project, prepared=prepared, created_by=job.created_by, registry=registry
        )
        added = sum(outcome.created for outcome in outcomes)
        claims = sum(
            len(item.analysed.claims)
            for item, outcome in zip(prepared, outcomes, strict=True)
            if outcome.created
        )
        duplicates = len(outcomes) - added
        IngestChunk.objects.filter(pk=chunk_id).update(
            articles_added=added, articles_duplicate=duplicates
        )
        _count(job_id=job.pk, done=1, added=added, duplicates=duplicates, claims=claims)
    return added


def ingest_chunk_fail(*, chunk_id: int, error: str) -> None:
    """Mark a pending chunk failed with its error and count it into its job (once)."""
    with transaction.atomic():
        job_id = IngestChunk.objects.filter(pk=chunk_id).values_list("job_id", flat=True).first()
        failed = IngestChunk.objects.filter(pk=chunk_id, status=IngestChunkStatus.PENDING).update(
            status=IngestChunkStatus.FAILED, done_at=timezone.now(), error=error[:ERROR_MAX]
        )
        if failed:
            _count(job_id=job_id, failed=1)


def _count(
    *,
    job_id: int,
    done: int = 0,
    failed: int = 0,
    added: int = 0,
    duplicates: int = 0,
    claims: int = 0,
) -> None:
    """Count a finished chunk into its job, and finish the job with its last chunk, in one
    statement: the job's constraints hold after each statement, and every expression here
    reads the row as it was before it."""
    now = timezone.now()
    last = Q(chunks_total=F("chunks_done") + F("chunks_failed") + done + failed)
    any_failed = Q() if failed else Q(chunks_failed__gt=0)
    IngestJob.objects.filter(pk=job_id).update(
        chunks_done=F("chunks_done") + done,
        chunks_failed=F("chunks_failed") + failed,
        articles_added=F("articles_added") + added,
        articles_duplicate=F("articles_duplicate") + duplicates,
        claims_added=F("claims_added") + claims,
        active_at=now,
        status=Case(
            When(last & any_failed, then=Value(IngestJobStatus.FAILED)),
            When(last, then=Value(IngestJobStatus.DONE)),
            default=F("status"),
        ),
        finished_at=Case(When(last, then=Value(now)), default=F("finished_at")),
    )


def _raw(item: dict) -> RawArticle:
    return RawArticle(**{f.name: item[f.name] for f in dataclasses.fields(RawArticle)})


def stalled_chunks_send(*, older_than, limit: int) -> int:
    """Send again the pending chunks of running jobs that have been quiet (no chunk sent or
    done) for ``older_than``: their tasks never reached a worker, or the broker lost them. A
    job at work is left alone, however long its queue. Returns the chunks sent."""
    cutoff = timezone.now() - older_than
    quiet = IngestJob.objects.filter(status=IngestJobStatus.RUNNING).filter(
        Q(active_at__lte=cutoff) | Q(active_at__isnull=True, created_at__lte=cutoff)
    )
    rows = list(
        IngestChunk.objects.filter(job__in=quiet, status=IngestChunkStatus.PENDING)
        .order_by("pk")
        .values_list("job_id", "pk")[:limit]
    )
    by_job: dict[int, list[int]] = {}
    for job_id, chunk_id in rows:
        by_job.setdefault(job_id, []).append(chunk_id)
    return sum(_send(job_id=job_id, chunk_ids=ids) for job_id, ids in by_job.items())
