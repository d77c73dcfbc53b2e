"""``queue/next`` costs a fixed, small number of queries, whatever the queue holds.

Issue 14: with 20 reviewers the endpoint answered at 13x (p50) and 18x (p95) the latency of
``/healthz/`` on the same server; each query is a round trip made while the caller's
transaction holds its locks. The ceiling below fails the suite as soon as one is added.
Savepoints are left out of the count: they appear here only because each test runs inside a
transaction of its own (in production the outer ``atomic`` is a plain BEGIN).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from provenance.models import Flag
from tests.review_support import FLOOD_STORY, claims_of

pytestmark = pytest.mark.django_db

NEXT = "/api/v1/queue/next/"
# Project and role (2), the caller's row locked and their leases counted (2), the head of the
# queue in each status awaiting review (2), the lease taken (1), the claim record: row, hops,
# sources, attributions, flags of either side (5).
QUEUE_NEXT_QUERIES = 12


def _next_queries(client, body) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(NEXT, body, format="json")
    assert response.status_code == 200, response.content
    statements = [query["sql"] for query in captured.captured_queries]
    return [sql for sql in statements if "SAVEPOINT" not in sql]


def test_next_takes_a_fixed_number_of_queries(api_client_for, users, ingest, project):
    claims_of(ingest(FLOOD_STORY))
    queries = _next_queries(api_client_for(users["reviewer"]), {"project": project.name})
    assert len(queries) <= QUEUE_NEXT_QUERIES, "\n".join(queries)


def test_the_count_does_not_grow_with_the_queue(settings, api_client_for, users, ingest, project):
    settings.REVIEW_LEASE_LIMIT = 1000
    ingest(FLOOD_STORY, publisher="Daily Courier")
    client = api_client_for(users["reviewer"])
    small = _next_queries(client, {"project": project.name})
    for number in range(6):
        ingest(
            f"Floodwaters cut off {40 + number} villages in the northern province on Monday, "
            "a provincial official told the Evening Star.\nThe governor said rescue boats "
            "reached every village.\n",
            publisher=f"Evening Star {number}",
            origin=f"more-{number}.txt",
        )
    assert Flag.objects.exists(), "the later articles disagree with the first on the villages"
    large = _next_queries(client, {"project": project.name})
    assert len(large) == len(small) <= QUEUE_NEXT_QUERIES
    # Without a project named, every project the caller reviews in is read from its head.
    assert len(_next_queries(client, {})) <= QUEUE_NEXT_QUERIES + 1
