"""The user's library: uploads go there (never into the bundled corpus), failure-safe."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.library import STAGING, default_sources, origin_of
from assistant.service import Assistant
from core.config import Settings
from tests.builders import memory_assistant
from tests.conftest import CORPUS
from tests.fakes import HashEmbedder

SEED = "scr-in14-learning-bulletin"
BRIEF = b"""Learning Brief: Baby Q

Key learning

- Practitioners must see the baby's sleeping arrangements at every visit.
- Health visitors should share concerns about unsafe sleep with the GP.
"""
BRIEF_V2 = BRIEF + b"- Midwives should record who the baby sleeps with.\n"
BAD = b"Learning Brief\x00\x00\x00 binary \x00 junk\n" * 20


@pytest.fixture
def assistant(settings: Settings, hash_embedder: HashEmbedder) -> Assistant:
    assistant = memory_assistant(settings, hash_embedder)
    assert assistant.ingest().ok
    return assistant


def _chunks_of(assistant: Assistant, doc_id: str) -> int:
    return sum(1 for c in assistant.chunks() if c.doc_id == doc_id)


def _library_files(settings: Settings) -> list[str]:
    if not settings.library_dir.is_dir():
        return []
    return sorted(str(p.relative_to(settings.library_dir)) for p in settings.library_dir.rglob("*"))


def test_bad_upload_named_like_a_seed_leaves_the_seed_intact(
    assistant: Assistant, settings: Settings
) -> None:
    seed_bytes = (settings.corpus_dir / f"{SEED}.txt").read_bytes()
    assert _chunks_of(assistant, SEED) == 10

    asked = assistant.add_upload(f"{SEED}.txt", BAD)
    assert asked.status == "exists" and not asked.can_replace
    assert "bundled corpus" in asked.message
    refused = assistant.add_upload(f"{SEED}.txt", BAD, replace=True)  # a seed is read-only
    assert refused.status == "exists"
    kept_both = assistant.add_upload(f"{SEED}.txt", BAD, replace=False)
    assert kept_both.status == "failed" and kept_both.kind == "error"
    assert kept_both.message.startswith(f"{SEED}.txt was not added: ")

    assert (settings.corpus_dir / f"{SEED}.txt").read_bytes() == seed_bytes
    assert _library_files(settings) == []  # nothing left behind, not even staging
    report = assistant.ingest(rebuild=True)
    assert report.ok, report.failed
    assert _chunks_of(assistant, SEED) == 10


def test_upload_goes_to_the_library_and_a_plain_ingest_keeps_it(
    assistant: Assistant, settings: Settings
) -> None:
    result = assistant.add_upload("Baby Q brief.txt", BRIEF)
    assert result.status == "added", result.message
    assert result.saved_as == "Baby-Q-brief.txt"
    assert (settings.library_dir / "Baby-Q-brief.txt").read_bytes() == BRIEF
    assert not (settings.corpus_dir / "Baby-Q-brief.txt").exists()
    assert assistant.origin("Baby-Q-brief") == "library"
    assert assistant.origin(SEED) == "bundled"
    assert default_sources(settings) == [settings.corpus_dir, settings.library_dir]
    report = assistant.ingest()  # corpus + library: the upload is not "removed"
    assert report.ok and report.count("removed") == 0
    assert _chunks_of(assistant, "Baby-Q-brief") == 2


def test_replacing_a_library_brief_is_all_or_nothing(
    assistant: Assistant, settings: Settings
) -> None:
    assert assistant.add_upload("baby-q.txt", BRIEF).status == "added"
    target = settings.library_dir / "baby-q.txt"

    asked = assistant.add_upload("baby-q.txt", BRIEF_V2)
    assert asked.status == "exists" and asked.can_replace
    assert target.read_bytes() == BRIEF

    # Fails while parsing: nothing in the library changes.
    bad = assistant.add_upload("baby-q.txt", BAD, replace=True)
    assert bad.status == "failed"
    assert target.read_bytes() == BRIEF and _chunks_of(assistant, "baby-q") == 2

    # Parses, then fails at ingest (its content is a seed's): the original is put back.
    seed = (CORPUS / f"{SEED}.txt").read_bytes()
    duplicate = assistant.add_upload("baby-q.txt", seed, replace=True)
    assert duplicate.status == "duplicate", duplicate.message
    assert "previous version is unchanged" in duplicate.message
    assert target.read_bytes() == BRIEF and _chunks_of(assistant, "baby-q") == 2

    replaced = assistant.add_upload("baby-q.txt", BRIEF_V2, replace=True)
    assert replaced.status == "updated", replaced.message
    assert target.read_bytes() == BRIEF_V2 and _chunks_of(assistant, "baby-q") == 3
    assert _library_files(settings) == ["baby-q.txt"]

    both = assistant.add_upload("baby-q.txt", BRIEF.replace(b"Baby Q", b"Baby R"), replace=False)
    assert both.status == "added" and both.saved_as == "baby-q-2.txt"
    assert target.read_bytes() == BRIEF_V2
    report = assistant.ingest(rebuild=True)
    assert report.ok, report.failed
    assert _chunks_of(assistant, "baby-q") == 3 and _chunks_of(assistant, "baby-q-2") == 2


def test_upload_refusals_name_the_file_and_what_to_do(assistant: Assistant) -> None:
    unsupported = assistant.add_upload("notes.exe", BRIEF)
    assert unsupported.status == "failed" and "supported file type" in unsupported.message
    empty = assistant.add_upload("empty.md", b"  \n")
    assert empty.status == "failed" and empty.message.startswith("empty.md was not added: ")


def test_origin_of_a_path_outside_both_folders(settings: Settings, tmp_path: Path) -> None:
    assert origin_of({"source": str(tmp_path / "elsewhere" / "x.txt")}, settings) == "path"
    assert origin_of({"source": str(settings.corpus_dir / "x.txt")}, settings) == "bundled"
    assert origin_of({"source": str(settings.library_dir / "x.txt")}, settings) == "library"
    assert origin_of({}, settings) == "path"
    assert STAGING.startswith(".")  # folder ingests skip hidden paths


def test_cli_corpus_shows_where_each_document_came_from(
    persisted: Assistant, settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import json

    assistant = persisted
    from typer.testing import CliRunner

    import ingest.embed
    from ui.cli import app

    monkeypatch.setattr(ingest.embed, "load_embedder", lambda _s: assistant.index.embedder)
    for name in ("index_dir", "corpus_dir", "library_dir", "feedback_db"):
        monkeypatch.setenv(f"REVIEW_ASSISTANT_{name.upper()}", str(getattr(settings, name)))
    assert assistant.add_upload("baby-q.txt", BRIEF).status == "added"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "baby-r.txt").write_bytes(BRIEF.replace(b"Baby Q", b"Baby R"))
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(elsewhere)]).exit_code == 0
    result = runner.invoke(app, ["corpus", "--json"])
    assert result.exit_code == 0, result.output
    origins = {doc: entry["origin"] for doc, entry in json.loads(result.stdout).items()}
    assert origins == {
        **{p.stem: "bundled" for p in CORPUS.glob("*.txt")},
        "baby-q": "library",
        "baby-r": "path",
    }
    listing = runner.invoke(app, ["corpus"])
    assert "baby-q — Learning Brief: Baby Q (library)" in listing.stdout
