"""The note a person writes with a decision (a review, an adjudication, a flag's triage)."""

from provenance.errors import DomainError

# A reason in a few paragraphs, not a stored document.
MAX_NOTE_CHARS = 5000


def note_check(note: str) -> None:
    if len(note) > MAX_NOTE_CHARS:
        raise DomainError(
            f"A note is at most {MAX_NOTE_CHARS:,} characters; this one has {len(note):,}. "
            "Link to a longer text as evidence instead."
        )
