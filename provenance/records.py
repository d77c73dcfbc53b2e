"""The claim record: the shape every export and the API give a claim (the brief's contract).

Records are assembled from plain rows, a batch of claims at a time, in a fixed number of
queries whatever the batch's size: the claims with their article and assignee
(``CLAIM_COLUMNS``, read by the caller, who may add columns of its own), then the hops of
their attributions, the sources those name, the attributions, and the flags on either side.
Only the columns a record shows are read, as tuples: building model instances (every column,
every datetime) cost far more than the records themselves. Sources, few and shared by many
hops and articles, are read once each and kept by a ``RecordReader`` for as long as it lives
(one export, one answer).
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Model, QuerySet, Value

from provenance.lookups import Ids
from provenance.models import Attribution, AttributionHop, Claim, Flag, Source

# The claim's own columns, then its article's, in the order ``_record`` unpacks them.
_CLAIM = ("id", "text", "start", "end", "kind", "status", "verdict", "confidence", "version")
_ARTICLE = ("id", "title", "origin", "publisher_id", "url", "published")
# Last, whom the claim is assigned to (a user name, or None).
CLAIM_COLUMNS = (
    *_CLAIM,
    *(f"article__{name}" for name in _ARTICLE),
    "assigned_to__username",
)
_PUBLISHER = CLAIM_COLUMNS.index("article__publisher_id")
_ATTRIBUTION_COLUMNS = ("id", "claim_id", "cue", "origin", "confidence", "status")
_HOP_COLUMNS = ("attribution_id", "source_id", "role")
_FLAG_COLUMNS = ("id", "claim_a_id", "claim_b_id", "kind", "score", "explanation", "status")


@dataclass(frozen=True)
class RelatedRows:
    """What a batch of claims' records are built from besides the claims' own rows."""

    hops: list[tuple]  # each attribution's, speaker first
    attributions: list[tuple]  # in id order
    flags_as_a: list[tuple]
    flags_as_b: list[tuple]


class RecordReader:
    """Claim records from rows of ``CLAIM_COLUMNS``, remembering the sources it has read."""

    def __init__(self) -> None:
        self._sources: dict[int, tuple[str, str]] = {}

    def read(self, *, rows: Sequence[Sequence]) -> RelatedRows:
        """Every query a batch's records need, and nothing else: the benchmark times this
        alone to compare the export with its bare database reads."""
        ids = [row[0] for row in rows]
        chunk_ids = Ids(ids)
        # Hops through a join on their attribution, rather than a long IN of attribution ids.
        hops = list(
            _rows(
                model=AttributionHop, columns=_HOP_COLUMNS, order=("attribution_id", "position")
            ).filter(attribution__claim_id__in_ids=chunk_ids)
        )
        # Publishers and the sources of chains in one read: the number of queries then does
        # not depend on whether a batch's publishers also appear in its chains.
        publishers = {row[_PUBLISHER] for row in rows} - {None}
        self._read_sources(source_ids=publishers | {hop[1] for hop in hops})
        attributions = _rows(model=Attribution, columns=_ATTRIBUTION_COLUMNS, order=("id",))
        flags_as_a, flags_as_b = _flags_either_side(ids=ids)
        return RelatedRows(
            hops=hops,
            attributions=list(attributions.filter(claim_id__in_ids=chunk_ids)),
            flags_as_a=flags_as_a,
            flags_as_b=flags_as_b,
        )

    def records(self, *, rows: Sequence[Sequence]) -> list[dict]:
        """The records of these claims, in the rows' order; each row starts with
        ``CLAIM_COLUMNS`` (what follows is the caller's and is left alone)."""
        if not rows:
            return []
        related = self.read(rows=rows)
        chains = self._chains(hops=related.hops)
        attributions = _attributions(rows=related.attributions, chains=chains)
        flags = _flags(as_a=related.flags_as_a, as_b=related.flags_as_b)
        return [
            _record(row=row, sources=self._sources, attributions=attributions, flags=flags)
            for row in rows
        ]

    def _read_sources(self, *, source_ids: set[int]) -> None:
        """Name and kind of each source, reading only those not seen before."""
        missing = source_ids - self._sources.keys()
        if missing:
            found = Source.objects.filter(id__in=missing).values_list("id", "name", "kind")
            self._sources.update((id_, (name, kind)) for id_, name, kind in found)

    def _chains(self, *, hops: list[tuple]) -> dict[int, list[dict]]:
        """Each attribution's chain from its hop rows (in chain order), sources filled in."""
        chains: dict[int, list[dict]] = defaultdict(list)
        for attribution_id, source_id, role in hops:
            name, kind = self._sources[source_id]
            chains[attribution_id].append({"name": name, "kind": kind, "role": role})
        return chains


def _rows(*, model: type[Model], columns: tuple[str, ...], order: tuple[str, ...]) -> QuerySet:
    return model.objects.order_by(*order).values_list(*columns)


def _flags_either_side(*, ids: list[int]) -> tuple[list[tuple], list[tuple]]:
    """The flags with one of ``ids`` on side a, and those with one on side b, in one query.

    A UNION ALL of one select a side, so that each uses its own column's index (an OR of the
    two may scan the table); a constant column says which side a row came from, since a flag
    between two claims of the batch comes once from each. Unordered: ``_flags`` sorts."""
    flags = Flag.objects.order_by().values_list(*_FLAG_COLUMNS)
    chunk_ids = Ids(ids)
    side_a = flags.filter(claim_a_id__in_ids=chunk_ids).annotate(side_a=Value(True))
    side_b = flags.filter(claim_b_id__in_ids=chunk_ids).annotate(side_a=Value(False))
    as_a, as_b = [], []
    for *row, is_a in side_a.union(side_b, all=True):
        (as_a if is_a else as_b).append(tuple(row))
    return as_a, as_b


def _attributions(*, rows: list[tuple], chains: dict[int, list[dict]]) -> dict[int, list]:
    """Each claim's attribution records, in id order, with their chains."""
    by_claim: dict[int, list[dict]] = defaultdict(list)
    for id_, claim_id, cue, origin, confidence, status in rows:
        by_claim[claim_id].append(
            {
                "id": id_,
                "chain": chains.get(id_, []),
                "cue": cue,
                "origin": origin,
                "confidence": confidence,
                "status": status,
            }
        )
    return by_claim


def _flags(*, as_a: list[tuple], as_b: list[tuple]) -> dict[int, list[dict]]:
    """Each claim's flags, from either side, in id order; ``other_claim`` is the other side."""
    by_claim: dict[int, list[dict]] = defaultdict(list)
    for rows, mine_is_a in ((as_a, True), (as_b, False)):
        for id_, claim_a, claim_b, kind, score, explanation, status in rows:
            mine, other = (claim_a, claim_b) if mine_is_a else (claim_b, claim_a)
            by_claim[mine].append(
                {
                    "id": id_,
                    "other_claim": other,
                    "kind": kind,
                    "score": score,
                    "explanation": explanation,
                    "status": status,
                }
            )
    for flags in by_claim.values():
        flags.sort(key=lambda record: record["id"])
    return by_claim


def _record(
    *,
    row: Sequence,
    sources: dict[int, tuple[str, str]],
    attributions: dict[int, list[dict]],
    flags: dict[int, list[dict]],
) -> dict:
    (
        id_,
        text,
        start,
        end,
        kind,
        status,
        verdict,
        confidence,
        version,
        article_id,
        title,
        origin,
        publisher_id,
        url,
        published,
        assigned_to,
    ) = row[: len(CLAIM_COLUMNS)]
    return {
        "id": id_,
        "article": {
            "id": article_id,
            "title": title,
            "origin": origin,
            "publisher": sources[publisher_id][0] if publisher_id is not None else None,
            "url": url or None,
            "published": published.isoformat() if published else None,
        },
        "text": text,
        "start": start,
        "end": end,
        "kind": kind,
        "status": status,
        "verdict": verdict,
        "confidence": confidence,
        "version": version,
        "attributions": attributions.get(id_, []),
        "flags": flags.get(id_, []),
        "assigned_to": assigned_to,
    }


def claim_records(*, ids: Sequence[int]) -> list[dict]:
    """The records of a bounded set of claims (a page, a few ids), in the order of ``ids``;
    ids of claims that do not exist are left out."""
    # No ORDER BY: the order is that of ``ids``, put back below.
    rows = list(Claim.objects.filter(pk__in=ids).order_by().values_list(*CLAIM_COLUMNS))
    by_id = {record["id"]: record for record in RecordReader().records(rows=rows)}
    return [by_id[id_] for id_ in ids if id_ in by_id]


def claim_current_record(*, claim_id: int) -> dict:
    """The claim record as stored now: what a conflict answer shows the losing writer."""
    records = claim_records(ids=[claim_id])
    if not records:
        raise Claim.DoesNotExist(f"no claim {claim_id}")
    return records[0]
