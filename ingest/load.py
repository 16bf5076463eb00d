"""Load one review brief (.txt, .md, .pdf or .docx) into a :class:`LoadedDocument`.

Loaders only extract text; they never reinterpret it. Plain text keeps its markup
(``### **...**``, ``<i>``, ``[bookmark: _GoBack]``) for the structure parser.

* PDF: each page's ``extract_text()`` is joined with a blank line (``"\\n\\n"``) and
  :attr:`LoadedDocument.pages` records which characters came from which page.
* DOCX: the body is walked in document order. A paragraph styled ``Title`` (level 0) or
  ``Heading N`` (level N) becomes its own paragraph and is recorded in
  :attr:`LoadedDocument.headings`. List paragraphs become ``"- " + text`` lines, consecutive
  list items separated by a single newline. Table rows become one line each, cells joined
  by a tab. Other paragraphs are separated by a blank line.

Every failure raises a :class:`~assistant.errors.DocumentError` (or a subclass) whose
message names the file and says what to do.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import re
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assistant.errors import DocumentError, EmptyDocumentError, UnsupportedFileError
from assistant.models import Heading, LoadedDocument, PageSpan, doc_id_for

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".pdf", ".docx"})

Kind = Literal["txt", "md", "pdf", "docx"]

_MB = 1024 * 1024
_MAX_CONTROL_SHARE = 0.05
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_MAX_DOCX_UNPACKED_BYTES = 512 * _MB
_HEADING_STYLE = re.compile(r"heading\s*([1-9])", re.IGNORECASE)
_PDF_ADVICE = "re-export or re-download the PDF and ingest it again"
_DOCX_ADVICE = "open it in Word and save as .docx (Word Document), then ingest it again"
_quiet_lock = threading.Lock()
_quiet_depth = 0
_saved_level = logging.NOTSET
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def content_hash(data: bytes) -> str:
    """The SHA-256 hex digest of a file's raw bytes (used to detect changed files)."""
    return hashlib.sha256(data).hexdigest()


def load_document(
    path: Path, *, max_bytes: int | None = None, doc_id: str | None = None
) -> LoadedDocument:
    """Read ``path`` and return its text with page and heading spans.

    ``max_bytes`` rejects larger files (callers pass ``REVIEW_ASSISTANT_MAX_FILE_MB`` converted
    to bytes with 1 MB = 1024 * 1024 bytes); ``doc_id`` defaults to the file stem.

    Raises :class:`UnsupportedFileError` for other file types, :class:`EmptyDocumentError`
    when there is no text, and :class:`DocumentError` for anything else that makes the file
    unusable (missing, too large, not UTF-8, corrupt, password-protected, ...).
    """
    path = Path(path)
    kind = _kind_of(path)
    data = _read_bytes(path, max_bytes)
    if not data:
        raise EmptyDocumentError(path, "is empty (0 bytes); check it was saved or copied fully")
    pages: tuple[PageSpan, ...] = ()
    headings: tuple[Heading, ...] = ()
    if kind == "pdf":
        text, pages = _pdf_text(path, data)
    elif kind == "docx":
        text, headings = _docx_text(path, data)
    else:
        text = _plain_text(path, data)
    if not text.strip():
        raise EmptyDocumentError(
            path, "contains no text (only whitespace); add the review's text or remove the file"
        )
    return LoadedDocument(
        doc_id=doc_id if doc_id is not None else doc_id_for(path),
        source=path,
        kind=kind,
        text=text,
        content_hash=content_hash(data),
        pages=pages,
        headings=headings,
    )


def _kind_of(path: Path) -> Kind:
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return "txt"
    if suffix == ".md":
        return "md"
    if suffix == ".pdf":
        return "pdf"
    if suffix == ".docx":
        return "docx"
    supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
    shown = f"'{path.suffix}'" if path.suffix else "no extension"
    raise UnsupportedFileError(
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
            f"is {_size(size)}, larger than the limit of {_size(max_bytes)}; split the "
            "document, or raise the limit with the setting REVIEW_ASSISTANT_MAX_FILE_MB",
        )


def _size(n: int) -> str:
    return f"{n:,} bytes ({n / _MB:.1f} MB)" if n >= _MB // 10 else f"{n:,} bytes"


