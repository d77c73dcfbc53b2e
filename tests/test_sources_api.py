"""The source registry over the API: a project's members read its sources, its editors add and
correct them, and spellings of one source meet on one row. What outsiders and the shared list
may do: tests/test_sources_per_project.py."""

import pytest
from django.contrib.auth import get_user_model

from provenance.models import Source

pytestmark = pytest.mark.django_db

URL = "/api/v1/sources/"


@pytest.fixture
def reuters(project):
    from provenance.services.sources import source_create

    return source_create(
        project=project, name="Reuters", kind="wire_agency", aliases=["Reuters news agency"]
    )


@pytest.mark.parametrize("role", ["annotator", "reviewer", "editor"])
def test_members_of_the_project_read_its_sources(api_client_for, users, reuters, role):
    client = api_client_for(users[role])
    listed = client.get(URL, {"kind": "wire_agency"}).json()["results"]
    assert [s["name"] for s in listed] == ["Reuters"]
    assert client.get(f"{URL}{reuters.pk}/").json()["aliases"] == ["Reuters news agency"]


def test_accounts_in_no_project_and_anonymous_callers_read_nothing(api_client_for, reuters):
    lonely = get_user_model().objects.create(username="lonely")
    refused = api_client_for(lonely).get(URL)
    assert refused.status_code == 403 and "member" in refused.json()["message"]
    assert api_client_for().get(URL).status_code == 401


def test_editor_adds_and_corrects_a_source(api_client_for, users):
    client = api_client_for(users["editor"])
    created = client.post(
        URL,
        {"name": "Delta Water Authority", "kind": "government", "country": "Nigeria"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    source_id = created.json()["id"]
    changed = client.patch(
        f"{URL}{source_id}/",
        {"kind": "un_body", "aliases": [" DWA ", "DWA", ""], "version": 1},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    source = Source.objects.get(pk=source_id)
    assert (source.kind, source.aliases, source.country) == ("un_body", ["DWA"], "Nigeria")
    assert not source.from_registry


@pytest.mark.parametrize("role", ["annotator", "reviewer"])
def test_only_editors_change_sources(api_client_for, users, reuters, role):
    client = api_client_for(users[role])
    refused = client.post(URL, {"name": "Some outlet"}, format="json")
    assert refused.status_code == 403 and "editor" in refused.json()["message"]
    refused = client.patch(f"{URL}{reuters.pk}/", {"kind": "ngo", "version": 1}, format="json")
    assert refused.status_code == 403
    assert Source.objects.get(pk=reuters.pk).kind == "wire_agency"


def test_a_second_spelling_of_a_source_is_refused_pointing_at_the_first(
    api_client_for, users, reuters
):
    response = api_client_for(users["editor"]).post(URL, {"name": "Reuters Ltd"}, format="json")
    assert response.status_code == 400
    message = response.json()["message"]
    assert "Reuters" in message and str(reuters.pk) in message
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "Desk", "kind": "aliens"}, "kind"),
        ({"name": "  ...  "}, "letter or digit"),
        ({"kind": "ngo"}, "name"),
        ({"name": "Desk", "aliases": "not a list"}, "aliases"),
    ],
)
def test_bad_sources_are_json_errors(api_client_for, users, payload, field):
    response = api_client_for(users["editor"]).post(URL, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["message"]
    assert not Source.objects.exists()


def test_a_change_based_on_an_old_version_is_refused_with_the_current_state(
    api_client_for, users, reuters
):
    client = api_client_for(users["editor"])
    read = client.get(f"{URL}{reuters.pk}/")
    etag = read["ETag"]
    assert read.json()["version"] == 1 and etag == '"1"'
    first = client.patch(
        f"{URL}{reuters.pk}/", {"country": "UK"}, format="json", HTTP_IF_MATCH=etag
    )
    assert first.status_code == 200 and first["ETag"] == '"2"'
    late = client.patch(
        f"{URL}{reuters.pk}/", {"country": "Canada"}, format="json", HTTP_IF_MATCH=etag
    )
    assert late.status_code == 409
    assert late.json()["current"]["country"] == "UK" and late.json()["current"]["version"] == 2
    assert Source.objects.get(pk=reuters.pk).country == "UK"


def test_a_change_that_names_no_version_is_refused(api_client_for, users, reuters):
    response = api_client_for(users["editor"]).patch(
        f"{URL}{reuters.pk}/", {"kind": "ngo"}, format="json"
    )
    assert response.status_code == 400 and "version" in response.json()["message"]
    assert Source.objects.get(pk=reuters.pk).kind == "wire_agency"


def test_additions_and_corrections_are_audited_with_both_states(api_client_for, users):
    from provenance.models import ChangeRecord

    client = api_client_for(users["editor"])
    created = client.post(URL, {"name": "Delta Water Authority"}, format="json").json()
    client.patch(f"{URL}{created['id']}/", {"kind": "government", "version": 1}, format="json")
    records = ChangeRecord.objects.filter(object_type="source", object_id=created["id"])
    added, corrected = records.order_by("id")
    assert (added.action, added.actor, added.before) == ("source_create", users["editor"], None)
    assert corrected.action == "source_update" and corrected.actor == users["editor"]
    assert (corrected.before["kind"], corrected.after["kind"]) == ("unknown", "government")
    assert (corrected.before["version"], corrected.after["version"]) == (1, 2)
