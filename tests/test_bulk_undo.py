"""One undo for a whole bulk action: every record of the action carries its batch, and
``batch_undo`` takes each item back through ``change_undo`` in one transaction, or, when one
item cannot be undone, none; the API and the bulk action's success message offer it."""

import uuid

import pytest

from annotations.services.bulk import (
    claims_confirm_suggested,
    claims_reject_selected,
    flags_dismiss_selected,
)
from annotations.services.undo import batch_undo, change_undo
from provenance.errors import ConflictError, DomainError, NotAllowed
from provenance.models import Attribution, ChangeRecord, Claim, Flag
from provenance.services.attributions import attribution_decide
from tests.review_support import FLOOD_STORY, claims_of, seen
from tests.ui_support import build_desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(ingest, users):
    picked = claims_of(ingest(FLOOD_STORY))[:3]
    for claim in picked:
        claim.refresh_from_db()
        assert claim.main_attribution.status == "suggested", "the fixture needs suggestions"
    return picked


def mains(claims) -> list[Attribution]:
    return [Attribution.objects.get(pk=claim.main_attribution_id) for claim in claims]


def test_every_record_of_a_bulk_action_carries_its_batch(claims, users):
    outcome = claims_confirm_suggested(selection=seen(claims), user=users["annotator"])
    assert outcome.batch is not None
    assert ChangeRecord.objects.filter(batch=outcome.batch).count() >= len(claims)
    assert not ChangeRecord.objects.filter(batch__isnull=False).exclude(batch=outcome.batch)
    # A bulk action that changed nothing has nothing to undo.
    again = claims_confirm_suggested(selection=seen(claims), user=users["annotator"])
    assert again.done == [] and again.batch is None


def test_a_confirmed_batch_is_undone_whole(claims, users):
    annotator = users["annotator"]
    outcome = claims_confirm_suggested(selection=seen(claims), user=annotator)
    undone = batch_undo(batch=outcome.batch, user=annotator)
    ids = ", ".join(str(claim.pk) for claim in sorted(claims, key=lambda c: c.pk))
    assert undone.message == f"Bulk action undone: claims {ids} back as before it."
    assert {main.status for main in mains(claims)} == {"suggested"}
    originals = ChangeRecord.objects.filter(batch=outcome.batch, object_type="attribution")
    assert sorted(undone.undone) == sorted(originals.values_list("pk", flat=True))
    for record in originals:
        assert record.undone_by.get().actor == annotator, "each undone through change_undo"
    with pytest.raises(ConflictError, match="undone already"):
        batch_undo(batch=outcome.batch, user=annotator)


def test_a_rejected_batch_is_reinstated_whole(claims, users):
    editor = users["editor"]
    before = {claim.pk: claim.status for claim in claims}
    outcome = claims_reject_selected(selection=seen(claims), user=editor)
    batch_undo(batch=outcome.batch, user=editor)
    assert {claim.pk: claim.status for claim in Claim.objects.filter(pk__in=before)} == before
    reinstated = ChangeRecord.objects.filter(action="reinstate", undo_of__batch=outcome.batch)
    assert reinstated.count() == len(claims)


def test_a_claim_marked_not_a_claim_can_be_undone_alone(claims, users):
    editor = users["editor"]
    claims_reject_selected(selection=seen(claims[:1]), user=editor)
    record = ChangeRecord.objects.get(action="reject", object_id=claims[0].pk)
    undone = change_undo(record=record, user=editor)
    assert undone.message == f"Claim {claims[0].pk} is a claim again (unreviewed)."
    claims[0].refresh_from_db()
    assert claims[0].status == "unreviewed"


def test_a_dismissed_batch_reopens_every_flag(project, users):
    reviewer = users["reviewer"]
    build_desk(project)
    flags = list(Flag.objects.filter(project=project, status="open").order_by("pk"))
    outcome = flags_dismiss_selected(selection=seen(flags), user=reviewer, note="Other days.")
    undone = batch_undo(batch=outcome.batch, user=reviewer)
    # Two records a flag (one on each claim), one undo a flag.
    assert len(undone.undone) == len(flags)
    assert undone.message.startswith(f"Bulk action undone: flag{'s' if len(flags) > 1 else ''} ")
    assert set(
        Flag.objects.filter(pk__in=[f.pk for f in flags]).values_list("status", flat=True)
    ) == {"open"}


