"""The incremental ingest pipeline on the real seed corpus (HashEmbedder, temp Chroma index)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.service import Assistant
from core.config import Settings
from core.models import FileOutcome, IngestReport
from ingest.manifest import Manifest
from ingest.pipeline import corpus_tree, discover, parse_file
from tests.builders import assert_consistent, chunk_ids_by_doc, memory_assistant
from tests.fakes import HashEmbedder

SEED_DOCS = 5
DOC = "scr-in14-learning-bulletin"
OTHER = "family-t-learning-from-scrs-2021"
EXTRA_POINT = (
    "\n\n# **ADDITIONAL LEARNING:**\n\n"
    "- 5. Health visitors should check who else lives in the household at every visit.\n"
)


def outcome(report: IngestReport, doc_id: str) -> FileOutcome:
    found = [o for o in report.outcomes if o.doc_id == doc_id]
    assert len(found) == 1, report.outcomes
    return found[0]


@pytest.fixture
def embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def assistant(settings: Settings, embedder: HashEmbedder) -> Assistant:
    opened = memory_assistant(settings, embedder)
    report = opened.ingest()
    assert report.ok and report.count("added") == SEED_DOCS
    return opened


def test_first_ingest_report_counts(settings: Settings, embedder: HashEmbedder) -> None:
    assistant = memory_assistant(settings, embedder)
    stages: dict[str, list[tuple[int, int]]] = {}
    report = assistant.ingest(progress=lambda s, d, t: stages.setdefault(s, []).append((d, t)))
    assert report.ok and report.count("added") == SEED_DOCS
    assert len(report.outcomes) == SEED_DOCS
    total = sum(o.learning_points for o in report.outcomes)
    assert total == assistant.index.store.count() == embedder.texts_embedded
    registry = assistant.documents()
    for result in report.outcomes:
        assert result.reviews >= 1 and result.learning_points >= 1
        assert registry[result.doc_id]["chunks"] == result.learning_points
        assert registry[result.doc_id]["reviews"] == result.reviews
        assert registry[result.doc_id]["source"] == str(result.path.resolve())
    assert stages["scan"][-1] == (SEED_DOCS, SEED_DOCS)
    assert stages["embed"][-1] == (total, total)
    assert [d for d, _ in stages["embed"]] == sorted(d for d, _ in stages["embed"])
    tree = assistant.corpus()
    assert set(tree) == set(registry)
    assert sum(len(v) for r in tree.values() for s in r.values() for v in s.values()) == total
    assert_consistent(assistant)


def test_reingest_is_idempotent(assistant: Assistant, embedder: HashEmbedder) -> None:
    before = chunk_ids_by_doc(assistant)
    registry = assistant.documents()
    generation = assistant.index.store.generation()
    embedded = embedder.texts_embedded
    report = assistant.ingest()
    assert report.ok and report.count("unchanged") == SEED_DOCS
    assert embedder.texts_embedded == embedded  # nothing re-embedded
    assert chunk_ids_by_doc(assistant) == before
    assert assistant.documents() == registry
    assert assistant.index.store.generation() == generation  # nothing to publish
    for result in report.outcomes:
        assert result.learning_points == len(before[result.doc_id])
    assert_consistent(assistant)


def test_changed_document_is_replaced(
    assistant: Assistant, settings: Settings, embedder: HashEmbedder
) -> None:
    before = chunk_ids_by_doc(assistant)
    generation = assistant.index.store.generation()
    old_hash = assistant.documents()[DOC]["doc_hash"]
    path = settings.corpus_dir / f"{DOC}.txt"
    path.write_text(path.read_text("utf-8") + EXTRA_POINT, encoding="utf-8")
    embedded = embedder.texts_embedded
    report = assistant.ingest()
    result = outcome(report, DOC)
    assert result.status == "updated" and report.count("unchanged") == SEED_DOCS - 1
    after = chunk_ids_by_doc(assistant)
    assert not after[DOC] & before[DOC]  # ids carry the content hash: all new
    assert len(after[DOC]) == result.learning_points == len(before[DOC]) + 1
    # Only the new learning point is embedded: the others' vectors come from the embedding
    # cache (keyed by model + embed text), although every chunk id is new.
    assert embedder.texts_embedded - embedded == 1
    assert {k: v for k, v in after.items() if k != DOC} == {
        k: v for k, v in before.items() if k != DOC
    }
    record = assistant.documents()[DOC]
    assert record["doc_hash"] != old_hash and record["chunks"] == result.learning_points
    assert assistant.index.store.generation() != generation
    hits = assistant.retrieve("who else lives in the household health visitors", k=3)
    assert any("who else lives in the household" in p.chunk.text for p in hits)
    assert_consistent(assistant)


def test_removed_document_is_deleted(assistant: Assistant, settings: Settings) -> None:
    before = chunk_ids_by_doc(assistant)
    (settings.corpus_dir / f"{DOC}.txt").unlink()
    report = assistant.ingest()
    result = outcome(report, DOC)
    assert result.status == "removed" and "no longer in the folder" in result.reason
    assert report.ok and report.count("removed") == 1
    assert DOC not in assistant.documents()
    assert DOC not in chunk_ids_by_doc(assistant)
    assert all(c.doc_id != DOC for c in assistant.chunks())
    assert all(p.chunk.doc_id != DOC for p in assistant.retrieve("Serious Case Review IN14"))
    assert {k: v for k, v in before.items() if k != DOC} == chunk_ids_by_doc(assistant)
    assert_consistent(assistant)


def test_ingesting_one_file_removes_nothing(assistant: Assistant, tmp_path: Path) -> None:
    before = chunk_ids_by_doc(assistant)
    extra = tmp_path / "elsewhere" / "child-q-brief.md"
    extra.parent.mkdir()
    extra.write_text("# Child Q\n\n## Key learning\n\n- Listen to the child.\n", "utf-8")
    report = assistant.ingest([extra])
    assert [o.status for o in report.outcomes] == ["added"]
    assert chunk_ids_by_doc(assistant).items() >= before.items()
    assert_consistent(assistant)


def test_renamed_document_is_not_lost(
    assistant: Assistant, settings: Settings, embedder: HashEmbedder
) -> None:
    """Renaming a file: the new name is added (not a 'duplicate' of the old name, which is
    being removed), the old name removed - the content stays in the index."""
    before = chunk_ids_by_doc(assistant)
    (settings.corpus_dir / f"{DOC}.txt").rename(settings.corpus_dir / "in14-bulletin.txt")
    report = assistant.ingest()
    assert outcome(report, "in14-bulletin").status == "added"
    assert outcome(report, DOC).status == "removed"
    after = chunk_ids_by_doc(assistant)
    assert len(after["in14-bulletin"]) == len(before[DOC]) and DOC not in after
    assert_consistent(assistant)


def test_old_content_under_a_new_name_is_not_a_duplicate(
    assistant: Assistant, settings: Settings
) -> None:
    """doc A changes; a new file B holds A's old content: B is added, not a duplicate."""
    path = settings.corpus_dir / f"{DOC}.txt"
    old = path.read_bytes()
    path.write_bytes(old + EXTRA_POINT.encode())
    (settings.corpus_dir / "in14-original.txt").write_bytes(old)
    report = assistant.ingest()
    assert outcome(report, DOC).status == "updated"
    assert outcome(report, "in14-original").status == "added"
    assert_consistent(assistant)


