"""PostgreSQL drops the ingest command's connection between two files: the command stops with
one clear line (what was stored, what was not) and a non-zero exit, and a second run stores the
rest once.

The cut is made as in test_connection_dropped.py, by terminating this process's backend from a
second connection, so the shared server on 5432 keeps running; the command meets exactly what
it meets when the server dies (psycopg's OperationalError on its next query).
"""

import pytest
from django.db import connection

from provenance.models import Article
from provenance.services import ingest as ingest_service
from tests.conftest import service_unavailable
from tests.reliability.test_connection_dropped import _terminate_own_backend
from tests.test_ingest_command import run_ingest

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(120),
]


def test_a_lost_database_stops_the_ingest_with_one_line_and_a_rerun_finishes(
    tmp_path, monkeypatch, settings
):
    if connection.vendor != "postgresql":
        service_unavailable("postgres", "this test cuts a PostgreSQL connection (set DATABASE_URL)")
    for number in range(3):
        (tmp_path / f"{number}.txt").write_text(
            f"Officials said {number + 2} bridges collapsed in the flood, Reuters reported.\n"
        )
    settings.INGEST_BATCH_ARTICLES = 1  # a batch a file, so the cut falls between two files
    original = ingest_service.attributions_suggest
    calls = []

    def cut_on_the_second_file(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            _terminate_own_backend()
        return original(**kwargs)

    monkeypatch.setattr(ingest_service, "attributions_suggest", cut_on_the_second_file)
    _out, err, code = run_ingest(str(tmp_path), "--project", "floods")
    assert code == 1
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if "database unavailable" in line]
    assert len(lines) == 1, err
    assert "1 articles from 1 files stored" in lines[0]
    assert "2 files not stored, from " in lines[0] and "1.txt on" in lines[0]
    connection.close()  # the broken connection is dropped; the next query opens a new one
    assert list(Article.objects.values_list("origin", flat=True)) == [str(tmp_path / "0.txt")]

    monkeypatch.setattr(ingest_service, "attributions_suggest", original)
    out, err, code = run_ingest(str(tmp_path), "--project", "floods")
    assert code == 0, err
    assert "2 articles added" in out and "1 duplicates skipped" in out
    assert Article.objects.count() == 3
