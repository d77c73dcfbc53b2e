"""The reviewer web UI in a real browser: each role logs in, a reviewer works the queue from
the keyboard alone, an annotator corrects an attribution and splits a claim by selecting text,
a reviewer triages a flag, an upload shows its progress, and article text never runs."""

import pytest

from annotations.models import Review
from provenance.models import Article, Attribution, Claim, Flag
from provenance.services.flagging import article_flag
from tests.browser.conftest import screenshot, wait_for_another_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def hostile_claim(desk) -> Claim:
    return desk.hostile.claims.get(text__contains="<script>")


def test_each_role_logs_in_and_sees_what_its_role_allows(
    log_in, desk, project, users, browser, live_server
):
    anonymous = browser.new_page(base_url=live_server.url)
    anonymous.goto("/login/")
    screenshot(anonymous, "login")
    anonymous.close()
    for role in ("editor", "reviewer", "annotator", "outsider"):
        page = log_in(users[role])
        listed = page.locator("main").inner_text()
        assert (project.name in listed) == (role != "outsider"), role
        if role == "outsider":
            assert page.goto(f"/articles/{desk.hostile.pk}/").status == 404
            continue
        page.goto(f"/projects/{project.pk}/")
        members_link = page.get_by_role("link", name="Members and roles")
        assert members_link.count() == (1 if role == "editor" else 0), role
        if role == "editor":
            screenshot(page, "project")
            members_link.click()
            page.wait_for_selector("text=Add a member")
            screenshot(page, "members")
            page.goto("/account/token/")
            screenshot(page, "api-token")
            page.goto("/account/password/")
            screenshot(page, "password-change")
            page.goto("/")
            screenshot(page, "projects")
        page.get_by_role("button", name=f"Log out {users[role].username}").click()
        page.wait_for_url("**/login/")


def test_reviewer_reviews_a_claim_from_the_queue_with_the_keyboard_alone(
    log_in, desk, project, users
):
    page = log_in(users["reviewer"])
    page.goto(f"/queue/?project={project.pk}")
    page.wait_for_selector("#queue-form input[name=claim]", state="attached")
    first = int(page.locator("#queue-form input[name=claim]").get_attribute("value"))
    page.evaluate("window.__sameDocument = true")  # lost on a full reload
    screenshot(page, "queue")
    page.keyboard.press("2")  # refuted
    page.keyboard.press("ArrowRight")  # 0.7 -> 0.8
    page.keyboard.press("Enter")
    wait_for_another_claim(page, first)
    assert page.evaluate("window.__sameDocument") is True, "the verdict reloaded the page"
    review = Review.objects.get(claim_id=first, reviewer=users["reviewer"])
    assert review.verdict == "refuted" and review.confidence == pytest.approx(0.8)
    lease_text = page.locator("#queue-form").inner_text()
    assert "held until" in lease_text
    second = page.locator("#queue-form input[name=claim]").get_attribute("value")
    page.keyboard.press("s")  # skip the next one
    wait_for_another_claim(page, second)
    screenshot(page, "queue-after-review")


def test_annotator_edits_an_attribution_in_the_reader(log_in, desk, users):
    claim = hostile_claim(desk)
    page = log_in(users["annotator"])
    page.goto(f"/articles/{desk.hostile.pk}/")
    page.click(f"#claim-{claim.pk}")
    panel = page.locator(f"[data-claim-panel='{claim.pk}']")
    panel.wait_for()
    screenshot(page, "reader")
    panel.locator("summary", has_text="Edit this attribution").first.click()
    form = panel.locator("form.edit-attribution").first
    form.locator("input[name=hop_name]").last.fill("Associated Press")
    form.locator("select[name=hop_kind]").last.select_option("wire_agency")
    form.get_by_role("button", name="Save correction").click()
    page.wait_for_selector("#claim-panel >> text=Attribution corrected.")
    chain = page.locator("#claim-panel .attribution.status-confirmed .chain").inner_text()
    assert "Associated Press" in chain
    mine = Attribution.objects.get(claim=claim, origin="reviewer")
    assert mine.created_by == users["annotator"] and mine.status == "confirmed"
    assert mine.hops.order_by("position").last().source.name == "Associated Press"
    screenshot(page, "reader-attribution-edited")
    page.goto(f"/claims/{claim.pk}/")
    screenshot(page, "claim")


def test_annotator_splits_a_claim_by_selecting_text(log_in, desk, users):
    claim = hostile_claim(desk)
    cut = claim.text.index("the flood")
    page = log_in(users["annotator"])
    page.goto(f"/articles/{desk.hostile.pk}/")
    # Select "the flood" inside the claim, as a mouse drag would.
    page.evaluate(
        """([id, from, to]) => {
            const text = document.getElementById('claim-' + id).firstChild;
            const range = document.createRange();
            range.setStart(text, from); range.setEnd(text, to);
            const selection = window.getSelection();
            selection.removeAllRanges(); selection.addRange(range);
        }""",
        [claim.pk, cut, cut + len("the flood")],
    )
    split = page.locator("#reshape-split")
    split.wait_for(state="visible")
    assert page.locator("#reshape-start").input_value() == str(claim.start + cut)
    screenshot(page, "reader-selection")
    split.click()
    page.wait_for_selector("text=split; the second part is")
    claim.refresh_from_db()
    second = Claim.objects.get(article=desk.hostile, start=claim.start + cut)
    assert claim.end <= claim.start + cut and second.text.startswith("the flood")
    assert desk.hostile.body[second.start : second.end] == second.text


