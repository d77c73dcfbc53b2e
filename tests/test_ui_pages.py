"""The reviewer pages: who may see and do what, escaping of article text, and the writes made
from the pages (attributions, flags, reshaping, members, re-scans)."""

import re

import pytest

from annotations.models import Review
from provenance.models import Attribution, Claim, Flag, GroupMember, Membership
from tests.ui_support import HOSTILE_MARKUP, HOSTILE_TITLE, build_desk

pytestmark = pytest.mark.django_db
ANON, LOGIN = "anonymous", "login"


@pytest.fixture
def desk(project, users):
    return build_desk(project)


def hostile_claim(desk) -> Claim:
    return desk.hostile.claims.get(text__contains="<script>")


def page_urls(desk, project) -> dict[str, str]:
    claim = hostile_claim(desk)
    return {
        "reader": f"/articles/{desk.hostile.pk}/",
        "panel": f"/claims/{claim.pk}/panel/",
        "claim page": f"/claims/{claim.pk}/",
        "progress": f"/articles/{desk.hostile.pk}/progress/",
        "flags": f"/projects/{project.pk}/flags/",
        "triage": f"/flags/{desk.flag.pk}/",
        "dashboard": f"/projects/{project.pk}/reviews/",
        "claims": f"/projects/{project.pk}/claims/?status=unreviewed",
        "project graph": f"/projects/{project.pk}/graph/",
        "claim graph": f"/claims/{claim.pk}/graph/",
    }


def test_every_page_answers_members_and_hides_from_others(client, desk, project, users):
    for name, url in page_urls(desk, project).items():
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], name
        for role in ("annotator", "reviewer", "editor"):
            client.force_login(users[role])
            assert client.get(url).status_code == 200, (name, role)
        client.force_login(users["outsider"])
        assert client.get(url).status_code == 404, name


