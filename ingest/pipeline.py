"""Ingest orchestration: files -> load -> structure -> chunk -> embed -> index.

Incremental by content hash: an unchanged document is skipped without re-embedding; a changed
one is replaced (new chunks written first, the registry updated, then the old chunks deleted,
so a crash at any point leaves either the old or the new version, and the next run sweeps
leftovers); a document removed from an ingested folder is deleted. A file that fails (to load,
parse, embed or write) keeps its previous version in the index, and every other file is still
ingested.

A file whose content an indexed document already holds is a "duplicate" - unless that document
is changing or being removed in the same run (a renamed file is added under its new name, not
lost). A registered document with missing chunks is indexed again, and in embedded mode every
run ends by deleting chunks that no registry record accounts for (left by a run killed while
writing a file that has since gone). ``rebuild`` re-reads and re-embeds every file over the
current index, then removes the documents it did not list, so a rebuild killed part-way
leaves the previous index whole (only vectors of another size, from another embedding model,
make it start from an empty index). Only regular files inside an ingested folder are read
(see :func:`discover`), and a copy of each ingested file is kept under
``index_dir/sources`` (downloads serve that copy).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.config import Settings
from core.errors import DocumentError, IngestAborted, ReviewAssistantError
from core.models import Chunk, FileOutcome, IngestReport, ReviewInfo, doc_id_for
from ingest import loaders
from ingest.chunk import make_chunks
from ingest.embed_cache import embed_with_cache
from ingest.index import Index
from ingest.load import limits_for, load_document
from ingest.manifest import MANIFEST_NAME, Manifest
from ingest.structure import parse_structure

RESERVED_IDS = frozenset({"__generation__"})
"""Doc ids the index uses for its own records (a file may not be named so)."""
log = logging.getLogger("review_assistant")

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: stage is "scan", "embed" or "index" (counts over the run),
or "document" (chunks embedded of the one large document being embedded window by window)."""


@dataclass(frozen=True)
class ParsedDocument:
    """A document ready to index."""

    path: Path
    doc_id: str
    content_hash: str
    title: str
    chunks: tuple[Chunk, ...]
    embedding_model: str = ""
    source_copy: str = ""  # the stored copy's file name under index_dir/sources
    coverage: float = 1.0
    dropped: tuple[str, ...] = ()
    review_infos: tuple[ReviewInfo, ...] = ()

    @property
    def reviews(self) -> int:
        return len({c.review for c in self.chunks})


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[FileOutcome], list[Path]]:
    """Expand folders into files. Returns (files, failures, folders scanned).

    A file reached twice (named on its own and inside a folder, or through two folders) is
    listed once. Hidden files and folders, ``manifest.json`` and README files are skipped.
    Only regular files inside the folder are listed: a symbolic link is followed only when
    its target is a regular file inside the same folder, and refused with a reason otherwise
    (so a link cannot bring ``/etc/passwd`` into the library). A file is listed under the
    path as given, never its resolved target.
    """
    files: list[Path] = []
    failures: list[FileOutcome] = []
    folders: list[Path] = []
    listed: set[Path] = set()

    def add(file: Path, root: Path) -> None:
        refusal = _link_refusal(file, root)
        if refusal is not None:
            failures.append(FileOutcome(file, doc_id_for(file), "failed", refusal))
            return
        key = file.resolve()
        if key not in listed:
            listed.add(key)
            files.append(file)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            root = path.resolve()
            folders.append(root)
            for child in sorted(path.rglob("*")):
                if _skipped(child, path):
                    continue
                if child.is_symlink() or child.is_file():
                    add(child, root)
        elif path.is_file() or path.is_symlink():
            add(path, path.absolute().parent.resolve())
        else:
            failures.append(
                FileOutcome(
                    path, doc_id_for(path), "failed", "does not exist; check the path and try again"
                )
            )
    return files, failures, folders


LINK_DANGLING = "is a symbolic link whose target does not exist; remove the link"
LINK_NOT_A_FILE = "is not a regular file (a link to a folder or a device); remove it"
LINK_OUTSIDE = (
    "is a symbolic link to a file outside the ingested folder, and links out of the folder are "
    "not followed; copy the file into the folder instead"
)
_LINK_REFUSALS = frozenset({LINK_DANGLING, LINK_NOT_A_FILE, LINK_OUTSIDE})


def _link_refusal(file: Path, root: Path) -> str | None:
    """Why ``file`` (inside folder ``root``, resolved) may not be ingested, or ``None``."""
    if not file.exists():
        return LINK_DANGLING
    target = file.resolve()
    if not target.is_file():
        return LINK_NOT_A_FILE
    if not _within(target, root):
        return LINK_OUTSIDE
    return None


