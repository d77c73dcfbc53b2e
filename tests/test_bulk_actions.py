"""Bulk actions on a selection of claims or flags: each item goes through the single action's
service and is audited as one, the selection is refused as a whole (nothing written) when one
item is unknown, stale or not the user's to change, and the pages and the API are thin over
the same services."""

import pytest

from annotations.services import bulk
from annotations.services.bulk import (
    MAX_SELECTION,
    claims_confirm_suggested,
    claims_reject_selected,
    flags_dismiss_selected,
)
from annotations.services.undo import change_undo
from provenance.errors import ConflictError, DomainError, NotAllowed
from provenance.models import Attribution, ChangeRecord, Claim, Flag
from provenance.services.members import member_set_role
from tests.review_support import FLOOD_STORY, claims_of, seen
from tests.ui_support import build_desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(ingest, users):
    return ingest(FLOOD_STORY)


def suggested_main(claim: Claim) -> Attribution:
    claim.refresh_from_db()
    assert claim.main_attribution is not None, "the fixture claim should have a suggestion"
    assert claim.main_attribution.status == "suggested"
    return claim.main_attribution


def records(action: str, **where) -> int:
    return ChangeRecord.objects.filter(action=action, **where).count()


# Confirming suggested chains


def test_confirm_suggested_confirms_each_main_chain_as_one_decision_would(article, users):
    claims = claims_of(article)[:3]
    mains = [suggested_main(claim) for claim in claims]
    outcome = claims_confirm_suggested(selection=seen(claims), user=users["annotator"])
    assert outcome.done == sorted(claim.pk for claim in claims) and outcome.unchanged == []
    assert outcome.message == "Confirmed the suggested chain of 3 claims."
    for main in mains:
        main.refresh_from_db()
        assert main.status == "confirmed" and main.decided_by == users["annotator"]
        # Audited as the single decision is: one record on the attribution, by its decider.
        record = ChangeRecord.objects.get(object_type="attribution", object_id=main.pk)
        assert record.action == "confirmed" and record.actor == users["annotator"]
        assert record.before["status"] == "suggested"
    others = Attribution.objects.filter(claim__article=article).exclude(claim__in=claims)
    assert not others.filter(status="confirmed").exists(), "only the selection is touched"


def test_confirm_leaves_claims_without_a_suggestion_and_says_so(article, users):
    first, second = claims_of(article)[:2]
    decided = suggested_main(first)
    claims_confirm_suggested(selection=seen([first]), user=users["annotator"])
    outcome = claims_confirm_suggested(selection=seen([first, second]), user=users["annotator"])
    assert outcome.done == [second.pk] and outcome.unchanged == [first.pk]
    assert f"Left as it was: claim {first.pk} (no suggested chain to confirm)." in outcome.message
    assert records("confirmed", object_id=decided.pk) == 1, "no second decision on the first"


# Marking claims not a claim


def test_reject_selected_rejects_each_claim_as_one_rejection_would(article, users):
    claims = claims_of(article)[:2]
    outcome = claims_reject_selected(selection=seen(claims), user=users["editor"])
    assert outcome.message == "Marked 2 claims not a claim."
    for claim in claims:
        claim.refresh_from_db()
        assert claim.status == "rejected" and claim.verdict is None
        assert records("reject", object_type="claim", object_id=claim.pk, actor=users["editor"])
    again = claims_reject_selected(selection=seen(claims), user=users["editor"])
    assert again.done == [] and again.unchanged == sorted(claim.pk for claim in claims)
    assert records("reject") == 2


def test_reject_needs_an_editor_and_a_refusal_changes_nothing(article, users):
    claims = claims_of(article)[:3]
    for role in ("reviewer", "annotator"):
        with pytest.raises(NotAllowed) as refused:
            claims_reject_selected(selection=seen(claims), user=users[role])
        message = str(refused.value)
        assert "editor role" in message and "'Dam story'" in message
        assert ", ".join(str(claim.pk) for claim in sorted(claims, key=lambda c: c.pk)) in message
    assert not Claim.objects.filter(status="rejected").exists()
    assert records("reject") == 0


def test_a_selection_spanning_a_project_where_the_role_falls_short_is_refused_whole(
    article, ingest, other_project, users
):
    editor = users["editor"]
    member_set_role(project=other_project, user=editor, role="annotator")
    elsewhere = ingest(FLOOD_STORY.replace("12 villages", "14 villages"), target=other_project)
    mine, theirs = claims_of(article)[0], claims_of(elsewhere)[0]
    with pytest.raises(NotAllowed) as refused:
        claims_reject_selected(selection=seen([mine, theirs]), user=editor)
    assert f"claim {theirs.pk} of project 'Election story'" in str(refused.value)
    assert str(mine.pk) not in str(refused.value).split("of project")[0].split("claim ")[-1]
    mine.refresh_from_db()
    assert mine.status != "rejected", "nothing half-done: the allowed claim is untouched"


