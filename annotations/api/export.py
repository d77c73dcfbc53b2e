from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from annotations.export import (
    EXPORT_FORMATS,
    FILTER_PARAMETERS,
    export_chunks,
    export_context,
    export_format,
)
from annotations.selectors import claims_for_export
from provenance.api.serializers import ClaimRecordSerializer

_FILTER_ENUMS = {
    "status": ["unreviewed", "in_review", "verified", "disputed", "rejected", "all"],
    "verdict": ["supported", "refuted", "misleading", "unverifiable"],
    "flagged": ["true", "false"],
}


class ExportClaimsView(APIView):
    """Stream the claims of the caller's projects in one of the export formats.

    Claims are written as they are read, so an export of any size starts at once and never
    builds in memory. Every member of a project may export its claims.
    """

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=list(EXPORT_FORMATS), default="jsonl"),
            *(
                OpenApiParameter(
                    name,
                    OpenApiTypes.DATE if name.startswith("published_") else str,
                    description=description,
                    enum=_FILTER_ENUMS.get(name),
                )
                for name, description in FILTER_PARAMETERS.items()
            ),
        ],
        responses={
            (200, "application/x-ndjson"): OpenApiTypes.STR,
            (200, "application/json"): ClaimRecordSerializer(many=True),
            (200, "text/csv"): OpenApiTypes.STR,
            # ClaimReview's @graph document and Web Annotation's AnnotationCollection.
            (200, "application/ld+json"): OpenApiTypes.OBJECT,
        },
    )
    def get(self, request):
        fmt = export_format(request.query_params.get("format") or "jsonl")
        queryset = claims_for_export(user=request.user, params=request.query_params)
        context = export_context(
            base_url=request.build_absolute_uri("/"), export_url=request.build_absolute_uri()
        )
        response = StreamingHttpResponse(
            export_chunks(queryset, fmt=fmt, context=context), content_type=fmt.content_type
        )
        response["Content-Disposition"] = f'attachment; filename="claims.{fmt.extension}"'
        return response
