"""Every review endpoint and page checks the role: each role, an outsider and anonymous.

Outsiders get 404 (they learn nothing of another project), anonymous API callers 401/403 and
anonymous page visitors the log-in page. Cases run refusals first, so a success cannot hide a
refusal that should have come before it.
"""

from dataclasses import dataclass
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from provenance.models import Membership
from tests.review_support import FLOOD_STORY, claims_of, post_review

pytestmark = pytest.mark.django_db

ANON = "anonymous"
LOGIN = "login"  # a page redirecting an anonymous visitor to the log-in page


@dataclass
class World:
    project: object
    claim: object  # unreviewed
    disputed: object
    lease_id: int


@pytest.fixture
def world(ingest, users, project, api_client_for):
    claims = claims_of(ingest(FLOOD_STORY))
    disputed = claims[-1]
    post_review(api_client_for(users["reviewer"]), disputed, "supported", 0.8)
    post_review(api_client_for(users["reviewer2"]), disputed, "refuted", 0.8)
    lease = api_client_for(users["reviewer2"]).post("/api/v1/queue/next/", {}, format="json")
    return World(project, claims[0], disputed, lease.json()["lease"]["id"])


def version(claim) -> int:
    claim.refresh_from_db()
    return claim.version


API_CASES = {
    "queue next": (
        "post",
        lambda w: ("/api/v1/queue/next/", {"project": w.project.name}),
        [(ANON, 403), ("outsider", 404), ("annotator", 403), ("reviewer", 200), ("editor", 200)],
    ),
    "lease list": (
        "get",
        lambda w: ("/api/v1/queue/leases/", None),
        [(ANON, 403), ("outsider", 200), ("annotator", 200), ("reviewer", 200)],
    ),
    "lease release": (
        "post",
        lambda w: (f"/api/v1/queue/leases/{w.lease_id}/release/", None),
        [(ANON, 403), ("outsider", 404), ("annotator", 404), ("editor", 404), ("reviewer2", 204)],
    ),
    "lease skip": (
        "post",
        lambda w: (f"/api/v1/queue/leases/{w.lease_id}/skip/", None),
        [(ANON, 403), ("outsider", 404), ("reviewer", 404), ("reviewer2", 204)],
    ),
    "review create": (
        "post",
        lambda w: (
            f"/api/v1/claims/{w.claim.pk}/reviews/",
            {"verdict": "supported", "confidence": 0.5, "version": version(w.claim)},
        ),
        [(ANON, 403), ("outsider", 404), ("annotator", 403), ("reviewer", 201)],
    ),
    "review list": (
        "get",
        lambda w: (f"/api/v1/claims/{w.claim.pk}/reviews/", None),
        [(ANON, 403), ("outsider", 404), ("annotator", 403), ("reviewer", 403), ("editor", 200)],
    ),
    "adjudicate": (
        "post",
        lambda w: (
            f"/api/v1/claims/{w.disputed.pk}/adjudication/",
            {"verdict": "refuted", "confidence": 0.9, "version": version(w.disputed)},
        ),
        [(ANON, 403), ("outsider", 404), ("annotator", 403), ("reviewer", 403), ("editor", 201)],
    ),
    "adjudication queue": (
        "get",
        lambda w: (f"/api/v1/adjudication/?project={w.project.name}", None),
        [(ANON, 403), ("outsider", 404), ("annotator", 403), ("reviewer", 403), ("editor", 200)],
    ),
    "claim get": (
        "get",
        lambda w: (f"/api/v1/claims/{w.claim.pk}/", None),
        [(ANON, 403), ("outsider", 404), ("annotator", 200), ("reviewer", 200)],
    ),
    "claim patch": (
        "patch",
        lambda w: (
            f"/api/v1/claims/{w.claim.pk}/",
            {"status": "rejected", "version": version(w.claim)},
        ),
        [(ANON, 403), ("outsider", 404), ("annotator", 403), ("reviewer", 403), ("editor", 200)],
    ),
    "agreement": (
        "get",
        lambda w: (f"/api/v1/agreement/?project={w.project.name}", None),
        [(ANON, 403), ("outsider", 404), ("annotator", 200), ("editor", 200)],
    ),
}


