"""What people decide about claims: reviews, queue leases, skips and adjudications."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property

from provenance.models import Claim, Verdict

_CONFIDENCE_RANGE = Q(confidence__gte=0.0) & Q(confidence__lte=1.0)


class Review(models.Model):
    """One reviewer's independent judgement of one claim."""

    # PROTECT: a judgement is history; a reviewed claim is rejected, never deleted.
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    confidence = models.FloatField()
    note = models.TextField(blank=True)
    evidence = models.JSONField(default=list, blank=True, help_text="Links to the evidence.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "reviewer"], name="review_one_per_reviewer"),
            models.CheckConstraint(condition=_CONFIDENCE_RANGE, name="review_confidence_range"),
            models.CheckConstraint(
                condition=Q(verdict__in=Verdict.values), name="review_verdict_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.verdict} ({self.confidence:.2f}) on claim {self.claim_id}"


class Lease(models.Model):
    """A claim handed to one reviewer from the queue until ``expires_at``.

    One row per claim at most (the unique claim): taking a claim is an insert, or a conditional
    update of an expired row, so two reviewers can never hold the same claim at once.
    """

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="lease")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="leases"
    )
    leased_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["reviewer", "expires_at"], name="lease_reviewer_expiry")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("leased_at")), name="lease_expires_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id} leased to {self.reviewer} until {self.expires_at:%H:%M}"

    @cached_property
    def project_name(self) -> str:
        """The claim's project; set directly by whoever already knows it (the queue)."""
        return self.claim.article.project.name


class ReviewerSkip(models.Model):
    """A reviewer passed on a claim: the queue does not offer it to them again."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "reviewer"], name="skip_one_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} skipped claim {self.claim_id}"


class Adjudication(models.Model):
    """An editor's ruling on a claim; the latest one is the claim's verdict."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="adjudications")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    confidence = models.FloatField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_CONFIDENCE_RANGE, name="adjudication_confidence_range"
            ),
            models.CheckConstraint(
                condition=Q(verdict__in=Verdict.values), name="adjudication_verdict_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.editor}: {self.verdict} on claim {self.claim_id}"
