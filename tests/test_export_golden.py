"""Every export format, byte for byte, against goldens written by an earlier export.

The project is built with fixed ids and timestamps, so the files do not depend on the database
or on the order tests run in; the goldens under ``data/export_golden/`` were written by the
export as it read model instances (prefetched relations), before it read rows. Any change in
what an export writes, a key, an order, a float's spelling, shows up here as a failing line.

``EXPORT_GOLDEN_WRITE=1 pytest tests/test_export_golden.py`` writes the goldens again: only
when an export's output is meant to change, and the diff is then the review.
"""

import datetime as dt
import gzip
import os
import random
from pathlib import Path

import pytest

from annotations import export
from annotations.export import FORMATS, export_chunks, export_format
from annotations.formats import ExportContext
from annotations.selectors import claims_for_export
from provenance.models import Article, Attribution, AttributionHop, Claim, Flag, Project, Source
from provenance.services.attributions import claims_speaker_refresh

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "data" / "export_golden"
PROJECT = "Golden desk"
BASE = "https://desk.example/"
FIRST_ID = 70_000  # far above what the other fixtures of a test run create
ARTICLES = 24
CLAIMS_PER_ARTICLE = 12
EPOCH = dt.datetime(2024, 3, 1, 9, 30, 15, 123456, tzinfo=dt.UTC)

SENTENCES = [
    "The dam displaced {n} villagers, two officials at the meeting told Reuters.",
    "The ministry denied that any villages were flooded, according to state television.",
    "Satellite images show {n} villages under water, the rights group said.",
    'Café owners in Dũng Quất said the water rose "within minutes".',
    "“No one was hurt,” the governor’s office said in a statement of {n} words.",
    "Aid agencies said {n} families had received tents and food;\nmore were expected.",
    "The toll stood at {n}, though local groups say as many as 300 died.",
    "水位上升了{n}厘米, 新华社报道.",
]
SOURCES = [
    ("Reuters", "wire_agency"),
    ("Xinhua", "state_media"),
    ("The Daily Star", "news_media"),
    ("Ministry of Water", "government"),
    ("OHCHR", "un_body"),
    ("Amnesty International", "ngo"),
    ("two officials at the meeting", "anonymous"),
    ("a leaked memo", "document"),
    ("Dr. Lê Văn Ánh", "individual"),
]
STATUSES = ["unreviewed", "in_review", "verified", "disputed", "rejected"]
VERDICTS = [None, "supported", "refuted", "misleading", "unverifiable"]
KINDS = ["sentence", "quote", "clause", "headline", "caption"]
ATTRIBUTION_STATUSES = ["suggested", "confirmed", "rejected"]
CUES = ["told", "according to", "", "quoted … as saying", "seen by"]
FLAG_KINDS = ["numeric", "denial", "negation", "antonym", "nli"]
FLAG_STATUSES = ["open", "confirmed", "dismissed"]


def _ids(start: int):
    return iter(range(start, start + 100_000))


def _articles(*, project: Project, sources: list[Source], rng: random.Random):
    """Articles with their claims' spans: some without publisher, URL, date or title."""
    articles, spans = [], []
    for a in range(ARTICLES):
        parts, offsets, cursor = [], [], 0
        for c in range(CLAIMS_PER_ARTICLE):
            sentence = SENTENCES[(a + c) % len(SENTENCES)].format(n=a * 37 + c)
            offsets.append((cursor, cursor + len(sentence), sentence))
            parts.append(sentence)
            cursor += len(sentence) + 1
        articles.append(
            Article(
                id=FIRST_ID + a,
                project=project,
                title="" if a % 7 == 3 else f'Flood report {a}: "day {a % 5}"',
                body=" ".join(parts),
                origin=f"seeds/flood-{a}.txt" if a % 2 else f"https://example.org/flood/{a}",
                publisher=None if a % 5 == 4 else sources[a % 3],
                url="" if a % 4 == 1 else f"https://example.org/flood/{a}?ref=desk&x=ü",
                published=None if a % 6 == 5 else dt.date(2024, 1, 1) + dt.timedelta(days=a * 11),
                content_hash=f"golden-{a}",
            )
        )
        spans.append(offsets)
    return articles, spans


