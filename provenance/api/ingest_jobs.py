"""Ingest jobs (``manage.py ingest`` with a broker): their progress, for whoever may read the
project."""

from rest_framework import serializers, viewsets

from provenance.models import IngestJob
from provenance.selectors import ingest_jobs_for_user


class IngestJobSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.name")
    progress = serializers.FloatField()

    class Meta:
        model = IngestJob
        fields = [
            "id",
            "project",
            "status",
            "progress",
            "chunks_total",
            "chunks_done",
            "chunks_failed",
            "files_total",
            "files_rejected",
            "rejections",
            "articles_total",
            "articles_added",
            "articles_duplicate",
            "claims_added",
            "created_at",
            "finished_at",
        ]


class IngestJobViewSet(viewsets.ReadOnlyModelViewSet):
    """Progress of ingest jobs: chunks done of the total and articles added so far. List them
    for one project with ``?project__name=NAME``."""

    serializer_class = IngestJobSerializer
    filterset_fields = {"project__name": ["exact"], "status": ["exact"]}

    def get_queryset(self):
        return ingest_jobs_for_user(user=self.request.user)
