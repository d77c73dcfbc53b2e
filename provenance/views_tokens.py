"""The page where a user makes, replaces or revokes their API token.

A new key is shown once, on the page right after it was made (it travels in the server-side
session, never in a cookie or URL); afterwards only its last characters are shown.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from provenance.services.tokens import token_delete, token_regenerate

_NEW_KEY = "new_api_token"


@login_required
def api_token(request: HttpRequest) -> HttpResponse:
    token = Token.objects.filter(user=request.user).first()
    return render(
        request,
        "tokens/token.html",
        {
            "token": token,
            "new_key": request.session.pop(_NEW_KEY, None),
            "api_base": request.build_absolute_uri("/api/v1/"),
        },
    )


@login_required
@require_POST
def api_token_regenerate(request: HttpRequest) -> HttpResponse:
    request.session[_NEW_KEY] = token_regenerate(user=request.user).key
    return redirect("api-token")


@login_required
@require_POST
def api_token_delete(request: HttpRequest) -> HttpResponse:
    if token_delete(user=request.user):
        messages.success(request, "Your API token is revoked; requests that use it now fail.")
    else:
        messages.info(request, "You had no API token.")
    return redirect("api-token")
