"""Reads: queries that pages, the API and exports share."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.shortcuts import get_object_or_404

from provenance.models import (
    Article,
    Attribution,
    AttributionHop,
    Claim,
    Flag,
    FlagStatus,
    IngestJob,
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


def projects_with_role(*, user: AbstractBaseUser) -> QuerySet[Project]:
    """``projects_for_user``, each with ``user_role`` (what ``role_in_project`` answers) read
    in the same query, so that a list of projects does not ask a project at a time."""
    projects = projects_for_user(user=user)
    if not user.is_authenticated:
        return projects  # none
    if user.is_superuser:
        return projects.annotate(user_role=Value("editor"))
    memberships = Membership.objects.filter(project=OuterRef("pk"), user=user)
    return projects.annotate(user_role=Subquery(memberships.values("role")[:1]))


def articles_for_user(*, user: AbstractBaseUser) -> QuerySet[Article]:
    return Article.objects.filter(project__in=projects_for_user(user=user)).select_related(
        "publisher", "project"
    )


def ingest_jobs_for_user(*, user: AbstractBaseUser) -> QuerySet[IngestJob]:
    """The ingest jobs of the projects a user may see, newest first."""
    return IngestJob.objects.filter(project__in=projects_for_user(user=user)).select_related(
        "project"
    )


# The newest articles offered as a filter's choices (the graph's, the claims page's).
ARTICLE_CHOICES = 300


def article_choices(*, project: Project) -> QuerySet[Article]:
    """The project's newest articles, id, title and origin only. Not through
    ``project.articles``: that manager sets each article's project, which reads the deferred
    ``project_id`` with one query per article."""
    return (
        Article.objects.filter(project=project)
        .order_by("-id")
        .only("id", "project_id", "title", "origin")[:ARTICLE_CHOICES]
    )


def claims_for_user(*, user: AbstractBaseUser) -> QuerySet[Claim]:
    return Claim.objects.filter(article__project__in=projects_for_user(user=user))


def claim_for(*, user: AbstractBaseUser, claim_id: int) -> Claim:
    """The claim, with its article and project, if it is in one of the user's projects; a 404
    (``Http404``) otherwise, so outsiders learn nothing about it."""
    return get_object_or_404(
        claims_for_user(user=user).select_related("article__project"), pk=claim_id
    )


def flags_touching(*, claim_ids: Iterable[int]) -> QuerySet[Flag]:
    """Flags with either of their claims among ``claim_ids``.

    By ids rather than through the claims' article: ``claim_a__article=x OR claim_b__article=x``
    makes PostgreSQL join the whole flag table (60 ms at 100k claims, growing with the
    corpus), while an id list on each side is two index scans.
    """
    ids = list(claim_ids)
    return Flag.objects.filter(Q(claim_a_id__in=ids) | Q(claim_b_id__in=ids))


def open_flags_of(claim_ref) -> QuerySet[Flag]:
    """Open flags with the claim on either side; ``claim_ref`` may be a claim, an id or an
    ``OuterRef`` (a correlated subquery)."""
    return Flag.objects.filter(Q(claim_a=claim_ref) | Q(claim_b=claim_ref), status=FlagStatus.OPEN)


# Triage order: the strongest contradictions first.
FLAG_TRIAGE_ORDER = ("-score", "id")


def flag_next_open(*, flag: Flag) -> Flag | None:
    """The open flag of the project after ``flag`` in triage order, round to the first when
    ``flag`` is the last; never ``flag`` itself."""
    others = (
        Flag.objects.filter(project_id=flag.project_id, status=FlagStatus.OPEN)
        .exclude(pk=flag.pk)
        .order_by(*FLAG_TRIAGE_ORDER)
    )
    after = others.filter(Q(score__lt=flag.score) | Q(score=flag.score, pk__gt=flag.pk))
    return after.first() or others.first()


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


def main_attribution(claim: Claim) -> Attribution | None:
    """The attribution that tells the claim's chain: the one stored as
    ``claim.main_attribution`` (``provenance.main_attribution`` says which).

    Expects ``attributions_prefetch()`` on the claim.
    """
    wanted = claim.main_attribution_id
    return next((a for a in claim.attribution_list if a.pk == wanted), None)


def chain_of(claim: Claim) -> list[Source]:
    """The claim's main chain, speaker first."""
    attribution = main_attribution(claim)
    return [hop.source for hop in attribution.hop_list] if attribution else []


def claim_before(claim: Claim, *, skipped_kinds: tuple[str, ...]) -> Claim | None:
    """The claim just before ``claim`` in its article, of a kind not in ``skipped_kinds``: what
    a denial of "the allegations" points back at."""
    return _claims_before(
        article_id=claim.article_id, start=claim.start, skipped_kinds=skipped_kinds
    ).first()


def _claims_before(*, article_id, start, skipped_kinds: tuple[str, ...]) -> QuerySet[Claim]:
    """Claims before ``start`` in an article, nearest first; the arguments may be ``OuterRef``."""
    return (
        Claim.objects.filter(article_id=article_id, start__lt=start)
        .exclude(kind__in=skipped_kinds)
        .order_by("-start")
    )


def claim_before_ids(*, claim_ids: list[int], skipped_kinds: tuple[str, ...]) -> dict[int, int]:
    """``claim_before``'s answer for many claims at once, as ids, in one query: for flagging,
    which needs it for every denial that points back among hundreds of candidates."""
    before = _claims_before(
        article_id=OuterRef("article_id"), start=OuterRef("start"), skipped_kinds=skipped_kinds
    ).values("pk")[:1]
    rows = (
        Claim.objects.filter(pk__in=claim_ids)
        .annotate(before=Subquery(before))
        .order_by()
        .values_list("pk", "before")
    )
    return {pk: before_id for pk, before_id in rows if before_id is not None}


def sources_in_scope(*, project: Project | None) -> QuerySet[Source]:
    """The sources a project reads: the shared reference list and, given a project, its own."""
    if project is None:
        return Source.objects.filter(project=None)
    return Source.objects.filter(Q(project=None) | Q(project=project))
