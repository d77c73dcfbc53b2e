"""Request guards that apply to every view."""

from django.http import HttpResponseBadRequest, JsonResponse

_NUL_MESSAGE = "The request contains a NUL character (%00), which no field here can hold."


class RejectNulCharacters:
    """Refuse a NUL in the path or query string with a 400 before any view sees it.

    PostgreSQL text cannot hold NUL, so a filter value carrying one would otherwise fail deep in
    a query; DRF's serializers already refuse NUL in request bodies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in raw or "\x00" in raw:
            if request.path.startswith("/api/"):
                return JsonResponse({"error": "invalid", "message": _NUL_MESSAGE}, status=400)
            return HttpResponseBadRequest(_NUL_MESSAGE)
        return self.get_response(request)
