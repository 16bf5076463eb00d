"""Ingest orchestration: files -> load -> structure -> chunk -> embed -> index.

The pipeline finds the files (:func:`discover`), hashes them, asks the pure plan
(:mod:`ingest.plan`) what to do with each, parses what is to be indexed (:func:`parse_file`)
and hands it to the crash-safe writer (:mod:`ingest.writer`), then removes what the plan says.

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
import logging
import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.config import Settings
from core.errors import DocumentError, IngestAborted, ReviewAssistantError
from core.models import Chunk, FileOutcome, IngestReport, doc_id_for
from core.protocols import VectorStore
from ingest import loaders
from ingest.chunk import make_chunks
from ingest.index import Index
from ingest.load import limits_for, load_document
from ingest.manifest import MANIFEST_NAME, Manifest
from ingest.plan import Candidate, IngestPlan, plan_ingest, within
from ingest.registry import GENERATION_ID
from ingest.structure import parse_structure
from ingest.writer import (
    EMBED_WINDOW,
    ParsedDocument,
    Progress,
    as_int,
    check_indexed,
    chunk_hashes_of,
    clear_index,
    delete_document,
    embed_ahead,
    embed_progress,
    publish,
    release_lease,
    sweep_orphans,
    vector_size_changed,
    window_end,
    write_window,
)

RESERVED_IDS = frozenset({GENERATION_ID})
"""Doc ids the index uses for its own records (a file may not be named so)."""
log = logging.getLogger("review_assistant")

__all__ = [
    "SOURCES_DIR",
    "ParsedDocument",
    "Progress",
    "corpus_tree",
    "coverage_note",
    "discover",
    "document_key",
    "ingest_paths",
    "parse_file",
    "store_source_copy",
    "stored_source",
]


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
    if not within(target, root):
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


def ingest_paths(
    paths: Sequence[Path],
    index: Index,
    settings: Settings,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    remove_missing: bool = True,
    embed_window: int = EMBED_WINDOW,
) -> IngestReport:
    """Ingest files and folders into ``index`` and return what happened to each file.

    ``embed_window``: chunks embedded ahead and written together (see :mod:`ingest.writer`).
    """
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
            if vector_size_changed(index):
                clear_index(index, registry)
            else:
                rebuilt_over = registry
            if index.embed_cache is not None:  # a rebuild trusts nothing it held
                index.embed_cache.clear()
            registry = {}

        candidates, seen_ids = _prepare(files, settings, outcomes)
        plan = plan_ingest(
            candidates,
            registry,
            seen_ids=seen_ids,
            folders=folders,
            remove_missing=remove_missing,
            # A document whose file is now a refused link is removed: it is never served.
            refused={o.doc_id for o in outcomes if o.reason in _LINK_REFUSALS},
            rebuilt_over=rebuilt_over,
        )
        to_index, swept = _scan(plan, index, settings, registry, outcomes, report)
        changed |= swept
        if to_index:
            # Server mode: announce the versions about to be written, so that another
            # process's orphan sweep does not take their chunks for leftovers before they are
            # registered.
            lease = store.take_lease([d.content_hash for d in to_index])
            changed = True
            _write_all(index, to_index, settings, registry, outcomes, report, embed_window)
        if lease is not None:
            release_lease(store, lease)
            lease = None
        for removal in plan.removals:
            changed = True
            delete_document(index, removal.doc_id)
            outcomes.append(FileOutcome(removal.source, removal.doc_id, "removed", removal.reason))
        changed |= sweep_orphans(index)
        if changed:
            publish(index)
            _sweep_sources(store, settings)
    except ReviewAssistantError:
        if changed:
            publish(index, quiet=True)
        raise
    except Exception as exc:
        # The store itself failed (a read-only folder, a full disk, a server gone): every file
        # not yet written keeps its previous version; say so and how to fix it.
        if changed:
            publish(index, quiet=True)
        raise IngestAborted(_index_failure(exc, settings), tuple(outcomes)) from exc
    except BaseException:
        if changed:
            publish(index, quiet=True)
        raise
    finally:
        if lease is not None:
            release_lease(store, lease)
    return IngestReport(tuple(outcomes))


def _scan(
    plan: IngestPlan,
    index: Index,
    settings: Settings,
    registry: dict[str, dict[str, Any]],
    outcomes: list[FileOutcome],
    report: Progress,
) -> tuple[list[ParsedDocument], bool]:
    """Carry out the plan's reading part: check skipped documents' chunks, parse what is to be
    indexed. Returns (the documents to write, whether leftovers were swept)."""
    indexed = _indexed_chunks(index.store, [f.candidate for f in plan.of("skip")])
    manifests: dict[Path, Manifest] = {}
    to_index: list[ParsedDocument] = []
    unread: set[str] = set()  # planned for indexing but failed before the write
    swept = False
    for position, planned in enumerate(plan.files, start=1):
        report("scan", position, len(plan.files))
        candidate = planned.candidate
        record = registry.get(candidate.doc_id)
        if planned.action == "skip" and record is not None:
            complete, cleaned = check_indexed(
                index, candidate.doc_id, record, indexed.get(candidate.doc_id)
            )
            swept |= cleaned
            if complete:
                swept |= _keep_copy(index, candidate, settings, record)
                outcomes.append(
                    FileOutcome(
                        candidate.path,
                        candidate.doc_id,
                        "unchanged",
                        reviews=as_int(record.get("reviews")),
                        learning_points=as_int(record.get("chunks")),
                    )
                )
                continue
            # Registered but chunks are missing (an interrupted run): index it again.
        elif planned.action == "duplicate" and planned.twin not in unread:
            outcomes.append(
                FileOutcome(
                    candidate.path,
                    candidate.doc_id,
                    "duplicate",
                    f"same content as '{planned.twin}' (deduplicated by content hash); "
                    "remove one copy",
                )
            )
            continue
        outcome = _read_one(candidate, settings, record is not None, manifests)
        if isinstance(outcome, ParsedDocument):
            to_index.append(outcome)
        else:
            unread.add(candidate.doc_id)
            outcomes.append(outcome)
    return to_index, swept


def _write_all(
    index: Index,
    documents: list[ParsedDocument],
    settings: Settings,
    registry: dict[str, dict[str, Any]],
    outcomes: list[FileOutcome],
    report: Progress,
    embed_window: int,
) -> None:
    """Write the parsed documents window by window: embed the next window ahead, in
    cross-document calls, then write it with few store calls; a bounded window keeps memory
    flat however many documents the run holds."""
    total_chunks = sum(len(d.chunks) for d in documents)
    done = 0
    position = 0
    while position < len(documents):
        last = window_end(documents, position, embed_window)
        window = documents[position : last + 1]
        position = last + 1
        ahead = embed_ahead(index, window, report, done, total_chunks, embed_window)
        failures = write_window(
            index, window, settings, embed_progress(report, done, total_chunks), ahead
        )
        for parsed in window:
            previous = registry.get(parsed.doc_id)
            exc = failures.get(parsed.doc_id)
            if exc is not None:
                outcomes.append(
                    FileOutcome(parsed.path, parsed.doc_id, "failed", _write_failure(exc, previous))
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


def _write_failure(exc: Exception, previous: dict[str, Any] | None) -> str:
    keep = "the previous version stays in the index; " if previous else ""
    todo = (
        # Chroma fixes a collection's vector size at its first write.
        "the index holds vectors of another size from another embedding "
        "model: run 'review-assistant ingest --rebuild'"
        if "dimension" in str(exc)
        else "check the index and the embedding model, then ingest again"
    )
    return f"could not be embedded or indexed ({_describe(exc)}); {keep}{todo}"


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


def _prepare(
    files: Sequence[Path], settings: Settings, outcomes: list[FileOutcome]
) -> tuple[list[Candidate], set[str]]:
    """Cheap checks and content hashes; failures go to ``outcomes``. Also returns every doc
    id met (a file that fails keeps its document's previous version, so it is not removed)."""
    candidates: list[Candidate] = []
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
        candidates.append(Candidate(path, doc_id, content_hash))
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


def _indexed_chunks(
    store: VectorStore, candidates: Sequence[Candidate]
) -> dict[str, dict[str, str]]:
    """chunk id -> document hash of each (unchanged) candidate's document, in one pass over
    the store (a query per document made an unchanged 100k-chunk library take ~40 s)."""
    doc_ids = [c.doc_id for c in candidates]
    if not doc_ids:
        return {}
    try:
        return chunk_hashes_of(store, doc_ids)
    except Exception:  # each document is then checked by its own query
        log.warning("could not list the indexed chunks in one pass", exc_info=True)
        return {}


def _read_one(
    candidate: Candidate, settings: Settings, registered: bool, manifests: dict[Path, Manifest]
) -> ParsedDocument | FileOutcome:
    """Parse one file to index and keep a copy of it (or the outcome of its failure)."""
    path, doc_id, content_hash = candidate.path, candidate.doc_id, candidate.content_hash
    keep = " The previous version stays in the index." if registered else ""
    changed = "changed while being read; ingest again" + keep
    try:
        parsed = parse_file(path, settings, _manifest_for(path.parent, manifests))
    except DocumentError as exc:
        reason = exc.reason if exc.path == path else f"{exc.path.name}: {exc.reason}"
        return FileOutcome(path, doc_id, "failed", _sentence(reason) + keep)
    except Exception as exc:  # a bug or a library failure on odd input: report, go on
        log.warning("unexpected error while reading %s", path.name, exc_info=True)
        reason = (
            f"could not be processed ({_describe(exc)}); check the file opens correctly and "
            "save it again, or report the problem"
        )
        return FileOutcome(path, doc_id, "failed", _sentence(reason) + keep)
    if content_hash is not None and parsed.content_hash != content_hash:
        return FileOutcome(path, doc_id, "failed", changed)
    try:
        name, file_hash = store_source_copy(path, settings)
    except OSError as exc:
        reason = (
            f"a copy could not be kept in the index folder ({exc.strerror or exc}); check "
            f"{settings.index_dir} is writable and has free space."
        )
        return FileOutcome(path, doc_id, "failed", reason + keep)
    if document_key(file_hash, settings) != parsed.content_hash:
        return FileOutcome(path, doc_id, "failed", changed)
    return replace(parsed, source_copy=name)


def _keep_copy(
    index: Index, candidate: Candidate, settings: Settings, record: dict[str, Any]
) -> bool:
    """Keep a copy of an unchanged document's file if it has none (indexed before copies
    were kept, or the copy was lost), named in its record. Returns whether it wrote one."""
    if stored_source(settings, record, verify=False) is not None:
        return False
    try:
        name, file_hash = store_source_copy(candidate.path, settings)
        if document_key(file_hash, settings) != record.get("doc_hash"):
            return False  # changed since it was hashed: the next ingest sees it
        index.store.set_document(candidate.doc_id, {**record, "source_copy": name})
    except OSError:
        log.warning("could not keep a copy of %s in the index folder", candidate.path.name)
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


def _sweep_sources(store: VectorStore, settings: Settings) -> None:
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