def test_one_item_changed_by_someone_else_refuses_the_whole_undo(claims, users):
    annotator, reviewer = users["annotator"], users["reviewer"]
    outcome = claims_confirm_suggested(selection=seen(claims), user=annotator)
    changed = mains(claims)[1]
    attribution_decide(  # meanwhile a reviewer rejects one of the chains
        attribution=changed, status="rejected", version=changed.version, user=reviewer
    )
    undo_records = ChangeRecord.objects.filter(undo_of__isnull=False).count()
    with pytest.raises(ConflictError) as refused:
        batch_undo(batch=outcome.batch, user=annotator)
    message = str(refused.value)
    assert message.startswith("Nothing was undone: 1 of the bulk action's 3 items cannot be")
    assert f"Claim {claims[1].pk}: Change " in message and "reviewer (rejected" in message
    [item] = refused.value.current["refused"]
    assert item["item"] == f"claim {claims[1].pk}"
    # All as they were: the two other chains still confirmed, the reviewer's rejection stands,
    # and no undo was recorded, not even of the items that could have been undone.
    assert [main.status for main in mains(claims)] == ["confirmed", "rejected", "confirmed"]
    assert ChangeRecord.objects.filter(undo_of__isnull=False).count() == undo_records


def test_another_persons_batch_is_refused(claims, users):
    outcome = claims_confirm_suggested(selection=seen(claims), user=users["annotator"])
    for who in ("reviewer", "editor"):
        with pytest.raises(NotAllowed, match="made by annotator; only they can undo it"):
            batch_undo(batch=outcome.batch, user=users[who])
    with pytest.raises(DomainError, match="No bulk action"):
        batch_undo(batch=outcome.batch, user=users["outsider"])
    assert {main.status for main in mains(claims)} == {"confirmed"}


def test_a_bulk_action_too_old_is_refused_in_one_sentence(claims, users, settings):
    outcome = claims_confirm_suggested(selection=seen(claims), user=users["annotator"])
    settings.UNDO_MINUTES = 0
    with pytest.raises(ConflictError, match=r"^This bulk action was made at .* undone for 0 min"):
        batch_undo(batch=outcome.batch, user=users["annotator"])
    assert {main.status for main in mains(claims)} == {"confirmed"}


def test_items_undone_one_by_one_before_are_left_as_they_are(claims, users):
    annotator = users["annotator"]
    outcome = claims_confirm_suggested(selection=seen(claims), user=annotator)
    first = ChangeRecord.objects.get(batch=outcome.batch, object_id=mains(claims)[0].pk)
    change_undo(record=first, user=annotator)
    undone = batch_undo(batch=outcome.batch, user=annotator)
    assert len(undone.undone) == 2 and "1 undone one by one before" in undone.message
    assert {main.status for main in mains(claims)} == {"suggested"}


# The API


def test_api_bulk_action_answers_its_batch_and_undoes_it(claims, users, api_client_for):
    client = api_client_for(users["annotator"])
    body = {"claims": [{"id": pk, "version": v} for pk, v in seen(claims).items()]}
    done = client.post("/api/v1/claims/bulk/confirm-suggested/", body, format="json").json()
    url = f"/api/v1/changes/batches/{done['batch']}/undo/"
    for who, code in (("reviewer", 403), ("outsider", 404)):
        refused = api_client_for(users[who]).post(url, format="json")
        assert refused.status_code == code and refused.json()["message"]
    assert api_client_for().post(url, format="json").status_code == 401
    response = client.post(url, format="json")
    assert response.status_code == 200, response.json()
    assert "Bulk action undone" in response.json()["message"]
    assert len(response.json()["undone"]) == len(claims)
    again = client.post(url, format="json")
    assert again.status_code == 409 and "undone already" in again.json()["message"]
    unknown = client.post(f"/api/v1/changes/batches/{uuid.uuid4()}/undo/", format="json")
    assert unknown.status_code == 404


def test_api_refusal_names_the_items(claims, users, api_client_for):
    client = api_client_for(users["annotator"])
    outcome = claims_confirm_suggested(selection=seen(claims), user=users["annotator"])
    changed = mains(claims)[0]
    attribution_decide(
        attribution=changed, status="rejected", version=changed.version, user=users["reviewer"]
    )
    response = client.post(f"/api/v1/changes/batches/{outcome.batch}/undo/", format="json")
    assert response.status_code == 409
    assert response.json()["current"]["refused"][0]["item"] == f"claim {claims[0].pk}"


# The pages


def test_bulk_message_offers_one_undo_for_the_batch(client, claims, project, users):
    client.force_login(users["annotator"])
    back = f"/projects/{project.pk}/claims/"
    form = {"op": "confirm", "claim": [claim.pk for claim in claims], "next": back}
    form |= {f"version-{pk}": version for pk, version in seen(claims).items()}
    page = client.post(f"/projects/{project.pk}/claims/bulk/", form, follow=True)
    batch = ChangeRecord.objects.exclude(batch=None).values_list("batch", flat=True).first()
    html = page.content.decode()
    assert html.count(f'action="/changes/batches/{batch}/undo/"') == 1
    assert html.count('class="undo"') == 1, "one Undo button for the batch, none per item"
    undone = client.post(f"/changes/batches/{batch}/undo/", {"next": back}, follow=True)
    assert "Bulk action undone: claims" in undone.content.decode()
    assert {main.status for main in mains(claims)} == {"suggested"}
    refused = client.post(f"/changes/batches/{batch}/undo/", {"next": back}, follow=True)
    assert "undone already" in refused.content.decode()
