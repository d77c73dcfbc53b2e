"""Which event an article reports, read from the names, dates and lead words it carries.

Numbers and denials are compared only between claims about one event: a flood's count of
homeless is no answer to a war's. Articles about one event, from many outlets, share the names
of its places, people and bodies ("Ludian", "Yunnan", "Zhaotong"; "Equifax", "UK") far more than
its vocabulary, which every earthquake or data breach shares with the next. So an article's
``EventProfile`` is mostly the entity names it mentions (counted once per paragraph, so a name
repeated through the text weighs more than one in passing), with the content words of its
title and lead as a weaker second signal, and the year it was published if known.

An article joins the event whose profile is closest (``event_similarity``) when that is at least
``EVENT_MIN_SIMILARITY``, else it starts a new event; the event's profile then takes in the
article's (``profile_merge``), bounded so that it stays small. Plain Python: the service in
``provenance.services.events`` stores profiles and assignments.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from provenance.text.claim_keys import analyse_claim
from provenance.text.source_kinds import MONTHS, WEEKDAYS

# Every event has a Sunday and a March: those names say nothing of which event it is.
_TIME_NAMES = MONTHS | WEEKDAYS
# At or above it an article belongs to the event; below it, it starts one. Articles of one event
# score 0.13-0.9 against the event so far; articles of different events that share a
# country or a generic name ("US") score under 0.07.
EVENT_MIN_SIMILARITY = 0.1
# Lead words alone (an article naming nothing) meet an event when at least this share of the
# shorter lead's words is shared (an overlap coefficient: a short report against a long one).
_WORDS_ONLY_MIN = 0.5
_NAME_WEIGHT = 0.75
_WORD_WEIGHT = 1 - _NAME_WEIGHT
# What the lead is: the title and the start of the body, where a report says what happened.
_LEAD_CHARS = 1200
# Bounds on what a profile keeps, so that an event's profile stays small however many
# articles join it.
_MAX_NAMES = 80
_MAX_WORDS = 60


@dataclass(frozen=True)
class EventProfile:
    """What identifies the event an article (or a group of articles) reports."""

    names: dict[str, int] = field(default_factory=dict)
    words: dict[str, int] = field(default_factory=dict)
    years: frozenset[int] = frozenset()

    def to_json(self) -> dict:
        return {"names": self.names, "words": self.words, "years": sorted(self.years)}

    @classmethod
    def from_json(cls, data: dict | None) -> EventProfile:
        data = data or {}
        return cls(
            names=dict(data.get("names", {})),
            words=dict(data.get("words", {})),
            years=frozenset(data.get("years", ())),
        )

    def label(self) -> str:
        """A short name for people: the names that weigh most ("Ecuador, Correa, Quito")."""
        top = sorted(self.names.items(), key=lambda item: (-item[1], item[0]))[:3]
        return ", ".join(name.replace("_", " ").title() for name, _count in top)


def article_profile(*, title: str, body: str, year: int | None = None) -> EventProfile:
    """The profile of one article: its names, counted once per paragraph of title and body,
    without the names of weekdays and months (every event has a Sunday), and its lead words."""
    names: Counter[str] = Counter()
    for paragraph in (title, *body.split("\n")):
        if paragraph.strip():
            names.update(set(analyse_claim(paragraph).names) - _TIME_NAMES)
    lead = analyse_claim(f"{title}\n{body[:_LEAD_CHARS]}")
    words = Counter(set(lead.words))
    return EventProfile(
        names=_top(names, _MAX_NAMES),
        words=_top(words, _MAX_WORDS),
        years=frozenset({year} if year else ()),
    )


def event_similarity(a: EventProfile, b: EventProfile) -> float:
    """How far two profiles describe one event, in [0, 1]: the cosine of their names, with
    that of their lead words weighing less; 0 when both give years and none is shared."""
    if a.years and b.years and not a.years & b.years:
        return 0.0
    if not (a.names and b.names):
        # Nothing named on one side: only the words can tell, and every flood shares many with
        # the next, so they must share far more than articles of different events do.
        shared = len(a.words.keys() & b.words.keys())
        words = shared / min(len(a.words), len(b.words)) if a.words and b.words else 0.0
        return words * EVENT_MIN_SIMILARITY / _WORDS_ONLY_MIN if words >= _WORDS_ONLY_MIN else 0.0
    return _NAME_WEIGHT * _cosine(a.names, b.names) + _WORD_WEIGHT * _cosine(a.words, b.words)


def profile_merge(event: EventProfile, article: EventProfile) -> EventProfile:
    """The event's profile once the article has joined it."""
    return EventProfile(
        names=_top(Counter(event.names) + Counter(article.names), _MAX_NAMES),
        words=_top(Counter(event.words) + Counter(article.words), _MAX_WORDS),
        years=event.years | article.years,
    )


def best_event(
    profile: EventProfile, events: list[tuple[int, EventProfile]]
) -> tuple[int | None, float]:
    """The id of the event ``profile`` belongs to among ``events``, with its score, or
    ``(None, best score)`` when none is close enough (the article starts an event)."""
    best_id, best_score = None, 0.0
    for event_id, event_profile in events:
        score = event_similarity(profile, event_profile)
        if score > best_score:
            best_id, best_score = event_id, score
    if best_score < EVENT_MIN_SIMILARITY:
        return None, best_score
    return best_id, best_score


def _top(counts: Counter[str], limit: int) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit])


def _cosine(a: dict[str, int], b: dict[str, int]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(a[key] * b[key] for key in a.keys() & b.keys())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
