"""Claims assigned to a reviewer by a desk editor: the service (roles, versions, who may be
assigned, the audit record, undo), what the database refuses on its own, the bulk action and
its API, the claim record, the review queue (assigned claims first, never leased to another
reviewer before the assignee is done with them) and the shared claim filter."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from annotations.services.bulk import claims_assign_selected
from annotations.services.queue import lease_skip, queue_next, queue_take
from annotations.services.undo import batch_undo, change_undo
from provenance.errors import ConflictError, DomainError, NotAllowed
from provenance.filters import claims_filter
from provenance.models import ChangeRecord, Claim, Membership
from provenance.services.assignments import claim_assign
from provenance.services.members import member_change_role, member_remove, member_set_role
from tests.review_support import FLOOD_STORY, claims_of, review_as
from tests.test_queue_queries import QUEUE_NEXT_QUERIES

pytestmark = pytest.mark.django_db

BULK = "/api/v1/claims/bulk/assign/"


@pytest.fixture
def claims(ingest, users):
    return claims_of(ingest(FLOOD_STORY))


def assign(claim: Claim, assignee, user):
    """``user`` assigns the claim as it is now (``assignee=None``: unassigns)."""
    claim.refresh_from_db()
    return claim_assign(claim=claim, assignee=assignee, version=claim.version, user=user)


def seen(rows) -> dict[int, int]:
    for row in rows:
        row.refresh_from_db()
    return {row.pk: row.version for row in rows}


# The service


def test_an_editor_assigns_a_claim_and_the_history_says_so(claims, users):
    claim = claims[0]
    before = Claim.objects.get(pk=claim.pk).version
    assign(claim, users["reviewer"], users["editor"])
    claim.refresh_from_db()
    assert claim.assigned_to == users["reviewer"] and claim.version == before + 1
    record = ChangeRecord.objects.get(object_type="claim", object_id=claim.pk, action="assign")
    assert record.actor == users["editor"] and record.claim_id == claim.pk
    assert record.before["assigned_to"] is None
    assert record.after["assigned_to"] == {"id": users["reviewer"].pk, "username": "reviewer"}
    assert record.after["version"] == claim.version

    assign(claim, None, users["editor"])
    claim.refresh_from_db()
    assert claim.assigned_to is None
    unassigned = ChangeRecord.objects.get(object_id=claim.pk, action="unassign")
    assert unassigned.before["assigned_to"]["username"] == "reviewer"
    assert unassigned.after["assigned_to"] is None


def test_assigning_as_it_already_is_writes_nothing(claims, users):
    claim = claims[0]
    assign(claim, users["reviewer"], users["editor"])
    claim.refresh_from_db()
    version = claim.version
    assign(claim, users["reviewer"], users["editor"])
    claim.refresh_from_db()
    assert claim.version == version
    assert ChangeRecord.objects.filter(object_id=claim.pk, action="assign").count() == 1


@pytest.mark.parametrize("role", ["reviewer", "annotator"])
def test_only_editors_assign(claims, users, role):
    with pytest.raises(NotAllowed, match="editor role"):
        assign(claims[0], users["reviewer2"], users[role])
    with pytest.raises(NotAllowed):
        assign(claims[0], users["reviewer"], users["outsider"])
    assert not Claim.objects.filter(assigned_to__isnull=False).exists()


def test_another_editors_assignment_is_not_overwritten(claims, users, project):
    claim = claims[0]
    claim.refresh_from_db()
    seen_version = claim.version
    second_editor = users["reviewer2"]
    member_set_role(project=project, user=second_editor, role="editor")
    claim_assign(claim=claim, assignee=users["reviewer"], version=seen_version, user=second_editor)
    with pytest.raises(ConflictError) as refused:
        claim_assign(
            claim=claim, assignee=users["editor"], version=seen_version, user=users["editor"]
        )
    assert refused.value.current["assigned_to"] == "reviewer"
    claim.refresh_from_db()
    assert claim.assigned_to == users["reviewer"]


@pytest.mark.parametrize("who", ["annotator", "outsider"])
def test_the_assignee_must_review_in_the_project(claims, users, who):
    with pytest.raises(DomainError, match="reviewer role first"):
        assign(claims[0], users[who], users["editor"])
    claims[0].refresh_from_db()
    assert claims[0].assigned_to is None
    assert not ChangeRecord.objects.filter(action="assign").exists()


def test_an_editor_may_take_a_claim_themselves(claims, users):
    assign(claims[0], users["editor"], users["editor"])
    claims[0].refresh_from_db()
    assert claims[0].assigned_to == users["editor"]


def test_only_claims_awaiting_review_are_assigned(claims, users):
    claim = claims[0]
    claim.status = "rejected"
    claim.save(update_fields=["status"])
    with pytest.raises(DomainError, match="await review"):
        assign(claim, users["reviewer"], users["editor"])


def test_the_database_refuses_an_assignee_who_does_not_review(claims, users):
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claims[0].pk).update(assigned_to=users["annotator"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claims[0].pk).update(assigned_to=users["outsider"])


def test_the_database_unassigns_when_a_membership_stops_reviewing_behind_the_services(
    claims, users, project
):
    """The admin's membership rows (and a flush) bypass the member services: the database
    then clears the assignments itself, as a foreign key's SET NULL would."""
    assign(claims[0], users["reviewer"], users["editor"])
    assign(claims[1], users["reviewer2"], users["editor"])
    reviewer = Membership.objects.filter(project=project, user=users["reviewer"])
    reviewer.update(role="editor")  # still reviews: kept
    assert Claim.objects.get(pk=claims[0].pk).assigned_to == users["reviewer"]
    reviewer.update(role="annotator")
    assert Claim.objects.get(pk=claims[0].pk).assigned_to is None
    Membership.objects.filter(project=project, user=users["reviewer2"]).delete()
    assert Claim.objects.get(pk=claims[1].pk).assigned_to is None


