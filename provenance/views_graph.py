"""The provenance graph as a picture, for a project (or one of its articles, events or claims),
one claim or a corroboration group; every node and edge links to the claims behind it."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from provenance.corroboration import group_summary
from provenance.graph import claims_narrowed, provenance_graph
from provenance.models import Article, Claim, CorroborationGroup, Event, Project
from provenance.selectors import article_choices, claims_for_user, projects_for_user
from provenance.services.events import RECENT_EVENTS


def _render(
    request: HttpRequest,
    *,
    project: Project,
    claims,
    title: str,
    scope: str,
    extra: dict,
    one_offs: bool = False,
) -> HttpResponse:
    return render(
        request,
        "provenance/graph.html",
        {
            "project": project,
            "graph": provenance_graph(claims, one_offs=one_offs),
            "title": title,
            "scope": scope,
            **extra,
        },
    )


def _narrowing(request: HttpRequest, project: Project) -> tuple[dict[str, int], list[str]]:
    """The article, event and claim ids the query string narrows the picture to, each one of
    the project's; and, for each value that is not, why it was left out."""
    of_project = {
        "article": Article.objects.filter(project=project),
        "event": Event.objects.filter(project=project),
        "claim": Claim.objects.filter(article__project=project),
    }
    chosen, errors = {}, []
    for name, rows in of_project.items():
        value = request.GET.get(name, "").strip()
        if not value:
            continue
        if not (value.isdigit() and rows.filter(pk=int(value)).exists()):
            errors.append(
                f"No {name} {value} in this project (give the id of one); "
                f"the picture is not narrowed by {name}."
            )
            continue
        chosen[name] = int(value)
    return chosen, errors


@login_required
def project_graph(request: HttpRequest, project_id: int) -> HttpResponse:
    """The project's picture, narrowed by the query string to one article, one event or one
    claim (``?event=ID``: a link that shows the same picture to anyone in the project)."""
    project = get_object_or_404(projects_for_user(user=request.user), pk=project_id)
    chosen, errors = _narrowing(request, project)
    claims = claims_narrowed(Claim.objects.filter(article__project=project), **chosen)
    events = (
        Event.objects.filter(project=project)
        .annotate(article_count=Count("articles"))
        .order_by("-updated_at", "-id")[:RECENT_EVENTS]
    )
    return _render(
        request,
        project=project,
        claims=claims,
        title=project.name,
        # The claims behind a node or an arrow, listed within the same article or event.
        scope=urlencode({name: chosen[name] for name in ("article", "event") if name in chosen}),
        one_offs="claim" in chosen,
        extra={
            "articles": article_choices(project=project),  # the picture covers them all
            "events": events,
            "chosen_article": chosen.get("article"),
            "chosen_event": chosen.get("event"),
            "chosen_claim": chosen.get("claim"),
            "errors": errors,
        },
    )


@login_required
def claim_graph(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(
        claims_for_user(user=request.user).select_related("article__project"), pk=claim_id
    )
    return _render(
        request,
        project=claim.article.project,
        claims=Claim.objects.filter(pk=claim.pk),
        title=f"claim {claim.pk}",
        scope="",
        one_offs=True,
        extra={"claim": claim},
    )


@login_required
def group_graph(request: HttpRequest, group_id: int) -> HttpResponse:
    group = get_object_or_404(
        CorroborationGroup.objects.filter(project__in=projects_for_user(user=request.user)),
        pk=group_id,
    )
    summary = group_summary(group)
    return _render(
        request,
        project=group.project,
        claims=Claim.objects.filter(group_member__group=group),
        title=f"corroboration group {group.pk}",
        scope=f"group={group.pk}",
        extra={"summary": summary},
    )
