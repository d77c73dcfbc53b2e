"""The Undo button of a success message: the change (or the bulk action) it undoes travels in
the message's extra tags (``annotations.undo_messages``), since a message itself is only text."""

from django import template
from django.urls import reverse

from annotations.undo_messages import BATCH_TAG, UNDO_TAG

register = template.Library()


@register.filter
def undo_url(message) -> str:
    """Where the message's Undo button posts to, or ``""`` when it offers none."""
    for tag in (message.extra_tags or "").split():
        if tag.startswith(BATCH_TAG):
            return reverse("batch-undo", args=[tag.removeprefix(BATCH_TAG)])
        if tag.startswith(UNDO_TAG):
            return reverse("change-undo", args=[tag.removeprefix(UNDO_TAG)])
    return ""