def test_copy_of_a_document_is_still_a_duplicate_on_later_runs(
    assistant: Assistant, settings: Settings
) -> None:
    shutil.copyfile(settings.corpus_dir / f"{DOC}.txt", settings.corpus_dir / "copy.txt")
    for _ in range(2):
        report = assistant.ingest()
        assert outcome(report, "copy").status == "duplicate"
        assert outcome(report, DOC).status == "unchanged"
    assert_consistent(assistant)


def test_rebuild_reembeds_everything(assistant: Assistant, embedder: HashEmbedder) -> None:
    before = chunk_ids_by_doc(assistant)
    total = assistant.index.store.count()
    embedded = embedder.texts_embedded
    report = assistant.ingest(rebuild=True)
    assert report.ok and report.count("added") == SEED_DOCS
    assert embedder.texts_embedded - embedded == total
    assert chunk_ids_by_doc(assistant) == before  # ids are stable for the same content
    assert_consistent(assistant)


def test_rebuild_and_ingest_drop_unregistered_chunks(
    assistant: Assistant, embedder: HashEmbedder
) -> None:
    """Chunks no registry record accounts for (an interrupted first ingest of a file that
    has since gone) are deleted by the next ingest, and by a rebuild."""
    store = assistant.index.store
    template = store.all_chunks()[0]
    for rebuild in (False, True):
        ghosts = [
            dataclasses.replace(template, chunk_id=f"ghost::{i}", doc_id="ghost", ordinal=i)
            for i in range(3)
        ]
        store.upsert(ghosts, embedder.embed_documents([g.embed_text for g in ghosts]))
        assert store.count() == sum(len(v) for v in chunk_ids_by_doc(assistant).values())
        assert "ghost" in chunk_ids_by_doc(assistant)
        assistant.ingest(rebuild=rebuild)
        assert "ghost" not in chunk_ids_by_doc(assistant)
        assert all(c.doc_id != "ghost" for c in assistant.chunks())
        assert_consistent(assistant)


def test_registered_document_with_missing_chunks_is_reindexed(
    assistant: Assistant, embedder: HashEmbedder
) -> None:
    store = assistant.index.store
    before = chunk_ids_by_doc(assistant)
    store.delete(sorted(before[DOC])[:2])
    embedded = embedder.texts_embedded
    report = assistant.ingest()
    assert outcome(report, DOC).status == "updated"
    # Written again from the embedding cache: nothing is re-embedded.
    assert embedder.texts_embedded == embedded
    assert chunk_ids_by_doc(assistant) == before
    assert_consistent(assistant)


