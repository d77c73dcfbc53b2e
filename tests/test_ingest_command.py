"""`manage.py ingest` and `manage.py export`: the brief's contracts, on the seeds and bad input."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from provenance.models import Article, Claim, Project

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

pytestmark = pytest.mark.django_db


def run_ingest(*args: str) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue() + str(error), error.returncode
    return out.getvalue(), err.getvalue(), 0


def export_records(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("export", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def test_seeds_go_in_once_with_exact_offsets_and_no_boilerplate():
    out, err, code = run_ingest(str(SEEDS))
    assert code == 0, err
    assert "5 articles added" in out
    assert Project.objects.filter(name="default").exists()

    records = export_records("--status", "all", "--format", "jsonl")
    origins = {record["article"]["origin"] for record in records}
    assert origins == {f"seeds/{path.name}" for path in SEEDS.iterdir()}
    bodies = {a.id: a.body for a in Article.objects.all()}
    for record in records:
        assert bodies[record["article"]["id"]][record["start"] : record["end"]] == record["text"]
    texts = " ".join(record["text"] for record in records)
    for boilerplate in [
        "[ad_1]",
        "Read more:",
        "continues below the ad",
        "spot_img",
        "Source link",
    ]:
        assert boilerplate not in texts

    out, _, code = run_ingest(str(SEEDS))
    assert code == 0
    assert "0 articles added" in out and "5 duplicates skipped" in out
    assert Article.objects.count() == 5


def test_claim_record_has_the_contract_keys():
    run_ingest(str(SEEDS / "001_c3177857755a4fcd.txt"), "--publisher", "Global News")
    record = export_records("--status", "all")[0]
    assert set(record) >= {
        "id",
        "article",
        "text",
        "start",
        "end",
        "kind",
        "status",
        "verdict",
        "confidence",
        "attributions",
        "flags",
    }
    assert set(record["article"]) >= {"id", "title", "origin", "publisher", "url", "published"}
    assert record["article"]["publisher"] == "Global News"
    attributed = [r for r in export_records("--status", "all") if r["attributions"]]
    assert attributed, "the pipeline suggests attributions"
    attribution = attributed[0]["attributions"][0]
    assert set(attribution) >= {"id", "chain", "cue", "origin", "confidence", "status"}
    assert attribution["origin"] == "extracted" and attribution["status"] == "suggested"
    assert attribution["chain"][0]["role"] == "speaker"
    assert all(hop["role"] == "relay" for hop in attribution["chain"][1:])


def test_export_defaults_to_verified_claims_only():
    run_ingest(str(SEEDS / "000_af17157bb7edf081.txt"))
    assert export_records() == []
    assert export_records("--status", "unreviewed")


def test_export_refuses_an_unknown_status():
    with pytest.raises(CommandError, match="unknown status"):
        call_command("export", "--status", "maybe", stdout=io.StringIO())


@pytest.fixture
def mixed_dir(tmp_path, settings):
    settings.MAX_ARTICLE_BYTES = 20_000
    shutil.copy(SEEDS / "000_af17157bb7edf081.txt", tmp_path / "good.txt")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (tmp_path / "empty.txt").write_text("   \n\n")
    (tmp_path / "huge.txt").write_text("The river rose again overnight. " * 2000)
    good_line = json.dumps({"title": "Flood", "body": "The dam burst on Monday, officials said."})
    (tmp_path / "broken.jsonl").write_text(good_line + "\n{not json}\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4 something")
    return tmp_path


def test_bad_files_are_refused_by_name_and_reason_and_the_rest_goes_in(mixed_dir):
    out, err, code = run_ingest(str(mixed_dir), "--project", "floods")
    assert code != 0
    assert "1 articles added" in out
    for name in ["binary.txt", "empty.txt", "huge.txt", "broken.jsonl", "notes.pdf"]:
        assert name in err, f"{name} should be named in the rejections"
    assert "line 2" in err  # the malformed JSON line is located
    # Nothing of a rejected file is stored, not even the good first line of broken.jsonl.
    assert Article.objects.count() == 1
    assert not Article.objects.filter(body__contains="The dam burst").exists()


def test_html_scripts_never_reach_the_stored_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Flood toll rises</title><script>alert('x')</script></head><body>"
        "<article><h1>Flood toll rises</h1><p>At least 40 people died in the floods, the "
        "provincial governor said on Tuesday.</p><script>document.write('evil')</script>"
        "<p>Rescue teams reached three cut-off villages by boat, according to the Red Cross."
        "</p></article></body></html>"
    )
    _out, err, code = run_ingest(str(page))
    assert code == 0, err
    article = Article.objects.get()
    assert "alert" not in article.body and "evil" not in article.body
    assert "At least 40 people died" in article.body
    assert Claim.objects.filter(article=article).count() >= 2


def test_other_encodings_are_refused_clearly(tmp_path):
    # Refused, not guessed: provenance.text.decoding says why.
    text = "Le ministre a déclaré mardi que quarante villages étaient inondés près du barrage."
    (tmp_path / "latin1.txt").write_bytes(text.encode("cp1252"))
    _out, err, code = run_ingest(str(tmp_path))
    assert code != 0
    assert "latin1.txt" in err and "UTF-8" in err
    assert not Article.objects.exists()


def test_missing_path_is_a_clear_error():
    with pytest.raises(CommandError, match="no such file"):
        call_command("ingest", "/nonexistent/articles", stdout=io.StringIO())


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, settings, monkeypatch):
    settings.MAX_ARTICLE_BYTES = 1_000
    (tmp_path / "huge.txt").write_text("The river rose again overnight. " * 100)
    read = []
    original = Path.open

    class Watched:
        """The opened file, noting every read of its content."""

        def __init__(self, stream, path):
            self.stream, self.path = stream, path

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def fileno(self):
            return self.stream.fileno()

        def read(self, *args):
            if self.path.name == "huge.txt":
                read.append(args)
            return self.stream.read(*args)

    monkeypatch.setattr(Path, "open", lambda self, *a, **k: Watched(original(self, *a, **k), self))
    _out, err, code = run_ingest(str(tmp_path))
    assert code != 0 and "huge.txt" in err and "limit" in err.lower()
    assert read == []


def test_a_json_lines_batch_has_its_own_limit(tmp_path, settings):
    settings.MAX_JSONL_BYTES = 500
    line = json.dumps({"title": "Flood", "body": "The dam burst on Monday, officials said."})
    (tmp_path / "batch.jsonl").write_text((line + "\n") * 20)
    _out, err, code = run_ingest(str(tmp_path))
    assert code != 0 and "batch.jsonl" in err
    assert not Article.objects.exists()


def test_a_rejection_names_the_file_once(mixed_dir):
    _out, err, _code = run_ingest(str(mixed_dir / "notes.pdf"))
    line = next(line for line in err.splitlines() if line.startswith("rejected"))
    assert line.count("notes.pdf") == 1, line


def test_progress_shows_when_standard_error_is_not_a_terminal(tmp_path):
    for number in range(3):
        (tmp_path / f"{number}.txt").write_text(
            f"Officials said {number + 2} bridges collapsed in the flood on Monday.\n"
        )
    _out, err, code = run_ingest(str(tmp_path))
    assert code == 0, err
    assert "3/3" in err  # the bar's count, written to the captured (non-terminal) stream
