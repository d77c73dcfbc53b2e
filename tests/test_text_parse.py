"""The parse model: loaded from the pinned wheel, checked before use, with a clear error when it
is missing or its files are not the ones the project recorded."""

import json
import re
import shutil
from dataclasses import replace

import pytest

from provenance.checks import parse_model_check
from provenance.text import parse
from provenance.text.parse import MODEL, ParseModelError, model_dir, verify_model


def test_the_installed_model_is_the_pinned_one():
    directory = verify_model()
    meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    assert (meta["name"], meta["version"]) == (MODEL.name, MODEL.version)


def test_a_missing_package_names_the_fix():
    missing = replace(MODEL, package="no_such_parse_model_package")
    with pytest.raises(ParseModelError, match=r"not installed.*make setup"):
        verify_model(missing)


def _copy_of_model(tmp_path):
    """A copy of the installed model directory, to change without touching the real one."""
    copy = tmp_path / "model"
    shutil.copytree(model_dir(), copy)
    return copy


def test_weights_that_do_not_match_stop_loading(tmp_path, monkeypatch):
    copy = _copy_of_model(tmp_path)
    with (copy / "parser" / "model").open("ab") as weights:
        weights.write(b"\0")
    monkeypatch.setattr(parse, "model_dir", lambda source=MODEL: copy)
    with pytest.raises(ParseModelError, match=r"parser/model .*does not match the SHA-256"):
        verify_model()


def test_another_version_in_meta_stops_loading(tmp_path, monkeypatch):
    copy = _copy_of_model(tmp_path)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    meta["version"] = "3.7.1"
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.setattr(parse, "model_dir", lambda source=MODEL: copy)
    with pytest.raises(ParseModelError, match=re.escape("version '3.7.1', expected '3.8.0'")):
        verify_model()


def test_the_start_up_check_reports_a_bad_model(monkeypatch):
    def broken(source=MODEL):
        raise ParseModelError("the parse model package 'x' is not installed")

    monkeypatch.setattr("provenance.checks.verify_model", broken)
    (error,) = parse_model_check(None)
    assert error.id == "provenance.E001" and "not installed" in error.msg
    monkeypatch.undo()
    assert parse_model_check(None) == []


def test_texts_are_parsed_in_one_batch_with_lemmas_and_dependencies():
    first, second = parse.parse_texts(["The clerk admitted errors.", "Two boats sank."])
    assert [t.lemma_ for t in first if t.dep_ == "ROOT"] == ["admit"]
    assert [t.text for t in second if t.dep_ == "nsubj"] == ["boats"]
    assert parse.parse_texts([]) == []
