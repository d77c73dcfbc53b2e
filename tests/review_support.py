"""Shared by the review tests: an article of several claims, short calls to the API and to
the review services."""

from provenance.models import Claim

FLOOD_STORY = (
    "Floodwaters cut off 12 villages in the northern province on Monday, the regional "
    "disaster agency said.\n"
    "At least 3,000 people were moved to emergency shelters, according to the Red Crescent.\n"
    "The governor told reporters that the main dam was not at risk of collapse.\n"
    "Farmers said the rice harvest in the valley had been destroyed.\n"
    "A hydrologist at the state university said the river had risen two metres in a day.\n"
    "The national weather service warned that more rain was expected on Thursday.\n"
)


def claims_of(article) -> list[Claim]:
    claims = list(article.claims.order_by("start"))
    assert len(claims) >= 4, "the fixture article should split into several claims"
    return claims


def seen(rows) -> dict[int, int]:
    """A selection as a page shows it: each row's id with its version now."""
    for row in rows:
        row.refresh_from_db()
    return {row.pk: row.version for row in rows}


def post_review(client, claim: Claim, verdict: str, confidence: float, **extra):
    claim.refresh_from_db()
    body = {"verdict": verdict, "confidence": confidence, "version": claim.version, **extra}
    return client.post(f"/api/v1/claims/{claim.pk}/reviews/", body, format="json")


def review_as(claim: Claim, user, verdict: str = "supported", confidence: float = 0.8, **extra):
    """``user``'s review of the claim as it is now, through the review service."""
    from annotations.services.reviews import review_submit

    claim.refresh_from_db()
    return review_submit(
        claim=claim,
        user=user,
        verdict=verdict,
        confidence=confidence,
        version=claim.version,
        **extra,
    )


def rule(claim: Claim, editor, verdict: str = "supported", confidence: float = 0.9):
    """An editor's ruling on the claim as it is now, through the adjudication service."""
    from annotations.services.adjudication import claim_adjudicate

    claim.refresh_from_db()
    return claim_adjudicate(
        claim=claim, user=editor, verdict=verdict, confidence=confidence, version=claim.version
    )
