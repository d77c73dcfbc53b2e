"""What each project role may do: one table, used by pages, the API and services.

Roles are ordered: a reviewer may do all an annotator may, an editor all a reviewer may.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from provenance.errors import NotAllowed
from provenance.models import Membership, Project, Role
from provenance.selectors import projects_for_user, role_in_project

ROLE_RANK = {Role.ANNOTATOR: 1, Role.REVIEWER: 2, Role.EDITOR: 3}

# The least role each action needs.
ACTION_ROLE = {
    "view": Role.ANNOTATOR,
    "ingest": Role.ANNOTATOR,
    "annotate": Role.ANNOTATOR,  # split, merge, trim claims; attach and decide attributions
    "review": Role.REVIEWER,  # verdicts, flag triage
    "adjudicate": Role.EDITOR,  # settle disputes, correct spans, reject claims
    "manage": Role.EDITOR,  # members, settings, re-scans
}


def role_allows(role: str | None, action: str) -> bool:
    if role is None:
        return False
    return ROLE_RANK[Role(role)] >= ROLE_RANK[ACTION_ROLE[action]]


def user_can(*, user: AbstractBaseUser, project: Project, action: str) -> bool:
    return role_allows(role_in_project(user=user, project=project), action)


def projects_allowing(*, user: AbstractBaseUser, action: str) -> QuerySet[Project]:
    """The projects where ``user_can`` would allow ``action``, in one query."""
    if user.is_superuser or not user.is_authenticated:
        return projects_for_user(user=user)
    roles = [role for role in Role if role_allows(role, action)]
    # One filter() call, so that both conditions hold for the same membership row.
    return Project.objects.filter(memberships__user=user, memberships__role__in=roles)


def require(*, user: AbstractBaseUser, project: Project, action: str) -> None:
    """Raise ``NotAllowed`` naming the role needed when the user's role falls short."""
    if not user_can(user=user, project=project, action=action):
        raise NotAllowed(
            f"You need the {ACTION_ROLE[action].value} role in project {project.name!r} to "
            f"{action} here."
        )


# Sources are one registry shared by every project: members of any project read it (annotators
# pick sources when they attach a chain), editors of any project add and correct entries.
def sources_readable(*, user: AbstractBaseUser) -> bool:
    return user.is_superuser or Membership.objects.filter(user=user).exists()


def _editor_somewhere(user: AbstractBaseUser) -> bool:
    return Membership.objects.filter(user=user, role=Role.EDITOR).exists()


def sources_editable(*, user: AbstractBaseUser) -> bool:
    return user.is_superuser or _editor_somewhere(user)


def sources_require_editor(*, user: AbstractBaseUser | None) -> None:
    """Raise ``NotAllowed`` unless the user may change the shared registry (``None``: the
    command line, which may)."""
    if user is not None and not sources_editable(user=user):
        raise NotAllowed("Changing sources needs the editor role in a project.")


# A new project is started by someone who already runs one, or by staff; its creator becomes its
# first editor, so every project has someone to manage it from the start.
def projects_creatable(*, user: AbstractBaseUser) -> bool:
    return user.is_authenticated and (user.is_staff or user.is_superuser or _editor_somewhere(user))
