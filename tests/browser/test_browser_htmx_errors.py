"""htmx forms when a write cannot be saved (static/js/htmx_errors.js): an expired session or a
server error shows a short message next to the form and keeps what was typed, instead of
pasting the login page into the claim panel or saying nothing at all."""

import json

import pytest

from provenance.models import Attribution
from tests.browser.conftest import fail_requests, log_in_again, screenshot
from tests.browser.test_browser_desk import hostile_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RELAY = "Associated Press"


def test_expired_session_on_an_attribution_edit_keeps_the_input_and_retries(log_in, desk, users):
    annotator = users["annotator"]
    claim = hostile_claim(desk)
    page = log_in(annotator)
    page.goto(f"/articles/{desk.hostile.pk}/")
    page.click(f"#claim-{claim.pk}")
    panel = page.locator(f"[data-claim-panel='{claim.pk}']")
    panel.wait_for()
    panel.locator("summary", has_text="Edit this attribution").first.click()
    form = panel.locator("form.edit-attribution").first
    form.locator("input[name=hop_name]").last.fill(RELAY)
    form.locator("select[name=hop_kind]").last.select_option("wire_agency")
    page.context.clear_cookies(name="sessionid")  # as if the session had expired
    form.get_by_role("button", name="Save correction").click()
    # The message sits just above the form it is about.
    problem = page.locator("form.edit-attribution >> xpath=preceding-sibling::p[1]")
    problem.wait_for()
    screenshot(page, "reader-session-expired")
    assert problem.get_attribute("role") == "alert"
    assert "Your session expired" in problem.inner_text()
    assert "what you entered is kept" in problem.inner_text()
    assert page.locator("#claim-panel #id_username").count() == 0, "login page pasted in"
    assert form.locator("input[name=hop_name]").last.input_value() == RELAY
    assert form.locator("select[name=hop_kind]").last.input_value() == "wire_agency"
    assert not Attribution.objects.filter(claim=claim, origin="reviewer").exists()
    # Log in again in the new tab the link opens; logging in rotates the CSRF token, so the
    # retry only works if it sends the current one.
    log_in_again(problem, annotator, f"**/articles/{desk.hostile.pk}/")
    form.get_by_role("button", name="Save correction").click()
    page.wait_for_selector("#claim-panel >> text=Attribution corrected.")
    assert page.locator("#claim-panel .problem").count() == 0
    mine = Attribution.objects.get(claim=claim, origin="reviewer")
    assert mine.created_by == annotator
    assert mine.hops.order_by("position").last().source.name == RELAY


def test_server_error_on_a_flag_decision_shows_the_servers_message(log_in, desk, users):
    page = log_in(users["reviewer"])
    decide = f"**/flags/{desk.flag.pk}/decide/"
    fail_requests(
        page,
        decide,
        content_type="application/json",
        body=json.dumps({"error": "server_error", "message": "The database is busy."}),
    )
    page.goto(f"/flags/{desk.flag.pk}/")
    confirm = page.get_by_role("button", name="Confirm: they cannot both be true")
    confirm.click()
    problem = page.locator("p.problem[role=alert]")
    problem.wait_for()
    screenshot(page, "flag-server-error")
    message = problem.inner_text()
    assert "The server could not save this; try again." in message
    assert "The database is busy." in message
    assert page.url.endswith(f"/flags/{desk.flag.pk}/")
    desk.flag.refresh_from_db()
    assert desk.flag.status == "open"
    # Once the server answers again, the same button decides the flag.
    page.unroute(decide)
    confirm.click()
    page.wait_for_selector(f"text=Flag {desk.flag.pk} confirmed.")
    desk.flag.refresh_from_db()
    assert desk.flag.status == "confirmed"


def test_expired_session_when_opening_a_claim_keeps_the_panel_as_it_was(log_in, desk, users):
    """The reader loads a claim's panel with htmx.ajax (no form): the message goes at the top of
    the panel, whose text stays, and no login form is pasted in."""
    claim = hostile_claim(desk)
    page = log_in(users["annotator"])
    page.goto(f"/articles/{desk.hostile.pk}/")
    hint = page.locator("#claim-panel p.muted").inner_text()
    page.context.clear_cookies(name="sessionid")
    page.click(f"#claim-{claim.pk}")
    problem = page.locator("#claim-panel > p.problem[role=alert]")
    problem.wait_for()
    assert problem.inner_text().endswith("(in a new tab), then try again here.")
    assert page.locator("#claim-panel #id_username").count() == 0, "login page pasted in"
    assert page.locator("#claim-panel p.muted").inner_text() == hint
