"""Embedding bands: claims close in meaning share band keys in the key index, written wherever
a claim's embedding or event is, and flagging finds its candidates by meaning through them
anywhere in the event, at a cost the project's size does not change."""

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from provenance import tasks
from provenance.models import ClaimKey, Event
from provenance.services import flagging
from provenance.services.events import article_event_move
from provenance.text.claim_keys import claim_keys, similarity
from provenance.text.embedding_bands import (
    BAND_PREFIX,
    BANDS,
    band_keys,
    band_keys_of,
    is_band_key,
    text_keys,
)
from provenance.text.embeddings import DIMENSIONS, embed, from_bytes, to_bytes

DAM_CLAIM = "Officials in Ravelstad said 40 people died when the dam burst on Sunday."


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _shared(a: list[str], b: list[str]) -> int:
    return len(set(a) & set(b))


def test_close_vectors_share_most_bands_and_unrelated_ones_few():
    rng = np.random.default_rng(3)
    base = _unit(rng.standard_normal((200, DIMENSIONS)))
    close = _unit(base + 0.25 * _unit(rng.standard_normal((200, DIMENSIONS))))  # cosine ~0.97
    other = _unit(rng.standard_normal((200, DIMENSIONS)))  # cosine ~0
    keys, close_keys, other_keys = map(band_keys_of, (base, close, other))
    near = [_shared(a, b) for a, b in zip(keys, close_keys, strict=True)]
    far = [_shared(a, b) for a, b in zip(keys, other_keys, strict=True)]
    assert np.mean(near) >= BANDS / 2 and min(near) >= BANDS / 4
    assert np.mean(far) < 2 and max(far) < BANDS / 4


def test_a_rewrite_shares_more_bands_than_an_unrelated_claim():
    rewrite, unrelated, original = (
        from_bytes(to_bytes(v))
        for v in embed(
            [
                "The waste dam collapsed, flooding the valley below.",
                "Exports of soybeans rose in the first quarter.",
                "The dam gave way and the valley below was flooded.",
            ]
        )
    )
    [a, b, c] = band_keys_of(np.stack([original, rewrite, unrelated]))
    assert _shared(a, b) > _shared(a, c)


def test_bands_are_fixed_named_by_event_and_never_text_keys():
    vector = from_bytes(to_bytes(embed([DAM_CLAIM])[0]))
    stored = to_bytes(vector)
    assert band_keys(stored, event_id=7) == band_keys(stored, event_id=7)
    assert band_keys(stored, event_id=7) == band_keys_of(vector, scope="7")[0]
    assert all(key.startswith(f"{BAND_PREFIX}7.") for key in band_keys(stored, event_id=7))
    assert not set(band_keys(stored, event_id=7)) & set(band_keys(stored, event_id=8))
    assert band_keys(stored, event_id=None)[0].startswith(f"{BAND_PREFIX}-.")
    assert band_keys(None, event_id=7) == []
    assert len(set(band_keys(stored, event_id=7))) == BANDS
    words = claim_keys(DAM_CLAIM)
    assert words and not any(map(is_band_key, words))
    assert text_keys([*words, *band_keys(stored, event_id=7)]) == words


@pytest.mark.django_db
def test_ingest_writes_each_claims_bands_in_its_event(ingest):
    article = ingest(f"Dam burst in Ravelstad\n\n{DAM_CLAIM}\nRescuers searched the valley.")
    assert article.event_id is not None
    assert article.claims.filter(kind="headline").exists()
    for claim in article.claims.all():
        stored = set(ClaimKey.objects.filter(claim=claim).values_list("key", flat=True))
        bands = stored - text_keys(stored)
        assert bands and bands == set(band_keys(claim.embedding, event_id=article.event_id))


@pytest.mark.django_db
def test_moving_an_article_to_another_event_rewrites_its_bands(ingest):
    article = ingest(DAM_CLAIM)
    before = article.event_id
    moved = article_event_move(article=article, event=None, actor=None)
    assert moved.pk != before
    for claim in article.claims.all():
        stored = set(ClaimKey.objects.filter(claim=claim).values_list("key", flat=True))
        assert stored - text_keys(stored) == set(band_keys(claim.embedding, event_id=moved.pk))


