"""The Undo button of a success message: the change it undoes travels in the message's extra
tags (``annotations.undo_messages``), since a message itself is only text."""

from django import template

from annotations.undo_messages import UNDO_TAG

register = template.Library()


@register.filter
def undo_change_id(message) -> str:
    """The id of the change a message offers to undo, or ``""``."""
    for tag in (message.extra_tags or "").split():
        if tag.startswith(UNDO_TAG):
            return tag.removeprefix(UNDO_TAG)
    return ""
