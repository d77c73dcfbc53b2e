"""Reads for what people decide about claims: export filters, queues, agreement."""

import datetime as dt
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from annotations.agreement import ReviewRow, agreement, pair_agreements
from annotations.models import Lease, Review, ReviewerSkip
from provenance.errors import NotAllowed
from provenance.filters import EXPORT_PARAMETERS, claims_filter
from provenance.models import (
    AWAITING_REVIEW,
    ChangeRecord,
    Claim,
    ClaimStatus,
    Project,
)
from provenance.permissions import projects_allowing, require, user_can
from provenance.selectors import claims_for_user, open_flags_of, projects_for_user


def claims_for_export(
    *, user: AbstractBaseUser | None, params: Mapping[str, str | None]
) -> QuerySet[Claim]:
    """Claims to export, narrowed by ``params`` (``annotations.export.FILTER_PARAMETERS``,
    read by the claim filters of ``provenance.filters``); ``user=None`` is the command line,
    which sees every project. Without a ``status``, the verified claims."""
    queryset = Claim.objects.all() if user is None else claims_for_user(user=user)
    visible = Project.objects.all() if user is None else projects_for_user(user=user)
    wanted = {name: params.get(name) for name in EXPORT_PARAMETERS}
    if not (wanted["status"] or "").strip():
        wanted["status"] = ClaimStatus.VERIFIED
    return claims_filter(queryset, wanted, projects=visible, user=user)


def review_projects_for(*, user: AbstractBaseUser) -> list[Project]:
    """The projects where the user may give verdicts."""
    return list(projects_allowing(user=user, action="review"))


def queue_projects(*, user: AbstractBaseUser, chosen: Project | None) -> list[Project]:
    """The projects the review queue draws from: the ``chosen`` one, or every one where the
    user reviews. Raises ``NotAllowed`` when the user may review in none of them."""
    if chosen is not None:
        require(user=user, project=chosen, action="review")
        return [chosen]
    projects = review_projects_for(user=user)
    if not projects:
        raise NotAllowed("You need the reviewer role in a project to use the review queue.")
    return projects


def open_flag_count(*, claim: Claim) -> int:
    return open_flags_of(claim).count()


QUEUE_ORDER = ("-has_open_flag", "-checkworthiness", "created_at", "pk")


def _not_handled_yet(claims: QuerySet[Claim], *, user: AbstractBaseUser, now: dt.datetime):
    """``claims`` the user has neither reviewed nor skipped and nobody holds an unexpired
    lease on."""
    return (
        claims.exclude(Exists(Review.objects.filter(claim=OuterRef("pk"), reviewer=user)))
        .exclude(Exists(ReviewerSkip.objects.filter(claim=OuterRef("pk"), reviewer=user)))
        .exclude(Exists(Lease.objects.filter(claim=OuterRef("pk"), expires_at__gt=now)))
    )


def open_to(user: AbstractBaseUser) -> Q:
    """Claims the user may be handed: unassigned, assigned to them, or assigned to a reviewer
    who has reviewed or skipped them already (the assignment is then done with)."""
    assignee = OuterRef("assigned_to")
    done_with = Exists(Review.objects.filter(claim=OuterRef("pk"), reviewer=assignee)) | Exists(
        ReviewerSkip.objects.filter(claim=OuterRef("pk"), reviewer=assignee)
    )
    return Q(assigned_to__isnull=True) | Q(assigned_to=user) | done_with


def queue_candidates(
    *, user: AbstractBaseUser, project: Project, status: str, now: dt.datetime
) -> QuerySet[Claim]:
    """Claims of one project and one status awaiting review that the user could be handed
    next, most urgent first.

    Claims the user has neither reviewed nor skipped, that nobody holds an unexpired lease on
    and that are not assigned to another reviewer who has yet to review them. Order: open
    contradiction flags, check-worthiness, age. That order is the index ``claim_queue_order``
    after its (project, status) prefix, so taking the first row walks the index from its head
    and stops: the cost does not grow with the number of claims waiting.
    """
    claims = Claim.objects.filter(open_to(user), project=project, status=status)
    return _not_handled_yet(claims, user=user, now=now).order_by(*QUEUE_ORDER)


def queue_assigned(
    *, user: AbstractBaseUser, projects: list[Project], now: dt.datetime
) -> QuerySet[Claim]:
    """The claims assigned to the user in ``projects`` that they could be handed next, in the
    queue's order: the queue offers them before any other. Read through the assignee's index
    (a reviewer's share of a day's work, not the project's whole queue)."""
    claims = Claim.objects.filter(
        assigned_to=user, project__in=projects, status__in=AWAITING_REVIEW
    )
    return _not_handled_yet(claims, user=user, now=now).order_by(*QUEUE_ORDER)


# Counting what is left stops here: the count walks the waiting claims, so it is bounded to
# keep the queue's cost flat however many wait ("more than 1,000 left").
QUEUE_LEFT_CAP = 1000


