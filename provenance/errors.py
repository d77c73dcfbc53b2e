"""Domain errors that views, the API and commands turn into clear messages."""

from provenance.text.types import InputError

__all__ = ["ConflictError", "DomainError", "InputError", "NotAllowed"]


class DomainError(Exception):
    """A request that breaks a rule of the product; the message says which, for a person."""


class NotAllowed(DomainError):
    """The user's role in the project does not allow this action."""


class ConflictError(DomainError):
    """A write based on a stale version: ``current`` is the state it would have overwritten."""

    def __init__(self, message: str, *, current: dict) -> None:
        super().__init__(message)
        self.current = current
