"""OpenAPI post-processing: every operation documents the JSON errors it can answer with.

drf-spectacular describes successful responses only; the API also answers 400, 401, 403, 404
and 429 (and 409 and 413 to writes) with one JSON shape, ``{"error", "message"}``, which
clients should be able to rely on from the schema.
"""

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "A short code, e.g. not_found."},
        "message": {"type": "string", "description": "What went wrong and what to do."},
        "fields": {"type": "object", "description": "Per-field messages of a bad request."},
        "current": {"type": "object", "description": "The current state, on a conflict."},
    },
}

ERRORS = {
    "400": "The request is invalid; the message names the parameter or field.",
    "401": "No valid credentials: log in, or send Authorization: Token KEY.",
    "403": "Your role does not allow this.",
    "404": "No such object, or not in your projects.",
    "429": "Too many requests: wait as long as the Retry-After header says.",
}
WRITE_ERRORS = {
    "409": "Someone changed this meanwhile; the answer holds the current state.",
    "413": "The request body is over the size limit, which the message states.",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def _error_response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def document_errors(result, generator, request, public):
    """Add the shared error responses to each operation that does not describe its own."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            codes = {**ERRORS, **(WRITE_ERRORS if method in WRITE_METHODS else {})}
            responses = operation.setdefault("responses", {})
            for code, description in codes.items():
                responses.setdefault(code, _error_response(description))
    return result
