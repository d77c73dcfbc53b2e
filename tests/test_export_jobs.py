"""Background exports: the file holds what the streamed export sends, progress is saved as it
runs, a job is run once, a failure is recorded and leaves no file, and nobody sees another
person's exports (API and the Exports page)."""

import json

import pytest

from annotations import export as export_module
from annotations.models import ExportJob
from annotations.services import export_jobs
from provenance.models import Claim

pytestmark = pytest.mark.django_db

BODY = "\n".join(
    f"Officials said {n + 2} bridges collapsed in the flood on day {n + 1}, Reuters reported."
    for n in range(12)
)


@pytest.fixture
def export_dir(tmp_path, settings, monkeypatch):
    folder = tmp_path / "exports"
    settings.EXPORT_DIR = folder
    monkeypatch.setenv("EXPORT_DIR", str(folder))  # for a worker process started after this
    return folder


@pytest.fixture
def claims(ingest):
    ingest(BODY, publisher="Reuters")
    return list(Claim.objects.order_by("pk"))


def _start(client, **params):
    with_callbacks = params.pop("callbacks")
    with with_callbacks(execute=True):
        return client.post("/api/v1/export/jobs/", params, format="json")


def test_the_file_holds_what_the_streamed_export_sends(
    claims, users, api_client_for, export_dir, django_capture_on_commit_callbacks
):
    client = api_client_for(users["reviewer"])
    response = _start(
        client, format="jsonl", status="all", callbacks=django_capture_on_commit_callbacks
    )
    assert response.status_code == 202, response.content
    job = client.get(response.json()["url"]).json()
    assert job["status"] == "done" and job["claims_written"] == job["claims_total"] == len(claims)
    assert job["filters"] == {"status": "all"}

    download = client.get(job["download_url"])
    assert download.status_code == 200
    written = b"".join(download.streaming_content).decode().splitlines()
    streamed = client.get("/api/v1/export/claims/?format=jsonl&status=all")
    assert written == b"".join(streamed.streaming_content).decode().splitlines()
    assert {json.loads(line)["id"] for line in written} == {c.pk for c in claims}
    assert not list(export_dir.glob(".*.part"))


def test_bad_parameters_are_refused_before_anything_runs(
    claims, users, api_client_for, export_dir, django_capture_on_commit_callbacks
):
    client = api_client_for(users["reviewer"])
    response = _start(client, format="xml", callbacks=django_capture_on_commit_callbacks)
    assert response.status_code == 400 and "unknown format 'xml'" in response.json()["message"]
    response = _start(client, flagged="maybe", callbacks=django_capture_on_commit_callbacks)
    assert response.status_code == 400 and "flagged must be" in response.json()["message"]
    assert not ExportJob.objects.exists()


def test_progress_is_saved_while_the_file_is_written(
    claims, users, export_dir, monkeypatch, settings
):
    """Small pieces and a save at every claim show the count rising during the run."""
    monkeypatch.setattr(export_module, "FLUSH_CHARS", 1)
    monkeypatch.setattr(export_jobs, "PROGRESS_EVERY", 1)
    seen: list[int] = []
    original = export_module.export_chunks

    def watching(*args, **kwargs):
        for piece in original(*args, **kwargs):
            seen.append(ExportJob.objects.get().claims_written)
            yield piece

    monkeypatch.setattr(export_jobs, "export_chunks", watching)
    settings.CELERY_TASK_ALWAYS_EAGER = False  # created, not run: the test runs it
    monkeypatch.setattr(export_jobs, "_send", lambda job_id: None)
    job = export_jobs.export_job_create(
        user=users["reviewer"], params={"status": "all"}, base_url="http://testserver/"
    )
    export_jobs.export_job_run(job_id=job.pk)
    # Read as each piece leaves, before the count of that piece is saved.
    assert seen[0] == 0 and seen[-1] >= len(claims) - 1 and seen == sorted(seen)
    job.refresh_from_db()
    assert (job.status, job.claims_written) == ("done", len(claims))


def test_a_job_is_run_once_and_a_held_one_is_left_alone(claims, users, export_dir, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    monkeypatch.setattr(export_jobs, "_send", lambda job_id: None)
    job = export_jobs.export_job_create(
        user=users["reviewer"], params={"status": "all"}, base_url="http://testserver/"
    )
    ExportJob.objects.filter(pk=job.pk).update(
        status="running", claimed_until=timezone.now() + dt.timedelta(minutes=5)
    )
    assert export_jobs.export_job_run(job_id=job.pk) is None  # another worker holds it
    ExportJob.objects.filter(pk=job.pk).update(
        claimed_until=timezone.now() - dt.timedelta(seconds=1)
    )
    done = export_jobs.export_job_run(job_id=job.pk)  # its worker died: taken over
    assert done is not None and done.status == "done"
    assert export_jobs.export_job_run(job_id=job.pk) is None  # a redelivered copy
    assert [p.name for p in export_dir.iterdir()] == [done.file_name]


def test_a_failure_is_recorded_and_leaves_no_file(claims, users, export_dir, monkeypatch):
    monkeypatch.setattr(export_jobs, "_send", lambda job_id: None)

    def broken(*args, **kwargs):
        yield "{"
        raise OSError("No space left on device")

    monkeypatch.setattr(export_jobs, "export_chunks", broken)
    job = export_jobs.export_job_create(
        user=users["reviewer"], params={}, base_url="http://testserver/"
    )
    export_jobs.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "No space left on device" in job.error
    assert not job.file_name and not list(export_dir.iterdir())


def test_nobody_sees_another_persons_export(
    claims, users, api_client_for, client, export_dir, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    mine = _start(api_client_for(users["reviewer"]), status="all", callbacks=callbacks).json()
    other = api_client_for(users["editor"])
    assert other.get(mine["url"]).status_code == 404
    assert other.get(f"{mine['url']}download/").status_code == 404
    assert other.get("/api/v1/export/jobs/").json() == []
    client.force_login(users["editor"])
    assert client.get(f"/exports/{mine['id']}/download/").status_code == 404
    assert client.get(f"/exports/{mine['id']}/row/").status_code == 404


def test_the_exports_page_starts_follows_and_downloads(
    claims, users, client, export_dir, project, django_capture_on_commit_callbacks
):
    client.force_login(users["annotator"])
    page = client.get(f"/exports/?status=all&project={project.name}").content.decode()
    assert 'name="status" value="all"' in page
    assert f'<option value="{project.name}" selected>' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/exports/start/", {"format": "csv", "status": "all", "project": project.name}
        )
    assert response.status_code == 302
    job = ExportJob.objects.get()
    page = client.get("/exports/").content.decode()
    assert f"Export {job.pk} started" in page and 'data-testid="export-download"' in page
    download = client.get(f"/exports/{job.pk}/download/")
    assert download.status_code == 200
    rows = b"".join(download.streaming_content).decode().splitlines()
    assert len(rows) == len(claims) + 1  # the header line, then one row a claim

    refused = client.post("/exports/start/", {"status": "nonsense"})
    assert refused.status_code == 400
    assert "Export not started: unknown status" in refused.content.decode()