def _skipped(child: Path, root: Path) -> bool:
    relative = child.relative_to(root)
    if any(part.startswith(".") for part in relative.parts):
        return True
    return child.name == MANIFEST_NAME or child.name.lower().startswith("readme")


@lru_cache(maxsize=1)
def _code_version() -> str:
    """A fingerprint of the code that turns a file into chunks: changing the parser, chunker,
    theme taxonomy or loaders re-ingests documents whose bytes did not change."""
    from ingest import chunk, load, reviews, sections, structure, themes

    digest = hashlib.sha256()
    for module in (load, structure, sections, reviews, chunk, themes):
        digest.update(Path(str(module.__file__)).read_bytes())
    for source in load.loader_sources():
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def document_key(file_hash: str, settings: Settings) -> str:
    """The identity a document is indexed under: its bytes, how they are chunked and the model
    that embeds them (so changing any of these re-indexes it at the next ingest)."""
    identity = f"{file_hash}|{_code_version()}|{settings.max_chunk_chars}"
    return hashlib.sha256(f"{identity}|{settings.embedding_model}".encode()).hexdigest()


def parse_file(path: Path, settings: Settings, manifest: Manifest) -> ParsedDocument:
    """Load, structure and chunk one file (raises :class:`DocumentError`)."""
    document = load_document(
        path, max_bytes=int(settings.max_file_mb * 1024 * 1024), limits=limits_for(settings)
    )
    document = replace(document, content_hash=document_key(document.content_hash, settings))
    meta = manifest.meta_for(document)
    structure = parse_structure(document, meta, manifest.markers_for(document.doc_id))
    chunks = make_chunks(document, meta, structure.blocks, max_chars=settings.max_chunk_chars)
    if not chunks:
        raise DocumentError(
            path,
            "no learning points or paragraphs were found in it; check it is a review "
            "brief with text (not only headings)",
        )
    return ParsedDocument(
        path,
        document.doc_id,
        document.content_hash,
        meta.title,
        chunks,
        settings.embedding_model,
        coverage=structure.coverage,
        dropped=structure.dropped,
        review_infos=structure.reviews,
    )


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


