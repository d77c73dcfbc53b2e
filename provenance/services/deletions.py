"""Deleting claims and articles (the admin's delete): refused while reviews, rulings or audit
records rest on them, and what is deleted leaves a record of itself.

The refusal is the database's: reviews, adjudications and change records hold their claim
(and change records their project) with ``PROTECT``, so no way of deleting can take history
with it. Soft deletion was the other choice; it would have every read (queue, exports,
flagging, agreement) filter out deleted rows, and one forgotten filter would publish a deleted
claim. A claim found wrong after review is rejected instead, which keeps why.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import ProtectedError

from provenance.errors import DomainError
from provenance.models import Article, ChangeAction, Claim
from provenance.services.history import article_snapshot, change_record, claim_snapshot


def _delete_recorded(obj: Claim | Article, *, before: dict, user: AbstractBaseUser) -> None:
    """Record the deletion and delete, in one transaction; a protected object is refused with
    what protects it, and its record rolls back with it."""
    object_type = obj._meta.model_name
    with transaction.atomic():
        change_record(
            project=obj.project,
            object_type=object_type,
            object_id=obj.pk,
            action=ChangeAction.DELETE,
            actor=user,
            before=before,
        )
        try:
            obj.delete()
        except ProtectedError as error:
            kinds = sorted({str(o._meta.verbose_name_plural) for o in error.protected_objects})
            raise DomainError(
                f"{object_type.capitalize()} {obj.pk} cannot be deleted: {', '.join(kinds)} rest "
                "on it and history is kept. Reject the claims instead."
            ) from None


def claim_delete(*, claim: Claim, user: AbstractBaseUser) -> None:
    """Delete a claim nobody has reviewed, ruled on or changed, recording what it was."""
    _delete_recorded(
        claim, before={"article": claim.article_id, **claim_snapshot(claim)}, user=user
    )


def article_delete(*, article: Article, user: AbstractBaseUser) -> None:
    """Delete an article none of whose claims has history, recording what it was; its ingest
    record stays."""
    before = article_snapshot(article, claims=article.claims.count())
    _delete_recorded(article, before=before, user=user)
