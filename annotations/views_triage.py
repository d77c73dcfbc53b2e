"""Contradiction triage: the project's flags, and one flag's two claims side by side with their
articles' context, sources and the detector's explanation, to confirm or dismiss."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from annotations.services.undo import undoable_change_of
from annotations.undo_messages import success_with_undo
from provenance.errors import DomainError, NotAllowed
from provenance.models import Claim, Flag, FlagStatus
from provenance.notes import MAX_NOTE_CHARS
from provenance.permissions import user_can
from provenance.selectors import (
    FLAG_TRIAGE_ORDER,
    attributions_prefetch,
    chain_of,
    flag_next_open,
    projects_for_user,
)
from provenance.services.flags import flag_decide

CONTEXT_CHARS = 300
FLAGS_PER_PAGE = 50


def _flags_for(request: HttpRequest):
    return Flag.objects.filter(project__in=projects_for_user(user=request.user))


@login_required
def flag_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(projects_for_user(user=request.user), pk=project_id)
    status = request.GET.get("status", FlagStatus.OPEN)
    flags = Flag.objects.filter(project=project).select_related(
        "claim_a__article", "claim_b__article"
    )
    if status in FlagStatus.values:
        flags = flags.filter(status=status)
    page = Paginator(flags.order_by(*FLAG_TRIAGE_ORDER), FLAGS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "annotations/flag_list.html",
        {
            "project": project,
            "page": page,
            "status": status,
            "statuses": FlagStatus.values,
            "can_review": user_can(user=request.user, project=project, action="review"),
            "max_note": MAX_NOTE_CHARS,
        },
    )


def _side(claim: Claim) -> dict:
    body = claim.article.body
    return {
        "claim": claim,
        "chain": chain_of(claim),
        "before": body[max(0, claim.start - CONTEXT_CHARS) : claim.start],
        "after": body[claim.end : claim.end + CONTEXT_CHARS],
    }


@login_required
def flag_detail(request: HttpRequest, flag_id: int) -> HttpResponse:
    flag = get_object_or_404(
        _flags_for(request).select_related("project", "decided_by"), pk=flag_id
    )
    claims = {
        claim.pk: claim
        for claim in Claim.objects.filter(pk__in=[flag.claim_a_id, flag.claim_b_id])
        .select_related("article")
        .prefetch_related(attributions_prefetch())
    }
    return render(
        request,
        "annotations/flag_detail.html",
        {
            "flag": flag,
            "project": flag.project,
            "sides": [_side(claims[flag.claim_a_id]), _side(claims[flag.claim_b_id])],
            "can_review": user_can(user=request.user, project=flag.project, action="review"),
            "next_flag": flag_next_open(flag=flag),
            # A note sent with a decision that was not saved, to send again (see below).
            "draft_note": request.session.pop(_draft_key(flag), ""),
            "max_note": MAX_NOTE_CHARS,
        },
    )


def _draft_key(flag: Flag) -> str:
    return f"flag-note-draft-{flag.pk}"


def _go(request: HttpRequest, to: str, **kwargs) -> HttpResponse:
    """A redirect; for htmx one the browser follows as a whole page (HX-Redirect), so that the
    htmx request itself only ever gets this answer, the login page or an error."""
    if request.htmx:
        return HttpResponseClientRedirect(resolve_url(to, **kwargs))
    return redirect(to, **kwargs)


@login_required
@require_POST
def flag_decide_page(request: HttpRequest, flag_id: int) -> HttpResponse:
    """Confirm or dismiss, then go on to the next open flag of the project."""
    flag = get_object_or_404(_flags_for(request).select_related("project"), pk=flag_id)
    status, note = request.POST.get("status", ""), request.POST.get("note", "")
    try:
        flag_decide(
            flag=flag,
            status=status,
            version=int(request.POST.get("version", "")),
            user=request.user,
            note=note,
        )
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except (ValueError, DomainError) as error:
        problem = (
            "the form was missing the flag's version; reload the page"
            if isinstance(error, ValueError)
            else error
        )
        messages.error(request, f"Flag {flag.pk} not changed: {problem}")
        # Back on the flag, the note is in its field again, not lost with the refusal.
        if note:
            request.session[_draft_key(flag)] = note
        return _go(request, "flag-detail", flag_id=flag.pk)
    undo = undoable_change_of(user=request.user, object_type="flag", object_id=flag.pk)
    success_with_undo(request, f"Flag {flag.pk} {status}.", undo)
    following = flag_next_open(flag=flag)
    if following is not None:
        return _go(request, "flag-detail", flag_id=following.pk)
    return _go(request, "flag-list", project_id=flag.project_id)
