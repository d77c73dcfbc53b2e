"""Undo and revert from the pages: the Undo button of a success message (one change, or a
whole bulk action), the "Recent actions" list, and "Revert to before this change" in a
claim's history. Each calls one service.

With htmx from the claim panel a write answers with the refreshed panel; otherwise it goes
back to the page it came from (``next``, when it is one of this site's) with a message.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from annotations.selectors import changes_visible
from annotations.services.revert import claim_revert
from annotations.services.undo import batch_undo, change_undo, undoable_recent
from annotations.views_claims import after_write
from provenance.errors import DomainError, NotAllowed
from provenance.models import Claim
from provenance.selectors import claim_for


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if safe and target.startswith("/") else fallback)


@login_required
def recent_actions(request: HttpRequest) -> HttpResponse:
    context = {"changes": undoable_recent(user=request.user), "minutes": settings.UNDO_MINUTES}
    return render(request, "annotations/recent_actions.html", context)


@login_required
@require_POST
def change_undo_page(request: HttpRequest, change_id: int) -> HttpResponse:
    record = get_object_or_404(changes_visible(user=request.user), pk=change_id)
    error, done, claim_id = "", "", record.claim_id
    try:
        undone = change_undo(record=record, user=request.user)
    except DomainError as exc:  # NotAllowed too: the message says whose change it was
        error = str(exc)
    else:
        done, claim_id = undone.message, undone.claim_id
    in_panel = request.POST.get("panel") == "claim" and claim_id is not None
    if in_panel and Claim.objects.filter(pk=claim_id).exists():
        return after_write(request, claim_id, error, done)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return _back(request, "recent-actions")


@login_required
@require_POST
def batch_undo_page(request: HttpRequest, batch) -> HttpResponse:
    """Undo a whole bulk action, back to the list it was made on."""
    try:
        undone = batch_undo(batch=batch, user=request.user)
    except DomainError as exc:  # NotAllowed too: the message says whose action it was
        messages.error(request, str(exc))
    else:
        messages.success(request, undone.message)
    return _back(request, "recent-actions")


@login_required
@require_POST
def claim_revert_page(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for(user=request.user, claim_id=claim_id)
    error, done = "", ""
    try:
        record = get_object_or_404(
            changes_visible(user=request.user).filter(claim=claim),
            pk=int(request.POST.get("change", "")),
        )
        _, done = claim_revert(
            claim=claim,
            record=record,
            version=int(request.POST.get("version", "")),
            user=request.user,
        )
    except ValueError:
        error = "The form was missing the change or the claim's version; reload the page."
    except NotAllowed as exc:
        if not request.htmx:
            raise PermissionDenied(str(exc)) from None
        error = str(exc)
    except DomainError as exc:
        error = f"Not reverted: {exc}"
    return after_write(request, claim.pk, error, done)
