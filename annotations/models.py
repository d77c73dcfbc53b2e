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


class ExportJobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ExportJob(models.Model):
    """An export written to a file by a background worker, for exports too long to stream in
    one response: its progress is seen while it runs and the file downloaded when it is done
    (``annotations.services.export_jobs``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    format = models.CharField(max_length=16)
    # The export's filters as the API's query parameters name them (FILTER_PARAMETERS).
    filters = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=8, choices=ExportJobStatus.choices, default=ExportJobStatus.QUEUED
    )
    claims_total = models.PositiveIntegerField(default=0)
    claims_written = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    # A worker holds the job until then; a redelivered copy of the task finds it held or done.
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["user", "-id"], name="exportjob_user_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ExportJobStatus.values), name="exportjob_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(claims_written__lte=models.F("claims_total"))
                | Q(status=ExportJobStatus.FAILED),
                name="exportjob_progress_within_total",
            ),
            models.CheckConstraint(
                condition=~Q(status=ExportJobStatus.DONE) | ~Q(file_name=""),
                name="exportjob_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"export {self.pk} ({self.format}, {self.status})"