def _confidence(*, verdict: str | None, rng: random.Random) -> float | None:
    """None without a verdict; else rounded to 1, 3 or 17 places, to test float spelling."""
    if verdict is None:
        return None
    return round(rng.random(), rng.choice([1, 3, 17]))


def _claims(*, articles: list[Article], spans: list, project: Project, rng: random.Random):
    claims, ids = [], _ids(FIRST_ID)
    for article, offsets in zip(articles, spans, strict=True):
        for start, end, text in offsets:
            verdict = rng.choice(VERDICTS)
            claims.append(
                Claim(
                    id=next(ids),
                    article=article,
                    project=project,
                    start=start,
                    end=end,
                    text=text,
                    kind=rng.choice(KINDS),
                    status=rng.choice(STATUSES),
                    verdict=verdict,
                    confidence=_confidence(verdict=verdict, rng=rng),
                    version=rng.randint(1, 9),
                )
            )
    return claims


def _attributions(*, claims: list[Claim], sources: list[Source], user, rng: random.Random):
    """Zero to three chains a claim, of zero to three hops, some with equal confidence."""
    attributions, hops = [], []
    ids, hop_ids = _ids(FIRST_ID), _ids(FIRST_ID)
    for claim in claims:
        for n in range(rng.choice([0, 1, 1, 2, 3])):
            reviewer = rng.random() < 0.3
            attribution = Attribution(
                id=next(ids),
                claim=claim,
                origin="reviewer" if reviewer else "extracted",
                created_by=user if reviewer else None,
                status=rng.choice(ATTRIBUTION_STATUSES),
                cue=rng.choice(CUES),
                confidence=rng.choice([0.5, 0.7, 0.7, round(rng.random(), 6)]),
                signature=f"golden-{claim.id}-{n}",
            )
            attributions.append(attribution)
            for position in range(rng.choice([0, 1, 2, 2, 3])):
                hops.append(
                    AttributionHop(
                        id=next(hop_ids),
                        attribution=attribution,
                        position=position,
                        role="speaker" if position == 0 else "relay",
                        source=rng.choice(sources),
                    )
                )
    # Hops written in reverse, so that chain order comes from the position, not the id.
    return attributions, hops[::-1]


