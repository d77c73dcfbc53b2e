"""The first API: projects, articles, claims, export; auth, scoping and JSON errors."""

import json

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from provenance.models import Article

pytestmark = pytest.mark.django_db

BODY = (
    "Dam collapse displaces thousands\n\n"
    "The dam displaced 40,000 villagers, the provincial governor said on Monday.\n\n"
    "The ministry denied that any villages were flooded, according to state television.\n"
)


@pytest.fixture
def article(ingest, users):
    return ingest(BODY, title="Dam collapse displaces thousands", publisher="Reuters")


def test_anonymous_users_get_json_401(client):
    response = client.get("/api/v1/projects/")
    assert response.status_code in (401, 403)
    assert response.json()["message"]


def test_token_authentication(client, users, project):
    call_command("drf_create_token", "reviewer", stdout=None)
    key = Token.objects.get(user=users["reviewer"]).key
    response = client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [p["name"] for p in response.json()["results"]] == [project.name]
    assert response.json()["results"][0]["role"] == "reviewer"


def test_outsider_sees_nothing_of_another_project(api_client_for, users, article):
    client = api_client_for(users["outsider"])
    assert article.project.name not in [
        p["name"] for p in client.get("/api/v1/projects/").json()["results"]
    ]
    assert client.get("/api/v1/articles/").json()["results"] == []
    assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 404
    claim = article.claims.first()
    response = client.get(f"/api/v1/claims/{claim.pk}/")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    export = client.get("/api/v1/export/claims/?format=jsonl&status=all")
    assert b"".join(export.streaming_content) == b""


def test_member_reads_articles_and_claim_records(api_client_for, users, article):
    client = api_client_for(users["annotator"])
    listed = client.get("/api/v1/articles/").json()["results"]
    assert [a["id"] for a in listed] == [article.pk]
    detail = client.get(f"/api/v1/articles/{article.pk}/").json()
    assert detail["body"] == article.body
    claims = client.get(f"/api/v1/claims/?article={article.pk}").json()["results"]
    assert claims
    for record in claims:
        assert detail["body"][record["start"] : record["end"]] == record["text"]
        assert record["article"]["publisher"] == "Reuters"


def test_create_article_by_json_then_duplicate(api_client_for, users, project):
    client = api_client_for(users["annotator"])
    payload = {"project": project.name, "body": BODY, "title": "Dam", "publisher": "AFP"}
    created = client.post("/api/v1/articles/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["added"][0]["claim_count"] > 0
    again = client.post("/api/v1/articles/", payload, format="json")
    assert again.status_code == 200
    assert again.json()["added"] == [] and len(again.json()["duplicates"]) == 1
    assert Article.objects.count() == 1


def test_create_article_refusals_are_json_and_store_nothing(api_client_for, users, project):
    client = api_client_for(users["annotator"])
    empty = client.post("/api/v1/articles/", {"project": project.name, "body": "  "}, format="json")
    assert empty.status_code == 400 and empty.json()["message"]
    both = client.post("/api/v1/articles/", {"project": project.name}, format="json")
    assert both.status_code == 400
    assert "either" in both.json()["message"]
    outsider = api_client_for(users["outsider"]).post(
        "/api/v1/articles/", {"project": project.name, "body": BODY}, format="json"
    )
    assert outsider.status_code == 404
    assert not Article.objects.exists()


def test_create_article_by_file_upload(api_client_for, users, project):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = api_client_for(users["editor"])
    lines = "\n".join(
        json.dumps({"title": f"Story {n}", "body": f"Officials said {n} bridges collapsed."})
        for n in (3, 4)
    )
    upload = SimpleUploadedFile("batch.jsonl", lines.encode())
    response = client.post(
        "/api/v1/articles/", {"project": project.name, "file": upload}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert len(response.json()["added"]) == 2
    broken = SimpleUploadedFile("broken.jsonl", b'{"body": "fine"}\n{"body": 3}\n')
    response = client.post(
        "/api/v1/articles/", {"project": project.name, "file": broken}, format="multipart"
    )
    assert response.status_code == 400
    assert "broken.jsonl" in response.json()["message"]
    assert Article.objects.count() == 2


def test_unknown_endpoint_and_ids_answer_json(api_client_for, users):
    client = api_client_for(users["editor"])
    assert client.get("/api/v1/nothing-here/").json()["error"] == "not_found"
    assert client.get("/api/v1/claims/999999/").status_code == 404


def test_openapi_schema(api_client_for, users):
    response = api_client_for(users["editor"]).get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/export/claims/" in response.content


def test_export_endpoint_streams_the_chosen_format(api_client_for, users, article):
    client = api_client_for(users["reviewer"])
    response = client.get("/api/v1/export/claims/?format=jsonl&status=all")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == article.claims.count()
    assert json.loads(lines[0])["article"]["id"] == article.pk
    bad = client.get("/api/v1/export/claims/?format=xml")
    assert bad.status_code == 400 and "format" in bad.json()["message"]


def test_article_text_is_the_body_as_plain_text_for_members_only(
    api_client_for, users, ingest, other_project
):
    article = ingest("Le barrage de Dũng Quất a cédé lundi, ont déclaré les autorités.\n")
    url = f"/api/v1/articles/{article.pk}/text/"
    response = api_client_for(users["annotator"]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode("utf-8") == article.body
    assert api_client_for(users["outsider"]).get(url).status_code == 404
    assert api_client_for(None).get(url).status_code in (401, 403)