def queue_left(*, user: AbstractBaseUser, projects: list[Project], now: dt.datetime) -> int:
    """How many claims the user could still be handed in ``projects`` (the one on offer not
    counted, as it is leased), up to ``QUEUE_LEFT_CAP + 1``."""
    left = 0
    for project in projects:
        for status in AWAITING_REVIEW:
            wanted = QUEUE_LEFT_CAP + 1 - left
            if wanted <= 0:
                return left
            candidates = queue_candidates(user=user, project=project, status=status, now=now)
            left += candidates.order_by()[:wanted].count()
    return left


def leases_held(*, user: AbstractBaseUser, now: dt.datetime) -> QuerySet[Lease]:
    """The user's unexpired leases, oldest first."""
    return (
        Lease.objects.filter(reviewer=user, expires_at__gt=now)
        .select_related("claim__article__project")
        .order_by("leased_at", "pk")
    )


def reviews_visible(*, user: AbstractBaseUser, claim: Claim) -> bool:
    """Reviews stay independent: others' verdicts are hidden from a reviewer until they have
    given their own or the claim is settled. Editors always see them."""
    if claim.status not in AWAITING_REVIEW:
        return True
    if user_can(user=user, project=claim.article.project, action="adjudicate"):
        return True
    return claim.reviews.filter(reviewer=user).exists()


def claim_reviews(*, claim: Claim) -> QuerySet[Review]:
    return claim.reviews.select_related("reviewer").order_by("id")


def claim_history(*, claim: Claim, include_reviews: bool) -> QuerySet[ChangeRecord]:
    """The audit history of a claim, newest first."""
    records = ChangeRecord.objects.filter(claim=claim).select_related("actor")
    if not include_reviews:
        records = records.exclude(object_type="review")
    return records.order_by("-at", "-id")


def changes_visible(*, user: AbstractBaseUser) -> QuerySet[ChangeRecord]:
    """Change records of the user's projects (anything else is not found, for them)."""
    return ChangeRecord.objects.filter(project__in=projects_for_user(user=user)).select_related(
        "project", "actor"
    )


def changes_recent(
    *, user: AbstractBaseUser, kinds: Iterable[tuple[str, str]], since: dt.datetime
) -> QuerySet[ChangeRecord]:
    """The user's own changes of these ``(object type, action)`` kinds made since ``since``,
    newest first: neither undone nor themselves written by an undo."""
    of_kinds = Q(pk__in=[])
    for object_type, action in kinds:
        of_kinds |= Q(object_type=object_type, action=action)
    return (
        ChangeRecord.objects.filter(of_kinds, actor=user, at__gte=since, undo_of__isnull=True)
        .exclude(Exists(ChangeRecord.objects.filter(undo_of=OuterRef("pk"))))
        .select_related("claim", "project")
        .order_by("-at", "-id")
    )


def adjudication_queue(
    *, user: AbstractBaseUser, projects: list[Project] | None = None
) -> QuerySet[Claim]:
    """Disputed claims in the projects where the user is an editor, oldest first (model
    instances with their project and reviews; their records come from ``claim_records``)."""
    allowed = [
        project
        for project in (projects if projects is not None else projects_for_user(user=user))
        if user_can(user=user, project=project, action="adjudicate")
    ]
    disputed = Claim.objects.filter(article__project__in=allowed, status=ClaimStatus.DISPUTED)
    return (
        disputed.select_related("article__project")
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer").order_by("id"))
        )
        .order_by("updated_at", "pk")
    )


def review_rows(*, project: Project) -> list[ReviewRow]:
    """Every review of the project as a plain row, for the agreement figures."""
    return [
        ReviewRow(reviewer=username, claim=claim_id, verdict=verdict, confidence=confidence)
        for username, claim_id, verdict, confidence in Review.objects.filter(
            claim__article__project=project
        )
        .exclude(claim__status=ClaimStatus.REJECTED)
        .values_list("reviewer__username", "claim_id", "verdict", "confidence")
        .order_by("claim_id", "reviewer__username")
    ]


def claim_status_counts(*, project: Project) -> dict[str, int]:
    """How many of the project's claims are in each status (every status present)."""
    counts = dict.fromkeys(ClaimStatus.values, 0)
    rows = (
        Claim.objects.filter(article__project=project)
        .values("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["status"]] = row["count"]
    return counts


def project_agreement(*, project: Project) -> dict:
    """Project-wide and per-pair alpha, as the API and the dashboard show them."""
    rows = review_rows(project=project)
    overall = agreement(rows)
    return {
        "project": project.name,
        "reviews": overall.reviews,
        "paired_claims": overall.paired_claims,
        "verdict_alpha": overall.verdict_alpha,
        "confidence_alpha": overall.confidence_alpha,
        "pairs": [
            {
                "reviewers": list(pair.reviewers),
                "reviews": pair.reviews,
                "paired_claims": pair.paired_claims,
                "verdict_alpha": pair.verdict_alpha,
                "confidence_alpha": pair.confidence_alpha,
            }
            for pair in pair_agreements(rows)
        ],
    }