def test_leftovers_of_an_interrupted_replace_are_swept(
    assistant: Assistant, settings: Settings, embedder: HashEmbedder
) -> None:
    """Simulate the two crash points of a replace: (a) new chunks written, registry not yet
    updated, and the file then restored; (b) registry updated, old chunks not yet deleted."""
    store = assistant.index.store
    before = chunk_ids_by_doc(assistant)
    path = settings.corpus_dir / f"{DOC}.txt"
    original = path.read_bytes()
    path.write_bytes(original + EXTRA_POINT.encode())
    new = parse_file(path, settings, Manifest.load(settings.corpus_dir))

    # (a) the crash left the new version's chunks; the file is back to the old content
    store.upsert(new.chunks, embedder.embed_documents([c.embed_text for c in new.chunks]))
    path.write_bytes(original)
    report = assistant.ingest()
    assert outcome(report, DOC).status == "unchanged"
    assert chunk_ids_by_doc(assistant) == before
    assert_consistent(assistant)

    # (b) the crash came after the registry switched to the new version
    path.write_bytes(original + EXTRA_POINT.encode())
    record = dict(assistant.documents()[DOC])
    store.upsert(new.chunks, embedder.embed_documents([c.embed_text for c in new.chunks]))
    store.set_document(DOC, {**record, "doc_hash": new.content_hash, "chunks": len(new.chunks)})
    embedded = embedder.texts_embedded
    report = assistant.ingest()
    assert outcome(report, DOC).status == "unchanged"
    assert embedder.texts_embedded == embedded
    assert chunk_ids_by_doc(assistant)[DOC] == {c.chunk_id for c in new.chunks}
    assert_consistent(assistant)


def test_discover_skips_hidden_readme_manifest_and_lists_files_once(tmp_path: Path) -> None:
    root = tmp_path / "c"
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "x.txt").write_text("x")
    (root / ".hidden.txt").write_text("x")
    (root / "README.md").write_text("x")
    (root / "manifest.json").write_text("{}")
    (root / "sub").mkdir()
    (root / "sub" / "b.txt").write_text("x")
    (root / "a.txt").write_text("x")
    files, failures, folders = discover([root, root / "a.txt", root / "sub", tmp_path / "nope"])
    assert [p.relative_to(root).as_posix() for p in files] == ["a.txt", "sub/b.txt"]
    assert [(f.doc_id, f.status) for f in failures] == [("nope", "failed")]
    assert folders == [root.resolve(), (root / "sub").resolve()]


def test_corpus_tree_orders_points(assistant: Assistant) -> None:
    chunks = assistant.chunks()
    tree = corpus_tree(reversed(chunks))
    assert tree == corpus_tree(chunks)
    first_doc = next(iter(tree))
    assert first_doc == min(c.doc_id for c in chunks)


def squash(text: str) -> str:
    """CLI output with rich's line wrapping undone."""
    return " ".join(text.split())


# -- the CLI's exit codes ------------------------------------------------------------------------
@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> HashEmbedder:
    """Point the CLI at the temp index/corpus and swap the model for the HashEmbedder (the
    only patch: the model-loading I/O edge)."""
    import ingest.embed

    embedder = HashEmbedder()
    monkeypatch.setattr(ingest.embed, "load_embedder", lambda _settings: embedder)
    monkeypatch.setenv("REVIEW_ASSISTANT_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("REVIEW_ASSISTANT_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("REVIEW_ASSISTANT_FEEDBACK_DB", str(settings.feedback_db))
    return embedder


def test_cli_ingest_exit_codes(settings: Settings, cli_env: HashEmbedder) -> None:
    from ui.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 0, result.output
    assert "added: 5" in squash(result.output) and "failed: 0" in squash(result.output)

    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 0, result.output
    assert "skipped (unchanged): 5" in squash(result.output)
    assert cli_env.texts_embedded == Assistant.open(settings).index.store.count()

    (settings.corpus_dir / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    (settings.corpus_dir / "child-q-brief.md").write_text(
        "# Child Q\n\n## Key learning\n\n- Listen to the child.\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 1, result.output
    output = squash(result.output)
    assert "broken" in output and "re-export" in output
    assert "added: 1" in output and "failed: 1" in output
    documents = Assistant.open(settings).documents()
    assert "child-q-brief" in documents and "broken" not in documents

    result = runner.invoke(app, ["ingest", str(settings.corpus_dir / "missing.txt")])
    assert result.exit_code == 1
    assert "does not exist" in squash(result.output)


def test_cli_ingest_bad_configuration_exits_2(
    cli_env: HashEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.cli import app

    monkeypatch.setenv("REVIEW_ASSISTANT_MAX_FILE_MB", "-1")
    result = CliRunner().invoke(app, ["ingest"])
    assert result.exit_code == 2
    assert "max_file_mb" in squash(result.output)
