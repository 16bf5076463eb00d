"""Plain-text and Markdown loaders: typed elements, spans into the text, encodings, furniture."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from core.models import Element, LoadedDocument
from ingest.load import load_document
from tests.builders import CORPUS_DIR, seed_ids

FICTIONAL_TXT = """\
FICTIONAL 7 MINUTE BRIEFING: CHILD Q

1. Background
Child Q (aged 3, invented for this test) lived with her mother and two siblings.

2. Why it matters
Professionals did not see Child Q alone.

3. Key learning
3.1 See the child alone at every visit.
3.2 Record the child's own words and
    what they show about daily life.
3.3 Escalate when a plan drifts.

Learning point 4: Ask who else lives in the home.
Recommendation 2: The partnership should audit home visits.
Practice point: check the household composition at every contact.

(a) Fathers were not invited to meetings.
(b) Health visiting records were not shared.
(iv) A fourth roman item.
☐ Have I read the chronology?
[ ] Have I spoken to the school?

· A middle-dot bullet
• A round bullet
▪ A square bullet
– An en-dash bullet
* A star bullet that wraps on to
a second line in lower case.

Agency\tAction\tBy when
Health\tShare the chronology with social care.\tMarch 2024
Police\tAttend every strategy meeting.\tApril 2024

### **Reflective questions**

