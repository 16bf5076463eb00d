"""Loader tests on real files written by the tests themselves (no mocks)."""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import random
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from pypdf import PdfReader

from core.errors import DocumentError, EmptyDocumentError, UnsupportedFileError
from core.models import LoadedDocument
from ingest import loaders
from ingest.load import content_hash, load_document
from tests.builders import (
    CORPUS_DIR,
    FICTIONAL_DIR,
    build_fixture,
    expected_structure,
    fixture_spec,
    make_docx,
    make_encrypted_pdf,
    make_image_only_pdf,
    make_pdf,
    seed_ids,
    seed_text,
)

_MB = 1024 * 1024
MARKUP = "### **KEY LEARNING:**\n- 1. <i>Escalate</i> [bookmark: _GoBack]concerns – “early”, café\n"


def squash(text: str) -> str:
    return " ".join(text.split())


def raised(exc_type: type[DocumentError], path: Path, **kwargs: int) -> DocumentError:
    with pytest.raises(exc_type) as info:
        load_document(path, **kwargs)  # type: ignore[arg-type]
    return info.value


def assert_actionable(exc: DocumentError, path: Path, *phrases: str) -> None:
    message = str(exc)
    assert exc.path == path
    assert message.startswith(f"{path.name}: ")
    for phrase in phrases:
        assert phrase in message, f"{phrase!r} not in {message!r}"


def assert_spans_cover(doc: LoadedDocument) -> None:
    assert [s.page for s in doc.pages] == list(range(1, len(doc.pages) + 1))
    assert doc.pages[0].start == 0
    assert doc.pages[-1].end == len(doc.text)
    for before, after in zip(doc.pages, doc.pages[1:], strict=False):
        assert doc.text[before.end : after.start] == "\n\n"


# -- plain text ------------------------------------------------------------------------


def test_utf8_text_is_kept_verbatim_with_markup(tmp_path: Path) -> None:
    path = tmp_path / "bulletin-in14.txt"
    path.write_bytes(MARKUP.encode("utf-8"))
    doc = load_document(path)
    assert doc.text == MARKUP
    assert (doc.kind, doc.doc_id, doc.source) == ("txt", "bulletin-in14", path)
    assert doc.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.pages == () and doc.headings == ()
    assert doc.page_at(5) is None


def test_markdown_kind_and_doc_id_override(tmp_path: Path) -> None:
    path = tmp_path / "Brief.MD"
    path.write_text("# Title\n\n- point\n", encoding="utf-8")
    doc = load_document(path, doc_id="custom-id")
    assert (doc.kind, doc.doc_id, doc.text) == ("md", "custom-id", "# Title\n\n- point\n")


def test_line_endings_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"one\r\ntwo\rthree\n\r\nfour")
    assert load_document(path).text == "one\ntwo\nthree\n\nfour"


def test_utf8_bom_is_stripped_and_hash_is_of_raw_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    raw = codecs.BOM_UTF8 + MARKUP.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(raw)
    doc = load_document(path)
    assert doc.text == MARKUP
    assert doc.content_hash == content_hash(raw) == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "utf16.txt"
    body = MARKUP.replace("\n", "\r\n")
    if codec == "utf-16-le":
        raw = codecs.BOM_UTF16_LE + body.encode(codec)
    elif codec == "utf-16-be":
        raw = codecs.BOM_UTF16_BE + body.encode(codec)
    else:
        raw = body.encode(codec)
    path.write_bytes(raw)
    assert load_document(path).text == MARKUP


@pytest.mark.parametrize("doc_id", seed_ids())
def test_seed_texts_load_unchanged(doc_id: str) -> None:
    doc = load_document(CORPUS_DIR / f"{doc_id}.txt")
    assert doc.text == seed_text(doc_id).replace("\r\n", "\n")
    assert doc.doc_id == doc_id


