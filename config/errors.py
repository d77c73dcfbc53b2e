"""A 500 answers JSON under /api/ and a plain page elsewhere; never Django's debug page."""

from django.shortcuts import render

from provenance.api.errors import json_server_error


def server_error(request):
    if request.path.startswith("/api/"):
        return json_server_error(request)
    return render(request, "500.html", status=500)
