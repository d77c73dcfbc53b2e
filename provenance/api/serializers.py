from rest_framework import serializers

from provenance.models import (
    CLAIM_KIND_CHOICES,
    FLAG_KIND_CHOICES,
    SOURCE_KIND_CHOICES,
    Article,
    AttributionOrigin,
    AttributionStatus,
    FlagStatus,
    HopRole,
    Project,
)


class ProjectSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["id", "name", "description", "reviews_required", "created_at", "role"]
        # A taken name is the service's to refuse, after the role check.
        extra_kwargs = {"name": {"validators": []}}

    def get_role(self, project) -> str | None:
        from provenance.selectors import role_in_project

        if hasattr(project, "user_role"):  # read with the list (``projects_with_role``)
            return project.user_role
        return role_in_project(user=self.context["request"].user, project=project)


class EventRefSerializer(serializers.Serializer):
    """The event an article reports (``provenance.services.events``)."""

    id = serializers.IntegerField()
    label = serializers.CharField(allow_blank=True)


class ArticleSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.name")
    event = EventRefSerializer(allow_null=True, read_only=True)
    publisher = serializers.CharField(source="publisher.name", allow_null=True, default=None)
    claim_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "project",
            "title",
            "origin",
            "publisher",
            "url",
            "published",
            "created_at",
            "flagged_at",
            "claim_count",
            "event",
        ]


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "removals"]


class ArticleCreateSerializer(serializers.Serializer):
    """An article as JSON (``body``) or as an uploaded file (``file``: .txt, .html, .jsonl)."""

    project = serializers.CharField(help_text="Project name; you must be a member.")
    body = serializers.CharField(required=False, trim_whitespace=False)
    file = serializers.FileField(required=False)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    publisher = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    url = serializers.URLField(required=False, allow_blank=True, default="", max_length=2000)
    published = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, data):
        if bool(data.get("body")) == bool(data.get("file")):
            raise serializers.ValidationError("Send either 'body' (text) or 'file', not both.")
        return data


class ArticleEventMoveSerializer(serializers.Serializer):
    """Where to move an article: an event of its project by id, or ``null`` for a new one."""

    event = serializers.IntegerField(allow_null=True)


class IngestResultSerializer(serializers.Serializer):
    added = ArticleSerializer(many=True)
    duplicates = serializers.ListField(child=serializers.CharField())


class ChainHopSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=SOURCE_KIND_CHOICES)
    role = serializers.ChoiceField(choices=HopRole.choices)


class AttributionRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    chain = ChainHopSerializer(many=True)
    cue = serializers.CharField(allow_blank=True)
    origin = serializers.ChoiceField(choices=AttributionOrigin.choices)
    confidence = serializers.FloatField()
    status = serializers.ChoiceField(choices=AttributionStatus.choices)


class FlagRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    other_claim = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=FLAG_KIND_CHOICES)
    score = serializers.FloatField()
    explanation = serializers.CharField()
    status = serializers.ChoiceField(choices=FlagStatus.choices)


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(allow_blank=True)
    origin = serializers.CharField()
    publisher = serializers.CharField(allow_null=True)
    url = serializers.CharField(allow_null=True)
    published = serializers.DateField(allow_null=True)


class ClaimRecordSerializer(serializers.Serializer):
    """The brief's claim record; the fields are declared for the OpenAPI schema.

    It serializes records already assembled (``provenance.records.claim_records``, which
    reads a page of them in a few queries), so it passes them through unchanged.
    """

    id = serializers.IntegerField()
    article = ArticleRefSerializer()
    text = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=CLAIM_KIND_CHOICES)
    status = serializers.CharField()
    verdict = serializers.CharField(allow_null=True)
    confidence = serializers.FloatField(allow_null=True)
    version = serializers.IntegerField()
    attributions = AttributionRecordSerializer(many=True)
    flags = FlagRecordSerializer(many=True)
    assigned_to = serializers.CharField(
        allow_null=True,
        help_text="The user name of the reviewer the claim is assigned to, or null.",
    )

    def to_representation(self, instance: dict) -> dict:
        return instance


class ClaimPatchSerializer(serializers.Serializer):
    """An editor's correction: a new span (start and end), or ``status: rejected``."""

    start = serializers.IntegerField(required=False, min_value=0)
    end = serializers.IntegerField(required=False, min_value=1)
    status = serializers.ChoiceField(choices=["rejected"], required=False)
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="The claim version edited (or send If-Match)."
    )

    def validate(self, data):
        span = {"start", "end"} & data.keys()
        if span and span != {"start", "end"}:
            raise serializers.ValidationError("A span correction needs both start and end.")
        if bool(span) == ("status" in data):
            raise serializers.ValidationError(
                "Send either a new span (start and end) or status 'rejected', not both."
            )
        return data
