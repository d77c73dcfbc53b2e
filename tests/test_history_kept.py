"""History is never lost: deleting a claim, an article or a project in the admin cannot take
reviews, rulings or audit records with it, and what is deleted leaves a record of itself.
Ingest, re-scans and token changes are audited too."""

import pytest
from django.contrib.auth import get_user_model

from annotations.models import Review
from annotations.services.reviews import review_submit
from provenance.models import Article, ChangeRecord, Claim, Project
from provenance.services.claims import claim_correct_span
from provenance.services.rescans import rescan_start
from provenance.services.tokens import token_delete, token_regenerate
from tests.review_support import FLOOD_STORY

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.admin = admin
    return client


def _delete_in_admin(client, model: str, pk: int):
    return client.post(f"/admin/provenance/{model}/{pk}/delete/", {"post": "yes"})


def _delete_selected_in_admin(client, model: str, pks: list[int]):
    return client.post(
        f"/admin/provenance/{model}/",
        {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
    )


def _reviewed(ingest, users) -> tuple[Article, Claim, Review]:
    article = ingest(FLOOD_STORY, publisher="Reuters")
    claim = article.claims.order_by("start").first()
    review = review_submit(
        claim=claim, user=users["reviewer"], verdict="supported", confidence=0.8, version=1
    )
    return article, claim, review


@pytest.mark.parametrize("way", ["one", "selected"])
def test_a_reviewed_claim_cannot_be_deleted_and_keeps_its_review(admin_client, ingest, users, way):
    _article, claim, review = _reviewed(ingest, users)
    records = ChangeRecord.objects.filter(claim=claim).count()
    assert records  # the review's, and the claim's move into review
    if way == "one":
        response = _delete_in_admin(admin_client, "claim", claim.pk)
    else:
        response = _delete_selected_in_admin(admin_client, "claim", [claim.pk])
    assert response.status_code == 200
    assert "would require deleting the following protected" in response.content.decode()
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert Review.objects.filter(pk=review.pk).exists()
    assert ChangeRecord.objects.filter(claim=claim).count() == records


def test_an_article_whose_claims_have_history_cannot_be_deleted(admin_client, ingest, users):
    article = ingest(FLOOD_STORY, publisher="Reuters")
    claim = article.claims.order_by("start").first()
    claim_correct_span(
        claim=claim, start=claim.start, end=claim.end - 1, version=1, user=users["editor"]
    )
    response = _delete_in_admin(admin_client, "article", article.pk)
    assert "would require deleting the following protected" in response.content.decode()
    assert Article.objects.filter(pk=article.pk).exists()
    assert ChangeRecord.objects.filter(claim=claim, action="correct_span").exists()


def test_a_project_with_history_cannot_be_deleted(admin_client, ingest, users, project):
    _reviewed(ingest, users)
    response = admin_client.post(f"/admin/provenance/project/{project.pk}/delete/", {"post": "yes"})
    assert "would require deleting the following protected" in response.content.decode()
    assert Project.objects.filter(pk=project.pk).exists()
    assert ChangeRecord.objects.filter(project=project).exists()


@pytest.mark.parametrize("way", ["one", "selected"])
def test_deleting_untouched_work_leaves_a_record_of_it(admin_client, ingest, users, project, way):
    article = ingest(FLOOD_STORY, publisher="Reuters", origin="seeds/flood.txt")
    claim = article.claims.order_by("start").last()
    delete = _delete_in_admin if way == "one" else _delete_selected_in_admin
    arg = claim.pk if way == "one" else [claim.pk]
    assert delete(admin_client, "claim", arg).status_code == 302
    assert not Claim.objects.filter(pk=claim.pk).exists()
    gone = ChangeRecord.objects.get(object_type="claim", object_id=claim.pk, action="delete")
    assert gone.actor == admin_client.admin and gone.project == project
    assert gone.before["text"] == claim.text and gone.after is None

    claims = article.claims.count()
    arg = article.pk if way == "one" else [article.pk]
    assert delete(admin_client, "article", arg).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    gone = ChangeRecord.objects.get(object_type="article", object_id=article.pk, action="delete")
    assert gone.actor == admin_client.admin
    assert gone.before["origin"] == "seeds/flood.txt"
    assert gone.before["content_hash"] == article.content_hash
    assert gone.before["claims"] == claims
    # The record of its ingest outlives it too.
    assert ChangeRecord.objects.filter(
        object_type="article", object_id=article.pk, action="ingest"
    ).exists()


def test_ingest_is_audited(ingest, project):
    article = ingest(FLOOD_STORY, publisher="Reuters", origin="seeds/flood.txt")
    record = ChangeRecord.objects.get(object_type="article", object_id=article.pk)
    assert record.action == "ingest" and record.project == project and record.claim is None
    assert record.after["origin"] == "seeds/flood.txt"
    assert record.after["claims"] == article.claims.count()
    assert record.after["publisher"] == "Reuters"
    ingest(FLOOD_STORY, publisher="Reuters", origin="again.txt")  # a duplicate stores nothing
    assert ChangeRecord.objects.filter(object_type="article").count() == 1


def test_a_rescan_is_audited(ingest, users, project):
    ingest(FLOOD_STORY, publisher="Reuters")
    rescan = rescan_start(project=project, user=users["editor"])
    record = ChangeRecord.objects.get(object_type="rescan", object_id=rescan.pk)
    assert record.action == "start" and record.actor == users["editor"]
    assert record.project == project
    assert record.after["chunks"] == rescan.total_chunks


def test_token_changes_are_audited_without_the_key(users):
    user = users["annotator"]
    first = token_regenerate(user=user)
    second = token_regenerate(user=user)
    assert token_delete(user=user)
    assert not token_delete(user=user)  # nothing to revoke: nothing happened
    records = ChangeRecord.objects.filter(object_type="token", object_id=user.pk).order_by("id")
    assert [r.action for r in records] == ["create", "regenerate", "delete"]
    assert all(r.actor == user and r.project is None for r in records)
    for record in records:
        text = str(record.before) + str(record.after)
        assert first.key not in text and second.key not in text


def test_the_delete_service_refuses_a_reviewed_claim_and_records_nothing(ingest, users):
    from provenance.errors import DomainError
    from provenance.services.deletions import article_delete, claim_delete

    article, claim, _review = _reviewed(ingest, users)
    with pytest.raises(DomainError, match="reviews rest on it"):
        claim_delete(claim=claim, user=users["editor"])
    with pytest.raises(DomainError, match="cannot be deleted"):
        article_delete(article=article, user=users["editor"])
    assert not ChangeRecord.objects.filter(action="delete").exists()
    assert Claim.objects.filter(pk=claim.pk).exists()
