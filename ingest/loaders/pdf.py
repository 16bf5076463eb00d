"""PDF (.pdf): text per page through pypdf (``extract_text()``), pages joined by a blank line
and recorded in :attr:`Parsed.pages`."""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.errors import DocumentError, EmptyDocumentError
from core.models import PageSpan
from ingest.loaders.base import ParseBudget, Parsed, describe, normalise_newlines

_GLYPH = re.compile(r"/(?:g|G|uni|cid|glyph)?[0-9A-Fa-f]{1,5}\b|\(cid:\d+\)|/[A-Za-z]{1,3}\d+")
_WORD = re.compile(r"[^\W\d_]{2,}")
_VOWELS = re.compile(r"[aeiouyàâäéèêëïîôöùûüæœ]", re.IGNORECASE)
_MIN_WORD_SHARE = 0.25
_MAX_GLYPH_SHARE = 0.2
_PDF_ADVICE = "re-export or re-download the PDF and ingest it again"
_quiet_lock = threading.Lock()
_quiet_depth = 0
_saved_levels: list[int] = []
_QUIET_LOGS = ("pypdf", "pdfminer", "pdfplumber")


class PdfLoader:
    """The .pdf format."""

    kind = "pdf"

    def parse(self, path: Path, data: bytes, budget: ParseBudget) -> Parsed:
        """Read the text of every page (pypdf), then its elements from the layout."""
        from ingest.loaders.pdf_layout import layout_elements

        with _quiet_pypdf():
            text, pages = _read_pdf(path, data, budget)
            elements, boilerplate = layout_elements(data, text, pages, budget)
        return Parsed(text=text, pages=pages, elements=elements, boilerplate=boilerplate)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's own log while reading: every failure becomes a DocumentError instead."""
    global _quiet_depth
    logs = [logging.getLogger(name) for name in _QUIET_LOGS]
    with _quiet_lock:
        if _quiet_depth == 0:
            _saved_levels[:] = [log.level for log in logs]
            for log in logs:
                log.setLevel(logging.CRITICAL + 1)
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                for log, level in zip(logs, _saved_levels, strict=True):
                    log.setLevel(level)


def _read_pdf(path: Path, data: bytes, budget: ParseBudget) -> tuple[str, tuple[PageSpan, ...]]:
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

    limit = budget.limits.max_pdf_pages
    if len(page_list) > limit:
        raise DocumentError(
            path,
            f"has {len(page_list):,} pages, more than the limit of {limit:,}; split the "
            "document, or raise the limit with the setting REVIEW_ASSISTANT_MAX_PDF_PAGES",
        )
    texts: list[str] = []
    for number, page in enumerate(page_list, start=1):
        budget.check(f"page {number} of {len(page_list)}")
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
    if undecodable("\n".join(texts)):
        raise DocumentError(
            path,
            "text could not be extracted — fonts without a Unicode map; OCR is not supported. "
            "Ingest the DOCX/TXT version, or re-export the PDF with embedded Unicode fonts",
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


def undecodable(text: str) -> bool:
    """True when extracted text is mostly glyph names ("/g7/g4", "(cid:12)") or non-words:
    fonts without a Unicode map, whose text would be garbage to search and quote."""
    visible = "".join(text.split())
    if len(visible) < 40:
        return False
    glyphs = sum(len(m.group(0)) for m in _GLYPH.finditer(text))
    if glyphs > _MAX_GLYPH_SHARE * len(visible):
        return True
    tokens = text.split()
    words = [
        t for t in tokens if _WORD.fullmatch(t.strip(".,;:!?()[]\"'“”‘’-–")) and _VOWELS.search(t)
    ]
    return len(tokens) >= 30 and len(words) < _MIN_WORD_SHARE * len(tokens)
