"""Agreement between reviewers: Krippendorff's alpha on verdicts (nominal) and confidence
(interval), for a whole project and for each pair of reviewers.

Plain computation over review rows, no database: the ``krippendorff`` package does the
arithmetic. Alpha is ``None`` where it is undefined: no claim has two reviews, or every value
given is the same (there is no disagreement to expect, so no scale to measure against).
"""

import itertools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np


@dataclass(frozen=True)
class ReviewRow:
    reviewer: str
    claim: int
    verdict: str
    confidence: float


@dataclass(frozen=True)
class Agreement:
    reviews: int
    paired_claims: int  # claims with at least two reviews: the only ones alpha can use
    verdict_alpha: float | None
    confidence_alpha: float | None


@dataclass(frozen=True)
class PairAgreement(Agreement):
    reviewers: tuple[str, str] = ("", "")


def alpha(
    rows: Sequence[ReviewRow], *, value: Callable[[ReviewRow], float], level: str
) -> float | None:
    """Krippendorff's alpha of ``value`` over ``rows`` at ``level`` (nominal or interval)."""
    reviewers = sorted({row.reviewer for row in rows})
    claims = sorted({row.claim for row in rows})
    matrix = np.full((len(reviewers), len(claims)), np.nan)
    reviewer_index = {name: i for i, name in enumerate(reviewers)}
    claim_index = {claim: j for j, claim in enumerate(claims)}
    for row in rows:
        matrix[reviewer_index[row.reviewer], claim_index[row.claim]] = value(row)
    paired = matrix[:, (~np.isnan(matrix)).sum(axis=0) >= 2]
    if paired.size == 0 or np.unique(paired[~np.isnan(paired)]).size < 2:
        return None
    result = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))
    return None if np.isnan(result) else result


def _verdict_coder(rows: Sequence[ReviewRow]) -> Callable[[ReviewRow], float]:
    """Nominal categories as numbers: any fixed coding gives the same nominal alpha."""
    codes = {verdict: float(i) for i, verdict in enumerate(sorted({r.verdict for r in rows}))}
    return lambda row: codes[row.verdict]


def agreement(rows: Sequence[ReviewRow]) -> Agreement:
    """Alpha on verdicts and on confidence over all ``rows`` (one project's reviews)."""
    per_claim: dict[int, int] = defaultdict(int)
    for row in rows:
        per_claim[row.claim] += 1
    return Agreement(
        reviews=len(rows),
        paired_claims=sum(1 for count in per_claim.values() if count >= 2),
        verdict_alpha=alpha(rows, value=_verdict_coder(rows), level="nominal"),
        confidence_alpha=alpha(rows, value=lambda row: row.confidence, level="interval"),
    )


def pair_agreements(rows: Sequence[ReviewRow]) -> list[PairAgreement]:
    """Alpha for each pair of reviewers over the claims both reviewed; pairs that share no
    claim are left out."""
    by_reviewer: dict[str, dict[int, ReviewRow]] = defaultdict(dict)
    for row in rows:
        by_reviewer[row.reviewer][row.claim] = row
    pairs = []
    for first, second in itertools.combinations(sorted(by_reviewer), 2):
        shared = by_reviewer[first].keys() & by_reviewer[second].keys()
        if not shared:
            continue
        pair_rows = [
            by_reviewer[name][claim] for claim in sorted(shared) for name in (first, second)
        ]
        overall = agreement(pair_rows)
        pairs.append(
            PairAgreement(
                reviews=overall.reviews,
                paired_claims=overall.paired_claims,
                verdict_alpha=overall.verdict_alpha,
                confidence_alpha=overall.confidence_alpha,
                reviewers=(first, second),
            )
        )
    return pairs
