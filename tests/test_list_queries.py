"""Every list endpoint of the API answers in a number of queries that does not grow with the
rows it lists: the same count for a page of one of each thing and for several."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

MORE = 3  # rows added before the second count


class World:
    """One project with a little of everything, and ways to add more of each."""

    def __init__(self, *, project, users, ingest) -> None:
        self.project, self.users, self.ingest = project, users, ingest
        self.made = 0  # stories and names made so far, so that each is new
        self.first = self.story()

    def _next(self) -> int:
        self.made += 1
        return self.made

    def story(self):
        """Two articles that contradict each other: claims, attributions, a flag."""
        tag = f"Quellmoor {self._next()}"
        first = self.ingest(
            f"Floods covered the {tag} valley and displaced 40,000 villagers, officials said.\n"
            "The water rose two metres in the night.",
            origin=f"{tag}-a.txt",
            publisher="Reuters",
        )
        self.ingest(
            f"Floods covered the {tag} valley and displaced no more than 3,000 villagers, the "
            "ministry said.\nThe water rose two metres in the night.",
            origin=f"{tag}-b.txt",
            publisher="Xinhua",
        )
        return first.claims.order_by("start").first()

    def stories(self):
        for _ in range(MORE):
            self.story()

    def projects(self):
        from provenance.services.ingest import project_get_or_create
        from provenance.services.members import member_set_role

        for _ in range(MORE):
            other = project_get_or_create(name=f"Side story {self._next()}")
            member_set_role(project=other, user=self.users["editor"], role="editor")

    def groups(self):
        from provenance.models import Article
        from provenance.services.corroboration import claims_group

        for _ in range(MORE):
            claim = self.story()  # its second article is the last one made
            rival = Article.objects.filter(project=self.project).order_by("-id").first()
            claims_group(a=claim, b=rival.claims.order_by("start").first(), score=0.9)

    def rescans(self):
        from provenance.services.rescans import rescan_start

        for _ in range(MORE):
            rescan_start(project=self.project, user=self.users["editor"])

    def ingest_jobs(self):
        import tempfile
        from pathlib import Path

        from provenance.services.ingest_jobs import ingest_job_create

        for _ in range(MORE):
            with tempfile.TemporaryDirectory() as folder:
                (Path(folder) / "a.txt").write_text(f"Story {self._next()}: the dam held.\n")
                ingest_job_create(project=self.project, paths=[Path(folder)])

    def sources(self):
        from provenance.services.sources import source_create

        for _ in range(MORE):
            source_create(
                project=self.project,
                name=f"Valley Watch {self._next()}",
                kind="ngo",
                user=self.users["editor"],
            )

    def members(self):
        from provenance.services.members import member_add, user_get_or_create

        for _ in range(MORE):
            name = f"newcomer{self._next()}"
            user_get_or_create(username=name)
            member_add(
                project=self.project,
                username=name,
                role="reviewer",
                actor=self.users["editor"],
            )

    def attributions(self):
        from provenance.services.attributions import attribution_add
        from provenance.text.types import Hop

        for _ in range(MORE):
            chain = [
                Hop(name=f"Valley mayor {self._next()}", kind="government", role="speaker"),
                Hop(name="Reuters", kind="wire_agency", role="relay"),
            ]
            attribution_add(claim=self.first, chain=chain, user=self.users["editor"])

    def reviews(self):
        from annotations.services.reviews import review_submit
        from provenance.services.members import member_set_role, user_get_or_create

        self.project.reviews_required = 10
        self.project.save(update_fields=["reviews_required"])
        for _ in range(MORE):
            reviewer, _ = user_get_or_create(username=f"judge{self._next()}")
            member_set_role(project=self.project, user=reviewer, role="reviewer")
            self.first.refresh_from_db()
            review_submit(
                claim=self.first,
                user=reviewer,
                verdict="supported",
                confidence=0.5,
                version=self.first.version,
            )

    def disputes(self):
        from annotations.services.reviews import review_submit

        for _ in range(MORE):
            claim = self.story()
            for name, verdict in (("reviewer", "supported"), ("reviewer2", "refuted")):
                claim.refresh_from_db()
                review_submit(
                    claim=claim,
                    user=self.users[name],
                    verdict=verdict,
                    confidence=0.6,
                    version=claim.version,
                )

    def leases(self):
        from annotations.services.queue import queue_next

        for _ in range(MORE):
            queue_next(user=self.users["reviewer"], projects=[self.project])

    def export_jobs(self):
        from annotations.models import ExportJob

        for _ in range(MORE):
            ExportJob.objects.create(user=self.users["editor"], format="jsonl")

    def changes(self):
        from provenance.models import Attribution
        from provenance.services.attributions import attribution_decide

        self.stories()
        suggested = Attribution.objects.filter(
            claim__article__project=self.project, status="suggested"
        )
        for attribution in suggested.select_related("claim__article__project")[:MORE]:
            attribution_decide(
                attribution=attribution,
                status="rejected",
                version=attribution.version,
                user=self.users["editor"],
            )


# (path, who asks, what adds rows to it)
ENDPOINTS = [
    ("/api/v1/projects/", "editor", "projects"),
    ("/api/v1/articles/", "editor", "stories"),
    ("/api/v1/claims/", "editor", "stories"),
    ("/api/v1/flags/", "editor", "stories"),
    ("/api/v1/groups/", "editor", "groups"),
    ("/api/v1/rescans/", "editor", "rescans"),
    ("/api/v1/ingest-jobs/", "editor", "ingest_jobs"),
    ("/api/v1/sources/?name__icontains=Valley+Watch", "editor", "sources"),
    ("/api/v1/members/", "editor", "members"),
    ("/api/v1/claims/{claim}/attributions/", "editor", "attributions"),
    ("/api/v1/claims/{claim}/reviews/", "editor", "reviews"),
    ("/api/v1/adjudication/", "editor", "disputes"),
    ("/api/v1/queue/leases/", "reviewer", "leases"),
    ("/api/v1/export/jobs/", "editor", "export_jobs"),
    ("/api/v1/changes/recent/", "editor", "changes"),
]


def _count(client, path: str) -> tuple[int, list]:
    client.get(path)  # caches filled (content types, the source registry) before counting
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.content[:300])
    body = response.json()
    rows = body["results"] if isinstance(body, dict) and "results" in body else body
    return len(queries), rows


@pytest.mark.parametrize(("template", "role", "grow"), ENDPOINTS)
def test_list_queries_do_not_grow_with_rows(template, role, grow, project, users, ingest, settings):
    settings.REVIEW_LEASE_LIMIT = 100
    world = World(project=project, users=users, ingest=ingest)
    getattr(world, grow)()  # some of what the endpoint lists, then more of it
    path = template.format(claim=world.first.pk)
    client = APIClient()
    client.force_login(users[role])
    few, few_rows = _count(client, path)
    getattr(world, grow)()
    many, many_rows = _count(client, path)
    assert len(many_rows) > len(few_rows), f"{path}: adding rows did not show more"
    assert many <= few, (
        f"{path}: {few} queries for {len(few_rows)} rows, {many} for {len(many_rows)}"
    )
