"""What each project role may do: one table, used by pages, the API and services.

Roles are ordered: a reviewer may do all an annotator may, an editor all a reviewer may.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from provenance.errors import DomainError, NotAllowed
from provenance.models import Membership, Project, Role, Source
from provenance.selectors import projects_for_user, role_in_project

ROLE_RANK = {Role.ANNOTATOR: 1, Role.REVIEWER: 2, Role.EDITOR: 3}

# The least role each action needs.
ACTION_ROLE = {
    "view": Role.ANNOTATOR,
    "ingest": Role.ANNOTATOR,
    "annotate": Role.ANNOTATOR,  # split, merge, trim claims; attach and decide attributions
    "review": Role.REVIEWER,  # verdicts, flag triage
    "adjudicate": Role.EDITOR,  # settle disputes, correct spans, reject claims
    "assign": Role.EDITOR,  # give claims to reviewers, or take them back
    "manage": Role.EDITOR,  # members, settings, re-scans
}


def role_allows(role: str | None, action: str) -> bool:
    if role is None:
        return False
    return ROLE_RANK[Role(role)] >= ROLE_RANK[ACTION_ROLE[action]]


def roles_allowing(action: str) -> list[str]:
    """The roles whose members may do ``action``."""
    return [role.value for role in Role if role_allows(role, action)]


def user_can(*, user: AbstractBaseUser, project: Project, action: str) -> bool:
    return role_allows(role_in_project(user=user, project=project), action)


def projects_allowing(*, user: AbstractBaseUser, action: str) -> QuerySet[Project]:
    """The projects where ``user_can`` would allow ``action``, in one query."""
    if user.is_superuser or not user.is_authenticated:
        return projects_for_user(user=user)
    roles = roles_allowing(action)
    # One filter() call, so that both conditions hold for the same membership row.
    return Project.objects.filter(memberships__user=user, memberships__role__in=roles)


def members_allowing(*, project: Project, action: str) -> QuerySet[Membership]:
    """The memberships of ``project`` whose role allows ``action``."""
    return Membership.objects.filter(project=project, role__in=roles_allowing(action))


def require(*, user: AbstractBaseUser, project: Project, action: str) -> None:
    """Raise ``NotAllowed`` naming the role needed when the user's role falls short."""
    if not user_can(user=user, project=project, action=action):
        raise NotAllowed(
            f"You need the {ACTION_ROLE[action].value} role in project {project.name!r} to "
            f"{action} here."
        )


# Sources belong to a project (what its articles named, what its editors added) or to the
# shared reference list. Members of a project read the shared list and their projects' sources
# (annotators pick sources when they attach a chain); a project's editors add and correct its
# sources; the shared list is read only, changed by administrators alone.
def sources_readable(*, user: AbstractBaseUser) -> bool:
    return user.is_superuser or Membership.objects.filter(user=user).exists()


def sources_visible(*, user: AbstractBaseUser) -> QuerySet[Source]:
    """The sources ``user`` may see: the shared list and those of the user's projects."""
    if user.is_superuser:
        return Source.objects.all()
    return Source.objects.filter(Q(project=None) | Q(project__in=projects_for_user(user=user)))


def _editor_somewhere(user: AbstractBaseUser) -> bool:
    return Membership.objects.filter(user=user, role=Role.EDITOR).exists()


def sources_editable(*, user: AbstractBaseUser) -> bool:
    """Whether ``user`` may add sources anywhere (an editor of some project)."""
    return user.is_superuser or _editor_somewhere(user)


def source_require_editable(*, user: AbstractBaseUser, source: Source) -> None:
    """Raise ``NotAllowed`` unless ``user`` may change ``source``: an editor of its project, or
    an administrator for the shared list."""
    if user.is_superuser:
        return
    if source.project_id is None:
        raise NotAllowed(
            f"{source.name} is in the shared reference list, which projects read but do not "
            "change; add a source of your project's instead, or ask an administrator."
        )
    require(user=user, project=source.project, action="manage")


def source_project_for(*, user: AbstractBaseUser, project: Project | None) -> Project | None:
    """The project a source ``user`` adds goes into: the one named, if the user edits it;
    without one, the only project the user edits; ``None`` (the shared list) only for an
    administrator who names none."""
    if project is not None:
        require(user=user, project=project, action="manage")
        return project
    if user.is_superuser:
        return None
    edited = list(projects_allowing(user=user, action="manage")[:2])
    if len(edited) != 1:
        raise DomainError(
            "Name the project the source is for: you are an editor of several."
            if edited
            else "Adding a source needs the editor role in a project."
        )
    return edited[0]


# A new project is started by someone who already runs one, or by staff; its creator becomes its
# first editor, so every project has someone to manage it from the start.
def projects_creatable(*, user: AbstractBaseUser) -> bool:
    return user.is_authenticated and (user.is_staff or user.is_superuser or _editor_somewhere(user))
