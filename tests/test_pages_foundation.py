"""The first pages: log in, projects, articles, an article with its claims in place, upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from provenance.models import Article

pytestmark = pytest.mark.django_db

BODY = (
    "Bridge closed after cracks found\n\n"
    "Engineers found cracks in 12 pillars, the transport ministry said on Friday.\n"
    "<script>alert('pwned')</script> The mayor said the bridge would reopen within a week.\n"
)


@pytest.fixture
def article(ingest, users):
    return ingest(BODY, title="Bridge <b>closed</b>")


def test_pages_ask_anonymous_users_to_log_in(client, article, project):
    for url in ["/", f"/projects/{project.pk}/", f"/articles/{article.pk}/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_login_page_renders(client):
    assert client.get("/login/").status_code == 200


def test_member_sees_the_article_with_claims_highlighted_and_text_escaped(client, users, article):
    client.force_login(users["annotator"])
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert page.count('class="claim ') == article.claims.count()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in page
    assert "Bridge &lt;b&gt;closed&lt;/b&gt;" in page


def test_outsider_gets_404_on_project_and_article(client, users, article, project):
    client.force_login(users["outsider"])
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    assert client.get(f"/articles/{article.pk}/").status_code == 404
    assert project.name not in client.get("/").content.decode()


def test_upload_from_the_page(client, users, project):
    client.force_login(users["annotator"])
    text = "Flooding cut power to 3,000 homes, the utility said on Sunday.\n"
    response = client.post(
        f"/projects/{project.pk}/upload/",
        {"file": SimpleUploadedFile("flood.txt", text.encode()), "publisher": "AP"},
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/articles/{article.pk}/"
    assert article.publisher.name == "AP" or article.publisher.name.startswith("Associated")


def test_bad_upload_shows_the_reason_and_stores_nothing(client, users, project):
    client.force_login(users["annotator"])
    response = client.post(
        f"/projects/{project.pk}/upload/",
        {"file": SimpleUploadedFile("photo.txt", b"\x00\x01\x02binary")},
        follow=True,
    )
    assert "Upload refused" in response.content.decode()
    assert "photo.txt" in response.content.decode()
    assert not Article.objects.exists()


def test_upload_without_a_file_says_to_choose_one(client, users, project):
    """The form's file field is required in the browser; a post without one (a script, an old
    browser) is answered with what to do, not with nothing."""
    client.force_login(users["annotator"])
    response = client.post(f"/projects/{project.pk}/upload/", {"publisher": "AFP"}, follow=True)
    assert "Upload refused: choose a file to upload" in response.content.decode()
    assert not Article.objects.exists()
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert 'type="file" name="file"' in page and "required" in page


def test_outsider_cannot_upload(client, users, project):
    client.force_login(users["outsider"])
    response = client.post(
        f"/projects/{project.pk}/upload/",
        {"file": SimpleUploadedFile("x.txt", b"The council said it approved the budget.")},
    )
    assert response.status_code == 404
    assert not Article.objects.exists()
