from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError
from tqdm import tqdm

from provenance.errors import DatabaseUnavailable
from provenance.services.ingest import IngestSummary, files_ingest, project_get_or_create
from provenance.text.readers import iter_input_files


def _origin(path: Path) -> str:
    """The path as given relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class Command(BaseCommand):
    help = (
        "Ingest article files (.txt, .html, .jsonl) and directories into a project. Each file "
        "goes in whole or not at all; exits non-zero if any file was rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--project", default="default", help="created if missing")
        parser.add_argument(
            "--publisher",
            default="",
            help="publisher for articles whose file does not name one",
        )

    def handle(self, *args, paths, project, publisher, **options):
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"no such file or directory: {', '.join(missing)}")
        try:
            target = project_get_or_create(name=project)
        except (OperationalError, InterfaceError) as error:
            unavailable = DatabaseUnavailable.from_error(error, outcome="nothing stored")
            raise CommandError(str(unavailable), returncode=1) from None
        files = list(iter_input_files(paths))
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
            self._report_rejected(error.done)
            raise CommandError(str(error), returncode=1) from None
        claims = sum(article.claims.count() for article in summary.added)
        self.stdout.write(
            f"Project {target.name}: {len(summary.added)} articles added ({claims} claims), "
            f"{len(summary.duplicates)} duplicates skipped, {len(summary.rejected)} files rejected."
        )
        self._report_rejected(summary)
        if not summary.ok:
            raise CommandError(f"{len(summary.rejected)} file(s) rejected", returncode=1)

    def _report_rejected(self, summary: IngestSummary) -> None:
        for _origin_of_file, reason in summary.rejected:
            self.stderr.write(f"rejected {reason}")
