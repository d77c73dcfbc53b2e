"""The source registry: who speaks and who relays. A project's sources (named in its articles,
added by its editors) are seen and changed only by its members; the shared reference list is
read by all, changed by no project.

Who may read and edit them: ``provenance.permissions`` (``sources_visible``,
``source_require_editable``, ``source_project_for``), shared with the sources page.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response

from provenance.api.versioning import sent_version, with_etag
from provenance.errors import DomainError
from provenance.models import SOURCE_KIND_CHOICES, Project, Source
from provenance.permissions import (
    source_project_for,
    source_require_editable,
    sources_editable,
    sources_readable,
    sources_visible,
)
from provenance.selectors import projects_for_user
from provenance.services.sources import source_create, source_merge, source_update


class SourcePermission(BasePermission):
    message = "Sources are open to project members; adding or changing one needs an editor role."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            self.message = "Sources are open to members of a project; you are in none."
            return sources_readable(user=request.user)
        self.message = "Adding or changing a source needs the editor role in some project."
        return sources_editable(user=request.user)


class SourceSerializer(serializers.ModelSerializer):
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=300, allow_blank=True),
        max_length=100,
        required=False,
    )
    kind = serializers.ChoiceField(choices=SOURCE_KIND_CHOICES, required=False)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="On a change: the version you read (or send its ETag as If-Match). "
        "A change based on an older version is refused with 409 and the current state.",
    )
    project = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.all(),
        required=False,
        allow_null=True,
        help_text="The project the source belongs to; null for the shared reference list. On "
        "adding: a project you edit (it may be left out when you edit only one). Not changed "
        "afterwards.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # a project the caller cannot see is not found
            self.fields["project"].queryset = projects_for_user(user=request.user)

    class Meta:
        model = Source
        fields = [
            "id",
            "project",
            "name",
            "kind",
            "aliases",
            "country",
            "affiliation",
            "from_registry",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["from_registry", "created_at", "updated_at"]
        # Uniqueness is the service's to check: it compares normalised names.
        validators = []


class SourceMergeSerializer(serializers.Serializer):
    duplicate = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.none(),  # the sources the caller sees: set in __init__
        help_text="The source merged away (of the same project): it is deleted.",
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The kept source's version you read (or its ETag as If-Match).",
    )
    duplicate_version = serializers.IntegerField(
        required=False, min_value=1, help_text="The duplicate's version you read, if checked."
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["duplicate"].queryset = sources_visible(user=user)


class SourceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SourceSerializer
    permission_classes = [IsAuthenticated, SourcePermission]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = {
        "kind": ["exact"],
        "name": ["icontains"],
        "from_registry": ["exact"],
        "project": ["exact", "isnull"],
    }
    queryset = Source.objects.none()  # for the schema; each request reads get_queryset

    def get_queryset(self):
        # Another project's sources are not found (404), as its claims are not.
        return sources_visible(user=self.request.user).order_by("name", "pk")

    def get_object(self):
        source = super().get_object()
        if self.request.method not in SAFE_METHODS:
            source_require_editable(user=self.request.user, source=source)
        return source

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        fields["project"] = source_project_for(user=request.user, project=fields.get("project"))
        source = source_create(**fields, user=request.user)
        response = Response(self.get_serializer(source).data, status=status.HTTP_201_CREATED)
        return with_etag(response, source.version)

    def retrieve(self, request, *args, **kwargs):
        source = self.get_object()
        return with_etag(Response(self.get_serializer(source).data), source.version)

    @extend_schema(request=SourceSerializer, responses=SourceSerializer)
    def partial_update(self, request, *args, **kwargs):
        source = self.get_object()
        serializer = self.get_serializer(source, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = sent_version(request, changes)
        changes.pop("version", None)
        if changes.pop("project", source.project) != source.project:
            raise DomainError("A source stays in its project; add one to the other project.")
        source = source_update(source=source, version=version, user=request.user, **changes)
        return with_etag(Response(self.get_serializer(source).data), source.version)

    @extend_schema(request=SourceMergeSerializer, responses=SourceSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge a duplicate into this source: its hops, articles, name and aliases move here,
        and it is deleted. Editors only; a stale version is refused with 409."""
        source = self.get_object()
        serializer = SourceMergeSerializer(data=request.data, user=request.user)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        source = source_merge(
            keep=source,
            duplicate=data["duplicate"],
            version=sent_version(request, data),
            duplicate_version=data.get("duplicate_version"),
            user=request.user,
        )
        return with_etag(Response(self.get_serializer(source).data), source.version)