@dataclass(frozen=True)
class _Candidate:
    """A supported file with a unique doc id, and the hash of its bytes (``None``: too big)."""

    path: Path
    doc_id: str
    content_hash: str | None


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
    changed = False
    lease: str | None = None
    try:
        registry = store.documents()
        rebuilt_over: dict[str, dict[str, Any]] = {}
        if rebuild:
            # Re-read and re-embed every file over the current index (same content, same chunk
            # ids), then remove what is no longer listed: a rebuild killed part-way leaves the
            # index whole. Only vectors of another size (another model) force a clean start.
            changed = True
            if _vector_size_changed(index):
                _clear(index, registry)
            else:
                rebuilt_over = registry
            cache = getattr(index, "embed_cache", None)
            if cache is not None:  # a rebuild trusts nothing it held
                cache.clear()
            registry = {}

        candidates, seen_ids = _prepare(files, settings, outcomes)
        held = _held_hashes(registry, candidates, seen_ids, folders, remove_missing)
        manifests: dict[Path, Manifest] = {}
        to_index: list[ParsedDocument] = []
        indexed = _indexed_chunks(store, candidates, registry)
        for position, candidate in enumerate(candidates, start=1):
            report("scan", position, len(candidates))
            outcome, swept = _scan_one(
                candidate, index, settings, registry, held, manifests, indexed
            )
            changed |= swept
            if isinstance(outcome, ParsedDocument):
                to_index.append(outcome)
                held[outcome.content_hash] = outcome.doc_id
            else:
                outcomes.append(outcome)

        total_chunks = sum(len(d.chunks) for d in to_index)
        done = 0
        position = 0
        # Server mode: announce the versions about to be written, so that another process's
        # orphan sweep does not take their chunks for leftovers before they are registered.
        if to_index:
            lease = _take_lease(store, [d.content_hash for d in to_index])
        while position < len(to_index):
            # Embed the next window of documents ahead, in cross-document calls, then write
            # it with few Chroma calls; a bounded window keeps memory flat however many
            # documents the run holds.
            window_end = _window_end(to_index, position)
            window = to_index[position : window_end + 1]
            position = window_end + 1
            ahead = _embed_ahead(index, window, report, done, total_chunks)
            changed = True
            failures = _write_window(
                index, window, settings, _embed_progress(report, done, total_chunks), ahead
            )
            for parsed in window:
                previous = registry.get(parsed.doc_id)
                exc = failures.get(parsed.doc_id)
                if exc is not None:
                    keep = "the previous version stays in the index; " if previous else ""
                    todo = (
                        # Chroma fixes a collection's vector size at its first write.
                        "the index holds vectors of another size from another embedding "
                        "model: run 'review-assistant ingest --rebuild'"
                        if "dimension" in str(exc)
                        else "check the index and the embedding model, then ingest again"
                    )
                    outcomes.append(
                        FileOutcome(
                            parsed.path,
                            parsed.doc_id,
                            "failed",
                            f"could not be embedded or indexed ({_describe(exc)}); {keep}{todo}",
                        )
                    )
                    continue
                done += len(parsed.chunks)
                outcomes.append(
                    FileOutcome(
                        parsed.path,
                        parsed.doc_id,
                        "updated" if previous else "added",
                        reviews=parsed.reviews,
                        learning_points=len(parsed.chunks),
                        note=coverage_note(parsed),
                    )
                )

        if lease is not None:
            _release_lease(store, lease)
            lease = None
        for doc_id, record in rebuilt_over.items():
            if doc_id in seen_ids:
                continue
            _delete_document(index, doc_id)
            source = Path(str(record.get("source", "")))
            outcomes.append(
                FileOutcome(source, doc_id, "removed", "its file was not among those rebuilt")
            )
        # A document whose file is now a refused link is removed: it must never be served.
        refused = {o.doc_id for o in outcomes if o.reason in _LINK_REFUSALS} - seen_ids
        if remove_missing or refused:
            for doc_id, record in registry.items():
                source = Path(str(record.get("source", "")))
                gone = remove_missing and _will_remove(doc_id, record, seen_ids, folders)
                if doc_id not in refused and not gone:
                    continue
                changed = True
                _delete_document(index, doc_id)
                why = (
                    "its file is no longer in the folder"
                    if gone
                    else "its file is now a symbolic link that is not followed"
                )
                outcomes.append(FileOutcome(source, doc_id, "removed", why))
        changed |= _repair(index)
        if changed:
            _publish(index)
            _sweep_sources(store, settings)
    except ReviewAssistantError:
        if changed:
            _publish(index, quiet=True)
        raise
    except Exception as exc:
        # The store itself failed (a read-only folder, a full disk, a server gone): every file
        # not yet written keeps its previous version; say so and how to fix it.
        if changed:
            _publish(index, quiet=True)
        raise IngestAborted(_index_failure(exc, settings), tuple(outcomes)) from exc
    except BaseException:
        if changed:
            _publish(index, quiet=True)
        raise
    finally:
        if lease is not None:
            _release_lease(store, lease)
    return IngestReport(tuple(outcomes))


def _index_failure(exc: BaseException, settings: Settings) -> str:
    """The message for an index that failed mid-run: what happened and what to do."""
    if settings.server_mode:
        where = f"the Chroma server at {settings.chroma_host}:{settings.chroma_port}"
        fix = "check the server is running and has free space"
    else:
        where = f"the index folder {settings.index_dir}"
        fix = "check the folder is writable, has free space and is not read-only"
    return (
        f"The ingest stopped because {where} could not be written or read "
        f"({_describe(exc)}). Documents not yet written keep their previous version; "
        f"{fix}, then run 'review-assistant ingest' again."
    )


def _embed_progress(report: Progress, done: int, total: int) -> Callable[[int], None]:
    def written(n: int) -> None:
        report("index", done + n, total)

    return written


def _prepare(
    files: Sequence[Path], settings: Settings, outcomes: list[FileOutcome]
) -> tuple[list[_Candidate], set[str]]:
    """Cheap checks and content hashes; failures go to ``outcomes``. Also returns every doc
    id met (a file that fails keeps its document's previous version, so it is not removed)."""
    candidates: list[_Candidate] = []
    seen_ids: set[str] = set()
    max_bytes = int(settings.max_file_mb * 1024 * 1024)
    for path in files:
        doc_id = doc_id_for(path)
        failure = _precheck(path, doc_id, seen_ids)
        seen_ids.add(doc_id)
        if failure is not None:
            outcomes.append(FileOutcome(path, doc_id, "failed", failure))
            continue
        try:
            too_big = path.stat().st_size > max_bytes
            content_hash = None if too_big else document_key(_file_hash(path), settings)
        except OSError as exc:
            outcomes.append(
                FileOutcome(
                    path,
                    doc_id,
                    "failed",
                    f"cannot be read ({exc.strerror or exc}); check the file and its permissions",
                )
            )
            continue
        candidates.append(_Candidate(path, doc_id, content_hash))
    return candidates, seen_ids


