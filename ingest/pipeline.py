"""Ingest orchestration: files -> load -> structure -> chunk -> embed -> index.

Incremental by content hash: an unchanged document is skipped without re-embedding; a changed
one is replaced (new chunks written first, the registry updated, then the old chunks deleted,
so a crash at any point leaves either the old or the new version, and the next run sweeps
leftovers); a document removed from an ingested folder is deleted. A file that fails keeps its
previous version in the index, and every other file is still ingested.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.config import Settings
from assistant.errors import DocumentError, ReviewAssistantError
from assistant.models import Chunk, FileOutcome, IngestReport, doc_id_for
from ingest.chunk import make_chunks
from ingest.index import Index
from ingest.load import SUPPORTED_SUFFIXES, load_document
from ingest.manifest import MANIFEST_NAME, Manifest
from ingest.structure import parse_structure

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: stage is "scan", "embed" or "index"."""


@dataclass(frozen=True)
class ParsedDocument:
    """A document ready to index."""

    path: Path
    doc_id: str
    content_hash: str
    title: str
    chunks: tuple[Chunk, ...]

    @property
    def reviews(self) -> int:
        return len({c.review for c in self.chunks})


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[FileOutcome], list[Path]]:
    """Expand folders into files. Returns (files, failures, folders scanned)."""
    files: list[Path] = []
    failures: list[FileOutcome] = []
    folders: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            folders.append(path.resolve())
            for child in sorted(path.rglob("*")):
                if child.is_file() and not _skipped(child, path):
                    files.append(child)
        elif path.is_file():
            files.append(path)
        else:
            failures.append(
                FileOutcome(path, doc_id_for(path), "failed",
                            "does not exist; check the path and try again")
            )
    return files, failures, folders


def _skipped(child: Path, root: Path) -> bool:
    relative = child.relative_to(root)
    if any(part.startswith(".") for part in relative.parts):
        return True
    return child.name == MANIFEST_NAME or child.name.lower().startswith("readme")


def parse_file(path: Path, settings: Settings, manifest: Manifest) -> ParsedDocument:
    """Load, structure and chunk one file (raises :class:`DocumentError`)."""
    document = load_document(path, max_bytes=int(settings.max_file_mb * 1024 * 1024))
    meta = manifest.meta_for(document)
    blocks = parse_structure(document, meta, manifest.markers_for(document.doc_id))
    chunks = make_chunks(document, meta, blocks, max_chars=settings.max_chunk_chars)
    if not chunks:
        raise DocumentError(
            path, "no learning points or paragraphs were found in it; check it is a review "
            "brief with text (not only headings)"
        )
    return ParsedDocument(path, document.doc_id, document.content_hash, meta.title, chunks)


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest_for(folder: Path, cache: dict[Path, Manifest]) -> Manifest:
    if folder not in cache:
        cache[folder] = Manifest.load(folder)
    return cache[folder]


def ingest_paths(
    paths: Sequence[Path],
    index: Index,
    settings: Settings,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    remove_missing: bool = True,
) -> IngestReport:
    """Ingest files and folders into ``index`` and return what happened to each file."""
    report = progress or _no_progress
    store = index.store
    files, outcomes, folders = discover(paths)
    registry = store.documents()
    if rebuild:
        for doc_id in list(registry):
            _delete_document(index, doc_id)
        registry = {}

    manifests: dict[Path, Manifest] = {}
    seen_hashes: dict[str, str] = {
        str(rec.get("doc_hash")): doc_id for doc_id, rec in registry.items()
    }
    seen_ids: set[str] = set()
    to_index: list[ParsedDocument] = []
    changed = False
    for position, path in enumerate(files, start=1):
        report("scan", position, len(files))
        doc_id = doc_id_for(path)
        outcome = _scan_one(path, doc_id, settings, registry, seen_hashes, seen_ids, manifests)
        if isinstance(outcome, ParsedDocument):
            to_index.append(outcome)
            seen_hashes[outcome.content_hash] = doc_id
        else:
            outcomes.append(outcome)
            if outcome.status == "unchanged":
                changed |= _sweep(index, doc_id, registry[doc_id])
        seen_ids.add(doc_id)

    total_chunks = sum(len(d.chunks) for d in to_index)
    done = 0
    for parsed in to_index:
        previous = registry.get(parsed.doc_id)
        try:
            _write_document(index, parsed, settings, lambda n: report("embed", done + n,
                                                                      total_chunks))
        except ReviewAssistantError as exc:
            outcomes.append(FileOutcome(parsed.path, parsed.doc_id, "failed", str(exc)))
            continue
        done += len(parsed.chunks)
        changed = True
        outcomes.append(
            FileOutcome(
                parsed.path, parsed.doc_id, "updated" if previous else "added",
                reviews=parsed.reviews, learning_points=len(parsed.chunks),
            )
        )

    if remove_missing:
        for doc_id, record in registry.items():
            source = Path(str(record.get("source", "")))
            if doc_id in seen_ids or not any(_within(source, f) for f in folders):
                continue
            if source.exists():
                continue
            _delete_document(index, doc_id)
            changed = True
            outcomes.append(FileOutcome(source, doc_id, "removed",
                                        "its file is no longer in the folder"))
    if changed:
        bump = getattr(store, "bump_generation", None)
        if callable(bump):
            bump()
        index.refresh(force=True)
    return IngestReport(tuple(outcomes))


