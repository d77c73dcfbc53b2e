"""Articles in: cleaned, split into claims and attributed, stored whole or not at all."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, InterfaceError, OperationalError, transaction

from provenance.errors import DatabaseUnavailable
from provenance.models import Article, Claim, ClaimKey, Project
from provenance.services.attributions import attributions_suggest
from provenance.services.events import article_event_assign
from provenance.services.flagging import articles_flag_enqueue
from provenance.services.history import article_snapshot, change_record
from provenance.services.sources import registry_snapshot, source_resolve
from provenance.text.decoding import check_size
from provenance.text.pipeline import analyse_article
from provenance.text.readers import iter_input_files, read_path, read_stream
from provenance.text.types import InputError, RawArticle

TITLE_MAX = 500


@dataclass(frozen=True)
class IngestOutcome:
    article: Article
    created: bool


@dataclass
class IngestSummary:
    added: list[Article] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    # (file, reason); the reason names the file itself, as every InputError does.
    rejected: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def project_get_or_create(*, name: str) -> Project:
    name = name.strip()
    if not name:
        raise InputError("a project needs a name")
    project, _ = Project.objects.get_or_create(name=name[:200])
    return project


def _published_date(value: str, *, origin: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"{origin}: published date {value!r} is not an ISO date") from None


def article_ingest(
    *,
    project: Project,
    raw: RawArticle,
    origin: str,
    publisher: str = "",
    created_by: AbstractBaseUser | None = None,
) -> IngestOutcome:
    """Store one article with its claims, suggested attributions and pairing keys, or nothing.

    The text pipeline runs before the transaction opens, so the write is short. Deduplication
    rests on the unique constraint on (project, content hash): of two concurrent copies one
    inserts and the other is reported as a duplicate. Contradiction flagging is enqueued once
    the transaction has committed.
    """
    # Every way in (API text, upload, command line, a JSON Lines line) meets this one limit.
    check_size(
        raw.body.encode("utf-8"),
        name=f"{origin}: the article text",
        limit_bytes=settings.MAX_ARTICLE_BYTES,
        advice="split it into several articles",
    )
    publisher_name = (raw.publisher or publisher).strip()
    analysed = analyse_article(raw.body, publisher=publisher_name, registry=registry_snapshot())
    published = _published_date(raw.published, origin=origin)
    existing = Article.objects.filter(project=project, content_hash=analysed.content_hash).first()
    if existing is not None:
        return IngestOutcome(article=existing, created=False)

    with transaction.atomic():
        publisher_source = (
            source_resolve(name=publisher_name, kind="news_media") if publisher_name else None
        )
        try:
            with transaction.atomic():
                article = Article.objects.create(
                    project=project,
                    title=raw.title.strip()[:TITLE_MAX],
                    body=analysed.cleaned.body,
                    origin=origin[:1000],
                    publisher=publisher_source,
                    url=raw.url[:2000],
                    published=published,
                    content_hash=analysed.content_hash,
                    removals=[
                        {"start": r.start, "end": r.end, "text": r.text, "reason": r.reason}
                        for r in analysed.cleaned.removals
                    ],
                    created_by=created_by,
                )
        except IntegrityError:
            existing = Article.objects.get(project=project, content_hash=analysed.content_hash)
            return IngestOutcome(article=existing, created=False)
        claims = Claim.objects.bulk_create(
            Claim(
                article=article,
                project=project,
                start=item.span.start,
                end=item.span.end,
                text=item.span.text,
                kind=item.span.kind,
                checkworthiness=item.checkworthiness,
            )
            for item in analysed.claims
        )
        attributions_suggest(
            claims=claims, extracted=[item.attribution for item in analysed.claims]
        )
        ClaimKey.objects.bulk_create(
            ClaimKey(project=project, claim=claim, key=key[:80])
            for claim, item in zip(claims, analysed.claims, strict=True)
            for key in item.keys
        )
        article_event_assign(article=article)
        change_record(
            project=project,
            object_type="article",
            object_id=article.pk,
            action="ingest",
            actor=created_by,
            after=article_snapshot(article, claims=len(claims)),
        )
        transaction.on_commit(lambda: articles_flag_enqueue(article_ids=[article.pk]))
    return IngestOutcome(article=article, created=True)


def files_ingest(
    *,
    project: Project,
    paths: Iterable[Path],
    publisher: str = "",
    created_by: AbstractBaseUser | None = None,
    on_file: Callable[[Path], None] | None = None,
    origin_for: Callable[[Path], str] = str,
) -> IngestSummary:
    """Ingest files and directories; a rejected file is reported and the others still go in.

    A file is all or nothing: a JSON Lines file with one bad line stores none of its articles.
    If the database goes away, the files already done stay stored, the one in progress is
    rolled back, and ``DatabaseUnavailable`` says which were stored and which were not.
    """
    summary = IngestSummary()
    files = list(iter_input_files(paths))
    for index, path in enumerate(files):
        origin = origin_for(path)
        try:
            raw_articles = read_path(
                path,
                name=origin,
                max_bytes=settings.MAX_ARTICLE_BYTES,
                max_batch_bytes=settings.MAX_JSONL_BYTES,
            )
            outcomes = _ingest_file_articles(
                project=project,
                raw_articles=raw_articles,
                origin=origin,
                publisher=publisher,
                created_by=created_by,
            )
        except InputError as error:
            summary.rejected.append((origin, str(error)))
        except (OperationalError, InterfaceError) as error:
            outcome = _outcome_so_far(summary, done=index, left=len(files) - index, first=origin)
            raise DatabaseUnavailable.from_error(error, outcome=outcome, done=summary) from None
        else:
            for outcome in outcomes:
                if outcome.created:
                    summary.added.append(outcome.article)
                else:
                    summary.duplicates.append(origin)
        if on_file is not None:
            on_file(path)
    return summary


def _outcome_so_far(summary: IngestSummary, *, done: int, left: int, first: str) -> str:
    """What is stored, what is not, and that running again is safe."""
    stored = done - len(summary.rejected)
    return (
        f"{len(summary.added)} articles from {stored} files stored "
        f"({len(summary.duplicates)} duplicates skipped, {len(summary.rejected)} files "
        f"rejected); {left} files not stored, from {first} on. Run the same command again "
        "once the database is back: what is stored is skipped as a duplicate."
    )


def _ingest_file_articles(
    *,
    project: Project,
    raw_articles: list[RawArticle],
    origin: str,
    publisher: str,
    created_by: AbstractBaseUser | None,
) -> list[IngestOutcome]:
    """All articles of one file in one transaction: a file goes in whole or not at all."""
    many = len(raw_articles) > 1
    with transaction.atomic():
        return [
            article_ingest(
                project=project,
                raw=raw,
                origin=f"{origin}#{line}" if many else origin,
                publisher=publisher,
                created_by=created_by,
            )
            for line, raw in enumerate(raw_articles, start=1)
        ]


def file_upload_ingest(
    *,
    project: Project,
    upload: UploadedFile,
    publisher: str = "",
    created_by: AbstractBaseUser | None = None,
) -> list[IngestOutcome]:
    """Ingest one uploaded file (web page or API), whole or not at all, with the limits of a
    file on disk."""
    raw_articles = read_stream(
        upload,
        size=upload.size,
        name=upload.name,
        max_bytes=settings.MAX_ARTICLE_BYTES,
        max_batch_bytes=settings.MAX_JSONL_BYTES,
    )
    return _ingest_file_articles(
        project=project,
        raw_articles=raw_articles,
        origin=f"upload:{Path(upload.name).name}",
        publisher=publisher,
        created_by=created_by,
    )
