from rest_framework import serializers

from annotations.services.reviews import MAX_EVIDENCE_LINKS
from provenance.api.serializers import ClaimRecordSerializer
from provenance.models import Verdict
from provenance.notes import MAX_NOTE_CHARS


class JudgementSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    confidence = serializers.FloatField(min_value=0.0, max_value=1.0)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=MAX_NOTE_CHARS
    )
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="The claim version judged (or send If-Match)."
    )


def _evidence_field(**options) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.URLField(max_length=2000),
        required=False,
        max_length=MAX_EVIDENCE_LINKS,
        **options,
    )


class ReviewCreateSerializer(JudgementSerializer):
    evidence = _evidence_field(default=list)


class ReviewReviseSerializer(serializers.Serializer):
    """A revision of one's own review: what is sent changes, what is left out stays."""

    verdict = serializers.ChoiceField(choices=Verdict.choices, required=False)
    confidence = serializers.FloatField(min_value=0.0, max_value=1.0, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=MAX_NOTE_CHARS)
    evidence = _evidence_field()
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The claim version you saw (the ETag of the claim), or send If-Match.",
    )


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    claim = serializers.IntegerField(source="claim_id")
    reviewer = serializers.CharField(source="reviewer.username")
    verdict = serializers.CharField()
    confidence = serializers.FloatField()
    note = serializers.CharField()
    evidence = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()


class ReviewResultSerializer(serializers.Serializer):
    review = ReviewSerializer()
    claim = ClaimRecordSerializer()


class AdjudicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    claim = serializers.IntegerField(source="claim_id")
    editor = serializers.CharField(source="editor.username")
    verdict = serializers.CharField()
    confidence = serializers.FloatField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class AdjudicationResultSerializer(serializers.Serializer):
    adjudication = AdjudicationSerializer()
    claim = ClaimRecordSerializer()


class DisputedClaimSerializer(serializers.Serializer):
    """A disputed claim; ``record`` is set on it from ``claim_records`` by the view."""

    claim = ClaimRecordSerializer(source="record")
    project = serializers.CharField(source="article.project.name")
    reviews = ReviewSerializer(many=True)


class QueueNextSerializer(serializers.Serializer):
    project = serializers.CharField(
        required=False, help_text="Project name; without it, every project you review in."
    )


class LeaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    claim = serializers.IntegerField(source="claim_id")
    project = serializers.CharField(source="project_name")
    leased_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class LeaseWithClaimSerializer(serializers.Serializer):
    lease = LeaseSerializer(source="*")
    claim = ClaimRecordSerializer()


class PairAgreementSerializer(serializers.Serializer):
    reviewers = serializers.ListField(child=serializers.CharField())
    reviews = serializers.IntegerField()
    paired_claims = serializers.IntegerField()
    verdict_alpha = serializers.FloatField(allow_null=True)
    confidence_alpha = serializers.FloatField(allow_null=True)


class AgreementSerializer(serializers.Serializer):
    project = serializers.CharField()
    reviews = serializers.IntegerField()
    paired_claims = serializers.IntegerField()
    verdict_alpha = serializers.FloatField(allow_null=True)
    confidence_alpha = serializers.FloatField(allow_null=True)
    pairs = PairAgreementSerializer(many=True)
