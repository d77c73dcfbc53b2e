"""Optimistic concurrency: every write names the version it was based on, as a ``version``
field in the body or an ``If-Match`` header carrying the ETag the client was given."""

import re

from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

_ETAG = re.compile(r'^\s*(?:W/)?"(\d+)"\s*$')


def etag(version: int) -> str:
    return f'"{version}"'


def with_etag(response, version: int):
    response["ETag"] = etag(version)
    return response


def sent_version(request: Request, data: dict) -> int:
    """The version the client based its write on; a clear 400 if it sent none."""
    if data.get("version") is not None:
        return data["version"]
    header = request.headers.get("If-Match")
    if header:
        match = _ETAG.match(header)
        if match is None:
            raise ValidationError(
                {
                    "detail": "If-Match must be the ETag you were given, such as '\"3\"', "
                    f"not {header!r}."
                }
            )
        return int(match.group(1))
    raise ValidationError(
        {
            "version": "Send the version you last saw (the 'version' field, or the ETag in an "
            "If-Match header), so that nobody's change is overwritten."
        }
    )
