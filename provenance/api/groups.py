"""Corroboration groups: claims that say the same thing, and how independent their sources are."""

from rest_framework import serializers, viewsets

from provenance.corroboration import group_summary, groups_summary
from provenance.models import CorroborationGroup
from provenance.selectors import projects_for_user


class GroupClaimSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    article = serializers.IntegerField(source="article_id")
    publisher = serializers.CharField(source="article.publisher.name", default=None)


class GroupSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="group.id")
    project = serializers.CharField(source="group.project.name")
    independent_sources = serializers.IntegerField()
    origins = serializers.SerializerMethodField()
    relaying_articles = serializers.SerializerMethodField()
    unsourced = serializers.SerializerMethodField()
    claims = GroupClaimSerializer(many=True)

    def get_origins(self, summary) -> dict[str, list[int]]:
        return {label: [c.id for c in claims] for label, claims in summary.origins.items()}

    def get_relaying_articles(self, summary) -> list[int]:
        return [article.id for article in summary.relaying_articles]

    def get_unsourced(self, summary) -> list[int]:
        """Claims that name no source, counted with the group's named origins."""
        return [claim.id for claim in summary.unsourced]


class GroupViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = GroupSerializer
    filterset_fields = {"project__name": ["exact"]}

    def get_queryset(self):
        return CorroborationGroup.objects.filter(
            project__in=projects_for_user(user=self.request.user)
        ).select_related("project")

    def get_serializer(self, instance=None, *args, **kwargs):
        if instance is not None:
            many = kwargs.get("many", False)
            instance = groups_summary(list(instance)) if many else group_summary(instance)
        return super().get_serializer(instance, *args, **kwargs)
