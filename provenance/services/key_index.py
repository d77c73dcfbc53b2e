"""Rows of the key index (``ClaimKey``) written as plain tuples, in one statement.

A claim has some 40 key rows (its words' keys and its embedding's bands): built as model
instances, they were most of what storing an article cost in Python, and Django cut them into
inserts of 333 rows on SQLite (999 parameters a statement), so a long article took more round
trips than a short one. Here they go in as one ``executemany`` of ``(project id, claim id,
key)``, whatever their number.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models.constants import OnConflict

from provenance.models import ClaimKey

# (project id, claim id, key)
KeyRow = tuple[int, int, str]
KEY_LENGTH = ClaimKey._meta.get_field("key").max_length


def key_rows(*, project_id: int, claim_id: int, keys: Iterable[str]) -> list[KeyRow]:
    """A claim's keys as rows, each cut to the column's length."""
    return [(project_id, claim_id, key[:KEY_LENGTH]) for key in keys]


def key_rows_insert(rows: Iterable[KeyRow], *, ignore_conflicts: bool = False) -> None:
    """Insert the rows in one statement; ``ignore_conflicts`` keeps a row already there (the
    unique claim and key) instead of failing."""
    rows = list(rows)
    if not rows:
        return
    ops = connection.ops
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    fields = [ClaimKey._meta.get_field(name) for name in ("project", "claim", "key")]
    columns = ", ".join(ops.quote_name(field.column) for field in fields)
    statement = (
        f"{ops.insert_statement(on_conflict=on_conflict)} "
        f"{ops.quote_name(ClaimKey._meta.db_table)} ({columns}) VALUES (%s, %s, %s) "
        f"{ops.on_conflict_suffix_sql(fields, on_conflict, None, None)}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(statement.rstrip(), rows)
