"""Ingest writes an article in a fixed number of queries, however many claims and sources
it has: the cost of an article must not grow with its size in round trips."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from provenance.models import Attribution, Source
from provenance.services.ingest import article_ingest
from provenance.services.sources import registry_snapshot
from provenance.text.types import RawArticle

pytestmark = pytest.mark.django_db

SURNAMES = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Haddad",
    "Kowalski",
    "Ferreira",
    "Nakamura",
    "Osei",
    "Petrov",
    "Quispe",
    "Rahman",
    "Silva",
    "Varga",
    "Weber",
]


def _article(count: int) -> str:
    return "\n".join(
        f"The river rose {n + 2} metres at the {n + 1}th bridge, engineer Anna {SURNAMES[n]} said."
        for n in range(count)
    )


def _queries(project, body: str, origin: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        article_ingest(project=project, raw=RawArticle(body=body), origin=origin)
    return len(queries)


def test_query_count_does_not_grow_with_claims_or_sources(project, monkeypatch):
    from provenance import tasks

    monkeypatch.setattr(tasks.flag_article, "delay", lambda *args: None)  # flagging apart
    registry_snapshot()  # the first ingest on an empty table loads the shipped list, once
    small = _queries(project, _article(2), "small.txt")
    large = _queries(project, _article(len(SURNAMES)), "large.txt")
    assert Attribution.objects.count() == 2 + len(SURNAMES)  # every claim was attributed
    assert Source.objects.filter(name__startswith="Anna ").count() == len(SURNAMES)
    assert large == small
