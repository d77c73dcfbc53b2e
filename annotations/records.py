"""The claim record: the shape every export and the API give a claim (the brief's contract)."""

from provenance.models import Claim, Flag


def _article_record(claim: Claim) -> dict:
    article = claim.article
    return {
        "id": article.id,
        "title": article.title,
        "origin": article.origin,
        "publisher": article.publisher.name if article.publisher else None,
        "url": article.url or None,
        "published": article.published.isoformat() if article.published else None,
    }


def _attribution_records(claim: Claim) -> list[dict]:
    return [
        {
            "id": attribution.id,
            "chain": [
                {"name": hop.source.name, "kind": hop.source.kind, "role": hop.role}
                for hop in attribution.hop_list
            ],
            "cue": attribution.cue,
            "origin": attribution.origin,
            "confidence": attribution.confidence,
            "status": attribution.status,
        }
        for attribution in claim.attribution_list
    ]


def _flag_record(flag: Flag, other_claim_id: int) -> dict:
    return {
        "id": flag.id,
        "other_claim": other_claim_id,
        "kind": flag.kind,
        "score": flag.score,
        "explanation": flag.explanation,
        "status": flag.status,
    }


def claim_record(claim: Claim) -> dict:
    """A claim with its article, attribution chains and contradiction flags.

    Expects the relations prefetched (``provenance.selectors.claims_with_record_data``).
    """
    flags = [_flag_record(f, f.claim_b_id) for f in claim.flag_a_list]
    flags += [_flag_record(f, f.claim_a_id) for f in claim.flag_b_list]
    flags.sort(key=lambda record: record["id"])
    return {
        "id": claim.id,
        "article": _article_record(claim),
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "kind": claim.kind,
        "status": claim.status,
        "verdict": claim.verdict,
        "confidence": claim.confidence,
        "version": claim.version,
        "attributions": _attribution_records(claim),
        "flags": flags,
    }
