"""Pages that act on what a person selected: bulk actions on claims of the claims page and on
flags in triage (the message of one offers to undo it whole), a claim made of text selected in
the reader, and a claim marked not a claim from its panel. Each view calls one service; a role
that does not allow the action gets the site's 403 page naming the role needed, any other
refusal a message back on the page.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from annotations.services.bulk import (
    claims_assign_selected,
    claims_confirm_suggested,
    claims_reject_selected,
    flags_dismiss_selected,
)
from annotations.undo_messages import success_with_batch_undo
from annotations.views_claims import after_write
from provenance.errors import DomainError, NotAllowed
from provenance.filters import ASSIGNED_TO_NOBODY
from provenance.models import Article
from provenance.selectors import claim_for, projects_for_user
from provenance.services.claims import claim_make, claim_reject

CLAIM_ACTIONS = {
    "confirm": claims_confirm_suggested,
    "reject": claims_reject_selected,
    "assign": claims_assign_selected,
}


def _selection(request: HttpRequest, name: str) -> dict[int, int]:
    """The ticked ``name`` boxes (ids), each with the version its row showed
    (``version-ID``)."""
    try:
        return {int(pk): int(request.POST[f"version-{pk}"]) for pk in request.POST.getlist(name)}
    except (KeyError, ValueError):
        raise DomainError(
            "The selection did not come through whole; reload the page and select again."
        ) from None


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to the list the form was on (its filters and page kept), if it is this site's."""
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(back if safe and back.startswith("/") else fallback)


def _run_bulk(request: HttpRequest, action, *, name: str, fallback: str, **extra) -> HttpResponse:
    try:
        outcome = action(selection=_selection(request, name), user=request.user, **extra)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except DomainError as error:
        messages.error(request, str(error))
    else:
        success_with_batch_undo(request, outcome.message, outcome.batch)
    return _back(request, fallback)


@login_required
@require_POST
def claims_bulk_page(request: HttpRequest, project_id: int) -> HttpResponse:
    """Confirm the suggested chains of the selected claims, mark them not claims, or assign
    them to a reviewer (``assignee``: a user name, or ``nobody`` to unassign)."""
    project = get_object_or_404(projects_for_user(user=request.user), pk=project_id)
    fallback = reverse("project-claims", args=[project.pk])
    op = request.POST.get("op", "")
    action = CLAIM_ACTIONS.get(op)
    if action is None:
        messages.error(request, "Choose what to do with the selected claims.")
        return _back(request, fallback)
    extra = {}
    if op == "assign":
        name = request.POST.get("assignee", "").strip()
        assignee = get_user_model().objects.filter(username=name).first()
        if name != ASSIGNED_TO_NOBODY and assignee is None:
            messages.error(
                request,
                f"No reviewer named {name!r}; choose one from the list."
                if name
                else "Choose the reviewer to assign the selected claims to.",
            )
            return _back(request, fallback)
        extra["assignee"] = None if name == ASSIGNED_TO_NOBODY else assignee
    return _run_bulk(request, action, name="claim", fallback=fallback, **extra)


@login_required
@require_POST
def flags_bulk_dismiss_page(request: HttpRequest, project_id: int) -> HttpResponse:
    """Dismiss the selected flags, with one note for them all."""
    project = get_object_or_404(projects_for_user(user=request.user), pk=project_id)
    return _run_bulk(
        request,
        flags_dismiss_selected,
        name="flag",
        fallback=reverse("flag-list", args=[project.pk]),
        note=request.POST.get("note", ""),
    )


@login_required
@require_POST
def claim_make_page(request: HttpRequest, article_id: int) -> HttpResponse:
    """Make a claim of the text selected in the reader; back to the reader at the claim."""
    article = get_object_or_404(
        Article.objects.filter(project__in=projects_for_user(user=request.user)), pk=article_id
    )
    url = reverse("article-detail", args=[article.pk])
    try:
        start, end = int(request.POST.get("start", "")), int(request.POST.get("end", ""))
        claim = claim_make(article=article, start=start, end=end, user=request.user)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except ValueError:
        messages.error(request, "The selection did not come through; select the text again.")
    except DomainError as error:
        messages.error(request, f"No claim made: {error}")
    else:
        messages.success(request, f"Claim {claim.pk} made of the selection.")
        return redirect(f"{url}#claim-{claim.pk}")
    return redirect(url)


@login_required
@require_POST
def claim_not_a_claim_page(request: HttpRequest, claim_id: int) -> HttpResponse:
    """An editor marks the claim not a claim (a caption, a byline): it is rejected."""
    claim = claim_for(user=request.user, claim_id=claim_id)
    error = ""
    try:
        claim_reject(claim=claim, version=int(request.POST.get("version", "")), user=request.user)
    except NotAllowed as refused:
        raise PermissionDenied(str(refused)) from None
    except ValueError:
        error = "The form was missing the claim's version; reload the page."
    except DomainError as refused:
        error = str(refused)
    return after_write(request, claim.pk, error, f"Claim {claim.pk} marked not a claim.")