@pytest.mark.parametrize("case", sorted(API_CASES))
def test_api_roles(case, world, users, api_client_for):
    method, target, expectations = API_CASES[case]
    for role, expected in expectations:
        url, data = target(world)
        client = api_client_for(None if role == ANON else users[role])
        response = getattr(client, method)(url, data, format="json")
        status = response.status_code
        if role == ANON:
            assert status in (401, 403), (case, role, status)
        else:
            assert status == expected, (case, role, status, response.content[:300])
        if status >= 400:
            assert response.json()["message"], (case, role)


PAGE_CASES = {
    "queue page": (
        "get",
        lambda w: (f"/queue/?project={w.project.pk}", None),
        [(ANON, LOGIN), ("outsider", 404), ("annotator", 403), ("reviewer", 200), ("editor", 200)],
    ),
    "queue action": (
        "post",
        lambda w: ("/queue/act/", {"action": "next", "project": w.project.pk}),
        [(ANON, LOGIN), ("outsider", 404), ("annotator", 403), ("reviewer", 200)],
    ),
    "claim page": (
        "get",
        lambda w: (f"/claims/{w.claim.pk}/", None),
        [(ANON, LOGIN), ("outsider", 404), ("annotator", 200), ("reviewer", 200)],
    ),
    "adjudicate form": (
        "post",
        lambda w: (
            f"/claims/{w.disputed.pk}/adjudicate/",
            {"verdict": "refuted", "confidence": "0.9", "version": version(w.disputed)},
        ),
        [(ANON, LOGIN), ("outsider", 404), ("annotator", 403), ("reviewer", 403), ("editor", 302)],
    ),
    "adjudication page": (
        "get",
        lambda w: ("/adjudication/", None),
        [(ANON, LOGIN), ("annotator", 403), ("reviewer", 403), ("editor", 200)],
    ),
    "review dashboard": (
        "get",
        lambda w: (f"/projects/{w.project.pk}/reviews/", None),
        [(ANON, LOGIN), ("outsider", 404), ("annotator", 200), ("editor", 200)],
    ),
}


@pytest.mark.parametrize("case", sorted(PAGE_CASES))
def test_page_roles(case, world, users, client):
    method, target, expectations = PAGE_CASES[case]
    for role, expected in expectations:
        url, data = target(world)
        client.logout()
        if role != ANON:
            client.force_login(users[role])
        response = getattr(client, method)(url, data or {}, HTTP_X_QUEUE_FRAGMENT="1")
        if expected == LOGIN:
            assert response.status_code == 302 and "/login/" in response["Location"], case
        else:
            assert response.status_code == expected, (case, role, response.status_code)


def test_outsider_sees_nothing_of_the_project_in_lists(world, users, api_client_for, client):
    outsider = api_client_for(users["outsider"])
    assert outsider.get("/api/v1/adjudication/").json() == []
    assert outsider.get("/api/v1/queue/leases/").json() == []
    assert outsider.post("/api/v1/queue/next/", {}, format="json").status_code == 204
    client.force_login(users["outsider"])
    page = client.get("/adjudication/").content.decode()
    assert world.disputed.text not in page
    client.force_login(users["editor"])
    assert world.disputed.text in client.get("/adjudication/").content.decode()


def test_annotator_cannot_verify(world, users, api_client_for):
    annotator = api_client_for(users["annotator"])
    assert annotator.post("/api/v1/queue/next/", {}, format="json").status_code == 403
    response = post_review(annotator, world.claim, "supported", 1.0)
    assert response.status_code == 403 and "reviewer" in response.json()["message"]
    world.claim.refresh_from_db()
    assert world.claim.status == "unreviewed"


def test_project_member_command_creates_project_user_and_role(db):
    out = StringIO()
    call_command("project_member", "Port strike", "dana", "reviewer", stdout=out)
    membership = Membership.objects.get(project__name="Port strike", user__username="dana")
    assert membership.role == "reviewer"
    assert "password" in out.getvalue()
    call_command("project_member", "Port strike", "dana", "editor", stdout=StringIO())
    membership.refresh_from_db()
    assert membership.role == "editor"
    assert get_user_model().objects.filter(username="dana").count() == 1
    with pytest.raises(CommandError, match="unknown role"):
        call_command("project_member", "Port strike", "dana", "owner", stdout=StringIO())
