"""Markdown loader: elements from markdown-it-py's tokens, spans into the verbatim text."""

from __future__ import annotations

from pathlib import Path

from core.models import LoadedDocument
from ingest.load import load_document
from tests.builders import FICTIONAL_DIR

MD = """\
# Fictional learning brief: Baby R

Baby R (invented) was *seven weeks* old when **bruising** was seen.<br>
The health visitor noted it.

## Key learning

3. Bruising in a non-mobile baby is a **red flag**.
4. Refer the same day
   and hold a strategy discussion.
   - Nested bullet under point 4.
5. Learning point: record who said what.

- [ ] Have I checked the chronology?
* A [linked](https://example.org) bullet with `code`.

Learning point 6: Ask about fathers.

> A quoted line from the mother.

| No. | Recommendation | Agency |
|-----|----------------|--------|
| 1 | Audit strategy <b>discussions</b> | Police |
| 2 | Train GPs | Health |

<div>An html block paragraph.</div>
"""


def load(tmp_path: Path, text: str = MD) -> LoadedDocument:
    path = tmp_path / "brief.md"
    path.write_text(text, encoding="utf-8")
    return load_document(path)


def describe(doc: LoadedDocument) -> list[tuple[object, ...]]:
    return [(e.kind, e.level, e.marker, e.marker_kind, e.text) for e in doc.elements]


def test_markdown_elements(tmp_path: Path) -> None:
    doc = load(tmp_path)
    assert doc.text == MD
    assert describe(doc) == [
        ("heading", 1, None, None, "Fictional learning brief: Baby R"),
        (
            "paragraph",
            1,
            None,
            None,
            "Baby R (invented) was seven weeks old when bruising was seen. The health visitor "
            "noted it.",
        ),
        ("heading", 2, None, None, "Key learning"),
        ("list_item", 0, "3", "number", "Bruising in a non-mobile baby is a red flag."),
        ("list_item", 0, "4", "number", "Refer the same day and hold a strategy discussion."),
        ("list_item", 1, "-", "bullet", "Nested bullet under point 4."),
        ("list_item", 0, "5", "number", "Learning point: record who said what."),
        ("list_item", 0, "[ ]", "checkbox", "Have I checked the chronology?"),
        ("list_item", 0, "*", "bullet", "A linked bullet with code."),
        ("list_item", 0, "Learning point 6", "label", "Ask about fathers."),
        ("paragraph", 1, None, None, "A quoted line from the mother."),
        ("table_row", 1, None, None, "No. — Recommendation — Agency"),
        ("table_row", 1, None, None, "1 — Audit strategy discussions — Police"),
        ("table_row", 1, None, None, "2 — Train GPs — Health"),
        ("paragraph", 1, None, None, "An html block paragraph."),
    ]


def test_table_header_and_cells(tmp_path: Path) -> None:
    rows = [e for e in load(tmp_path).elements if e.kind == "table_row"]
    assert [r.header for r in rows] == [True, False, False]
    assert rows[1].cells == ("1", "Audit strategy discussions", "Police")
    assert len({r.group for r in rows}) == 1


def test_spans_point_at_the_source_lines(tmp_path: Path) -> None:
    doc = load(tmp_path)
    for element in doc.elements:
        source = doc.text[element.start : element.end]
        assert source == source.strip()
        assert element.text.split()[0].strip("[]") in source or element.kind == "table_row"
    item = next(e for e in doc.elements if e.marker == "4")
    assert doc.text[item.start : item.end] == (
        "4. Refer the same day\n   and hold a strategy discussion."
    )


def test_fixture_brief_loads_into_elements() -> None:
    doc = load_document(FICTIONAL_DIR / "seven-minute-briefing-baby-k.md")
    kinds = {e.kind for e in doc.elements}
    assert {"heading", "list_item", "paragraph"} <= kinds
    assert all(not e.text.startswith(("#", "*", "-")) for e in doc.elements)


def test_long_single_line_markdown_ends(tmp_path: Path) -> None:
    line = "Practitioners should see the child alone and record their words. " * 20000
    doc = load(tmp_path, "# Title\n\n" + line + "\n")
    assert [e.kind for e in doc.elements] == ["heading", "paragraph"]


def test_lines_opening_with_a_glyph_markdown_does_not_list(tmp_path: Path) -> None:
    doc = load(
        tmp_path,
        "## Over to you\n\n? How do you hear the child?\n? Who would notice?\n\n"
        "One line? That stays a paragraph\n",
    )
    items = [e for e in doc.elements if e.kind == "list_item"]
    assert [(e.marker, e.text) for e in items] == [
        ("?", "How do you hear the child?"),
        ("?", "Who would notice?"),
    ]
    for item in items:
        assert doc.text[item.start : item.end].endswith(item.text)
    assert any(e.kind == "paragraph" and e.text.startswith("One line") for e in doc.elements)


def test_an_html_comment_is_not_read_and_is_not_reported_as_dropped(tmp_path: Path) -> None:
    doc = load(
        tmp_path,
        "<!-- drafting note: check dates (fictional) -->\n# Baby S\n\n"
        "## Key learning\n\n- Weigh the baby at every visit.\n",
    )
    assert all("drafting" not in e.text for e in doc.elements)
    start = doc.text.index("<!--")
    assert (start, doc.text.index("-->") + 3) in doc.boilerplate


def test_a_paragraph_all_in_bold_carries_the_style_hint(tmp_path: Path) -> None:
    doc = load(tmp_path, "**What should I ask myself?**\n\nSome **bold** words (fictional).\n")
    assert [(e.text, e.bold) for e in doc.elements] == [
        ("What should I ask myself?", True),
        ("Some bold words (fictional).", False),
    ]
