from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from provenance.api.serializers import (
    ArticleCreateSerializer,
    ArticleDetailSerializer,
    ArticleEventMoveSerializer,
    ArticleSerializer,
    ClaimPatchSerializer,
    ClaimRecordSerializer,
    IngestResultSerializer,
    ProjectSerializer,
)
from provenance.api.versioning import etag, sent_version
from provenance.filters import ClaimFilter
from provenance.models import Article, Event
from provenance.permissions import require
from provenance.records import claim_current_record, claim_records
from provenance.selectors import (
    articles_for_user,
    claims_for_user,
    projects_for_user,
    projects_with_role,
)
from provenance.services.claims import claim_correct_span, claim_reject
from provenance.services.events import article_event_move
from provenance.services.ingest import article_ingest, file_upload_ingest
from provenance.services.projects import project_create, project_require_creator
from provenance.text.types import RawArticle


class ProjectViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ProjectSerializer
    filterset_fields = ["name"]

    def get_queryset(self):
        return projects_with_role(user=self.request.user)

    def create(self, request, *args, **kwargs):
        """Start a project (editors of some project, or staff); you become its editor."""
        project_require_creator(request.user)  # before validation: a refusal, not a 400
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = project_create(**serializer.validated_data, user=request.user)
        return Response(self.get_serializer(project).data, status=status.HTTP_201_CREATED)


class ArticleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_fields = {"project__name": ["exact"], "published": ["gte", "lte"]}

    def get_queryset(self):
        return (
            articles_for_user(user=self.request.user)
            .select_related("project", "publisher", "event")
            .annotate(claim_count=Count("claims"))
        )

    def get_serializer_class(self):
        if self.action == "create":
            return ArticleCreateSerializer
        if self.action == "retrieve":
            return ArticleDetailSerializer
        return ArticleSerializer

    @extend_schema(responses={(200, "text/plain"): OpenApiTypes.STR})
    @action(detail=True, methods=["get"], url_path="text")
    def text(self, request, pk=None):
        """The article's stored text alone: what claim offsets count into (Unicode code points),
        and the resource a Web Annotation's selectors apply to."""
        article = get_object_or_404(articles_for_user(user=request.user), pk=pk)
        return HttpResponse(article.body, content_type="text/plain; charset=utf-8")

    @extend_schema(request=ArticleEventMoveSerializer, responses={200: ArticleSerializer})
    @action(detail=True, methods=["post"], url_path="event")
    def event(self, request, pk=None):
        """Move the article to another event of its project (``{"event": id}``) or to a new one
        (``{"event": null}``); editors only. Its open flags against other events' claims are
        withdrawn and it is flagged again within its new event."""
        article = get_object_or_404(self.get_queryset(), pk=pk)
        serializer = ArticleEventMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event_id = serializer.validated_data["event"]
        event = (
            None
            if event_id is None
            else get_object_or_404(Event.objects.filter(project=article.project), pk=event_id)
        )
        article_event_move(article=article, event=event, actor=request.user)
        return Response(ArticleSerializer(self.get_queryset().get(pk=article.pk)).data)

    @extend_schema(request=ArticleCreateSerializer, responses={201: IngestResultSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ArticleCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        project = get_object_or_404(projects_for_user(user=request.user), name=data["project"])
        require(user=request.user, project=project, action="ingest")
        if data.get("file"):
            upload = data["file"]
            outcomes = file_upload_ingest(
                project=project,
                upload=upload,
                publisher=data["publisher"],
                created_by=request.user,
            )
        else:
            raw = RawArticle(
                body=data["body"],
                title=data["title"],
                publisher=data["publisher"],
                url=data["url"],
                published=data["published"].isoformat() if data["published"] else "",
            )
            outcomes = [
                article_ingest(
                    project=project,
                    raw=raw,
                    origin=data["url"] or f"api:{request.user.get_username()}",
                    created_by=request.user,
                )
            ]
        added = [o.article for o in outcomes if o.created]
        ids = [a.pk for a in added]
        added_rows = self.get_queryset().filter(pk__in=ids) if ids else Article.objects.none()
        body = {
            "added": ArticleSerializer(added_rows, many=True).data,
            "duplicates": [o.article.origin for o in outcomes if not o.created],
        }
        return Response(body, status=status.HTTP_201_CREATED if added else status.HTTP_200_OK)


class ApiClaimFilter(ClaimFilter):
    """The claim filters without the ordering: the API's cursor pages are in id order."""

    ordering = None


class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Claim records; editors correct a claim's span or reject it with PATCH.

    A claim's ETag is its version. PATCH must send it back (``version`` in the body or
    ``If-Match``); a stale one gets 409 with the current record, and nothing is overwritten.
    """

    serializer_class = ClaimRecordSerializer
    http_method_names = ["get", "patch", "head", "options"]
    # The claim filters of the claims page and the export (``provenance.filters``).
    filterset_class = ApiClaimFilter

    def get_queryset(self):
        return claims_for_user(user=self.request.user)

    def list(self, request, *args, **kwargs):
        if request.query_params.get("ordering"):
            raise ValidationError(
                {
                    "ordering": "The API lists claims newest first, a cursor page at a time; "
                    "sort on the claims page, or after fetching."
                }
            )
        # The page picks the ids; their records are then read as rows, a page in a few queries.
        claims = self.filter_queryset(self.get_queryset()).only("id")
        page = self.paginate_queryset(claims)
        records = claim_records(ids=[claim.pk for claim in (claims if page is None else page)])
        if page is None:
            return Response(records)
        return self.get_paginated_response(records)

    def retrieve(self, request, *args, **kwargs):
        record = claim_current_record(claim_id=self.get_object().pk)
        return Response(record, headers={"ETag": etag(record["version"])})

    @extend_schema(
        request=ClaimPatchSerializer,
        responses={200: ClaimRecordSerializer, 409: OpenApiResponse(description="Stale version")},
    )
    def partial_update(self, request, *args, **kwargs):
        claim = self.get_object()
        serializer = ClaimPatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        version = sent_version(request, data)
        if "status" in data:
            claim_reject(claim=claim, version=version, user=request.user)
        else:
            claim_correct_span(
                claim=claim,
                start=data["start"],
                end=data["end"],
                version=version,
                user=request.user,
            )
        record = claim_current_record(claim_id=claim.pk)
        return Response(record, headers={"ETag": etag(record["version"])})
