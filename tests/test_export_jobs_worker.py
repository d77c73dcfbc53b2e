"""A background export on real services: a real Celery worker writes the file the API offers."""

import json

import pytest

from annotations.models import ExportJob
from annotations.services.export_jobs import export_job_create
from provenance.services.ingest import article_ingest
from provenance.text.types import RawArticle
from tests.conftest import wait_for
from tests.test_export_jobs import BODY

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shared_export_dir(tmp_path, settings, monkeypatch):
    """The folder the web side and the worker share, set before the worker starts."""
    folder = tmp_path / "exports"
    settings.EXPORT_DIR = folder
    monkeypatch.setenv("EXPORT_DIR", str(folder))
    return folder


def test_a_worker_writes_the_export(
    shared_export_dir, celery_worker_process, project, users, api_client_for
):
    article_ingest(project=project, raw=RawArticle(body=BODY, publisher="Reuters"), origin="a.txt")
    job = export_job_create(
        user=users["reviewer"], params={"status": "all"}, base_url="http://testserver/"
    )
    wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status="done").exists(),
        timeout=90,
        what="the worker to write the export\n" + celery_worker_process.log(),
    )
    job.refresh_from_db()
    client = api_client_for(users["reviewer"])
    response = client.get(f"/api/v1/export/jobs/{job.pk}/download/")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == job.claims_written == job.claims_total > 0
    assert all(json.loads(line)["text"] for line in lines)
    assert (shared_export_dir / job.file_name).exists()
