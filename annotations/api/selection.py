"""Acting on a selection: bulk actions on claims and flags, and a claim made of a span of an
article's text. Each view validates the request and calls one service."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.services.bulk import (
    MAX_SELECTION,
    claims_assign_selected,
    claims_confirm_suggested,
    claims_reject_selected,
    flags_dismiss_selected,
)
from provenance.api.flags import decision_note_field
from provenance.api.serializers import ClaimRecordSerializer
from provenance.api.versioning import etag
from provenance.errors import DomainError
from provenance.records import claim_current_record
from provenance.selectors import articles_for_user
from provenance.services.claims import claim_make
from provenance.text.types import CLAIM_KINDS

_LARGEST_ID = 2**63 - 1


class SelectedSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=_LARGEST_ID)
    version = serializers.IntegerField(
        min_value=1, max_value=_LARGEST_ID, help_text="The version you read."
    )


def _selection_field(noun: str) -> SelectedSerializer:
    return SelectedSerializer(
        many=True,
        help_text=f"The {noun}s to act on, each with the version you read; at most "
        f"{MAX_SELECTION}. One that is stale, unknown or not yours to change refuses them all.",
    )


class ClaimSelectionSerializer(serializers.Serializer):
    claims = _selection_field("claim")


class ClaimAssignSerializer(ClaimSelectionSerializer):
    assignee = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.all(),
        allow_null=True,
        help_text="The user name of the reviewer or editor to assign the claims to; null "
        "unassigns them.",
        error_messages={"does_not_exist": "No user is named {value}."},
    )


class FlagSelectionSerializer(serializers.Serializer):
    flags = _selection_field("flag")
    note = decision_note_field()


class BulkOutcomeSerializer(serializers.Serializer):
    done = serializers.ListField(child=serializers.IntegerField(), help_text="Changed.")
    unchanged = serializers.ListField(
        child=serializers.IntegerField(), help_text="Already as asked, so left alone."
    )
    message = serializers.CharField()
    batch = serializers.UUIDField(
        allow_null=True,
        help_text="Undo the whole action with POST /api/v1/changes/batches/{batch}/undo/; "
        "null when nothing was changed.",
    )


def _selection(items: list[dict], noun: str) -> dict[int, int]:
    selection: dict[int, int] = {}
    for item in items:
        if item["id"] in selection:
            raise DomainError(f"{noun.capitalize()} {item['id']} is listed twice; list it once.")
        selection[item["id"]] = item["version"]
    return selection


class _BulkView(APIView):
    """POST a selection; 200 with what was done, or a refusal that changed nothing: 400 (too
    many, unknown ids), 403 (a role that does not allow the action on one of them) or 409 (one
    changed since you read it; ``current.versions`` holds their versions now)."""

    serializer_class = ClaimSelectionSerializer
    field = "claims"
    service = staticmethod(claims_confirm_suggested)

    def post(self, request):
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        selection = _selection(data.pop(self.field), self.field[:-1])
        outcome = self.service(selection=selection, user=request.user, **data)
        return Response(BulkOutcomeSerializer(outcome).data)


@extend_schema(request=ClaimSelectionSerializer, responses={200: BulkOutcomeSerializer})
class ClaimsConfirmSuggestedView(_BulkView):
    """Confirm the suggested main chain of each selected claim (annotators and up)."""


@extend_schema(request=ClaimSelectionSerializer, responses={200: BulkOutcomeSerializer})
class ClaimsRejectView(_BulkView):
    """Mark each selected claim not a claim: rejected (editors)."""

    service = staticmethod(claims_reject_selected)


@extend_schema(request=ClaimAssignSerializer, responses={200: BulkOutcomeSerializer})
class ClaimsAssignView(_BulkView):
    """Assign each selected claim to a reviewer, or unassign it (editors): the review queue
    offers an assigned claim to its assignee first and to nobody else until they have reviewed
    or skipped it."""

    serializer_class = ClaimAssignSerializer
    service = staticmethod(claims_assign_selected)


@extend_schema(request=FlagSelectionSerializer, responses={200: BulkOutcomeSerializer})
class FlagsDismissView(_BulkView):
    """Dismiss each selected flag, with one note (reviewers and editors)."""

    serializer_class = FlagSelectionSerializer
    field = "flags"
    service = staticmethod(flags_dismiss_selected)


class ClaimMakeSerializer(serializers.Serializer):
    start = serializers.IntegerField(min_value=0, max_value=_LARGEST_ID)
    end = serializers.IntegerField(min_value=1, max_value=_LARGEST_ID)
    kind = serializers.ChoiceField(choices=CLAIM_KINDS, default="sentence")


class ArticleClaimMakeView(APIView):
    """Make a claim of characters ``start`` to ``end`` of the article's text (``GET
    /api/v1/articles/{id}/text/``), which no claim may overlap; reviewers and editors. It gets
    its check-worthiness, suggested chain and pairing keys as ingest gives them."""

    @extend_schema(request=ClaimMakeSerializer, responses={201: ClaimRecordSerializer})
    def post(self, request, article_id: int):
        article = get_object_or_404(
            articles_for_user(user=request.user).select_related("project"), pk=article_id
        )
        serializer = ClaimMakeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = claim_make(article=article, user=request.user, **serializer.validated_data)
        record = claim_current_record(claim_id=claim.pk)
        return Response(
            record, status=status.HTTP_201_CREATED, headers={"ETag": etag(record["version"])}
        )
