"""Which of a claim's attributions tells its chain: the one definition of a claim's *main
attribution*, and so of its *speaker* (that chain's first hop).

A confirmed chain before a suggested one, then the most confident, then the oldest (lowest
id); a rejected chain never. Every chain the services store has at least one hop, so the main
chain names the claim's speaker whenever any chain does.

The rule is written once, as the two correlated updates below, and stored on the claim
(``Claim.main_attribution``, ``Claim.speaker``): the attribution services run it in their
transactions (``provenance.services.attributions.claims_speaker_refresh``) and the migration
that added the columns ran it over the claims stored before, with its historical models. Every
reader (exports, flagging, corroboration, the dashboard, the graph) reads the columns.
"""

from django.db.models import Case, Model, OuterRef, QuerySet, Subquery, Value, When


def main_attribution_fill(
    claims: QuerySet, *, attribution_model: type[Model], hop_model: type[Model]
) -> None:
    """Set ``main_attribution`` and then ``speaker`` of ``claims`` from their chains as they
    are now: right whatever changed before, safe to repeat. Two ``UPDATE`` statements."""
    unconfirmed = Case(When(status="confirmed", then=Value(0)), default=Value(1))
    main = (
        attribution_model.objects.filter(claim_id=OuterRef("pk"))
        .exclude(status="rejected")
        .order_by(unconfirmed, "-confidence", "id")
        .values("pk")[:1]
    )
    claims.update(main_attribution_id=Subquery(main))
    speaker = hop_model.objects.filter(
        attribution_id=OuterRef("main_attribution_id"), position=0
    ).values("source_id")[:1]
    claims.update(speaker_id=Subquery(speaker))
