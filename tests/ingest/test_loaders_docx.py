"""DOCX loader: Word numbering from numbering.xml, outline levels, tables, 7-minute grids,
and the zip limits (bombs built in the test)."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from core.errors import DocumentError
from core.models import Element, LoadedDocument
from ingest.load import load_document
from ingest.loaders import Limits
from tests.builders import build_fixture, make_docx

W = nsdecls("w")


def _numbering(document: object, abstract_id: int, num_id: int, levels: list[tuple[str, str]]):
    """Add an abstract list definition (numFmt, lvlText per level) and a num pointing at it."""
    part = document.part.numbering_part.element  # type: ignore[attr-defined]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'
    )
    first_num = part.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        part.append(abstract)
    part.append(
        parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    )


def _numbered(document: object, text: str, num_id: int, ilvl: int = 0) -> None:
    paragraph = document.add_paragraph(text)  # type: ignore[attr-defined]
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def _outlined(document: object, text: str, level: int) -> None:
    paragraph = document.add_paragraph(text)  # type: ignore[attr-defined]
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {W} w:val="{level}"/>'))


def _brief(tmp_path: Path) -> LoadedDocument:
    document = docx.Document()
    document.add_heading("Fictional 7 minute briefing: Baby J", level=0)
    _outlined(document, "Key learning", 0)
    _outlined(document, "Sub theme", 1)
    _numbering(document, 90, 90, [("decimal", "%1."), ("decimal", "%1.%2")])
    _numbered(document, "Bruising in a non-mobile baby needs a same-day referral.", 90)
    _numbered(document, "Share the chronology.", 90)
    _numbered(document, "Health visitors record who was present.", 90, ilvl=1)
    _numbered(document, "GPs ask about fathers.", 90, ilvl=1)
    _numbered(document, "Escalate when a plan drifts.", 90)
    _numbering(document, 91, 91, [("lowerLetter", "(%1)"), ("lowerRoman", "%2)")])
    _numbered(document, "Fathers were not invited.", 91)
    _numbered(document, "Records were not shared.", 91)
    _numbered(document, "A roman sub-point.", 91, ilvl=1)
    _numbered(document, "A second roman sub-point.", 91, ilvl=1)
    _numbering(document, 92, 92, [("bullet", "\uf0b7")])
    _numbered(document, "A symbol-font bullet.", 92)
    document.add_paragraph("Learning point 4: ask who lives in the home.")
    grid = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            cell = grid.cell(r, c)
            cell.text = f"Box {r * 3 + c + 1}"
            cell.add_paragraph(f"First point of box {r * 3 + c + 1}.")
            cell.add_paragraph(f"Second point of box {r * 3 + c + 1}.")
    table = document.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate(
        [("No.", "Recommendation"), ("1", "Audit visits."), ("2", "Train GPs.")]
    ):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    section = document.sections[0]
    section.header.paragraphs[0].text = "RUNNING HEADER OF THE PARTNERSHIP"
    section.footer.paragraphs[0].text = "Page footer text"
    path = tmp_path / "baby-j.docx"
    document.save(str(path))
    return load_document(path)


def find(doc: LoadedDocument, words: str) -> Element:
    matches = [e for e in doc.elements if words in e.text]
    assert len(matches) == 1, (words, matches)
    return matches[0]


def test_title_and_outline_levels(tmp_path: Path) -> None:
    doc = _brief(tmp_path)
    title = find(doc, "Fictional 7 minute briefing")
    assert (title.kind, title.level) == ("title", 0)
    assert (find(doc, "Key learning").kind, find(doc, "Key learning").level) == ("heading", 1)
    assert (find(doc, "Sub theme").kind, find(doc, "Sub theme").level) == ("heading", 2)
    assert [doc.text[h.start : h.end] for h in doc.headings][:3] == [
        "Fictional 7 minute briefing: Baby J",
        "Key learning",
        "Sub theme",
    ]


@pytest.mark.parametrize(
    ("words", "marker", "kind", "depth"),
    [
        ("Bruising in a non-mobile", "1", "number", 0),
        ("Share the chronology", "2", "number", 0),
        ("Health visitors record", "2.1", "number", 1),
        ("GPs ask about fathers", "2.2", "number", 1),
        ("Escalate when a plan drifts", "3", "number", 0),
        ("Fathers were not invited", "a", "letter", 0),
        ("Records were not shared", "b", "letter", 0),
        ("A roman sub-point", "i", "roman", 1),
        ("A second roman sub-point", "ii", "roman", 1),
        ("A symbol-font bullet", "•", "bullet", 0),
        ("ask who lives in the home", "Learning point 4", "label", 0),
    ],
)
def test_word_numbering_is_computed(
    tmp_path: Path, words: str, marker: str, kind: str, depth: int
) -> None:
    element = find(_brief(tmp_path), words)
    assert (element.kind, element.marker, element.marker_kind, element.level) == (
        "list_item",
        marker,
        kind,
        depth,
    )


def test_grid_is_emitted_box_by_box(tmp_path: Path) -> None:
    doc = _brief(tmp_path)
    boxes = [e for e in doc.elements if e.group and e.group.startswith("box-")]
    assert len({e.group for e in boxes}) == 9
    for n in range(1, 10):
        box = [e for e in boxes if e.group == f"box-{n}"]
        assert [(e.kind, e.text) for e in box] == [
            ("heading", f"Box {n}"),
            ("paragraph", f"First point of box {n}."),
            ("paragraph", f"Second point of box {n}."),
        ]
        for element in box:
            assert doc.text[element.start : element.end] == element.text


def test_text_boxes_are_read_once_box_by_box_in_reading_order(tmp_path: Path) -> None:
    from evals.dev_briefs.writers import BriefDocx

    brief = BriefDocx()
    brief.para("Fictional shapes brief about Baby W.", point=False)
    boxes = [
        (str(n), f"Box title {n}", [f"Point {n}a says see the baby.", f"Point {n}b says ask."],
         "learning")
        for n in range(1, 5)
    ]  # fmt: skip
    # drawn column by column: the file holds boxes 1, 3, 2, 4; a reader reads 1, 2, 3, 4
    brief.shape_boxes(boxes, cols=2, drawn_order=[0, 2, 1, 3])
    brief.para("A closing paragraph after the boxes.", point=False)
    path = tmp_path / "shapes.docx"
    brief.save(path)
    doc = load_document(path)
    boxed = [e for e in doc.elements if e.group]
    assert [(e.kind, e.text.split()[:2]) for e in boxed] == [
        item
        for n in range(1, 5)
        for item in (
            ("heading", [f"{n}.", "Box"]),
            ("list_item", ["Point", f"{n}a"]),
            ("list_item", ["Point", f"{n}b"]),
        )
    ]
    assert len({e.group for e in boxed}) == 4
    assert doc.text.count("Point 3a") == 1  # the VML fallback copy is not read
    assert doc.elements[-1].text == "A closing paragraph after the boxes."
    for element in doc.elements:
        assert element.text.split()[-1] in doc.text[element.start : element.end]


def test_a_text_box_inside_a_table_cell_is_read(tmp_path: Path) -> None:
    from evals.dev_briefs.writers import BriefDocx

    brief = BriefDocx()
    brief.para("Fictional brief with a box in a table, about Baby W.", point=False)
    table = brief.doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Left cell text about the family."
    brief.shape_boxes([("1", "Key learning", ["See the baby at every visit."], "learning")])
    anchor = brief.doc.paragraphs[-1]._p
    anchor.getparent().remove(anchor)
    table.rows[0].cells[1]._tc.append(anchor)  # the shape is anchored in the right cell
    path = tmp_path / "box-in-table.docx"
    brief.save(path)
    doc = load_document(path)
    assert [(e.kind, e.text) for e in doc.elements if e.group and e.group.startswith("box")] == [
        ("heading", "1. Key learning"),
        ("list_item", "See the baby at every visit."),
    ]


def test_table_rows_with_header(tmp_path: Path) -> None:
    doc = _brief(tmp_path)
    rows = [e for e in doc.elements if e.kind == "table_row"]
    assert [(r.cells, r.header) for r in rows] == [
        (("No.", "Recommendation"), True),
        (("1", "Audit visits."), False),
        (("2", "Train GPs."), False),
    ]
    assert doc.text[rows[1].start : rows[1].end] == "1\tAudit visits."


def test_headers_and_footers_are_left_out(tmp_path: Path) -> None:
    doc = _brief(tmp_path)
    assert "RUNNING HEADER" not in doc.text and "Page footer" not in doc.text


def test_every_span_holds_its_element(tmp_path: Path) -> None:
    doc = _brief(tmp_path)
    for element in doc.elements:
        assert element.text.split()[-1] in doc.text[element.start : element.end]


def test_builder_lists_and_bold_hints(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "lists.docx",
        [
            {"heading": "Learning points", "level": 1},
            {"bullet": "Hear the voice of the child."},
            {"number": "Recognise disguised compliance."},
            {"number": "Use the escalation policy."},
        ],
    )
    doc = load_document(path)
    items = [(e.marker, e.marker_kind) for e in doc.elements if e.kind == "list_item"]
    assert items[0][1] == "bullet"
    assert items[1:] == [("1", "number"), ("2", "number")]
    heading = find(doc, "Learning points")
    assert heading.size is not None and heading.size > 1.0


def test_fixture_docx_elements() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        doc = load_document(build_fixture("learning-review-siblings-a-b.json", Path(folder)))
    kinds = [e.kind for e in doc.elements]
    assert kinds.count("title") == 1 and "list_item" in kinds and "table_row" in kinds


# -- zip limits --------------------------------------------------------------------------------


def _docx_bytes(tmp_path: Path) -> bytes:
    return make_docx(tmp_path / "base.docx", [{"paragraph": "Voice of the child."}]).read_bytes()


def _with_member(base: bytes, name: str, payload: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info), compress_type=zipfile.ZIP_DEFLATED)
        target.writestr(name, payload, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_docx_unpacking_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    # 60 MB of zeros packs into ~60 kB: below the old 512 MB cap, above a brief's 50 MB.
    path = tmp_path / "bomb.docx"
    path.write_bytes(_with_member(_docx_bytes(tmp_path), "word/media/pad.bin", bytes(60 * 2**20)))
    with pytest.raises(DocumentError, match="more than a review brief can need"):
        load_document(path)


def test_docx_compression_ratio_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "ratio.docx"
    path.write_bytes(_with_member(_docx_bytes(tmp_path), "word/media/pad.bin", bytes(20 * 2**20)))
    with pytest.raises(DocumentError, match="compression bomb"):
        load_document(path)


def _lying_zip(real_size: int, claimed: int) -> bytes:
    """A zip whose one member claims ``claimed`` bytes but inflates to ``real_size``."""
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = raw.compress(bytes(real_size)) + raw.flush()
    name = b"word/document.xml"
    crc = 0
    local = struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(packed), claimed, len(name), 0
    )
    central = struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(packed), claimed,
        len(name), 0, 0, 0, 0, 0, 0,
    )  # fmt: skip
    body = local + name + packed
    directory = central + name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end


def test_zip_claiming_small_sizes_fails_fast_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "liar.docx"
    path.write_bytes(_lying_zip(real_size=400 * 2**20, claimed=1000))
    tracemalloc.start()
    try:
        with pytest.raises(DocumentError, match=r"liar\.docx: "):
            load_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20


def test_limits_are_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "small-limit.docx"
    path.write_bytes(_with_member(_docx_bytes(tmp_path), "word/media/pad.bin", bytes(3 * 2**20)))
    assert load_document(path).text == "Voice of the child."
    monkeypatch.setenv("REVIEW_ASSISTANT_MAX_UNPACKED_MB", "2")
    with pytest.raises(DocumentError, match="REVIEW_ASSISTANT_MAX_UNPACKED_MB"):
        load_document(path)
    assert load_document(path, limits=Limits(max_unpacked_bytes=8 * 2**20)).text


def test_parse_watchdog_refuses_a_document_over_its_time_budget(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "long.docx", [{"paragraph": f"Point {n}."} for n in range(500)])
    with pytest.raises(DocumentError, match="too large or complex") as info:
        load_document(path, limits=Limits(parse_timeout_s=1e-9))
    assert "REVIEW_ASSISTANT_PARSE_TIMEOUT_S" in str(info.value)
