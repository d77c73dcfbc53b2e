"""A user's API token (Django REST Framework's one token per user), each change audited.

The audit records name the user and what happened, never the key.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from rest_framework.authtoken.models import Token

from provenance.services.history import change_record


def _token_record(*, user: AbstractBaseUser, action: str) -> None:
    change_record(project=None, object_type="token", object_id=user.pk, action=action, actor=user)


@transaction.atomic
def token_regenerate(*, user: AbstractBaseUser) -> Token:
    """A fresh token for the user; the old one, if any, stops working at once."""
    deleted, _ = Token.objects.filter(user=user).delete()
    _token_record(user=user, action="regenerate" if deleted else "create")
    return Token.objects.create(user=user)


@transaction.atomic
def token_delete(*, user: AbstractBaseUser) -> bool:
    """Revoke the user's token; ``False`` when there was none."""
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        _token_record(user=user, action="delete")
    return bool(deleted)