def test_losing_the_reviewer_role_unassigns_the_members_claims(claims, users, project):
    for claim in claims[:2]:
        assign(claim, users["reviewer"], users["editor"])
    assign(claims[2], users["reviewer2"], users["editor"])
    membership = Membership.objects.get(project=project, user=users["reviewer"])
    member_change_role(membership=membership, role="annotator", actor=users["editor"])
    assert not Claim.objects.filter(assigned_to=users["reviewer"]).exists()
    assert Claim.objects.get(pk=claims[2].pk).assigned_to == users["reviewer2"]
    records = ChangeRecord.objects.filter(action="unassign", actor=users["editor"])
    assert sorted(records.values_list("object_id", flat=True)) == [c.pk for c in claims[:2]]

    assign(claims[3], users["reviewer2"], users["editor"])
    member_remove(
        membership=Membership.objects.get(project=project, user=users["reviewer2"]),
        actor=users["editor"],
    )
    assert not Claim.objects.filter(assigned_to__isnull=False).exists()


def test_an_assignment_can_be_undone(claims, users):
    claim = claims[0]
    assign(claim, users["reviewer"], users["editor"])
    assign(claim, users["reviewer2"], users["editor"])
    record = ChangeRecord.objects.filter(object_id=claim.pk, action="assign").latest("pk")
    done = change_undo(record=record, user=users["editor"])
    assert done.message == f"Claim {claim.pk} is assigned to reviewer again."
    claim.refresh_from_db()
    assert claim.assigned_to == users["reviewer"]
    undo = ChangeRecord.objects.get(undo_of=record)
    assert undo.action == "assign" and undo.actor == users["editor"]
    with pytest.raises(ConflictError, match="undone already"):
        change_undo(record=record, user=users["editor"])


# The bulk action and its API


def test_bulk_assign_goes_through_the_single_service(claims, users):
    outcome = claims_assign_selected(
        selection=seen(claims[:3]), user=users["editor"], assignee=users["reviewer"]
    )
    assert outcome.done == sorted(claim.pk for claim in claims[:3])
    assert outcome.message == "Assigned 3 claims to reviewer."
    assert ChangeRecord.objects.filter(action="assign").count() == 3
    again = claims_assign_selected(
        selection=seen(claims[:4]), user=users["editor"], assignee=users["reviewer"]
    )
    assert again.done == [claims[3].pk] and len(again.unchanged) == 3
    gone = claims_assign_selected(selection=seen(claims[:2]), user=users["editor"], assignee=None)
    assert gone.message == "Unassigned 2 claims."


def test_a_bulk_assignment_is_undone_whole(claims, users):
    outcome = claims_assign_selected(
        selection=seen(claims[:3]), user=users["editor"], assignee=users["reviewer"]
    )
    undone = batch_undo(batch=outcome.batch, user=users["editor"])
    assert len(undone.undone) == 3
    assert not Claim.objects.filter(assigned_to__isnull=False).exists()


