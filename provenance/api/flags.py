"""Contradiction flags: list and read them with both claims, and triage them."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from provenance.api.versioning import sent_version, with_etag
from provenance.models import Flag, FlagStatus
from provenance.notes import MAX_NOTE_CHARS
from provenance.selectors import projects_for_user
from provenance.services.flags import flag_decide


class FlagClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    article = serializers.IntegerField(source="article_id")
    article_title = serializers.CharField(source="article.title")
    publisher = serializers.CharField(source="article.publisher.name", default=None)


class FlagSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.name")
    claim_a = FlagClaimSerializer()
    claim_b = FlagClaimSerializer()

    class Meta:
        model = Flag
        fields = [
            "id",
            "project",
            "kind",
            "score",
            "explanation",
            "status",
            "note",
            "version",
            "claim_a",
            "claim_b",
            "created_at",
            "decided_at",
        ]


def decision_note_field() -> serializers.CharField:
    """A flag decision's note, for one flag or a selection of them."""
    return serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=MAX_NOTE_CHARS,
        help_text="Why: kept with the decision and in the flag's history.",
    )


class FlagUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=FlagStatus.choices)
    note = decision_note_field()
    version = serializers.IntegerField(
        required=False, help_text="The version you read; or send it as an If-Match header."
    )


class FlagViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = FlagSerializer
    http_method_names = ["get", "patch", "head", "options"]
    filterset_fields = {
        "project__name": ["exact"],
        "status": ["exact"],
        "kind": ["exact"],
        "claim_a": ["exact"],
        "claim_b": ["exact"],
    }

    def get_queryset(self):
        return Flag.objects.filter(
            project__in=projects_for_user(user=self.request.user)
        ).select_related(
            "project",
            "claim_a__article__publisher",
            "claim_b__article__publisher",
        )

    @extend_schema(request=FlagUpdateSerializer, responses=FlagSerializer)
    def partial_update(self, request, *args, **kwargs):
        flag = self.get_object()
        serializer = FlagUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decided = flag_decide(
            flag=flag,
            status=serializer.validated_data["status"],
            version=sent_version(request, serializer.validated_data),
            user=request.user,
            note=serializer.validated_data["note"],
        )
        fresh = self.get_queryset().get(pk=decided.pk)
        return with_etag(Response(FlagSerializer(fresh).data), fresh.version)
