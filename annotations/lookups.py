"""``field__in_ids=[...]``: membership in a long list of ids, bound as one parameter.

The export reads each chunk's related rows by its 500 claim ids, five queries a chunk. Django's
``__in`` prepares and binds every element of the list on its own (field preparation, one
placeholder each), which cost more Python time than building the records. Here the list is
one value: an array on PostgreSQL (``= ANY(%s)``), a JSON array that SQLite unpacks with
``json_each``. Elements must be integers; they are checked as such before binding.
"""

import json

from django.db.models import Field, ForeignObject, Lookup


class Ids:
    """The list of ids an ``in_ids`` lookup is given. Not a list, so that the query builder
    passes it on whole instead of resolving every element as a possible expression."""

    __slots__ = ("values",)

    def __init__(self, values) -> None:
        self.values = [int(value) for value in values]

    def __iter__(self):
        return iter(self.values)


class InIds(Lookup):
    lookup_name = "in_ids"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = self.rhs.values if isinstance(self.rhs, Ids) else [int(v) for v in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, ids]
        if connection.vendor == "sqlite":
            return f"{lhs} IN (SELECT value FROM json_each(%s))", [*lhs_params, json.dumps(ids)]
        if not ids:
            return "1 = 0", list(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(ids))})", [*lhs_params, *ids]


# Plain fields, and foreign keys by their column (``claim_id__in_ids``, ``claim__in_ids``).
Field.register_lookup(InIds)
ForeignObject.register_lookup(InIds)
