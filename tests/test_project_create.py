"""Starting a project: editors of some project and staff may, the creator becomes its editor,
and the creation is in the new project's history."""

import pytest
from django.urls import reverse

from provenance.errors import DomainError, NotAllowed
from provenance.models import ChangeRecord, Membership, Project
from provenance.services.members import user_get_or_create
from provenance.services.projects import project_create

pytestmark = pytest.mark.django_db


def test_an_editor_creates_a_project_and_becomes_its_editor(users):
    project = project_create(name="  Port strike ", description="Docks", user=users["editor"])
    assert project.name == "Port strike"
    membership = Membership.objects.get(project=project)
    assert (membership.user, membership.role) == (users["editor"], "editor")
    record = ChangeRecord.objects.get(project=project, action="project_create")
    assert record.actor == users["editor"] and record.after["editor"] == "editor"
    assert record.after["name"] == "Port strike"


def test_staff_in_no_project_may_create(db):
    staff, _ = user_get_or_create(username="chief")
    staff.is_staff = True
    staff.save()
    assert project_create(name="Staff story", user=staff).memberships.get().user == staff


@pytest.mark.parametrize("role", ["annotator", "reviewer"])
def test_annotators_and_reviewers_may_not(users, role):
    with pytest.raises(NotAllowed):
        project_create(name="Mine", user=users[role])
    assert not Project.objects.filter(name="Mine").exists()


def test_a_taken_name_is_refused(users, project):
    with pytest.raises(DomainError, match="already exists"):
        project_create(name=project.name, user=users["editor"])


def test_api_create(users, api_client_for):
    url = "/api/v1/projects/"
    for role in ("annotator", "reviewer"):
        refused = api_client_for(users[role]).post(url, {"name": "API story"}, format="json")
        assert refused.status_code == 403, refused.json()
    created = api_client_for(users["editor"]).post(url, {"name": "API story"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["role"] == "editor"
    again = api_client_for(users["outsider"]).post(url, {"name": "API story"}, format="json")
    assert again.status_code == 400 and "already exists" in again.json()["message"]


def test_page_form(users, client):
    client.force_login(users["reviewer"])
    assert b"New project" not in client.get(reverse("project-list")).content
    assert client.get(reverse("project-new")).status_code == 403
    refused = client.post(reverse("project-new"), {"name": "X", "reviews_required": 2})
    assert refused.status_code == 403
    client.force_login(users["editor"])
    assert b"New project" in client.get(reverse("project-list")).content
    unnamed = client.post(reverse("project-new"), {"name": "", "reviews_required": 2})
    assert unnamed.status_code == 400
    done = client.post(reverse("project-new"), {"name": "Page story", "reviews_required": 3})
    project = Project.objects.get(name="Page story")
    assert done.status_code == 302
    assert done["Location"] == reverse("project-detail", args=[project.pk])
    assert project.reviews_required == 3
