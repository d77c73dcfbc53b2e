"""Files to ``RawArticle`` records: plain text, HTML pages and JSON Lines.

A file is read whole or refused whole: any problem raises ``InputError`` naming the file (and
the line, for JSON Lines), so a caller never stores part of a file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import trafilatura

from provenance.text.cleaning import clean_article
from provenance.text.decoding import (
    check_length,
    check_size,
    decode_bytes,
    normalize_text,
    parse_json,
)
from provenance.text.types import InputError, RawArticle

_PLAIN_TEXT = frozenset({".txt", ".text", ".md"})
_HTML = frozenset({".html", ".htm"})
_JSON_LINES = frozenset({".jsonl", ".ndjson"})
SUPPORTED_EXTENSIONS = tuple(sorted(_PLAIN_TEXT | _HTML | _JSON_LINES))

_JSONL_TEXT_FIELDS = ("title", "publisher", "url", "published")
# A first line longer than this is a paragraph, not a headline.
_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 25
# Title detection only needs the top of the article, cleaned of weather/date widgets.
_TITLE_HEAD_CHARS = 4000


def read_articles(data: bytes, *, name: str, max_bytes: int) -> list[RawArticle]:
    """Read the articles in one file's bytes; ``name`` gives the type and labels errors.

    ``max_bytes`` bounds one article: the whole file for text and HTML, each line for JSON
    Lines (a JSON Lines file is a batch of articles).
    """
    suffix = Path(name).suffix.lower()
    if suffix in _PLAIN_TEXT:
        check_size(data, name=name, limit_bytes=max_bytes)
        text = decode_bytes(data, name=name)
        # The headline stays in the body too: the body is stored whole, the splitter marks it.
        return [RawArticle(body=text, title=_headline(text, markdown=suffix == ".md"))]
    if suffix in _HTML:
        check_size(data, name=name, limit_bytes=max_bytes)
        return [_read_html(decode_bytes(data, name=name), name=name)]
    if suffix in _JSON_LINES:
        return _read_json_lines(data, name=name, max_bytes=max_bytes)
    raise InputError(
        f"{name}: unsupported file type {suffix or '(no extension)'!r}; "
        f"expected one of {', '.join(SUPPORTED_EXTENSIONS)}"
    )


def read_path(
    path: Path, *, max_bytes: int, max_batch_bytes: int, name: str | None = None
) -> list[RawArticle]:
    """Read the articles in one file on disk; ``name`` labels errors (the path by default)."""
    name = name or str(path)
    try:
        with path.open("rb") as stream:
            return read_stream(
                stream,
                size=os.fstat(stream.fileno()).st_size,
                name=name,
                max_bytes=max_bytes,
                max_batch_bytes=max_batch_bytes,
            )
    except OSError as exc:
        raise InputError(f"{name}: cannot read the file ({exc.strerror or exc})") from None


def read_stream(
    stream: BinaryIO, *, size: int, name: str, max_bytes: int, max_batch_bytes: int
) -> list[RawArticle]:
    """Read the articles in an open file of ``size`` bytes (a file on disk, an upload),
    refusing an oversized one by its true size before reading it.

    ``max_bytes`` bounds a text or HTML file (one article); ``max_batch_bytes`` a JSON Lines
    file, which is read whole because it goes in whole or not at all.
    """
    limit = max_batch_bytes if Path(name).suffix.lower() in _JSON_LINES else max_bytes
    check_length(size, name=name, limit_bytes=limit)
    # Never more than the limit, even from a stream that grew after its size was taken.
    data = stream.read(limit + 1)
    check_size(data, name=name, limit_bytes=limit)
    return read_articles(data, name=name, max_bytes=max_bytes)


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Yield the files named, and every file under the directories named, in sorted order.

    Hidden files and directories (".git", ".DS_Store") inside a directory are skipped; a path
    named explicitly is yielded even when it does not exist, so that reading it reports why.
    """
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        for root, directories, files in os.walk(path):
            directories[:] = sorted(d for d in directories if not d.startswith("."))
            for file_name in sorted(files):
                if not file_name.startswith("."):
                    yield Path(root) / file_name


def _headline(text: str, *, markdown: bool) -> str:
    """The first line of the cleaned top of the article, when it reads like a headline."""
    head = text[:_TITLE_HEAD_CHARS]
    if len(text) > _TITLE_HEAD_CHARS:
        head = head[: head.rfind("\n") + 1]
    lines = [line.strip() for line in clean_article(head).body.split("\n")]
    lines = [line for line in lines if line]
    if len(lines) < 2:
        return ""
    first = lines[0].lstrip("#").strip() if markdown else lines[0]
    if len(first) > _MAX_TITLE_CHARS or len(first.split()) > _MAX_TITLE_WORDS:
        return ""
    if first.endswith(".") and not first.endswith("..."):
        return ""
    return first


def _read_html(html: str, *, name: str) -> RawArticle:
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True
    )
    text = (document.text or "").strip() if document else ""
    if not text:
        raise InputError(f"{name}: no article text could be extracted from this HTML page")
    title = (document.title or "").strip()
    if title and not text.startswith(title):
        # Keep the headline in the body, as for plain text, so both give the same article.
        text = f"{title}\n\n{text}"
    return RawArticle(
        body=normalize_text(text, name=name),
        title=title,
        publisher=(document.sitename or "").strip(),
        url=(document.url or "").strip(),
        published=(document.date or "").strip(),
    )


def _read_json_lines(data: bytes, *, name: str, max_bytes: int) -> list[RawArticle]:
    text = decode_bytes(data, name=name)
    articles = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        check_length(len(line.encode("utf-8")), name=where, limit_bytes=max_bytes)
        articles.append(_article_from_json(line, where=where))
    if not articles:
        raise InputError(f"{name}: no articles (every line is blank)")
    return articles


def _article_from_json(line: str, *, where: str) -> RawArticle:
    record = parse_json(line, name=where)
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {_json_type(record)}")
    body = record.get("body")
    if body is None:
        raise InputError(f"{where}: 'body' is required")
    if not isinstance(body, str):
        raise InputError(f"{where}: 'body' must be a string, got {_json_type(body)}")
    fields = {}
    for key in _JSONL_TEXT_FIELDS:
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(f"{where}: {key!r} must be a string, got {_json_type(value)}")
        fields[key] = value.strip()
    if fields.get("published"):
        _check_iso_date(fields["published"], where=where)
    if fields.get("url"):
        _check_url(fields["url"], where=where)
    return RawArticle(body=normalize_text(body, name=f"{where}: 'body'"), **fields)


def _check_iso_date(value: str, *, where: str) -> None:
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{where}: 'published' must be an ISO 8601 date like 2024-03-05 or "
            f"2024-03-05T14:30:00Z, got {value!r}"
        ) from None


def _check_url(value: str, *, where: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{where}: 'url' must be an http(s) address, got {value!r}")


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return {dict: "an object", list: "an array", str: "a string"}.get(type(value), "null")