# -- PDF ---------------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", seed_ids())
def test_pdf_built_from_seed_text_keeps_lines_pages_and_bullets(
    tmp_path: Path, doc_id: str
) -> None:
    source = seed_text(doc_id)
    path = make_pdf(tmp_path / f"{doc_id}.pdf", [source])
    doc = load_document(path)
    assert doc.kind == "pdf" and doc.doc_id == doc_id
    assert len(doc.pages) == len(PdfReader(path).pages)
    assert_spans_cover(doc)
    flat = squash(doc.text)
    for line in source.splitlines():
        assert squash(line) in flat
    if "·" in source:
        assert re.search(r"^ ?· ", doc.text, re.MULTILINE)
    if "\n- " in source:
        assert "\n- " in doc.text
    last = doc.pages[-1]
    assert doc.page_at(last.start) == last.page
    assert doc.page_at(len(doc.text) - 1) == last.page


def test_phrase_on_page_three_maps_to_page_three(tmp_path: Path) -> None:
    pages = [
        "Local Child Safeguarding Practice Review: Child Q\n1. Share information early.",
        "2. Hold a strategy discussion when bruising is seen on a non-mobile baby.",
        "3. Ask about fathers and male carers at every pre-birth assessment.",
    ]
    doc = load_document(make_pdf(tmp_path / "three.pdf", pages))
    assert len(doc.pages) == 3
    assert_spans_cover(doc)
    for number, phrase in [(1, "Share information"), (2, "strategy discussion"), (3, "fathers")]:
        offset = doc.text.index(phrase)
        assert doc.page_at(offset) == number
        span = doc.pages[number - 1]
        assert phrase in doc.text[span.start : span.end]


def test_tab_separated_rows_come_back_without_tabs(tmp_path: Path) -> None:
    rows = "Theme\tLearning\nVoice of the child\tSee children alone."
    as_table = load_document(make_pdf(tmp_path / "table.pdf", [rows]))
    assert "\t" not in as_table.text
    assert "Voice of the child See children alone." in as_table.text
    long_cell = "Theme\t" + "Assessments must draw on the family history. " * 4
    wrapped = load_document(make_pdf(tmp_path / "wrapped.pdf", [long_cell])).text
    assert wrapped.startswith("Theme\nAssessments must draw")
    as_spaces = load_document(make_pdf(tmp_path / "spaces.pdf", [rows], tab_as="spaces"))
    assert "Voice of the child    See children alone." in as_spaces.text


def test_blank_lines_are_dropped_unless_kept(tmp_path: Path) -> None:
    text = "Summary\n\nFirst paragraph.\n\nSecond paragraph."
    assert load_document(make_pdf(tmp_path / "a.pdf", [text])).text == (
        "Summary\nFirst paragraph.\nSecond paragraph."
    )
    kept = load_document(make_pdf(tmp_path / "b.pdf", [text], keep_blank_lines=True))
    assert kept.text.split("\n")[1].strip() == ""


def test_core_font_fallback_keeps_windows_1252_punctuation(tmp_path: Path) -> None:
    text = "· Mother’s “voice” – café"
    path = make_pdf(tmp_path / "core.pdf", [text], font_path=tmp_path / "missing.ttf")
    assert load_document(path).text.strip() == text


def test_pdf_with_empty_user_password_loads(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "owner-only.pdf",
        ["Escalation policy learning."],
        password="",
        owner_password="x",
    )
    assert PdfReader(path).is_encrypted
    assert load_document(path).text.strip() == "Escalation policy learning."


def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    path = make_encrypted_pdf(tmp_path / "locked.pdf", "s3cret")
    exc = raised(DocumentError, path)
    assert not isinstance(exc, EmptyDocumentError)
    assert_actionable(exc, path, "password-protected", "save an unprotected copy and ingest that")


def test_image_only_pdf_is_empty(tmp_path: Path) -> None:
    path = make_image_only_pdf(tmp_path / "scan.pdf")
    exc = raised(EmptyDocumentError, path)
    assert_actionable(exc, path, "no extractable text", "OCR is not supported", "DOCX/TXT")


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\ngarbage\n%%EOF\n")
    exc = raised(DocumentError, path)
    assert not isinstance(exc, EmptyDocumentError)
    assert_actionable(exc, path, "re-export")


