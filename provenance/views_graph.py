"""The provenance graph as a picture, for a project, one claim or a corroboration group; every
node and edge links to the claims behind it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from provenance.corroboration import group_summary
from provenance.graph import provenance_graph
from provenance.models import Claim, CorroborationGroup, Project
from provenance.selectors import article_choices, claims_for_user, projects_for_user


def _render(
    request: HttpRequest, *, project: Project, claims, title: str, scope: str, extra: dict
) -> HttpResponse:
    return render(
        request,
        "provenance/graph.html",
        {
            "project": project,
            "graph": provenance_graph(claims),
            "title": title,
            "scope": scope,
            **extra,
        },
    )


@login_required
def project_graph(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(projects_for_user(user=request.user), pk=project_id)
    claims = Claim.objects.filter(article__project=project)
    articles = article_choices(project=project)  # the picture covers them all
    chosen = request.GET.get("article", "")
    chosen_article = int(chosen) if chosen.isdigit() else None
    if chosen_article:
        claims = claims.filter(article_id=chosen_article)
    return _render(
        request,
        project=project,
        claims=claims,
        title=project.name,
        scope="",
        extra={"articles": articles, "chosen_article": chosen_article},
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
