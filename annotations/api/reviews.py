"""Reviews and adjudications of one claim, and the editors' adjudication queue."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api.serializers import (
    AdjudicationResultSerializer,
    AdjudicationSerializer,
    DisputedClaimSerializer,
    JudgementSerializer,
    ReviewCreateSerializer,
    ReviewResultSerializer,
    ReviewReviseSerializer,
    ReviewSerializer,
)
from annotations.models import Review
from annotations.selectors import (
    adjudication_queue,
    claim_reviews,
    reviews_visible,
)
from annotations.services.adjudication import claim_adjudicate
from annotations.services.reviews import review_revise, review_submit
from provenance.api.versioning import etag, sent_version
from provenance.permissions import require
from provenance.records import claim_current_record, claim_records
from provenance.selectors import claim_for, claims_for_user, projects_for_user


def _with_claim(key: str, data: dict, status_code: int) -> Response:
    """The created object with the claim it changed, and the claim's new ETag."""
    record = claim_current_record(claim_id=data["claim"])
    response = Response({key: data, "claim": record}, status=status_code)
    response["ETag"] = etag(record["version"])
    return response


class ClaimReviewsView(APIView):
    """A claim's reviews (hidden from a reviewer until they have given theirs), and new ones."""

    @extend_schema(responses={200: ReviewSerializer(many=True)})
    def get(self, request, claim_id: int):
        claim = claim_for(user=request.user, claim_id=claim_id)
        if not reviews_visible(user=request.user, claim=claim):
            raise PermissionDenied(
                "Other reviews of this claim stay hidden until you have given yours or the claim "
                "is settled, so that reviews remain independent."
            )
        return Response(ReviewSerializer(claim_reviews(claim=claim), many=True).data)

    @extend_schema(request=ReviewCreateSerializer, responses={201: ReviewResultSerializer})
    def post(self, request, claim_id: int):
        claim = claim_for(user=request.user, claim_id=claim_id)
        serializer = ReviewCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        review = review_submit(
            claim=claim,
            user=request.user,
            verdict=data["verdict"],
            confidence=data["confidence"],
            version=sent_version(request, data),
            note=data["note"],
            evidence=data["evidence"],
        )
        return _with_claim("review", ReviewSerializer(review).data, status.HTTP_201_CREATED)


class ReviewView(APIView):
    """One review; its reviewer revises it until an editor has ruled on the claim. The version
    sent is the claim's (the ETag its answers carry): a claim changed since gives 409 with the
    claim as it is now, never an overwrite."""

    http_method_names = ["patch", "options"]

    @extend_schema(request=ReviewReviseSerializer, responses={200: ReviewResultSerializer})
    def patch(self, request, review_id: int):
        review = get_object_or_404(
            Review.objects.filter(claim__in=claims_for_user(user=request.user)).select_related(
                "claim__article__project"
            ),
            pk=review_id,
        )
        require(user=request.user, project=review.claim.article.project, action="review")
        serializer = ReviewReviseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The fields sent are the ones to change; the service keeps the others.
        changes = dict(serializer.validated_data)
        version = sent_version(request, {"version": changes.pop("version", None)})
        revised = review_revise(review=review, user=request.user, version=version, **changes)
        return _with_claim("review", ReviewSerializer(revised).data, status.HTTP_200_OK)


class ClaimAdjudicationView(APIView):
    """An editor's ruling on a claim: it becomes verified with the editor's verdict."""

    @extend_schema(request=JudgementSerializer, responses={201: AdjudicationResultSerializer})
    def post(self, request, claim_id: int):
        claim = claim_for(user=request.user, claim_id=claim_id)
        serializer = JudgementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        adjudication = claim_adjudicate(
            claim=claim,
            user=request.user,
            verdict=data["verdict"],
            confidence=data["confidence"],
            version=sent_version(request, data),
            note=data["note"],
        )
        return _with_claim(
            "adjudication", AdjudicationSerializer(adjudication).data, status.HTTP_201_CREATED
        )


class AdjudicationQueueView(ListAPIView):
    """Disputed claims waiting for an editor, with the reviews that disagree."""

    serializer_class = DisputedClaimSerializer
    pagination_class = None

    @extend_schema(parameters=[OpenApiParameter("project", str, required=False)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        claims = list(self.get_queryset())
        # Every record read at once, in a few queries, rather than a claim at a time.
        records = {r["id"]: r for r in claim_records(ids=[claim.pk for claim in claims])}
        for claim in claims:
            claim.record = records[claim.pk]
        return Response(self.get_serializer(claims, many=True).data)

    def get_queryset(self):
        name = self.request.query_params.get("project")
        if not name:
            return adjudication_queue(user=self.request.user)
        project = get_object_or_404(projects_for_user(user=self.request.user), name=name)
        require(user=self.request.user, project=project, action="adjudicate")
        return adjudication_queue(user=self.request.user, projects=[project])
