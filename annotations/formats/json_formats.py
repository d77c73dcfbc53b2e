"""JSON Lines (one claim record a line) and JSON (one array of claim records)."""

import json

from annotations.formats import ExportContext, ExportFormat


def _record_line(extra: dict, record: dict, context: ExportContext) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def _record(extra: dict, record: dict, context: ExportContext) -> str:
    return json.dumps(record, ensure_ascii=False)


JSONL = ExportFormat(
    name="jsonl", content_type="application/x-ndjson", extension="jsonl", render=_record_line
)
JSON = ExportFormat(
    name="json",
    content_type="application/json",
    extension="json",
    render=_record,
    head=lambda context: "[\n",
    separator=",\n",
    tail=lambda context, count: "\n]\n",
)
