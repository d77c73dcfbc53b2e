from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.health import healthz
from provenance import views_tokens
from provenance.api.errors import json_not_found

api_patterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("annotations.api.urls")),
    path("", include("provenance.api.urls")),
    # Anything else under /api/v1/ answers in JSON too.
    path("<path:rest>", json_not_found),
]

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", include(api_patterns)),
    path("account/token/", views_tokens.api_token, name="api-token"),
    path(
        "account/token/regenerate/",
        views_tokens.api_token_regenerate,
        name="api-token-regenerate",
    ),
    path("account/token/delete/", views_tokens.api_token_delete, name="api-token-delete"),
    path("", include("annotations.urls")),
    path("", include("provenance.urls")),
]

handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
