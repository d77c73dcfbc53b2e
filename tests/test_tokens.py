"""The API token page: create, regenerate and revoke; a new key is shown once."""

import io

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

PAGE = "/account/token/"


def _works(client, key: str) -> bool:
    return client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.post(f"{PAGE}regenerate/").status_code == 302
    assert not Token.objects.exists()


def test_create_shows_the_key_once_and_it_works(client, users):
    client.force_login(users["annotator"])
    assert "You have no API token" in client.get(PAGE).content.decode()
    response = client.post(f"{PAGE}regenerate/", follow=True)
    key = Token.objects.get(user=users["annotator"]).key
    assert key in response.content.decode()
    again = client.get(PAGE).content.decode()
    assert key not in again and key[-4:] in again
    assert _works(client.__class__(), key)


def test_regenerate_replaces_the_old_key(client, users):
    client.force_login(users["reviewer"])
    client.post(f"{PAGE}regenerate/")
    old = Token.objects.get(user=users["reviewer"]).key
    client.post(f"{PAGE}regenerate/")
    new = Token.objects.get(user=users["reviewer"]).key
    assert new != old
    api = client.__class__()
    assert not _works(api, old) and _works(api, new)


def test_revoke_stops_the_key(client, users):
    client.force_login(users["editor"])
    client.post(f"{PAGE}regenerate/")
    key = Token.objects.get(user=users["editor"]).key
    response = client.post(f"{PAGE}delete/", follow=True)
    assert "revoked" in response.content.decode()
    assert not Token.objects.filter(user=users["editor"]).exists()
    assert not _works(client.__class__(), key)


def test_changes_need_post(client, users):
    client.force_login(users["editor"])
    assert client.get(f"{PAGE}regenerate/").status_code == 405
    assert client.get(f"{PAGE}delete/").status_code == 405


def test_a_user_touches_only_their_own_token(client, users):
    other = Token.objects.create(user=users["editor"])
    client.force_login(users["annotator"])
    client.post(f"{PAGE}delete/")
    client.post(f"{PAGE}regenerate/")
    assert Token.objects.get(user=users["editor"]).key == other.key
    assert other.key not in client.get(PAGE).content.decode()


def test_nav_links_to_the_token_page(client, users):
    client.force_login(users["annotator"])
    assert f'href="{PAGE}"' in client.get("/").content.decode()


def test_tokens_made_or_removed_outside_the_app_are_audited(users):
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from provenance.models import ChangeRecord

    reviewer = users["reviewer"]
    call_command("drf_create_token", reviewer.username, stdout=io.StringIO())
    call_command("drf_create_token", reviewer.username, "--reset", stdout=io.StringIO())
    Token.objects.filter(user=reviewer).delete()
    records = ChangeRecord.objects.filter(object_type="token", object_id=reviewer.pk)
    assert [r.action for r in records.order_by("id")] == ["create", "delete", "create", "delete"]
    assert all(r.actor is None and "outside the app" in r.after["via"] for r in records)


def test_the_token_page_records_one_change_with_its_actor(client, users):
    from provenance.models import ChangeRecord

    client.force_login(users["editor"])
    client.post(f"{PAGE}regenerate/")
    client.post(f"{PAGE}regenerate/")
    records = ChangeRecord.objects.filter(object_type="token", object_id=users["editor"].pk)
    assert [(r.action, r.actor) for r in records.order_by("id")] == [
        ("create", users["editor"]),
        ("regenerate", users["editor"]),
    ]
