"""Navigation shows each person only the pages their roles let them open: every link in the
main and the project navigation answers 200 for the person it is shown to."""

import re

import pytest

from provenance.services.members import user_get_or_create

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav[^>]*aria-label="(?:Main|Project)"[^>]*>(.*?)</nav>', re.S)
HREF = re.compile(r'<a href="([^"]+)"')


def nav_links(html: str) -> list[str]:
    return [
        href.replace("&amp;", "&") for block in NAV.findall(html) for href in HREF.findall(block)
    ]


def links_shown(client, user, project) -> list[str]:
    client.force_login(user)
    links = nav_links(client.get("/").content.decode())
    project_page = client.get(f"/projects/{project.pk}/")
    if project_page.status_code == 200:
        links += nav_links(project_page.content.decode())
    return links


@pytest.fixture
def loner(db):
    """Logged in, but a member of no project."""
    user, _ = user_get_or_create(username="loner")
    return user


@pytest.mark.parametrize("role", ["annotator", "reviewer", "editor", "outsider", "loner"])
def test_every_link_shown_opens_for_whoever_sees_it(client, users, loner, project, role):
    user = loner if role == "loner" else users[role]
    links = links_shown(client, user, project)
    assert "/" in links and "/changes/recent/" in links
    for url in links:
        assert client.get(url).status_code == 200, (role, url)


def test_an_annotator_is_not_shown_the_queue_or_adjudication(client, users, project):
    links = links_shown(client, users["annotator"], project)
    assert not [url for url in links if url.startswith(("/queue/", "/adjudication/"))]
    assert "/sources/" in links


def test_a_reviewer_sees_the_queue_but_not_adjudication(client, users, project):
    links = links_shown(client, users["reviewer"], project)
    assert "/queue/" in links and f"/queue/?project={project.pk}" in links
    assert "/adjudication/" not in links


def test_an_editor_sees_the_queue_adjudication_and_members(client, users, project):
    links = links_shown(client, users["editor"], project)
    assert {"/queue/", "/adjudication/", f"/projects/{project.pk}/members/"} <= set(links)


def test_roles_count_per_project(client, users, project):
    """The outsider edits another project: adjudication is theirs, this project is not."""
    links = links_shown(client, users["outsider"], project)
    assert "/adjudication/" in links and "/queue/" in links
    assert not [url for url in links if f"/projects/{project.pk}/" in url]


def test_someone_in_no_project_sees_no_project_pages(client, loner, project):
    links = links_shown(client, loner, project)
    assert not {"/queue/", "/adjudication/", "/sources/"} & set(links)
