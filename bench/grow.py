"""Grow a project to millions of claims in minutes, from a sample that went through the real
pipeline.

Running the text pipeline on a million claims takes hours. Instead, each sample article
(ingested for real: cleaned, split, attributed, keyed, embedded) is copied with other entity
names and other figures. A copy keeps the sample's claim kinds, check-worthiness, attribution
chains, pairing keys (with the keys of the swapped names replaced, so the key index has the
long tail of a real corpus), embeddings and event, with the embeddings' band keys in that
event, so flagging's candidates by meaning are looked up as in a real project: a story's
copies make big events whose band buckets fill far past their walks' caps.

Rows go in with COPY on PostgreSQL and ``executemany`` on SQLite, with the
tables' secondary indexes dropped during the load and built again after it: one sort per index
instead of millions of inserts into B-trees far larger than the cache.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from bench.corpus import CorpusGenerator, Story, replicate_text
from provenance.models import (
    Article,
    Attribution,
    AttributionHop,
    Claim,
    ClaimKey,
    Event,
    Project,
)
from provenance.text.claim_keys import analyse_claim
from provenance.text.embedding_bands import band_keys, text_keys

BATCH_ARTICLES = 1000
BULK_MODELS = (Article, Claim, Attribution, AttributionHop, ClaimKey)


@dataclass(frozen=True)
class SampleClaim:
    text: str
    kind: str
    checkworthiness: float
    keys: frozenset[str]  # its text keys; band keys follow the embedding and the copy's event
    chains: tuple[tuple[str, int, tuple[tuple[int, str], ...]], ...]  # (cue, start, hops)
    embedding: bytes | None = None


@dataclass(frozen=True)
class SampleArticle:
    story: Story
    publisher_id: int | None
    claims: tuple[SampleClaim, ...]
    event_id: int | None = None


def load_samples(article_stories: Sequence[tuple[int, Story]]) -> list[SampleArticle]:
    """The stored claims, keys and extracted chains of the ingested sample articles."""
    samples = []
    for article_id, story in article_stories:
        article = Article.objects.get(pk=article_id)
        claims = (
            Claim.objects.filter(article_id=article_id)
            .order_by("start")
            .prefetch_related("keys", "attributions__hops")
        )
        samples.append(
            SampleArticle(
                story=story,
                publisher_id=article.publisher_id,
                event_id=article.event_id,
                claims=tuple(
                    SampleClaim(
                        text=claim.text,
                        kind=claim.kind,
                        checkworthiness=claim.checkworthiness,
                        keys=text_keys(k.key for k in claim.keys.all()),
                        embedding=None if claim.embedding is None else bytes(claim.embedding),
                        chains=tuple(
                            (
                                a.cue,
                                a.cue_start or 0,
                                tuple((h.source_id, h.mention) for h in a.hops.all()),
                            )
                            for a in claim.attributions.all()
                        ),
                    )
                    for claim in claims
                ),
            )
        )
    return samples


@cache
def _bands(embedding: bytes | None, event_id: int | None) -> tuple[str, ...]:
    """A sample claim's band keys in a copy's event: the same for every copy in that event."""
    return tuple(band_keys(embedding, event_id=event_id))


def _events_for(project: Project, samples: Sequence[SampleArticle]) -> dict[int, int]:
    """The event in ``project`` of each sample's event: the sample's own when it is of this
    project, else a copy of it made here (same label and profile), so that a new article of
    the story joins it as it joins the sample's."""
    found: dict[int, int] = {}
    for event in Event.objects.filter(pk__in={s.event_id for s in samples if s.event_id}):
        if event.project_id == project.pk:
            found[event.pk] = event.pk
        else:
            found[event.pk] = Event.objects.create(
                project=project, label=event.label, profile=event.profile
            ).pk
    return found


@cache
def entity_keys(name: str) -> frozenset[str]:
    """The pairing keys a name gives when it appears inside a sentence."""
    return frozenset(analyse_claim(f"Reports from {name} arrived late.").names)


class _Ids:
    """Explicit primary keys, so child rows can point at parents without reading them back."""

    def __init__(self) -> None:
        self.next = {
            model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
            for model in (Article, Claim, Attribution, AttributionHop, ClaimKey)
        }

    def take(self, model) -> int:
        value = self.next[model]
        self.next[model] += 1
        return value


@cache
def _columns(model) -> tuple[str, ...]:
    # Generated columns (an article's body_length) are the database's to fill.
    return tuple(
        field.column
        for field in model._meta.concrete_fields
        if not getattr(field, "generated", False)
    )


def _insert(model, rows: list[tuple]) -> None:
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = _columns(model)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _row(model, **values) -> tuple:
    """Values in the table's column order; every column must be given."""
    return tuple(values[column] for column in _columns(model))


def grow_project(
    *, project: Project, samples: list[SampleArticle], target_claims: int, seed: int = 7
) -> int:
    """Add copies of the samples until the project holds ``target_claims``; returns its count."""
    count = Claim.objects.filter(article__project=project).count()
    generator = CorpusGenerator(seed)
    ids = _Ids()
    now = timezone.now()
    stamp = (
        now if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(now)
    )
    copy_number = Article.objects.filter(project=project).count()
    events = _events_for(project, samples)
    with _indexes_rebuilt_after():
        while count < target_claims:
            rows: dict = {model: [] for model in BULK_MODELS}
            for _ in range(BATCH_ARTICLES):
                if count >= target_claims:
                    break
                copy_number += 1
                sample = samples[copy_number % len(samples)]
                count += _copy_article(
                    project, sample, copy_number, generator, ids, stamp, rows, events
                )
            with transaction.atomic():
                for model in BULK_MODELS:
                    _insert(model, rows[model])
    _reset_sequences()
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would soon give them, so the planner sees the sizes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return count


