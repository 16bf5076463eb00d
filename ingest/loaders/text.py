"""Decoding the bytes of a plain-text file (.txt, .md): BOMs, UTF-8, UTF-16 without a BOM,
and single-byte Western encodings (Windows-1252 / Latin-1) found by charset-normalizer.

Binary data is told apart by detection, not by a NUL byte alone: UTF-16 text is full of NULs.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from core.errors import DocumentError
from ingest.loaders.base import normalise_newlines

_MAX_CONTROL_SHARE = 0.05
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The encodings briefs from UK partnerships are saved in when they are not Unicode. Trying
# these first keeps charset-normalizer from choosing a Central-European code page for a short
# Western text ("naïve" read as "naďve" in cp1250).
_WESTERN = ["cp1252", "latin_1", "iso8859_15"]
_SHARE_OF_NULS_FOR_UTF16 = 0.3
# A well-formed multi-byte UTF-8 character (2-4 bytes); single-byte Western text almost never
# holds one by chance ("Ã©" in cp1252 would be needed).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """The text of ``data`` with newlines normalised, and the encoding used to read it."""
    bom_encoding, body = _split_bom(data)
    if bom_encoding is not None:
        return _decode_strict(path, data, body, bom_encoding), bom_encoding
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error: UnicodeDecodeError | None = exc
    else:
        utf8_error = None
        if "\x00" not in text and _control_share(text) <= _MAX_CONTROL_SHARE:
            return normalise_newlines(text), "utf-8"
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise binary(path)
        return utf16
    if _control_share(data.decode("latin-1")) > _MAX_CONTROL_SHARE:
        raise binary(path)
    assert utf8_error is not None  # valid UTF-8 without controls returned above
    if _UTF8_SEQUENCE.search(data):
        # Mostly UTF-8 with a stray byte from another encoding: reading the whole file as a
        # single-byte code page would garble every UTF-8 character, so ask for a re-save.
        raise _not_in(path, "utf-8", utf8_error, 0, data)
    detected = _detect_single_byte(data)
    if detected is not None:
        return detected
    raise _not_in(path, "utf-8", utf8_error, 0, data)


def binary(path: Path) -> DocumentError:
    """The error for a file that is not text at all."""
    return DocumentError(
        path,
        "looks like binary data, not text; check it is the right file, or export the "
        "document as .txt (UTF-8), .pdf or .docx",
    )


def _split_bom(data: bytes) -> tuple[str | None, bytes]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, data[len(bom) :]
    return None, data


def _decode_strict(path: Path, data: bytes, body: bytes, encoding: str) -> str:
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _not_in(path, encoding, exc, len(data) - len(body), body) from None
    if "\x00" in text or _control_share(text) > _MAX_CONTROL_SHARE:
        raise binary(path)
    return normalise_newlines(text)


def _not_in(
    path: Path, encoding: str, exc: UnicodeDecodeError, shift: int, body: bytes
) -> DocumentError:
    bad = body[exc.start : exc.start + 1].hex().upper()
    label = encoding.upper().removesuffix("-LE").removesuffix("-BE")
    return DocumentError(
        path,
        f"is not {label} text (invalid byte 0x{bad} at byte offset {exc.start + shift}); "
        "re-save it as UTF-8 (in your editor choose 'Save as' with encoding UTF-8) "
        "and ingest it again",
    )


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a BOM: mostly-ASCII text has a NUL in every other byte."""
    if len(data) < 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    pairs = len(data) // 2
    if max(even, odd) < _SHARE_OF_NULS_FOR_UTF16 * pairs or min(even, odd) > 0.05 * pairs:
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data[: pairs * 2].decode(encoding)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or _control_share(text) > _MAX_CONTROL_SHARE:
        return None
    return normalise_newlines(text), encoding


def _detect_single_byte(data: bytes) -> tuple[str, str] | None:
    import charset_normalizer

    for isolation in (_WESTERN, None):
        best = charset_normalizer.from_bytes(data, cp_isolation=isolation).best()
        if best is None:
            continue
        text = str(best)
        if "\x00" in text or _control_share(text) > _MAX_CONTROL_SHARE:
            continue
        return normalise_newlines(text), codecs.lookup(best.encoding).name
    return None


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL_CHARS.findall(text)) / len(text)
