"""The members and roles page: editors add accounts to a project, change roles, remove them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from provenance.errors import DomainError, InputError, NotAllowed
from provenance.models import Membership, Project, Role
from provenance.permissions import require
from provenance.selectors import projects_for_user
from provenance.services.members import member_add, member_change_role, member_remove


def _managed_project(request: HttpRequest, project_id: int) -> Project:
    project = get_object_or_404(projects_for_user(user=request.user), pk=project_id)
    try:
        require(user=request.user, project=project, action="manage")
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    return project


@login_required
def member_list(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _managed_project(request, project_id)
    members = project.memberships.select_related("user").order_by("user__username")
    return render(
        request,
        "provenance/members.html",
        {"project": project, "members": members, "roles": Role.values},
    )


@login_required
@require_POST
def member_change(request: HttpRequest, project_id: int) -> HttpResponse:
    """Add a member, change a role or remove a member (``op`` says which)."""
    project = _managed_project(request, project_id)
    op = request.POST.get("op", "")
    role = request.POST.get("role", "")
    try:
        if op == "add":
            username = request.POST.get("username", "").strip()
            member_add(project=project, username=username, role=role, actor=request.user)
            messages.success(request, f"{username} is now {role} in {project.name}.")
        else:
            membership = get_object_or_404(
                Membership.objects.select_related("user"),
                project=project,
                pk=request.POST.get("membership") or 0,
            )
            name = membership.user.get_username()
            if op == "role":
                member_change_role(membership=membership, role=role, actor=request.user)
                messages.success(request, f"{name} is now {role}.")
            elif op == "remove":
                member_remove(membership=membership, actor=request.user)
                messages.success(request, f"{name} is no longer a member of {project.name}.")
            else:
                raise DomainError(f"unknown change {op!r}")
    except (DomainError, InputError) as error:
        messages.error(request, f"Not changed: {error}")
    return redirect("member-list", project_id=project.pk)
