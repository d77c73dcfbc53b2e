"""Every API error is JSON with a message a person can act on, never an HTML page."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from provenance.errors import ConflictError, DomainError, InputError, NotAllowed
from provenance.text.decoding import human_size

logger = logging.getLogger(__name__)


def _message(detail) -> str:
    if isinstance(detail, dict):
        parts = []
        for field, value in detail.items():
            text = _message(value)
            parts.append(text if field in ("detail", "non_field_errors") else f"{field}: {text}")
        return "; ".join(parts)
    if isinstance(detail, list):
        return " ".join(_message(item) for item in detail)
    return str(detail)


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def _too_large(request) -> RequestTooLarge:
    """Django refused to read a body over DATA_UPLOAD_MAX_MEMORY_SIZE (files not counted)."""
    limit = human_size(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    sent = request.META.get("CONTENT_LENGTH", "") if request is not None else ""
    size = f"is {human_size(int(sent))}" if sent.isdigit() else "is too large"
    return RequestTooLarge(f"The request body {size}; the limit is {limit}. Send less at a time.")


def json_exception_handler(exc, context):
    if isinstance(exc, ConflictError):
        return Response(
            {"error": "conflict", "message": str(exc), "current": exc.current},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, NotAllowed):
        exc = exceptions.PermissionDenied(str(exc))
    elif isinstance(exc, InputError | DomainError):
        exc = exceptions.ValidationError({"detail": str(exc)})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found: no such object, or it is not in your projects.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = _too_large(context.get("request"))
    response = exception_handler(exc, context)
    if response is None:
        logger.exception("unhandled API error", exc_info=exc)
        return Response(
            {"error": "server_error", "message": "Something went wrong on our side; try again."},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    code = getattr(exc, "default_code", "error")
    payload = {"error": code, "message": _message(response.data)}
    if isinstance(response.data, dict) and not set(response.data) <= {"detail"}:
        payload["fields"] = response.data
    response.data = payload
    return response


def _json_error(error: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": error, "message": message}, status=status)


@csrf_exempt  # an unknown address answers 404 whatever the method, never an HTML CSRF page
def json_not_found(request, exception=None, **route_kwargs):
    return _json_error("not_found", f"No API endpoint at {request.path}.", 404)


def json_forbidden(request, exception=None):
    """A refusal raised outside DRF's views (DRF's own go through ``json_exception_handler``)."""
    return _json_error("permission_denied", str(exception or "") or "Not allowed.", 403)


def json_server_error(request):
    return _json_error("server_error", "Something went wrong on our side; try again.", 500)