def test_text_file_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("just some notes about a review", encoding="utf-8")
    assert_actionable(raised(DocumentError, path), path, "not a PDF file", "re-export")


def test_truncated_pdf(tmp_path: Path) -> None:
    whole = make_pdf(tmp_path / "whole.pdf", [seed_text("scr-in14-learning-bulletin")] * 2)
    data = whole.read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert_actionable(raised(DocumentError, path), path, "truncated", "re-export")


def test_pypdf_log_is_silenced_while_reading_and_restored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"x" * 200)
    before = logging.getLogger("pypdf").level
    with caplog.at_level(logging.DEBUG):
        raised(DocumentError, path)
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert logging.getLogger("pypdf").level == before


def test_damaged_pdfs_raise_only_document_errors(tmp_path: Path) -> None:
    data = make_pdf(tmp_path / "base.pdf", ["Voice of the child.", "Escalation."]).read_bytes()
    rng = random.Random(20240611)
    path = tmp_path / "fuzz.pdf"
    for _ in range(40):
        blob = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            blob[rng.randrange(len(blob))] = rng.randrange(256)
        cut = rng.choice([len(blob), rng.randrange(1, len(blob))])
        path.write_bytes(bytes(blob[:cut]))
        try:
            load_document(path)
        except DocumentError as exc:
            assert str(exc).startswith("fuzz.pdf: ")


# -- DOCX --------------------------------------------------------------------------------

DOCX_BLOCKS: list[dict[str, Any]] = [
    {"heading": "Learning Review: Family Z", "level": 0},
    {"heading": "Background", "level": 1},
    {"paragraph": "First paragraph about pre-birth assessment."},
    {"paragraph": "Second paragraph about fathers."},
    {"heading": "Learning points", "level": 2},
    {"bullet": "Hear the voice of the child."},
    {"bullet": "Use the escalation policy."},
    {"number": "Recognise disguised compliance."},
    {"table": [["Theme", "What it means"], ["Neglect", "Look at cumulative harm."]]},
    {"paragraph": "Closing note."},
]

DOCX_TEXT = (
    "Learning Review: Family Z\n\n"
    "Background\n\n"
    "First paragraph about pre-birth assessment.\n\n"
    "Second paragraph about fathers.\n\n"
    "Learning points\n\n"
    "- Hear the voice of the child.\n"
    "- Use the escalation policy.\n"
    "- Recognise disguised compliance.\n\n"
    "Theme\tWhat it means\n"
    "Neglect\tLook at cumulative harm.\n\n"
    "Closing note."
)


def test_docx_headings_lists_and_tables_in_document_order(tmp_path: Path) -> None:
    doc = load_document(make_docx(tmp_path / "family-z.docx", DOCX_BLOCKS))
    assert doc.kind == "docx" and doc.doc_id == "family-z"
    assert doc.text == DOCX_TEXT
    found = [(h.level, doc.text[h.start : h.end]) for h in doc.headings]
    assert found == [(0, "Learning Review: Family Z"), (1, "Background"), (2, "Learning points")]
    assert doc.pages == ()


