"""The states of claims and reviews as the audit history stores them (JSON, before/after)."""

from annotations.models import Adjudication, Review
from provenance.models import Claim


def claim_snapshot(claim: Claim) -> dict:
    return {
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "status": claim.status,
        "verdict": claim.verdict,
        "confidence": claim.confidence,
        "version": claim.version,
    }


def review_snapshot(review: Review) -> dict:
    return {
        "id": review.id,
        "reviewer": review.reviewer.get_username(),
        "verdict": review.verdict,
        "confidence": review.confidence,
        "note": review.note,
        "evidence": review.evidence,
    }


def adjudication_snapshot(adjudication: Adjudication) -> dict:
    return {
        "id": adjudication.id,
        "editor": adjudication.editor.get_username(),
        "verdict": adjudication.verdict,
        "confidence": adjudication.confidence,
        "note": adjudication.note,
    }
