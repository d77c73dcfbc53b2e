"""Request rate limits for the API, read from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``.

Rates are looked up on each request, not at import, so a changed setting takes effect at once.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class _RateFromSettings(SimpleRateThrottle):
    def get_rate(self) -> str:
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]


class TokenRateThrottle(_RateFromSettings):
    """One budget per account. DRF gives a user one token, so this is the per-token limit;
    counting by account means regenerating the token does not reset it, and a browser session
    shares the budget of its user's token."""

    scope = "token"

    def get_cache_key(self, request, view) -> str | None:
        if not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonymousRateThrottle(_RateFromSettings):
    """One budget per client address for requests without credentials."""

    scope = "anon"

    def get_cache_key(self, request, view) -> str | None:
        if request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
