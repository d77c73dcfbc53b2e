"""A flag's triage decision carries the reviewer's note: saved on the flag and in its audit
records, refused when too long, given back by an undo, kept on the page when the decision is
refused; and the triage page's "next flag" goes down the triage order."""

from itertools import pairwise

import pytest

from annotations.services.undo import change_undo
from provenance.errors import ConflictError, DomainError
from provenance.models import ChangeRecord, Flag
from provenance.notes import MAX_NOTE_CHARS
from provenance.selectors import flag_next_open
from provenance.services.flags import flag_decide
from tests.ui_support import build_desk

pytestmark = pytest.mark.django_db
WHY = "Different years: the ministry counts 2024, the aid agencies 2025."


@pytest.fixture
def flag(project, users) -> Flag:
    return build_desk(project).flag


def test_the_note_is_saved_with_the_decision_and_in_the_history(flag, users):
    decided = flag_decide(
        flag=flag, status="dismissed", version=flag.version, user=users["reviewer"], note=WHY
    )
    assert Flag.objects.get(pk=flag.pk).note == WHY == decided.note
    records = ChangeRecord.objects.filter(object_type="flag", object_id=flag.pk)
    assert records.count() == 2  # one on each claim, as before
    for record in records:
        assert record.before["note"] == "" and record.after["note"] == WHY
        assert record.action == "dismissed" and record.actor == users["reviewer"]


def test_a_later_decision_replaces_the_note_and_the_history_keeps_both(flag, users):
    flag_decide(
        flag=flag, status="dismissed", version=flag.version, user=users["reviewer"], note=WHY
    )
    flag_decide(flag=flag, status="confirmed", version=flag.version + 1, user=users["editor"])
    flag.refresh_from_db()
    assert flag.note == ""
    confirmed = ChangeRecord.objects.filter(action="confirmed", object_id=flag.pk).first()
    assert confirmed.before["note"] == WHY


def test_a_note_too_long_is_refused_and_nothing_changes(flag, users):
    with pytest.raises(DomainError, match=f"at most {MAX_NOTE_CHARS:,}"):
        flag_decide(
            flag=flag,
            status="confirmed",
            version=flag.version,
            user=users["reviewer"],
            note="n" * (MAX_NOTE_CHARS + 1),
        )
    flag.refresh_from_db()
    assert flag.status == "open" and flag.version == 1


def test_undo_gives_back_the_note_the_flag_had(flag, users):
    flag_decide(flag=flag, status="dismissed", version=1, user=users["reviewer"], note=WHY)
    flag_decide(flag=flag, status="confirmed", version=2, user=users["reviewer"], note="Same day.")
    record = ChangeRecord.objects.filter(action="confirmed", object_id=flag.pk).last()
    change_undo(record=record, user=users["reviewer"])
    flag.refresh_from_db()
    assert (flag.status, flag.note) == ("dismissed", WHY)


def test_the_page_saves_the_note_and_shows_it(client, flag, users):
    client.force_login(users["reviewer"])
    url = f"/flags/{flag.pk}/decide/"
    client.post(url, {"status": "confirmed", "version": flag.version, "note": WHY})
    flag.refresh_from_db()
    assert (flag.status, flag.note) == ("confirmed", WHY)
    page = client.get(f"/flags/{flag.pk}/").content.decode()
    assert "Note with the decision:" in page and "Different years" in page


def test_a_refused_decision_keeps_the_note_for_sending_again(client, flag, users):
    client.force_login(users["reviewer"])
    stale = {"status": "dismissed", "version": flag.version + 5, "note": WHY}
    response = client.post(f"/flags/{flag.pk}/decide/", stale, follow=True)
    page = response.content.decode()
    assert f"Flag {flag.pk} not changed" in page
    assert f'name="note" rows="3" maxlength="{MAX_NOTE_CHARS}">{WHY}</textarea>' in page
    # Shown once: the next visit starts with an empty note.
    again = client.get(f"/flags/{flag.pk}/").content.decode()
    assert f">{WHY}</textarea>" not in again


def test_the_api_takes_and_shows_the_note(api_client_for, flag, users):
    api = api_client_for(users["reviewer"])
    response = api.patch(
        f"/api/v1/flags/{flag.pk}/",
        {"status": "dismissed", "version": flag.version, "note": WHY},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["note"] == WHY
    too_long = {"status": "open", "version": flag.version + 1, "note": "n" * (MAX_NOTE_CHARS + 1)}
    response = api.patch(f"/api/v1/flags/{flag.pk}/", too_long, format="json")
    assert response.status_code == 400


def test_next_open_flag_follows_triage_order_and_wraps_round(flag, project, users):
    ordered = list(Flag.objects.filter(project=project, status="open").order_by("-score", "id"))
    assert len(ordered) >= 2, "the desk should raise several flags"
    for here, after in pairwise(ordered):
        assert flag_next_open(flag=here) == after
    assert flag_next_open(flag=ordered[-1]) == ordered[0]
    # Decided flags are left out.
    second = ordered[1]
    flag_decide(flag=second, status="dismissed", version=second.version, user=users["reviewer"])
    assert flag_next_open(flag=ordered[0]) == (ordered[2] if len(ordered) > 2 else None)


def test_a_stale_decision_with_a_note_is_still_a_conflict(flag, users):
    with pytest.raises(ConflictError):
        flag_decide(flag=flag, status="confirmed", version=9, user=users["reviewer"], note=WHY)
