"""Contradiction flags and corroboration groups from the real pipeline, stored idempotently."""

from pathlib import Path

import pytest

from provenance.models import Flag, GroupMember
from provenance.services import flagging
from provenance.services.rescans import rescan_start

pytestmark = pytest.mark.django_db

GOVERNMENT = (
    "The interior ministry said the flood displaced 40,000 villagers in the delta.\n"
    "The ministry denied that any dams had failed upstream, a spokesman said.\n"
)
AID = (
    "Aid agencies said the flood displaced no more than 5,000 villagers in the delta.\n"
    "Engineers said two dams had failed upstream during the storm.\n"
)
RELAY_1 = "Three dams failed upstream, regional officials told Reuters on Monday.\n"
KIVU = (
    "Fishermen accused the mining company of dumping toxic sludge into Lake Kivu.\n"
    "The company has firmly denied the allegations.\n"
)
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Three articles composed for this test, on other stories than the seeds, each quoting several
# sources. The flags expected are listed below by the words that must explain them; the
# articles hold two more conflicts that the detectors miss ("found no cracks" / "had been
# cracking for months"; 12 killed / more than 60 bodies recovered).
COMPOSED = Path(__file__).resolve().parent / "data" / "flagging"
RELAY_2 = "Three dams failed upstream, regional officials told Reuters.\n\nRoads were closed.\n"


def pairs() -> set[tuple]:
    return set(Flag.objects.values_list("claim_a_id", "claim_b_id", "kind"))


def test_numbers_that_cannot_overlap_are_flagged_with_an_explanation(ingest, users):
    ingest(GOVERNMENT, publisher="State TV")
    ingest(AID, publisher="AFP")
    numeric = Flag.objects.filter(kind="numeric")
    assert numeric.count() == 1
    flag = numeric.get()
    assert "40,000" in flag.explanation and "5,000" in flag.explanation
    assert flag.claim_a_id < flag.claim_b_id and flag.status == "open"


def test_running_flagging_twice_leaves_the_same_flags(ingest, users):
    first = ingest(GOVERNMENT, publisher="State TV")
    second = ingest(AID, publisher="AFP")
    before = pairs()
    assert before
    assert flagging.article_flag(article_id=first.pk) == 0
    assert flagging.article_flag(article_id=second.pk) == 0
    assert pairs() == before


def test_a_dismissed_flag_is_never_raised_again(ingest, users, api_client_for):
    ingest(GOVERNMENT, publisher="State TV")
    second = ingest(AID, publisher="AFP")
    flag = Flag.objects.filter(kind="numeric").get()
    response = api_client_for(users["reviewer"]).patch(
        f"/api/v1/flags/{flag.pk}/",
        {"status": "dismissed", "version": flag.version},
        format="json",
    )
    assert response.status_code == 200, response.json()
    flagging.claims_flag(claim_ids=list(second.claims.values_list("pk", flat=True)))
    flag.refresh_from_db()
    assert flag.status == "dismissed"
    assert Flag.objects.filter(kind="numeric").count() == 1


