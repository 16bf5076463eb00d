"""What an ingest will do, decided before anything is read or written: a pure function of the
files found and the registry (no store, no parsing; unit-tested in ``tests/ingest/test_plan.py``).

Each file is *added* (a new doc id), *updated* (its content changed), *skipped* (the registry
holds this content under this id; the pipeline still checks its chunks are all there) or a
*duplicate* (another document holds the same content and keeps it). A registered document is
*removed* when its file is gone from an ingested folder, is now a refused symbolic link, or
(rebuild) was not among the files rebuilt.

A file whose content an indexed document holds is a duplicate only if that document still
holds it after this ingest: a document that changes or is removed in the same run (a renamed
file) gives its content up, so the renamed file is added, not lost. Of two new files with
the same content, the first is added and the second is its duplicate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Action = Literal["add", "update", "skip", "duplicate"]


@dataclass(frozen=True)
class Candidate:
    """A supported file with a unique doc id, and its content hash (``None``: too big to
    hash; it is read, and fails, when indexed)."""

    path: Path
    doc_id: str
    content_hash: str | None


@dataclass(frozen=True)
class FileAction:
    """What to do with one file; ``twin``: the document a duplicate's content belongs to."""

    candidate: Candidate
    action: Action
    twin: str = ""


@dataclass(frozen=True)
class Removal:
    """A registered document to delete, with the reason shown for it."""

    doc_id: str
    source: Path
    reason: str


GONE = "its file is no longer in the folder"
NOW_A_LINK = "its file is now a symbolic link that is not followed"
NOT_REBUILT = "its file was not among those rebuilt"


@dataclass(frozen=True)
class IngestPlan:
    """Every file's action, in the order given, and the documents to remove (in the order
    they are reported)."""

    files: tuple[FileAction, ...]
    removals: tuple[Removal, ...]

    def of(self, action: Action) -> list[FileAction]:
        """The files planned for ``action``."""
        return [f for f in self.files if f.action == action]


def plan_ingest(
    candidates: Sequence[Candidate],
    registry: Mapping[str, Mapping[str, Any]],
    *,
    seen_ids: frozenset[str] | set[str],
    folders: Sequence[Path],
    remove_missing: bool = True,
    refused: frozenset[str] | set[str] = frozenset(),
    rebuilt_over: Mapping[str, Mapping[str, Any]] | None = None,
    exists: Callable[[Path], bool] = Path.exists,
) -> IngestPlan:
    """Plan an ingest.

    ``registry``: the index's records (empty for a rebuild, which re-indexes every file);
    ``seen_ids``: every doc id met among the files, failed ones included (a file that fails
    keeps its previous version, so its document is not removed); ``folders``: the folders
    scanned (a document is removed for a missing file only inside one of them);
    ``refused``: doc ids whose file is now a refused link; ``rebuilt_over``: a rebuild's
    previous records (those not listed are removed); ``exists``: whether a source file is
    still there.
    """

    def gone(doc_id: str, record: Mapping[str, Any]) -> bool:
        return remove_missing and will_remove(doc_id, record, seen_ids, folders, exists)

    current = {c.doc_id: c.content_hash for c in candidates}
    held: dict[str, str] = {}  # content hash -> the document that keeps holding it
    for doc_id, record in registry.items():
        doc_hash = str(record.get("doc_hash", ""))
        if doc_id in current and current[doc_id] != doc_hash:
            continue  # changes in this run
        if gone(doc_id, record):
            continue
        held.setdefault(doc_hash, doc_id)

    files: list[FileAction] = []
    for candidate in candidates:
        known = registry.get(candidate.doc_id)
        if known is not None and is_unchanged(candidate, known):
            files.append(FileAction(candidate, "skip"))
            continue
        twin = held.get(candidate.content_hash) if candidate.content_hash is not None else None
        if twin is not None and twin != candidate.doc_id:
            files.append(FileAction(candidate, "duplicate", twin))
            continue
        files.append(FileAction(candidate, "update" if known is not None else "add"))
        if candidate.content_hash is not None:
            held[candidate.content_hash] = candidate.doc_id

    removals: list[Removal] = []
    for doc_id, old in (rebuilt_over or {}).items():
        if doc_id not in seen_ids:
            removals.append(Removal(doc_id, Path(str(old.get("source", ""))), NOT_REBUILT))
    refused = set(refused) - set(seen_ids)
    if remove_missing or refused:
        for doc_id, record in registry.items():
            missing = gone(doc_id, record)
            if doc_id in refused or missing:
                source = Path(str(record.get("source", "")))
                removals.append(Removal(doc_id, source, GONE if missing else NOW_A_LINK))
    return IngestPlan(tuple(files), tuple(removals))


def is_unchanged(candidate: Candidate, record: Mapping[str, Any]) -> bool:
    """Whether ``record`` holds this very content."""
    return candidate.content_hash is not None and record.get("doc_hash") == candidate.content_hash


def will_remove(
    doc_id: str,
    record: Mapping[str, Any],
    seen_ids: frozenset[str] | set[str],
    folders: Sequence[Path],
    exists: Callable[[Path], bool] = Path.exists,
) -> bool:
    """Whether ``doc_id``'s file is gone from a folder being ingested."""
    if doc_id in seen_ids:
        return False
    source = Path(str(record.get("source", "")))
    if not any(within(source, f) for f in folders):
        return False
    return not exists(source)


def within(path: Path, folder: Path) -> bool:
    """Whether ``path`` (resolved) lies inside ``folder``."""
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True
