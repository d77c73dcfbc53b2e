"""What each role may export: members their projects' claims, whatever their role; outsiders
nothing of another project; anonymous callers nothing at all."""

import json

import pytest
from django.contrib.auth import get_user_model

from provenance.models import Claim

pytestmark = pytest.mark.django_db

FORMATS = ["jsonl", "json", "csv", "claimreview", "webannotation"]
DAM = "The dam displaced 40,000 villagers, the provincial governor said on Monday.\n"
VOTE = "Turnout reached 61 percent, the electoral commission said on Sunday.\n"


@pytest.fixture
def two_projects(ingest, users, project, other_project):
    ingest(DAM, title="Dam", origin="dam.txt")
    ingest(VOTE, title="Vote", origin="vote.txt", target=other_project)
    return {
        project.name: set(
            Claim.objects.filter(article__project=project).values_list("pk", flat=True)
        ),
        other_project.name: set(
            Claim.objects.filter(article__project=other_project).values_list("pk", flat=True)
        ),
    }


def _exported_ids(client, **params) -> set[int]:
    response = client.get("/api/v1/export/claims/", {"format": "jsonl", "status": "all", **params})
    assert response.status_code == 200, response.content
    return {json.loads(line)["id"] for line in b"".join(response.streaming_content).splitlines()}


@pytest.mark.parametrize("role", ["annotator", "reviewer", "editor"])
def test_every_member_exports_their_project_and_only_it(
    api_client_for, users, two_projects, project, role
):
    assert _exported_ids(api_client_for(users[role])) == two_projects[project.name]


def test_outsider_exports_only_their_own_project(api_client_for, users, two_projects, project):
    client = api_client_for(users["outsider"])
    own = {name: ids for name, ids in two_projects.items() if name != project.name}
    assert _exported_ids(client) == set.union(*own.values())
    refused = client.get("/api/v1/export/claims/", {"project": project.name, "status": "all"})
    assert refused.status_code == 400
    assert "no project named" in refused.json()["message"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_outsider_gets_none_of_another_projects_text_in_any_format(
    api_client_for, users, two_projects, fmt
):
    client = api_client_for(users["outsider"])
    response = client.get("/api/v1/export/claims/", {"format": fmt, "status": "all"})
    body = b"".join(response.streaming_content).decode()
    assert "displaced 40,000 villagers" not in body
    assert "Turnout reached 61 percent" in body


def test_account_without_projects_exports_an_empty_file(api_client_for, two_projects):
    lonely = get_user_model().objects.create(username="lonely")
    assert _exported_ids(api_client_for(lonely)) == set()


def test_superuser_exports_every_project(api_client_for, two_projects):
    admin = get_user_model().objects.create(username="admin", is_superuser=True)
    assert _exported_ids(api_client_for(admin)) == set.union(*two_projects.values())


@pytest.mark.parametrize("fmt", FORMATS)
def test_anonymous_callers_get_a_json_401(client, two_projects, fmt):
    response = client.get("/api/v1/export/claims/", {"format": fmt, "status": "all"})
    assert response.status_code == 401
    assert response.json()["message"]