def test_a_stale_item_refuses_the_selection_with_the_current_versions(article, users):
    first, second = claims_of(article)[:2]
    selection = seen([first, second])
    claims_reject_selected(selection=seen([second]), user=users["editor"])  # meanwhile
    second.refresh_from_db()
    with pytest.raises(ConflictError) as refused:
        claims_reject_selected(selection=selection, user=users["editor"])
    assert f"claim {second.pk} changed since you saw it" in str(refused.value)
    assert refused.value.current == {"versions": {second.pk: second.version}}
    first.refresh_from_db()
    assert first.status != "rejected"


def test_unknown_or_another_projects_ids_are_refused_by_name(article, users):
    claim = claims_of(article)[0]
    with pytest.raises(DomainError) as refused:
        claims_confirm_suggested(selection={claim.pk: claim.version}, user=users["outsider"])
    assert f"No claim {claim.pk} in your projects" in str(refused.value)
    with pytest.raises(DomainError, match="No claim 999999 in your projects"):
        claims_confirm_suggested(
            selection={claim.pk: claim.version, 999999: 1}, user=users["annotator"]
        )
    assert not Attribution.objects.filter(status="confirmed").exists()


def test_the_selection_is_capped_and_cannot_be_empty(users):
    too_many = {pk: 1 for pk in range(1, MAX_SELECTION + 2)}
    with pytest.raises(DomainError, match=f"at most {MAX_SELECTION} claims at once; 501 were"):
        claims_reject_selected(selection=too_many, user=users["editor"])
    with pytest.raises(DomainError, match="Select at least one flag first"):
        flags_dismiss_selected(selection={}, user=users["reviewer"])


# Dismissing flags


@pytest.fixture
def flags(project, users):
    desk = build_desk(project)
    found = list(Flag.objects.filter(project=project, status="open").order_by("pk"))
    assert desk.flag in found
    return found


def test_dismiss_selected_dismisses_each_flag_with_the_note(flags, users):
    outcome = flags_dismiss_selected(
        selection=seen(flags), user=users["reviewer"], note="Different events."
    )
    assert outcome.done == [flag.pk for flag in flags]
    for flag in flags:
        flag.refresh_from_db()
        assert flag.status == "dismissed" and flag.note == "Different events."
        assert flag.decided_by == users["reviewer"]
        # As one dismissal: a record on each of the flag's two claims.
        assert records("dismissed", object_type="flag", object_id=flag.pk) == 2
    # The queue's open-flag mark follows, as after one dismissal.
    assert not Claim.objects.filter(has_open_flag=True).exists()


def test_dismiss_needs_a_reviewer(flags, users):
    with pytest.raises(NotAllowed, match="reviewer role to review"):
        flags_dismiss_selected(selection=seen(flags), user=users["annotator"])
    assert not Flag.objects.filter(status="dismissed").exists()


def test_a_refusal_midway_undoes_the_items_before_it(flags, users, monkeypatch):
    """One transaction per bulk action: when the service refuses the last item, the ones
    already dismissed are dismissed no longer."""
    if len(flags) < 2:
        pytest.skip("the desk should raise two flags for this test")
    real, calls = bulk.flag_decide, []

    def refuse_the_last(**kwargs):
        calls.append(kwargs["flag"].pk)
        if len(calls) == len(flags):
            raise DomainError("refused")
        return real(**kwargs)

    monkeypatch.setattr(bulk, "flag_decide", refuse_the_last)
    with pytest.raises(DomainError):
        flags_dismiss_selected(selection=seen(flags), user=users["reviewer"])
    assert not Flag.objects.filter(status="dismissed").exists()
    assert records("dismissed") == 0


def test_each_dismissal_of_a_bulk_action_can_be_undone_alone(flags, users):
    reviewer = users["reviewer"]
    flags_dismiss_selected(selection=seen(flags), user=reviewer)
    record = ChangeRecord.objects.filter(object_type="flag", object_id=flags[0].pk).first()
    change_undo(record=record, user=reviewer)
    flags[0].refresh_from_db()
    assert flags[0].status == "open"
    assert all(flag.status == "dismissed" for flag in Flag.objects.exclude(pk=flags[0].pk))


# The API


def selected(rows) -> list[dict]:
    return [{"id": pk, "version": version} for pk, version in seen(rows).items()]