@contextmanager
def _indexes_rebuilt_after() -> Iterator[None]:
    """Drop the bulk tables' secondary indexes, unique and foreign-key constraints (primary
    keys stay), and create them again from their own definitions afterwards."""
    tables = [model._meta.db_table for model in BULK_MODELS]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('u', 'f')",
                [tables],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND "
                "indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
                [tables],
            )
            indexes = cursor.fetchall()
            drops = [f'ALTER TABLE {t} DROP CONSTRAINT "{name}"' for t, name, _ in constraints]
            creates = [f'ALTER TABLE {t} ADD CONSTRAINT "{name}" {d}' for t, name, d in constraints]
        else:
            placeholders = ", ".join(["%s"] * len(tables))
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({placeholders})",
                tables,
            )
            indexes = cursor.fetchall()
            drops, creates = [], []
        drops += [f'DROP INDEX "{name}"' for name, _ in indexes]
        creates = [definition for _, definition in indexes] + creates
        if connection.vendor == "sqlite":
            # SQLite's foreign keys cannot be dropped; checked, each new attribution would look
            # for the claims naming it as their main one without the index to find them (a
            # scan of the claim table per row), and the claims point back at attributions.
            drops.append("PRAGMA foreign_keys = OFF")
            creates.append("PRAGMA foreign_keys = ON")
        for statement in drops:
            cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in creates:
                cursor.execute(statement)


def _copy_article(project, sample, number, generator, ids, stamp, rows, events) -> int:
    rng = random.Random(f"copy:{number}")
    fresh = generator.replacement(rng)
    swaps = {
        sample.story.place: fresh["place"],
        sample.story.place.upper(): fresh["place"].upper(),
        sample.story.person: fresh["person"],
    }
    key_swaps = [
        (entity_keys(old), entity_keys(new))
        for old, new in (
            (sample.story.place, fresh["place"]),
            (sample.story.person, fresh["person"]),
        )
    ]
    texts = [replicate_text(claim.text, swaps, rng) for claim in sample.claims]
    body = "\n".join(texts)
    article_id = ids.take(Article)
    event_id = events.get(sample.event_id)
    rows[Article].append(
        _row(
            Article,
            id=article_id,
            project_id=project.pk,
            title=texts[0][:500],
            body=body,
            origin=f"bench/copy-{number}.txt",
            publisher_id=sample.publisher_id,
            url="",
            published=None,
            content_hash=hashlib.sha256(f"{number}\x1f{body}".encode()).hexdigest(),
            removals="[]",
            created_by_id=None,
            created_at=stamp,
            flagged_at=stamp,
            version=1,
            flagged_version=1,
            flag_cursor=0,
            flag_claimed_until=None,
            flag_sent_at=stamp,
            event_id=event_id,
        )
    )
    start = 0
    for claim, text in zip(sample.claims, texts, strict=True):
        claim_id = ids.take(Claim)
        # The copy's chains are equally confident suggestions, written below in this order: the
        # main one (``provenance.main_attribution``) is the first, whose id is taken next.
        main_id = ids.next[Attribution] if claim.chains else None
        speaker_id = claim.chains[0][2][0][0] if claim.chains and claim.chains[0][2] else None
        rows[Claim].append(
            _row(
                Claim,
                id=claim_id,
                article_id=article_id,
                project_id=project.pk,
                has_open_flag=False,
                start=start,
                end=start + len(text),
                text=text,
                kind=claim.kind,
                status="unreviewed",
                verdict=None,
                confidence=None,
                checkworthiness=claim.checkworthiness,
                main_attribution_id=main_id,
                speaker_id=speaker_id,
                assigned_to_id=None,
                embedding=claim.embedding,
                version=1,
                created_at=stamp,
                updated_at=stamp,
            )
        )
        start += len(text) + 1
        keys = set(claim.keys)
        for old, new in key_swaps:
            if keys & old:
                keys = (keys - old) | new
        rows[ClaimKey].extend(
            _row(ClaimKey, id=ids.take(ClaimKey), project_id=project.pk, claim_id=claim_id, key=k)
            for k in (*sorted(keys), *_bands(claim.embedding, event_id))
        )
        for cue, cue_start, hops in claim.chains:
            attribution_id = ids.take(Attribution)
            rows[Attribution].append(
                _row(
                    Attribution,
                    id=attribution_id,
                    claim_id=claim_id,
                    origin="extracted",
                    status="suggested",
                    cue=cue,
                    cue_start=None,
                    cue_end=None,
                    confidence=0.6,
                    method="",
                    signature=_signature(hops, cue_start),
                    version=1,
                    created_by_id=None,
                    created_at=stamp,
                    decided_by_id=None,
                    decided_at=None,
                )
            )
            rows[AttributionHop].extend(
                _row(
                    AttributionHop,
                    id=ids.take(AttributionHop),
                    attribution_id=attribution_id,
                    position=position,
                    source_id=source_id,
                    role="speaker" if position == 0 else "relay",
                    mention=mention,
                )
                for position, (source_id, mention) in enumerate(hops)
            )
    return len(sample.claims)


def _signature(hops: Iterable[tuple[int, str]], salt: int) -> str:
    return hashlib.sha256(json.dumps([list(h) for h in hops] + [salt]).encode()).hexdigest()


def _reset_sequences() -> None:
    """After explicit ids, PostgreSQL's sequences must move past them."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), [Article, Claim, Attribution, AttributionHop, ClaimKey]
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
