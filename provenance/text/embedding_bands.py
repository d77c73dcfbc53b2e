"""Locality-sensitive hash bands of a claim's embedding: keys that claims close in meaning
share, so that the key index finds a claim's nearest neighbours without reading every claim.

Each of ``BANDS * BITS`` hyperplanes through the origin, drawn once from a fixed seed, gives a
vector one bit: the side of it the vector lies on. Two vectors at an angle ``theta`` agree on a
bit with probability ``1 - theta / pi``; a band is ``BITS`` bits, so they share it with that
probability to the power ``BITS``, and close vectors share several of the ``BANDS`` bands where
unrelated ones share few or none.

A band key names the claim's event, the band and its bits (``~412.03.1a``: event 412, band 3;
``~-.03.1a`` for an article in no event). Claims are compared only within an event, so a band
bucket holds one event's claims, not the project's: a walk capped at a few dozen claims then
covers a large part of a big event rather than only the newest claims of a whole project. The
``~`` is never in a text key (``claim_keys`` builds those from letters, digits, ``_`` and
``q:``), so the two never meet, and ``text_keys`` tells them apart.

The bits are taken from the vector as stored (float16, ``embeddings.from_bytes``), in float64,
so that workers on other machines compute the same keys for the same stored row (a bit moves
only for a vector within rounding of a hyperplane). The hyperplanes come from
``numpy.random.RandomState``, whose stream numpy keeps fixed across releases: the keys in the
database stay valid when numpy is upgraded. Changing ``SEED``, ``BANDS`` or ``BITS`` means
deleting the stored band keys (``~...``), which a re-scan then writes again.

``BANDS`` and ``BITS`` were chosen by the recall of each claim's 10 nearest neighbours on the
seeds and the real dev articles (``bench/bands.py``; the figures are in docs/benchmarks.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from provenance.text.embeddings import DIMENSIONS, from_bytes

BANDS = 32
BITS = 5
SEED = 20261204
BAND_PREFIX = "~"


@lru_cache(maxsize=4)
def _hyperplanes(bands: int, bits: int, seed: int) -> np.ndarray:
    planes = np.random.RandomState(seed).standard_normal((bands * bits, DIMENSIONS))
    return planes.astype(np.float64)


def band_keys_of(
    vectors: np.ndarray, *, scope: str = "-", bands: int = BANDS, bits: int = BITS
) -> list[list[str]]:
    """The band keys of each row of ``vectors`` (as ``from_bytes`` gives them), in order, in
    ``scope`` (``event_scope``).

    ``bands`` and ``bits`` are for measuring other widths (``bench/bands.py``); what is stored
    uses the defaults."""
    vectors = np.asarray(vectors, dtype=np.float64).reshape(-1, DIMENSIONS)
    signs = (vectors @ _hyperplanes(bands, bits, SEED).T) > 0
    weights = 1 << np.arange(bits, dtype=np.int64)
    codes = signs.reshape(len(vectors), bands, bits).astype(np.int64) @ weights
    width = (bits + 3) // 4
    return [
        [f"{BAND_PREFIX}{scope}.{band:02d}.{int(code):0{width}x}" for band, code in enumerate(row)]
        for row in codes
    ]


def event_scope(event_id: int | None) -> str:
    return "-" if event_id is None else str(event_id)


def band_keys(embedding: bytes | memoryview | None, *, event_id: int | None) -> list[str]:
    """The band keys of a stored embedding of a claim of an article in ``event_id``; none for a
    claim without an embedding."""
    if embedding is None:
        return []
    return band_keys_of(from_bytes(embedding), scope=event_scope(event_id))[0]


def is_band_key(key: str) -> bool:
    return key.startswith(BAND_PREFIX)


def text_keys(keys: Iterable[str]) -> frozenset[str]:
    """The keys among ``keys`` that come from the words (``claim_keys``), without band keys."""
    return frozenset(key for key in keys if not is_band_key(key))
