from django.urls import path

from annotations.api.agreement import AgreementView
from annotations.api.changes import BatchUndoView, ChangeUndoView, RecentChangesView
from annotations.api.export import ExportClaimsView
from annotations.api.export_jobs import (
    ExportJobDetailView,
    ExportJobDownloadView,
    ExportJobListView,
)
from annotations.api.queue import LeaseListView, LeaseReleaseView, LeaseSkipView, QueueNextView
from annotations.api.reviews import (
    AdjudicationQueueView,
    ClaimAdjudicationView,
    ClaimReviewsView,
    ReviewView,
)
from annotations.api.selection import (
    ArticleClaimMakeView,
    ClaimsAssignView,
    ClaimsConfirmSuggestedView,
    ClaimsRejectView,
    FlagsDismissView,
)

urlpatterns = [
    path("export/claims/", ExportClaimsView.as_view(), name="export-claims"),
    path("export/jobs/", ExportJobListView.as_view(), name="export-jobs"),
    path("export/jobs/<int:job_id>/", ExportJobDetailView.as_view(), name="export-job"),
    path(
        "export/jobs/<int:job_id>/download/",
        ExportJobDownloadView.as_view(),
        name="export-job-download",
    ),
    path("queue/next/", QueueNextView.as_view(), name="queue-next"),
    path("queue/leases/", LeaseListView.as_view(), name="lease-list"),
    path("queue/leases/<int:lease_id>/release/", LeaseReleaseView.as_view(), name="lease-release"),
    path("queue/leases/<int:lease_id>/skip/", LeaseSkipView.as_view(), name="lease-skip"),
    path(
        "claims/bulk/confirm-suggested/",
        ClaimsConfirmSuggestedView.as_view(),
        name="claims-bulk-confirm",
    ),
    path("claims/bulk/reject/", ClaimsRejectView.as_view(), name="claims-bulk-reject"),
    path("claims/bulk/assign/", ClaimsAssignView.as_view(), name="claims-bulk-assign"),
    path("flags/bulk/dismiss/", FlagsDismissView.as_view(), name="flags-bulk-dismiss-api"),
    path(
        "articles/<int:article_id>/claims/", ArticleClaimMakeView.as_view(), name="claim-make-api"
    ),
    path("claims/<int:claim_id>/reviews/", ClaimReviewsView.as_view(), name="claim-reviews"),
    path("reviews/<int:review_id>/", ReviewView.as_view(), name="review-detail"),
    path(
        "claims/<int:claim_id>/adjudication/",
        ClaimAdjudicationView.as_view(),
        name="claim-adjudication",
    ),
    path("adjudication/", AdjudicationQueueView.as_view(), name="adjudication-queue-api"),
    path("agreement/", AgreementView.as_view(), name="agreement"),
    path("changes/recent/", RecentChangesView.as_view(), name="changes-recent"),
    path("changes/<int:change_id>/undo/", ChangeUndoView.as_view(), name="change-undo-api"),
    path("changes/batches/<uuid:batch>/undo/", BatchUndoView.as_view(), name="batch-undo-api"),
]
