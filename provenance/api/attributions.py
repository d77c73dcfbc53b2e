"""Attribution endpoints: list and attach chains on a claim, confirm, reject or correct one."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from provenance.api.serializers import AttributionRecordSerializer
from provenance.api.versioning import sent_version, with_etag
from provenance.models import SOURCE_KIND_CHOICES, Attribution, AttributionStatus
from provenance.selectors import claims_for_user
from provenance.services.attributions import (
    attribution_add,
    attribution_decide,
    attribution_edit,
    attribution_snapshot,
)
from provenance.text.types import Hop


class HopInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=SOURCE_KIND_CHOICES, default="unknown")


def _chain(hops: list[dict]) -> list[Hop]:
    return [
        Hop(name=hop["name"].strip(), kind=hop["kind"], role="speaker" if i == 0 else "relay")
        for i, hop in enumerate(hops)
    ]


class AttributionCreateSerializer(serializers.Serializer):
    chain = HopInputSerializer(many=True, allow_empty=False, help_text="Speaker first.")
    cue = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    confidence = serializers.FloatField(min_value=0.0, max_value=1.0, default=1.0)


class AttributionUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, help_text="The version you read; or send it as an If-Match header."
    )
    status = serializers.ChoiceField(
        choices=[AttributionStatus.CONFIRMED, AttributionStatus.REJECTED], required=False
    )
    chain = HopInputSerializer(many=True, allow_empty=False, required=False)
    cue = serializers.CharField(max_length=300, required=False, allow_blank=True)
    confidence = serializers.FloatField(min_value=0.0, max_value=1.0, required=False)

    def validate(self, data):
        edits = {"chain", "cue", "confidence"} & set(data)
        if "status" in data and edits:
            raise serializers.ValidationError("Send either a status or corrections, not both.")
        if "status" not in data and not edits:
            raise serializers.ValidationError(
                "Nothing to change: send status, or chain, cue or confidence."
            )
        return data


class AttributionDetailSerializer(AttributionRecordSerializer):
    version = serializers.IntegerField()


class ClaimAttributionsView(APIView):
    def _claim(self, request, claim_id):
        return get_object_or_404(
            claims_for_user(user=request.user).select_related("article__project"), pk=claim_id
        )

    @extend_schema(responses=AttributionDetailSerializer(many=True))
    def get(self, request, claim_id: int):
        claim = self._claim(request, claim_id)
        attributions = claim.attributions.prefetch_related("hops__source")
        return Response([attribution_snapshot(a) for a in attributions])

    @extend_schema(
        request=AttributionCreateSerializer, responses={201: AttributionDetailSerializer}
    )
    def post(self, request, claim_id: int):
        claim = self._claim(request, claim_id)
        serializer = AttributionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        attribution = attribution_add(
            claim=claim,
            chain=_chain(data["chain"]),
            cue=data["cue"],
            confidence=data["confidence"],
            user=request.user,
        )
        return Response(attribution_snapshot(attribution), status=status.HTTP_201_CREATED)


class AttributionDetailView(APIView):
    def _attribution(self, request, attribution_id):
        claims = claims_for_user(user=request.user)
        return get_object_or_404(
            Attribution.objects.filter(claim__in=claims).select_related("claim__article__project"),
            pk=attribution_id,
        )

    @extend_schema(responses=AttributionDetailSerializer)
    def get(self, request, attribution_id: int):
        attribution = self._attribution(request, attribution_id)
        return with_etag(Response(attribution_snapshot(attribution)), attribution.version)

    @extend_schema(request=AttributionUpdateSerializer, responses=AttributionDetailSerializer)
    def patch(self, request, attribution_id: int):
        attribution = self._attribution(request, attribution_id)
        serializer = AttributionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        version = sent_version(request, data)
        if "status" in data:
            result = attribution_decide(
                attribution=attribution, status=data["status"], version=version, user=request.user
            )
        else:
            result = attribution_edit(
                attribution=attribution,
                version=version,
                user=request.user,
                chain=_chain(data["chain"]) if "chain" in data else None,
                cue=data.get("cue"),
                confidence=data.get("confidence"),
            )
        return with_etag(Response(attribution_snapshot(result)), result.version)
