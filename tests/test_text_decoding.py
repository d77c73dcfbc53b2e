"""Bytes to text: what is accepted, how it is normalised, and how refusals read."""

import codecs

import pytest

from provenance.text.decoding import check_length, check_size, decode_bytes, normalize_text
from provenance.text.types import InputError


def test_utf8_is_decoded_and_its_byte_order_mark_dropped():
    data = codecs.BOM_UTF8 + "Überschwemmung in Köln".encode()
    assert decode_bytes(data, name="a.txt") == "Überschwemmung in Köln"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
def test_utf16_and_utf32_are_decoded_when_a_byte_order_mark_says_so(encoding):
    text = "Floods in Dhaka: 40 dead, 2,000 displaced"
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
    }.get(encoding, b"")  # "utf-16" and "utf-32" write their own mark
    assert decode_bytes(bom + text.encode(encoding), name="a.txt") == text


def test_utf16_without_byte_order_mark_is_refused_with_a_hint():
    with pytest.raises(InputError, match=r"a\.txt: .*UTF-16.*without a byte-order mark"):
        decode_bytes("Floods in Dhaka".encode("utf-16-le"), name="a.txt")


def test_a_byte_order_mark_that_lies_is_refused():
    with pytest.raises(InputError, match=r"byte-order mark says UTF-16-LE"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8", name="a.txt")


def test_invalid_utf8_names_the_byte_and_its_offset():
    with pytest.raises(InputError) as error:
        decode_bytes("Le café".encode("latin-1"), name="notes.txt")
    assert str(error.value) == (
        "notes.txt: not UTF-8 text (invalid byte 0xe9 at offset 6); save it as UTF-8 and try again"
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"some text\x00\x00\x00\x01\x02 more", "contains NUL bytes"),
        (b"ab\x01\x02\x03\x04\x05\x06cd\x07\x08\x0e\x0f" * 20, "too many control characters"),
    ],
)
def test_binary_files_are_refused(data, reason):
    with pytest.raises(InputError, match=rf"^blob\.txt: .*{reason}"):
        decode_bytes(data, name="blob.txt")


def test_a_few_stray_control_characters_do_not_make_text_binary():
    text = "The court ruled on Tuesday.\x07 The appeal is due in May. " * 5
    assert decode_bytes(text.encode(), name="a.txt") == text


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_and_whitespace_only_input_is_refused(data):
    with pytest.raises(InputError, match=r"^a\.txt: "):
        decode_bytes(data, name="a.txt")


def test_newlines_are_unified():
    assert decode_bytes(b"one\r\ntwo\rthree\n", name="a.txt") == "one\ntwo\nthree\n"


def test_unicode_is_normalised_to_nfc():
    decomposed = "Mu\u0308nchen and Jose\u0301"
    assert decode_bytes(decomposed.encode(), name="a.txt") == "München and José"


def test_normalize_text_applies_the_same_rules_to_text_from_json():
    assert normalize_text("a\r\nb", name="x") == "a\nb"
    with pytest.raises(InputError, match=r"^x: no text"):
        normalize_text(" \n ", name="x")
    with pytest.raises(InputError, match=r"^x: looks like a binary file"):
        normalize_text("a\x00b", name="x")


def test_check_size_passes_at_the_limit_and_refuses_above_it_in_human_units():
    check_size(b"x" * 1024, name="a.txt", limit_bytes=1024)
    with pytest.raises(InputError) as error:
        check_size(b"x" * (3 * 1024 * 1024), name="a.txt", limit_bytes=2 * 1024 * 1024)
    assert str(error.value) == (
        "a.txt: too large (3.0 MB; the limit is 2.0 MB); split it into smaller files"
    )


def test_check_length_works_from_a_size_alone():
    with pytest.raises(InputError, match=r"^big\.txt: too large \(1\.5 KB; the limit is 1000"):
        check_length(1536, name="big.txt", limit_bytes=1000)
