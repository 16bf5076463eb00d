"""The format registry: adding a format is one loader class and one registration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.errors import UnsupportedFileError
from ingest import loaders
from ingest.load import SUPPORTED_SUFFIXES, load_document
from ingest.loaders import ParseBudget, Parsed
from ingest.loaders.txt import text_elements


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
    assert loaders.suffixes() >= {".txt", ".md", ".pdf", ".docx"}
    assert frozenset({".txt", ".md", ".pdf", ".docx"}) == SUPPORTED_SUFFIXES


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
