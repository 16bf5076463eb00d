"""The index's derived state (chunks, registry, BM25) persisted per generation: a new process
loads it instead of reading every chunk and rebuilding BM25; a damaged, partial or foreign
snapshot is rebuilt, never served; a snapshot of another generation is an incremental base."""

from __future__ import annotations

import json
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from core.config import Settings
from core.models import Filters
from ingest.index import ChromaStore, Index, close_index, open_index
from ingest.pipeline import ingest_paths
from tests.fakes import HashEmbedder

QUERIES = (
    "who must be involved in strategy discussions",
    "fathers and male carers",
    "neglect of a baby who cannot crawl",
)


class ReadSpy:
    """Records the calls of ``ChromaStore.all_chunks`` (the full read a rebuild does)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reused: list[int] = []
        real: Callable[..., Any] = ChromaStore.all_chunks

        def spy(store: ChromaStore, reuse: Any = None) -> Any:
            self.reused.append(len(reuse or {}))
            return real(store, reuse=reuse)

        monkeypatch.setattr(ChromaStore, "all_chunks", spy)


def _ingested(settings: Settings, corpus: Path) -> tuple[Index, HashEmbedder]:
    embedder = HashEmbedder()
    index = open_index(settings, embedder)
    assert ingest_paths([corpus], index, settings).ok
    return index, embedder


def _fresh(settings: Settings, embedder: HashEmbedder) -> Index:
    """The index as a new process opens it."""
    close_index(settings)
    return open_index(settings, embedder)


def _answers(index: Index) -> list[list[tuple[str, float]]]:
    _, bm25 = index.snapshot()
    return [[(c.chunk_id, round(s, 5)) for c, s in bm25.search(q, 10)] for q in QUERIES]


def _snapshot_dir(settings: Settings) -> Path:
    root = Path(settings.index_dir) / f"snapshot-{settings.collection}"
    (folder,) = [d for d in root.iterdir() if d.is_dir() and not d.name.startswith(".")]
    return folder


def test_a_new_process_loads_the_snapshot(
    settings: Settings, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index, embedder = _ingested(settings, corpus_copy)
    expected_chunks, _ = index.snapshot()
    expected = _answers(index)
    folder = _snapshot_dir(settings)
    assert folder.name == index.store.generation()
    spy = ReadSpy(monkeypatch)
    fresh = _fresh(settings, embedder)
    chunks, bm25 = fresh.snapshot()
    assert spy.reused == []  # nothing read from Chroma
    assert chunks == expected_chunks and bm25.chunks == expected_chunks
    assert _answers(fresh) == expected
    # Filters and dense search work from the loaded snapshot.
    doc = chunks[0].doc_id
    hits = fresh.store.query(embedder.embed_query(QUERIES[0]), 5, Filters(doc=doc))
    assert hits and all(c.doc_id == doc for c, _ in hits)


def _damage_chunks(folder: Path) -> None:
    data = (folder / "chunks.pkl").read_bytes()
    (folder / "chunks.pkl").write_bytes(data[: len(data) // 2])


def _damage_bm25(folder: Path) -> None:
    target = next((folder / "bm25").glob("data*.npy"))
    data = bytearray(target.read_bytes())
    data[-1] ^= 0xFF
    target.write_bytes(bytes(data))


def _partial(folder: Path) -> None:
    (folder / "manifest.json").unlink()
    (folder / "documents.json").unlink()


def _garbage_manifest(folder: Path) -> None:
    (folder / "manifest.json").write_text("{not json", encoding="utf-8")


def _other_format(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["format"] = 999
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _extra_file(folder: Path) -> None:
    (folder / "bm25" / "stray.npy").write_bytes(b"x")


class _Touch:
    """Unpickling this (with an unrestricted unpickler) creates a file: code run on load."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> Any:
        return (Path.touch, (self.path,))


