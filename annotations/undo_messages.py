"""Success messages that offer to undo the change they report, or a whole bulk action."""

import uuid

from django.contrib import messages
from django.http import HttpRequest

from provenance.models import ChangeRecord

UNDO_TAG = "undo-"
BATCH_TAG = "undo-batch-"


def success_with_undo(request: HttpRequest, text: str, change: ChangeRecord | None) -> None:
    """A success message; with ``change``, the page shows an Undo button beside it."""
    messages.success(request, text, extra_tags=f"{UNDO_TAG}{change.pk}" if change else "")


def success_with_batch_undo(request: HttpRequest, text: str, batch: uuid.UUID | None) -> None:
    """A bulk action's success message; with ``batch``, one Undo button for the whole action."""
    messages.success(request, text, extra_tags=f"{BATCH_TAG}{batch}" if batch else "")
