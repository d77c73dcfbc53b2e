"""Domain errors that views, the API and commands turn into clear messages."""

from provenance.text.types import InputError

__all__ = ["ConflictError", "DatabaseUnavailable", "DomainError", "InputError", "NotAllowed"]


class DomainError(Exception):
    """A request that breaks a rule of the product; the message says which, for a person."""


class NotAllowed(DomainError):
    """The user's role in the project does not allow this action."""


class ConflictError(DomainError):
    """A write based on a stale version: ``current`` is the state it would have overwritten."""

    def __init__(self, message: str, *, current: dict) -> None:
        super().__init__(message)
        self.current = current


class DatabaseUnavailable(DomainError):
    """The database went away in the middle of a batch of work; the message says what was
    stored before it did and what was not. ``done`` is what the work had finished by then."""

    def __init__(self, message: str, *, done: object = None) -> None:
        super().__init__(message)
        self.done = done

    @classmethod
    def from_error(cls, error: Exception, *, outcome: str, done: object = None):
        """From the driver's error: its first line (the cause), then ``outcome``."""
        cause = (str(error).strip().splitlines() or [type(error).__name__])[0]
        return cls(f"database unavailable ({cause}): {outcome}", done=done)
