"""Pages for reviewing: the keyboard queue, the claim page with its history, the editors'
adjudication queue and the review dashboard. Thin: each calls selectors or one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from annotations import selectors
from annotations.charts import bar_chart, line_chart
from annotations.dashboard import (
    open_flags_by_kind,
    reviewer_throughput,
    sources_by_kind,
    status_over_time,
)
from annotations.models import Lease
from annotations.selectors import (
    adjudication_queue,
    changes_visible,
    claim_status_counts,
    leases_held,
    open_flag_count,
    project_agreement,
    queue_left,
    queue_projects,
    review_projects_for,
)
from annotations.services.adjudication import claim_adjudicate
from annotations.services.queue import lease_release, lease_skip, queue_next, queue_take
from annotations.services.undo import change_undo, undoable_change_of
from annotations.undo_messages import success_with_undo
from annotations.views_claims import (
    REVIEW_INCOMPLETE,
    VERDICT_KEYS,
    claim_panel_context,
    review_entry_posted,
    review_posted,
    review_stale_message,
)
from provenance.errors import ConflictError, DomainError, NotAllowed
from provenance.models import AttributionHop, Claim, Project, Verdict
from provenance.permissions import projects_allowing, user_can
from provenance.selectors import (
    FLAG_TRIAGE_ORDER,
    attributions_prefetch,
    claim_for,
    main_attribution,
    open_flags_of,
    projects_for_user,
)

CONTEXT_CHARS = 400
FRAGMENT_HEADER = "X-Queue-Fragment"


def _queue_projects(request: HttpRequest, project_id: str | None) -> list[Project]:
    """The projects the queue draws from (``queue_projects``), a 403 when there are none."""
    chosen = (
        get_object_or_404(projects_for_user(user=request.user), pk=project_id)
        if project_id
        else None
    )
    try:
        return queue_projects(user=request.user, chosen=chosen)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None


def _context_of(claim: Claim) -> dict:
    body = claim.article.body
    return {
        "before": body[max(0, claim.start - CONTEXT_CHARS) : claim.start],
        "after": body[claim.end : claim.end + CONTEXT_CHARS],
    }


def _current_lease(request: HttpRequest, projects: list[Project]) -> Lease | None:
    """The lease the user already holds in these projects, else a fresh one."""
    held = leases_held(user=request.user, now=timezone.now()).filter(
        claim__article__project__in=projects
    )
    return held.first() or queue_next(user=request.user, projects=projects)


def _queue_context(request: HttpRequest, projects: list[Project], lease: Lease | None) -> dict:
    lease = (
        Lease.objects.select_related("claim__article__project").get(pk=lease.pk) if lease else None
    )
    claim = lease.claim if lease else None
    return {
        "lease": lease,
        "claim": claim,
        "context": _context_of(claim) if claim else None,
        "open_flags": open_flag_count(claim=claim) if claim else 0,
        # What the reviewer judges the claim by: who said it, through whom, and what conflicts.
        "chain": _main_chain(claim) if claim else [],
        "flags": list(
            open_flags_of(claim).order_by(*FLAG_TRIAGE_ORDER)[:QUEUE_FLAGS_SHOWN] if claim else []
        ),
        "left": queue_left(user=request.user, projects=projects, now=timezone.now()),
        "left_cap": selectors.QUEUE_LEFT_CAP,  # read now: the one definition of the bound
        "projects": review_projects_for(user=request.user),
        "chosen": projects[0] if len(projects) == 1 else None,
        "project_param": request.GET.get("project") or request.POST.get("project") or "",
        "verdicts": VERDICT_KEYS,
    }


# Open flags shown with a claim in the queue, strongest first (the claim page lists them all).
QUEUE_FLAGS_SHOWN = 3


def _main_chain(claim: Claim) -> list[AttributionHop]:
    """The hops of the claim's main chain (``main_attribution``), speaker first."""
    prefetch_related_objects([claim], attributions_prefetch())
    attribution = main_attribution(claim)
    return attribution.hop_list if attribution else []


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    projects = _queue_projects(request, request.GET.get("project"))
    context = _queue_context(request, projects, _current_lease(request, projects))
    return render(request, "annotations/queue.html", context)


def _queue_undo(
    request: HttpRequest, projects: list[Project], lease: Lease | None
) -> tuple[str, Lease | None]:
    """Undo the reviewer's change named by the form; a review withdrawn hands its claim back
    to them (the claim they were given next goes back to the queue). Answers what was done and
    the lease to show, if it changed."""
    record = get_object_or_404(
        changes_visible(user=request.user), pk=int(request.POST.get("undo") or 0)
    )
    undone = change_undo(record=record, user=request.user)
    if record.object_type != "review" or undone.claim_id is None:
        return undone.message, None
    if lease is not None:
        lease_release(lease=lease, user=request.user)
    taken = queue_take(claim_id=undone.claim_id, user=request.user, projects=projects)
    return undone.message + (" Here it is again." if taken else ""), taken


