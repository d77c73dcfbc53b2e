"""The reviewer queue: lease the next claim, skip it or give it back."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api.serializers import (
    LeaseSerializer,
    LeaseWithClaimSerializer,
    QueueNextSerializer,
)
from annotations.models import Lease
from annotations.selectors import leases_held, queue_projects
from annotations.services.queue import lease_release, lease_skip, queue_next
from provenance.records import claim_current_record
from provenance.selectors import projects_for_user


def lease_answer(lease: Lease) -> dict:
    return {
        "lease": LeaseSerializer(lease).data,
        "claim": claim_current_record(claim_id=lease.claim_id),
    }


class QueueNextView(APIView):
    """Lease the caller the next claim to review; 204 when nothing is left for them."""

    @extend_schema(
        request=QueueNextSerializer,
        responses={
            200: LeaseWithClaimSerializer,
            204: OpenApiResponse(description="Nothing left for you to review."),
        },
    )
    def post(self, request):
        serializer = QueueNextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        name = serializer.validated_data.get("project")
        chosen = (
            get_object_or_404(projects_for_user(user=request.user), name=name) if name else None
        )
        projects = queue_projects(user=request.user, chosen=chosen)
        lease = queue_next(user=request.user, projects=projects)
        if lease is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(lease_answer(lease))


class LeaseListView(APIView):
    """The caller's unexpired leases."""

    @extend_schema(responses={200: LeaseSerializer(many=True)})
    def get(self, request):
        leases = leases_held(user=request.user, now=timezone.now())
        return Response(LeaseSerializer(leases, many=True).data)


def _own_lease(request, lease_id: int) -> Lease:
    """Only the holder may end a lease; anyone else's lease is not found."""
    return get_object_or_404(Lease.objects.filter(reviewer=request.user), pk=lease_id)


class LeaseReleaseView(APIView):
    """Give the claim back to the queue."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, lease_id: int):
        lease_release(lease=_own_lease(request, lease_id), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LeaseSkipView(APIView):
    """Give the claim back and never be offered it again."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, lease_id: int):
        lease_skip(lease=_own_lease(request, lease_id), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
