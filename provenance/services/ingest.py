"""Articles in: cleaned, split into claims and attributed, stored whole or not at all."""

import datetime as dt
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, islice
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, InterfaceError, OperationalError, transaction

from provenance.errors import DatabaseUnavailable
from provenance.models import Article, ChangeAction, ChangeRecord, Claim, Project
from provenance.services.attributions import attributions_suggest
from provenance.services.bands import claims_band_rows
from provenance.services.events import articles_event_assign
from provenance.services.flagging import articles_flag_enqueue
from provenance.services.history import article_snapshot, change_record_row
from provenance.services.key_index import key_rows, key_rows_insert
from provenance.services.sources import registry_snapshot, sources_resolve
from provenance.text.decoding import check_size
from provenance.text.pipeline import AnalysedArticle, analyse_article, claim_embeddings
from provenance.text.readers import iter_input_files, read_path, read_stream
from provenance.text.source_registry import SourceRegistry
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
    """Store one article with its claims, suggested attributions and pairing keys, or nothing
    (``articles_ingest`` for one article)."""
    [outcome] = articles_ingest(
        project=project, items=[(raw, origin)], publisher=publisher, created_by=created_by
    )
    return outcome


@dataclass(frozen=True)
class _Prepared:
    """An article through the text pipeline, ready to store."""

    raw: RawArticle
    origin: str
    publisher: str
    published: dt.date | None
    analysed: AnalysedArticle
    embeddings: list[bytes | None]  # one per claim of ``analysed``, as stored


def _check(raw: RawArticle, *, origin: str) -> dt.date | None:
    """The checks that refuse an article before any analysis; returns its published date."""
    # Every way in (API text, upload, command line, a JSON Lines line) meets this one limit.
    check_size(
        raw.body.encode("utf-8"),
        name=f"{origin}: the article text",
        limit_bytes=settings.MAX_ARTICLE_BYTES,
        advice="split it into several articles",
    )
    return _published_date(raw.published, origin=origin)


def _prepare(
    raw: RawArticle, *, origin: str, publisher: str, registry: SourceRegistry
) -> _Prepared:
    published = _check(raw, origin=origin)
    publisher_name = (raw.publisher or publisher).strip()
    analysed = analyse_article(raw.body, publisher=publisher_name, registry=registry)
    return _Prepared(
        raw=raw,
        origin=origin,
        publisher=publisher_name,
        published=published,
        analysed=analysed,
        embeddings=claim_embeddings([c.span.text for c in analysed.claims]),
    )


def articles_ingest(
    *,
    project: Project,
    items: Sequence[tuple[RawArticle, str]],
    publisher: str = "",
    created_by: AbstractBaseUser | None = None,
) -> list[IngestOutcome]:
    """Store articles (each a raw article and where it came from) with their claims, suggested
    attributions and pairing keys: all of them or, on an error, none. One outcome per item, in
    order; an article whose text the project has already (or an earlier item of the batch has)
    is a duplicate, not stored again.

    The text pipeline runs for every article before the transaction opens, so the write is
    short, and the write takes a fixed number of queries for the whole batch, not a number per
    article or per claim. Deduplication rests on the unique constraint on (project, content
    hash): when a concurrent ingest stores one of the texts first, the batch is written again
    with that article counted as a duplicate. Contradiction flagging is enqueued once the
    transaction has committed.
    """
    registry = registry_snapshot(project=project)
    prepared = [
        _prepare(raw, origin=origin, publisher=publisher, registry=registry)
        for raw, origin in items
    ]
    return _store_batch(
        project=project, prepared=prepared, created_by=created_by, registry=registry
    )


def _store_batch(
    *,
    project: Project,
    prepared: list[_Prepared],
    created_by: AbstractBaseUser | None,
    registry: SourceRegistry,
) -> list[IngestOutcome]:
    """Store prepared articles in one transaction, again if a concurrent ingest stored one of
    their texts first (the unique constraint on the content hash refuses the insert). Their
    sources are matched against ``registry``, the snapshot they were analysed with: read once
    for an ingest run, not again for each batch."""
    store = partial(
        _store, project=project, prepared=prepared, created_by=created_by, registry=registry
    )
    for _retry in range(2):
        try:
            with transaction.atomic():
                return store()
        except IntegrityError:
            continue  # read the new duplicates and write the rest again
    with transaction.atomic():  # a third refusal is no race: it is raised
        return store()