@pytest.mark.django_db
def test_text_similarity_does_not_count_band_keys(ingest):
    """Two copies of a claim share all their bands; their similarity is their words' alone."""
    a = ingest(f"{DAM_CLAIM}\nThe ministry gave no figure.").claims.get(text=DAM_CLAIM)
    b = ingest(f"{DAM_CLAIM}\nRelief teams arrived on Monday.").claims.get(text=DAM_CLAIM)
    first, second = flagging._prepare([a.pk, b.pk], {}, with_bands=True)
    assert first.bands and first.bands == second.bands
    assert first.keys == claim_keys(DAM_CLAIM) == second.keys
    stored = set(ClaimKey.objects.filter(claim=a).values_list("key", flat=True))
    assert similarity(first.keys, second.keys) == 1.0
    assert similarity(first.keys, stored) < 1.0  # what counting the bands would give


@pytest.mark.django_db
def test_a_rescan_writes_the_bands_of_claims_stored_before_them(ingest):
    article = ingest(DAM_CLAIM)
    claim = article.claims.get()
    ClaimKey.objects.filter(claim=claim, key__startswith=BAND_PREFIX).delete()
    flagging.claims_flag(claim_ids=[claim.pk])
    stored = set(ClaimKey.objects.filter(claim=claim).values_list("key", flat=True))
    assert stored - text_keys(stored) == set(band_keys(claim.embedding, event_id=article.event_id))


FILLER = (
    "Floods in Ravelstad: the Ravel river stood at gauge {n} near Ravelstad on Sunday, "
    "hydrologist Mara Ilic said.\n"
    "Ravelstad schools number {n} stayed shut on Sunday, the Ravelstad council said."
)


def _filler(ingest, start: int, count: int, event: Event) -> None:
    """``count`` articles in ``event``, where the clustering put them or moved there."""
    for n in range(start, start + count):
        article = ingest(FILLER.format(n=n + 3), publisher=f"Paper {n}")
        if article.event_id != event.pk:
            article_event_move(article=article, event=event, actor=None)


@pytest.fixture
def held_back(monkeypatch):
    """Ingest without flagging each filler article (what is measured is the last one's)."""
    monkeypatch.setattr(tasks.flag_article, "delay", lambda *args: None)


@pytest.mark.django_db
def test_candidates_by_meaning_come_from_anywhere_in_a_big_event(ingest, held_back, monkeypatch):
    """A claim in other words is found in the oldest article of an event of more than 200
    (the newest 200 articles were all that flagging used to read), and compared."""
    oldest = ingest(DAM_CLAIM, publisher="Ravel Courier")
    target = oldest.claims.get()
    event = Event.objects.get(pk=oldest.event_id)
    _filler(ingest, 0, 210, event)
    new = ingest(
        "Local groups in Ravelstad say as many as 300 residents were killed after the "
        "reservoir wall gave way.",
        publisher="Valley Radio",
    )
    if new.event_id != oldest.event_id:
        article_event_move(article=new, event=event, actor=None)
    found: dict[int, list[int]] = {}
    neighbours = flagging._neighbours

    def spy(*args):
        result = neighbours(*args)
        found.update(result)
        return result

    monkeypatch.setattr(flagging, "_neighbours", spy)
    flagging.article_flag(article_id=new.pk)
    [claim] = new.claims.all()
    assert target.pk in found[claim.pk]


def _flag_queries(ingest, body: str) -> int:
    article = ingest(body, publisher="Valley Radio")
    with CaptureQueriesContext(connection) as captured:
        flagging.article_flag(article_id=article.pk)
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_flagging_queries_do_not_grow_with_the_event(ingest, held_back):
    """Every band walk of the larger project is cut at its cap; the round trips are the same."""
    first = ingest(DAM_CLAIM, publisher="Ravel Courier")
    event = Event.objects.get(pk=first.event_id)
    _filler(ingest, 0, 10, event)
    small = _flag_queries(ingest, DAM_CLAIM.replace("40", "45"))
    _filler(ingest, 10, 100, event)
    large = _flag_queries(ingest, DAM_CLAIM.replace("40", "46"))
    busiest = (
        ClaimKey.objects.filter(key__startswith=BAND_PREFIX)
        .values_list("key", flat=True)
        .order_by("key")
    )
    sizes: dict[str, int] = {}
    for key in busiest:
        sizes[key] = sizes.get(key, 0) + 1
    assert max(sizes.values()) > flagging.PER_BAND  # the walks were cut
    assert large == small
