"""The claim panel beside the article reader, and the writes made from it: attribution
decisions and corrections, and splitting, merging and trimming claims by selecting text.

With htmx a write answers with the refreshed panel; without script it redirects to the claim
page. Each view calls one service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from annotations.changes import field_changes
from annotations.models import Review
from annotations.selectors import claim_history, claim_reviews, reviews_visible
from annotations.services.revert import revertible
from annotations.services.reviews import review_revise, review_submit, reviews_settled
from annotations.services.undo import undoable_change_of
from annotations.undo_messages import success_with_undo
from provenance.errors import ConflictError, DomainError, NotAllowed
from provenance.models import (
    AWAITING_REVIEW,
    Article,
    Attribution,
    AttributionStatus,
    ChangeRecord,
    Claim,
    Flag,
    GroupMember,
    Verdict,
)
from provenance.permissions import user_can
from provenance.selectors import (
    attributions_prefetch,
    claim_for,
    claims_for_user,
    projects_for_user,
)
from provenance.services.attributions import attribution_add, attribution_decide, attribution_edit
from provenance.services.claims import claim_merge, claim_split, claim_trim
from provenance.text.types import SOURCE_KINDS, Hop

HISTORY_SHOWN = 25
# The review form's verdicts with the keys that choose them in the queue.
VERDICT_KEYS = list(zip("1234", Verdict.values, strict=True))


def review_entry(*, verdict: str, confidence: float, note: str, evidence: str) -> dict:
    """What fills the review fields in (``_review_fields.html``)."""
    return {
        "verdict": verdict,
        "confidence": f"{confidence:.2f}" if 0 <= confidence <= 1 else "",
        "note": note,
        "evidence": evidence,
    }


def review_entry_posted(request: HttpRequest) -> dict:
    """What the reviewer entered in a review that was not saved, to fill the form in again."""
    try:
        confidence = float(request.POST.get("confidence", ""))
    except ValueError:
        confidence = float("nan")
    return review_entry(
        verdict=request.POST.get("verdict", ""),
        confidence=confidence,
        note=request.POST.get("note", ""),
        evidence=request.POST.get("evidence", ""),
    )


def review_posted(request: HttpRequest, claim: Claim) -> tuple[Review, str]:
    """Save the review form of the queue or of the claim panel through the review services: a
    new review, or with ``review`` the reviewer's revision of theirs. Answers the review and
    what was done; raises what the services raise, and ``ValueError`` for a form without a
    verdict, confidence or version."""
    version = int(request.POST.get("version", 0))
    judgement = {
        "verdict": request.POST.get("verdict", ""),
        "confidence": float(request.POST.get("confidence", "nan")),
        "note": request.POST.get("note", "").strip(),
        "evidence": request.POST.get("evidence", "").split(),
    }
    revising = request.POST.get("review")
    if revising:
        review = claim.reviews.select_related("claim").filter(pk=int(revising)).first()
        if review is None:  # withdrawn meanwhile (an undo in another tab, say)
            raise DomainError(f"That review of claim {claim.pk} was withdrawn; review it again.")
        review = review_revise(review=review, user=request.user, version=version, **judgement)
        done = f"Your review of claim {claim.pk} is revised: "
    else:
        review = review_submit(claim=claim, user=request.user, version=version, **judgement)
        done = f"Review of claim {claim.pk} saved: "
    return review, f"{done}{review.verdict} ({review.confidence:.2f})."


REVIEW_INCOMPLETE = "Choose a verdict and a confidence."


def review_stale_message(claim_id: int | str) -> str:
    return (
        f"Claim {claim_id} was changed by someone else meanwhile. It is shown as it is now, "
        "with what you entered kept: check it and submit again."
    )


def _own_review_form(request: HttpRequest, claim: Claim, reviews: list[Review]) -> dict:
    """The panel's review form: a new review while the claim waits for reviews, a revision of
    the reviewer's own until an editor rules on the claim (then none); for reviewers only."""
    own = next((review for review in reviews if review.reviewer_id == request.user.pk), None)
    form = claim.status in AWAITING_REVIEW if own is None else not reviews_settled(claim)
    kept = own and review_entry(
        verdict=own.verdict,
        confidence=own.confidence,
        note=own.note,
        evidence="\n".join(own.evidence),
    )
    return {
        "own_review": own,
        "review_form": form,
        "review_kept": kept,
        "review_verdicts": VERDICT_KEYS,
    }


