"""Load one review brief into a :class:`LoadedDocument`: the file is read (size checked), its
format's loader is found in the registry (:mod:`ingest.loaders`) and parses it into text and
typed :class:`~core.models.Element`\\ s under a per-document time budget.

Loaders keep ``text`` as the source reads (plain text keeps its markup, ``### **...**``,
``<i>``, ``[bookmark: _GoBack]``) so spans and quotes can be checked against it; the
elements carry the visible wording.

Every failure raises a :class:`~core.errors.DocumentError` (or a subclass) whose
message names the file and says what to do.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from core.errors import DocumentError, EmptyDocumentError, UnsupportedFileError
from core.models import LoadedDocument, doc_id_for
from ingest import loaders
from ingest.loaders.base import Limits, ParseBudget, size_text

if TYPE_CHECKING:
    from core.config import Settings


def content_hash(data: bytes) -> str:
    """The SHA-256 hex digest of a file's raw bytes (used to detect changed files)."""
    return hashlib.sha256(data).hexdigest()


def load_document(
    path: Path,
    *,
    max_bytes: int | None = None,
    doc_id: str | None = None,
    limits: Limits | None = None,
) -> LoadedDocument:
    """Read ``path`` and return its text, page and heading spans and typed elements.

    ``max_bytes`` rejects larger files (callers pass ``REVIEW_ASSISTANT_MAX_FILE_MB`` converted
    to bytes with 1 MB = 1024 * 1024 bytes); ``doc_id`` defaults to the file stem; ``limits``
    (parse time budget, PDF pages, DOCX unpacked size) default to :func:`limits_from_settings`.

    Raises :class:`UnsupportedFileError` for other file types, :class:`EmptyDocumentError`
    when there is no text, and :class:`DocumentError` for anything else that makes the file
    unusable (missing, too large, undecodable, corrupt, password-protected, too complex, ...).
    """
    path = Path(path)
    loader = loaders.loader_for(path.suffix)
    if loader is None:
        raise _unsupported(path)
    data = _read_bytes(path, max_bytes)
    if not data:
        raise EmptyDocumentError(path, "is empty (0 bytes); check it was saved or copied fully")
    budget = ParseBudget(path, limits if limits is not None else limits_from_settings())
    parsed = loader.parse(path, data, budget)
    if not parsed.text.strip():
        raise EmptyDocumentError(
            path, "contains no text (only whitespace); add the review's text or remove the file"
        )
    return LoadedDocument(
        doc_id=doc_id if doc_id is not None else doc_id_for(path),
        source=path,
        kind=loader.kind,  # type: ignore[arg-type]
        text=parsed.text,
        content_hash=content_hash(data),
        pages=parsed.pages,
        headings=parsed.headings,
        elements=parsed.elements,
        boilerplate=parsed.boilerplate,
        encoding=parsed.encoding,
    )


def limits_from_settings() -> Limits:
    """The parse limits configured in the environment (defaults when the settings are
    invalid: the caller reports configuration errors elsewhere)."""
    from core.config import load_settings

    try:
        settings = load_settings()
    except Exception:
        return Limits()
    return limits_for(settings)


def limits_for(settings: Settings) -> Limits:
    """The parse limits of ``settings``."""
    return Limits(
        parse_timeout_s=settings.parse_timeout_s,
        max_pdf_pages=settings.max_pdf_pages,
        max_unpacked_bytes=int(settings.max_unpacked_mb * 1024 * 1024),
        max_compression_ratio=settings.max_compression_ratio,
    )


def loader_sources() -> list[Path]:
    """The source files of the format loaders (part of the ingest code fingerprint)."""
    return sorted(Path(loaders.__file__).parent.glob("*.py"))


def _unsupported(path: Path) -> UnsupportedFileError:
    supported = ", ".join(sorted(loaders.suffixes()))
    shown = f"'{path.suffix}'" if path.suffix else "no extension"
    return UnsupportedFileError(
        path,
        f"has an unsupported file type ({shown}); supported types are {supported}. "
        "Save or export the document in one of those formats",
    )


def _read_bytes(path: Path, max_bytes: int | None) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise DocumentError(path, "is a folder, not a file; give the path of a document")
        _check_size(path, size, max_bytes)
        data = path.read_bytes()
        _check_size(path, len(data), max_bytes)
        return data
    except FileNotFoundError:
        raise DocumentError(path, "does not exist; check the file name and folder") from None
    except PermissionError:
        raise DocumentError(
            path, "cannot be read (permission denied); give your account read access to it"
        ) from None
    except OSError as exc:
        raise DocumentError(
            path, f"cannot be read ({exc.strerror or exc}); check the file and try again"
        ) from None


def _check_size(path: Path, size: int, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise DocumentError(
            path,
            f"is {size_text(size)}, larger than the limit of {size_text(max_bytes)}; split the "
            "document, or raise the limit with the setting REVIEW_ASSISTANT_MAX_FILE_MB",
        )
