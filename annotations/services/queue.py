"""The reviewer queue: leasing claims one at a time, skipping and releasing them."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import Exists, QuerySet
from django.utils import timezone

from annotations.models import Lease, ReviewerSkip
from annotations.selectors import leases_held, open_to, queue_assigned, queue_candidates
from provenance.errors import DomainError
from provenance.models import AWAITING_REVIEW, Claim, Project

# Claims tried per call before giving up: each failed try means another reviewer took that
# claim a moment ago, so a handful is plenty.
MAX_ATTEMPTS = 8


def _lease_take(
    *, claim_id: int, user: AbstractBaseUser, project: Project, now: dt.datetime
) -> Lease | None:
    """Take the claim if nobody holds an unexpired lease on it; ``None`` if someone does.

    One conditional upsert, so it is safe without row locks (SQLite): a new row is inserted,
    or the claim's existing row (the unique claim column) is taken over only while it is
    expired. One statement where an update, a savepoint and an insert took four round trips.
    """
    expires_at = now + dt.timedelta(seconds=settings.REVIEW_LEASE_SECONDS)
    table = connection.ops.quote_name(Lease._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (claim_id, reviewer_id, leased_at, expires_at) "
            "VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (claim_id) DO UPDATE SET reviewer_id = excluded.reviewer_id, "
            "leased_at = excluded.leased_at, expires_at = excluded.expires_at "
            f"WHERE {table}.expires_at <= excluded.leased_at "
            "RETURNING id",
            [claim_id, user.pk, adapt(now), adapt(expires_at)],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    lease = Lease(id=row[0], claim_id=claim_id, reviewer=user, leased_at=now, expires_at=expires_at)
    lease.project_name = project.name  # known here: the answer needs no claim or article read
    return lease


def _head(
    candidates: QuerySet[Claim], *, projects: list[Project], tried: list[int]
) -> tuple[tuple, int, Project] | None:
    """The first of ``candidates`` not ``tried`` yet as ``(order key, claim id, project)``."""
    candidates = candidates.exclude(pk__in=tried)
    if connection.features.has_select_for_update_skip_locked:
        candidates = candidates.select_for_update(skip_locked=True, of=("self",))
    columns = ("has_open_flag", "checkworthiness", "created_at", "pk", "project_id")
    row = candidates.values_list(*columns).first()
    if row is None:
        return None
    has_open_flag, checkworthiness, created_at, pk, project_id = row
    project = next(project for project in projects if project.pk == project_id)
    return (not has_open_flag, -checkworthiness, created_at, pk), pk, project


def _lease_at_limit(
    *, user: AbstractBaseUser, projects: list[Project], now: dt.datetime
) -> tuple[Lease | None, bool]:
    """``(None, ...)`` while the caller may take another claim; at ``REVIEW_LEASE_LIMIT``,
    the oldest lease they hold in ``projects``. Second, whether claims assigned to the caller
    wait for them in ``projects``: read in the same statement, so the queue looks for them
    only when there are some (``queue_assigned`` then takes them afresh, under its locks).

    Locks the caller's user row (``select_for_update``) so that two requests of one reviewer
    at once count each other's lease; on SQLite, whose transactions here begin IMMEDIATE,
    writers are one at a time anyway."""
    assigned = Exists(queue_assigned(user=user, projects=projects, now=now))
    caller = get_user_model().objects.select_for_update(of=("self",)).filter(pk=user.pk)
    assigned_waiting = caller.annotate(assigned=assigned).values_list("assigned", flat=True)[0]
    held = leases_held(user=user, now=now)
    limit = settings.REVIEW_LEASE_LIMIT
    if held.count() < limit:
        return None, assigned_waiting
    lease = held.filter(claim__project__in=projects).first()
    if lease is None:
        raise DomainError(
            f"You already hold {limit} claim(s) from other projects' queues, the most a "
            "reviewer may hold at once; review, skip or release one first."
        )
    return lease, assigned_waiting


def queue_next(*, user: AbstractBaseUser, projects: list[Project]) -> Lease | None:
    """Lease the caller the most urgent claim they may review in ``projects``, or ``None``.

    Claims assigned to the caller come first; a claim assigned to another reviewer is not
    offered until that reviewer has reviewed or skipped it. Then: claims with open
    contradiction flags, then the most check-worthy, then the oldest. Never a claim the
    caller reviewed or skipped, nor one leased to anyone until that lease expires. A reviewer
    holds at most ``REVIEW_LEASE_LIMIT`` unexpired leases: at the limit, asking again returns
    the oldest lease held in ``projects`` (``DomainError`` when all are in other projects), so
    asking over and over cannot lock the queue for everyone else.

    The caller's assigned claims are read first, when there are any; otherwise the queue of
    each project and status awaiting review is read from its head (one short index walk each)
    and the most urgent head wins. Locks: the caller's user row first (the limit,
    ``_lease_at_limit``); on PostgreSQL each head's claim row is then taken ``FOR UPDATE SKIP
    LOCKED`` so concurrent callers move on to different claims instead of queueing behind
    each other (and a claim being assigned meanwhile is passed over); on every database the
    lease itself is a conditional write (``_lease_take``), which is what guarantees a claim is
    never held by two reviewers at once.
    """
    tried: list[int] = []
    for _ in range(MAX_ATTEMPTS):
        with transaction.atomic():
            now = timezone.now()
            held, assigned_waiting = _lease_at_limit(user=user, projects=projects, now=now)
            if held is not None:
                return held
            mine = queue_assigned(user=user, projects=projects, now=now)
            head = _head(mine, projects=projects, tried=tried) if assigned_waiting else None
            if head is None:
                heads = [
                    head
                    for project in projects
                    for status in AWAITING_REVIEW
                    if (
                        head := _head(
                            queue_candidates(user=user, project=project, status=status, now=now),
                            projects=projects,
                            tried=tried,
                        )
                    )
                ]
                if not heads:
                    return None
                head = min(heads, key=lambda head: head[0])
            _, claim_id, project = head
            lease = _lease_take(claim_id=claim_id, user=user, project=project, now=now)
            if lease is not None:
                return lease
        tried.append(claim_id)
    return None


def lease_release(*, lease: Lease, user: AbstractBaseUser) -> None:
    """Give the claim back to the queue; it may be offered to the caller again."""
    Lease.objects.filter(pk=lease.pk, reviewer=user).delete()


def leases_end(*, claim_ids: list[int], **_signal) -> None:
    """Every lease on these claims ends: their text changed or they were rejected
    (``provenance.signals.claims_released``, connected in ``AnnotationsConfig.ready``)."""
    Lease.objects.filter(claim_id__in=claim_ids).delete()


def lease_skip(*, lease: Lease, user: AbstractBaseUser) -> None:
    """Give the claim back and never be offered it again (for a claim the reviewer cannot
    judge). One transaction: the skip is recorded and the lease ends together."""
    with transaction.atomic():
        ReviewerSkip.objects.get_or_create(claim_id=lease.claim_id, reviewer=user)
        Lease.objects.filter(pk=lease.pk, reviewer=user).delete()


def queue_take(*, claim_id: int, user: AbstractBaseUser, projects: list[Project]) -> Lease | None:
    """Lease the caller one claim of ``projects`` that awaits review, as the queue would, or
    ``None`` if another reviewer holds it or the caller holds all the leases they may: the
    queue hands back a claim whose review the reviewer has just withdrawn, to judge it again,
    unless it was assigned to another reviewer meanwhile (``open_to``, as the queue holds it).
    The lease is the same conditional write as ``queue_next``'s (``_lease_take``), after the
    caller's user row is locked for the limit."""
    with transaction.atomic():
        now = timezone.now()
        try:
            if _lease_at_limit(user=user, projects=projects, now=now)[0] is not None:
                return None
        except DomainError:
            return None
        waiting = Claim.objects.filter(
            open_to(user), pk=claim_id, project__in=projects, status__in=AWAITING_REVIEW
        ).first()
        if waiting is None:
            return None
        project = next(project for project in projects if project.pk == waiting.project_id)
        return _lease_take(claim_id=claim_id, user=user, project=project, now=now)