@login_required
@require_POST
def review_queue_act(request: HttpRequest) -> HttpResponse:
    """One keystroke's worth of work: review, skip, release or next. Answers with the queue
    panel (for the page's script) or a redirect back to the queue (without script)."""
    project_param = request.POST.get("project") or ""
    projects = _queue_projects(request, project_param or None)
    action = request.POST.get("action", "")
    lease = Lease.objects.filter(pk=request.POST.get("lease") or 0, reviewer=request.user).first()
    error = None
    done, undo, taken_back = "", None, None
    status = 200
    try:
        if action == "review":
            claim = claim_for(user=request.user, claim_id=int(request.POST.get("claim", 0)))
            review, done = review_posted(request, claim)
            undo = undoable_change_of(user=request.user, object_type="review", object_id=review.pk)
        elif action == "undo":
            done, taken_back = _queue_undo(request, projects, lease)
        elif action == "skip" and lease:
            lease_skip(lease=lease, user=request.user)
        elif action in ("release", "next") and lease:
            lease_release(lease=lease, user=request.user)
        elif action not in ("next", "skip", "release"):
            raise DomainError(f"unknown action {action!r}")
    except (DomainError, ValueError) as exc:
        error = str(exc) if isinstance(exc, DomainError) else REVIEW_INCOMPLETE
        if isinstance(exc, ConflictError) and action == "review":
            # The panel shows the claim as it is now, so there is nothing to reload.
            status = 409
            error = review_stale_message(request.POST.get("claim"))
    if action == "release" and error is None:
        next_lease = None
    elif taken_back is not None:
        next_lease = taken_back
    elif error is not None and lease is not None and Lease.objects.filter(pk=lease.pk).exists():
        next_lease = lease
    else:
        next_lease = _current_lease(request, projects)
    if request.headers.get(FRAGMENT_HEADER) != "1":
        if error:
            messages.error(request, error)
        elif done:
            success_with_undo(request, done, undo)
        url = reverse("review-queue")
        return redirect(f"{url}?project={project_param}" if project_param else url)
    context = _queue_context(request, projects, next_lease)
    context.update(
        error=error,
        released=action == "release" and error is None,
        done=done,
        undo_change=undo,
    )
    same_claim = next_lease is not None and str(next_lease.claim_id) == request.POST.get("claim")
    if action == "review" and error is not None and same_claim:
        context["kept"] = review_entry_posted(request)
    return render(request, "annotations/_queue_panel.html", context, status=status)


@login_required
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for(user=request.user, claim_id=claim_id)
    context = claim_panel_context(request, claim)
    context.update(
        context=_context_of(claim),
        adjudications=claim.adjudications.select_related("editor").order_by("id"),
        can_adjudicate=user_can(
            user=request.user, project=claim.article.project, action="adjudicate"
        ),
        verdicts=Verdict.values,
    )
    return render(request, "annotations/claim_detail.html", context)


@login_required
def adjudication_list(request: HttpRequest) -> HttpResponse:
    if not projects_allowing(user=request.user, action="adjudicate").exists():
        raise PermissionDenied("You need the editor role in a project to adjudicate.")
    return render(
        request,
        "annotations/adjudication.html",
        {"claims": adjudication_queue(user=request.user), "verdicts": Verdict.values},
    )


@login_required
@require_POST
def claim_adjudicate_page(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for(user=request.user, claim_id=claim_id)
    try:
        claim_adjudicate(
            claim=claim,
            user=request.user,
            verdict=request.POST.get("verdict", ""),
            confidence=float(request.POST.get("confidence", "nan")),
            version=int(request.POST.get("version", 0)),
            note=request.POST.get("note", "").strip(),
        )
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except (DomainError, ValueError) as error:
        text = str(error) if isinstance(error, DomainError) else "Give a verdict and a confidence."
        messages.error(request, f"Claim {claim.pk} not adjudicated: {text}")
    else:
        messages.success(request, f"Claim {claim.pk} is verified.")
    if request.POST.get("back") == "claim":
        return redirect("claim-detail", claim_id=claim.pk)
    return redirect("adjudication-list")


@login_required
def review_dashboard(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(projects_for_user(user=request.user), pk=project_id)
    agreement = project_agreement(project=project)
    days, by_status = status_over_time(project=project)
    throughput = reviewer_throughput(project=project)
    alphas = [("all reviewers", agreement["verdict_alpha"])] + [
        (" & ".join(pair["reviewers"]), pair["verdict_alpha"]) for pair in agreement["pairs"]
    ]
    return render(
        request,
        "annotations/dashboard.html",
        {
            "project": project,
            "counts": claim_status_counts(project=project),
            "agreement": agreement,
            "status_chart": line_chart(days, by_status) if days else None,
            "throughput": throughput,
            "throughput_chart": bar_chart([(row["reviewer"], row["recent"]) for row in throughput]),
            "agreement_chart": bar_chart(
                [(label, alpha) for label, alpha in alphas if alpha is not None], decimals=3
            ),
            "flags_chart": bar_chart(open_flags_by_kind(project=project)),
            "sources_chart": bar_chart(sources_by_kind(project=project)),
        },
    )
