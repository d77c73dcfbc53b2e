"""PostgreSQL drops the connection in the middle of an ingest: the article is stored whole or
not at all, and a retry stores it once."""

import pytest
from django.db import DatabaseError, connection

from provenance.models import Article, Claim, ClaimKey
from provenance.services import ingest as ingest_service
from provenance.text.pipeline import analyse_article
from provenance.text.types import RawArticle
from tests.conftest import service_unavailable
from tests.reliability.conftest import other_connection

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(120),
]

BODY = (
    "The dam displaced 40,000 villagers, two officials at the meeting told Reuters.\n"
    "The ministry denied that any villages were flooded, according to state television.\n"
    "Satellite images show three villages under water, the rights group said.\n"
)


def _terminate_own_backend() -> None:
    """Cut this process's connection from a second one, as a restart or a network cut would."""
    pid = connection.connection.info.backend_pid
    with other_connection(autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_connection_dropped_mid_ingest_stores_nothing_and_a_retry_stores_once(project, monkeypatch):
    if connection.vendor != "postgresql":
        service_unavailable("postgres", "this test cuts a PostgreSQL connection (set DATABASE_URL)")
    original = ingest_service.attributions_suggest

    def cut_then_continue(**kwargs):
        # The article row and its claims are written; the cut comes before the rest.
        assert Claim.objects.filter(article__project=project).exists()
        _terminate_own_backend()
        return original(**kwargs)

    monkeypatch.setattr(ingest_service, "attributions_suggest", cut_then_continue)
    raw = RawArticle(body=BODY, publisher="Reuters")
    with pytest.raises(DatabaseError):
        ingest_service.article_ingest(project=project, raw=raw, origin="dam.txt")
    connection.close()  # the broken connection is dropped; the next query opens a new one

    assert not Article.objects.filter(project=project).exists()
    assert not Claim.objects.filter(article__project=project).exists()
    assert not ClaimKey.objects.filter(project=project).exists()

    monkeypatch.setattr(ingest_service, "attributions_suggest", original)
    stored = ingest_service.article_ingest(project=project, raw=raw, origin="dam.txt")
    again = ingest_service.article_ingest(project=project, raw=raw, origin="dam.txt")
    assert stored.created and not again.created
    assert again.article.pk == stored.article.pk
    assert Article.objects.filter(project=project).count() == 1
    expected = len(analyse_article(BODY, publisher="Reuters").claims)
    assert stored.article.claims.count() == expected
    assert stored.article.body[:20] == BODY[:20]
