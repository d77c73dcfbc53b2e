"""Two editors correct the same claim at the same moment: one wins, the other gets a conflict
with the current state, and no update is lost silently."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from provenance.models import ChangeRecord
from provenance.services.members import member_set_role, user_get_or_create

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]


def test_two_editors_writing_one_claim_lose_no_update(project, users, ingest):
    second_editor, _ = user_get_or_create(username="editor2")
    member_set_role(project=project, user=second_editor, role="editor")
    article = ingest("The dam displaced 40,000 villagers in the valley, officials said.")
    claim = article.claims.order_by("start").first()
    version = claim.version
    edits = {
        "editor": (claim.start, claim.end - 1),  # drops the final full stop
        "editor2": (claim.start + 4, claim.end),  # drops "The "
    }
    barrier = threading.Barrier(2, timeout=30)
    answers: dict[str, tuple[int, dict]] = {}

    def edit(name, user):
        client = APIClient()
        client.force_authenticate(user)
        start, end = edits[name]
        barrier.wait()
        try:
            response = client.patch(
                f"/api/v1/claims/{claim.pk}/",
                {"start": start, "end": end, "version": version},
                format="json",
            )
            answers[name] = (response.status_code, response.json())
        finally:
            connection.close()

    threads = [
        threading.Thread(target=edit, args=("editor", users["editor"])),
        threading.Thread(target=edit, args=("editor2", second_editor)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _ in answers.values())
    assert statuses == [200, 409], answers
    winner = next(name for name, (status, _) in answers.items() if status == 200)
    loser_answer = next(body for status, body in answers.values() if status == 409)
    claim.refresh_from_db()
    assert (claim.start, claim.end) == edits[winner]
    assert claim.version == version + 1
    # The loser is shown what the claim is now, to apply their change again on top of it.
    assert loser_answer["current"]["version"] == claim.version
    assert loser_answer["current"]["start"] == claim.start
    changes = ChangeRecord.objects.filter(object_type="claim", object_id=claim.pk)
    assert changes.filter(action="correct_span").count() == 1
