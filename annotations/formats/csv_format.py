"""CSV: one row per claim, for spreadsheets.

How the nested parts of a claim record are flattened:

- ``article_*`` columns hold the article's fields.
- ``speaker``, ``speaker_kind`` and ``relays`` spell out the one chain that stands for the claim
  (``main_chain``: the claim's main attribution, ``provenance.main_attribution``);
  ``relays`` joins the relay names from the speaker toward the reader with `` > ``.
- ``attributions_json`` and ``flags_json`` keep every chain and every flag, exactly as in the
  JSON record, so nothing is lost; ``flag_count`` counts the flags.
- Empty cells stand for missing values (no verdict, no confidence, no URL).
- A text cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return) gets a leading ``'``, as OWASP advises against CSV
  injection: a claim quoting ``=HYPERLINK(...)`` must not become a live link that leaks the
  sheet. Only here; the JSON formats keep every text exact.
"""

import csv
import io
import json

from annotations.formats import (
    MAIN_ATTRIBUTION_COLUMN,
    ExportContext,
    ExportFormat,
    main_chain,
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS = [
    "id",
    "article_id",
    "article_title",
    "article_origin",
    "article_publisher",
    "article_url",
    "article_published",
    "text",
    "start",
    "end",
    "kind",
    "status",
    "verdict",
    "confidence",
    "speaker",
    "speaker_kind",
    "relays",
    "attributions_json",
    "flag_count",
    "flags_json",
]


def csv_row(extra: dict, record: dict) -> list:
    chain = main_chain(extra, record)
    article = record["article"]
    return [
        record["id"],
        article["id"],
        article["title"],
        article["origin"],
        article["publisher"] or "",
        article["url"] or "",
        article["published"] or "",
        record["text"],
        record["start"],
        record["end"],
        record["kind"],
        record["status"],
        record["verdict"] or "",
        "" if record["confidence"] is None else record["confidence"],
        chain[0]["name"] if chain else "",
        chain[0]["kind"] if chain else "",
        " > ".join(hop["name"] for hop in chain[1:]),
        json.dumps(record["attributions"], ensure_ascii=False),
        len(record["flags"]),
        json.dumps(record["flags"], ensure_ascii=False),
    ]


def spreadsheet_safe(value):
    """The cell as a spreadsheet shows it, never runs it: text that starts like a formula gets a
    leading quote; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _csv_line(values: list) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([spreadsheet_safe(value) for value in values])
    return buffer.getvalue()


def _row(extra: dict, record: dict, context: ExportContext) -> str:
    return _csv_line(csv_row(extra, record))


CSV = ExportFormat(
    name="csv",
    content_type="text/csv; charset=utf-8",
    extension="csv",
    render=_row,
    head=lambda context: _csv_line(CSV_COLUMNS),
    extra_columns=MAIN_ATTRIBUTION_COLUMN,
)
