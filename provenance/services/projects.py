"""Starting a project: who may, and the first editor it gets."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from provenance.errors import DomainError, NotAllowed
from provenance.models import ChangeAction, Membership, Project, Role
from provenance.permissions import projects_creatable
from provenance.services.history import change_record

REFUSAL = "Creating a project needs the editor role in some project, or staff."


def project_require_creator(user: AbstractBaseUser) -> None:
    if not projects_creatable(user=user):
        raise NotAllowed(REFUSAL)


def project_snapshot(project: Project) -> dict:
    return {
        "id": project.pk,
        "name": project.name,
        "description": project.description,
        "reviews_required": project.reviews_required,
    }


def project_create(
    *, name: str, user: AbstractBaseUser, description: str = "", reviews_required: int = 2
) -> Project:
    """A project made by an editor of some project or by staff, who becomes its editor; the
    creation is audited in the new project's history. A taken name is refused."""
    project_require_creator(user)
    name = name.strip()
    if not name:
        raise DomainError("A project needs a name.")
    if reviews_required < 1:
        raise DomainError("A project needs at least one review per claim.")
    try:
        with transaction.atomic():
            project = Project.objects.create(
                name=name, description=description.strip(), reviews_required=reviews_required
            )
            Membership.objects.create(project=project, user=user, role=Role.EDITOR)
            change_record(
                project=project,
                object_type="project",
                object_id=project.pk,
                action=ChangeAction.PROJECT_CREATE,
                actor=user,
                after={**project_snapshot(project), "editor": user.get_username()},
            )
    except IntegrityError:
        raise DomainError(f"A project named {name!r} already exists; pick another name.") from None
    return project
