"""Undo through the API: the caller's recent changes that may be undone, undoing one, and
undoing a whole bulk action."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.selectors import changes_visible
from annotations.services.undo import batch_undo, change_undo, undoable_recent
from provenance.api.serializers import ClaimRecordSerializer
from provenance.models import Claim
from provenance.records import claim_current_record


class ChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project = serializers.CharField(source="project.name")
    claim = serializers.IntegerField(source="claim_id", allow_null=True)
    object_type = serializers.CharField()
    object_id = serializers.IntegerField()
    action = serializers.CharField()
    at = serializers.DateTimeField()


class UndoneSerializer(serializers.Serializer):
    undone = serializers.IntegerField(help_text="The change undone.")
    message = serializers.CharField()
    claim = ClaimRecordSerializer(allow_null=True, help_text="The claim as it is now, if any.")


class RecentChangesView(APIView):
    """Your own changes of the last ``UNDO_MINUTES`` that may still be undone, newest first."""

    @extend_schema(responses={200: ChangeSerializer(many=True)})
    def get(self, request):
        return Response(ChangeSerializer(undoable_recent(user=request.user), many=True).data)


class ChangeUndoView(APIView):
    """Undo one of your own recent changes. 403 for another person's change; 409 when it can
    no longer be undone (too old, undone already, or changed since by someone: the message
    names who)."""

    @extend_schema(
        request=None,
        responses={
            200: UndoneSerializer,
            403: OpenApiResponse(description="Not your change, or your role no longer allows it."),
            409: OpenApiResponse(description="It can no longer be undone; the message says why."),
        },
    )
    def post(self, request, change_id: int):
        record = get_object_or_404(changes_visible(user=request.user), pk=change_id)
        undone = change_undo(record=record, user=request.user)
        claim = None
        if undone.claim_id is not None and Claim.objects.filter(pk=undone.claim_id).exists():
            claim = claim_current_record(claim_id=undone.claim_id)
        return Response({"undone": record.pk, "message": undone.message, "claim": claim})


class BatchUndoneSerializer(serializers.Serializer):
    undone = serializers.ListField(
        child=serializers.IntegerField(), help_text="The changes undone, one per item."
    )
    message = serializers.CharField()


class BatchUndoView(APIView):
    """Undo one of your own recent bulk actions whole (its ``batch``, as the bulk action
    answered it): every item back as it was, or, when any one cannot be undone, none. 404 for
    a batch you cannot see; 403 for another person's; 409 when an item can no longer be
    undone (``current.refused`` names each and why)."""

    @extend_schema(
        request=None,
        responses={
            200: BatchUndoneSerializer,
            403: OpenApiResponse(
                description="Not your bulk action, or your role no longer allows it."
            ),
            409: OpenApiResponse(description="An item can no longer be undone; nothing was."),
        },
    )
    def post(self, request, batch):
        if not changes_visible(user=request.user).filter(batch=batch).exists():
            raise Http404  # as for one change: outside one's projects nothing is found
        return Response(BatchUndoneSerializer(batch_undo(batch=batch, user=request.user)).data)
