"""An ingest job's progress in the API and on the project's page: for the project's members,
and for nobody else."""

import pytest

from provenance.models import IngestJob
from provenance.services.ingest_jobs import ingest_chunk_run, ingest_job_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(tmp_path, project, settings, django_capture_on_commit_callbacks):
    """A job of three one-article chunks, one of them stored."""
    settings.INGEST_CHUNK_ARTICLES = 1
    for number in range(3):
        (tmp_path / f"{number}.txt").write_text(
            f"Officials said {number + 2} bridges collapsed in the flood on Monday.\n"
        )
    (tmp_path / "empty.txt").write_text("")
    with django_capture_on_commit_callbacks(execute=False):  # no task runs by itself
        made = ingest_job_create(project=project, paths=[tmp_path], origin_for=lambda p: p.name)
    ingest_chunk_run(chunk_id=made.chunks.order_by("sequence").first().pk)
    made.refresh_from_db()
    return made


@pytest.mark.parametrize("role", ["annotator", "reviewer", "editor"])
def test_members_follow_the_jobs_progress(role, job, users, api_client_for):
    client = api_client_for(users[role])
    body = client.get(f"/api/v1/ingest-jobs/{job.pk}/").json()
    assert body["project"] == "Dam story" and body["status"] == "running"
    assert (body["chunks_done"], body["chunks_total"], body["chunks_failed"]) == (1, 3, 0)
    assert (body["articles_added"], body["articles_total"]) == (1, 3)
    assert body["progress"] == pytest.approx(1 / 3)
    assert body["files_rejected"] == 1 and body["rejections"][0]["file"] == "empty.txt"
    listed = client.get("/api/v1/ingest-jobs/?project__name=Dam+story").json()["results"]
    assert [row["id"] for row in listed] == [job.pk]
    assert client.get("/api/v1/ingest-jobs/?project__name=Election+story").json()["results"] == []


def test_others_see_nothing_of_the_job(job, users, api_client_for):
    outsider = api_client_for(users["outsider"])
    assert outsider.get(f"/api/v1/ingest-jobs/{job.pk}/").status_code == 404
    assert outsider.get("/api/v1/ingest-jobs/").json()["results"] == []
    assert api_client_for().get(f"/api/v1/ingest-jobs/{job.pk}/").status_code in (401, 403)


def test_the_job_is_read_only(job, users, api_client_for):
    client = api_client_for(users["editor"])
    assert client.delete(f"/api/v1/ingest-jobs/{job.pk}/").status_code == 405
    assert client.patch(f"/api/v1/ingest-jobs/{job.pk}/", {"status": "done"}).status_code == 405
    assert IngestJob.objects.get(pk=job.pk).status == "running"


def test_the_project_page_shows_the_job_and_its_progress_refreshes(job, users, client):
    client.force_login(users["annotator"])
    page = client.get(f"/projects/{job.project_id}/").content.decode()
    assert f'id="ingest-progress-{job.pk}"' in page and 'data-state="running"' in page
    assert "1 of 3 chunks stored; of 3 articles, 1 added" in page
    assert f"/ingest-jobs/{job.pk}/progress/" in page
    for chunk in job.chunks.filter(status="pending"):
        ingest_chunk_run(chunk_id=chunk.pk)
    done = client.get(f"/ingest-jobs/{job.pk}/progress/").content.decode()
    assert 'data-state="done"' in done and "hx-get" not in done
    assert "3 articles added" in done and "1 file rejected" in done
    client.force_login(users["outsider"])
    assert client.get(f"/ingest-jobs/{job.pk}/progress/").status_code == 404
