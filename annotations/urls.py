from django.urls import path

from annotations import (
    views,
    views_claims,
    views_exports,
    views_selection,
    views_triage,
    views_undo,
)

urlpatterns = [
    path("queue/", views.review_queue, name="review-queue"),
    path("queue/act/", views.review_queue_act, name="review-queue-act"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim-detail"),
    path("claims/<int:claim_id>/panel/", views_claims.claim_panel, name="claim-panel"),
    path("claims/<int:claim_id>/review/", views_claims.claim_review_page, name="claim-review"),
    path(
        "claims/<int:claim_id>/attributions/add/",
        views_claims.attribution_add_page,
        name="attribution-add",
    ),
    path(
        "attributions/<int:attribution_id>/change/",
        views_claims.attribution_change_page,
        name="attribution-change",
    ),
    path(
        "articles/<int:article_id>/reshape/",
        views_claims.article_reshape,
        name="article-reshape",
    ),
    path(
        "claims/<int:claim_id>/adjudicate/",
        views.claim_adjudicate_page,
        name="claim-adjudicate",
    ),
    path("adjudication/", views.adjudication_list, name="adjudication-list"),
    path("projects/<int:project_id>/reviews/", views.review_dashboard, name="review-dashboard"),
    path("projects/<int:project_id>/flags/", views_triage.flag_list, name="flag-list"),
    path("flags/<int:flag_id>/", views_triage.flag_detail, name="flag-detail"),
    path("flags/<int:flag_id>/decide/", views_triage.flag_decide_page, name="flag-decide"),
    path(
        "projects/<int:project_id>/claims/bulk/",
        views_selection.claims_bulk_page,
        name="claims-bulk",
    ),
    path(
        "projects/<int:project_id>/flags/bulk/dismiss/",
        views_selection.flags_bulk_dismiss_page,
        name="flags-bulk-dismiss",
    ),
    path(
        "articles/<int:article_id>/claims/new/", views_selection.claim_make_page, name="claim-make"
    ),
    path(
        "claims/<int:claim_id>/not-a-claim/",
        views_selection.claim_not_a_claim_page,
        name="claim-not-a-claim",
    ),
    path("exports/", views_exports.export_list, name="export-list"),
    path("exports/start/", views_exports.export_start, name="export-start"),
    path("exports/<int:job_id>/row/", views_exports.export_row, name="export-row"),
    path("exports/<int:job_id>/download/", views_exports.export_download, name="export-download"),
    path("changes/recent/", views_undo.recent_actions, name="recent-actions"),
    path("changes/<int:change_id>/undo/", views_undo.change_undo_page, name="change-undo"),
    path("changes/batches/<uuid:batch>/undo/", views_undo.batch_undo_page, name="batch-undo"),
    path("claims/<int:claim_id>/revert/", views_undo.claim_revert_page, name="claim-revert"),
]
