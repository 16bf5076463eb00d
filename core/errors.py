"""The project's exception hierarchy.

Every error a user can meet derives from :class:`ReviewAssistantError` and carries a
message that says what went wrong *and what to do about it*.
"""

from __future__ import annotations

from pathlib import Path


class ReviewAssistantError(Exception):
    """Base class for all errors raised deliberately by this project."""


class ConfigError(ReviewAssistantError):
    """A setting is missing or invalid."""


class DocumentError(ReviewAssistantError):
    """A document cannot be used. ``path`` names the file, ``reason`` says why and what to do."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


class UnsupportedFileError(DocumentError):
    """The file type is not one the loaders understand."""


class EmptyDocumentError(DocumentError):
    """The file holds no extractable text."""


class IndexError_(ReviewAssistantError):
    """The index cannot be opened, read or written."""


class IngestAborted(IndexError_):
    """The index failed while an ingest was writing to it. ``outcomes`` holds what had
    happened to each file until then (the CLI prints them before the error)."""

    def __init__(self, message: str, outcomes: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.outcomes = outcomes


class IndexBusyError(IndexError_):
    """Another process holds the embedded index."""


class QuestionError(ReviewAssistantError):
    """A question cannot be answered as asked (empty, too long, ...)."""


class LLMError(ReviewAssistantError):
    """The optional LLM backend failed; callers fall back to the extractive answer."""


__all__ = [
    "ConfigError",
    "DocumentError",
    "EmptyDocumentError",
    "IndexBusyError",
    "IndexError_",
    "IngestAborted",
    "LLMError",
    "QuestionError",
    "ReviewAssistantError",
    "UnsupportedFileError",
]
