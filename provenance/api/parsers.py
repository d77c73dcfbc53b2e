"""Request body parsers: DRF's, with refusals that name what is wrong."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from provenance.text.decoding import JSON_TOO_DEEP


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; JSON nested deeper than Python's stack is a 400, not a 500.

    (DRF turns a ``ValueError`` into a 400 but lets the ``RecursionError`` of ``[[[[...``
    through.) Lone surrogate escapes need nothing here: DRF's text fields refuse them.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON parse error - {JSON_TOO_DEEP}.") from None
