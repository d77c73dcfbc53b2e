"""The export benchmark's check that PostgreSQL built the export's records can fail, and says
where: a wrong value, a missing key, a missing chain hop, a record only one side has."""

import json

from bench.export_sql import first_difference, lines, records_check

RECORD = {
    "id": 7,
    "article": {"id": 1, "title": "Flood", "publisher": "Bench Wire", "published": "2024-01-01"},
    "confidence": 0.9,
    "attributions": [
        {"id": 3, "chain": [{"name": "Bench Ministry", "kind": "government", "role": "speaker"}]}
    ],
    "flags": [],
}


def _changed(change) -> dict:
    record = json.loads(json.dumps(RECORD))
    change(record)
    return record


def test_equal_records_have_no_difference():
    assert first_difference(RECORD, json.loads(json.dumps(RECORD))) is None


def test_a_wrong_nested_value_is_named_by_its_path():
    wrong = _changed(lambda r: r["attributions"][0]["chain"][0].update(kind="ngo"))
    assert first_difference(RECORD, wrong) == (
        "attributions[0].chain[0].kind: export 'government', PostgreSQL 'ngo'"
    )


def test_a_missing_key_an_extra_item_and_a_changed_type_are_differences():
    assert first_difference(RECORD, _changed(lambda r: r["article"].pop("published"))) == (
        "article: key 'published' missing"
    )
    extra_flag = _changed(lambda r: r["flags"].append({"id": 1}))
    assert first_difference(RECORD, extra_flag) == "flags: 0 items, 1 built"
    # 1 == True in Python; in a JSON record they are different values. 1.0 and 1 are one
    # JSON number (Python writes a float score of 1 as 1.0, PostgreSQL as 1).
    assert first_difference({"id": 1}, {"id": True}) == "id: export 1, PostgreSQL True"
    assert first_difference({"id": 1}, {"id": "1"}) == "id: export 1, PostgreSQL '1'"
    assert first_difference({"score": 1.0}, {"score": 1}) is None


def test_streams_are_compared_record_by_record_and_a_missing_record_is_reported():
    export = [json.dumps(RECORD), json.dumps({**RECORD, "id": 8})]
    assert records_check(iter(export), iter(export)) == (2, "")
    assert records_check(iter(export), iter(export[:1])) == (2, "record 2: only the export has it")
    wrong = [export[0], json.dumps({**RECORD, "id": 8, "confidence": 0.8})]
    assert records_check(iter(export), iter(wrong)) == (
        2,
        "claim 8: confidence: export 0.9, PostgreSQL 0.8",
    )


def test_lines_are_joined_across_pieces_cut_anywhere():
    assert list(lines(iter([b'{"a"', b": 1}\n{", b'"b": 2}\n']))) == ['{"a": 1}', '{"b": 2}']
    assert list(lines(iter(["x\ny"]))) == ["x", "y"]
