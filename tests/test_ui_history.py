"""The claim history as the pages show it: per change, only the fields that changed, each as
before → after in plain words, with article text escaped."""

import pytest

from annotations.changes import FieldChange, field_changes, value_text
from provenance.services.claims import claim_trim
from tests.ui_support import HOSTILE_MARKUP, build_desk

SNAPSHOT = {"start": 17, "end": 144, "text": "Officials said", "status": "unreviewed"}


def test_only_the_fields_that_changed_are_listed_in_snapshot_order():
    after = {**SNAPSHOT, "end": 107, "status": "in_review"}
    assert field_changes(SNAPSHOT, after) == [
        FieldChange("end", "144", "107"),
        FieldChange("status", "unreviewed", "in_review"),
    ]


def test_a_creation_lists_the_fields_it_set_and_skips_empty_ones():
    after = {"verdict": "refuted", "confidence": 0.8, "note": "", "evidence": []}
    assert field_changes(None, after) == [
        FieldChange("verdict", None, "refuted"),
        FieldChange("confidence", None, "0.80"),
    ]


def test_a_field_that_went_away_has_no_after():
    before = {"merged": [{"start": 0, "end": 5, "text": "A said"}], "end": 5}
    assert field_changes(before, {"end": 9}) == [
        FieldChange("merged", "“A said” (characters 0–5)", None),
        FieldChange("end", "5", "9"),
    ]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "—"),
        (0.6000000000000001, "0.60"),
        (True, "yes"),
        (
            ["https://a.example/1", "https://b.example/2"],
            "https://a.example/1; https://b.example/2",
        ),
        (
            [
                {"name": "Officials", "kind": "anonymous", "role": "speaker"},
                {"name": "Reuters", "kind": "wire_agency", "role": "relay"},
            ],
            "Officials (anonymous) → Reuters (wire_agency)",
        ),
        ({"split_from": 3, "status": "unreviewed"}, "split_from: 3; status: unreviewed"),
    ],
)
def test_values_read_as_words_not_python(value, text):
    assert value_text(value) == text


@pytest.mark.django_db
def test_claim_page_lists_changed_fields_and_escapes_article_text(client, project, users):
    desk = build_desk(project)
    claim = desk.hostile.claims.get(text__contains="<script>")
    tail = len(", the interior ministry told Reuters.")
    claim_trim(
        claim=claim,
        start=claim.start,
        end=claim.end - tail,
        version=claim.version,
        user=users["annotator"],
    )
    client.force_login(users["editor"])
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    history = html[html.index('<table class="list history">') :]
    assert "<pre>" not in history and "{&#x27;" not in history  # no dict dumps
    assert '<span class="field">end</span>' in history
    assert '<span class="field">status</span>' not in history  # the trim left it alone
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in history
    for raw in HOSTILE_MARKUP:
        assert raw not in html
