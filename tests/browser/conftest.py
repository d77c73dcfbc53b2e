"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test logs in through the real login form. Screenshots of each page land in
``artifacts/screenshots/`` (kept by the CI run). Without ``/usr/bin/chromium`` the tests are
skipped on a laptop and fail in CI.
"""

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import service_unavailable
from tests.ui_support import Desk, build_desk

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PASSWORD = "browser-test-Pass-1"


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module. Playwright's sync API keeps an event loop running in this
    thread while it lives, so the ORM calls the tests make between page actions need Django's
    async-safety switch; both end with the module, so neither leaks into the rest of the run
    (the deploy checks, run in a subprocess, refuse that switch)."""
    if not CHROMIUM.exists():
        service_unavailable(
            "chromium", f"{CHROMIUM} is missing: install Debian's chromium to run these"
        )
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            headless=True,
        )
        yield chromium
        chromium.close()


@pytest.fixture
def desk(live_server, project, users) -> Desk:
    for user in users.values():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return build_desk(project)


# A small phone held upright: its width is the narrowest the pages are made for.
PHONE = {"viewport": {"width": 375, "height": 800}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1400, "height": 900}}


@pytest.fixture
def log_in(browser, live_server) -> Callable:
    """``log_in(user)`` opens a fresh browser context and logs in through the form;
    ``log_in(user, phone=True)`` does so on a phone's screen, with touch."""
    contexts = []
    violations: list[str] = []  # the pages must work under the site's strict CSP

    def _log_in(user, *, phone: bool = False):
        context = browser.new_context(base_url=live_server.url, **(PHONE if phone else DESKTOP))
        contexts.append(context)
        page = context.new_page()
        page.dialogs = []  # any alert() that ran: article text must never run
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and violations.append(f"{page.url}: {message.text}")
            ),
        )
        page.goto("/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r".*/$"))
        return page

    yield _log_in
    for context in contexts:
        context.close()
    assert not violations, violations


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def wait_for_another_claim(page, previous) -> None:
    """Wait until the queue panel holds a claim other than ``previous`` (or none)."""
    page.wait_for_function(
        "(previous) => document.querySelector('#queue-form input[name=claim]')?.value"
        " !== String(previous)",
        arg=previous,
    )


def fail_requests(page, url: str, *, content_type: str, body: str) -> None:
    """Answer every request to ``url`` (a glob) with an error 500 carrying ``body``, until
    ``page.unroute(url)``. Call it before the page that sends them loads: in Chromium, a request
    an open page sends just after ``page.route`` returns can still reach the server (the queue's
    Enter saved the review it was meant to fail when the renderer was slowed down)."""
    page.route(url, lambda route: route.fulfill(status=500, content_type=content_type, body=body))


def log_in_again(problem, user, back_at: str) -> None:
    """Follow the "log in again" link of a session-expired message: it opens a new tab, where
    ``user`` logs in and lands back at ``back_at`` (a URL glob); the tab is then closed."""
    with problem.page.context.expect_page() as opened:
        problem.get_by_role("link", name="log in again").click()
    login = opened.value
    login.fill("#id_username", user.username)
    login.fill("#id_password", PASSWORD)
    login.click("button[type=submit]")
    login.wait_for_url(back_at)
    login.close()


def select_text(page, first, first_words: str, last=None, last_words: str | None = None) -> None:
    """Select from ``first_words`` in the highlight of claim ``first`` to the end of
    ``last_words`` in claim ``last`` (the same claim and words unless given), as a mouse drag
    would. The range is set in the browser's own units, found by searching the text there."""
    last, last_words = last or first, last_words or first_words
    page.evaluate(
        """([first, firstWords, last, lastWords]) => {
            function at(id, words) {
                const text = document.getElementById('claim-' + id).firstChild;
                const from = text.data.indexOf(words);
                if (from < 0) throw new Error('words not in claim ' + id + ': ' + words);
                return [text, from];
            }
            const [startNode, start] = at(first, firstWords);
            const [endNode, from] = at(last, lastWords);
            const range = document.createRange();
            range.setStart(startNode, start); range.setEnd(endNode, from + lastWords.length);
            const selection = window.getSelection();
            selection.removeAllRanges(); selection.addRange(range);
        }""",
        [first.pk, first_words, last.pk, last_words],
    )