def test_flag_triage_roles_and_stale_writes(ingest, users, api_client_for):
    ingest(GOVERNMENT, publisher="State TV")
    ingest(AID, publisher="AFP")
    flag = Flag.objects.first()
    url = f"/api/v1/flags/{flag.pk}/"
    annotator = api_client_for(users["annotator"])
    assert annotator.get(url).status_code == 200
    refused = annotator.patch(url, {"status": "confirmed", "version": 1}, format="json")
    assert refused.status_code == 403 and "reviewer" in refused.json()["message"]
    assert api_client_for(users["outsider"]).get(url).status_code == 404
    reviewer = api_client_for(users["reviewer"])
    assert (
        reviewer.patch(url, {"status": "confirmed", "version": 1}, format="json").status_code == 200
    )
    stale = api_client_for(users["reviewer2"]).patch(
        url, {"status": "dismissed", "version": 1}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["current"]["status"] == "confirmed"


def test_claims_of_one_source_are_not_flagged(ingest, users):
    ingest("The ministry said 40,000 villagers were displaced.\n", publisher="State TV")
    ingest("The ministry said 5,000 villagers were displaced.\n", publisher="State TV")
    assert not Flag.objects.exists()


def test_two_sources_quoted_in_one_article_are_flagged(ingest, users):
    # The article carries the conflict itself: each figure has its own source.
    ingest(
        "Provincial officials said the landslide killed 12 people in the valley.\n"
        "Local volunteers said the landslide killed more than 200 people in the valley.\n",
        publisher="Valley Post",
    )
    flag = Flag.objects.get()
    assert flag.kind == "numeric"
    assert "12" in flag.explanation and "200" in flag.explanation


def test_an_articles_own_claims_do_not_crowd_out_other_articles(ingest, users, monkeypatch):
    monkeypatch.setattr(flagging, "TOP_K", 1)
    ingest(GOVERNMENT, publisher="State TV")
    # The second line is the closest candidate of the first, but it is of the same article.
    ingest(
        "Aid agencies said the flood displaced no more than 5,000 villagers in the delta.\n"
        "No more than 5,000 villagers in the delta were displaced by the flood, they said.\n",
        publisher="AFP",
    )
    assert Flag.objects.filter(kind="numeric").exists()


def test_one_source_saying_one_thing_twice_in_an_article_is_not_grouped(ingest, users):
    ingest(
        "Three dams failed upstream, regional officials said on Monday.\n"
        "Regional officials said three dams failed upstream on Monday.\n",
        publisher="Daily Star",
    )
    assert not Flag.objects.exists() and not GroupMember.objects.exists()


def test_a_denial_of_the_allegations_is_flagged_in_its_article_and_elsewhere(ingest, users):
    ingest(KIVU, publisher="Lake Times")
    within = Flag.objects.get()
    assert within.kind == "denial" and "sludge" in within.explanation
    ingest("Villagers said toxic sludge from the mine was dumped into Lake Kivu.\n")
    assert Flag.objects.filter(kind="denial").count() == 2


def test_the_seed_articles_raise_flags_that_name_their_evidence(ingest, users):
    # The seeds are real copies of one story, in which sources contradict each other; what
    # is flagged may change with the detectors, but it must be found and explained.
    for path in sorted(SEEDS.iterdir()):
        ingest(path.read_text(encoding="utf-8"), origin=f"seeds/{path.name}")
    flags = list(Flag.objects.select_related("claim_a", "claim_b"))
    assert flags
    for flag in flags:
        assert "shared: " in flag.explanation or "both about" in flag.explanation
        assert flag.claim_a.text[:40] in flag.explanation or flag.claim_b.text[:40] in (
            flag.explanation
        )


def test_a_seed_denial_by_china_is_flagged_against_another_article_s_account(ingest, users):
    """Issue 13: China's denials meet the accounts of detention they deny in the other seed
    articles, not only the accusation right before them in their own."""
    for path in sorted(SEEDS.iterdir()):
        ingest(path.read_text(encoding="utf-8"), origin=f"seeds/{path.name}")
    across = [
        flag
        for flag in Flag.objects.filter(kind="denial").select_related("claim_a", "claim_b")
        if flag.claim_a.article_id != flag.claim_b.article_id
    ]
    assert any(
        any("China" in claim.text and "denied" in claim.text for claim in pair)
        and any("detention" in claim.text for claim in pair)
        for pair in ((flag.claim_a, flag.claim_b) for flag in across)
    ), [(flag.claim_a.text[:60], flag.claim_b.text[:60]) for flag in across]


def test_composed_articles_raise_true_flags_and_no_false_one(ingest, users):
    for path in sorted(COMPOSED.iterdir()):
        ingest(path.read_text(encoding="utf-8"), origin=path.name)
    found = sorted(
        (flag.kind, flag.claim_a.article_id == flag.claim_b.article_id, flag.explanation)
        for flag in Flag.objects.select_related("claim_a", "claim_b")
    )
    expected = [
        # (kind, within one article, words the explanation must hold)
        ("denial", False, ("denied the allegations", "cracking for months")),
        ("denial", True, ("denied the allegations", "ignoring warnings")),
        ("denial", True, ("rejected the accusations", "stuffing ballot boxes")),
        ("numeric", True, ("52 percent", "38 percent")),
    ]
    assert len(found) == len(expected), [f[2] for f in found]
    for (kind, within, words), (got_kind, got_within, explanation) in zip(
        sorted(expected), found, strict=True
    ):
        assert (got_kind, got_within) == (kind, within)
        assert all(word in explanation for word in words), explanation


def test_relayed_copies_group_as_one_independent_source(ingest, users, api_client_for):
    ingest(RELAY_1, publisher="Global News")
    ingest(RELAY_2, publisher="Daily Star")
    groups = api_client_for(users["reviewer"]).get("/api/v1/groups/").json()["results"]
    assert len(groups) == 1
    group = groups[0]
    assert len(group["claims"]) == 2
    assert group["independent_sources"] == 1
    assert len(group["relaying_articles"]) == 2
    assert GroupMember.objects.count() == 2


def test_rescan_in_chunks_reaches_the_same_flags(
    ingest, users, api_client_for, settings, django_capture_on_commit_callbacks
):
    from provenance.services import rescans

    ingest(GOVERNMENT, publisher="State TV")
    ingest(AID, publisher="AFP")
    expected = pairs()
    Flag.objects.all().delete()
    rescans.CHUNK_SIZE, previous = 1, rescans.CHUNK_SIZE
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client_for(users["editor"]).post(
                f"/api/v1/projects/{users['editor'].memberships.get().project_id}/rescan/"
            )
    finally:
        rescans.CHUNK_SIZE = previous
    assert response.status_code == 202, response.json()
    rescan = api_client_for(users["editor"]).get(f"/api/v1/rescans/{response.json()['id']}/")
    assert rescan.json()["progress"] == 1.0 and rescan.json()["finished_at"]
    assert pairs() == expected


def test_only_editors_start_a_rescan(users, api_client_for, project):
    url = f"/api/v1/projects/{project.pk}/rescan/"
    assert api_client_for(users["reviewer"]).post(url).status_code == 403
    assert api_client_for(users["outsider"]).post(url).status_code == 404
    assert rescan_start(project=project).progress == 1.0  # an empty project is done at once