def test_article_text_is_escaped_on_every_page(client, desk, project, users):
    client.force_login(users["reviewer"])
    urls = page_urls(desk, project)
    urls["queue"] = f"/queue/?project={project.pk}"
    for name, url in urls.items():
        html = client.get(url).content.decode()
        for raw in [*HOSTILE_MARKUP, HOSTILE_TITLE]:
            assert raw not in html, (name, raw)
    reader = client.get(urls["reader"]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in reader
    assert "&lt;img src=x onerror=alert(2)&gt;" in reader
    assert "Dam row &lt;script&gt;" in reader
    for name in ("panel", "claim page", "claim graph"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(urls[name]).content.decode()
    # One side of every flag is in the hostile article, shown with its context.
    triage = client.get(urls["triage"]).content.decode()
    assert "&lt;script&gt;alert(1)" in triage or "&lt;img src=x" in triage


def test_reader_marks_every_claim_with_exact_offsets(client, desk, users):
    client.force_login(users["annotator"])
    html = client.get(f"/articles/{desk.hostile.pk}/").content.decode()
    marks = re.findall(r'data-claim-id="(\d+)" data-version="\d+" data-start="(\d+)"', html)
    claims = {c.pk: c for c in desk.hostile.claims.all()}
    assert len(marks) == len(claims)
    for claim_id, start in marks:
        assert claims[int(claim_id)].start == int(start)
    flagged = {desk.flag.claim_a_id, desk.flag.claim_b_id} & set(claims)
    for claim_id in flagged:
        assert re.search(rf'class="claim [^"]*flagged" id="claim-{claim_id}"', html)


def test_annotator_confirms_and_corrects_an_attribution_from_the_panel(client, desk, users):
    claim = hostile_claim(desk)
    attribution = claim.attributions.get()
    client.force_login(users["annotator"])
    response = client.post(
        f"/attributions/{attribution.pk}/change/",
        {"op": "confirmed", "version": attribution.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Attribution confirmed." in response.content.decode()
    attribution.refresh_from_db()
    assert attribution.status == "confirmed" and attribution.decided_by == users["annotator"]
    response = client.post(
        f"/attributions/{attribution.pk}/change/",
        {
            "op": "edit",
            "version": attribution.version,
            "hop_name": ["Interior ministry", "Reuters", ""],
            "hop_kind": ["government", "wire_agency", "unknown"],
            "cue": "told",
            "confidence": "0.9",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/claims/{claim.pk}/"
    current = Attribution.objects.filter(claim=claim).exclude(status="rejected").get()
    assert [h.source.name for h in current.hops.order_by("position")][1:] == ["Reuters"]
    assert current.cue == "told" and current.status == "confirmed"


def _edit_speaker_kind(client, attribution, hops, kind):
    """Posts the attribution panel's edit form with only the speaker's kind changed."""
    return client.post(
        f"/attributions/{attribution.pk}/change/",
        {
            "op": "edit",
            "version": attribution.version,
            "hop_name": [hop.source.name for hop in hops],
            "hop_kind": [kind] + [hop.source.kind for hop in hops[1:]],
        },
        HTTP_HX_REQUEST="true",
    )


def test_editing_only_a_hops_kind_says_why_it_is_not_saved(client, desk, users):
    """A kind belongs to the source: changing it in one claim's chain is refused with a reason,
    and the attribution is left as it was (it used to say "Attribution corrected." and keep the
    old kind)."""
    claim = hostile_claim(desk)
    attribution = claim.attributions.get()
    hops = list(attribution.hops.select_related("source").order_by("position"))
    other = "academic" if hops[0].source.kind != "academic" else "ngo"
    client.force_login(users["annotator"])
    response = _edit_speaker_kind(client, attribution, hops, other)
    page = response.content.decode()
    assert "Attribution corrected." not in page
    assert f"{hops[0].source.name} is recorded as" in page and "source&#x27;s page" in page
    before = (attribution.status, attribution.version)
    attribution.refresh_from_db()
    assert (attribution.status, attribution.version) == before
    assert claim.attributions.count() == 1
    hops[0].source.refresh_from_db()
    assert hops[0].source.kind != other


def test_naming_the_kind_of_a_source_recorded_as_unknown_fills_it_in(client, desk, users):
    """A kind nobody knew yet is information, not a change of anyone's decision: a reviewer's
    hop kind fills it in on the source, and the fill is in the source's history."""
    from provenance.models import ChangeRecord, Source

    claim = hostile_claim(desk)
    attribution = claim.attributions.get()
    hops = list(attribution.hops.select_related("source").order_by("position"))
    Source.objects.filter(pk=hops[0].source_id).update(kind="unknown")
    client.force_login(users["annotator"])
    response = _edit_speaker_kind(client, attribution, hops, "ngo")
    assert "is recorded as" not in response.content.decode()
    speaker = Source.objects.get(pk=hops[0].source_id)
    assert speaker.kind == "ngo"
    record = ChangeRecord.objects.filter(object_type="source", object_id=speaker.pk).latest("pk")
    assert record.before["kind"] == "unknown" and record.after["kind"] == "ngo"
    assert record.actor == users["annotator"]


def test_stale_attribution_edit_shows_the_conflict_in_the_panel(client, desk, users):
    attribution = hostile_claim(desk).attributions.get()
    client.force_login(users["annotator"])
    stale = attribution.version
    client.post(f"/attributions/{attribution.pk}/change/", {"op": "rejected", "version": stale})
    response = client.post(
        f"/attributions/{attribution.pk}/change/",
        {"op": "confirmed", "version": stale},
        HTTP_HX_REQUEST="true",
    )
    assert "changed by someone else" in response.content.decode()
    attribution.refresh_from_db()
    assert attribution.status == "rejected"


def test_outsider_cannot_touch_attributions(client, desk, users):
    attribution = hostile_claim(desk).attributions.get()
    client.force_login(users["outsider"])
    url = f"/attributions/{attribution.pk}/change/"
    assert client.post(url, {"op": "confirmed", "version": 1}).status_code == 404


def test_reviewer_triages_a_flag_and_an_annotator_cannot(client, desk, users):
    flag = desk.flag
    client.force_login(users["annotator"])
    page = client.get(f"/flags/{flag.pk}/").content.decode()
    assert flag.explanation.replace("'", "&#x27;").replace('"', "&quot;") in page
    assert "Confirm: they cannot both be true" not in page
    url = f"/flags/{flag.pk}/decide/"
    assert client.post(url, {"status": "dismissed", "version": flag.version}).status_code == 403
    client.force_login(users["reviewer"])
    response = client.post(url, {"status": "confirmed", "version": flag.version})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == "confirmed" and flag.decided_by == users["reviewer"]


def test_flag_decision_through_htmx_sends_the_browser_on_as_a_whole_page(client, desk, users):
    """htmx posts the decision; the answer is an HX-Redirect for the browser to follow, never a
    page for htmx to swap in (a failed decision stays on the flag, with its message)."""
    flag = desk.flag
    client.force_login(users["reviewer"])
    url = f"/flags/{flag.pk}/decide/"
    stale = {"status": "dismissed", "version": flag.version + 5}
    response = client.post(url, stale, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Redirect"] == f"/flags/{flag.pk}/"
    page = client.get(f"/flags/{flag.pk}/").content.decode()
    assert f"Flag {flag.pk} not changed" in page and 'hx-post="' + url + '"' in page
    response = client.post(
        url, {"status": "confirmed", "version": flag.version}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and response["HX-Redirect"].startswith("/")
    flag.refresh_from_db()
    assert flag.status == "confirmed"


def test_split_and_merge_from_a_selection(client, desk, users):
    claim = hostile_claim(desk)
    at = claim.start + claim.text.index(" the flood")
    client.force_login(users["annotator"])
    url = f"/articles/{desk.hostile.pk}/reshape/"
    form = {"claim": [claim.pk], "version": [claim.version], "start": at, "end": at + 4}
    response = client.post(url, {**form, "op": "split"})
    assert response.status_code == 302 and response["Location"].endswith(f"#claim-{claim.pk}")
    claim.refresh_from_db()
    second = desk.hostile.claims.get(start__gt=claim.start, start__lte=at + 1)
    assert claim.end <= at and desk.hostile.body[second.start : second.end] == second.text
    merge = {
        "op": "merge",
        "claim": [claim.pk, second.pk],
        "version": [claim.version, second.version],
        "start": claim.start,
        "end": second.end,
    }
    client.post(url, merge)
    claim.refresh_from_db()
    assert not Claim.objects.filter(pk=second.pk).exists() and claim.end == second.end


def test_reviewer_cannot_reshape_a_reviewed_claim_and_sees_why(client, desk, users):
    claim = hostile_claim(desk)
    Review.objects.create(claim=claim, reviewer=users["reviewer"], verdict="refuted", confidence=1)
    Claim.objects.filter(pk=claim.pk).update(status="in_review")
    client.force_login(users["annotator"])
    response = client.post(
        f"/articles/{desk.hostile.pk}/reshape/",
        {
            "op": "trim",
            "claim": claim.pk,
            "version": claim.version,
            "start": claim.start,
            "end": claim.start + 10,
        },
        follow=True,
    )
    assert "only an editor" in response.content.decode()


def test_dashboard_draws_its_charts(client, desk, project, users):
    client.force_login(users["annotator"])
    html = client.get(f"/projects/{project.pk}/reviews/").content.decode()
    assert html.count("<svg") == 5
    assert "Claims in each status at the end of each day" in html
    assert "Open flags by kind" in html and desk.flag.kind in html


def test_graph_edges_link_to_the_claims_behind_them(client, desk, project, users):
    client.force_login(users["annotator"])
    html = client.get(f"/projects/{project.pk}/graph/").content.decode()
    links = re.findall(r"\?relay_of=(\d+)&amp;relay=(\d+)", html)
    assert links, "the ministry → Reuters chain should give edges"
    speaker, relay = links[0]
    listing = client.get(f"/projects/{project.pk}/claims/?relay_of={speaker}&relay={relay}")
    assert "&lt;script&gt;alert(1)" in listing.content.decode()
    member = GroupMember.objects.filter(claim__article__project=project).first()
    if member is not None:
        assert client.get(f"/groups/{member.group_id}/graph/").status_code == 200


def test_an_event_graphs_links_list_the_claims_of_that_event(client, desk, project, users):
    """Narrowed to an event, the picture's nodes and arrows list the claims behind them within
    that event, not the whole project's."""
    from provenance.models import Article, Event

    event = Article.objects.filter(project=project).exclude(event=None).first().event
    other = Event.objects.create(project=project, label="Another story")
    client.force_login(users["annotator"])
    html = client.get(f"/projects/{project.pk}/graph/", {"event": event.pk}).content.decode()
    links = re.findall(r'href="[^"]*/claims/\?([^"]+)"', html)
    assert links and all(f"event={event.pk}" in link for link in links)
    listing = client.get(f"/projects/{project.pk}/claims/", {"event": other.pk})
    assert listing.status_code == 200
    assert not re.findall(r'data-claim-id="(\d+)"', listing.content.decode())


def test_members_page_is_for_editors(client, project, users):
    client.force_login(users["reviewer"])
    assert client.get(f"/projects/{project.pk}/members/").status_code == 403
    client.force_login(users["outsider"])
    assert client.get(f"/projects/{project.pk}/members/").status_code == 404
    client.force_login(users["editor"])
    assert client.get(f"/projects/{project.pk}/members/").status_code == 200
    annotator = Membership.objects.get(project=project, user=users["annotator"])
    url = f"/projects/{project.pk}/members/change/"
    client.post(url, {"op": "role", "membership": annotator.pk, "role": "reviewer"})
    annotator.refresh_from_db()
    assert annotator.role == "reviewer"
    own = Membership.objects.get(project=project, user=users["editor"])
    page = client.post(url, {"op": "remove", "membership": own.pk}, follow=True)
    assert "last editor" in page.content.decode()
    page = client.post(url, {"op": "add", "username": "outsider", "role": "annotator"}, follow=True)
    assert Membership.objects.filter(project=project, user=users["outsider"]).exists()


def test_rescan_from_the_project_page_shows_its_progress(
    client, desk, project, users, django_capture_on_commit_callbacks
):
    client.force_login(users["reviewer"])
    assert client.post(f"/projects/{project.pk}/rescan/").status_code == 403
    client.force_login(users["editor"])
    with django_capture_on_commit_callbacks() as enqueued:
        html = client.post(f"/projects/{project.pk}/rescan/", follow=True).content.decode()
    rescan = project.rescans.get()
    assert 'id="rescan-progress"' in html and 'data-state="running"' in html
    assert f"0 of {rescan.total_chunks} chunks" in html
    for task in enqueued:
        task()
    done = client.get(f"/rescans/{rescan.pk}/progress/").content.decode()
    assert 'data-state="done"' in done and "hx-trigger" not in done


def test_progress_polls_until_flagging_is_done(client, desk, users):
    from provenance.services.flagging import article_flag

    type(desk.hostile).objects.filter(pk=desk.hostile.pk).update(flagged_at=None, flagged_version=0)
    client.force_login(users["annotator"])
    url = f"/articles/{desk.hostile.pk}/progress/"
    running = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in running and "Flagging…" in running
    article_flag(article_id=desk.hostile.pk)
    done = client.get(url).content.decode()
    assert "hx-trigger" not in done and "finished" in done


def test_password_change(client, users):
    user = users["reviewer"]
    user.set_password("old-secret-42")
    user.save()
    client.force_login(user)
    assert client.get("/account/password/").status_code == 200
    response = client.post(
        "/account/password/",
        {
            "old_password": "old-secret-42",
            "new_password1": "a-Long-new-pass-99",
            "new_password2": "a-Long-new-pass-99",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/account/password/done/"
    user.refresh_from_db()
    assert user.check_password("a-Long-new-pass-99")


def test_no_page_carries_inline_script(client, desk, project, users):
    client.force_login(users["editor"])
    urls = [
        *page_urls(desk, project).values(),
        f"/queue/?project={project.pk}",
        "/",
        f"/projects/{project.pk}/",
        f"/projects/{project.pk}/members/",
        "/account/token/",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+=\"", html), url
    assert Flag.objects.exists()