def test_bulk_assign_is_refused_as_a_whole(claims, users):
    selection = seen(claims[:3])
    assign(claims[1], users["reviewer2"], users["editor"])  # meanwhile
    with pytest.raises(ConflictError, match="changed since"):
        claims_assign_selected(
            selection=selection, user=users["editor"], assignee=users["reviewer"]
        )
    with pytest.raises(DomainError, match="reviewer role first"):
        claims_assign_selected(
            selection=seen(claims[:3]), user=users["editor"], assignee=users["annotator"]
        )
    assert Claim.objects.filter(assigned_to=users["reviewer"]).count() == 0
    assert ChangeRecord.objects.filter(action="assign").count() == 1


def test_the_api_assigns_a_selection_and_the_record_shows_it(claims, users, api_client_for):
    body = {
        "claims": [{"id": pk, "version": v} for pk, v in seen(claims[:2]).items()],
        "assignee": "reviewer",
    }
    refused = api_client_for(users["reviewer"]).post(BULK, body, format="json")
    assert refused.status_code == 403 and "editor role" in refused.json()["message"]
    editor = api_client_for(users["editor"])
    answer = editor.post(BULK, body, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["message"] == "Assigned 2 claims to reviewer."
    record = editor.get(f"/api/v1/claims/{claims[0].pk}/").json()
    assert record["assigned_to"] == "reviewer"
    assert editor.get(f"/api/v1/claims/{claims[2].pk}/").json()["assigned_to"] is None

    stale = editor.post(BULK, {**body, "assignee": "reviewer2"}, format="json")
    assert stale.status_code == 409
    unknown = editor.post(
        BULK, {"claims": body["claims"][:1], "assignee": "nobody-here"}, format="json"
    )
    assert unknown.status_code == 400 and "nobody-here" in unknown.content.decode()
    fresh = [{"id": pk, "version": v} for pk, v in seen(claims[:2]).items()]
    gone = editor.post(BULK, {"claims": fresh, "assignee": None}, format="json")
    assert gone.status_code == 200 and gone.json()["message"] == "Unassigned 2 claims."


# The queue


def test_the_queue_offers_a_reviewer_their_assigned_claims_first(claims, users, project):
    last = claims[-1]  # the least urgent in the queue's own order
    first = queue_next(user=users["reviewer2"], projects=[project]).claim_id
    assert first != last.pk
    assign(last, users["reviewer"], users["editor"])
    lease = queue_next(user=users["reviewer"], projects=[project])
    assert lease.claim_id == last.pk


def test_a_claim_assigned_to_another_is_not_leased_until_they_are_done(
    claims, users, project, settings
):
    settings.REVIEW_LEASE_LIMIT = 100
    for claim in claims:
        assign(claim, users["reviewer"], users["editor"])
    assert queue_next(user=users["reviewer2"], projects=[project]) is None
    mine = queue_next(user=users["reviewer"], projects=[project])
    skipped = queue_next(user=users["reviewer"], projects=[project])
    review_as(Claim.objects.get(pk=mine.claim_id), users["reviewer"])
    lease_skip(lease=skipped, user=users["reviewer"])
    offered = {queue_next(user=users["reviewer2"], projects=[project]).claim_id for _ in range(2)}
    assert offered == {mine.claim_id, skipped.claim_id}, "done with by the assignee only"
    assert queue_next(user=users["reviewer2"], projects=[project]) is None
    # Unassigned, a claim is anyone's again.
    rest = [claim for claim in claims if claim.pk not in offered]
    assign(rest[0], None, users["editor"])
    assert queue_next(user=users["reviewer2"], projects=[project]).claim_id == rest[0].pk


def test_a_claim_assigned_to_another_is_not_handed_back_after_an_undo(claims, users, project):
    """The queue hands a reviewer back a claim whose review they withdrew, unless it was
    assigned to another reviewer meanwhile."""
    claim = claims[0]
    assign(claim, users["reviewer"], users["editor"])
    assert queue_take(claim_id=claim.pk, user=users["reviewer2"], projects=[project]) is None
    assert queue_take(claim_id=claim.pk, user=users["reviewer"], projects=[project]) is not None
    other = claims[1]
    assert queue_take(claim_id=other.pk, user=users["reviewer2"], projects=[project]) is not None


def test_assigning_ends_another_reviewers_lease(claims, users, project):
    lease = queue_next(user=users["reviewer2"], projects=[project])
    assign(Claim.objects.get(pk=lease.claim_id), users["reviewer"], users["editor"])
    assert queue_next(user=users["reviewer"], projects=[project]).claim_id == lease.claim_id


def test_next_with_assigned_claims_keeps_to_the_query_ceiling(claims, users, api_client_for):
    for claim in claims[:2]:
        assign(claim, users["reviewer"], users["editor"])
    client = api_client_for(users["reviewer"])
    with CaptureQueriesContext(connection) as captured:
        answer = client.post("/api/v1/queue/next/", {"project": "Dam story"}, format="json")
    assert answer.status_code == 200
    assert answer.json()["claim"]["assigned_to"] == "reviewer"
    queries = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(queries) <= QUEUE_NEXT_QUERIES, "\n".join(queries)


# The claim filter, shared by the claims page, the API and the export


def test_the_filter_selects_by_assignee_me_or_nobody(claims, users, project, api_client_for):
    assign(claims[0], users["reviewer"], users["editor"])
    assign(claims[1], users["reviewer2"], users["editor"])
    every = Claim.objects.filter(project=project)

    def ids(value, user):
        return set(
            claims_filter(every, {"assigned_to": value}, user=user).values_list("pk", flat=True)
        )

    assert ids("reviewer", users["editor"]) == {claims[0].pk}
    assert ids("me", users["reviewer2"]) == {claims[1].pk}
    assert ids("nobody", users["editor"]) == {c.pk for c in claims[2:]}
    with pytest.raises(DomainError, match="no member named 'ghost'"):
        ids("ghost", users["editor"])
    listed = api_client_for(users["reviewer"]).get("/api/v1/claims/?assigned_to=me").json()
    assert [record["id"] for record in listed["results"]] == [claims[0].pk]
    bad = api_client_for(users["reviewer"]).get("/api/v1/claims/?assigned_to=ghost")
    assert bad.status_code == 400 and "ghost" in bad.content.decode()
    export = api_client_for(users["reviewer"]).get(
        "/api/v1/export/claims/?format=jsonl&status=all&assigned_to=me"
    )
    assert export.status_code == 200
    (line,) = b"".join(export.streaming_content).splitlines()
    assert json.loads(line)["assigned_to"] == "reviewer", "the record, as the API gives it"


def test_the_export_command_filters_by_assignee_but_has_no_me(claims, users):
    assign(claims[0], users["reviewer"], users["editor"])
    out = StringIO()
    call_command("export", "--status", "all", "--assigned-to", "reviewer", stdout=out)
    assert len(out.getvalue().splitlines()) == 1
    with pytest.raises(CommandError, match="signed-in user"):
        call_command("export", "--status", "all", "--assigned-to", "me", stdout=StringIO())


# The pages


def test_an_editor_assigns_the_ticked_claims_from_the_claims_page(claims, users, project, client):
    client.force_login(users["editor"])
    page = client.get(f"/projects/{project.pk}/claims/").content.decode()
    assert 'id="bulk-assign"' in page and '<option value="reviewer">' in page
    form = {"op": "assign", "assignee": "reviewer", "claim": [c.pk for c in claims[:2]]}
    form |= {f"version-{pk}": version for pk, version in seen(claims[:2]).items()}
    answer = client.post(f"/projects/{project.pk}/claims/bulk/", form, follow=True)
    assert "Assigned 2 claims to reviewer." in answer.content.decode()
    assert Claim.objects.filter(assigned_to=users["reviewer"]).count() == 2
    listed = client.get(f"/projects/{project.pk}/claims/?assigned_to=reviewer")
    assert listed.context["page"].paginator.count == 2
    assert "assigned to reviewer" in listed.content.decode()


def test_a_reviewer_is_not_offered_assignment_and_is_refused_it(claims, users, project, client):
    client.force_login(users["reviewer"])
    page = client.get(f"/projects/{project.pk}/claims/").content.decode()
    assert 'id="bulk-assign"' not in page
    form = {"op": "assign", "assignee": "reviewer", "claim": [claims[0].pk]}
    form |= {f"version-{pk}": version for pk, version in seen(claims[:1]).items()}
    answer = client.post(f"/projects/{project.pk}/claims/bulk/", form)
    assert answer.status_code == 403
    assert "editor role" in answer.content.decode()
    assert not Claim.objects.filter(assigned_to__isnull=False).exists()


def test_the_claim_page_and_the_queue_say_who_it_is_assigned_to(claims, users, client):
    claim = claims[0]
    assign(claim, users["reviewer"], users["editor"])
    client.force_login(users["editor"])
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "Assigned to <strong>reviewer</strong>" in page
    client.force_login(users["reviewer"])
    assert "(you)" in client.get(f"/claims/{claim.pk}/").content.decode()
    queue = client.get("/queue/").content.decode()
    assert 'data-testid="assigned-to-you"' in queue
