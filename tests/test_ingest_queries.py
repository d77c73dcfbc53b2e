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


def _round_trips(queries: CaptureQueriesContext) -> int:
    """Every query counts, the key rows' insert too: a claim has some 40 keys (its words' and
    its embedding's bands), which go in as one statement however many there are."""
    return len(queries)


def _queries(project, body: str, origin: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        article_ingest(project=project, raw=RawArticle(body=body), origin=origin)
    return _round_trips(queries)


def test_query_count_does_not_grow_with_claims_or_sources(project, monkeypatch):
    from provenance import tasks

    monkeypatch.setattr(tasks.flag_article, "delay", lambda *args: None)  # flagging apart
    registry_snapshot(
        project=project
    )  # the first ingest on an empty table loads the shipped list, once
    small = _queries(project, _article(2), "small.txt")
    large = _queries(project, _article(len(SURNAMES)), "large.txt")
    assert Attribution.objects.count() == 2 + len(SURNAMES)  # every claim was attributed
    assert Source.objects.filter(name__startswith="Anna ").count() == len(SURNAMES)
    assert large == small


def _files_queries(project, folder, count: int, first: int) -> int:
    from provenance.services.ingest import files_ingest

    folder.mkdir()
    for n in range(first, first + count):
        (folder / f"{n}.txt").write_text(
            f"The river rose {n + 2} metres at the {n + 1}th bridge, engineer Anna "
            f"{SURNAMES[n % len(SURNAMES)]}-{n} said.\n"
        )
    with CaptureQueriesContext(connection) as queries:
        summary = files_ingest(project=project, paths=[folder])
    assert len(summary.added) == count, summary
    return _round_trips(queries)


def test_a_folder_is_stored_in_batches_of_fixed_cost(project, monkeypatch, settings, tmp_path):
    """The command line stores many files in one transaction of a fixed number of queries:
    thirty files cost what three do, and the number of batches, not of files, sets the cost
    (flagging held apart, as above)."""
    from provenance import tasks

    monkeypatch.setattr(tasks.flag_article, "delay", lambda *args: None)
    settings.INGEST_BATCH_ARTICLES = 100
    registry_snapshot(project=project)
    _files_queries(project, tmp_path / "first", 1, first=300)  # starts the story's event
    few = _files_queries(project, tmp_path / "few", 3, first=0)
    many = _files_queries(project, tmp_path / "many", 30, first=100)
    assert many == few
    settings.INGEST_BATCH_ARTICLES = 10
    thirty_in_three = _files_queries(project, tmp_path / "thirty", 30, first=200)
    settings.INGEST_BATCH_ARTICLES = 20
    sixty_in_three = _files_queries(project, tmp_path / "sixty", 60, first=400)
    assert thirty_in_three == sixty_in_three > many  # the cost is per batch, not per file


def test_the_source_registry_is_read_once_for_a_run(project, monkeypatch, settings, tmp_path):
    """The snapshot the articles were analysed with is the one their sources are resolved
    against when stored: one read of the registry's version for the run, not more for each
    batch."""
    from provenance import tasks
    from provenance.services.ingest import files_ingest

    monkeypatch.setattr(tasks.flag_article, "delay", lambda *args: None)
    settings.INGEST_BATCH_ARTICLES = 1
    registry_snapshot(project=project)
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text(
            f"The river rose {n + 2} metres, engineer Anna {SURNAMES[n]} told Reuters.\n"
        )
    with CaptureQueriesContext(connection) as queries:
        summary = files_ingest(project=project, paths=[tmp_path], publisher="Daily Planet")
    assert len(summary.added) == 3
    versions = [q for q in queries if 'MAX("provenance_source"."updated_at")' in q["sql"]]
    assert len(versions) == 1
