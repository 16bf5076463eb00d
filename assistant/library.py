"""The user's library: briefs a user adds (uploads), kept apart from the bundled corpus.

Two folders feed the index by default: the bundled ``corpus/`` (read-only input, shipped with
the code) and the library folder (``REVIEW_ASSISTANT_LIBRARY_DIR``, by default under the data
directory ``.review-assistant/``, which git ignores). Uploads are only ever written into the
library, so the repository's tracked files never change and the test suite, which uses its
own pinned copy of the seeds, passes whatever a user has added.

An upload is crash- and failure-safe (:func:`add_upload`): the bytes are written to a hidden
staging folder inside the library (folder ingests skip hidden paths), parsed there, and only
then swapped into place with an atomic rename; an original file under that name is kept aside
until the new one has been ingested and is put back on any failure, so the original file and
its index entries are unchanged unless the new version ingested.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from core.config import Settings
from core.errors import ReviewAssistantError
from core.models import IngestReport, doc_id_for
from core.text import strip_accents
from ingest import loaders

Origin = Literal["bundled", "library", "path"]
ORIGIN_LABELS: dict[str, str] = {
    "bundled": "bundled corpus",
    "library": "your library (uploaded)",
    "path": "added from a path",
}
_WHERE = {
    "bundled": "the bundled corpus",
    "library": "your library",
    "path": "the index (ingested from a path)",
}


def upload_types() -> tuple[str, ...]:
    """The file types an upload may have (extensions without the dot), for upload widgets:
    every registered format, read at call time so a registered plugin format is offered too."""
    return tuple(sorted(s.lstrip(".") for s in loaders.suffixes()))


STAGING = ".staging"
"""Hidden folder inside the library for uploads being checked (folder ingests skip it)."""

UploadStatus = Literal["added", "updated", "unchanged", "exists", "failed", "duplicate"]
Ingest = Callable[[Sequence[Path]], IngestReport]

_UPLOAD_LOCK = threading.Lock()


def safe_upload_name(name: str, max_stem: int = 80) -> str:
    """A safe file name for an uploaded brief (raises :class:`ValueError` if unusable).

    Keeps only the base name (any ``/`` or ``\\`` path is dropped), folds accents to ASCII,
    replaces everything but letters, digits, ``-`` and ``_`` in the stem with ``-`` (so no
    ``..``, separators or hidden dot-files), lower-cases a supported extension and keeps it.
    A name with nothing usable left becomes ``upload-<hash>.<ext>``.
    """
    base = re.split(r"[\\/]", name or "")[-1].strip()
    base = strip_accents(base).encode("ascii", "ignore").decode("ascii")
    stem, dot, extension = base.rpartition(".")
    suffix = "." + extension.strip().lower()
    registered = loaders.suffixes()  # every registered format, plugins included
    supported = ", ".join(sorted(registered))
    if not dot or suffix not in registered:
        shown = f"'{name}'" if name and name.strip() else "The file"
        raise ValueError(f"{shown} is not a supported file type; upload one of {supported}.")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem)
    stem = re.sub(r"-{2,}", "-", stem).strip("-_")[:max_stem].strip("-_")
    if stem.lower().startswith("readme"):  # folder ingests skip README files
        stem = f"brief-{stem}"
    if not stem:
        stem = "upload-" + hashlib.sha256((name or "").encode("utf-8")).hexdigest()[:8]
    return stem + suffix


def _within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (OSError, ValueError):
        return False
    return True


def origin_of(record: Mapping[str, Any], settings: Settings) -> Origin:
    """Where an indexed document came from: the bundled corpus, the user's library, or a path
    given to ``review-assistant ingest PATH`` (judged from its registry record's source)."""
    source = Path(str(record.get("source", "")))
    if not str(record.get("source", "")):
        return "path"
    if _within(source, settings.corpus_dir):
        return "bundled"
    if _within(source, settings.library_dir):
        return "library"
    return "path"


def default_sources(settings: Settings) -> list[Path]:
    """What a plain ``ingest`` reads: the bundled corpus and, once it exists, the library."""
    sources = [settings.corpus_dir]
    library = settings.library_dir
    if library.is_dir() and library.resolve() != settings.corpus_dir.resolve():
        sources.append(library)
    return sources


@dataclass(frozen=True)
class UploadResult:
    """What :func:`add_upload` did, with a message a user can act on.

    ``status`` ``"exists"`` means nothing was written: a document of that name is already
    indexed; ask the user and call again with ``replace=True`` (only when ``can_replace``) or
    ``replace=False`` (keep both: the upload is saved under a new name).
    """

    status: UploadStatus
    message: str
    name: str
    saved_as: str = ""
    doc_id: str = ""
    can_replace: bool = False

    @property
    def changed(self) -> bool:
        """Whether the library and the index changed (a document was added or updated)."""
        return self.status in ("added", "updated")

    @property
    def kind(self) -> Literal["success", "info", "warning", "error"]:
        """How serious the outcome is (the UI maps it to a coloured message)."""
        if self.changed:
            return "success"
        if self.status in ("unchanged", "exists"):
            return "info"
        return "warning" if self.status == "duplicate" else "error"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _free_name(safe: str, library: Path, taken: Mapping[str, object]) -> str:
    """``stem-2.ext``, ``stem-3.ext`` ... : the first name used neither by a file in the
    library nor by an indexed document (a document id is the file stem)."""
    stem, suffix = Path(safe).stem, Path(safe).suffix
    number = 2
    while True:
        candidate = f"{stem}-{number}{suffix}"
        if not _stem_taken(Path(candidate).stem, library) and Path(candidate).stem not in taken:
            return candidate
        number += 1


def _stem_taken(stem: str, library: Path) -> bool:
    return any(p.stem == stem for p in library.glob(f"{glob_escape(stem)}.*") if p.is_file())


def glob_escape(text: str) -> str:
    """``text`` with glob wildcards escaped (safe names hold none, but be exact)."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def add_upload(
    settings: Settings,
    documents: Mapping[str, Mapping[str, Any]],
    ingest: Ingest,
    name: str,
    data: bytes,
    *,
    replace: bool | None = None,
) -> UploadResult:
    """Save ``data`` as a brief in the library and ingest it; see the module docstring.

    ``documents`` is the index's registry (id -> record) and ``ingest`` ingests the given
    paths (the :class:`~assistant.service.Assistant` passes its own). ``replace``: ``None``
    (a name already indexed returns ``status="exists"`` and writes nothing), ``True``
    (replace the library's document of that name) or ``False`` (keep both: save under a new
    name). Never raises for bad input: every problem is an ``UploadResult`` with a message.
    """
    with _UPLOAD_LOCK:
        return _add_upload(settings, documents, ingest, name, data, replace)


def _add_upload(
    settings: Settings,
    documents: Mapping[str, Mapping[str, Any]],
    ingest: Ingest,
    name: str,
    data: bytes,
    replace: bool | None,
) -> UploadResult:
    limit = settings.upload_max_mb
    if len(data) > limit * 1024 * 1024:
        return UploadResult(
            "failed",
            f"{name} was not added: it is {len(data) / 1048576:.1f} MB and the upload limit "
            f"is {limit:g} MB. Ask your administrator to add it.",
            name,
        )
    try:
        safe = safe_upload_name(name)
    except ValueError as exc:
        return UploadResult("failed", f"{name} was not added: {exc}", name)
    library = settings.library_dir
    target = library / safe
    doc_id = doc_id_for(target)
    record = documents.get(doc_id)
    if record is not None or (library.is_dir() and _stem_taken(doc_id, library)):
        # Only this very library file may be replaced; a bundled brief, a document ingested
        # from elsewhere or a library file of another type under the same id is read-only.
        if record is not None:
            can_replace = _same_path(Path(str(record.get("source", ""))), target)
            where = _WHERE[origin_of(record, settings)]
        else:
            can_replace = target.is_file()
            where = _WHERE["library"]
        if replace is None or (replace and not can_replace):
            choice = (
                "Replace it, or keep both"
                if can_replace
                else "It cannot be replaced here; keep both"
            )
            return UploadResult(
                "exists",
                f"A document named '{doc_id}' is already in {where}. {choice} "
                "(the upload is then saved under a new name)?",
                name,
                safe,
                doc_id,
                can_replace=can_replace,
            )
        if not replace:
            safe = _free_name(safe, library, documents)
            target = library / safe
            doc_id = doc_id_for(target)
    return _stage_and_ingest(settings, ingest, name, safe, target, doc_id, data)


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _stage_and_ingest(
    settings: Settings,
    ingest: Ingest,
    name: str,
    safe: str,
    target: Path,
    doc_id: str,
    data: bytes,
) -> UploadResult:
    from ingest.manifest import Manifest
    from ingest.pipeline import parse_file

    library = settings.library_dir
    staging = library / STAGING / uuid.uuid4().hex
    renamed = f" (saved as {safe})" if safe != name else ""
    try:
        staging.mkdir(parents=True, exist_ok=False)
        staged = staging / safe
        staged.write_bytes(data)
        with staged.open("rb") as handle:
            os.fsync(handle.fileno())
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        return UploadResult(
            "failed",
            f"{name} was not added: it could not be saved in the library ({exc.strerror or exc}); "
            "check that the data folder is writable and has space.",
            name,
        )
    backup = staging / f"original{target.suffix}"
    try:
        # Check it parses before anything in the library changes.
        try:
            parse_file(staged, settings, Manifest.load(library))
        except ReviewAssistantError as exc:
            return UploadResult("failed", f"{name} was not added: {_reason(exc)}", name, safe)
        had_original = target.is_file()
        if had_original:
            shutil.copy2(target, backup)
        os.replace(staged, target)
        try:
            report = ingest([target])
        except ReviewAssistantError as exc:
            _restore(target, backup, had_original)
            return UploadResult("failed", f"{name} was not added: {exc}", name, safe)
        except BaseException:
            _restore(target, backup, had_original)
            raise
        outcome = next((o for o in report.outcomes if o.doc_id == doc_id), None)
        if outcome is None or outcome.status in ("failed", "duplicate"):
            _restore(target, backup, had_original)
            reason = outcome.reason if outcome else "it was not ingested"
            status: UploadStatus = (
                "duplicate" if outcome and outcome.status == "duplicate" else ("failed")
            )
            keep = " The previous version is unchanged." if had_original else ""
            return UploadResult(status, f"{name} was not added: {reason}{keep}", name, safe, doc_id)
        if outcome.status == "unchanged":
            return UploadResult(
                "unchanged",
                f"{name}{renamed} is already in the index, unchanged.",
                name,
                safe,
                doc_id,
            )
        verb: UploadStatus = "updated" if outcome.status == "updated" else "added"
        return UploadResult(
            verb,
            f"{name}{renamed} {verb}: {_plural(outcome.reviews, 'review')}, "
            f"{_plural(outcome.learning_points, 'learning point')}.",
            name,
            safe,
            doc_id,
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        with contextlib.suppress(OSError):  # another upload is staging, or it is gone
            (library / STAGING).rmdir()


def _restore(target: Path, backup: Path, had_original: bool) -> None:
    """Put the original back (atomic rename), or remove a new file that failed."""
    if had_original and backup.is_file():
        os.replace(backup, target)
    elif not had_original:
        target.unlink(missing_ok=True)


def _reason(exc: ReviewAssistantError) -> str:
    reason = getattr(exc, "reason", None)
    return str(reason) if reason else str(exc)
