"""Pages look an article's flags up by its claims' ids, which indexes serve: the cost of the
reader must not grow with the corpus (a join and an OR through the claims' article made
PostgreSQL read the whole flag table)."""

import pytest
from django.db import connection

from provenance.models import Claim
from provenance.selectors import flags_touching
from tests.review_support import FLOOD_STORY

pytestmark = pytest.mark.django_db


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table is read whole
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row) for row in cursor.fetchall())


def test_an_articles_flags_come_from_the_flag_indexes(ingest):
    article = ingest(FLOOD_STORY, publisher="Daily Courier")
    ids = list(Claim.objects.filter(article=article).values_list("pk", flat=True))
    plan = _plan(flags_touching(claim_ids=ids).values_list("pk"))
    # Each side of the OR is a lookup by claim id in its own index; a walk of a whole index
    # (what the join gave) has no condition on the claim ids.
    if connection.vendor == "postgresql":
        assert "Index Cond: (claim_a_id = ANY" in plan, plan
        assert "Index Cond: (claim_b_id = ANY" in plan, plan
    else:
        assert "SCAN provenance_flag" not in plan, plan  # SCAN reads every row, SEARCH does not
        assert "(claim_a_id=?)" in plan and "(claim_b_id=?)" in plan, plan
