"""Export formats: each module turns one claim record into one piece of its file format.

A format is a description (``ExportFormat``), not a loop: ``annotations.export`` owns the one
streaming loop that reads claims in chunks and asks the chosen format to render each.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db.models import Expression


@dataclass(frozen=True)
class ExportContext:
    """What every record of one export shares."""

    base_url: str  # absolute, ending in "/": the site root the API's URLs start from
    export_url: str  # where this export can be fetched again: the collection's identity
    created: dt.datetime

    def api_url(self, path: str) -> str:
        return f"{self.base_url}api/v1/{path}"


def _nothing(context: ExportContext) -> str:
    return ""


def _nothing_at_end(context: ExportContext, count: int) -> str:
    return ""


@dataclass(frozen=True)
class ExportFormat:
    """A file format as pieces: ``head``, then ``render`` per claim joined by ``separator``,
    then ``tail`` (which knows how many claims were written).

    ``render(extra, record, context)`` gets the claim record and ``extra``, the values of the
    format's ``extra_columns`` for that claim: what it shows beyond the record, read with the
    claim's row. Each is a field path (``"article__project__name"``) or an expression the
    database computes (a substring of the article body, so the body never leaves it).
    """

    name: str
    content_type: str
    extension: str
    render: Callable[[dict, dict, ExportContext], str]
    head: Callable[[ExportContext], str] = _nothing
    tail: Callable[[ExportContext, int], str] = _nothing_at_end
    separator: str = ""
    extra_columns: Mapping[str, str | Expression] = field(default_factory=dict)


# The extra column of the formats that spell out one chain per claim: which one it is.
MAIN_ATTRIBUTION_COLUMN = {"main_attribution": "main_attribution_id"}


def main_chain(extra: dict, record: dict) -> list[dict]:
    """The chain that stands for the claim in flat formats: its main attribution's
    (``Claim.main_attribution``, read as the extra column ``MAIN_ATTRIBUTION_COLUMN``). Empty
    when the claim has none."""
    main = extra["main_attribution"]
    return next((a["chain"] for a in record["attributions"] if a["id"] == main), [])
