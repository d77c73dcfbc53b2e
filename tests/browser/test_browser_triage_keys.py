"""Contradiction triage from the keyboard: c confirms, d dismisses, n goes to the next open
flag, and the note typed on the page is saved with the decision. Keys typed into the note
are text, not commands."""

import pytest

from provenance.models import Flag
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOTE = "Checked both: c and d counts differ because the years differ (n=2)."


def open_flags(project) -> list[Flag]:
    return list(Flag.objects.filter(project=project, status="open").order_by("-score", "id"))


def test_keys_decide_flags_and_the_note_goes_with_the_decision(log_in, desk, project, users):
    first, second, *_ = open_flags(project)
    page = log_in(users["reviewer"])
    page.goto(f"/flags/{first.pk}/")
    assert "confirm: the two claims cannot both be true" in page.locator(".keys").inner_text()
    screenshot(page, "triage-keys")

    page.keyboard.press("n")  # next, deciding nothing
    page.wait_for_url(f"**/flags/{second.pk}/")
    first.refresh_from_db()
    assert first.status == "open"

    page.goto(f"/flags/{first.pk}/")
    page.keyboard.press("e")  # to the note; what is typed there is text, even c, d and n
    page.keyboard.type(NOTE)
    assert page.url.endswith(f"/flags/{first.pk}/")
    first.refresh_from_db()
    assert first.status == "open"
    page.keyboard.press("Escape")
    page.keyboard.press("c")
    page.wait_for_url(f"**/flags/{second.pk}/")
    page.wait_for_selector(f"text=Flag {first.pk} confirmed.")
    first.refresh_from_db()
    assert (first.status, first.note, first.decided_by) == ("confirmed", NOTE, users["reviewer"])

    page.keyboard.press("d")
    page.wait_for_selector(f"text=Flag {second.pk} dismissed.")
    second.refresh_from_db()
    assert (second.status, second.note) == ("dismissed", "")


def test_an_annotator_has_only_the_next_key(log_in, desk, project, users):
    first, second, *_ = open_flags(project)
    page = log_in(users["annotator"])
    page.goto(f"/flags/{first.pk}/")
    assert page.locator("#flag-decide").count() == 0
    page.keyboard.press("c")
    page.keyboard.press("n")
    page.wait_for_url(f"**/flags/{second.pk}/")
    first.refresh_from_db()
    assert first.status == "open"
