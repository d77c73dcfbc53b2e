"""Exports written to a file by a background worker, with progress, for the UI and the API.

A streamed export (``annotations.api.export``) suits what a client reads in one go; a long one
depends on every proxy and worker between the database and the client staying up for the whole
response. A job instead writes the same bytes, by the same code (``export_chunks``), to a file
under ``EXPORT_DIR``; the person sees how many claims are written and downloads the file when it
is done.

The job exports the claims that match when it starts, up to the newest claim id then, so its
count is known and claims added meanwhile do not stretch it. The task claims the job by a
conditional update, so a redelivered copy returns at once; a worker killed mid-export leaves a
claim that runs out (``EXPORT_CLAIM_SECONDS``), after which the job may be run again from the
start. The file is written under a temporary name and renamed when complete, so a half-written
file is never offered.
"""

import datetime as dt
import logging
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from annotations.export import (
    FILTER_PARAMETERS,
    export_chunks,
    export_context,
    export_format,
)
from annotations.models import ExportJob, ExportJobStatus
from annotations.selectors import claims_for_export
from provenance.errors import DomainError

logger = logging.getLogger(__name__)

# How often, in claims written, a running job saves its progress.
PROGRESS_EVERY = 2000


def export_dir() -> Path:
    return Path(settings.EXPORT_DIR)


def export_job_create(
    *, user: AbstractBaseUser, params: dict[str, str], base_url: str
) -> ExportJob:
    """Start a background export of the claims ``user`` may export, in the format and with the
    filters ``params`` name (as the streamed export's query parameters do). Bad parameters are
    refused here, before anything runs, with the streamed export's own messages."""
    fmt = export_format((params.get("format") or "jsonl").strip())
    filters = {name: params[name].strip() for name in FILTER_PARAMETERS if params.get(name)}
    queryset = claims_for_export(user=user, params=filters)
    with transaction.atomic():
        job = ExportJob.objects.create(
            user=user,
            format=fmt.name,
            filters={**filters, "base_url": base_url},
            claims_total=queryset.count(),
        )
        transaction.on_commit(lambda: _send(job.pk))
    return job


def _send(job_id: int) -> None:
    from annotations.tasks import export_job_run

    export_job_run.delay(job_id)


def export_jobs_for(*, user: AbstractBaseUser) -> QuerySet[ExportJob]:
    """The user's own export jobs, newest first: nobody sees another person's exports."""
    return ExportJob.objects.filter(user=user)


def export_job_file(job: ExportJob) -> dict:
    """The finished file of a job, as ``FileResponse`` takes it (``file`` open for reading,
    the ``filename`` to save it as, its ``content_type``); ``DomainError`` while it is not
    done."""
    if job.status != ExportJobStatus.DONE:
        raise DomainError(
            f"export {job.pk} is {job.get_status_display().lower()}, not done: "
            f"{job.claims_written} of {job.claims_total} claims written"
            + (f" ({job.error})" if job.error else "")
        )
    path = export_dir() / job.file_name
    if not path.exists():
        raise DomainError(f"the file of export {job.pk} is gone; start the export again")
    fmt = export_format(job.format)
    return {
        "file": path.open("rb"),
        "filename": f"claims-{job.pk}.{fmt.extension}",
        "content_type": fmt.content_type,
    }


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Write the job's file; ``None`` when there is nothing to do here (done, failed, or
    held by another worker)."""
    now = timezone.now()
    until = now + dt.timedelta(seconds=settings.EXPORT_CLAIM_SECONDS)
    runnable = Q(status=ExportJobStatus.QUEUED) | Q(
        status=ExportJobStatus.RUNNING, claimed_until__lte=now
    )
    if not ExportJob.objects.filter(runnable, pk=job_id).update(
        status=ExportJobStatus.RUNNING, claimed_until=until, started_at=now, claims_written=0
    ):
        logger.info("export %s: done, failed or held by another worker", job_id)
        return None
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        _write(job, held_until=until)
    except Exception as error:  # the job says what went wrong; the task does not retry it
        logger.exception("export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJobStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            claimed_until=None,
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job


def _write(job: ExportJob, *, held_until: dt.datetime) -> None:
    fmt = export_format(job.format)
    filters = {k: v for k, v in job.filters.items() if k in FILTER_PARAMETERS}
    queryset = claims_for_export(user=job.user, params=filters)
    newest = queryset.aggregate(newest=Max("id"))["newest"] or 0
    queryset = queryset.filter(id__lte=newest)
    total = queryset.count()
    ExportJob.objects.filter(pk=job.pk).update(claims_total=total)
    base_url = job.filters.get("base_url") or "http://localhost/"
    context = export_context(
        base_url=base_url,
        export_url=base_url.rstrip("/") + f"/api/v1/export/jobs/{job.pk}/download/",
    )
    directory = export_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"claims-{job.pk}-{secrets.token_hex(8)}.{fmt.extension}"
    partial = directory / f".{name}.part"
    saved = written = 0

    def progress(count: int) -> None:
        nonlocal saved, written
        written = count
        if written - saved >= PROGRESS_EVERY:
            saved = written
            ExportJob.objects.filter(pk=job.pk, claimed_until=held_until).update(
                claims_written=min(written, total)
            )

    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            for piece in export_chunks(queryset, fmt=fmt, context=context, progress=progress):
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(directory / name)
    finally:
        partial.unlink(missing_ok=True)
    # Claims whose status changed while the file was written may make the count differ from
    # the one taken at the start: the job reports what the file holds.
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJobStatus.DONE,
        claims_total=written,
        claims_written=written,
        file_name=name,
        size=(directory / name).stat().st_size,
        claimed_until=None,
        finished_at=timezone.now(),
    )
