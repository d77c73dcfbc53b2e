"""Pages: thin translations between HTTP and one selector or service call."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from provenance.errors import DomainError, InputError, NotAllowed
from provenance.filters import (
    ASSIGNED_TO_ME,
    ASSIGNED_TO_NOBODY,
    EXPORT_FORMATS,
    EXPORT_PARAMETERS,
    STATUS_ALL,
    claims_filter,
    export_query,
    filter_params,
)
from provenance.models import (
    Article,
    Claim,
    ClaimStatus,
    Flag,
    FlagStatus,
    Project,
    Rescan,
    Verdict,
)
from provenance.permissions import (
    members_allowing,
    projects_creatable,
    require,
    role_allows,
    user_can,
)
from provenance.reading import article_segments, segments_html
from provenance.selectors import (
    article_choices,
    flags_touching,
    ingest_jobs_for_user,
    projects_for_user,
    role_in_project,
    sources_in_scope,
)
from provenance.services.events import RECENT_EVENTS, article_event_move
from provenance.services.ingest import file_upload_ingest
from provenance.services.rescans import rescan_start
from provenance.text.types import SOURCE_KINDS

CLAIMS_PER_PAGE = 50
INGEST_JOBS_SHOWN = 5  # on the project's page, newest first
HIDDEN_FILTERS = ("source", "relay_of", "relay", "group", "event", "publisher", "kind", "ordering")


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
            # The command line's jobs on the workers, the newest few, with their progress.
            "ingest_jobs": project.ingest_jobs.all()[:INGEST_JOBS_SHOWN],
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
    role = role_in_project(user=request.user, project=article.project)  # one query, not three
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
            "can_annotate": role_allows(role, "annotate"),
            "can_review": role_allows(role, "review"),
            "can_manage": role_allows(role, "manage"),
            "events": article.project.events.order_by("-updated_at", "-id")[:RECENT_EVENTS],
            "flag_count": flags_touching(claim_ids=claim_ids).count(),
        },
    )


@login_required
@require_POST
def article_event(request: HttpRequest, article_id: int) -> HttpResponse:
    """An editor moves the article to another event, or to a new one (``event=new``)."""
    article = _article_for(request, article_id)
    chosen = request.POST.get("event", "")
    event = (
        None
        if chosen == "new"
        else get_object_or_404(article.project.events, pk=chosen if chosen.isdigit() else 0)
    )
    try:
        event = article_event_move(article=article, event=event, actor=request.user)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
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
        rescan = rescan_start(project=project, user=request.user)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    messages.success(request, f"Re-scan {rescan.pk} started: {rescan.total_chunks} chunk(s).")
    return redirect("project-detail", project_id=project.pk)


@login_required
def rescan_progress(request: HttpRequest, rescan_id: int) -> HttpResponse:
    rescan = get_object_or_404(
        Rescan.objects.filter(project__in=projects_for_user(user=request.user)), pk=rescan_id
    )
    return render(request, "provenance/_rescan_progress.html", {"rescan": rescan})


@login_required
def ingest_job_progress(request: HttpRequest, ingest_job_id: int) -> HttpResponse:
    job = get_object_or_404(ingest_jobs_for_user(user=request.user), pk=ingest_job_id)
    return render(request, "provenance/_ingest_progress.html", {"job": job})


@login_required
def project_claims(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project's claims through the claim filters (``provenance.filters``), as GET
    parameters so that a filtered list can be saved and shared, with links that export the
    same claims and headers that sort them."""
    project = _project_for(request, project_id)
    try:
        claims = claims_filter(
            Claim.objects.filter(project=project),
            request.GET,
            projects=Project.objects.filter(pk=project.pk),
            user=request.user,
        )
        error = ""
    except DomainError as refused:
        claims, error = Claim.objects.none(), str(refused)
    ordered = claims.query.order_by or ("article_id", "start")
    page = Paginator(
        claims.select_related("article", "speaker", "assigned_to").order_by(*ordered, "id"),
        CLAIMS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    kept = filter_params(request.GET)
    role = role_in_project(user=request.user, project=project)
    return render(
        request,
        "provenance/claim_list.html",
        {
            "project": project,
            "page": page,
            "error": error,
            "filters": kept,
            "described": _described(kept, project=project),
            "columns": _sort_columns(kept.get("ordering", "")),
            # Filters the form has no field for (links from the graph), kept when it is sent.
            "hidden": [(name, kept[name]) for name in HIDDEN_FILTERS if name in kept],
            "exports": _export_links(kept, project=project),
            "choices": {
                "status": [*ClaimStatus.values, STATUS_ALL],
                "verdict": Verdict.values,
                "source_kind": SOURCE_KINDS,
            },
            "articles": article_choices(project=project),
            # Whom claims may be assigned to: the filter's choices and the bulk bar's.
            "assignees": members_allowing(project=project, action="review")
            .select_related("user")
            .order_by("user__username"),
            "assigned_to": {"me": ASSIGNED_TO_ME, "nobody": ASSIGNED_TO_NOBODY},
            # Bulk actions on the claims ticked (annotations.views_selection).
            "can_annotate": role_allows(role, "annotate"),
            "can_adjudicate": role_allows(role, "adjudicate"),
            "can_assign": role_allows(role, "assign"),
        },
        status=400 if error else 200,
    )


def _export_links(kept: dict[str, str], *, project: Project) -> list[tuple[str, str]]:
    """The export of the claims listed, in each format: the same filters, the project named,
    and ``all`` for the status when none is chosen, since the export's default is verified."""
    params = {name: kept[name] for name in EXPORT_PARAMETERS if name in kept}
    params |= {"project": project.name, "status": kept.get("status", STATUS_ALL)}
    url = reverse("export-claims")
    return [(name, f"{url}?{export_query(format=name, **params)}") for name in EXPORT_FORMATS]


def _described(kept: dict[str, str], *, project: Project) -> str:
    """The filters in words, for the page's heading; sources by name (one query), those the
    project can see only: another project's source id stays a number."""
    ids = [kept[n] for n in ("speaker", "source", "relay_of", "relay") if kept.get(n, "").isdigit()]
    scope = sources_in_scope(project=project)
    names = {str(pk): source.name for pk, source in scope.in_bulk(ids).items()}

    def source(name: str) -> str:
        return names.get(kept[name], kept[name])

    words = {
        "q": lambda: f"containing “{kept['q']}”",
        "speaker": lambda: f"said by {source('speaker')}",
        "source_kind": lambda: f"speaker kind {kept['source_kind']}",
        "verdict": lambda: f"verdict {kept['verdict']}",
        "status": lambda: f"status {kept['status']}",
        "flagged": lambda: f"flagged: {kept['flagged']}",
        "article": lambda: f"article {kept['article']}",
        "publisher": lambda: f"published by {kept['publisher']}",
        "published_from": lambda: f"published from {kept['published_from']}",
        "published_to": lambda: f"published to {kept['published_to']}",
        "kind": lambda: f"kind {kept['kind']}",
        "source": lambda: f"through {source('source')}",
        "relay": lambda: (
            f"{source('relay_of')} relayed by {source('relay')}"
            if "relay_of" in kept
            else f"relayed by {source('relay')}"
        ),
        "group": lambda: f"corroboration group {kept['group']}",
        "assigned_to": lambda: {
            ASSIGNED_TO_ME: "assigned to you",
            ASSIGNED_TO_NOBODY: "not assigned",
        }.get(kept["assigned_to"], f"assigned to {kept['assigned_to']}"),
    }
    return ", ".join(describe() for name, describe in words.items() if name in kept)


def _sort_columns(ordering: str) -> list[tuple[str, str, str]]:
    """Each sortable column with the ordering its header asks for (descending when it is the
    current ascending one) and an arrow for the current one."""
    columns = []
    for name in ("text", "speaker", "verdict", "confidence", "status", "article"):
        if ordering == name:
            columns.append((name, f"-{name}", " ▲"))
        elif ordering == f"-{name}":
            columns.append((name, name, " ▼"))
        else:
            columns.append((name, name, ""))
    return columns