def _store(
    *,
    project: Project,
    prepared: list[_Prepared],
    created_by: AbstractBaseUser | None,
    registry: SourceRegistry,
) -> list[IngestOutcome]:
    hashes = {item.analysed.content_hash for item in prepared}
    known = {
        article.content_hash: article
        for article in Article.objects.filter(project=project, content_hash__in=hashes)
    }
    publishers = sources_resolve(
        project=project,
        mentions=[(item.publisher, "news_media") for item in prepared if item.publisher],
        registry=registry,
    )
    new: dict[str, tuple[Article, _Prepared]] = {}
    for item in prepared:
        content_hash = item.analysed.content_hash
        if content_hash in known or content_hash in new:
            continue
        article = Article(
            project=project,
            title=item.raw.title.strip()[:TITLE_MAX],
            body=item.analysed.cleaned.body,
            origin=item.origin[:1000],
            publisher=publishers[(item.publisher, "news_media")] if item.publisher else None,
            url=item.raw.url[:2000],
            published=item.published,
            content_hash=content_hash,
            removals=[
                {"start": r.start, "end": r.end, "text": r.text, "reason": r.reason}
                for r in item.analysed.cleaned.removals
            ],
            created_by=created_by,
        )
        new[content_hash] = (article, item)
    if new:
        _store_new(
            project=project, new=list(new.values()), created_by=created_by, registry=registry
        )
    stored = {content_hash: article for content_hash, (article, _item) in new.items()}
    outcomes, seen = [], set()
    for item in prepared:
        content_hash = item.analysed.content_hash
        created = content_hash in stored and content_hash not in seen
        seen.add(content_hash)
        article = stored[content_hash] if content_hash in stored else known[content_hash]
        outcomes.append(IngestOutcome(article=article, created=created))
    return outcomes


def _store_new(
    *,
    project: Project,
    new: list[tuple[Article, _Prepared]],
    created_by: AbstractBaseUser | None,
    registry: SourceRegistry,
) -> None:
    """The new articles of a batch with their claims, attributions, keys, events and records."""
    articles = Article.objects.bulk_create([article for article, _item in new])
    analysed = [claim for _article, item in new for claim in item.analysed.claims]
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            project=project,
            start=claim.span.start,
            end=claim.span.end,
            text=claim.span.text,
            kind=claim.span.kind,
            checkworthiness=claim.checkworthiness,
            embedding=embedding,
        )
        for article, item in new
        for claim, embedding in zip(item.analysed.claims, item.embeddings, strict=True)
    )
    attributions_suggest(
        claims=claims, extracted=[claim.attribution for claim in analysed], registry=registry
    )
    articles_event_assign(articles=articles)
    # Keys once the articles are in their events: a band key names its claim's event.
    key_rows_insert(
        chain(
            chain.from_iterable(
                key_rows(project_id=project.pk, claim_id=claim.pk, keys=item.keys)
                for claim, item in zip(claims, analysed, strict=True)
            ),
            claims_band_rows(claims),
        )
    )
    ChangeRecord.objects.bulk_create(
        change_record_row(
            project=project,
            object_type="article",
            object_id=article.pk,
            action=ChangeAction.INGEST,
            actor=created_by,
            after=article_snapshot(article, claims=len(item.analysed.claims)),
        )
        for article, item in new
    )
    ids = [article.pk for article in articles]
    transaction.on_commit(lambda: articles_flag_enqueue(article_ids=ids))


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
    # Read once for the run: what editors change meanwhile counts from the next run on.
    registry = registry_snapshot(project=project)
    batch: list[tuple[Path, str, list[_Prepared]]] = []
    stored_files = 0

    def store_batch() -> None:
        nonlocal stored_files
        prepared = [item for _path, _origin, items in batch for item in items]
        try:
            outcomes = iter(
                _store_batch(
                    project=project, prepared=prepared, created_by=created_by, registry=registry
                )
            )
        except (OperationalError, InterfaceError) as error:
            left = len(files) - stored_files - len(summary.rejected)
            outcome = _outcome_so_far(summary, stored=stored_files, left=left, first=batch[0][1])
            raise DatabaseUnavailable.from_error(error, outcome=outcome, done=summary) from None
        for path, origin, items in batch:
            for outcome in islice(outcomes, len(items)):
                if outcome.created:
                    summary.added.append(outcome.article)
                else:
                    summary.duplicates.append(origin)
            stored_files += 1
            if on_file is not None:
                on_file(path)
        batch.clear()

    origins = [origin_for(path) for path in files]
    for path, origin, prepared in _prepared_files(
        files, origins, publisher=publisher, registry=registry
    ):
        if isinstance(prepared, InputError):
            summary.rejected.append((origin, str(prepared)))
            if on_file is not None:
                on_file(path)
            continue
        batch.append((path, origin, prepared))
        if sum(len(items) for _path, _origin, items in batch) >= settings.INGEST_BATCH_ARTICLES:
            store_batch()
    if batch:
        store_batch()
    return summary


