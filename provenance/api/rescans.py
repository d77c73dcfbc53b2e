"""Project re-scans: start one (editors) and follow its progress."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from provenance.models import Rescan
from provenance.selectors import projects_for_user
from provenance.services.rescans import rescan_start


class RescanSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.name")
    progress = serializers.FloatField()

    class Meta:
        model = Rescan
        fields = [
            "id",
            "project",
            "total_chunks",
            "done_chunks",
            "progress",
            "created_at",
            "finished_at",
        ]


class RescanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RescanSerializer
    filterset_fields = {"project__name": ["exact"]}

    def get_queryset(self):
        return Rescan.objects.filter(
            project__in=projects_for_user(user=self.request.user)
        ).select_related("project")


class ProjectRescanView(APIView):
    @extend_schema(request=None, responses={202: RescanSerializer})
    def post(self, request, project_id: int):
        project = get_object_or_404(projects_for_user(user=request.user), pk=project_id)
        rescan = rescan_start(project=project, user=request.user)
        rescan.refresh_from_db()
        return Response(RescanSerializer(rescan).data, status=status.HTTP_202_ACCEPTED)