def _precheck(path: Path, doc_id: str, seen_ids: set[str]) -> str | None:
    supported = loaders.suffixes()  # now, not at import: a format registered later counts
    if path.suffix.lower() not in supported:
        kinds = ", ".join(sorted(supported))
        return (
            f"'{path.suffix or path.name}' files are not supported; save the brief as one "
            f"of {kinds}"
        )
    if doc_id in RESERVED_IDS or not doc_id.strip():
        return f"'{doc_id}' cannot be used as a document id (the file name); rename the file"
    if doc_id in seen_ids:
        return (
            f"another file in this ingest already has the document id '{doc_id}' (the "
            "file name without extension); rename one of them"
        )
    return None


def _held_hashes(
    registry: dict[str, dict[str, Any]],
    candidates: Sequence[_Candidate],
    seen_ids: set[str],
    folders: Sequence[Path],
    remove_missing: bool,
) -> dict[str, str]:
    """content hash -> the indexed document that holds it and will still hold it after this
    ingest. A document whose file changed, or that is about to be removed (e.g. its file was
    renamed), no longer holds its old content, so a file with that content is not a
    duplicate."""
    current = {c.doc_id: c.content_hash for c in candidates}
    held: dict[str, str] = {}
    for doc_id, record in registry.items():
        doc_hash = str(record.get("doc_hash", ""))
        if doc_id in current and current[doc_id] != doc_hash:
            continue
        if remove_missing and _will_remove(doc_id, record, seen_ids, folders):
            continue
        held.setdefault(doc_hash, doc_id)
    return held


def _will_remove(
    doc_id: str, record: dict[str, Any], seen_ids: set[str], folders: Sequence[Path]
) -> bool:
    """Whether ``doc_id`` is gone from a folder being ingested (so it is to be removed)."""
    if doc_id in seen_ids:
        return False
    source = Path(str(record.get("source", "")))
    if not any(_within(source, f) for f in folders):
        return False
    return not source.exists()


def _unchanged(candidate: _Candidate, registry: dict[str, dict[str, Any]]) -> bool:
    """Whether the registry holds this very content under this document id."""
    record = registry.get(candidate.doc_id)
    return (
        record is not None
        and candidate.content_hash is not None
        and record.get("doc_hash") == candidate.content_hash
    )


def _indexed_chunks(
    store: Any, candidates: Sequence[_Candidate], registry: dict[str, dict[str, Any]]
) -> dict[str, dict[str, str]]:
    """chunk id -> document hash for every unchanged candidate, in one pass over the store
    when it can (a query per document made an unchanged 100k-chunk library take ~40 s)."""
    doc_ids = [c.doc_id for c in candidates if _unchanged(c, registry)]
    if not doc_ids:
        return {}
    try:
        return _chunk_hashes_of(store, doc_ids)
    except Exception:  # each document is then checked by its own query
        log.warning("could not list the indexed chunks in one pass", exc_info=True)
        return {}


def _scan_one(
    candidate: _Candidate,
    index: Index,
    settings: Settings,
    registry: dict[str, dict[str, Any]],
    held: dict[str, str],
    manifests: dict[Path, Manifest],
    indexed: dict[str, dict[str, str]],
) -> tuple[ParsedDocument | FileOutcome, bool]:
    """Decide what to do with one file. Returns (parsed document or outcome, swept?)."""
    path, doc_id, content_hash = candidate.path, candidate.doc_id, candidate.content_hash
    record = registry.get(doc_id)
    swept = False
    if record is not None and _unchanged(candidate, registry):
        complete, swept = _check_indexed(index, doc_id, record, indexed.get(doc_id))
        if complete and stored_source(settings, record, verify=False) is None:
            # Indexed before copies were kept, or the copy was lost: keep one now.
            swept |= _refresh_copy(index, path, settings, doc_id, record)
        if complete:
            return FileOutcome(
                path,
                doc_id,
                "unchanged",
                reviews=_as_int(record.get("reviews")),
                learning_points=_as_int(record.get("chunks")),
            ), swept
        # Registered but chunks are missing (an interrupted run): index it again.
    twin = held.get(content_hash) if content_hash is not None else None
    if twin is not None and twin != doc_id:
        return FileOutcome(
            path,
            doc_id,
            "duplicate",
            f"same content as '{twin}' (deduplicated by content hash); remove one copy",
        ), swept
    keep = " The previous version stays in the index." if record is not None else ""
    try:
        parsed = parse_file(path, settings, _manifest_for(path.parent, manifests))
    except DocumentError as exc:
        reason = exc.reason if exc.path == path else f"{exc.path.name}: {exc.reason}"
        return FileOutcome(path, doc_id, "failed", _sentence(reason) + keep), swept
    except Exception as exc:  # a bug or a library failure on odd input: report, go on
        log.warning("unexpected error while reading %s", path.name, exc_info=True)
        return FileOutcome(
            path,
            doc_id,
            "failed",
            _sentence(
                f"could not be processed ({_describe(exc)}); check the file opens "
                "correctly and save it again, or report the problem"
            )
            + keep,
        ), swept
    if content_hash is not None and parsed.content_hash != content_hash:
        return FileOutcome(
            path, doc_id, "failed", "changed while being read; ingest again" + keep
        ), swept
    try:
        name, file_hash = store_source_copy(path, settings)
    except OSError as exc:
        return FileOutcome(
            path,
            doc_id,
            "failed",
            f"a copy could not be kept in the index folder ({exc.strerror or exc}); check "
            f"{settings.index_dir} is writable and has free space." + keep,
        ), swept
    if document_key(file_hash, settings) != parsed.content_hash:
        return FileOutcome(
            path, doc_id, "failed", "changed while being read; ingest again" + keep
        ), swept
    return replace(parsed, source_copy=name), swept