def test_docx_custom_style_based_on_heading_and_merged_cells(tmp_path: Path) -> None:
    document = docx.Document()
    style = document.styles.add_style("Review Heading", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Heading 2"]
    document.add_paragraph("Themes", style="Review Heading")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Themes across the review"
    for col, value in enumerate(["Escalation", "Fathers", "Neglect"]):
        table.cell(1, col).text = value
    document.add_paragraph("")
    path = tmp_path / "custom.docx"
    document.save(str(path))
    doc = load_document(path)
    # the row merged across the table is read once, as a heading over the rows below it
    assert doc.text == "Themes\n\nThemes across the review\n\nEscalation\tFathers\tNeglect"
    assert [(h.level, h.start, h.end) for h in doc.headings] == [(2, 0, 6), (2, 8, 32)]


def test_docx_with_a_table_of_no_rows_still_loads(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Child Q was seen at home (fictional).")
    document.add_table(rows=0, cols=2)
    path = tmp_path / "empty-table.docx"
    document.save(str(path))
    doc = load_document(path)
    assert doc.text == "Child Q was seen at home (fictional)."


def test_text_file_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "brief.docx"
    path.write_text("This was saved as plain text.", encoding="utf-8")
    exc = raised(DocumentError, path)
    assert_actionable(exc, path, "is not a valid Word .docx file", "save as .docx")


def test_zip_that_is_not_a_word_file(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a word document")
    path = tmp_path / "archive.docx"
    path.write_bytes(buffer.getvalue())
    exc = raised(DocumentError, path)
    assert_actionable(exc, path, "is not a valid Word .docx file", "save as .docx")


def test_docx_without_text_is_empty(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "blank.docx", [{"paragraph": "   "}])
    assert_actionable(raised(EmptyDocumentError, path), path, "no text")


# -- inputs that every loader refuses ------------------------------------------------------


@pytest.mark.parametrize("suffix", sorted(loaders.suffixes()))  # the built-ins
def test_zero_byte_file_is_empty(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    assert_actionable(raised(EmptyDocumentError, path), path, "is empty (0 bytes)", "check")


def test_whitespace_only_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.md"
    path.write_text(" \n\t\n\n", encoding="utf-8")
    assert_actionable(raised(EmptyDocumentError, path), path, "only whitespace")


@pytest.mark.parametrize("name", ["brief.doc", "brief.rtf", "README", "scan.png"])
def test_unsupported_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("text", encoding="utf-8")
    exc = raised(UnsupportedFileError, path)
    assert_actionable(
        exc, path, "unsupported file type", ".docx, .md, .pdf, .txt", "Save or export"
    )


def test_latin1_text_is_decoded_and_its_encoding_recorded(tmp_path: Path) -> None:
    # Latin-1 / Windows-1252 are ordinary inputs (issue 13): detected, not refused.
    path = tmp_path / "latin1.txt"
    path.write_bytes("Learning from the café review".encode("latin-1"))
    doc = load_document(path)
    assert doc.text == "Learning from the café review"
    assert doc.encoding == "cp1252"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        bytes(random.Random(7).choices(range(1, 32), k=400)) + b"some text",
    ],
    ids=["nul-bytes", "control-characters"],
)
def test_binary_data_named_txt(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(data)
    exc = raised(DocumentError, path)
    assert_actionable(exc, path, "looks like binary data, not text", "export the document")


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 101, encoding="utf-8")
    exc = raised(DocumentError, path, max_bytes=100)
    assert_actionable(exc, path, "101 bytes", "limit of 100 bytes", "REVIEW_ASSISTANT_MAX_FILE_MB")
    assert load_document(path, max_bytes=101).text == "x" * 101


def test_size_limit_message_in_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "large.txt"
    path.write_bytes(b"a" * (_MB + _MB // 5))
    exc = raised(DocumentError, path, max_bytes=_MB)
    assert_actionable(exc, path, "(1.2 MB)", "limit of 1,048,576 bytes (1.0 MB)")


def test_invalid_utf16_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Escalation".encode("utf-16-le") + b"\x00\xd8")
    exc = raised(DocumentError, path)
    assert_actionable(exc, path, "not UTF-16 text", "re-save it as UTF-8")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    missing = tmp_path / "gone.pdf"
    assert_actionable(raised(DocumentError, missing), missing, "does not exist", "check")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert_actionable(raised(DocumentError, folder), folder, "is a folder")


# -- fictional fixtures --------------------------------------------------------------------

EXPECTED = expected_structure()
FIXTURES = sorted(k for k in EXPECTED if not k.startswith("_"))


def test_fixtures_are_kept_out_of_the_corpus() -> None:
    assert len(FIXTURES) >= 3
    for path in (p for p in CORPUS_DIR.rglob("*") if p.is_file()):
        assert "FICTIONAL" not in path.read_text(encoding="utf-8", errors="replace")
        assert path.stem not in {Path(name).stem for name in FIXTURES}


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_builds_loads_and_holds_its_phrases(tmp_path: Path, name: str) -> None:
    expected = EXPECTED[name]
    path = build_fixture(name, tmp_path)
    assert path.name == expected["built_file"]
    doc = load_document(path)
    assert doc.kind == expected["kind"]
    assert doc.text.lstrip().startswith(expected["fictional_marker"])
    flat = squash(doc.text)
    for review in expected["reviews"]:
        assert review in flat
    for phrase in expected["phrases_in_single_point"]:
        assert flat.count(phrase) == 1, phrase
    for phrase, page in expected.get("phrase_pages", {}).items():
        assert doc.page_at(_squashed_offset(doc.text, phrase)) == page
    if "pages" in expected:
        assert len(doc.pages) == expected["pages"]
    if "headings" in expected:
        found = [{"level": h.level, "text": doc.text[h.start : h.end]} for h in doc.headings]
        assert found == expected["headings"]
    sections = expected["sections"]
    assert sum(s["learning_points"] for s in sections) == expected["total_learning_points"]
    assert all(s["name"] in flat for s in sections)


def _squashed_offset(text: str, phrase: str) -> int:
    pattern = r"\s+".join(re.escape(word) for word in phrase.split())
    match = re.search(pattern, text)
    assert match, phrase
    return match.start()


def _count_blocks(lines: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    in_paragraph = False
    for line in lines:
        if not line.strip():
            in_paragraph = False
            continue
        if re.match(r"(\* |- |• |\d+\. )", line):
            kind = "item"
        elif "\t" in line:
            kind = "table_row"
        elif in_paragraph:
            continue
        else:
            kind = "paragraph"
            in_paragraph = True
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def test_markdown_fixture_counts_match_expected() -> None:
    name = "seven-minute-briefing-baby-k.md"
    text = (FICTIONAL_DIR / name).read_text(encoding="utf-8")
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    by_heading = dict(zip(parts[1::2], parts[2::2], strict=True))
    for section in EXPECTED[name]["sections"]:
        body = by_heading[section["heading"]]
        assert _count_blocks(body.splitlines()) == section["kinds"]
        for line in body.splitlines():
            assert len(line) < 900


def test_docx_fixture_counts_match_expected(tmp_path: Path) -> None:
    name = "learning-review-siblings-a-b.json"
    doc = load_document(build_fixture(name, tmp_path))
    bounds = [*doc.headings[1:], None]
    for heading, following in zip(doc.headings[1:], bounds[1:], strict=True):
        body = doc.text[heading.end : following.start if following else len(doc.text)]
        section = next(
            s
            for s in EXPECTED[name]["sections"]
            if s["name"] == doc.text[heading.start : heading.end]
        )
        counts = _count_blocks(body.splitlines())
        if section.get("header_rows"):
            counts["table_row"] -= section["header_rows"]
        assert counts == section["kinds"]
    for block in fixture_spec(Path(name).stem)["blocks"]:
        for value in block.values():
            assert len(str(value)) < 900


def test_pdf_fixture_counts_match_expected() -> None:
    name = "lcspr-child-m-recommendations.json"
    lines = [line for page in fixture_spec(Path(name).stem)["pages"] for line in page]
    sections = {s["name"]: s for s in EXPECTED[name]["sections"]}
    numbered = [int(m.group(1)) for line in lines if (m := re.match(r"(\d+)\. ", line))]
    assert numbered == list(range(1, sections["Recommendations"]["learning_points"] + 1))
    bullets = [line for line in lines if line.startswith("• Learning point: ")]
    assert len(bullets) == sections["Learning points for practitioners"]["learning_points"]
    assert all(len(line) < 900 for line in lines)
