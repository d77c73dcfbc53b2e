"""The source registry pages: a project's members look its sources up, its editors add and
correct them. Outsiders and the shared list: tests/test_sources_per_project.py."""

import pytest
from django.urls import reverse

from provenance.models import Source
from provenance.services.members import user_get_or_create
from provenance.services.sources import source_resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def reuters(project):
    # A source of the project, not of the shared list (which projects read but do not change).
    return source_resolve(project=project, name="Lakeside Courier")


def _as(client, user):
    client.force_login(user)
    return client


def test_members_find_their_projects_sources(client, users, reuters):
    page = _as(client, users["annotator"]).get(reverse("source-list"), {"q": "courier"})
    assert page.status_code == 200
    assert b"Lakeside Courier" in page.content
    assert b"Add a source" not in page.content  # annotators read, editors write
    detail = client.get(reverse("source-edit", args=[reuters.pk]))
    assert detail.status_code == 200 and b"<form" not in detail.content.split(b"<main")[-1]


def test_someone_in_no_project_is_refused(client, reuters):
    loner, _ = user_get_or_create(username="loner")
    assert _as(client, loner).get(reverse("source-list")).status_code == 403
    assert client.get(reverse("source-edit", args=[reuters.pk])).status_code == 403


def test_anonymous_is_sent_to_log_in(client, reuters):
    response = client.get(reverse("source-edit", args=[reuters.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_an_editor_corrects_a_source(client, users, reuters):
    response = _as(client, users["editor"]).post(
        reverse("source-edit", args=[reuters.pk]),
        {
            "name": "Lakeside Courier",
            "kind": "news_media",
            "aliases": "Lakeside Courier news\n The Courier \n\n",
            "country": "United Kingdom",
            "affiliation": "",
            "version": reuters.version,
        },
    )
    assert response.status_code == 302
    reuters.refresh_from_db()
    assert reuters.aliases == ["Lakeside Courier news", "The Courier"]
    assert reuters.country == "United Kingdom"


def test_an_annotator_cannot_change_a_source(client, users, reuters):
    response = _as(client, users["annotator"]).post(
        reverse("source-edit", args=[reuters.pk]), {"name": "Renamed", "kind": "ngo"}
    )
    assert response.status_code == 403
    reuters.refresh_from_db()
    assert reuters.name != "Renamed"


def test_an_editor_adds_a_source_and_a_clash_is_explained(client, users, reuters):
    editor = _as(client, users["editor"])
    added = editor.post(
        reverse("source-list"), {"name": "Lake Basin Monitor", "kind": "ngo", "aliases": ""}
    )
    assert added.status_code == 302
    assert Source.objects.filter(name="Lake Basin Monitor", kind="ngo").exists()
    clash = editor.post(reverse("source-list"), {"name": "lake basin monitor", "kind": "ngo"})
    assert clash.status_code == 400
    assert b"already exists" in clash.content
    assert Source.objects.filter(name__iexact="lake basin monitor").count() == 1


def test_source_names_are_escaped(client, users, project):
    source_resolve(project=project, name="<script>alert(1)</script> Herald")
    page = _as(client, users["annotator"]).get(reverse("source-list"), {"q": "Herald"})
    assert b"<script>alert(1)" not in page.content
    assert b"&lt;script&gt;" in page.content


def test_pages_keep_the_search(client, users, project):
    from provenance.services.sources import sources_resolve
    from provenance.views_sources import PAGE_SIZE

    sources_resolve(
        project=project,
        mentions=[(f"Valley Herald {n:03}", "news_media") for n in range(PAGE_SIZE + 5)],
    )
    first = _as(client, users["annotator"]).get(
        reverse("source-list"), {"q": "valley herald", "kind": "news_media"}
    )
    assert b"Page 1 of 2" in first.content
    assert b'href="?q=valley+herald&amp;kind=news_media&amp;page=2"' in first.content
    second = client.get(
        reverse("source-list"), {"q": "valley herald", "kind": "news_media", "page": 2}
    )
    assert second.content.count(b"Valley Herald") == 5


def test_a_second_editor_working_from_an_old_page_is_told_and_overwrites_nothing(
    client, users, reuters
):
    opened = reuters.version
    editor = _as(client, users["editor"])
    form = {"name": "Lakeside Courier", "kind": "news_media", "aliases": "", "affiliation": ""}
    first = editor.post(
        reverse("source-edit", args=[reuters.pk]),
        {**form, "country": "United Kingdom", "version": opened},
    )
    assert first.status_code == 302
    late = editor.post(
        reverse("source-edit", args=[reuters.pk]), {**form, "country": "Canada", "version": opened}
    )
    assert late.status_code == 409
    page = late.content.decode()
    assert "changed by someone else" in page and "United Kingdom" in page
    reuters.refresh_from_db()
    assert reuters.country == "United Kingdom"
    # The page now carries the current version: saving again is a choice made seeing both.
    again = editor.post(
        reverse("source-edit", args=[reuters.pk]),
        {**form, "country": "Canada", "version": reuters.version},
    )
    assert again.status_code == 302
    reuters.refresh_from_db()
    assert reuters.country == "Canada"
