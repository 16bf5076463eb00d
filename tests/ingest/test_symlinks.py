"""Only regular files inside the ingested folder are ingested, and downloads serve only the
copy kept at ingest (issue 13, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.service import Assistant
from core.config import Settings
from core.models import IngestReport
from ingest.pipeline import SOURCES_DIR
from tests.builders import memory_assistant
from tests.fakes import HashEmbedder

BRIEF = """FICTIONAL TEST FIXTURE - not a real review

Serious Case Review: Child L

Key learning

· Practitioners should share information with children's social care promptly.
· Fathers and male carers should be involved in assessments.
"""


def outcome(report: IngestReport, doc_id: str) -> tuple[str, str]:
    found = [o for o in report.outcomes if o.doc_id == doc_id]
    assert found, [o.doc_id for o in report.outcomes]
    return found[0].status, found[0].reason


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "child-l.txt").write_text(BRIEF, encoding="utf-8")
    return folder


@pytest.fixture
def assistant(settings: Settings, hash_embedder: HashEmbedder) -> Assistant:
    return memory_assistant(settings, hash_embedder)


def test_a_link_out_of_the_folder_is_refused(
    assistant: Assistant, library: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text(BRIEF.replace("Child L", "Child S"), encoding="utf-8")
    (library / "passwd.txt").symlink_to(outside)
    (library / "elsewhere").symlink_to(tmp_path, target_is_directory=True)

    report = assistant.ingest([library])

    status, reason = outcome(report, "passwd")
    assert status == "failed" and "outside the ingested folder" in reason
    assert outcome(report, "elsewhere")[0] == "failed"
    assert outcome(report, "child-l")[0] == "added"
    assert set(assistant.documents()) == {"child-l"}
    assert all("Child S" not in c.text for c in assistant.chunks())


def test_a_link_inside_the_folder_keeps_its_own_path_and_goes_with_it(
    assistant: Assistant, library: Path
) -> None:
    # The real file sits in a hidden folder (not ingested itself); the link names it.
    real = library / ".archive" / "brief-2019.txt"
    real.parent.mkdir()
    real.write_text(BRIEF.replace("Child L", "Child M"), encoding="utf-8")
    link = library / "child-m.txt"
    link.symlink_to(real)

    report = assistant.ingest([library])

    assert outcome(report, "child-m")[0] == "added"
    assert assistant.documents()["child-m"]["source"] == str(link)
    assert "brief-2019" not in assistant.documents()

    link.unlink()
    report = assistant.ingest([library])
    assert outcome(report, "child-m")[0] == "removed"
    assert "child-m" not in assistant.documents()


def test_a_document_whose_file_became_a_link_out_is_removed(
    assistant: Assistant, library: Path, tmp_path: Path
) -> None:
    assistant.ingest([library])
    target = library / "child-l.txt"
    outside = tmp_path / "passwd"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    target.unlink()
    target.symlink_to(outside)

    report = assistant.ingest([library])

    assert outcome(report, "child-l")[0] == "failed"
    assert "child-l" not in assistant.documents()
    assert not any(c.doc_id == "child-l" for c in assistant.chunks())


def test_downloads_serve_the_stored_copy_only(
    assistant: Assistant, settings: Settings, library: Path
) -> None:
    original = (library / "child-l.txt").read_bytes()
    assistant.ingest([library])
    stored = list((settings.index_dir / SOURCES_DIR).iterdir())
    assert len(stored) == 1 and stored[0].read_bytes() == original

    # The file named in the registry is swapped for something else: the download still
    # serves what was ingested, never the new file.
    (library / "child-l.txt").unlink()
    (library / "child-l.txt").symlink_to("/etc/passwd")
    assert assistant.source_bytes("child-l") == ("child-l.txt", original)

    # A tampered copy is not served.
    stored[0].write_bytes(b"tampered")
    assert assistant.source_bytes("child-l") is None
    assert assistant.source_bytes("no-such-document") is None


def test_the_copy_goes_when_the_document_goes_or_changes(
    assistant: Assistant, settings: Settings, library: Path
) -> None:
    assistant.ingest([library])
    folder = settings.index_dir / SOURCES_DIR
    first = {p.name for p in folder.iterdir()}

    (library / "child-l.txt").write_text(BRIEF + "· A third point about escalation.\n")
    assistant.ingest([library])
    second = {p.name for p in folder.iterdir()}
    assert len(second) == 1 and second != first

    (library / "child-l.txt").unlink()
    assistant.ingest([library])
    assert list(folder.iterdir()) == []
    assert assistant.source_bytes("child-l") is None


def test_a_document_indexed_without_a_copy_gets_one_on_the_next_ingest(
    assistant: Assistant, settings: Settings, library: Path
) -> None:
    assistant.ingest([library])
    for copy in (settings.index_dir / SOURCES_DIR).iterdir():
        copy.unlink()
    assert assistant.source_bytes("child-l") is None

    report = assistant.ingest([library])

    assert outcome(report, "child-l")[0] == "unchanged"
    stored = assistant.source_bytes("child-l")
    assert stored is not None and stored[1] == (library / "child-l.txt").read_bytes()
