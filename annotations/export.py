"""Exports of claim records, streamed in constant memory whatever the number of claims.

One loop serves every format: claims are read in keyset-paginated chunks (``id > last``, so a
late page costs what the first does), each chunk as rows of just the columns its records show
(``annotations.records``) plus those the format asks for, rendered by the chosen format
(``annotations.formats``) and written out in pieces of about 64 KB as they come. The article
body is never read: formats that quote it get the few characters they need cut by the
database.
"""

from collections.abc import Callable, Iterator
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils import timezone

from annotations.formats import ExportContext, ExportFormat
from annotations.formats.claimreview import CLAIMREVIEW
from annotations.formats.csv_format import CSV
from annotations.formats.json_formats import JSON, JSONL
from annotations.formats.webannotation import WEBANNOTATION
from annotations.lookups import Ids
from annotations.records import CLAIM_COLUMNS, RecordReader
from provenance.errors import DomainError
from provenance.filters import EXPORT_PARAMETERS, PARAMETER_HELP
from provenance.models import Claim

CHUNK = 500
FLUSH_CHARS = 64 * 1024

FORMATS: dict[str, ExportFormat] = {
    f.name: f for f in (JSONL, JSON, CSV, CLAIMREVIEW, WEBANNOTATION)
}
EXPORT_FORMATS = tuple(FORMATS)

# The filters as the API's query parameters and the command's options name them.
FILTER_PARAMETERS = {name: PARAMETER_HELP[name] for name in EXPORT_PARAMETERS}


def export_format(name: str) -> ExportFormat:
    if name not in FORMATS:
        raise DomainError(f"unknown format {name!r}; use one of {', '.join(EXPORT_FORMATS)}")
    return FORMATS[name]


def _claim_rows(queryset: QuerySet[Claim], *, fmt: ExportFormat) -> QuerySet:
    """Rows of ``CLAIM_COLUMNS`` then the format's ``extra_columns``, in id order."""
    expressions = {k: v for k, v in fmt.extra_columns.items() if not isinstance(v, str)}
    paths = [k if k in expressions else v for k, v in fmt.extra_columns.items()]
    return queryset.annotate(**expressions).order_by("id").values_list(*CLAIM_COLUMNS, *paths)


def claim_row_chunks(queryset: QuerySet[Claim], *, fmt: ExportFormat) -> Iterator[list[tuple]]:
    """The claims' rows for this format, ``CHUNK`` at a time, in id order.

    Keyset pagination (``id > last``), so only one chunk is held at once. Two queries a
    chunk: the next ids through the export's filters, then the rows of just those claims.
    In one query, PostgreSQL may compute the rows' columns (Web Annotation's substrings of
    the article body) for every claim left before keeping the first ``CHUNK``: on freshly
    loaded tables it did, 2.8 s for the first chunk of 100,000 claims, so an export cost
    the square of its size.
    """
    ids = queryset.order_by("id").values_list("id", flat=True)
    rows = _claim_rows(Claim.objects.all(), fmt=fmt)
    last_id = 0
    while True:
        # CHUNK is read here, not bound as a default, so that a test can make chunks small.
        chunk = list(ids.filter(id__gt=last_id)[:CHUNK])
        if not chunk:
            return
        yield list(rows.filter(id__in_ids=Ids(chunk)))
        last_id = chunk[-1]


def iter_rendered(
    queryset: QuerySet[Claim], *, fmt: ExportFormat, context: ExportContext
) -> Iterator[str]:
    """Each claim rendered by the format, in id order."""
    reader = RecordReader()  # one per export: each source is read once, not once a chunk
    names = tuple(fmt.extra_columns)
    first_extra = len(CLAIM_COLUMNS)
    for rows in claim_row_chunks(queryset, fmt=fmt):
        for row, record in zip(rows, reader.records(rows=rows), strict=True):
            yield fmt.render(dict(zip(names, row[first_extra:], strict=True)), record, context)


def export_chunks(
    queryset: QuerySet[Claim],
    *,
    fmt: ExportFormat,
    context: ExportContext,
    progress: Callable[[int], None] | None = None,
) -> Iterator[str]:
    """The export as text pieces of about ``FLUSH_CHARS``, written as the claims are read;
    ``progress`` is told how many claims are written at each piece and at the end."""
    pieces = [fmt.head(context)]
    size = len(pieces[0])
    count = 0
    for piece in iter_rendered(queryset, fmt=fmt, context=context):
        if count:
            pieces.append(fmt.separator)
        pieces.append(piece)
        size += len(piece)
        count += 1
        if size >= FLUSH_CHARS:
            yield "".join(pieces)
            pieces, size = [], 0
            if progress is not None:
                progress(count)
    pieces.append(fmt.tail(context, count))
    yield "".join(pieces)
    if progress is not None:
        progress(count)


def export_query(**options: str | None) -> str:
    """The query string that asks the API for the same export (options left unset dropped)."""
    return urlencode({name: value for name, value in options.items() if value})


def export_context(*, base_url: str, export_url: str) -> ExportContext:
    return ExportContext(
        base_url=base_url.rstrip("/") + "/", export_url=export_url, created=timezone.now()
    )
