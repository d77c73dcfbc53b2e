from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api.serializers import AgreementSerializer
from annotations.selectors import project_agreement
from provenance.permissions import require
from provenance.selectors import projects_for_user


class AgreementView(APIView):
    """Krippendorff's alpha between a project's reviewers, on verdicts and on confidence."""

    @extend_schema(
        parameters=[OpenApiParameter("project", str, required=True)],
        responses={200: AgreementSerializer},
    )
    def get(self, request):
        name = request.query_params.get("project")
        if not name:
            raise ValidationError({"project": "Name the project: ?project=NAME."})
        project = get_object_or_404(projects_for_user(user=request.user), name=name)
        require(user=request.user, project=project, action="view")
        return Response(project_agreement(project=project))
