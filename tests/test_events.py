"""Events: articles about one story are grouped at ingest, claims of different stories are never
compared, and an editor can move an article to another event, audited."""

import pytest
from django.urls import reverse

from provenance.models import Article, ChangeRecord, Event, Flag
from provenance.services.events import article_event_move
from provenance.text.events import (
    EVENT_MIN_SIMILARITY,
    EventProfile,
    article_profile,
    best_event,
    event_similarity,
    profile_merge,
)

# Two reports of one flood, from two outlets, in their own words; and a war far away that
# shares the flood's vocabulary (homeless, toll) but none of its places.
FLOOD_A = (
    "Floods swept through Karvenia's Ostrel valley on Tuesday.\n"
    "The governor of Ostrel said 40 people had died in the town of Pelzig.\n"
    "Local groups in Pelzig said as many as 300 died as the Vessa river burst its banks."
)
FLOOD_B = (
    "Rescuers in the Ostrel valley searched for survivors after the Vessa river flooded Pelzig.\n"
    "Karvenia's interior ministry said 12,000 people were left homeless in Ostrel."
)
WAR = (
    "Shelling in Dravonia's Brask region left 12,000 people homeless, the Red Cross said.\n"
    "Officials in Brask said the toll had reached 300 after a week of fighting near Tolmar."
)


def test_one_story_from_two_outlets_meets_and_another_story_does_not():
    a, b, war = (article_profile(title="", body=text) for text in (FLOOD_A, FLOOD_B, WAR))
    assert event_similarity(a, b) >= EVENT_MIN_SIMILARITY
    assert event_similarity(a, war) < EVENT_MIN_SIMILARITY
    assert event_similarity(b, war) < EVENT_MIN_SIMILARITY


def test_weekdays_and_months_say_nothing_of_the_event():
    profile = article_profile(title="", body="On Monday in March, Zerbia's cabinet resigned.")
    assert "zerbia" in profile.names
    assert not {"monday", "march"} & set(profile.names)


def test_different_years_are_different_events_whatever_they_share():
    first = article_profile(title="", body=FLOOD_A, year=2019)
    same_text_later = article_profile(title="", body=FLOOD_A, year=2023)
    assert event_similarity(first, same_text_later) == 0.0
    assert event_similarity(first, article_profile(title="", body=FLOOD_A)) > 0.9


def test_best_event_joins_the_closest_or_starts_one():
    flood = article_profile(title="", body=FLOOD_A)
    war = article_profile(title="", body=WAR)
    events = [(1, war), (2, flood)]
    assert best_event(article_profile(title="", body=FLOOD_B), events)[0] == 2
    assert (
        best_event(article_profile(title="", body="Zerbia's cabinet resigned."), events)[0] is None
    )


def test_a_profile_round_trips_and_merges_within_bounds():
    merged = profile_merge(
        article_profile(title="", body=FLOOD_A), article_profile(title="", body=FLOOD_B)
    )
    assert EventProfile.from_json(merged.to_json()) == merged
    assert merged.names["ostrel"] >= 3  # named in paragraphs of both articles
    assert "Ostrel" in merged.label()


@pytest.mark.django_db
def test_ingest_groups_articles_of_one_story_and_parts_another(ingest):
    a = ingest(FLOOD_A, origin="a.txt")
    b = ingest(FLOOD_B, origin="b.txt")
    war = ingest(WAR, origin="war.txt")
    a.refresh_from_db(), b.refresh_from_db(), war.refresh_from_db()
    assert a.event_id is not None and a.event_id == b.event_id
    assert war.event_id not in (None, a.event_id)
    assert Event.objects.filter(project=a.project).count() == 2


def _flags_of(article: Article) -> int:
    return (
        Flag.objects.filter(claim_a__article=article).count()
        + Flag.objects.filter(claim_b__article=article).count()
    )