def _refresh_copy(
    index: Index, path: Path, settings: Settings, doc_id: str, record: dict[str, Any]
) -> bool:
    """Store a copy of an unchanged document's file and name it in its record."""
    try:
        name, file_hash = store_source_copy(path, settings)
        if document_key(file_hash, settings) != record.get("doc_hash"):
            return False  # changed since it was hashed: the next ingest sees it
        index.store.set_document(doc_id, {**record, "source_copy": name})
    except OSError:
        log.warning("could not keep a copy of %s in the index folder", path.name)
        return False
    return True


SOURCES_DIR = "sources"
"""Folder under the index folder holding a copy of each ingested file's bytes (downloads
serve these copies, never the path a registry record names)."""


def store_source_copy(path: Path, settings: Settings) -> tuple[str, str]:
    """Keep a copy of ``path``'s bytes as ``index_dir/sources/<sha256><suffix>`` (written to a
    temporary name, then renamed, so a copy is whole or absent). Returns (name, sha256)."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    folder = settings.index_dir / SOURCES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{digest}{path.suffix.lower()}"
    target = folder / name
    if not target.is_file():
        temporary = folder / f".{name}.{os.getpid()}.tmp"
        temporary.write_bytes(data)
        os.replace(temporary, target)
    return name, digest


def stored_source(
    settings: Settings, record: dict[str, Any], *, verify: bool = True
) -> Path | None:
    """The stored copy of a registered document's file, if it is present (and, with
    ``verify``, intact: its bytes hash to its name)."""
    name = str(record.get("source_copy") or "")
    if not re.fullmatch(r"[0-9a-f]{64}\.[a-z0-9]{1,8}", name):
        return None
    path = settings.index_dir / SOURCES_DIR / name
    if not path.is_file() or path.is_symlink():
        return None
    if verify and hashlib.sha256(path.read_bytes()).hexdigest() != name.split(".")[0]:
        return None
    return path


def _sweep_sources(store: Any, settings: Settings) -> None:
    """Delete stored copies no registry record names (removed or replaced documents)."""
    folder = settings.index_dir / SOURCES_DIR
    if not folder.is_dir():
        return
    wanted = {str(r.get("source_copy") or "") for r in store.documents().values()}
    for entry in folder.iterdir():
        stale_temporary = entry.name.endswith(".tmp") and time.time() - _mtime(entry) > 3600
        if entry.name not in wanted and (not entry.name.endswith(".tmp") or stale_temporary):
            try:
                entry.unlink()
            except OSError:  # the next ingest tries again
                log.warning("could not delete the stored copy %s", entry.name)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _check_indexed(
    index: Index, doc_id: str, record: dict[str, Any], ids: dict[str, str] | None = None
) -> tuple[bool, bool]:
    """Whether every chunk of the registered version is present; deletes leftovers of other
    versions (from an interrupted ingest). ``ids``: the document's chunk id -> hash, when
    already read. Returns (complete, swept)."""
    current = str(record.get("doc_hash"))
    if ids is None:
        ids = index.store.chunk_ids_for(doc_id)
    stale = [cid for cid, h in ids.items() if h != current]
    complete = len(ids) - len(stale) == _as_int(record.get("chunks"), -1)
    if complete and stale:
        index.store.delete(sorted(stale))
    return complete, complete and bool(stale)


_EMBED_AHEAD = 512


def _window_end(documents: Sequence[ParsedDocument], first: int) -> int:
    """Index of the last document of the embedding window starting at ``first``: documents
    are added while the window holds at most ``_EMBED_AHEAD`` chunks (always at least one)."""
    size = 0
    last = first
    for position in range(first, len(documents)):
        size += len(documents[position].chunks)
        if size > _EMBED_AHEAD and position > first:
            break
        last = position
    return last


def _embed_ahead(
    index: Index,
    documents: Sequence[ParsedDocument],
    report: Progress,
    offset: int,
    total: int,
) -> dict[str, Any]:
    """Embed a window of documents' new chunks in cross-document calls before writing.

    One call per document wastes the model's length-sorted batching on short documents (the
    ingest benchmark measured 67% of bare encode throughput that way). Vectors are kept as
    float32 rows. Texts the embedding cache holds are not embedded again. A document larger
    than the window is embedded window by window, each window's vectors cached as soon as they
    exist, with ``"document"`` progress events (chunks done of the document's chunks): an
    interruption then loses at most one window. A failure here is not fatal: whatever was not
    embedded ahead is embedded per document, where a failure is reported against that
    document alone.
    """
    pending = [c for d in documents for c in d.chunks]
    vectors: dict[str, Any] = {}
    if not pending:
        return vectors
    report("embed", offset, total)
    single = len(documents) == 1 and len(pending) > _EMBED_AHEAD
    try:
        for start in range(0, len(pending), _EMBED_AHEAD):
            part = pending[start : start + _EMBED_AHEAD]
            got = embed_with_cache(
                index.embedder,
                [c.embed_text for c in part],
                getattr(index, "embed_cache", None),
                getattr(index, "cache_model", ""),
            )
            vectors.update((c.chunk_id, got[i]) for i, c in enumerate(part))
            done = start + len(part)
            if single:
                report("document", done, len(pending))
            report("embed", offset + done, total)
    except Exception:
        log.warning("embedding ahead failed; embedding document by document", exc_info=True)
    return vectors


def _write_window(
    index: Index,
    documents: Sequence[ParsedDocument],
    settings: Settings,
    progress: Callable[[int], None],
    ahead: dict[str, Any],
) -> dict[str, Exception]:
    """Write a window of documents; returns the documents that failed (doc id -> error).

    Each document keeps the crash-safe order (all its new chunks, then its registry record,
    then the deletion of its old chunks), but documents share Chroma calls: a write to the
    embedded store has a large fixed cost (its own SQLite commits with fsyncs), so per-document
    calls cost about twice the data's own cost (2,119 chunks of 65 documents: 4.8-5.7 s of
    upserts in calls per document, 3.0 s in calls of 256; a registry record ~20 ms a call).

    The new chunks of the documents embedded ahead go in upserts of up to
    ``embed_batch_size * 4`` chunks across documents (the crash tests kill an ingest after a
    number of these); after each one, the documents whose chunks are now all written get their
    registry records in one call, then their old chunks are deleted in one call. If any of
    these calls fails, or a document was not embedded ahead, the documents not yet registered
    are written one by one (:func:`_write_document`, which re-upserts the same ids), so a
    failure is reported against its document alone.
    """
    store = index.store
    old_ids: dict[str, set[str]] = {}
    try:
        old_ids = _chunk_ids_of(store, [d.doc_id for d in documents])
        ready = [d for d in documents if all(c.chunk_id in ahead for c in d.chunks)]
    except Exception:
        log.warning("could not list the window's chunks; writing document by document")
        ready = []
    registered: set[str] = set()
    cleaned: set[str] = set()
    written = 0
    if ready:
        batch = max(1, settings.embed_batch_size * 4)
        pending = [(c, ahead[c.chunk_id]) for d in ready for c in d.chunks]
        ends: list[tuple[int, ParsedDocument]] = []
        end = 0
        for parsed in ready:
            end += len(parsed.chunks)
            ends.append((end, parsed))
        try:
            for start in range(0, len(pending), batch):
                part = pending[start : start + batch]
                store.upsert([c for c, _ in part], [v for _, v in part])
                written += len(part)
                progress(written)
                complete = [p for e, p in ends if e <= written and p.doc_id not in registered]
                if not complete:
                    continue
                _set_documents(store, [(p.doc_id, _registry_record(p)) for p in complete])
                registered.update(p.doc_id for p in complete)
                stale = sorted(
                    cid
                    for p in complete
                    for cid in old_ids[p.doc_id] - {c.chunk_id for c in p.chunks}
                )
                if stale:
                    store.delete(stale)
                cleaned.update(p.doc_id for p in complete)
        except Exception:
            log.warning(
                "writing %d documents together failed; writing them one by one",
                len(ready),
                exc_info=True,
            )
    failures: dict[str, Exception] = {}
    for parsed in documents:
        if parsed.doc_id in cleaned:
            continue
        try:
            if parsed.doc_id in registered:  # new version registered; old chunks remain
                leftover = old_ids[parsed.doc_id] - {c.chunk_id for c in parsed.chunks}
                if leftover:
                    store.delete(sorted(leftover))
                continue

            def more(n: int, before: int = written) -> None:
                progress(before + n)

            _write_document(index, parsed, settings, more, ahead, old_ids.get(parsed.doc_id))
            written += len(parsed.chunks)
        except Exception as exc:
            failures[parsed.doc_id] = exc
    return failures


def _chunk_hashes_of(store: Any, doc_ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """Each document's chunk id -> document hash in the store (one query for all when the
    store supports it)."""
    many = getattr(store, "chunk_ids_for_many", None)
    if callable(many):
        got: dict[str, dict[str, str]] = many(doc_ids)
        return {d: dict(got.get(d, {})) for d in doc_ids}
    return {d: store.chunk_ids_for(d) for d in doc_ids}


def _chunk_ids_of(store: Any, doc_ids: Sequence[str]) -> dict[str, set[str]]:
    """The chunk ids each document has in the store."""
    return {d: set(ids) for d, ids in _chunk_hashes_of(store, doc_ids).items()}


def _set_documents(store: Any, records: Sequence[tuple[str, dict[str, Any]]]) -> None:
    many = getattr(store, "set_documents", None)
    if callable(many):
        many(records)
        return
    for doc_id, record in records:
        store.set_document(doc_id, record)


def coverage_note(parsed: ParsedDocument) -> str:
    """A short warning when the parser left some of a document's text out of every chunk."""
    if parsed.coverage >= 1.0 or not parsed.dropped:
        return ""
    first = parsed.dropped[0]
    first = first if len(first) <= 60 else first[:57] + "..."
    return (
        f"{parsed.coverage:.0%} of its text is in learning points; {len(parsed.dropped)} "
        f'line(s) left out, first: "{first}"'
    )


