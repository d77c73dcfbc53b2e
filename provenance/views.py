"""Pages: thin translations between HTTP and one selector or service call."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from provenance.errors import InputError, NotAllowed
from provenance.graph import claims_relayed, claims_through
from provenance.models import Article, Claim, ClaimStatus, Flag, FlagStatus, Project, Rescan, Source
from provenance.permissions import projects_creatable, require, user_can
from provenance.reading import article_segments, segments_html
from provenance.selectors import flags_touching, projects_for_user
from provenance.services.events import RECENT_EVENTS, article_event_move
from provenance.services.ingest import file_upload_ingest
from provenance.services.rescans import rescan_start

CLAIMS_PER_PAGE = 50


def open_flagged_claim_ids(*, claim_ids: list[int]) -> set[int]:
    """Those of ``claim_ids`` (an article's claims) with an open contradiction flag, to mark
    them in the reader."""
    rows = flags_touching(claim_ids=claim_ids).filter(status=FlagStatus.OPEN)
    pairs = rows.values_list("claim_a_id", "claim_b_id")
    return {claim_id for pair in pairs for claim_id in pair} & set(claim_ids)


def _project_for(request: HttpRequest, project_id: int) -> Project:
    """The project if the user is in it; a 404 otherwise, so outsiders learn nothing."""
    return get_object_or_404(projects_for_user(user=request.user), pk=project_id)


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    projects = projects_for_user(user=request.user).annotate(article_count=Count("articles"))
    return render(
        request,
        "provenance/project_list.html",
        {"projects": projects, "can_create": projects_creatable(user=request.user)},
    )


@login_required
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project_for(request, project_id)
    articles = (
        project.articles.select_related("publisher")
        .annotate(claim_count=Count("claims"))
        .order_by("-id")
    )
    return render(
        request,
        "provenance/project_detail.html",
        {
            "project": project,
            "articles": articles,
            "can_upload": user_can(user=request.user, project=project, action="ingest"),
            "can_review": user_can(user=request.user, project=project, action="review"),
            "can_manage": user_can(user=request.user, project=project, action="manage"),
            "rescan": project.rescans.first(),
            "open_flags": Flag.objects.filter(project=project, status=FlagStatus.OPEN).count(),
            "max_mb": settings.MAX_ARTICLE_BYTES / (1024 * 1024),
        },
    )


@login_required
@require_POST
def article_upload(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project_for(request, project_id)
    upload = request.FILES.get("file")
    try:
        require(user=request.user, project=project, action="ingest")
        if upload is None:
            raise InputError("choose a file to upload (.txt, .html or .jsonl)")
        outcomes = file_upload_ingest(
            project=project,
            upload=upload,
            publisher=request.POST.get("publisher", ""),
            created_by=request.user,
        )
    except (InputError, NotAllowed) as error:
        messages.error(request, f"Upload refused: {error}")
        return redirect("project-detail", project_id=project.pk)
    added = [o.article for o in outcomes if o.created]
    skipped = len(outcomes) - len(added)
    messages.success(request, f"{len(added)} article(s) added, {skipped} duplicate(s) skipped.")
    if len(added) == 1:
        return redirect("article-detail", article_id=added[0].pk)
    return redirect("project-detail", project_id=project.pk)


def _article_for(request: HttpRequest, article_id: int) -> Article:
    """The article if it is in one of the user's projects; a 404 otherwise."""
    return get_object_or_404(
        Article.objects.filter(project__in=projects_for_user(user=request.user)).select_related(
            "project", "publisher", "event"
        ),
        pk=article_id,
    )


@login_required
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = _article_for(request, article_id)
    claims = list(article.claims.order_by("start"))
    claim_ids = [claim.pk for claim in claims]
    return render(
        request,
        "provenance/article_detail.html",
        {
            "article": article,
            "project": article.project,
            "claim_count": len(claims),
            "body_html": segments_html(
                article_segments(article.body, claims),
                flagged=open_flagged_claim_ids(claim_ids=claim_ids),
            ),
            "can_annotate": user_can(user=request.user, project=article.project, action="annotate"),
            "can_manage": user_can(user=request.user, project=article.project, action="manage"),
            "events": article.project.events.order_by("-updated_at", "-id")[:RECENT_EVENTS],
            "flag_count": flags_touching(claim_ids=claim_ids).count(),
        },
    )


@login_required
@require_POST
def article_event(request: HttpRequest, article_id: int) -> HttpResponse:
    """An editor moves the article to another event, or to a new one (``event=new``)."""
    article = _article_for(request, article_id)
    try:
        require(user=request.user, project=article.project, action="manage")
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    chosen = request.POST.get("event", "")
    event = (
        None
        if chosen == "new"
        else get_object_or_404(article.project.events, pk=chosen if chosen.isdigit() else 0)
    )
    event = article_event_move(article=article, event=event, actor=request.user)
    messages.success(request, f"Moved to event {event.pk}: {event.label or 'unnamed'}.")
    return redirect("article-detail", article_id=article.pk)


@login_required
def article_progress(request: HttpRequest, article_id: int) -> HttpResponse:
    """The article's background work, for htmx to poll until it is done."""
    article = _article_for(request, article_id)
    flag_count = flags_touching(claim_ids=article.claims.values_list("pk", flat=True)).count()
    return render(
        request,
        "provenance/_article_progress.html",
        {"article": article, "flag_count": flag_count},
    )


@login_required
@require_POST
def project_rescan(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _project_for(request, project_id)
    try:
        require(user=request.user, project=project, action="manage")
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    rescan = rescan_start(project=project, user=request.user)
    messages.success(request, f"Re-scan {rescan.pk} started: {rescan.total_chunks} chunk(s).")
    return redirect("project-detail", project_id=project.pk)


@login_required
def rescan_progress(request: HttpRequest, rescan_id: int) -> HttpResponse:
    rescan = get_object_or_404(
        Rescan.objects.filter(project__in=projects_for_user(user=request.user)), pk=rescan_id
    )
    return render(request, "provenance/_rescan_progress.html", {"rescan": rescan})


@login_required
def project_claims(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project's claims, filtered: by status, by a source anywhere in the main chain, by an
    edge of the provenance graph (``speaker`` then ``relay``) or by corroboration group."""
    project = _project_for(request, project_id)
    claims = Claim.objects.filter(article__project=project)
    described = []
    status = request.GET.get("status", "")
    if status in ClaimStatus.values:
        claims = claims.filter(status=status)
        described.append(f"status {status}")
    try:
        source = _source_param(request, "source")
        speaker, relay = _source_param(request, "speaker"), _source_param(request, "relay")
        group = int(request.GET.get("group") or 0)
    except ValueError:
        raise Http404("No such filter") from None
    if source:
        claims = claims_through(claims, source=source.pk)
        described.append(f"through {source.name}")
    if speaker and relay:
        claims = claims_relayed(claims, speaker=speaker.pk, relay=relay.pk)
        described.append(f"{speaker.name} relayed by {relay.name}")
    if group:
        claims = claims.filter(group_member__group_id=group)
        described.append(f"corroboration group {group}")
    page = Paginator(
        claims.select_related("article").order_by("article_id", "start"), CLAIMS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "provenance/claim_list.html",
        {"project": project, "page": page, "described": ", ".join(described)},
    )


def _source_param(request: HttpRequest, name: str) -> Source | None:
    raw = request.GET.get(name)
    return get_object_or_404(Source, pk=int(raw)) if raw else None
