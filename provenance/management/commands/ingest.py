import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError
from tqdm import tqdm

from provenance.errors import DatabaseUnavailable
from provenance.models import IngestChunkStatus, IngestJob
from provenance.services.ingest import files_ingest, project_get_or_create
from provenance.services.ingest_jobs import ingest_job_create
from provenance.text.readers import iter_input_files

# How often a waiting command reads its job's progress, in seconds.
POLL_SECONDS = 0.5


def _origin(path: Path) -> str:
    """The path as given relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def on_workers() -> bool:
    """Whether a broker is configured, so that Celery workers can share the work."""
    return not settings.CELERY_TASK_ALWAYS_EAGER


class Command(BaseCommand):
    help = (
        "Ingest article files (.txt, .html, .jsonl) and directories into a project. Each file "
        "goes in whole or not at all; exits non-zero if any file was rejected. With a broker "
        "configured, the files are read here and stored by the Celery workers in chunks, and "
        "the command follows the job until it is done."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--project", default="default", help="created if missing")
        parser.add_argument(
            "--publisher",
            default="",
            help="publisher for articles whose file does not name one",
        )
        parser.add_argument(
            "--here",
            action="store_true",
            help="analyse and store in this process (and its worker processes) even with a "
            "broker configured",
        )
        parser.add_argument(
            "--no-wait",
            action="store_true",
            help="with a broker: hand the job to the workers and return at once, printing how "
            "to follow it",
        )

    def handle(self, *args, paths, project, publisher, here, no_wait, **options):
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"no such file or directory: {', '.join(missing)}")
        try:
            target = project_get_or_create(name=project)
        except (OperationalError, InterfaceError) as error:
            unavailable = DatabaseUnavailable.from_error(error, outcome="nothing stored")
            raise CommandError(str(unavailable), returncode=1) from None
        files = list(iter_input_files(paths))
        if on_workers() and not here:
            self._on_workers(target, files, publisher=publisher, wait=not no_wait)
            return
        # Progress goes to standard error even when it is not a terminal (a log, a pipe), so
        # a long run in the background still shows how far it got.
        try:
            with tqdm(total=len(files), unit="file", file=self.stderr._out, mininterval=1) as bar:
                summary = files_ingest(
                    project=target,
                    paths=files,
                    publisher=publisher,
                    on_file=lambda _path: bar.update(1),
                    origin_for=_origin,
                )
        except DatabaseUnavailable as error:
            self._report_rejected(error.done.rejected)
            raise CommandError(str(error), returncode=1) from None
        claims = sum(article.claims.count() for article in summary.added)
        self._summary(
            target.name,
            added=len(summary.added),
            claims=claims,
            duplicates=len(summary.duplicates),
            rejected=summary.rejected,
        )

    def _on_workers(self, target, files: list[Path], *, publisher: str, wait: bool) -> None:
        """Read the files here, hand their articles to the workers as a job, and follow it."""
        try:
            with tqdm(
                total=len(files), unit="file", desc="read", file=self.stderr._out, mininterval=1
            ) as bar:
                job = ingest_job_create(
                    project=target,
                    paths=files,
                    publisher=publisher,
                    on_file=lambda _path: bar.update(1),
                    origin_for=_origin,
                )
        except (OperationalError, InterfaceError) as error:
            unavailable = DatabaseUnavailable.from_error(error, outcome="nothing stored")
            raise CommandError(str(unavailable), returncode=1) from None
        follow = f"GET /api/v1/ingest-jobs/{job.pk}/"
        self.stderr.write(
            f"Ingest job {job.pk}: {job.articles_total} articles in {job.chunks_total} chunks "
            "for the workers."
        )
        if job.chunks_total and job.active_at is None and job.chunks_done == 0:
            self.stderr.write(
                "The broker did not take the chunks: they are sent again by the catch-up "
                "(celery beat) once it is back."
            )
        if not wait:
            self.stdout.write(
                f"Project {target.name}: ingest job {job.pk} started; follow it: {follow}"
            )
            self._report_rejected([(r["file"], r["reason"]) for r in job.rejections])
            if job.files_rejected:
                raise CommandError(f"{job.files_rejected} file(s) rejected", returncode=1)
            return
        try:
            job = self._follow(job)
        except KeyboardInterrupt:
            raise CommandError(
                f"stopped following; ingest job {job.pk} goes on on the workers: {follow}",
                returncode=130,
            ) from None
        self._summary(
            target.name,
            added=job.articles_added,
            claims=job.claims_added,
            duplicates=job.articles_duplicate,
            rejected=[(r["file"], r["reason"]) for r in job.rejections],
            failed=list(
                job.chunks.filter(status=IngestChunkStatus.FAILED).values_list("sequence", "error")
            ),
        )

    def _follow(self, job: IngestJob) -> IngestJob:
        """Show the job's progress until it is finished; returns it as it finished."""
        with tqdm(
            total=job.chunks_total, unit="chunk", desc="store", file=self.stderr._out, mininterval=1
        ) as bar:
            while True:
                job.refresh_from_db()
                bar.update(job.chunks_done + job.chunks_failed - bar.n)
                bar.set_postfix(added=job.articles_added, refresh=False)
                if job.finished_at is not None:
                    return job
                time.sleep(POLL_SECONDS)

    def _summary(
        self,
        project: str,
        *,
        added: int,
        claims: int,
        duplicates: int,
        rejected: list[tuple[str, str]],
        failed: list[tuple[int, str]] = (),
    ) -> None:
        self.stdout.write(
            f"Project {project}: {added} articles added ({claims} claims), "
            f"{duplicates} duplicates skipped, {len(rejected)} files rejected."
        )
        self._report_rejected(rejected)
        for sequence, error in failed:
            self.stderr.write(f"chunk {sequence} failed: {error}")
        if failed:
            raise CommandError(
                f"{len(failed)} chunk(s) failed: run the same command again to store what they "
                "held (what is stored is skipped as a duplicate)",
                returncode=1,
            )
        if rejected:
            raise CommandError(f"{len(rejected)} file(s) rejected", returncode=1)

    def _report_rejected(self, rejected: list[tuple[str, str]]) -> None:
        for _origin_of_file, reason in rejected:
            self.stderr.write(f"rejected {reason}")
