"""Assigning claims in a real browser, on a desktop screen and on a 375 px phone: an editor
ticks claims on the claims page and assigns them to a reviewer, the claims page filters by
assignee, the claim page says who has it, the reviewer's queue offers it first as "assigned
to you", and a reviewer is neither offered the control nor let through with a form sent
anyway (the site's styled 403 page)."""

import pytest

from provenance.models import ChangeRecord, Claim
from tests.browser.conftest import screenshot
from tests.browser.test_browser_bulk import SCREENS, expect_message, fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def least_urgent_two(article) -> list[Claim]:
    """Two claims the queue's own order would offer last, so "first" means the assignment."""
    claims = article.claims.order_by("has_open_flag", "checkworthiness", "-created_at", "-pk")
    return list(claims.exclude(status="rejected")[:2])


@pytest.mark.parametrize("phone", SCREENS)
def test_an_editor_assigns_the_ticked_claims_and_the_reviewer_gets_them_first(
    log_in, desk, project, users, phone
):
    article = desk.other
    chosen = least_urgent_two(article)
    page = log_in(users["editor"], phone=phone)
    page.goto(f"/projects/{project.pk}/claims/?article={article.pk}")
    for claim in chosen:
        page.check(f"input[name=claim][value='{claim.pk}']")
    page.locator("[data-selected-count=bulk-claims]", has_text="2 selected").wait_for()
    page.select_option("#bulk-assignee", "reviewer")
    fits(page, phone)
    screenshot(page, f"bulk-assign-{'phone' if phone else 'desktop'}")
    page.click("#bulk-assign")
    expect_message(page, "Assigned 2 claims to reviewer.")
    assert f"article={article.pk}" in page.url, "back on the list as it was filtered"
    assert ChangeRecord.objects.filter(action="assign", actor=users["editor"]).count() == 2

    # The list filters by assignee, through the same filters as the API and the export.
    page.select_option("select[name=assigned_to]", "reviewer")
    page.click(".claim-filters button[type=submit]")
    page.locator("h1", has_text="assigned to reviewer").wait_for()
    rows = page.locator("tr[data-claim-id]")
    assert sorted(int(rows.nth(i).get_attribute("data-claim-id")) for i in range(2)) == sorted(
        claim.pk for claim in chosen
    )
    assert rows.count() == 2
    fits(page, phone)

    page.goto(f"/claims/{chosen[0].pk}/")
    assert "Assigned to reviewer" in page.locator("[data-testid=assignment]").inner_text()
    fits(page, phone)

    reviewer = log_in(users["reviewer"], phone=phone)
    reviewer.goto(f"/queue/?project={project.pk}")
    reviewer.locator("[data-testid=assigned-to-you]").wait_for()
    offered = int(reviewer.locator("#queue-form input[name=claim]").get_attribute("value"))
    assert offered in {claim.pk for claim in chosen}
    fits(reviewer, phone)
    screenshot(reviewer, f"queue-assigned-{'phone' if phone else 'desktop'}")
    for claim in chosen:
        claim.refresh_from_db()
        assert claim.assigned_to == users["reviewer"]


@pytest.mark.parametrize("phone", SCREENS)
def test_a_reviewer_is_not_offered_assignment_and_a_form_sent_anyway_is_refused(
    log_in, desk, project, users, phone
):
    claim = least_urgent_two(desk.other)[0]
    page = log_in(users["reviewer"], phone=phone)
    page.goto(f"/projects/{project.pk}/claims/")
    page.locator("#bulk-claims").wait_for()
    assert page.locator("#bulk-assign").count() == 0
    page.evaluate(
        """([url, id, version]) => {
            const form = document.createElement('form');
            form.method = 'post'; form.action = url;
            const token = document.querySelector('[name=csrfmiddlewaretoken]').value;
            const fields = [['op', 'assign'], ['assignee', 'reviewer'], ['claim', id],
                [`version-${id}`, version], ['csrfmiddlewaretoken', token]];
            for (const [name, value] of fields) {
                const input = document.createElement('input');
                input.name = name; input.value = value; form.append(input);
            }
            document.body.append(form); form.submit();
        }""",
        [f"/projects/{project.pk}/claims/bulk/", claim.pk, claim.version],
    )
    page.locator("h1", has_text="You cannot open this page").wait_for()
    assert "editor role" in page.locator(".error-page .reason").inner_text()
    assert page.locator("header.top").is_visible(), "the site's page, not Django's bare one"
    fits(page, phone)
    claim.refresh_from_db()
    assert claim.assigned_to is None
