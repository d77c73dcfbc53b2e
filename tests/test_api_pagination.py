"""Cursor pagination of API lists: every row once across pages, and clear refusals."""

import pytest

from provenance.models import Claim

pytestmark = pytest.mark.django_db

STORY = "\n".join(
    f"The flood reached {n + 2} villages north of the dam, officials said on day {n + 1}."
    for n in range(7)
)


@pytest.fixture
def claims(ingest):
    ingest(STORY, publisher="Reuters")
    return set(Claim.objects.values_list("pk", flat=True))


def test_following_next_gives_every_claim_once(api_client_for, users, claims):
    client = api_client_for(users["reviewer"])
    seen, url, pages = [], "/api/v1/claims/?page_size=3", 0
    while url:
        body = client.get(url).json()
        seen += [record["id"] for record in body["results"]]
        url, pages = body["next"], pages + 1
    assert sorted(seen) == sorted(claims) and len(seen) == len(set(seen))
    assert pages == -(-len(claims) // 3)


@pytest.mark.parametrize("size", ["abc", "0", "-4", "501"])
def test_an_unusable_page_size_is_refused(api_client_for, users, claims, size):
    response = api_client_for(users["reviewer"]).get(f"/api/v1/claims/?page_size={size}")
    assert response.status_code == 400
    assert "whole number from 1 to 500" in response.json()["fields"]["page_size"]


def test_a_forged_cursor_is_refused(api_client_for, users, claims):
    response = api_client_for(users["reviewer"]).get("/api/v1/claims/?cursor=not-a-cursor")
    assert response.status_code == 400
    assert "follow the next link" in response.json()["fields"]["cursor"]
