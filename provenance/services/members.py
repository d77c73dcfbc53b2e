"""Project membership and roles."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from provenance.errors import DomainError
from provenance.models import ChangeAction, Membership, Project, Role
from provenance.permissions import require, role_allows
from provenance.services.assignments import member_claims_unassign
from provenance.services.history import change_record
from provenance.text.types import InputError


@transaction.atomic
def member_set_role(*, project: Project, user: AbstractBaseUser, role: str) -> Membership:
    """Give ``user`` ``role`` in the project (the command line's and the demo's way in)."""
    if role not in Role.values:
        raise InputError(f"unknown role {role!r}; use one of {', '.join(Role.values)}")
    if not role_allows(role, "review"):
        member_claims_unassign(project=project, member=user, actor=None)
    membership, _ = Membership.objects.update_or_create(
        project=project, user=user, defaults={"role": role}
    )
    return membership


@transaction.atomic
def user_get_or_create(
    *, username: str, new_password: bool = False
) -> tuple[AbstractBaseUser, str | None]:
    """The user, created if missing. A new user, or ``new_password=True``, gets a fresh random
    password, which is returned (``None`` when the password was left as it was)."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if not (created or new_password):
        return user, None
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user, password


def _membership_snapshot(membership: Membership) -> dict:
    return {"user": membership.user.get_username(), "role": membership.role}


def _keep_an_editor(membership: Membership) -> None:
    """A project must keep at least one editor, or nobody could manage it any more.

    Called inside the transaction that holds the project's memberships locked.
    """
    others = Membership.objects.filter(project=membership.project, role=Role.EDITOR).exclude(
        pk=membership.pk
    )
    if membership.role == Role.EDITOR and not others.exists():
        raise DomainError(
            f"{membership.user.get_username()} is the last editor of {membership.project.name!r}; "
            "make someone else editor first."
        )


@transaction.atomic
def member_add(
    *, project: Project, username: str, role: str, actor: AbstractBaseUser
) -> Membership:
    """An editor gives an existing account a role in the project."""
    require(user=actor, project=project, action="manage")
    if role not in Role.values:
        raise InputError(f"unknown role {role!r}; use one of {', '.join(Role.values)}")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise DomainError(
            f"no account named {username!r}; an administrator creates it first "
            "(python manage.py project_member PROJECT USER ROLE)"
        )
    existing = Membership.objects.filter(project=project, user=user).first()
    if existing is not None:
        raise DomainError(
            f"{username} is already {existing.role} in {project.name!r}; change the role with "
            f"PATCH /api/v1/members/{existing.pk}/"
        )
    membership = Membership.objects.create(project=project, user=user, role=role)
    change_record(
        project=project,
        object_type="membership",
        object_id=membership.pk,
        action=ChangeAction.ADD,
        actor=actor,
        after=_membership_snapshot(membership),
    )
    return membership


@transaction.atomic
def member_change_role(*, membership: Membership, role: str, actor: AbstractBaseUser) -> Membership:
    """Change a member's role; locks the project's memberships so that two editors demoting
    each other at once cannot leave the project without an editor."""
    require(user=actor, project=membership.project, action="manage")
    if role not in Role.values:
        raise InputError(f"unknown role {role!r}; use one of {', '.join(Role.values)}")
    list(Membership.objects.select_for_update().filter(project=membership.project))
    membership.refresh_from_db()
    before = _membership_snapshot(membership)
    if role != Role.EDITOR:
        _keep_an_editor(membership)
    if not role_allows(role, "review"):
        member_claims_unassign(project=membership.project, member=membership.user, actor=actor)
    membership.role = role
    membership.save(update_fields=["role"])
    change_record(
        project=membership.project,
        object_type="membership",
        object_id=membership.pk,
        action=ChangeAction.CHANGE_ROLE,
        actor=actor,
        before=before,
        after=_membership_snapshot(membership),
    )
    return membership


@transaction.atomic
def member_remove(*, membership: Membership, actor: AbstractBaseUser) -> None:
    """Take a member out of the project (same lock and last-editor rule as a role change)."""
    require(user=actor, project=membership.project, action="manage")
    list(Membership.objects.select_for_update().filter(project=membership.project))
    membership.refresh_from_db()
    _keep_an_editor(membership)
    member_claims_unassign(project=membership.project, member=membership.user, actor=actor)
    change_record(
        project=membership.project,
        object_type="membership",
        object_id=membership.pk,
        action=ChangeAction.REMOVE,
        actor=actor,
        before=_membership_snapshot(membership),
    )
    membership.delete()
