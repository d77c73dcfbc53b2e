"""The site's error pages: JSON under /api/, a page in the site's layout elsewhere; never
Django's bare or debug pages.

403 and 404 render with the request (the layout's navigation, the user's name); the 500 page
renders with no request and no context processors, from a layout that needs neither the
database nor the session, since either may be what failed.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

from provenance.api.errors import json_forbidden, json_not_found, json_server_error


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _came_from(request: HttpRequest) -> str:
    """The page that linked here, if it is one of this site's, for a "go back" link."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return json_forbidden(request, exception)
    # The pages' refusals name the role they need ("You need the reviewer role in ...").
    context = {"reason": str(exception), "came_from": _came_from(request)}
    return render(request, "403.html", context, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with a stale or missing CSRF token (Django's ``CSRF_FAILURE_VIEW``): not a
    matter of roles, so the page says to reload and send again."""
    if _is_api(request):
        return json_forbidden(request, "CSRF check failed: send the current CSRF token.")
    context = {"stale_form": True, "came_from": _came_from(request)}
    return render(request, "403.html", context, status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return json_not_found(request, exception)
    return render(request, "404.html", {"came_from": _came_from(request)}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return json_server_error(request)
    return HttpResponseServerError(loader.get_template("500.html").render())