def _scan_one(
    path: Path,
    doc_id: str,
    settings: Settings,
    registry: dict[str, dict[str, object]],
    seen_hashes: dict[str, str],
    seen_ids: set[str],
    manifests: dict[Path, Manifest],
) -> ParsedDocument | FileOutcome:
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
        return FileOutcome(path, doc_id, "failed",
                           f"'{path.suffix or path.name}' files are not supported; save the "
                           f"brief as one of {kinds}")
    if doc_id in seen_ids:
        return FileOutcome(path, doc_id, "failed",
                           f"another file in this ingest already has the document id "
                           f"'{doc_id}' (the file name without extension); rename one of them")
    try:
        content_hash = _file_hash(path)
    except OSError as exc:
        return FileOutcome(path, doc_id, "failed", f"cannot be read ({exc.strerror})")
    record = registry.get(doc_id)
    if record is not None and record.get("doc_hash") == content_hash:
        return FileOutcome(path, doc_id, "unchanged", reviews=int(str(record.get("reviews", 0))),
                           learning_points=int(str(record.get("chunks", 0))))
    twin = seen_hashes.get(content_hash)
    if twin is not None and twin != doc_id:
        return FileOutcome(path, doc_id, "duplicate",
                           f"same content as '{twin}' (deduplicated by content hash); "
                           "remove one copy")
    try:
        parsed = parse_file(path, settings, _manifest_for(path.parent, manifests))
    except DocumentError as exc:
        keep = " The previous version stays in the index." if record is not None else ""
        return FileOutcome(path, doc_id, "failed", f"{exc.reason}.{keep}".replace("..", "."))
    if parsed.content_hash != content_hash:  # the file changed while we read it
        return FileOutcome(path, doc_id, "failed", "changed while being read; ingest again")
    return parsed


def _write_document(
    index: Index, parsed: ParsedDocument, settings: Settings, progress: Callable[[int], None]
) -> None:
    """New chunks first, then the registry, then the old chunks (crash-safe order)."""
    store = index.store
    old_ids = set(store.chunk_ids_for(parsed.doc_id))
    batch = max(1, settings.embed_batch_size * 4)
    written = 0
    for start in range(0, len(parsed.chunks), batch):
        part = parsed.chunks[start : start + batch]
        vectors = index.embedder.embed_documents([c.embed_text for c in part])
        store.upsert(part, vectors)
        written += len(part)
        progress(written)
    store.set_document(
        parsed.doc_id,
        {
            "doc_hash": parsed.content_hash,
            "title": parsed.title,
            "source": str(parsed.path.resolve()),
            "chunks": len(parsed.chunks),
            "reviews": parsed.reviews,
            "ingested_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        },
    )
    stale = old_ids - {c.chunk_id for c in parsed.chunks}
    if stale:
        store.delete(sorted(stale))


def _sweep(index: Index, doc_id: str, record: dict[str, object]) -> bool:
    """Delete chunks of ``doc_id`` left over from an interrupted ingest. True if any."""
    current = str(record.get("doc_hash"))
    stale = [cid for cid, h in index.store.chunk_ids_for(doc_id).items() if h != current]
    if stale:
        index.store.delete(stale)
    return bool(stale)


def _delete_document(index: Index, doc_id: str) -> None:
    index.store.delete(sorted(index.store.chunk_ids_for(doc_id)))
    index.store.remove_document(doc_id)


def _within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


def corpus_tree(chunks: Iterable[Chunk]) -> dict[str, dict[str, dict[str, list[str]]]]:
    """documents -> reviews -> sections -> learning-point labels, in document order."""
    tree: dict[str, dict[str, dict[str, list[str]]]] = {}
    for chunk in sorted(chunks, key=lambda c: (c.doc_id, c.ordinal)):
        labels = tree.setdefault(chunk.doc_id, {}).setdefault(chunk.review, {}).setdefault(
            chunk.section, []
        )
        labels.append(chunk.learning_point)
    return tree
