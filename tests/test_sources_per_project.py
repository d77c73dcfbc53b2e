"""What a project extracted stays in that project: an outsider (an editor of another project)
neither reads nor changes the sources found in its articles, through the API or the pages; the
shipped reference list stays shared, read only to project editors."""

import pytest
from django.urls import reverse

from provenance.models import ChangeRecord, Source
from provenance.services.sources import sources_load_registry

pytestmark = pytest.mark.django_db

SECRET = "Marisol Quintero-Vance"
BODY = f"The dam displaced 40,000 villagers, {SECRET} told the inquiry on Monday.\n"
URL = "/api/v1/sources/"


@pytest.fixture
def extracted(ingest, project):
    ingest(BODY)
    source = Source.objects.get(name=SECRET)
    assert source.project == project
    return source


def test_an_outsider_does_not_list_or_read_another_projects_sources(
    api_client_for, users, extracted
):
    outsider = api_client_for(users["outsider"])
    listed = outsider.get(URL, {"name__icontains": "Quintero"}).json()["results"]
    assert listed == []
    assert outsider.get(f"{URL}{extracted.pk}/").status_code == 404
    member = api_client_for(users["annotator"])
    assert [
        s["name"] for s in member.get(URL, {"name__icontains": "Quintero"}).json()["results"]
    ] == [SECRET]
    assert member.get(f"{URL}{extracted.pk}/").json()["project"] == extracted.project_id


def test_an_outsider_cannot_change_or_merge_another_projects_sources(
    api_client_for, users, extracted, other_project, ingest
):
    outsider = api_client_for(users["outsider"])
    changed = outsider.patch(
        f"{URL}{extracted.pk}/", {"kind": "ngo", "version": extracted.version}, format="json"
    )
    assert changed.status_code == 404
    ingest("Officials said 3 bridges fell, Harlan Okafor told the inquiry.\n", target=other_project)
    own = Source.objects.get(name="Harlan Okafor")
    merged = outsider.post(
        f"{URL}{own.pk}/merge/", {"duplicate": extracted.pk, "version": own.version}, format="json"
    )
    assert merged.status_code == 400 and "duplicate" in merged.json()["message"]
    extracted.refresh_from_db()
    assert (extracted.kind, extracted.version) == ("individual", 1)
    assert Source.objects.filter(pk=extracted.pk).exists()
    assert not ChangeRecord.objects.filter(object_type="source").exists()


def test_an_outsider_does_not_find_them_on_the_pages(client, users, extracted):
    client.force_login(users["outsider"])
    page = client.get(reverse("source-list"), {"q": "Quintero"})
    assert page.status_code == 200 and SECRET.encode() not in page.content
    assert client.get(reverse("source-edit", args=[extracted.pk])).status_code == 404
    posted = client.post(
        reverse("source-edit", args=[extracted.pk]),
        {"name": "Leaked", "kind": "ngo", "aliases": "", "version": extracted.version},
    )
    assert posted.status_code == 404
    assert Source.objects.get(pk=extracted.pk).name == SECRET
    client.force_login(users["annotator"])
    page = client.get(reverse("source-list"), {"q": "Quintero"})
    assert SECRET.encode() in page.content


def test_the_same_name_in_another_project_is_a_source_of_its_own(
    ingest, other_project, extracted, api_client_for, users
):
    ingest(BODY, target=other_project)
    theirs = Source.objects.get(name=SECRET, project=other_project)
    assert theirs.pk != extracted.pk
    editor = api_client_for(users["editor"])
    corrected = editor.patch(
        f"{URL}{extracted.pk}/", {"kind": "government", "version": 1}, format="json"
    )
    assert corrected.status_code == 200, corrected.json()
    theirs.refresh_from_db()
    assert theirs.kind == "individual"  # one project's correction stays in that project
    record = ChangeRecord.objects.get(object_type="source", object_id=extracted.pk)
    assert record.project == extracted.project


def test_the_shared_reference_list_is_read_by_all_and_changed_by_no_project(
    api_client_for, users, project
):
    sources_load_registry()
    reuters = Source.objects.get(name="Reuters")
    assert reuters.project is None
    for role in ("annotator", "outsider"):
        assert api_client_for(users[role]).get(f"{URL}{reuters.pk}/").status_code == 200
    refused = api_client_for(users["editor"]).patch(
        f"{URL}{reuters.pk}/", {"kind": "ngo", "version": reuters.version}, format="json"
    )
    assert refused.status_code == 403 and "shared" in refused.json()["message"]
    assert Source.objects.get(pk=reuters.pk).kind == "wire_agency"


def test_an_editor_adds_a_source_to_their_project(api_client_for, users, project):
    editor = api_client_for(users["editor"])
    created = editor.post(URL, {"name": "Delta Water Authority"}, format="json")
    assert created.status_code == 201, created.json()
    assert Source.objects.get(pk=created.json()["id"]).project == project
    outsider = api_client_for(users["outsider"])
    refused = outsider.post(URL, {"name": "Elsewhere Board", "project": project.pk}, format="json")
    assert refused.status_code == 400 and "project" in refused.json()["message"]
    annotator = api_client_for(users["annotator"])
    refused = annotator.post(URL, {"name": "Elsewhere Board", "project": project.pk}, format="json")
    assert refused.status_code == 403 and "editor" in refused.json()["message"]
    assert not Source.objects.filter(name="Elsewhere Board").exists()
