"""Export formats: each module turns one claim record into one piece of its file format.

A format is a description (``ExportFormat``), not a loop: ``annotations.export`` owns the one
streaming loop that reads claims in chunks and asks the chosen format to render each.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from provenance.models import Claim


@dataclass(frozen=True)
class ExportContext:
    """What every record of one export shares."""

    base_url: str  # absolute, ending in "/": the site root the API's URLs start from
    export_url: str  # where this export can be fetched again: the collection's identity
    created: dt.datetime

    def api_url(self, path: str) -> str:
        return f"{self.base_url}api/v1/{path}"


def _unchanged(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    return queryset


def _nothing(context: ExportContext) -> str:
    return ""


def _nothing_at_end(context: ExportContext, count: int) -> str:
    return ""


@dataclass(frozen=True)
class ExportFormat:
    """A file format as pieces: ``head``, then ``render`` per claim joined by ``separator``,
    then ``tail`` (which knows how many claims were written)."""

    name: str
    content_type: str
    extension: str
    render: Callable[[Claim, dict, ExportContext], str]
    head: Callable[[ExportContext], str] = _nothing
    tail: Callable[[ExportContext, int], str] = _nothing_at_end
    separator: str = ""
    # Extra columns the format reads from the database (annotations, joins).
    prepare: Callable[[QuerySet[Claim]], QuerySet[Claim]] = field(default=_unchanged)


def main_chain(record: dict) -> list[dict]:
    """The chain that stands for the claim in flat formats: confirmed before suggested, then
    the most confident; rejected chains never. Empty when the claim has no usable chain."""
    usable = [a for a in record["attributions"] if a["status"] != "rejected"]
    usable.sort(key=lambda a: (a["status"] != "confirmed", -a["confidence"]))
    return usable[0]["chain"] if usable else []
