"""How well the embedding bands find a claim's nearest neighbours: the measurement behind
``provenance.text.embedding_bands.BANDS`` and ``BITS``.

    python -m bench.bands                     # the seeds and the real dev articles
    python -m bench.bands --bands 8,16,32 --bits 6,8,10

For each prose claim of the seeds and of the real corpus's dev split (never the test split),
its true neighbours are the ``NEAR_K`` claims of other articles of its event with the highest
cosine, at least ``NEAR_COSINE`` (what flagging would compare, had it read every claim; the
manifest names each dev article's event, and the seeds are taken as one). Flagging's own
way is then followed for each width: the claims sharing at least one band, ranked by how many
they share (newest first among equals), of which the first ``NEAR_SHORTLIST`` are read and
ranked by their true cosine. Recall is the share of true neighbours in that shortlist (those
in it are exactly the ones flagging then keeps), also of those with a cosine of ``CLOSE`` or
more. ``bucket`` is the mean share of its event's claims in one of a claim's band buckets: in an
event of a million claims, a band's walk stops at ``PER_BAND`` claims once ``bucket * 1e6``
passes it, and then sees only the newest of its bucket.

The pipeline runs on the texts directly; no database is touched.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter, defaultdict
from pathlib import Path

import django
import numpy as np

from provenance.text.embedding_bands import band_keys_of
from provenance.text.embeddings import from_bytes
from provenance.text.pipeline import analyse_article, claim_embeddings
from provenance.text.real_corpus import load_manifest, read_cache

ROOT = Path(__file__).resolve().parent.parent
# Recall is also given for the true neighbours this close, which are most of a claim's
# rewrites and conflicts.
CLOSE = 0.55


def _texts() -> list[tuple[str, str]]:
    """``(event, text)`` of each article."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    dev = [entry for entry in load_manifest() if entry.split == "dev"]
    texts = read_cache(dev).texts
    return [("seeds", path.read_text(encoding="utf-8")) for path in seeds] + [
        (entry.event, texts[entry.name]) for entry in dev if entry.name in texts
    ]


def corpus() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The stored vectors (float16 and back) of every claim, headlines and captions included
    (they are banded and grouped too), each one's article and the number of its event."""
    vectors, articles, events = [], [], []
    names: dict[str, int] = {}
    for number, (event, text) in enumerate(_texts()):
        claims = [c.span.text for c in analyse_article(text).claims]
        for stored in claim_embeddings(claims):
            vectors.append(from_bytes(stored))
            articles.append(number)
            events.append(names.setdefault(event, len(names)))
    return np.stack(vectors), np.array(articles), np.array(events)


def true_neighbours(vectors, articles, events, near) -> list[set[int]]:
    cosines = vectors @ vectors.T
    cosines[articles[:, None] == articles[None, :]] = -1.0
    cosines[events[:, None] != events[None, :]] = -1.0
    found = []
    for row in cosines:
        closest = np.argsort(-row, kind="stable")[: near.NEAR_K]
        found.append({int(i) for i in closest if row[i] >= near.NEAR_COSINE})
    return found


def measure(vectors, articles, events, truth, near, *, bands: int, bits: int) -> dict:
    keys = [
        band_keys_of(vector, scope=str(event), bands=bands, bits=bits)[0]
        for vector, event in zip(vectors, events, strict=True)
    ]
    buckets: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(keys):
        for key in row:
            buckets[key].append(index)
    hits = total = close_hits = close_total = 0
    shares = []
    for index, row in enumerate(keys):
        shared: Counter[int] = Counter()
        for key in row:
            shares.append(len(buckets[key]) / int((events == events[index]).sum()))
            shared.update(i for i in buckets[key] if articles[i] != articles[index])
        # Ids grow with the index here, as claims' ids do: newest first among equals.
        shortlist = sorted(shared, key=lambda i: (-shared[i], -i))[: near.NEAR_SHORTLIST]
        close = {i for i in truth[index] if vectors[i] @ vectors[index] >= CLOSE}
        hits += len(truth[index] & set(shortlist))
        total += len(truth[index])
        close_hits += len(close & set(shortlist))
        close_total += len(close)
    return {
        "bands": bands,
        "bits": bits,
        "recall": round(hits / max(total, 1), 3),
        "recall_close": round(close_hits / max(close_total, 1), 3),
        "bucket": round(float(np.mean(shares)), 4),
        "walk_rows_at_1m_event": round(bands * min(near.PER_BAND, float(np.mean(shares)) * 1e6)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bands", default="16,24,32,48,64")
    parser.add_argument("--bits", default="4,6,8,10")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from provenance.services import flagging as near  # its constants, read once Django is set

    vectors, articles, events = corpus()
    truth = true_neighbours(vectors, articles, events, near)
    print(
        f"{len(vectors)} claims of {articles.max() + 1} articles, {events.max() + 1} "
        f"events, {sum(map(len, truth))} true neighbours (top {near.NEAR_K}, cosine >= "
        f"{near.NEAR_COSINE}); shortlist {near.NEAR_SHORTLIST}, {near.PER_BAND} claims a band walk"
    )
    print(
        f"{'bands':>5} {'bits':>4} {'recall':>7} {f'>={CLOSE}':>7} {'bucket':>7} "
        f"{'walk rows, 1M event':>19}"
    )
    for bands in map(int, args.bands.split(",")):
        for bits in map(int, args.bits.split(",")):
            row = measure(vectors, articles, events, truth, near, bands=bands, bits=bits)
            print(
                f"{row['bands']:>5} {row['bits']:>4} {row['recall']:>7} {row['recall_close']:>7} "
                f"{row['bucket']:>7} "
                f"{row['walk_rows_at_1m_event']:>19}"
            )


if __name__ == "__main__":
    main()
