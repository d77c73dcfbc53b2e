"""Background exports: start one, follow its progress, download its file."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.export import EXPORT_FORMATS, FILTER_PARAMETERS
from annotations.models import ExportJob
from annotations.services.export_jobs import export_job_create, export_job_file, export_jobs_for


class ExportJobSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    filters = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "format",
            "filters",
            "status",
            "claims_total",
            "claims_written",
            "size",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "url",
            "download_url",
        ]
        read_only_fields = fields

    def get_filters(self, job: ExportJob) -> dict:
        return {k: v for k, v in job.filters.items() if k in FILTER_PARAMETERS}

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, job: ExportJob) -> str:
        return self._absolute(f"/api/v1/export/jobs/{job.pk}/")

    def get_download_url(self, job: ExportJob) -> str | None:
        return self._absolute(f"/api/v1/export/jobs/{job.pk}/download/") if job.file_name else None


class ExportJobListView(APIView):
    """Your background exports, newest first; POST starts one (answered 202 at once)."""

    @extend_schema(responses={200: ExportJobSerializer(many=True)})
    def get(self, request):
        jobs = export_jobs_for(user=request.user)[:100]
        return Response(ExportJobSerializer(jobs, many=True, context={"request": request}).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=list(EXPORT_FORMATS), default="jsonl"),
            *(OpenApiParameter(name, str, description=d) for name, d in FILTER_PARAMETERS.items()),
        ],
        request=None,
        responses={202: ExportJobSerializer},
    )
    def post(self, request):
        params = {**request.query_params.dict(), **_plain(request.data)}
        job = export_job_create(
            user=request.user, params=params, base_url=request.build_absolute_uri("/")
        )
        job.refresh_from_db()  # on the embedded default the job has run already
        return Response(
            ExportJobSerializer(job, context={"request": request}).data,
            status=status.HTTP_202_ACCEPTED,
        )


def _plain(data) -> dict[str, str]:
    """Body fields as strings; a field that is not text is refused by the filters' checks."""
    if not hasattr(data, "items"):
        return {}
    return {str(k): v if isinstance(v, str) else str(v) for k, v in data.items()}


class ExportJobDetailView(APIView):
    """One of your background exports: its status and how many claims are written."""

    @extend_schema(responses={200: ExportJobSerializer})
    def get(self, request, job_id: int):
        job = get_object_or_404(export_jobs_for(user=request.user), pk=job_id)
        return Response(ExportJobSerializer(job, context={"request": request}).data)


class ExportJobDownloadView(APIView):
    """The finished file of one of your background exports; 400 while it is not done."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, job_id: int):
        job = get_object_or_404(export_jobs_for(user=request.user), pk=job_id)
        download = export_job_file(job)
        return FileResponse(download.pop("file"), as_attachment=True, **download)
