from django.contrib.auth import views as auth_views
from django.urls import path

from provenance import views, views_graph, views_members, views_projects, views_sources

urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("projects/new/", views_projects.project_new, name="project-new"),
    path("projects/<int:project_id>/", views.project_detail, name="project-detail"),
    path("projects/<int:project_id>/upload/", views.article_upload, name="article-upload"),
    path("projects/<int:project_id>/claims/", views.project_claims, name="project-claims"),
    path("projects/<int:project_id>/rescan/", views.project_rescan, name="project-rescan"),
    path("projects/<int:project_id>/graph/", views_graph.project_graph, name="project-graph"),
    path("projects/<int:project_id>/members/", views_members.member_list, name="member-list"),
    path(
        "projects/<int:project_id>/members/change/",
        views_members.member_change,
        name="member-change",
    ),
    path("rescans/<int:rescan_id>/progress/", views.rescan_progress, name="rescan-progress"),
    path(
        "ingest-jobs/<int:ingest_job_id>/progress/",
        views.ingest_job_progress,
        name="ingest-progress",
    ),
    path("articles/<int:article_id>/", views.article_detail, name="article-detail"),
    path("articles/<int:article_id>/progress/", views.article_progress, name="article-progress"),
    path("articles/<int:article_id>/event/", views.article_event, name="article-event"),
    path("sources/", views_sources.source_list, name="source-list"),
    path("sources/<int:source_id>/", views_sources.source_edit, name="source-edit"),
    path(
        "sources/<int:source_id>/merge/",
        views_sources.source_merge_into,
        name="source-merge",
    ),
    path("claims/<int:claim_id>/graph/", views_graph.claim_graph, name="claim-graph"),
    path("groups/<int:group_id>/graph/", views_graph.group_graph, name="group-graph"),
    # Django's own views; the names are the ones they redirect to.
    path("account/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