def _plain_text(path: Path, data: bytes) -> str:
    encoding, body = _split_bom(data)
    if len(body) == len(data) and (
        b"\x00" in body or _control_share(body.decode("latin-1")) > _MAX_CONTROL_SHARE
    ):
        raise _binary(path)
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + len(data) - len(body)
        bad = body[exc.start : exc.start + 1].hex().upper()
        label = encoding.upper().removesuffix("-LE").removesuffix("-BE")
        raise DocumentError(
            path,
            f"is not {label} text (invalid byte 0x{bad} at byte offset {offset}); "
            "re-save it as UTF-8 (in your editor choose 'Save as' with encoding UTF-8) "
            "and ingest it again",
        ) from None
    if "\x00" in text or _control_share(text) > _MAX_CONTROL_SHARE:
        raise _binary(path)
    return _normalise_newlines(text)


def _split_bom(data: bytes) -> tuple[str, bytes]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, data[len(bom) :]
    return "utf-8", data


def _binary(path: Path) -> DocumentError:
    return DocumentError(
        path,
        "looks like binary data, not text; check it is the right file, or export the "
        "document as .txt (UTF-8), .pdf or .docx",
    )


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL_CHARS.findall(text)) / len(text)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
            texts.append(_normalise_newlines(page.extract_text()))
        except Exception as exc:
            raise DocumentError(
                path, f"page {number} cannot be read ({_describe(exc)}); {_PDF_ADVICE}"
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
        return f"is truncated or incomplete (no %%EOF end marker; {_describe(exc)})"
    return f"is damaged and cannot be read ({_describe(exc)})"


def _describe(exc: BaseException) -> str:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    return f"{name}: {detail[:200]}" if detail else name


@dataclass
class _Out:
    parts: list[str]
    headings: list[Heading]
    length: int = 0
    last: str = ""

    def add(self, kind: str, text: str, level: int | None = None) -> None:
        if self.parts:
            joined = kind == self.last and kind in ("list", "row")
            sep = "\n" if joined else "\n\n"
            self.parts.append(sep)
            self.length += len(sep)
        if level is not None:
            self.headings.append(Heading(level, self.length, self.length + len(text)))
        self.parts.append(text)
        self.length += len(text)
        self.last = kind


def _docx_text(path: Path, data: bytes) -> tuple[str, tuple[Heading, ...]]:
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > _MAX_DOCX_UNPACKED_BYTES:
            raise DocumentError(
                path,
                f"unpacks to {_size(unpacked)}, more than a review brief can need; "
                "check it is the right file, or save a copy without embedded media",
            )
        document = docx.Document(io.BytesIO(data))
        out = _Out(parts=[], headings=[])
        for kind, text, level in _docx_blocks(document.element.body, document):
            out.add(kind, text, level)
    except DocumentError:
        raise
    except Exception as exc:
        raise DocumentError(
            path, f"is not a valid Word .docx file ({_describe(exc)}); {_DOCX_ADVICE}"
        ) from None
    if not out.parts:
        raise EmptyDocumentError(
            path, "has no text in its body; check it is the right file or add the review's text"
        )
    return "".join(out.parts), tuple(out.headings)


def _docx_blocks(container: Any, parent: Any) -> Iterator[tuple[str, str, int | None]]:
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            block = _paragraph_block(Paragraph(child, parent))
            if block is not None:
                yield block
        elif child.tag == qn("w:tbl"):
            for row in _table_rows(Table(child, parent)):
                yield "row", row, None
        elif child.tag == qn("w:sdt"):
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from _docx_blocks(content, parent)


def _paragraph_block(paragraph: Any) -> tuple[str, str, int | None] | None:
    text: str = paragraph.text
    if not text.strip():
        return None
    level = _heading_level(paragraph)
    if level is not None:
        return "heading", _one_line(text), level
    if _is_list(paragraph):
        return "list", "- " + _one_line(text), None
    return "para", _normalise_newlines(text), None


def _heading_level(paragraph: Any) -> int | None:
    style = _paragraph_style(paragraph)
    seen = 0
    while style is not None and seen < 10:
        name = str(style.name or "")
        if name.lower() == "title":
            return 0
        match = _HEADING_STYLE.fullmatch(name.strip())
        if match:
            return int(match.group(1))
        style = style.base_style
        seen += 1
    return None


def _is_list(paragraph: Any) -> bool:
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        return True
    style = _paragraph_style(paragraph)
    seen = 0
    while style is not None and seen < 10:
        if "list" in str(style.name or "").lower():
            return True
        style_pr = style.element.pPr
        if style_pr is not None and style_pr.numPr is not None:
            return True
        style = style.base_style
        seen += 1
    return False


def _paragraph_style(paragraph: Any) -> Any:
    try:
        return paragraph.style
    except (KeyError, ValueError, AttributeError):
        return None


def _table_rows(table: Any) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        previous: object = None
        for cell in row.cells:
            if cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(_one_line(cell.text).replace("\t", " "))
        if any(c for c in cells):
            yield "\t".join(cells)


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip()) or text.strip()
