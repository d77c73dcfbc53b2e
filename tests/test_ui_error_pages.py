"""The error pages as a person meets them with DEBUG off: a 404 for a missing claim, a 403
that names the role needed, and a 500 that renders even when the database is gone."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_off(settings):
    settings.DEBUG = False


def database_down(execute, sql, params, many, context):
    raise OperationalError("connection refused")


def _page(response) -> str:
    return response.content.decode()


def test_a_missing_claim_is_a_page_in_the_site_layout(client, users):
    client.force_login(users["reviewer"])
    response = client.get("/claims/999999/", HTTP_REFERER="http://testserver/queue/")
    html = _page(response)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "There is nothing here" in html and "The link may be old" in html
    assert 'href="http://testserver/queue/"' in html  # back where they came from
    assert '<nav aria-label="Main">' in html and "Log out reviewer" in html


def test_a_missing_page_does_not_link_back_to_another_site(client, users):
    client.force_login(users["reviewer"])
    html = _page(client.get("/claims/999999/", HTTP_REFERER="https://evil.example/x"))
    assert "evil.example" not in html and "page you came from" not in html


def test_an_unknown_api_address_still_answers_json(client, users):
    client.force_login(users["reviewer"])
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_a_forbidden_page_names_the_role_needed(client, users):
    client.force_login(users["annotator"])
    response = client.get("/adjudication/")
    html = _page(response)
    assert response.status_code == 403
    assert "You cannot open this page" in html
    assert "You need the editor role in a project to adjudicate." in html
    assert 'href="/login/?next=/adjudication/"' in html  # log in as a user with that role
    assert "Log out annotator" in html


def test_a_forbidden_action_in_a_project_names_the_project_and_role(client, users, project):
    client.force_login(users["reviewer"])
    response = client.post(f"/projects/{project.pk}/rescan/")
    assert response.status_code == 403
    assert "You need the editor role in project &#x27;Dam story&#x27;" in _page(response)


def test_a_failing_view_shows_the_styled_500_page(users, project, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("a bug in a view")

    monkeypatch.setattr("provenance.views.projects_for_user", broken)
    client = Client(raise_request_exception=False)
    client.force_login(users["editor"])
    response = client.get(f"/projects/{project.pk}/")
    html = _page(response)
    assert response.status_code == 500
    assert "Something went wrong on our side" in html and "try again" in html
    assert "desk.css" in html  # the site's layout, not a bare page
    assert "a bug in a view" not in html and "Traceback" not in html


def test_the_500_page_renders_with_the_database_down(users, project):
    client = Client(raise_request_exception=False)
    client.force_login(users["editor"])

    # The session, the user and the page all need the database: loading the session fails.
    with connection.execute_wrapper(database_down):
        response = client.get(f"/projects/{project.pk}/")
    html = _page(response)
    assert response.status_code == 500
    assert "Something went wrong on our side" in html and "desk.css" in html
    assert "Log out" not in html


def test_api_errors_stay_json_when_the_database_is_down(users):
    client = Client(raise_request_exception=False)
    client.force_login(users["editor"])

    with connection.execute_wrapper(database_down):
        response = client.get("/api/v1/claims/")
    assert response.status_code == 500 and response.json()["error"] == "server_error"


def test_a_stale_form_gets_the_403_page_saying_to_reload(users, project):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["editor"])
    response = client.post(f"/projects/{project.pk}/rescan/", {"csrfmiddlewaretoken": "stale"})
    html = _page(response)
    assert response.status_code == 403
    assert "This form was not saved" in html and "send the form again" in html
    assert "You cannot open this page" not in html and "Log out editor" in html


def test_an_unknown_address_for_someone_logged_out_offers_logging_in(client):
    response = client.get("/no-such-page/")
    html = _page(response)
    assert response.status_code == 404 and "There is nothing here" in html
    assert 'href="/login/?next=/no-such-page/"' in html and '<nav aria-label="Main">' not in html
