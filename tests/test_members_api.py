"""Project members over the API: members see the list, editors add, re-role and remove, and a
project always keeps an editor."""

import pytest
from django.contrib.auth import get_user_model

from provenance.models import ChangeRecord, Membership

pytestmark = pytest.mark.django_db

URL = "/api/v1/members/"


def _membership(user, project) -> Membership:
    return Membership.objects.get(user=user, project=project)


def test_members_see_the_members_of_their_projects_only(api_client_for, users, project):
    listed = api_client_for(users["annotator"]).get(URL).json()["results"]
    assert {m["username"] for m in listed} == {"editor", "reviewer", "reviewer2", "annotator"}
    outsider = api_client_for(users["outsider"]).get(URL).json()["results"]
    assert {(m["username"], m["project"]) for m in outsider} == {("outsider", "Election story")}


def test_editor_adds_changes_and_removes_a_member(api_client_for, users, project):
    newcomer = get_user_model().objects.create(username="newcomer")
    client = api_client_for(users["editor"])
    added = client.post(
        URL, {"project": project.name, "username": "newcomer", "role": "annotator"}, format="json"
    )
    assert added.status_code == 201, added.json()
    member_id = added.json()["id"]
    changed = client.patch(f"{URL}{member_id}/", {"role": "reviewer"}, format="json")
    assert changed.json()["role"] == "reviewer"
    assert client.delete(f"{URL}{member_id}/").status_code == 204
    assert not Membership.objects.filter(user=newcomer).exists()
    actions = ChangeRecord.objects.filter(object_type="membership").values_list("action", flat=True)
    assert sorted(actions) == ["add", "change_role", "remove"]


@pytest.mark.parametrize("role", ["annotator", "reviewer"])
def test_only_editors_manage_members(api_client_for, users, project, role):
    client = api_client_for(users[role])
    target = _membership(users["reviewer2"], project)
    refused = client.patch(f"{URL}{target.pk}/", {"role": "editor"}, format="json")
    assert refused.status_code == 403 and "editor" in refused.json()["message"]
    assert client.delete(f"{URL}{target.pk}/").status_code == 403
    added = client.post(
        URL, {"project": project.name, "username": "outsider", "role": "editor"}, format="json"
    )
    assert added.status_code == 403
    assert _membership(users["reviewer2"], project).role == "reviewer"


def test_outsiders_cannot_touch_another_projects_members(api_client_for, users, project):
    client = api_client_for(users["outsider"])
    target = _membership(users["reviewer"], project)
    assert (
        client.patch(f"{URL}{target.pk}/", {"role": "annotator"}, format="json").status_code == 404
    )
    added = client.post(
        URL, {"project": project.name, "username": "outsider", "role": "editor"}, format="json"
    )
    assert added.status_code == 404


def test_the_last_editor_stays(api_client_for, users, project):
    client = api_client_for(users["editor"])
    own = _membership(users["editor"], project)
    demoted = client.patch(f"{URL}{own.pk}/", {"role": "reviewer"}, format="json")
    assert demoted.status_code == 400 and "last editor" in demoted.json()["message"]
    assert client.delete(f"{URL}{own.pk}/").status_code == 400
    promoted = _membership(users["reviewer"], project)
    client.patch(f"{URL}{promoted.pk}/", {"role": "editor"}, format="json")
    assert client.patch(f"{URL}{own.pk}/", {"role": "reviewer"}, format="json").status_code == 200


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"username": "nobody", "role": "annotator"}, "no account named"),
        ({"username": "reviewer", "role": "annotator"}, "already reviewer"),
        ({"username": "outsider", "role": "owner"}, "role"),
    ],
)
def test_bad_additions_are_json_errors(api_client_for, users, project, payload, message):
    client = api_client_for(users["editor"])
    response = client.post(URL, {"project": project.name, **payload}, format="json")
    assert response.status_code == 400
    assert message in response.json()["message"]