def test_reviewer_triages_a_flag(log_in, desk, project, users):
    page = log_in(users["reviewer"])
    page.goto(f"/projects/{project.pk}/flags/")
    screenshot(page, "flags")
    page.get_by_role("link", name=f"Triage flag {desk.flag.pk}").click()
    page.wait_for_selector("#flag-explanation")
    assert desk.flag.explanation in page.locator("#flag-explanation").inner_text()
    assert page.locator(".pair .card").count() == 2
    screenshot(page, "triage")
    page.get_by_role("button", name="Confirm: they cannot both be true").click()
    page.wait_for_selector(f"text=Flag {desk.flag.pk} confirmed.")
    desk.flag.refresh_from_db()
    assert desk.flag.status == "confirmed" and desk.flag.decided_by == users["reviewer"]


def test_upload_an_article_and_watch_its_progress(log_in, desk, project, users, tmp_path):
    story = tmp_path / "storm.txt"
    story.write_text(
        "Storm cuts power\n\nThe storm cut power to 12,000 homes, the utility said on Sunday.\n"
        "Officials said the flood displaced 7,000 villagers in the delta.\n"
    )
    page = log_in(users["annotator"])
    page.goto(f"/projects/{project.pk}/")
    page.set_input_files("#upload-file", str(story))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/articles/*/")
    article = Article.objects.get(origin="upload:storm.txt")
    # In-process tasks finish before the page loads; the line says so.
    page.wait_for_selector("#article-progress[data-state=done]")
    screenshot(page, "upload-done")
    # With a worker still busy, the page polls and updates by itself, without a reload.
    Article.objects.filter(pk=article.pk).update(flagged_at=None, flagged_version=0)
    page.reload()
    page.wait_for_selector("#article-progress[data-state=running]")
    page.evaluate("window.__sameDocument = true")
    screenshot(page, "upload-progress")
    article_flag(article_id=article.pk)
    page.wait_for_selector("#article-progress[data-state=done]", timeout=10_000)
    assert page.evaluate("window.__sameDocument") is True


def test_rescan_progress_and_the_charts(log_in, desk, project, users):
    page = log_in(users["editor"])
    page.goto(f"/projects/{project.pk}/")
    page.get_by_role("button", name="Re-scan the whole project").click()
    page.wait_for_selector("#rescan-progress[data-state=done]")
    page.goto(f"/projects/{project.pk}/reviews/")
    assert page.locator("svg.chart").count() == 5
    screenshot(page, "dashboard")
    page.goto(f"/projects/{project.pk}/graph/")
    edges = page.locator("svg.graph a.edge-link.relay")
    assert edges.count() >= 1
    screenshot(page, "graph-project")
    edges.first.dispatch_event("click")
    page.wait_for_url("**/claims/?relay_of=*")
    assert page.locator("table.list tbody tr").count() >= 1
    screenshot(page, "claims-behind-an-edge")
    page.goto(f"/claims/{hostile_claim(desk).pk}/graph/")
    screenshot(page, "graph-claim")


def test_article_text_never_runs_as_script(log_in, desk, project, users):
    claim = hostile_claim(desk)
    page = log_in(users["editor"])
    page.goto(f"/articles/{desk.hostile.pk}/")
    assert "<script>alert(1)</script>" in page.locator("#article-body").inner_text()
    assert "<img src=x onerror=alert(2)>" in page.locator("#article-body").inner_text()
    assert '<script>alert("title")</script>' in page.locator("h1").inner_text()
    page.click(f"#claim-{claim.pk}")
    page.locator(f"[data-claim-panel='{claim.pk}']").wait_for()
    assert "<script>alert(1)</script>" in page.locator("#claim-panel blockquote").inner_text()
    for url in (
        f"/claims/{claim.pk}/",
        f"/flags/{desk.flag.pk}/",
        f"/projects/{project.pk}/claims/",
        f"/claims/{claim.pk}/graph/",
    ):
        page.goto(url)
        assert "alert(" in page.locator("main").inner_text(), url
    # The queue: skip until the hostile claim is offered.
    page.goto(f"/queue/?project={project.pk}")
    for _ in range(Claim.objects.count()):
        if "<script>alert(1)</script>" in page.locator("#queue-panel").inner_text():
            break
        shown = page.locator("#queue-form input[name=claim]").get_attribute("value")
        page.keyboard.press("s")
        wait_for_another_claim(page, shown)
    assert "<script>alert(1)</script>" in page.locator("#queue-panel").inner_text()
    screenshot(page, "queue-hostile-text")
    assert page.dialogs == []
    assert Flag.objects.exists()