- 1. Where disagreements exist, do I know the escalation policy?
> "I wanted someone to ask me," said the child.
<i>Italic</i> text with [a link](https://example.org) and <u>underline</u>[bookmark: _GoBack].

Short heading

Fictional Partnership brief - page 1
Fictional Partnership brief - page 2
Fictional Partnership brief - page 3
Page 4 of 9
"""


def load(
    tmp_path: Path, text: str, name: str = "brief.txt", encoding: str = "utf-8"
) -> LoadedDocument:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return load_document(path)


def find(doc: LoadedDocument, words: str) -> Element:
    matches = [e for e in doc.elements if words in e.text]
    assert len(matches) == 1, (words, matches)
    return matches[0]


def test_every_element_span_holds_its_words(tmp_path: Path) -> None:
    doc = load(tmp_path, FICTIONAL_TXT)
    assert doc.elements
    for element in doc.elements:
        source = " ".join(doc.text[element.start : element.end].split())
        assert element.text.split()[-1].strip('*."”') in source, element
        assert 0 <= element.start < element.end <= len(doc.text)
        assert element.page is None


def test_numbered_headings_and_numbered_items(tmp_path: Path) -> None:
    doc = load(tmp_path, FICTIONAL_TXT)
    background = find(doc, "Background")
    assert (background.kind, background.marker, background.level) == ("heading", "1", 1)
    assert find(doc, "Why it matters").kind == "heading"
    assert find(doc, "Key learning").kind == "heading"
    item = find(doc, "See the child alone")
    assert (item.kind, item.marker, item.marker_kind) == ("list_item", "3.1", "number")
    escalate = find(doc, "Where disagreements exist")
    assert (escalate.kind, escalate.marker, escalate.marker_kind) == ("list_item", "1", "number")
    title = find(doc, "FICTIONAL 7 MINUTE BRIEFING")
    assert title.kind == "heading"


def test_short_numbered_lines_in_a_row_are_items_not_headings(tmp_path: Path) -> None:
    doc = load(tmp_path, "Learning\n\n1. See the child\n2. Hear the child\n3. Act\n")
    kinds = [(e.kind, e.marker) for e in doc.elements]
    assert kinds == [("heading", None), ("list_item", "1"), ("list_item", "2"), ("list_item", "3")]


def test_hanging_indent_and_soft_wraps_are_joined(tmp_path: Path) -> None:
    doc = load(tmp_path, FICTIONAL_TXT)
    joined = find(doc, "Record the child's own words")
    assert joined.text == "Record the child's own words and what they show about daily life."
    assert doc.text[joined.start : joined.end].endswith("daily life.")
    wrapped = find(doc, "A star bullet")
    assert wrapped.text == "A star bullet that wraps on to a second line in lower case."


def test_hard_wrapped_paragraphs_are_joined(tmp_path: Path) -> None:
    words = (
        "Practitioners should always speak with the child on their own and record "
        "what the child says in the child's own words so that their voice is heard. "
    ) * 4
    import textwrap

    body = "\n".join(textwrap.wrap(words, 70))
    doc = load(tmp_path, f"Summary\n\n{body}\n\nSecond paragraph here.\n")
    paragraphs = [e for e in doc.elements if e.kind == "paragraph"]
    assert len(paragraphs) == 2
    assert paragraphs[0].text == " ".join(words.split())


@pytest.mark.parametrize(
    ("words", "marker", "kind"),
    [
        ("Ask who else lives", "Learning point 4", "label"),
        ("The partnership should audit", "Recommendation 2", "label"),
        ("check the household composition", "Practice point", "label"),
        ("Fathers were not invited", "a", "letter"),
        ("Health visiting records", "b", "letter"),
        ("A fourth roman item", "iv", "roman"),
        ("Have I read the chronology", "☐", "checkbox"),
        ("Have I spoken to the school", "[ ]", "checkbox"),
        ("A middle-dot bullet", "·", "bullet"),
        ("A round bullet", "•", "bullet"),
        ("A square bullet", "▪", "bullet"),
        ("An en-dash bullet", "–", "bullet"),
    ],
)
def test_list_markers(tmp_path: Path, words: str, marker: str, kind: str) -> None:
    element = find(load(tmp_path, FICTIONAL_TXT), words)
    assert (element.kind, element.marker, element.marker_kind) == ("list_item", marker, kind)
    assert not element.text.startswith(marker)


def test_tab_separated_rows_are_table_rows_with_a_header(tmp_path: Path) -> None:
    doc = load(tmp_path, FICTIONAL_TXT)
    rows = [e for e in doc.elements if e.kind == "table_row"]
    assert [r.cells[0] for r in rows] == ["Agency", "Health", "Police"]
    assert [r.header for r in rows] == [True, False, False]
    assert rows[1].cells == ("Health", "Share the chronology with social care.", "March 2024")
    assert len({r.group for r in rows}) == 1


def test_markup_is_stripped_from_element_text_but_kept_in_the_text(tmp_path: Path) -> None:
    doc = load(tmp_path, FICTIONAL_TXT)
    assert doc.text == FICTIONAL_TXT
    heading = find(doc, "Reflective questions")
    assert (heading.kind, heading.level, heading.bold) == ("heading", 3, True)
    line = find(doc, "Italic text")
    assert line.text == "Italic text with a link and underline."
    quote = find(doc, "I wanted someone")
    assert quote.kind == "paragraph" and not quote.text.startswith(">")
    assert find(doc, "Short heading").kind == "heading"


def test_repeated_footers_and_page_numbers_are_boilerplate(tmp_path: Path) -> None:
    doc = load(tmp_path, FICTIONAL_TXT)
    left_out = [doc.text[a:b] for a, b in doc.boilerplate]
    assert left_out == [
        "Fictional Partnership brief - page 1",
        "Fictional Partnership brief - page 2",
        "Fictional Partnership brief - page 3",
        "Page 4 of 9",
    ]
    assert not [e for e in doc.elements if "Partnership brief" in e.text or "Page 4" in e.text]


@pytest.mark.parametrize("doc_id", seed_ids())
def test_seed_texts_have_elements_covering_their_words(doc_id: str) -> None:
    doc = load_document(CORPUS_DIR / f"{doc_id}.txt")
    assert doc.encoding == "utf-8"
    covered = " ".join(e.text for e in doc.elements).split()
    source = [w for w in doc.text.replace("**", " ").split() if w.isalpha()]
    missing = [w for w in source if w not in set(covered)]
    assert len(missing) <= len(source) * 0.01, missing[:20]


# -- encodings -----------------------------------------------------------------------------

LATIN = "Learning from the café review: the child’s “voice” – naïve optimism.\n"


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_western_single_byte_text_is_decoded_and_named(tmp_path: Path, encoding: str) -> None:
    text = LATIN if encoding == "cp1252" else "Learning from the café review, naïve optimism.\n"
    doc = load(tmp_path, text, encoding=encoding)
    assert doc.text == text
    assert doc.encoding in {"cp1252", "latin-1", "iso8859-15"}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text_not_binary(tmp_path: Path, codec: str) -> None:
    doc = load(tmp_path, "Key learning\n\n- See the child alone.\n", encoding=codec)
    assert doc.text == "Key learning\n\n- See the child alone.\n"
    assert doc.encoding == codec
    assert [e.kind for e in doc.elements] == ["heading", "list_item"]


def test_encoding_recorded_for_bom_files(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(codecs.BOM_UTF8 + b"# Title\n")
    assert load_document(path).encoding == "utf-8"


def test_footer_naming_its_page_twice_and_title_block_lines(tmp_path: Path) -> None:
    text = (
        "Fictional Partnership\n7 Minute Briefing: Child Z\n\nBACKGROUND\n\n"
        "Child Z (invented) was seen at home.\n\nBrief - Fictional Partnership - page 1\n\n"
        "KEY LEARNING\n\n- See the child alone.\n\nBrief - Fictional Partnership - page 2\n"
    )
    doc = load(tmp_path, text)
    assert [doc.text[a:b] for a, b in doc.boilerplate] == [
        "Brief - Fictional Partnership - page 1",
        "Brief - Fictional Partnership - page 2",
    ]
    assert [e.text for e in doc.elements][:2] == [
        "Fictional Partnership",
        "7 Minute Briefing: Child Z",
    ]


def test_table_aligned_with_spaces(tmp_path: Path) -> None:
    path = tmp_path / "spaced.txt"
    path.write_text(
        "Key learning (fictional)\n\n"
        "Theme               What we found                   What to do\n"
        "Voice of the child  Z was never seen alone.         See the child alone.\n"
        "Fathers             Z's father was not contacted    Include fathers in every\n"
        "                    by any agency.                  assessment.\n"
        "Neglect             Each concern was judged alone.  Use the screening tool.\n\n"
        "A paragraph  with a double space  is not a table.\n",
        encoding="utf-8",
    )
    doc = load_document(path)
    rows = [(e.cells, e.header) for e in doc.elements if e.kind == "table_row"]
    assert rows == [
        (("Theme", "What we found", "What to do"), True),
        (("Voice of the child", "Z was never seen alone.", "See the child alone."), False),
        (
            (
                "Fathers",
                "Z's father was not contacted by any agency.",
                "Include fathers in every assessment.",
            ),
            False,
        ),
        (("Neglect", "Each concern was judged alone.", "Use the screening tool."), False),
    ]
    assert doc.elements[-1].kind == "paragraph"


def test_question_mark_as_a_bullet_glyph(tmp_path: Path) -> None:
    text = (
        "Over to you\n\n"
        "? How would you know a child was losing weight?\n"
        "? Who would you tell if a family moved?\n\n"
        "?Is this a question mark starting a line\n"
    )
    doc = load(tmp_path, text)
    item = find(doc, "How would you know")
    assert (item.kind, item.marker, item.marker_kind) == ("list_item", "?", "bullet")
    assert item.text.startswith("How")
    assert find(doc, "Who would you tell").kind == "list_item"
    assert find(doc, "Is this a question mark").kind != "list_item"  # no space: not a bullet


def test_a_box_drawn_with_characters_keeps_its_words_not_its_drawing(tmp_path: Path) -> None:
    path = tmp_path / "boxed.txt"
    path.write_text(
        "+--------------------------------+\n"
        "|  RAPID REVIEW: CHILD W         |\n"
        "+--------------------------------+\n\n"
        "WHAT WE LEARNED\n"
        "* Nobody checked where Child W was (fictional).\n\n"
        "╔════════════════════╗\n║ Published June 2024 ║\n╚════════════════════╝\n",
        encoding="utf-8",
    )
    doc = load_document(path)
    texts = [e.text for e in doc.elements]
    assert texts[0] == "RAPID REVIEW: CHILD W"
    assert "Published June 2024" in texts
    assert not any("--" in t or "═" in t or "|" in t for t in texts)
    for element in doc.elements:  # spans still point at the words in the source
        assert doc.text[element.start : element.end].endswith(element.text.split()[-1])