def _registry_record(parsed: ParsedDocument) -> dict[str, Any]:
    return {
        "doc_hash": parsed.content_hash,
        "title": parsed.title,
        # The path as given (a link's own path, not its target): deleting the link removes it.
        "source": os.path.abspath(parsed.path),
        "chunks": len(parsed.chunks),
        "reviews": parsed.reviews,
        "ingested_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        # Which model's vectors the chunks carry (checked before questions are embedded).
        "embedding_model": parsed.embedding_model,
        "source_copy": parsed.source_copy,
        # What the structure stage kept of the source (1.0 = every word in some chunk).
        "coverage": round(parsed.coverage, 4),
        "dropped": len(parsed.dropped),
        # {label: {subject, review_type, partnership, year, joint}} as JSON (the registry
        # holds scalars only); read by assistant.profiles.
        "reviews_info": json.dumps(
            {
                r.label: {k: v for k, v in asdict(r).items() if k != "label"}
                for r in parsed.review_infos
            },
            ensure_ascii=False,
        ),
    }


def _write_document(
    index: Index,
    parsed: ParsedDocument,
    settings: Settings,
    progress: Callable[[int], None],
    ahead: dict[str, Any] | None = None,
    old_ids: set[str] | None = None,
) -> None:
    """New chunks first, then the registry, then the old chunks (crash-safe order).

    ``old_ids``: the document's chunk ids before this run wrote any (read now when not given).
    If embedding or writing fails, the new chunks written are deleted again and the registry
    is left as it was, so the previous version (if any) stays intact.
    """
    store = index.store
    if old_ids is None:
        old_ids = set(store.chunk_ids_for(parsed.doc_id))
    new_ids = {c.chunk_id for c in parsed.chunks}
    batch = max(1, settings.embed_batch_size * 4)
    written = 0
    try:
        for start in range(0, len(parsed.chunks), batch):
            part = parsed.chunks[start : start + batch]
            known = [(ahead or {}).get(c.chunk_id) for c in part]
            if all(v is not None for v in known):
                vectors = [v for v in known if v is not None]
            else:
                vectors = list(
                    embed_with_cache(
                        index.embedder,
                        [c.embed_text for c in part],
                        getattr(index, "embed_cache", None),
                        getattr(index, "cache_model", ""),
                    )
                )
            if len(vectors) != len(part):
                raise ValueError(
                    f"the embedder returned {len(vectors)} vectors for {len(part)} texts"
                )
            store.upsert(part, vectors)
            written += len(part)
            progress(written)
        store.set_document(parsed.doc_id, _registry_record(parsed))
    except Exception:
        fresh = sorted(new_ids - old_ids)
        try:
            if fresh:
                store.delete(fresh)
        except Exception:  # the next ingest sweeps them
            log.warning("could not remove partial chunks of %s", parsed.doc_id, exc_info=True)
        raise
    stale = old_ids - new_ids
    if stale:
        store.delete(sorted(stale))


