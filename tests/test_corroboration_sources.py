"""Independent sources of a corroboration group: claims that name no source do not add any."""

import pytest

from provenance.corroboration import UNSOURCED
from provenance.models import GroupMember

FIGURE = "The floods left 1,200 people homeless across Varna province"
# A sentence of each article's own, so that no two articles are the same text.
ASIDES = {
    "Tribune": "Rain is forecast for the rest of the week.",
    "Courier": "The main road to the coast reopened on Sunday.",
    "Gazette": "Schools in the valley will stay shut until March.",
    "Herald": "A football match in the capital was called off.",
}


def _only_group(users, api_client_for) -> dict:
    groups = api_client_for(users["reviewer"]).get("/api/v1/groups/").json()["results"]
    assert len(groups) == 1, groups
    return groups[0]


def _report(ingest, publisher: str, who: str | None = None) -> None:
    said = f", {who} said." if who else "."
    ingest(f"{FIGURE}{said} {ASIDES[publisher]}", publisher=publisher)


@pytest.mark.django_db
def test_outlets_that_name_no_source_stand_on_one_unsourced_origin(ingest, users, api_client_for):
    _report(ingest, "Tribune")
    _report(ingest, "Courier")
    group = _only_group(users, api_client_for)
    assert len(group["claims"]) >= 2
    assert group["independent_sources"] == 1
    assert list(group["origins"]) == [UNSOURCED] and group["unsourced"] == []


@pytest.mark.django_db
def test_unsourced_claims_stand_on_the_named_origin_that_says_the_same(
    ingest, users, api_client_for
):
    _report(ingest, "Tribune")
    _report(ingest, "Courier")
    _report(ingest, "Gazette", who="the Red Crescent")
    group = _only_group(users, api_client_for)
    assert group["independent_sources"] == 1
    assert list(group["origins"]) == ["Red Crescent"]
    assert len(group["unsourced"]) == len(group["claims"]) - 1 >= 2


@pytest.mark.django_db
def test_two_named_origins_are_two_sources_whoever_else_repeats_them(ingest, users, api_client_for):
    _report(ingest, "Tribune")
    _report(ingest, "Gazette", who="the Red Crescent")
    _report(ingest, "Herald", who="the provincial governor")
    group = _only_group(users, api_client_for)
    assert group["independent_sources"] == 2
    assert len(group["unsourced"]) == 1


@pytest.mark.django_db
def test_the_groups_picture_says_how_many_claims_name_no_source(ingest, users, client):
    _report(ingest, "Tribune")
    _report(ingest, "Courier")
    _report(ingest, "Gazette", who="the Red Crescent")
    client.force_login(users["reviewer"])
    group_id = GroupMember.objects.values_list("group_id", flat=True).first()
    html = client.get(f"/groups/{group_id}/graph/").content.decode()
    assert "<strong>1</strong> independent source: Red Crescent (2 name no source)." in html


@pytest.mark.django_db
def test_one_source_named_in_fewer_words_is_one_source(ingest, users, api_client_for):
    _report(ingest, "Tribune", who="the Varna Flood Defence Centre")
    _report(ingest, "Gazette", who="the flood defense center")
    group = _only_group(users, api_client_for)
    assert group["independent_sources"] == 1, group["origins"]
    assert list(group["origins"]) == ["Varna Flood Defence Centre"]


@pytest.mark.django_db
def test_a_source_named_in_fewer_words_than_two_others_stays_apart(ingest, users, api_client_for):
    _report(ingest, "Tribune", who="the Varna relief committee")
    _report(ingest, "Courier", who="the Dobrich relief committee")
    _report(ingest, "Gazette", who="the relief committee")
    group = _only_group(users, api_client_for)
    assert group["independent_sources"] == 3, group["origins"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("first", "second", "sources"),
    [
        # a spokesperson and the body they speak for
        ("Varna Flood Defence Centre spokeswoman Ana Petrova", "the Varna Flood Defence Centre", 1),
        # two people who speak for one body, the job before or after the name
        (
            "Varna Flood Defence Centre spokeswoman Ana Petrova",
            "Ivan Kolev, a spokesman for the Varna Flood Defence Centre,",
            1,
        ),
        # people of one body, named in other words
        (
            "analysts at the Varna Institute of Hydrology",
            "researchers from the Varna Institute",
            1,
        ),
        # people who speak for two bodies are two sources
        (
            "Varna Flood Defence Centre spokeswoman Ana Petrova",
            "Dobrich Red Cross spokesman Ivan Kolev",
            2,
        ),
        # one name in two transliterations, with and without the first name
        ("regional governor Yuliya Kyrylchuk", "Governor Yulia Kirilchuk", 1),
        ("regional governor Yuliya Kyrylchuk", "Kirilchuk", 1),
        # names that differ in other letters are other people
        ("regional governor Yuliya Kyrylchuk", "Governor Yulia Kyrylchak", 2),
    ],
)
def test_people_of_a_body_and_a_name_spelt_two_ways_are_one_source(
    ingest, users, api_client_for, first, second, sources
):
    _report(ingest, "Tribune", who=first)
    _report(ingest, "Gazette", who=second)
    group = _only_group(users, api_client_for)
    assert group["independent_sources"] == sources, group["origins"]


@pytest.mark.parametrize(
    ("label", "text", "body"),
    [
        ("researchers at the Varna Institute", "", "Varna Institute"),
        (
            "Ana Petrova",
            "Varna Flood Defence Centre spokeswoman Ana Petrova said.",
            "Varna Flood Defence Centre",
        ),
        (
            "Ivan Kolev",
            "Ivan Kolev, a representative of the Dobrich Red Cross, said.",
            "Dobrich Red Cross",
        ),
        # a body of one word, or a title, is no body
        ("Ivan Kolev", "US envoy Ivan Kolev said.", ""),
        ("Ivan Kolev", "President Ivan Kolev said.", ""),
        ("Ivan Kolev", "Ivan Kolev said.", ""),
    ],
)
def test_the_body_a_speaker_speaks_for_is_read_from_the_job_given_with_the_name(label, text, body):
    from provenance.corroboration import _spoken_for

    assert _spoken_for(label, [text]) == body
