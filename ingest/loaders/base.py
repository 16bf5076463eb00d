"""What every format loader shares: its result type, its protocol, the parse watchdog and the
small text helpers (error wording, newline normalisation, element building)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from core.errors import DocumentError
from core.models import Element, ElementKind, Heading, MarkerKind, PageSpan

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Resource limits a loader enforces while it parses (from :class:`Settings`)."""

    parse_timeout_s: float = 120.0
    max_pdf_pages: int = 1000
    max_unpacked_bytes: int = 50 * _MB
    max_compression_ratio: float = 100.0
    layout_share: float = 0.4
    """Share of the time budget the PDF layout pass may take (projected from the pages read
    so far); a longer document's elements come from the plain-text rules per page instead."""


@dataclass(frozen=True)
class Parsed:
    """What a format loader extracted from one file (``load_document`` adds the identity)."""

    text: str
    elements: tuple[Element, ...] = ()
    pages: tuple[PageSpan, ...] = ()
    headings: tuple[Heading, ...] = ()
    boilerplate: tuple[tuple[int, int], ...] = ()
    encoding: str | None = None


class ParseBudget:
    """A per-document watchdog: loaders call :meth:`check` between pages / paragraphs, and a
    document that takes longer than the time budget is refused as too large or complex."""

    def __init__(self, path: Path, limits: Limits | None = None) -> None:
        self.path = path
        self.limits = limits or Limits()
        self._deadline = time.monotonic() + self.limits.parse_timeout_s

    def check(self, where: str = "") -> None:
        """Raise :class:`DocumentError` once the time budget is spent (``where`` says where)."""
        if time.monotonic() > self._deadline:
            at = f" (stopped at {where})" if where else ""
            raise DocumentError(
                self.path,
                f"is too large or complex to read within {self.limits.parse_timeout_s:g} s"
                f"{at}; split the document into smaller files, or raise the limit with "
                "the setting REVIEW_ASSISTANT_PARSE_TIMEOUT_S",
            )


class FormatLoader(Protocol):
    """One document format: reads a file's bytes into text and typed elements."""

    kind: str
    """The :attr:`LoadedDocument.kind` this loader produces ("txt", "md", "pdf", "docx")."""

    def parse(self, path: Path, data: bytes, budget: ParseBudget) -> Parsed:
        """Extract ``data`` (the bytes of ``path``); raise :class:`DocumentError` if unusable."""
        ...


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def describe(exc: BaseException) -> str:
    """An exception as "Type: first line of its message" for an error message."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    return f"{name}: {detail[:200]}" if detail else name


def size_text(n: int) -> str:
    """A byte count for a message: "1,234 bytes" or "12,345,678 bytes (11.8 MB)"."""
    return f"{n:,} bytes ({n / _MB:.1f} MB)" if n >= _MB // 10 else f"{n:,} bytes"


def squash(text: str) -> str:
    """Single spaces between words, no leading or trailing space."""
    return " ".join(text.split())


_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


def is_roman(token: str) -> bool:
    """True for a lower-case roman numeral ("iv", "xii")."""
    return bool(token) and bool(_ROMAN.match(token.lower()))


@dataclass
class ElementList:
    """Collects elements in reading order (a tiny builder so loaders stay declarative)."""

    items: list[Element] = field(default_factory=list)

    def add(
        self,
        kind: ElementKind,
        text: str,
        start: int,
        end: int,
        *,
        page: int | None = None,
        level: int = 1,
        marker: str | None = None,
        marker_kind: MarkerKind | None = None,
        cells: tuple[str, ...] = (),
        header: bool = False,
        group: str | None = None,
        bold: bool = False,
        size: float | None = None,
    ) -> None:
        """Append one element; empty text is skipped (nothing visible to cite)."""
        text = squash(text)
        if not text:
            return
        self.items.append(
            Element(
                kind=kind,
                text=text,
                start=start,
                end=end,
                page=page,
                level=level,
                marker=marker,
                marker_kind=marker_kind,
                cells=cells,
                header=header,
                group=group,
                bold=bold,
                size=size,
            )
        )

    def freeze(self) -> tuple[Element, ...]:
        """The collected elements."""
        return tuple(self.items)
