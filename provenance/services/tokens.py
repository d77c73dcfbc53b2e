"""A user's API token (Django REST Framework's one token per user)."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from rest_framework.authtoken.models import Token


@transaction.atomic
def token_regenerate(*, user: AbstractBaseUser) -> Token:
    """A fresh token for the user; the old one, if any, stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def token_delete(*, user: AbstractBaseUser) -> bool:
    """Revoke the user's token; ``False`` when there was none."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return bool(deleted)
