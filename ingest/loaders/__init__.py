"""The format registry: one place that maps a file suffix to its loader.

Adding a format is one module with a class that has ``kind`` and ``parse()`` (see
:class:`~ingest.loaders.base.FormatLoader`) plus one :func:`register` call here (or at import
time of a plugin module). :func:`ingest.load.load_document` dispatches through
:func:`loader_for`.
"""

from __future__ import annotations

from ingest.loaders.base import FormatLoader, Limits, ParseBudget, Parsed

_REGISTRY: dict[str, FormatLoader] = {}


def register(suffix: str, loader: FormatLoader) -> None:
    """Make ``loader`` read files ending in ``suffix`` (e.g. ".txt"; case-insensitive)."""
    _REGISTRY[suffix.lower()] = loader


def unregister(suffix: str) -> None:
    """Forget the loader for ``suffix`` (used by tests that add a format)."""
    _REGISTRY.pop(suffix.lower(), None)


def loader_for(suffix: str) -> FormatLoader | None:
    """The loader registered for ``suffix``, or ``None``."""
    return _REGISTRY.get(suffix.lower())


def suffixes() -> frozenset[str]:
    """Every registered suffix."""
    return frozenset(_REGISTRY)


def _register_builtins() -> None:
    from ingest.loaders.docx import DocxLoader
    from ingest.loaders.md import MarkdownLoader
    from ingest.loaders.pdf import PdfLoader
    from ingest.loaders.txt import TxtLoader

    register(".txt", TxtLoader())
    register(".md", MarkdownLoader())
    register(".pdf", PdfLoader())
    register(".docx", DocxLoader())


_register_builtins()

__all__ = [
    "FormatLoader",
    "Limits",
    "ParseBudget",
    "Parsed",
    "loader_for",
    "register",
    "suffixes",
    "unregister",
]
