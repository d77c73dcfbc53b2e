"""The project dashboard's reads: claims by status over time, reviewer throughput, open flags
and sources by kind (agreement comes from ``selectors.project_agreement``)."""

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from annotations.models import Review
from provenance.models import (
    ChangeAction,
    ChangeRecord,
    Claim,
    ClaimStatus,
    Flag,
    FlagStatus,
    Project,
)

MAX_DAYS = 90


def status_over_time(*, project: Project, today: dt.date | None = None) -> tuple[list, dict]:
    """Days and, per status, how many claims were in it at the end of each day.

    Built from when claims were created and from the status changes the audit history counts
    (``ChangeRecord.status_from``/``status_to``, summed by day in the database), so it needs
    no snapshot table; the last ``MAX_DAYS`` days are shown.
    """
    today = today or timezone.now().date()
    delta: dict[dt.date, Counter] = defaultdict(Counter)
    created = (
        Claim.objects.filter(article__project=project)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in created:
        delta[row["day"]][ClaimStatus.UNREVIEWED] += row["n"]
    moves = (
        ChangeRecord.objects.filter(project=project)
        .exclude(status_to="")
        .annotate(day=TruncDate("at"))
        .values("day", "status_from", "status_to")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in moves:
        delta[row["day"]][row["status_from"]] -= row["n"]
        delta[row["day"]][row["status_to"]] += row["n"]
    merges = ChangeRecord.objects.filter(
        project=project, object_type="claim", action=ChangeAction.MERGE
    ).values_list("at", "before", "claim__created_at")
    for at, before, kept_created in merges.iterator():
        # The merged-away claims are deleted, so the claims counted above miss them: they were
        # there (unreviewed, as only those merge) from when the kept claim was made, its
        # article's ingest, until the merge.
        gone = len((before or {}).get("merged", [])) - 1
        if gone > 0 and kept_created is not None:
            delta[timezone.localdate(kept_created)][ClaimStatus.UNREVIEWED] += gone
            delta[timezone.localdate(at)][ClaimStatus.UNREVIEWED] -= gone
    if not delta:
        return [], {}
    first = max(min(delta), today - dt.timedelta(days=MAX_DAYS - 1))
    running: Counter = Counter()
    for day in [d for d in delta if d < first]:
        running.update(delta[day])
    days, series = [], {status: [] for status in ClaimStatus.values}
    day = first
    while day <= today:
        running.update(delta.get(day, Counter()))
        days.append(day)
        for status in ClaimStatus.values:
            series[status].append(max(0, running[status]))
        day += dt.timedelta(days=1)
    return days, series


def reviewer_throughput(*, project: Project, days: int = 7) -> list[dict]:
    """Per reviewer: reviews in the last ``days`` days, in all, and per active day."""
    since = timezone.now() - dt.timedelta(days=days)
    rows = (
        Review.objects.filter(claim__article__project=project)
        .values("reviewer__username")
        .annotate(
            total=Count("pk"),
            recent=Count("pk", filter=Q(created_at__gte=since)),
            active_days=Count(TruncDate("created_at"), distinct=True),
        )
        .order_by("-recent", "-total", "reviewer__username")
    )
    return [
        {
            "reviewer": row["reviewer__username"],
            "recent": row["recent"],
            "total": row["total"],
            "per_day": row["total"] / max(row["active_days"], 1),
        }
        for row in rows
    ]


def open_flags_by_kind(*, project: Project) -> list[tuple[str, int]]:
    rows = (
        Flag.objects.filter(project=project, status=FlagStatus.OPEN)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "kind")
    )
    return [(row["kind"], row["n"]) for row in rows]


def sources_by_kind(*, project: Project) -> list[tuple[str, int]]:
    """Distinct speakers per kind, each claim counted by its speaker (``Claim.speaker``)."""
    rows = (
        Claim.objects.filter(project=project, speaker__isnull=False)
        .values("speaker__kind")
        .annotate(n=Count("speaker", distinct=True))
        .order_by("-n", "speaker__kind")
    )
    return [(row["speaker__kind"], row["n"]) for row in rows]
