"""Success messages that offer to undo the change they report."""

from django.contrib import messages
from django.http import HttpRequest

from provenance.models import ChangeRecord

UNDO_TAG = "undo-"


def success_with_undo(request: HttpRequest, text: str, change: ChangeRecord | None) -> None:
    """A success message; with ``change``, the page shows an Undo button beside it."""
    messages.success(request, text, extra_tags=f"{UNDO_TAG}{change.pk}" if change else "")
