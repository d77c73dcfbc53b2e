"""Merging duplicate sources: everything pointing at the duplicate moves to the kept source,
its spellings become aliases, it is deleted, and the change is audited; editors only, and a
stale version is refused like a stale edit."""

import pytest
from django.urls import reverse

from provenance.models import Article, AttributionHop, ChangeRecord, Source
from provenance.services.sources import source_create, source_merge

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(ingest, users, project):
    """A kept source, and a duplicate that publishes an article and speaks in a chain of it."""
    from provenance.services.attributions import attribution_add
    from provenance.text.types import Hop

    keep = source_create(
        project=project, name="Delta Water Authority", kind="government", aliases=["DWA"]
    )
    duplicate = source_create(
        project=project, name="Delta water board", aliases=["the water board"]
    )
    article = ingest(
        "The dam will hold, engineers said on Monday.\nThe river fell a metre.",
        origin="a.txt",
        publisher="Delta water board",
    )
    attribution_add(
        claim=article.claims.first(),
        chain=[
            Hop("Delta water board", "government", "speaker"),
            Hop("Reuters", "wire_agency", "relay"),
        ],
        user=users["reviewer"],
    )
    return keep, duplicate, article


def test_merge_moves_hops_and_articles_and_keeps_the_spellings(pair, users):
    keep, duplicate, article = pair
    hops = AttributionHop.objects.filter(source=duplicate).count()
    assert hops >= 1 and article.publisher_id == duplicate.pk, "the fixture must use the duplicate"
    editor = users["editor"]
    merged = source_merge(keep=keep, duplicate=duplicate, version=keep.version, user=editor)
    assert not Source.objects.filter(pk=duplicate.pk).exists()
    assert AttributionHop.objects.filter(source=merged).count() == hops
    assert Article.objects.get(pk=article.pk).publisher_id == keep.pk
    assert merged.aliases == ["DWA", "Delta water board", "the water board"]
    assert merged.version == keep.version + 1
    kept_record = ChangeRecord.objects.get(object_id=keep.pk, action="source_merge")
    assert kept_record.actor == users["editor"]
    assert kept_record.before["merged"]["name"] == "Delta water board"
    assert kept_record.after["version"] == merged.version
    gone = ChangeRecord.objects.get(object_id=duplicate.pk, action="source_merged_away")
    assert gone.after == {
        "merged_into": keep.pk,
        "hops_moved": hops,
        "articles_moved": 1,
        "chains_joined": 0,
    }


def test_a_chain_that_becomes_another_is_one_chain(pair, users):
    from provenance.models import Attribution
    from provenance.services.attributions import attribution_add, chain_signature
    from provenance.text.types import Hop

    keep, duplicate, article = pair
    claim = article.claims.first()
    attribution_add(
        claim=claim,
        chain=[
            Hop("Delta Water Authority", "government", "speaker"),
            Hop("Reuters", "wire_agency", "relay"),
        ],
        user=users["reviewer"],
    )
    before = claim.attributions.count()
    source_merge(keep=keep, duplicate=duplicate, version=keep.version)
    assert claim.attributions.count() == before - 1
    [left] = Attribution.objects.filter(claim=claim, hops__source=keep)
    reuters = Source.objects.get(normalized_name="reuters")
    assert left.signature == chain_signature([keep, reuters])
    gone = ChangeRecord.objects.get(object_id=duplicate.pk, action="source_merged_away")
    assert gone.after["chains_joined"] == 1


def test_a_stale_version_changes_nothing(pair, users):
    keep, duplicate, _ = pair
    from provenance.errors import ConflictError

    with pytest.raises(ConflictError) as error:
        source_merge(keep=keep, duplicate=duplicate, version=keep.version + 1)
    assert error.value.current["version"] == keep.version
    with pytest.raises(ConflictError):
        source_merge(keep=keep, duplicate=duplicate, version=keep.version, duplicate_version=7)
    assert Source.objects.filter(pk=duplicate.pk).exists()
    assert not ChangeRecord.objects.filter(action__startswith="source_merge").exists()


def test_a_source_is_not_merged_into_itself(pair):
    from provenance.errors import DomainError

    keep, _, _ = pair
    with pytest.raises(DomainError):
        source_merge(keep=keep, duplicate=keep, version=keep.version)
    assert Source.objects.filter(pk=keep.pk).exists()


def test_api_merge_editors_only_and_409_when_stale(pair, users, api_client_for):
    keep, duplicate, _ = pair
    url = f"/api/v1/sources/{keep.pk}/merge/"
    body = {"duplicate": duplicate.pk, "version": keep.version}
    for role in ("annotator", "reviewer"):
        refused = api_client_for(users[role]).post(url, body, format="json")
        assert refused.status_code == 403, refused.json()
    editor = api_client_for(users["editor"])
    stale = editor.post(url, {**body, "version": keep.version + 3}, format="json")
    assert stale.status_code == 409 and stale.json()["current"]["version"] == keep.version
    assert Source.objects.filter(pk=duplicate.pk).exists()
    done = editor.post(url, body, format="json")
    assert done.status_code == 200, done.json()
    assert "Delta water board" in done.json()["aliases"]
    assert done["ETag"] == f'"{keep.version + 1}"'
    again = editor.post(url, {**body, "version": keep.version + 1}, format="json")
    assert again.status_code == 400  # the duplicate is gone


def test_page_merge_control_for_editors_only(pair, users, client):
    keep, duplicate, _ = pair
    url = reverse("source-merge", args=[keep.pk])
    client.force_login(users["reviewer"])
    page = client.get(reverse("source-edit", args=[keep.pk]))
    assert b"Merge a duplicate" not in page.content
    form = {"duplicate": duplicate.pk, "version": keep.version}
    assert client.post(url, form).status_code == 403
    client.force_login(users["editor"])
    assert b"Merge a duplicate" in client.get(reverse("source-edit", args=[keep.pk])).content
    stale = client.post(url, {**form, "version": keep.version + 1})
    assert stale.status_code == 409 and b"Nothing was merged" in stale.content
    missing = client.post(url, {**form, "duplicate": 999999})
    assert missing.status_code == 400 and b"no source 999999" in missing.content
    done = client.post(url, form)
    assert done.status_code == 302
    assert not Source.objects.filter(pk=duplicate.pk).exists()
