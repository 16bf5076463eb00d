"""PDF (.pdf): text per page through pypdf (``extract_text()``), pages joined by a blank line
and recorded in :attr:`Parsed.pages`."""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import DocumentError, EmptyDocumentError
from assistant.models import PageSpan
from ingest.loaders.base import ParseBudget, Parsed, describe, normalise_newlines

_PDF_ADVICE = "re-export or re-download the PDF and ingest it again"
_quiet_lock = threading.Lock()
_quiet_depth = 0
_saved_level = logging.NOTSET


class PdfLoader:
    """The .pdf format."""

    kind = "pdf"

    def parse(self, path: Path, data: bytes, budget: ParseBudget) -> Parsed:
        """Read the text of every page."""
        text, pages = _pdf_text(path, data)
        return Parsed(text=text, pages=pages)


def _pdf_text(path: Path, data: bytes) -> tuple[str, tuple[PageSpan, ...]]:
    with _quiet_pypdf():
        return _read_pdf(path, data)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's own log while reading: every failure becomes a DocumentError instead."""
    global _quiet_depth, _saved_level
    log = logging.getLogger("pypdf")
    with _quiet_lock:
        if _quiet_depth == 0:
            _saved_level = log.level
            log.setLevel(logging.CRITICAL + 1)
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                log.setLevel(_saved_level)


def _read_pdf(path: Path, data: bytes) -> tuple[str, tuple[PageSpan, ...]]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                unlocked = bool(reader.decrypt(""))
            except DependencyError:
                raise DocumentError(
                    path,
                    "is encrypted with AES, which needs the 'cryptography' Python package; "
                    "install it (pip install cryptography) or save an unprotected copy and "
                    "ingest that",
                ) from None
            if not unlocked:
                raise DocumentError(
                    path, "is password-protected; save an unprotected copy and ingest that"
                )
        page_list = list(reader.pages)
    except DocumentError:
        raise
    except FileNotDecryptedError:
        raise DocumentError(
            path, "is password-protected; save an unprotected copy and ingest that"
        ) from None
    except Exception as exc:
        raise DocumentError(path, f"{_pdf_problem(data, exc)}; {_PDF_ADVICE}") from None

    texts: list[str] = []
    for number, page in enumerate(page_list, start=1):
        try:
            texts.append(normalise_newlines(page.extract_text()))
        except Exception as exc:
            raise DocumentError(
                path, f"page {number} cannot be read ({describe(exc)}); {_PDF_ADVICE}"
            ) from None
    if not any(t.strip() for t in texts):
        raise EmptyDocumentError(
            path,
            "has no extractable text (it may be scanned or image-only); OCR is not supported "
            "- ingest a text-based PDF or the DOCX/TXT version",
        )
    spans: list[PageSpan] = []
    cursor = 0
    for number, page_text in enumerate(texts, start=1):
        if number > 1:
            cursor += 2
        spans.append(PageSpan(number, cursor, cursor + len(page_text)))
        cursor += len(page_text)
    return "\n\n".join(texts), tuple(spans)


def _pdf_problem(data: bytes, exc: BaseException) -> str:
    if b"%PDF-" not in data[:1024]:
        return "is not a PDF file (it does not start with %PDF-)"
    if b"%%EOF" not in data[-2048:]:
        return f"is truncated or incomplete (no %%EOF end marker; {describe(exc)})"
    return f"is damaged and cannot be read ({describe(exc)})"