def _flags(*, claims: list[Claim], project: Project, rng: random.Random) -> list[Flag]:
    """Flags on both sides of claims, across articles and across export chunks."""
    flags, seen, ids = [], set(), _ids(FIRST_ID)
    for _ in range(len(claims) // 2):
        a, b = sorted(rng.sample(range(len(claims)), 2))
        kind = rng.choice(FLAG_KINDS)
        if (a, b, kind) in seen:
            continue
        seen.add((a, b, kind))
        flags.append(
            Flag(
                id=next(ids),
                project=project,
                claim_a=claims[a],
                claim_b=claims[b],
                kind=kind,
                score=rng.choice([1.0, 0.5, round(rng.uniform(0.01, 1.0), 12)]),
                explanation=rng.choice(["Numbers cannot both be true.", "Déni ≠ affirmation."]),
                status=rng.choice(FLAG_STATUSES),
            )
        )
    # Written out of id order, so that the record's order comes from the ids.
    rng.shuffle(flags)
    return flags


def _fix_timestamps(claims: list[Claim]) -> None:
    """Timestamps are set on save; fixed ones make the Web Annotation and ClaimReview files
    the same on every run (one without microseconds, which isoformat then leaves out)."""
    for i, claim in enumerate(claims):
        created = EPOCH + dt.timedelta(hours=i, microseconds=i * 7919)
        if i == 5:
            created = created.replace(microsecond=0)
        Claim.objects.filter(id=claim.id).update(
            created_at=created, updated_at=created + dt.timedelta(days=i % 40, seconds=i)
        )


@pytest.fixture
def golden_project(django_user_model):
    rng = random.Random(20240301)
    user = django_user_model.objects.create(id=FIRST_ID, username="golden-reviewer")
    project = Project.objects.create(id=FIRST_ID, name=PROJECT)
    Project.objects.create(id=FIRST_ID + 1, name="Another desk")  # nothing of it is exported
    sources = Source.objects.bulk_create(
        Source(id=FIRST_ID + i, name=name, normalized_name=f"golden {name.lower()}", kind=kind)
        for i, (name, kind) in enumerate(SOURCES)
    )
    articles, spans = _articles(project=project, sources=sources, rng=rng)
    Article.objects.bulk_create(articles)
    claims = _claims(articles=articles, spans=spans, project=project, rng=rng)
    Claim.objects.bulk_create(claims)
    attributions, hops = _attributions(claims=claims, sources=sources, user=user, rng=rng)
    Attribution.objects.bulk_create(attributions)
    AttributionHop.objects.bulk_create(hops)
    # Written as rows, so the claims' main chains are set as the attribution services set them.
    claims_speaker_refresh(claim_ids=[claim.id for claim in claims])
    Flag.objects.bulk_create(_flags(claims=claims, project=project, rng=rng))
    _fix_timestamps(claims)
    return project


def _export_text(fmt_name: str) -> str:
    queryset = claims_for_export(user=None, params={"status": "all", "project": PROJECT})
    context = ExportContext(
        base_url=BASE,
        export_url=f"{BASE}api/v1/export/claims/?format={fmt_name}&status=all",
        created=dt.datetime(2024, 12, 1, 8, 0, 0, 654321, tzinfo=dt.UTC),
    )
    return "".join(export_chunks(queryset, fmt=export_format(fmt_name), context=context))


def _first_difference(actual: str, expected: str) -> str:
    for number, (got, want) in enumerate(
        zip(actual.splitlines(), expected.splitlines(), strict=False), start=1
    ):
        if got != want:
            return f"line {number}:\n  got  {got[:400]!r}\n  want {want[:400]!r}"
    return f"lengths differ: {len(actual)} against {len(expected)} characters"


def _check(fmt_name: str) -> None:
    path = GOLDEN / f"{fmt_name}.txt.gz"
    actual = _export_text(fmt_name)
    if os.environ.get("EXPORT_GOLDEN_WRITE") == "1":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        # mtime=0: the same text makes the same file, so a rewrite shows no spurious change.
        path.write_bytes(gzip.compress(actual.encode(), mtime=0))
    expected = gzip.decompress(path.read_bytes()).decode()
    assert actual == expected, _first_difference(actual, expected)


@pytest.mark.parametrize("fmt_name", sorted(FORMATS))
def test_export_matches_its_golden(golden_project, fmt_name):
    _check(fmt_name)


@pytest.mark.parametrize("fmt_name", sorted(FORMATS))
def test_chunk_boundaries_change_nothing(golden_project, fmt_name, monkeypatch):
    """Chunks of seven claims: flags and chains whose other end lies in another chunk."""
    monkeypatch.setattr(export, "CHUNK", 7)
    _check(fmt_name)


def test_the_golden_project_has_every_edge_case(golden_project):
    claims = Claim.objects.filter(project=golden_project)
    assert claims.count() == ARTICLES * CLAIMS_PER_ARTICLE
    assert claims.filter(verdict__isnull=True).exists()
    assert claims.filter(article__publisher__isnull=True).exists()
    assert claims.filter(article__published__isnull=True).exists()
    assert claims.filter(attributions__isnull=True).exists()
    assert Attribution.objects.filter(claim__project=golden_project, hops__isnull=True).exists()
    assert Attribution.objects.filter(claim__project=golden_project, origin="reviewer").exists()
    flagged_both_ways = set(
        Flag.objects.filter(project=golden_project).values_list("claim_a", flat=True)
    ) & set(Flag.objects.filter(project=golden_project).values_list("claim_b", flat=True))
    assert flagged_both_ways
