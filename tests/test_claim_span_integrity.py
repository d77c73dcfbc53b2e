"""The database keeps every claim inside its article, whatever code writes the row."""

import pytest
from django.db import IntegrityError, transaction

from provenance.models import Article, Claim

pytestmark = pytest.mark.django_db

BODY = "Officials said 40 died 😀 in the flood. Local groups say 300 died."


@pytest.fixture
def article(project):
    return Article.objects.create(project=project, body=BODY, origin="t.txt", content_hash="h")


def _claim(article, start: int, end: int) -> Claim:
    return Claim(
        article=article, project=article.project, start=start, end=end, text="x" * (end - start)
    )


def test_the_database_counts_the_body_as_python_does(article):
    article.refresh_from_db()
    assert article.body_length == len(BODY)  # code points, not UTF-8 or UTF-16 units


def test_a_claim_up_to_the_last_character_is_stored(article):
    last = BODY.index("Local")
    Claim.objects.create(
        article=article, project=article.project, start=last, end=len(BODY), text=BODY[last:]
    )


def test_a_claim_past_the_end_is_refused_on_insert(article):
    with pytest.raises(IntegrityError, match="claim_span_inside_article"), transaction.atomic():
        _claim(article, len(BODY) - 3, len(BODY) + 1).save()
    assert not Claim.objects.exists()


def test_a_claim_moved_past_the_end_is_refused_on_update(article):
    claim = Claim.objects.create(
        article=article, project=article.project, start=0, end=9, text=BODY[:9]
    )
    with pytest.raises(IntegrityError, match="claim_span_inside_article"), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(start=len(BODY) - 1, end=len(BODY) + 9)
    claim.refresh_from_db()
    assert (claim.start, claim.end) == (0, 9)


def test_bulk_writes_are_checked_too(article):
    rows = [_claim(article, 0, 5), _claim(article, len(BODY), len(BODY) + 2)]
    with pytest.raises(IntegrityError, match="claim_span_inside_article"), transaction.atomic():
        Claim.objects.bulk_create(rows)
    assert not Claim.objects.exists()
