"""A user's API token (Django REST Framework's one token per user), each change audited.

The audit records name the user and what happened, never the key. The token page and the API
go through the services below, which record who acted. Tokens made or removed elsewhere (DRF's
``drf_create_token`` command, the admin, a shell) are recorded too, by the model's signals,
with no actor and ``via`` saying so.
"""

from contextvars import ContextVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from rest_framework.authtoken.models import Token

from provenance.models import ChangeAction
from provenance.services.history import change_record

# Set while a service below changes a token, so that the signals leave its record to it.
_in_service: ContextVar[bool] = ContextVar("token_service", default=False)


def _token_record(
    *, user_id: int, action: ChangeAction, actor: AbstractBaseUser | None, after: dict | None = None
) -> None:
    change_record(
        project=None,
        object_type="token",
        object_id=user_id,
        action=action,
        actor=actor,
        after=after,
    )


def _in_a_service(change):
    def run(*, user: AbstractBaseUser):
        marker = _in_service.set(True)
        try:
            with transaction.atomic():
                return change(user=user)
        finally:
            _in_service.reset(marker)

    run.__doc__, run.__name__ = change.__doc__, change.__name__
    return run


@_in_a_service
def token_regenerate(*, user: AbstractBaseUser) -> Token:
    """A fresh token for the user; the old one, if any, stops working at once."""
    deleted, _ = Token.objects.filter(user=user).delete()
    _token_record(
        user_id=user.pk,
        action=ChangeAction.REGENERATE if deleted else ChangeAction.CREATE,
        actor=user,
    )
    return Token.objects.create(user=user)


@_in_a_service
def token_delete(*, user: AbstractBaseUser) -> bool:
    """Revoke the user's token; ``False`` when there was none."""
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        _token_record(user_id=user.pk, action=ChangeAction.DELETE, actor=user)
    return bool(deleted)


_OUTSIDE = {"via": "outside the app (a command, the admin or a shell)"}


@receiver(post_save, sender=Token, dispatch_uid="token_created_outside")
def _created_outside(sender, instance: Token, created: bool, **kwargs) -> None:
    if created and not _in_service.get():
        _token_record(
            user_id=instance.user_id, action=ChangeAction.CREATE, actor=None, after=_OUTSIDE
        )


@receiver(post_delete, sender=Token, dispatch_uid="token_deleted_outside")
def _deleted_outside(sender, instance: Token, **kwargs) -> None:
    if not _in_service.get():
        _token_record(
            user_id=instance.user_id, action=ChangeAction.DELETE, actor=None, after=_OUTSIDE
        )