@pytest.mark.django_db
def test_claims_of_different_events_are_never_compared(ingest, django_capture_on_commit_callbacks):
    """Two outlets' tolls of one flood conflict; once an editor says the second reports another
    event, its flags are withdrawn and flagging it again raises none; moved back, they return."""
    a = ingest(FLOOD_A, origin="a.txt")
    b = ingest("Officials in Pelzig said only 3 people had died in the town.")
    a.refresh_from_db()
    assert _flags_of(b) > 0, "the two tolls of one flood should conflict"
    with django_capture_on_commit_callbacks(execute=True):
        article_event_move(article=b, event=None, actor=None)
    assert _flags_of(b) == 0
    b.refresh_from_db()
    assert b.flagged_version == b.version  # flagged again, within its new event: nothing
    with django_capture_on_commit_callbacks(execute=True):
        article_event_move(article=b, event=a.event, actor=None)
    assert _flags_of(b) > 0


@pytest.mark.django_db
def test_an_editor_moves_an_article_by_the_api_and_it_is_audited(ingest, users, api_client_for):
    a = ingest(FLOOD_A, origin="a.txt")
    war = ingest(WAR, origin="war.txt")
    a.refresh_from_db()
    url = f"/api/v1/articles/{war.pk}/"
    record = api_client_for(users["editor"]).get(url).json()
    assert record["event"]["id"] == Article.objects.get(pk=war.pk).event_id
    response = api_client_for(users["editor"]).post(
        url + "event/", {"event": a.event_id}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["event"]["id"] == a.event_id
    change = ChangeRecord.objects.get(action="event_move", object_id=war.pk)
    assert change.actor == users["editor"]
    assert change.after["event"] == a.event_id and change.before["event"] != a.event_id
    # ... and out again, into an event of its own.
    response = api_client_for(users["editor"]).post(url + "event/", {"event": None}, format="json")
    assert response.status_code == 200
    assert response.json()["event"]["id"] not in (None, a.event_id)


@pytest.mark.django_db
def test_only_editors_move_articles_and_never_into_another_project(
    ingest, users, api_client_for, other_project
):
    war = ingest(WAR, origin="war.txt")
    elsewhere = ingest(FLOOD_A, origin="a.txt", target=other_project)
    elsewhere.refresh_from_db()
    url = f"/api/v1/articles/{war.pk}/event/"
    assert (
        api_client_for(users["reviewer"]).post(url, {"event": None}, format="json").status_code
        == 403
    )
    assert (
        api_client_for(users["outsider"]).post(url, {"event": None}, format="json").status_code
        == 404
    )
    response = api_client_for(users["editor"]).post(
        url, {"event": elsewhere.event_id}, format="json"
    )
    assert response.status_code == 404
    assert not ChangeRecord.objects.filter(action="event_move").exists()


@pytest.mark.django_db
def test_the_article_page_shows_the_event_and_moves_it_for_editors(ingest, users, client):
    a = ingest(FLOOD_A, origin="a.txt")
    war = ingest(WAR, origin="war.txt")
    a.refresh_from_db()
    page = reverse("article-detail", args=[war.pk])
    client.force_login(users["reviewer"])
    html = client.get(page).content.decode()
    assert 'id="article-event"' in html and "Brask" in html
    assert 'name="event"' not in html  # no move control below editors
    assert client.post(reverse("article-event", args=[war.pk]), {"event": "new"}).status_code == 403
    client.force_login(users["editor"])
    assert 'name="event"' in client.get(page).content.decode()
    response = client.post(reverse("article-event", args=[war.pk]), {"event": a.event_id})
    assert response.status_code == 302
    assert Article.objects.get(pk=war.pk).event_id == a.event_id


def test_articles_that_name_nothing_meet_on_their_words_alone():
    a = article_profile(title="", body="Floodwaters cut off 12 villages in the northern province.")
    b = article_profile(title="", body="Floodwaters cut off 40 villages in the northern province.")
    other = article_profile(title="", body="A fire destroyed two factories near the port.")
    assert not a.names and not b.names
    assert event_similarity(a, b) >= EVENT_MIN_SIMILARITY
    assert event_similarity(a, other) < EVENT_MIN_SIMILARITY
