"""The export's two baselines, in SQL with no ORM, and the check that one of them is right.

- ``plain_read``: the rows of the same claims and the same columns the JSON Lines export
  reads (claims with their article and its publisher's name, the attributions' hops with
  their sources' names and kinds, the attributions, the flags on either side), one query
  each, streamed through a server-side cursor on PostgreSQL (a plain cursor on SQLite) and
  thrown away: what the database and the driver alone cost, with no Django in the way.
- ``postgres_json``: PostgreSQL building the JSON Lines records itself (``json_build_object``
  and ``json_agg``: the claim's fields, its attributions with their chains, its flags, the
  same keys and values as ``annotations.records``), streamed out by ``COPY ... TO STDOUT``.
  In CSV form with a quote and a delimiter that JSON text never holds raw (JSON escapes
  control characters), so each line is the record's JSON exactly, with no COPY escaping.
- ``first_difference``: where two records differ, as a path (``attributions[0].chain[1].kind``),
  so the benchmark can refuse to print a ratio against a baseline that built other records.

Both read the claims of the export's own queryset (its SQL is the subquery of ids), so the
filters are the export's.
"""

import json
from collections.abc import Iterator
from itertools import zip_longest

from django.db import connection, transaction
from django.db.models import QuerySet

from provenance.models import Article, Attribution, AttributionHop, Claim, Flag, Source

T = {
    "claim": Claim._meta.db_table,
    "article": Article._meta.db_table,
    "attribution": Attribution._meta.db_table,
    "hop": AttributionHop._meta.db_table,
    "flag": Flag._meta.db_table,
    "source": Source._meta.db_table,
}

_CLAIMS_READ = """
SELECT c.id, c.text, c.start, c."end", c.kind, c.status, c.verdict, c.confidence, c.version,
       a.id, a.title, a.origin, p.name, a.url, a.published
FROM {claim} c JOIN {article} a ON a.id = c.article_id
LEFT JOIN {source} p ON p.id = a.publisher_id
WHERE c.id IN ({ids}) ORDER BY c.id
"""
_HOPS_READ = """
SELECT h.attribution_id, s.name, s.kind, h.role
FROM {hop} h JOIN {attribution} t ON t.id = h.attribution_id JOIN {source} s ON s.id = h.source_id
WHERE t.claim_id IN ({ids}) ORDER BY h.attribution_id, h.position
"""
_ATTRIBUTIONS_READ = """
SELECT t.id, t.claim_id, t.cue, t.origin, t.confidence, t.status
FROM {attribution} t WHERE t.claim_id IN ({ids}) ORDER BY t.id
"""
_FLAGS_READ = """
SELECT f.id, f.claim_a_id, f.claim_b_id, f.kind, f.score, f.explanation, f.status
FROM {flag} f WHERE f.claim_a_id IN ({ids})
UNION ALL
SELECT f.id, f.claim_a_id, f.claim_b_id, f.kind, f.score, f.explanation, f.status
FROM {flag} f WHERE f.claim_b_id IN ({ids})
"""
PLAIN_READS = (_CLAIMS_READ, _HOPS_READ, _ATTRIBUTIONS_READ, _FLAGS_READ)

# The record of ``annotations.records._record``, key for key.
_RECORDS_JSON = """
SELECT json_build_object(
  'id', c.id,
  'article', json_build_object(
    'id', a.id, 'title', a.title, 'origin', a.origin, 'publisher', p.name,
    'url', NULLIF(a.url, ''), 'published', a.published),
  'text', c.text, 'start', c.start, 'end', c."end", 'kind', c.kind, 'status', c.status,
  'verdict', c.verdict, 'confidence', c.confidence, 'version', c.version,
  'attributions', COALESCE((
    SELECT json_agg(json_build_object(
      'id', t.id,
      'chain', COALESCE((
        SELECT json_agg(json_build_object('name', s.name, 'kind', s.kind, 'role', h.role)
                        ORDER BY h.position)
        FROM {hop} h JOIN {source} s ON s.id = h.source_id
        WHERE h.attribution_id = t.id), '[]'),
      'cue', t.cue, 'origin', t.origin, 'confidence', t.confidence, 'status', t.status)
      ORDER BY t.id)
    FROM {attribution} t WHERE t.claim_id = c.id), '[]'),
  'flags', COALESCE((
    SELECT json_agg(json_build_object(
      'id', f.id, 'other_claim', f.other, 'kind', f.kind, 'score', f.score,
      'explanation', f.explanation, 'status', f.status) ORDER BY f.id)
    FROM (SELECT *, claim_b_id AS other FROM {flag} WHERE claim_a_id = c.id
          UNION ALL
          SELECT *, claim_a_id AS other FROM {flag} WHERE claim_b_id = c.id) f), '[]')
)
FROM {claim} c JOIN {article} a ON a.id = c.article_id
LEFT JOIN {source} p ON p.id = a.publisher_id
WHERE c.id IN ({ids}) ORDER BY c.id
"""
# JSON text never holds these two raw, so COPY's CSV form neither quotes nor escapes a line.
_COPY = "COPY ({query}) TO STDOUT WITH (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')"


