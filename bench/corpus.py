"""A seeded synthetic news corpus for the benchmarks.

Articles follow the structure of wire and web news on seven kinds of story (floods, elections,
trade, health, conflict, courts, business): a headline, a dateline lead with a figure, relayed
claims ("two officials told Reuters", "according to Xinhua, citing the ministry"), a direct
quote, a denial, background with more figures, and on some articles scraper boilerplate. Each
story has several articles whose figures and verbs disagree on purpose, so the contradiction
detectors have real work. The same seed gives the same corpus on every run.

``replicate_claim`` varies an analysed claim's entities and numbers, so that a corpus of a
million claims can be grown from a sample that went through the real text pipeline.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SYLLABLES = _words(
    "ka ro va le mi tan sor bel du ne qa zi hal mar pe lo vin tes ra ku dor san fi gal bre "
    "mon ta lis ver no ash gor ri pan del um sha tor el vik"
)
FIRST_NAMES = _words(
    "Amina Daniel Li Sofia Omar Grace Yusuf Elena Tomas Priya Kwame Hana Mateo Irina Samuel "
    "Lucia Ahmed Mei Jonas Fatima Pavel Nadia Rafael Aisha Viktor Leila Marco Chen Ingrid Tariq"
)
WIRE_AGENCIES = ("Reuters", "The Associated Press", "AFP")
STATE_MEDIA = ("Xinhua", "CGTN", "the Global Times", "state broadcaster RTV")
OUTLETS = ("The Harbour Times", "Daily Ledger", "Northern Courier", "Metro Online")
ANONYMOUS = (
    "two officials at the meeting",
    "diplomats who asked not to be named",
    "a source familiar with the matter",
    "three people with knowledge of the talks",
)
BOILERPLATE = (
    "[ad_1]",
    "Read more: What we know so far",
    "The story continues below the advertisement",
    "We use cookies to improve your experience. Accept all cookies",
)


def _place_names(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).title())
    return sorted(names)


@dataclass(frozen=True)
class Story:
    """One event that several articles report, with the figures they disagree on."""

    topic: str
    place: str
    region: str
    person: str
    ministry: str
    group: str
    figure: int
    seed: int


# Per topic: the lead claim (with {n}), a claim that contradicts it by polarity, the counted
# thing for background figures, and a quote.
_TOPICS = {
    "flood": (
        "{n} villagers were displaced by flooding in {place}",
        "no villages in {place} were flooded",
        "the river rose {m} metres above its normal level overnight",
        "We have lost everything, the water came in the night",
    ),
    "election": (
        "the governing party won {n} seats in the {region} regional assembly",
        "the governing party lost its majority in the {region} regional assembly",
        "turnout was {m} percent, up from the last vote",
        "The people have spoken and we will respect their choice",
    ),
    "trade": (
        "exports from {place} rose {m} percent in the first quarter",
        "exports from {place} fell sharply in the first quarter",
        "{n} containers were held at the port of {place} last week",
        "These tariffs will hurt farmers on both sides",
    ),
    "health": (
        "{n} cases of cholera were recorded in {place} this month",
        "the cholera outbreak in {place} was contained",
        "at least {m} patients died in the district hospital",
        "Our clinics are running out of oral rehydration salts",
    ),
    "conflict": (
        "{n} civilians were killed in shelling of {place}",
        "no civilians were killed in the operation near {place}",
        "{m} homes were destroyed in the eastern districts",
        "They fired on the market while people were buying bread",
    ),
    "court": (
        "the high court in {place} upheld the conviction of {person}",
        "the high court in {place} overturned the conviction of {person}",
        "{person} was sentenced to {m} years in prison",
        "This ruling is a message to every journalist in the country",
    ),
    "business": (
        "Orvane Motors will cut {n} jobs at its {place} plant",
        "Orvane Motors will not close its {place} plant",
        "the company's profit fell {m} percent last year",
        "We are committed to our workers and to the region",
    ),
}
TOPICS = tuple(_TOPICS)


class CorpusGenerator:
    """Stories and their articles, reproducible from ``seed``."""

    def __init__(self, seed: int = 2024, *, places: int = 3000) -> None:
        self.seed = seed
        rng = random.Random(seed)
        self.places = _place_names(rng, places)
        self.surnames = _place_names(rng, 400)

    def story(self, index: int) -> Story:
        rng = random.Random(f"{self.seed}:story:{index}")
        place = rng.choice(self.places)
        return Story(
            topic=TOPICS[index % len(TOPICS)],
            place=place,
            region=rng.choice(self.places),
            person=f"{rng.choice(FIRST_NAMES)} {rng.choice(self.surnames)}",
            ministry=rng.choice(
                ("the interior ministry", "the health ministry", "the water ministry")
            ),
            group=f"the {rng.choice(self.surnames)} Rights Foundation",
            figure=rng.choice((40, 120, 300, 2500, 40000, 12000)),
            seed=rng.randrange(1 << 30),
        )

    def article(self, story_index: int, version: int) -> dict[str, str]:
        """One article about story ``story_index``; versions disagree on the figures."""
        story = self.story(story_index)
        rng = random.Random(f"{self.seed}:article:{story_index}:{version}")
        lead, denial, background, quote = _TOPICS[story.topic]
        # Each version gives its own figure, so two versions never quite agree.
        n = _fmt(max(1, int(story.figure * rng.uniform(0.2, 3.0))))
        m = rng.randint(2, 60)
        slots = {
            "n": n,
            "m": str(m),
            "place": story.place,
            "region": story.region,
            "person": story.person,
        }
        wire, state = rng.choice(WIRE_AGENCIES), rng.choice(STATE_MEDIA)
        anonymous = rng.choice(ANONYMOUS)
        month = rng.choice(("March", "June", "September", "November"))
        publisher = rng.choice((*OUTLETS, wire, state))
        title = f"{story.topic.title()} in {story.place}: {_cap(lead.format(**slots))}"
        paragraphs = [
            f"{story.place.upper()}, {month} {rng.randint(1, 28)} ({wire}) - "
            f"{_cap(lead.format(**slots))}, {anonymous} told {wire}.",
            f"According to {state}, citing {story.ministry}, {denial.format(**slots)}. "
            f"{_cap(story.ministry)} denied that {lead.format(**slots)}.",
            f'"{quote}," {story.person} told {rng.choice(OUTLETS)} on {month} '
            f"{rng.randint(1, 28)}.",
            f"{_cap(background.format(**slots))}, {story.group} said in a report seen by "
            f"{wire}. The group said {_fmt(rng.randint(3, 900))} families had asked for help.",
            f"{_cap(story.group)} urged the authorities to allow independent monitors into "
            f"{story.place} and {story.region}.",
        ]
        if rng.random() < 0.3:
            paragraphs.insert(rng.randint(1, len(paragraphs)), rng.choice(BOILERPLATE))
        return {
            "title": title,
            "body": title + "\n\n" + "\n\n".join(paragraphs) + "\n",
            "publisher": publisher,
            "origin": f"synthetic/{story_index}-{version}.txt",
        }

    def articles(self, count: int, *, start: int = 0, versions: int = 3) -> Iterator[dict]:
        """``count`` distinct articles, ``versions`` per story, stories numbered from ``start``."""
        for i in range(start, start + count):
            yield self.article(i // versions, i % versions)

    def replacement(self, rng: random.Random) -> dict[str, str]:
        """Fresh entity names for a replicated article."""
        return {
            "place": rng.choice(self.places),
            "person": f"{rng.choice(FIRST_NAMES)} {rng.choice(self.surnames)}",
        }


_NUMBER = re.compile(r"\d[\d,]*")


def _fmt(value: int) -> str:
    return f"{value:,}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def replicate_text(text: str, swaps: dict[str, str], rng: random.Random) -> str:
    """``text`` with entity names swapped and every number scaled by a random factor."""
    for old, new in swaps.items():
        text = text.replace(old, new)
    return _NUMBER.sub(lambda m: _scaled(m.group(0), rng), text)


def _scaled(number: str, rng: random.Random) -> str:
    value = int(number.replace(",", "") or 0)
    scaled = max(1, int(value * rng.uniform(0.5, 2.0)))
    return _fmt(scaled) if "," in number else str(scaled)