def claim_panel_context(
    request: HttpRequest, claim: Claim, *, error: str = "", kept: dict | None = None
) -> dict:
    """The claim panel; ``kept``: a review entry not saved, filled in again with ``error``."""
    project = claim.article.project
    visible = reviews_visible(user=request.user, claim=claim)
    # A reviewer who has reviewed sees the reviews, theirs among them.
    reviews = list(claim_reviews(claim=claim)) if visible else []
    can_review = user_can(user=request.user, project=project, action="review")
    attributions = (
        Claim.objects.filter(pk=claim.pk)
        .prefetch_related(attributions_prefetch())
        .get()
        .attribution_list
    )
    flags = [
        (flag, flag.claim_b if flag.claim_a_id == claim.pk else flag.claim_a)
        for flag in Flag.objects.filter(Q(claim_a=claim) | Q(claim_b=claim)).select_related(
            "claim_a__article", "claim_b__article"
        )
    ]
    membership = GroupMember.objects.filter(claim=claim).select_related("group").first()
    review_form = _own_review_form(request, claim, reviews) if can_review else {}
    if kept and review_form:
        review_form["review_kept"] = kept
    return {
        **review_form,
        "claim": claim,
        "project": project,
        "attributions": attributions,
        "flags": flags,
        "group": membership.group if membership else None,
        "group_size": membership.group.members.count() if membership else 0,
        "reviews_visible": visible,
        "reviews": reviews,
        "history": [
            (change, field_changes(change.before, change.after), revertible(change))
            for change in claim_history(claim=claim, include_reviews=visible)[:HISTORY_SHOWN]
        ],
        "can_annotate": user_can(user=request.user, project=project, action="annotate"),
        "can_review": can_review,
        "can_adjudicate": user_can(user=request.user, project=project, action="adjudicate"),
        "source_kinds": SOURCE_KINDS,
        "error": error,
    }


