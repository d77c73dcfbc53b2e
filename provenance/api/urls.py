from django.urls import path
from rest_framework.routers import DefaultRouter

from provenance.api.attributions import AttributionDetailView, ClaimAttributionsView
from provenance.api.flags import FlagViewSet
from provenance.api.groups import GroupViewSet
from provenance.api.ingest_jobs import IngestJobViewSet
from provenance.api.members import MemberViewSet
from provenance.api.rescans import ProjectRescanView, RescanViewSet
from provenance.api.sources import SourceViewSet
from provenance.api.views import ArticleViewSet, ClaimViewSet, ProjectViewSet

router = DefaultRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("articles", ArticleViewSet, basename="article")
router.register("claims", ClaimViewSet, basename="claim")
router.register("flags", FlagViewSet, basename="flag")
router.register("groups", GroupViewSet, basename="group")
router.register("rescans", RescanViewSet, basename="rescan")
router.register("ingest-jobs", IngestJobViewSet, basename="ingest-job")
router.register("sources", SourceViewSet, basename="source")
router.register("members", MemberViewSet, basename="member")

urlpatterns = [
    path(
        "claims/<int:claim_id>/attributions/",
        ClaimAttributionsView.as_view(),
        name="claim-attributions",
    ),
    path(
        "attributions/<int:attribution_id>/",
        AttributionDetailView.as_view(),
        name="attribution-detail",
    ),
    path("projects/<int:project_id>/rescan/", ProjectRescanView.as_view(), name="project-rescan"),
    *router.urls,
]
