"""Project members: anyone in a project sees who else is; editors add, re-role and remove."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from provenance.models import Membership, Role
from provenance.selectors import projects_for_user
from provenance.services.members import member_add, member_change_role, member_remove


class MemberSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.name")
    username = serializers.CharField(source="user.username")

    class Meta:
        model = Membership
        fields = ["id", "project", "username", "role", "created_at"]


class MemberAddSerializer(serializers.Serializer):
    project = serializers.CharField(help_text="Project name; you must be its editor.")
    username = serializers.CharField(help_text="An existing account.")
    role = serializers.ChoiceField(choices=Role.choices)


class MemberRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


class MemberViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MemberSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filterset_fields = {"project__name": ["exact"], "role": ["exact"], "user__username": ["exact"]}

    def get_queryset(self) -> QuerySet[Membership]:
        return Membership.objects.filter(
            project__in=projects_for_user(user=self.request.user)
        ).select_related("project", "user")

    @extend_schema(request=MemberAddSerializer, responses={201: MemberSerializer})
    def create(self, request, *args, **kwargs):
        serializer = MemberAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        project = get_object_or_404(projects_for_user(user=request.user), name=data["project"])
        membership = member_add(
            project=project, username=data["username"], role=data["role"], actor=request.user
        )
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MemberRoleSerializer, responses=MemberSerializer)
    def partial_update(self, request, *args, **kwargs):
        membership = self.get_object()
        serializer = MemberRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = member_change_role(
            membership=membership, role=serializer.validated_data["role"], actor=request.user
        )
        return Response(MemberSerializer(membership).data)

    def destroy(self, request, *args, **kwargs):
        membership = self.get_object()
        member_remove(membership=membership, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