def _sql(template: str, queryset: QuerySet[Claim]) -> tuple[str, list]:
    """``template`` with the export's claims as the ``{ids}`` subquery, and its parameters
    (once for each time the subquery appears)."""
    ids_sql, ids_params = queryset.order_by().values("id").query.sql_with_params()
    occurrences = template.count("{ids}")
    return template.format(ids=ids_sql, **T), list(ids_params) * occurrences


def plain_read(queryset: QuerySet[Claim]) -> int:
    """Every row the JSON Lines export reads, by raw SQL, streamed and discarded; returns the
    number of claims read."""
    claims = 0
    # A server-side cursor lives in a transaction; Django's connection is in autocommit.
    with transaction.atomic():
        for number, template in enumerate(PLAIN_READS):
            count = _count_rows(number=number, sql_params=_sql(template, queryset))
            if number == 0:
                claims = count
    return claims


def _count_rows(*, number: int, sql_params: tuple[str, list]) -> int:
    raw = connection.connection  # psycopg's or sqlite3's connection, not Django's wrapper
    sql, params = sql_params
    if connection.vendor == "postgresql":
        cursor = raw.cursor(name=f"bench_plain_{number}")
        cursor.itersize = 10_000
    else:
        sql, cursor = sql.replace("%s", "?"), raw.cursor()
    cursor.execute(sql, params)
    count = sum(1 for _ in cursor)
    cursor.close()
    return count


def postgres_json(queryset: QuerySet[Claim]) -> Iterator[bytes]:
    """The records as PostgreSQL builds them, as the bytes COPY sends (whole lines or not)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("PostgreSQL's own JSON needs PostgreSQL")
    query, params = _sql(_RECORDS_JSON, queryset)
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        # COPY takes no bound parameters: the subquery's are rendered into the text by psycopg.
        sql = _COPY.format(query=cursor.mogrify(query, params))
        with cursor.copy(sql) as copy:
            for data in copy:
                yield bytes(data)


def lines(pieces: Iterator[bytes | str]) -> Iterator[str]:
    """The text lines of a stream of pieces that may cut lines anywhere."""
    rest = b""
    for piece in pieces:
        rest += piece.encode() if isinstance(piece, str) else piece
        *whole, rest = rest.split(b"\n")
        for line in whole:
            yield line.decode()
    if rest:
        yield rest.decode()


def first_difference(expected, got, path: str = "") -> str | None:
    """Where ``got`` differs from ``expected`` (parsed JSON), as ``path: expected ... got``;
    None when they are equal. Numbers are equal by value; a bool or a string is not a number."""
    where = path or "record"
    if isinstance(expected, dict) and isinstance(got, dict):
        for key in expected.keys() | got.keys():
            if key not in got:
                return f"{where}: key {key!r} missing"
            if key not in expected:
                return f"{where}: unexpected key {key!r}"
        for key in expected:
            found = first_difference(expected[key], got[key], f"{path}.{key}" if path else key)
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(got, list):
        if len(expected) != len(got):
            return f"{where}: {len(expected)} items, {len(got)} built"
        for i, (a, b) in enumerate(zip(expected, got, strict=True)):
            found = first_difference(a, b, f"{path}[{i}]")
            if found:
                return found
        return None
    # JSON has one kind of number (PostgreSQL writes 1.0 as 1), but true is not 1.
    both_numbers = all(
        isinstance(value, int | float) and not isinstance(value, bool) for value in (expected, got)
    )
    if (not both_numbers and type(expected) is not type(got)) or expected != got:
        return f"{where}: export {expected!r}, PostgreSQL {got!r}"
    return None


def records_check(export_lines: Iterator[str], built_lines: Iterator[str]) -> tuple[int, str]:
    """Compare two JSON Lines streams record by record (both in id order); returns how many
    records were compared and the first difference ('' when there is none)."""
    compared = 0
    missing = object()
    for compared, (mine, theirs) in enumerate(
        zip_longest(export_lines, built_lines, fillvalue=missing), start=1
    ):
        if mine is missing or theirs is missing:
            side = "PostgreSQL" if mine is missing else "the export"
            return compared, f"record {compared}: only {side} has it"
        expected = json.loads(mine)
        found = first_difference(expected, json.loads(theirs))
        if found:
            return compared, f"claim {expected.get('id')}: {found}"
    return compared, ""