def _code_in_pickle(folder: Path) -> None:
    """A crafted chunks file that runs code when unpickled, with a manifest that matches it."""
    from ingest.index import _digest

    marker = folder.parent.parent / "code-ran"
    (folder / "chunks.pkl").write_bytes(pickle.dumps([_Touch(marker)]))
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["files"]["chunks.pkl"] = list(_digest(folder / "chunks.pkl"))
    manifest["count"] = 1
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize(
    "damage",
    [
        _damage_chunks,
        _damage_bm25,
        _partial,
        _garbage_manifest,
        _other_format,
        _extra_file,
        _code_in_pickle,
    ],
)
def test_a_damaged_snapshot_is_rebuilt_not_served(
    settings: Settings,
    corpus_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    damage: Callable[[Path], None],
) -> None:
    index, embedder = _ingested(settings, corpus_copy)
    expected_chunks, _ = index.snapshot()
    expected = _answers(index)
    close_index(settings)
    damage(_snapshot_dir(settings))
    spy = ReadSpy(monkeypatch)
    fresh = open_index(settings, embedder)
    chunks, _ = fresh.snapshot()
    assert spy.reused == [0]  # rebuilt from Chroma
    assert not (Path(settings.index_dir) / "code-ran").exists()
    assert chunks == expected_chunks and _answers(fresh) == expected
    # ... and a good snapshot replaced it.
    spy.reused.clear()
    again = _fresh(settings, embedder)
    assert again.snapshot()[0] == expected_chunks and spy.reused == []


def test_a_snapshot_of_another_generation_is_an_incremental_base(
    settings: Settings, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    index, embedder = _ingested(settings, corpus_copy)
    old = _snapshot_dir(settings)
    kept = tmp_path / "kept"
    shutil.copytree(old, kept)
    brief = sorted(corpus_copy.glob("*.txt"))[0]
    extra = "\n\n# **ADDITIONAL LEARNING:**\n\n- 9. Ask who else lives in the household.\n"
    brief.write_text(brief.read_text("utf-8") + extra, encoding="utf-8")
    assert ingest_paths([corpus_copy], index, settings).ok
    expected_chunks, _ = index.snapshot()
    expected = _answers(index)
    # A client whose own snapshot is of the previous generation (e.g. in server mode, where
    # another process ingested).
    close_index(settings)
    shutil.rmtree(_snapshot_dir(settings))
    shutil.copytree(kept, old)
    spy = ReadSpy(monkeypatch)
    fresh = open_index(settings, embedder)
    chunks, _ = fresh.snapshot()
    changed = sum(1 for c in expected_chunks if c.doc_id == brief.stem)
    assert spy.reused == [len(expected_chunks) - changed]  # only the changed doc is read
    assert chunks == expected_chunks and _answers(fresh) == expected
    assert _snapshot_dir(settings).name == fresh.store.generation()


def test_the_scope_is_built_once_per_generation_and_persisted(
    settings: Settings, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.scope import Scope

    index, embedder = _ingested(settings, corpus_copy)
    built: list[int] = []

    def build(chunks: list[Any]) -> Scope:
        built.append(len(chunks))
        return Scope(chunks)

    first = index.derived("scope", build, Scope.to_json, Scope.from_json)
    assert index.derived("scope", build, Scope.to_json, Scope.from_json) is first
    assert built == [len(index.snapshot()[0])]
    fresh = _fresh(settings, embedder)
    loaded = fresh.derived("scope", build, Scope.to_json, Scope.from_json)
    assert len(built) == 1  # read back, not rebuilt
    assert loaded.vocabulary == first.vocabulary and loaded.covered_topics == first.covered_topics
    # A damaged file is rebuilt, not served.
    close_index(settings)
    root = _snapshot_dir(settings).parent
    (extra,) = root.glob("*.scope.json")
    extra.write_text('{"generation": "', encoding="utf-8")
    again = open_index(settings, embedder)
    rebuilt = again.derived("scope", build, Scope.to_json, Scope.from_json)
    assert len(built) == 2 and rebuilt.vocabulary == first.vocabulary
