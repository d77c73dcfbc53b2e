"""Reads: queries that pages, the API and exports share."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, QuerySet

from provenance.models import (
    Article,
    Attribution,
    AttributionHop,
    AttributionStatus,
    Claim,
    Flag,
    Membership,
    Project,
    Source,
)


def projects_for_user(*, user: AbstractBaseUser) -> QuerySet[Project]:
    """The projects a user may see: all for a superuser, their memberships otherwise."""
    if not user.is_authenticated:
        return Project.objects.none()
    if user.is_superuser:
        return Project.objects.all()
    return Project.objects.filter(memberships__user=user)


def role_in_project(*, user: AbstractBaseUser, project: Project) -> str | None:
    """The user's role, ``"editor"`` for a superuser, ``None`` for an outsider."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return "editor"
    return (
        Membership.objects.filter(user=user, project=project).values_list("role", flat=True).first()
    )


def articles_for_user(*, user: AbstractBaseUser) -> QuerySet[Article]:
    return Article.objects.filter(project__in=projects_for_user(user=user)).select_related(
        "publisher", "project"
    )


def claims_for_user(*, user: AbstractBaseUser) -> QuerySet[Claim]:
    return Claim.objects.filter(article__project__in=projects_for_user(user=user))


def attributions_prefetch() -> Prefetch:
    """A claim's attributions as the plain list ``claim.attribution_list``, each with its hops
    (and their sources) as ``attribution.hop_list`` in chain order.

    Plain lists, not prefetched managers: Django builds a queryset per object to store a
    prefetched manager, which made the relation bookkeeping cost more than the rows.
    """
    return Prefetch(
        "attributions",
        queryset=Attribution.objects.order_by("id").prefetch_related(
            Prefetch(
                "hops",
                queryset=AttributionHop.objects.select_related("source").order_by("position"),
                to_attr="hop_list",
            )
        ),
        to_attr="attribution_list",
    )


def claims_with_record_data(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    """Everything a claim record needs, in a fixed number of queries whatever the count.

    Flags come as ``claim.flag_a_list`` and ``claim.flag_b_list``.
    """
    return queryset.select_related("article", "article__publisher").prefetch_related(
        attributions_prefetch(),
        Prefetch("flags_as_a", queryset=Flag.objects.order_by("id"), to_attr="flag_a_list"),
        Prefetch("flags_as_b", queryset=Flag.objects.order_by("id"), to_attr="flag_b_list"),
    )


def chain_of(claim: Claim) -> list[Source]:
    """The claim's best chain, speaker first: a confirmed one, else the likeliest suggestion.

    Expects ``attributions_prefetch()`` on the claim.
    """
    attributions = [a for a in claim.attribution_list if a.status != AttributionStatus.REJECTED]
    attributions.sort(key=lambda a: (a.status != AttributionStatus.CONFIRMED, -a.confidence))
    for attribution in attributions:
        if attribution.hop_list:
            return [hop.source for hop in attribution.hop_list]
    return []


def speaker_of(claim: Claim) -> Source | None:
    """The claim's original source, or ``None`` when no chain is known."""
    chain = chain_of(claim)
    return chain[0] if chain else None


def claim_before(claim: Claim, *, skipped_kinds: tuple[str, ...]) -> Claim | None:
    """The claim just before ``claim`` in its article, of a kind not in ``skipped_kinds``, with
    its attributions prefetched: what a denial of "the allegations" points back at."""
    return (
        Claim.objects.filter(article_id=claim.article_id, start__lt=claim.start)
        .exclude(kind__in=skipped_kinds)
        .order_by("-start")
        .prefetch_related(attributions_prefetch())
        .first()
    )
