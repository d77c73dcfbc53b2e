"""Bytes to text: UTF-8 (or BOM-marked UTF-16/32) only, with clear refusals.

Other encodings are refused rather than guessed: a wrong guess turns every accented name into
mojibake that then flows silently into claims and sources, while a refusal costs the user one
"save as UTF-8". Decoded text has ``\\n`` newlines and NFC Unicode so that offsets and
duplicate checks mean the same thing for every input.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata

from provenance.text.types import InputError

# Longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of binary formats people drop into an ingest folder by mistake.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel file)"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)

# C0 controls other than tab, newline, vertical tab, form feed, carriage return; ESC is
# included because terminal colour codes in a text file are still not prose; plus DEL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_CHARS_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
# Text with more than this share of control characters is a binary file with a text extension.
_MAX_CONTROL_SHARE = 0.05
# How much of the input the binary sniffing looks at; enough to see any real file's nature.
_SNIFF_BYTES = 64 * 1024


def check_size(
    data: bytes, *, name: str, limit_bytes: int, advice: str = "split it into smaller files"
) -> None:
    """Refuse input larger than ``limit_bytes``, saying both sizes in human units."""
    check_length(len(data), name=name, limit_bytes=limit_bytes, advice=advice)


def check_length(
    size: int, *, name: str, limit_bytes: int, advice: str = "split it into smaller files"
) -> None:
    """``check_size`` for a size known without the bytes (a file's size on disk)."""
    if size > limit_bytes:
        raise InputError(
            f"{name}: too large ({human_size(size)}; the limit is "
            f"{human_size(limit_bytes)}); {advice}"
        )


# What a person is told about JSON nested deeper than the parser's stack: no article needs it.
JSON_TOO_DEEP = (
    "the JSON is nested too deeply to read; an article is one flat object of text fields"
)


def parse_json(text: str, *, name: str) -> object:
    """``json.loads`` that refuses, naming ``name``, what would fail later or crash the reader.

    Besides malformed JSON: nesting deeper than Python's stack (a ``RecursionError``), and
    escapes of lone UTF-16 surrogates (``"\\ud800"``), which JSON allows but which are no
    character: no UTF-8 text, and so no database, can hold them.
    """
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: invalid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"{name}: {JSON_TOO_DEEP}") from None
    surrogate = _lone_surrogate(value) if "\\u" in text else None
    if surrogate is not None:
        raise InputError(
            f"{name}: the JSON holds the escape \\u{ord(surrogate):04x}, half of a UTF-16 "
            "surrogate pair with no other half, which is not a character; fix the program "
            "that wrote the file (it split a character such as an emoji in two)"
        )
    return value


def _lone_surrogate(value: object) -> str | None:
    """The first lone surrogate in the strings (keys included) of parsed JSON, if any."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            match = _SURROGATE_RE.search(item)
            if match:
                return match.group()
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return None


def decode_bytes(data: bytes, *, name: str) -> str:
    """Decode a file's bytes to normalised text, or raise ``InputError`` saying why not."""
    if not data:
        raise InputError(f"{name}: the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name}: the byte-order mark says {encoding.upper()} but the content is "
                    f"not valid {encoding.upper()} (bad bytes at offset {exc.start + len(bom)}); "
                    "save it as UTF-8 and try again"
                ) from None
            return normalize_text(text, name=name)
    _refuse_binary(data, name=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); save it as UTF-8 and try again"
        ) from None
    return normalize_text(text, name=name)


def normalize_text(text: str, *, name: str) -> str:
    """Unify newlines and Unicode form of already-decoded text; refuse binary or empty text.

    Also used for text that arrives inside JSON, which never went through ``decode_bytes``.
    """
    if "\x00" in text or _control_share(text) > _MAX_CONTROL_SHARE:
        raise InputError(f"{name}: looks like a binary file (too many control characters)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise InputError(f"{name}: no text (empty or only whitespace)")
    return text


def _refuse_binary(data: bytes, *, name: str) -> None:
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise InputError(f"{name}: this is {what}, not a text file")
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        # UTF-16 without a byte-order mark has a NUL in every other byte of ASCII text.
        if head.count(0) * 3 >= len(head):
            raise InputError(
                f"{name}: looks like UTF-16 text without a byte-order mark; "
                "save it as UTF-8 and try again"
            )
        raise InputError(f"{name}: looks like a binary file (it contains NUL bytes)")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(head):
        raise InputError(f"{name}: looks like a binary file (too many control characters)")


def _control_share(text: str) -> float:
    head = text[:_SNIFF_BYTES]
    if not head:
        return 0.0
    return len(_CONTROL_CHARS_RE.findall(head)) / len(head)


def human_size(size: int) -> str:
    """``5.0 MB`` for 5 MiB: the units people read, in the powers of two limits are set in."""
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"