def test_api_confirm_and_reject(article, users, api_client_for):
    claims = claims_of(article)[:2]
    response = api_client_for(users["annotator"]).post(
        "/api/v1/claims/bulk/confirm-suggested/", {"claims": selected(claims)}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["done"] == sorted(claim.pk for claim in claims)
    refused = api_client_for(users["reviewer"]).post(
        "/api/v1/claims/bulk/reject/", {"claims": selected(claims)}, format="json"
    )
    assert refused.status_code == 403
    assert "editor role" in refused.json()["message"]
    assert not Claim.objects.filter(status="rejected").exists()
    done = api_client_for(users["editor"]).post(
        "/api/v1/claims/bulk/reject/", {"claims": selected(claims)}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["message"] == "Marked 2 claims not a claim."


def test_api_refusals_are_clear_and_store_nothing(article, users, api_client_for):
    claim = claims_of(article)[0]
    editor = api_client_for(users["editor"])
    url = "/api/v1/claims/bulk/reject/"
    stale = editor.post(url, {"claims": [{"id": claim.pk, "version": 99}]}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"] == {"versions": {str(claim.pk): claim.version}}
    twice = [{"id": claim.pk, "version": claim.version}] * 2
    listed_twice = editor.post(url, {"claims": twice}, format="json")
    assert listed_twice.status_code == 400
    assert "listed twice" in listed_twice.json()["message"]
    many = [{"id": pk, "version": 1} for pk in range(1, MAX_SELECTION + 2)]
    too_many = editor.post(url, {"claims": many}, format="json")
    assert too_many.status_code == 400 and "at most 500" in too_many.json()["message"]
    unknown = api_client_for(users["outsider"]).post(
        url, {"claims": [{"id": claim.pk, "version": claim.version}]}, format="json"
    )
    assert unknown.status_code == 400 and "in your projects" in unknown.json()["message"]
    assert api_client_for().post(url, {"claims": []}, format="json").status_code == 401
    assert not Claim.objects.filter(status="rejected").exists()


def test_api_dismiss_flags(flags, users, api_client_for):
    body = {"flags": selected(flags), "note": "Not the same event."}
    refused = api_client_for(users["annotator"]).post(
        "/api/v1/flags/bulk/dismiss/", body, format="json"
    )
    assert refused.status_code == 403
    done = api_client_for(users["reviewer"]).post(
        "/api/v1/flags/bulk/dismiss/", body, format="json"
    )
    assert done.status_code == 200 and done.json()["done"] == [flag.pk for flag in flags]
    assert set(Flag.objects.values_list("note", flat=True)) == {"Not the same event."}


# The pages


def test_claims_page_offers_the_actions_each_role_may_take(client, article, project, users):
    url = f"/projects/{project.pk}/claims/"
    client.force_login(users["annotator"])
    page = client.get(url).content.decode()
    assert 'id="bulk-confirm"' in page and 'id="bulk-reject"' not in page
    assert 'name="claim" value=' in page and 'name="version-' in page
    client.force_login(users["editor"])
    assert 'id="bulk-reject"' in client.get(url).content.decode()


def test_claims_page_bulk_reject_by_a_reviewer_gets_the_styled_403(client, article, project, users):
    claims = claims_of(article)[:2]
    client.force_login(users["reviewer"])
    form = {"op": "reject", "claim": [claim.pk for claim in claims]}
    form |= {f"version-{pk}": version for pk, version in seen(claims).items()}
    response = client.post(f"/projects/{project.pk}/claims/bulk/", form)
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot open this page" in page and "editor role" in page
    assert not Claim.objects.filter(status="rejected").exists()


def test_claims_page_bulk_confirm_goes_back_to_the_list_it_came_from(
    client, article, project, users
):
    claims = claims_of(article)[:2]
    client.force_login(users["annotator"])
    back = f"/projects/{project.pk}/claims/?status=unreviewed&page=1"
    form = {"op": "confirm", "claim": [claim.pk for claim in claims], "next": back}
    form |= {f"version-{pk}": version for pk, version in seen(claims).items()}
    response = client.post(f"/projects/{project.pk}/claims/bulk/", form)
    assert response.status_code == 302 and response["Location"] == back
    page = client.get(back).content.decode()
    assert "Confirmed the suggested chain of 2 claims." in page
    elsewhere = client.post(
        f"/projects/{project.pk}/claims/bulk/", {**form, "next": "https://evil.example/"}
    )
    assert elsewhere["Location"] == f"/projects/{project.pk}/claims/"


def test_claims_page_without_versions_or_selection_says_what_to_do(client, article, project, users):
    claim = claims_of(article)[0]
    client.force_login(users["editor"])
    url = f"/projects/{project.pk}/claims/bulk/"
    page = client.post(url, {"op": "reject", "claim": [claim.pk]}, follow=True).content.decode()
    assert "did not come through whole" in page
    page = client.post(url, {"op": "reject"}, follow=True).content.decode()
    assert "Select at least one claim first." in page
    claim.refresh_from_db()
    assert claim.status != "rejected"


def test_triage_list_dismisses_the_ticked_flags(client, flags, project, users):
    url = f"/projects/{project.pk}/flags/bulk/dismiss/"
    form = {"flag": [flag.pk for flag in flags], "note": "Same figure, other date."}
    form |= {f"version-{pk}": version for pk, version in seen(flags).items()}
    client.force_login(users["annotator"])
    assert 'id="bulk-dismiss"' not in client.get(f"/projects/{project.pk}/flags/").content.decode()
    assert client.post(url, form).status_code == 403
    client.force_login(users["reviewer"])
    assert 'id="bulk-dismiss"' in client.get(f"/projects/{project.pk}/flags/").content.decode()
    page = client.post(url, form, follow=True).content.decode()
    assert f"Dismissed {len(flags)} flag" in page
    assert not Flag.objects.filter(status="open").exists()
