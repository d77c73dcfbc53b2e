"""The states of reviews and rulings as the audit history stores them (JSON, before/after);
a claim's is ``provenance.services.history.claim_snapshot``."""

from annotations.models import Adjudication, Review


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
