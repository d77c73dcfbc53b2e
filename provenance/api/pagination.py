import re

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

_ID = re.compile(r"[0-9]{1,18}")


class IdCursorPagination(CursorPagination):
    """Cursor pagination on the primary key: stable under inserts and fast on any page.

    A cursor or page size that cannot be used is the caller's mistake, answered with a 400
    that says so, not a 404 or a silently different page size.
    """

    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {"page_size": f"Give a whole number from 1 to {self.max_page_size}, not {raw!r}."}
            )
        return size

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            cursor = None
        else:
            # DRF decodes any base64 of "p=...": the position must be an id (a 64-bit one), as
            # in the cursors the API gives out, or the query itself would fail.
            if cursor is None or cursor.position is None or _ID.fullmatch(cursor.position):
                return cursor
        raise ValidationError(
            {"cursor": "This cursor is not one the API gave out; follow the next link."}
        )
