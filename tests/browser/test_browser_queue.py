"""The keyboard queue when a verdict cannot be saved: an expired session or a server error
shows a short message in the panel and keeps what the reviewer entered, instead of pasting
the login page or the error page into the panel; an edit conflict shows the claim as it is
now and keeps it too."""

import json

import pytest

from annotations.models import Review
from provenance.models import Claim
from provenance.services.claims import claim_trim
from tests.browser.conftest import fail_requests, log_in_again, screenshot, wait_for_another_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOTE = "Checked against the ministry's own figures"


def open_queue_and_fill_in(page, project) -> int:
    """Open the queue, choose "refuted" at 0.8 and write a note, from the keyboard; answers
    the claim on offer."""
    page.goto(f"/queue/?project={project.pk}")
    page.wait_for_selector("#queue-form input[name=claim]", state="attached")
    page.keyboard.press("2")  # refuted
    page.keyboard.press("ArrowRight")  # 0.7 -> 0.8
    page.keyboard.press("e")
    page.keyboard.type(NOTE)
    page.keyboard.press("Escape")
    return int(page.locator("#queue-form input[name=claim]").get_attribute("value"))


def assert_input_kept(page, claim_id: int) -> None:
    form = page.locator("#queue-form")
    assert form.locator("input[name=claim]").get_attribute("value") == str(claim_id)
    assert form.locator("input[name=verdict][value=refuted]").is_checked()
    assert float(page.locator("#queue-confidence").input_value()) == pytest.approx(0.8)
    assert page.locator("#queue-note").input_value() == NOTE


def test_expired_session_keeps_the_review_and_saves_it_after_logging_in(
    log_in, desk, project, users
):
    reviewer = users["reviewer"]
    page = log_in(reviewer)
    claim_id = open_queue_and_fill_in(page, project)
    page.context.clear_cookies(name="sessionid")  # as if the session had expired
    page.keyboard.press("Enter")
    problem = page.locator("#queue-panel .problem")
    problem.wait_for()
    screenshot(page, "queue-session-expired")
    assert "Your session expired" in problem.inner_text()
    assert page.locator("#queue-panel #id_username").count() == 0, "login page pasted in"
    assert_input_kept(page, claim_id)
    assert not Review.objects.filter(claim_id=claim_id).exists()
    # The link logs in in another tab; back here, Enter saves what was kept.
    log_in_again(problem, reviewer, "**/queue/**")
    page.keyboard.press("Enter")
    wait_for_another_claim(page, claim_id)
    review = Review.objects.get(claim_id=claim_id, reviewer=reviewer)
    assert (review.verdict, review.note) == ("refuted", NOTE)
    assert review.confidence == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("content_type", "body", "shown"),
    [
        (
            "application/json",
            json.dumps({"error": "server_error", "message": "The database is busy."}),
            "The database is busy.",
        ),
        ("text/html", "<h1>Something went wrong on our side</h1>", None),
    ],
    ids=["json", "html"],
)
def test_server_error_shows_a_message_and_keeps_the_review(
    log_in, desk, project, users, content_type, body, shown
):
    page = log_in(users["reviewer"])
    fail_requests(page, "**/queue/act/", content_type=content_type, body=body)
    claim_id = open_queue_and_fill_in(page, project)
    page.keyboard.press("Enter")
    problem = page.locator("#queue-panel .problem")
    problem.wait_for()
    screenshot(page, f"queue-server-error-{content_type.split('/')[1]}")
    message = problem.inner_text()
    assert "The server could not save this; try again" in message
    if shown:
        assert shown in message
    assert "Something went wrong" not in page.locator("#queue-panel").inner_text()
    assert_input_kept(page, claim_id)
    # Once the server answers again, the same keystroke saves the kept review.
    page.unroute("**/queue/act/")
    page.keyboard.press("Enter")
    wait_for_another_claim(page, claim_id)
    assert Review.objects.get(claim_id=claim_id).note == NOTE
    assert page.locator("#queue-panel .problem").count() == 0


def test_edit_conflict_keeps_the_review_and_saves_it_against_the_new_version(
    log_in, desk, project, users
):
    """Someone trims the claim while the reviewer is writing: the server answers 409 with the
    claim as it is now and the message, and the verdict, confidence and note are still there."""
    page = log_in(users["reviewer"])
    claim_id = open_queue_and_fill_in(page, project)
    claim = Claim.objects.get(pk=claim_id)
    claim_trim(
        claim=claim,
        start=claim.start,
        end=claim.end - 1,
        version=claim.version,
        user=users["editor"],
    )
    page.keyboard.press("Enter")
    page.wait_for_selector("#queue-panel >> text=changed by someone else")
    screenshot(page, "queue-edit-conflict")
    assert_input_kept(page, claim_id)
    claim.refresh_from_db()
    assert page.locator("#queue-form input[name=version]").input_value() == str(claim.version)
    assert claim.text in page.locator("#queue-form mark.claim").inner_text()
    assert not Review.objects.filter(claim_id=claim_id).exists()
    # Having seen the new text, the same keystroke sends the kept review.
    page.keyboard.press("Enter")
    wait_for_another_claim(page, claim_id)
    review = Review.objects.get(claim_id=claim_id)
    assert (review.verdict, review.note) == ("refuted", NOTE)
    assert review.confidence == pytest.approx(0.8)
