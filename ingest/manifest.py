"""Catalogue metadata for documents: ``corpus/manifest.json``.

Each entry gives a document's title, publishing partnership (as the document names it), year
where stated, document type, the review its un-headed content belongs to, and optional review
markers (a line prefix that opens a named review) for layouts the parser cannot infer.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.errors import DocumentError
from core.models import DocumentMeta, LoadedDocument
from ingest.structure import ReviewMarker, clean_line, envelope_field

MANIFEST_NAME = "manifest.json"


class _Marker(BaseModel):
    model_config = ConfigDict(extra="forbid")
    starts_with: str = Field(min_length=3)
    label: str = Field(min_length=1)


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1)
    partnership: str | None = None
    year: int | None = Field(None, ge=1900, le=2100)
    doc_type: str = "learning brief"  # catalogue only: accepted in manifests, not used
    default_review: str | None = None
    review_markers: list[_Marker] = Field(default_factory=list)


class _Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    documents: dict[str, _Entry]


class Manifest:
    """Parsed manifest; documents it does not list get metadata derived from their text."""

    def __init__(self, entries: dict[str, _Entry] | None = None) -> None:
        self._entries = entries or {}

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """Read ``folder/manifest.json`` if present; a malformed one is a clear error."""
        path = folder / MANIFEST_NAME
        if not path.is_file():
            return cls()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls(_Manifest.model_validate(raw).documents)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DocumentError(path, f"cannot be read as JSON ({exc}); fix or remove it") from exc
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise DocumentError(
                path, f"field '{where}': {first['msg']}; fix that entry and ingest again"
            ) from exc

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._entries

    def meta_for(self, doc: LoadedDocument) -> DocumentMeta:
        """Metadata for a loaded document: the manifest's entry, or derived from its text."""
        entry = self._entries.get(doc.doc_id)
        if entry is not None:
            return DocumentMeta(
                doc_id=doc.doc_id,
                title=entry.title,
                partnership=entry.partnership,
                year=entry.year,
                # Without a stated default the text decides (see ingest.structure).
                default_review=entry.default_review,
            )
        title = derive_title(doc)
        year = re.search(r"\b(19[89]\d|20[0-4]\d)\b", doc.text[:2000])
        return DocumentMeta(
            doc_id=doc.doc_id,
            title=title,
            year=int(year.group(1)) if year else None,
        )

    def markers_for(self, doc_id: str) -> tuple[ReviewMarker, ...]:
        entry = self._entries.get(doc_id)
        if entry is None:
            return ()
        return tuple(ReviewMarker(m.starts_with, m.label) for m in entry.review_markers)


def derive_title(doc: LoadedDocument) -> str:
    """The first meaningful short line of the document, else its id made readable."""
    for line in doc.text.splitlines()[:40]:
        envelope = envelope_field(line.strip())
        if envelope is not None:
            # an e-mailed bulletin: its subject is the title, the other header fields are not
            if envelope[0] != "subject":
                continue
            line = envelope[1]
        cleaned = clean_line(line).strip("-·•: ")
        if cleaned and len(cleaned) <= 120 and re.search(r"[A-Za-z]{3}", cleaned):
            if cleaned.upper().startswith("FICTIONAL"):
                continue
            return cleaned
    return doc.doc_id.replace("-", " ").replace("_", " ").capitalize()