def _prepared_files(
    files: list[Path], origins: list[str], *, publisher: str, registry: SourceRegistry
) -> Iterator[tuple[Path, str, list[_Prepared] | InputError]]:
    """Each file read and through the text pipeline (against the run's ``registry``), in order,
    with the error that rejects it instead when there is one. With several files and
    ``INGEST_PROCESSES`` above one, worker processes do it while this one stores what is ready
    (they never touch the database)."""
    work = partial(_prepare_file, publisher=publisher, registry=registry)
    processes = min(settings.INGEST_PROCESSES, len(files))
    if processes <= 1:
        results: Iterable = map(work, files, origins)
        yield from zip(files, origins, results, strict=True)
        return
    context = multiprocessing.get_context("fork")  # the children inherit settings and code
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        results = pool.map(work, files, origins, chunksize=4)
        yield from zip(files, origins, results, strict=True)


def _prepare_file(
    path: Path, origin: str, *, publisher: str, registry: SourceRegistry
) -> list[_Prepared] | InputError:
    """One file's articles through the text pipeline, or the error that rejects the file."""
    try:
        return [
            _prepare(raw, origin=where, publisher=publisher, registry=registry)
            for raw, where in _read_file(path, origin)
        ]
    except InputError as error:
        return error


def _read_file(path: Path, origin: str) -> list[tuple[RawArticle, str]]:
    """One file's articles, each with where it came from; ``InputError`` rejects the file."""
    raw_articles = read_path(
        path,
        name=origin,
        max_bytes=settings.MAX_ARTICLE_BYTES,
        max_batch_bytes=settings.MAX_JSONL_BYTES,
    )
    return _with_origins(raw_articles, origin)


def checked_file(path: Path, origin: str) -> list[tuple[RawArticle, str]] | InputError:
    """One file's articles read and checked as ``files_ingest`` checks them before analysis
    (each with where it came from), or the error that rejects the file: for work that analyses
    and stores them elsewhere (``ingest_jobs``)."""
    try:
        items = _read_file(path, origin)
        for raw, where in items:
            _check(raw, origin=where)
        return items
    except InputError as error:
        return error


def _outcome_so_far(summary: IngestSummary, *, stored: int, left: int, first: str) -> str:
    """What is stored, what is not, and that running again is safe."""
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
    return articles_ingest(
        project=project,
        items=_with_origins(raw_articles, origin),
        publisher=publisher,
        created_by=created_by,
    )


def _with_origins(raw_articles: list[RawArticle], origin: str) -> list[tuple[RawArticle, str]]:
    """Each article of a file with where it came from: the file, and its line when the file
    holds several ("feed.jsonl#3")."""
    if len(raw_articles) == 1:
        return [(raw_articles[0], origin)]
    return [(raw, f"{origin}#{line}") for line, raw in enumerate(raw_articles, start=1)]


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
