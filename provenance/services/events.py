"""Events: which articles report one story, assigned at ingest and corrected by editors.

Flagging compares claims only within one event (``same_event``), so a flood's toll is never
set against a war's. The clustering itself is plain Python (``provenance.text.events``); here
profiles are stored and articles assigned.
"""

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from provenance.errors import DomainError
from provenance.models import Article, ChangeAction, Event, Flag, FlagStatus, Project
from provenance.permissions import require
from provenance.services.bands import claims_bands_rewrite
from provenance.services.flagging import article_flagging_restart, articles_flag_enqueue
from provenance.services.flags import claims_open_flag_refresh
from provenance.services.history import change_record
from provenance.text.events import (
    EventProfile,
    article_profile,
    best_event,
    profile_merge,
)

# Events a new article is matched against: the project's most recently active ones, so that
# the cost of assigning an article stays flat however many events a project has seen.
RECENT_EVENTS = 500


def _profile_of(article: Article) -> EventProfile:
    return article_profile(
        title=article.title,
        body=article.body,
        year=article.published.year if article.published else None,
    )


def article_event_assign(*, article: Article) -> Event:
    """Put a newly stored article in the event it reports, or in a new one, and take its
    profile into the event's (``articles_event_assign`` for one article)."""
    return articles_event_assign(articles=[article])[0]


def articles_event_assign(*, articles: Sequence[Article]) -> list[Event]:
    """Put newly stored articles, in order, each in the event it reports or in a new one, and
    take their profiles into the events'. Locks the project row (``select_for_update``) so that
    two articles of one new story ingested at once do not each start an event of their own.

    The project's recent events are read once for the whole batch; an article matches the
    events the articles before it in the batch started or joined as it would had they been
    stored one by one. Writes one insert per new event and one update per event touched."""
    if not articles:
        return []
    project_id = articles[0].project_id
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project_id).first()
        recent = (
            Event.objects.filter(project_id=project_id)
            .order_by("-updated_at", "-id")
            .values_list("pk", "profile")[:RECENT_EVENTS]
        )
        # Most recently active first, as the query orders them; an event touched moves up.
        profiles = {pk: EventProfile.from_json(data) for pk, data in recent}
        touched: set[int] = set()
        chosen: list[int] = []
        for article in articles:
            profile = _profile_of(article)
            event_id, _score = best_event(profile, list(profiles.items()))
            if event_id is None:
                event = Event(project_id=project_id)
                _event_take_in(event, profile)
                event_id, merged = event.pk, EventProfile.from_json(event.profile)
            else:
                merged = profile_merge(profiles.pop(event_id), profile)
                touched.add(event_id)
            profiles = {event_id: merged, **profiles}
            chosen.append(event_id)
        now = timezone.now()
        for event_id in touched:
            merged = profiles[event_id]
            Event.objects.filter(pk=event_id).update(
                profile=merged.to_json(), label=merged.label()[:200], updated_at=now
            )
        members: dict[int, list[int]] = {}
        for article, event_id in zip(articles, chosen, strict=True):
            members.setdefault(event_id, []).append(article.pk)
        for event_id, article_ids in members.items():
            Article.objects.filter(pk__in=article_ids).update(event_id=event_id)
        events = {
            event_id: Event(
                pk=event_id, project_id=project_id, label=profiles[event_id].label()[:200]
            )
            for event_id in members
        }
        for article, event_id in zip(articles, chosen, strict=True):
            article.event = events[event_id]
    return [events[event_id] for event_id in chosen]


def _event_take_in(event: Event, profile: EventProfile) -> None:
    merged = profile_merge(EventProfile.from_json(event.profile), profile)
    event.profile = merged.to_json()
    event.label = merged.label()[:200]
    event.save()


def article_event_move(
    *, article: Article, event: Event | None, actor: AbstractBaseUser | None
) -> Event:
    """Move an article to another event of its project, or to a new one (``event=None``).

    Its open flags against claims now in another event are withdrawn (a reviewer's confirmed or
    dismissed flags stay, as decisions), its claims' band keys name the new event, and the
    article is flagged again against it. Audited as ``event_move`` with the events before and
    after. Locks the article row.
    ``actor``: an editor of the project, or ``None`` for the command line.
    """
    if actor is not None:
        require(user=actor, project=article.project, action="manage")
    if event is not None and event.project_id != article.project_id:
        raise DomainError("That event belongs to another project.")
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        before = article.event
        if event is None:
            event = Event(project_id=article.project_id)
            _event_take_in(event, _profile_of(article))
        elif event.pk == article.event_id:
            return event
        else:
            _event_take_in(event, _profile_of(article))
        article.event = event
        article.save(update_fields=["event"])
        claims_bands_rewrite(claims=list(article.claims.select_related("article")))
        withdrawn = _cross_event_flags_withdraw(article=article)
        change_record(
            project=article.project,
            object_type="article",
            object_id=article.pk,
            action=ChangeAction.EVENT_MOVE,
            actor=actor,
            before={
                "event": before.pk if before else None,
                "label": before.label if before else "",
            },
            after={"event": event.pk, "label": event.label, "flags_withdrawn": withdrawn},
        )
        article_flagging_restart(article_id=article.pk)
        transaction.on_commit(lambda: articles_flag_enqueue(article_ids=[article.pk]))
    return event


def _cross_event_flags_withdraw(*, article: Article) -> int:
    """Delete the open flags between the article's claims and claims of other events' articles;
    returns how many."""
    mine = list(article.claims.values_list("pk", flat=True))
    other_event = Flag.objects.filter(status=FlagStatus.OPEN).exclude(
        claim_a__article__event=article.event_id, claim_b__article__event=article.event_id
    )
    stale = other_event.filter(claim_a_id__in=mine) | other_event.filter(claim_b_id__in=mine)
    pairs = list(stale.values_list("pk", "claim_a_id", "claim_b_id"))
    Flag.objects.filter(pk__in=[pk for pk, _a, _b in pairs]).delete()
    claims_open_flag_refresh(claim_ids={claim for _pk, *both in pairs for claim in both})
    return len(pairs)