@login_required
def claim_panel(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for(user=request.user, claim_id=claim_id)
    return render(request, "annotations/_claim_panel.html", claim_panel_context(request, claim))


def after_write(
    request: HttpRequest,
    claim_id: int,
    error: str,
    done: str,
    *,
    undo: ChangeRecord | None = None,
    kept: dict | None = None,
) -> HttpResponse:
    """The claim panel (htmx) or the claim page with what happened; ``undo``: the change just
    made, offered to undo beside the message; ``kept``: a review entry not saved."""
    if request.htmx:
        claim = claim_for(user=request.user, claim_id=claim_id)
        context = claim_panel_context(request, claim, error=error, kept=kept)
        context["done"] = "" if error else done
        context["undo_change"] = None if error else undo
        return render(request, "annotations/_claim_panel.html", context)
    if error:
        messages.error(request, error)
    else:
        success_with_undo(request, done, undo)
    return redirect("claim-detail", claim_id=claim_id)


def _chain_from(request: HttpRequest) -> list[Hop]:
    """The hops of an attribution form: one name and kind per row, blank rows left out."""
    names = request.POST.getlist("hop_name")
    kinds = request.POST.getlist("hop_kind")
    hops = []
    for name, kind in zip(names, kinds, strict=False):
        if not name.strip():
            continue
        if kind not in SOURCE_KINDS:
            raise DomainError(f"unknown source kind {kind!r}")
        hops.append(Hop(name=name.strip(), kind=kind, role="speaker" if not hops else "relay"))
    if not hops:
        raise DomainError("Name at least one source: the speaker.")
    return hops


def _confidence(request: HttpRequest, default: float | None) -> float | None:
    raw = request.POST.get("confidence", "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise DomainError("Confidence is a number between 0 and 1.") from None


@login_required
@require_POST
def claim_review_page(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Review the claim from its panel (the reader, the claim page), or revise one's own
    review, through the queue's services and checks. Reviewers only: others get the 403 page."""
    claim = claim_for(user=request.user, claim_id=claim_id)
    error, done, undo, kept = "", "", None, None
    try:
        review, done = review_posted(request, claim)
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except ConflictError:
        error, kept = review_stale_message(claim.pk), review_entry_posted(request)
    except (DomainError, ValueError) as exc:
        error = str(exc) if isinstance(exc, DomainError) else REVIEW_INCOMPLETE
        kept = review_entry_posted(request)
    else:
        undo = undoable_change_of(user=request.user, object_type="review", object_id=review.pk)
    return after_write(request, claim.pk, error, done, undo=undo, kept=kept)


@login_required
@require_POST
def attribution_add_page(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_for(user=request.user, claim_id=claim_id)
    error = ""
    try:
        attribution_add(
            claim=claim,
            chain=_chain_from(request),
            cue=request.POST.get("cue", "").strip(),
            confidence=_confidence(request, 1.0),
            user=request.user,
        )
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except DomainError as exc:
        error = str(exc)
    return after_write(request, claim.pk, error, "Attribution added and confirmed.")


@login_required
@require_POST
def attribution_change_page(request: HttpRequest, attribution_id: int) -> HttpResponse:
    """Confirm, reject or correct one attribution (``op`` says which)."""
    attribution = get_object_or_404(
        Attribution.objects.filter(claim__in=claims_for_user(user=request.user)).select_related(
            "claim__article__project"
        ),
        pk=attribution_id,
    )
    claim = attribution.claim
    op = request.POST.get("op", "")
    error = ""
    try:
        version = int(request.POST.get("version", ""))
        if op in (AttributionStatus.CONFIRMED, AttributionStatus.REJECTED):
            attribution_decide(
                attribution=attribution, status=op, version=version, user=request.user
            )
        elif op == "edit":
            attribution_edit(
                attribution=attribution,
                version=version,
                user=request.user,
                chain=_chain_from(request),
                cue=request.POST.get("cue", "").strip(),
                confidence=_confidence(request, None),
            )
        else:
            raise DomainError(f"unknown change {op!r}")
    except ValueError:
        error = "The form was missing the attribution's version; reload the page."
    except NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except DomainError as exc:
        error = str(exc)
    done = {"confirmed": "Attribution confirmed.", "rejected": "Attribution rejected."}
    # Only a decision is undone; a correction is corrected again (or reverted in the history).
    decided = op in done and not error
    undo = (
        undoable_change_of(user=request.user, object_type="attribution", object_id=attribution.pk)
        if decided
        else None
    )
    return after_write(request, claim.pk, error, done.get(op, "Attribution corrected."), undo=undo)


@login_required
@require_POST
def article_reshape(request: HttpRequest, article_id: int) -> HttpResponse:
    """Trim, split or merge claims from a text selection in the reader."""
    article = get_object_or_404(
        Article.objects.filter(project__in=projects_for_user(user=request.user)), pk=article_id
    )
    claims = list(
        Claim.objects.filter(article=article, pk__in=request.POST.getlist("claim"))
        .select_related("article__project")
        .order_by("start")
    )
    op = request.POST.get("op", "")
    target = claims[0].pk if claims else None
    try:
        versions = dict(
            zip(
                map(int, request.POST.getlist("claim")),
                map(int, request.POST.getlist("version")),
                strict=True,
            )
        )
        start, end = int(request.POST.get("start", "")), int(request.POST.get("end", ""))
        if not claims:
            raise DomainError("Select text inside a claim first.")
        if op == "merge":
            merged = claim_merge(claims=claims, versions=versions, user=request.user)
            done = f"{len(claims)} claims merged into claim {merged.pk}.", merged
        elif op == "split" and len(claims) == 1:
            claim = claims[0]
            first, second = claim_split(
                claim=claim, at=start, version=versions[claim.pk], user=request.user
            )
            done = f"Claim {first.pk} split; the second part is {second.pk}.", first
        elif op == "trim" and len(claims) == 1:
            claim = claims[0]
            claim_trim(
                claim=claim, start=start, end=end, version=versions[claim.pk], user=request.user
            )
            done = f"Claim {claim.pk} trimmed to the selection.", claim
        else:
            raise DomainError("Trim and split work on one claim, merge on two or more.")
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    except (ValueError, KeyError):
        messages.error(request, "The selection did not come through; select the text again.")
    except DomainError as error:
        messages.error(request, f"Not changed: {error}")
    else:
        text, changed = done
        undo = undoable_change_of(user=request.user, object_type="claim", object_id=changed.pk)
        success_with_undo(request, text, undo)
    url = reverse("article-detail", args=[article.pk])
    return redirect(f"{url}#claim-{target}" if target else url)