def _delete_document(index: Index, doc_id: str) -> None:
    """Registry record first, then the chunks: after a crash in between, the chunks are
    unregistered leftovers that the next ingest deletes."""
    index.store.remove_document(doc_id)
    ids = sorted(index.store.chunk_ids_for(doc_id))
    if ids:
        index.store.delete(ids)


def _clear(index: Index, registry: dict[str, dict[str, Any]]) -> None:
    """Drop every document and chunk (``rebuild``), registry first (see _delete_document)."""
    for doc_id in registry:
        index.store.remove_document(doc_id)
    ids = [c.chunk_id for c in index.store.all_chunks()]
    if ids:
        index.store.delete(ids)
    # A rebuild may follow a change to a model with vectors of another size.
    reset = getattr(index.store, "reset_vectors", None)
    if callable(reset):
        reset()


def _vector_size_changed(index: Index) -> bool:
    """Whether the store holds vectors of another size than the embedder makes."""
    size = getattr(index.store, "vector_size", None)
    stored = size() if callable(size) else None
    if stored is None:
        return False
    return int(stored) != len(index.embedder.embed_query("vector size probe"))


def _repair(index: Index) -> bool:
    """Delete chunks no registry record accounts for (left by an interrupted ingest of a file
    that has since gone), in embedded and server mode alike. Chunks of a version another live
    process holds a write lease on are kept (server mode: it is writing them now). Cheap when
    the store is consistent: compares counts first."""
    store = index.store
    registry = store.documents()
    expected = sum(_as_int(r.get("chunks")) for r in registry.values())
    if store.count() == expected:
        return False
    leased = _leased(store)
    stale = [
        c.chunk_id
        for c in store.all_chunks()
        if (c.doc_id not in registry or c.doc_hash != str(registry[c.doc_id].get("doc_hash")))
        and c.doc_hash not in leased
    ]
    if stale:
        store.delete(stale)
    return bool(stale)


