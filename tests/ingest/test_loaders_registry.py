"""The format registry: adding a format is one loader class and one registration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.config import Settings
from core.errors import DocumentError, UnsupportedFileError
from ingest import loaders
from ingest.load import load_document
from ingest.loaders import ParseBudget, Parsed
from ingest.loaders.txt import text_elements
from tests.builders import memory_assistant
from tests.fakes import HashEmbedder


class RstLoader:
    """A toy reStructuredText loader: plain text rules are good enough for the test."""

    kind = "txt"

    def parse(self, path: Path, data: bytes, budget: ParseBudget) -> Parsed:
        text = data.decode("utf-8")
        elements, boilerplate = text_elements(text, budget)
        return Parsed(text=text, elements=elements, boilerplate=boilerplate, encoding="utf-8")


@pytest.fixture
def rst() -> Iterator[None]:
    loaders.register(".rst", RstLoader())
    yield
    loaders.unregister(".rst")


def test_builtin_formats_are_registered() -> None:
    assert loaders.suffixes() == frozenset({".txt", ".md", ".pdf", ".docx"})


def test_a_new_format_is_one_registration(tmp_path: Path, rst: None) -> None:
    path = tmp_path / "brief.RST"
    path.write_text("KEY LEARNING\n\n1. See the child alone.\n", encoding="utf-8")
    doc = load_document(path)
    assert [(e.kind, e.text) for e in doc.elements] == [
        ("heading", "KEY LEARNING"),
        ("list_item", "See the child alone."),
    ]


def test_unregistered_suffix_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "brief.rst"
    path.write_text("text", encoding="utf-8")
    with pytest.raises(
        UnsupportedFileError, match=r"supported types are \.docx, \.md, \.pdf, \.txt"
    ):
        load_document(path)


class RtfLiteLoader:
    """A toy "RTF-lite" format: ``{\\rtf-lite`` then one paragraph per ``\\par``."""

    kind = "txt"

    def parse(self, path: Path, data: bytes, budget: ParseBudget) -> Parsed:
        raw = data.decode("utf-8")
        if not raw.startswith("{\\rtf-lite"):
            raise DocumentError(path, "is not an RTF-lite file (no {\\rtf-lite header)")
        body = raw.removeprefix("{\\rtf-lite").rstrip().removesuffix("}")
        text = "\n\n".join(part.strip() for part in body.split("\\par") if part.strip())
        elements, boilerplate = text_elements(text, budget)
        return Parsed(text=text, elements=elements, boilerplate=boilerplate, encoding="utf-8")


@pytest.fixture
def rtf_lite() -> Iterator[None]:
    loaders.register(".rtf-lite", RtfLiteLoader())
    yield
    loaders.unregister(".rtf-lite")


RTF_LITE = (
    "{\\rtf-lite Learning brief: Child Q (fictional test fixture)\\par "
    "KEY LEARNING\\par "
    "1. Practitioners should check who else lives in the household before a home visit.\\par "
    "2. Record the child's own words about the lodger.}"
)


def test_a_registered_format_is_ingested_and_answers(
    tmp_path: Path, rtf_lite: None, settings: Settings, hash_embedder: HashEmbedder
) -> None:
    """One registration: a folder ingest picks the new format up (not refused as an
    unsupported type), and its learning points are retrieved and cited."""
    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / "child-q.rtf-lite").write_text(RTF_LITE, encoding="utf-8")
    (folder / "broken.rtf-lite").write_text("plain text", encoding="utf-8")
    assistant = memory_assistant(settings, hash_embedder)
    report = assistant.ingest([folder])
    statuses = {o.doc_id: (o.status, o.reason) for o in report.outcomes}
    assert statuses["child-q"][0] == "added"
    assert statuses["broken"][0] == "failed"
    assert statuses["broken"][1].startswith("is not an RTF-lite file")
    points = [c for c in assistant.chunks() if c.doc_id == "child-q"]
    assert any("lives in the household" in c.text for c in points)
    question = "who else lives in the household before a home visit"
    assert assistant.retrieve(question, 3)[0].chunk.doc_id == "child-q"
    answer = assistant.ask(question)
    assert not answer.abstained and answer.citations[0].chunk.doc_id == "child-q"
