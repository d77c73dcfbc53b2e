"""Property-based fuzzing of the whole API against its own OpenAPI schema (Schemathesis).

Every operation of ``/api/v1/schema/`` gets generated requests, sent as an editor with data in
the database, through the WSGI app in this process (so it sees the test's transaction). The
run fails on any 500 and on any response whose status, content type, headers or body the
schema does not describe. ``FUZZ_EXAMPLES`` (default 25) sets the examples per operation.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
BODY = (
    "Dam collapse displaces thousands\n\n"
    "The dam displaced 40,000 villagers, two officials at the meeting told Reuters.\n\n"
    "The ministry denied that any villages were flooded, according to state television.\n"
)


@pytest.fixture
def wsgi_in_test_transaction():
    """As Django's test client does: keep the request cycle from closing the connection that
    holds the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_api_answers_as_its_schema_says(ingest, users, settings, wsgi_in_test_transaction):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "100000/minute", "anon": "100000/minute"},
    }
    ingest(BODY, title="Dam", publisher="Reuters", url="https://example.org/dam")
    ingest(BODY.replace("40,000", "12,000"), title="Dam 2", publisher="Xinhua", origin="b.txt")
    key = Token.objects.create(user=users["editor"]).key
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_in_test_transaction)
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            response = case.call(headers={"Authorization": f"Token {key}"})
            case.validate_response(response, checks=CHECKS)

        try:
            fuzz()
        except Exception as error:  # collect every operation's failure, then report them all
            failures.append(f"{operation.verbose_name}: {error}")
    assert not failures, "\n\n".join(failures)