def _take_lease(store: Any, doc_hashes: Sequence[str]) -> str | None:
    take = getattr(store, "take_lease", None)
    if not callable(take) or not getattr(store, "server_mode", False):
        return None  # embedded mode: the folder lock makes this the only writer
    token: str = take(doc_hashes)
    return token


def _release_lease(store: Any, token: str) -> None:
    try:
        store.release_lease(token)
    except Exception:  # it expires: its process is gone or it ages out
        log.warning("could not release the write lease %s", token, exc_info=True)


def _leased(store: Any) -> set[str]:
    leased = getattr(store, "leased_hashes", None)
    if not callable(leased) or not getattr(store, "server_mode", False):
        return set()
    held: set[str] = leased()
    return held


def _publish(index: Index, *, quiet: bool = False) -> None:
    """Bump the store's generation (other processes rebuild BM25) and refresh this one."""
    try:
        bump = getattr(index.store, "bump_generation", None)
        if callable(bump):
            bump()
        index.refresh(force=True)
    except Exception:
        if not quiet:
            raise
        log.warning("could not refresh the index after an interrupted ingest", exc_info=True)


def _within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


def _as_int(value: object, default: int = 0) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def _sentence(text: str) -> str:
    """``text`` ending with exactly one full stop."""
    return text.rstrip().rstrip(".") + "."


def _describe(exc: BaseException) -> str:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    return f"{name}: {detail[:200]}" if detail else name


def corpus_tree(chunks: Iterable[Chunk]) -> dict[str, dict[str, dict[str, list[str]]]]:
    """documents -> reviews -> sections -> learning-point labels, in document order."""
    tree: dict[str, dict[str, dict[str, list[str]]]] = {}
    for chunk in sorted(chunks, key=lambda c: (c.doc_id, c.ordinal)):
        labels = (
            tree.setdefault(chunk.doc_id, {})
            .setdefault(chunk.review, {})
            .setdefault(chunk.section, [])
        )
        labels.append(chunk.learning_point)
    return tree
