"""Build REAL PDF and DOCX files for tests (no mocks), and chunks and in-memory indexes.

PDFs are drawn with fpdf2 using DejaVu Sans (so · – ’ “ ” é • survive); if that font is
missing, fpdf2's core Helvetica with Windows-1252 encoding is used instead. Each source line
is drawn as its own PDF line. Lines wider than the page wrap, and pypdf then returns the
wrapped parts as separate lines - as with real PDFs, so a long bullet comes back split
across several lines. Blank lines become vertical space, which pypdf drops: extracted text
has no blank lines unless ``keep_blank_lines=True`` (which draws a single space there, so
the blank line comes back as a line holding one space).

DOCX files are written with python-docx from simple JSON-friendly blocks (see
:func:`make_docx`). The fictional fixtures in ``tests/fixtures/fictional`` are built into
real files by :func:`build_fixture`.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from fpdf import FPDF

from core.config import Settings
from core.models import Chunk
from core.protocols import ChatModel, Embedder
from ingest.chunk import chunk_id_for, embed_text_for
from ingest.embed_cache import CACHE_NAME, EmbeddingCache
from ingest.index import Index
from ingest.memory_store import InMemoryStore

if TYPE_CHECKING:
    from assistant.service import Assistant

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO_ROOT / "tests" / "fixtures" / "seed-corpus"  # the pinned seeds
FICTIONAL_DIR = Path(__file__).resolve().parent / "fixtures" / "fictional"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

Block = Mapping[str, Any]


def seed_text(doc_id: str) -> str:
    """The text of the seed brief ``<doc_id>.txt`` (pinned copy of ``corpus/``)."""
    return (CORPUS_DIR / f"{doc_id}.txt").read_text(encoding="utf-8")


def seed_ids() -> list[str]:
    """The doc ids of every seed brief (pinned copy of ``corpus/``)."""
    return sorted(p.stem for p in CORPUS_DIR.glob("*.txt"))


class _PDF(FPDF):
    def __init__(self, footer: str | None, unicode_font: bool) -> None:
        super().__init__(format="A4")
        self._footer_text = footer
        self._unicode_font = unicode_font

    def footer(self) -> None:
        if self._footer_text is None:
            return
        self.set_y(-15)
        text = self._footer_text.replace("{page}", str(self.page_no())).replace("{pages}", "{nb}")
        self.cell(0, 8, self.safe(text), align="C")

    def safe(self, text: str) -> str:
        if self._unicode_font:
            return text
        return text.encode("cp1252", "replace").decode("cp1252")


def _new_pdf(font_size: float, footer: str | None, font_path: Path | None) -> _PDF:
    font = DEJAVU if font_path is None else font_path
    unicode_font = font.is_file()
    pdf = _PDF(footer, unicode_font)
    if unicode_font:
        pdf.add_font("Body", fname=str(font))
        pdf.set_font("Body", size=font_size)
    else:
        pdf.core_fonts_encoding = "windows-1252"
        pdf.set_font("Helvetica", size=font_size)
    pdf.set_auto_page_break(True, margin=20)
    return pdf


def make_pdf(
    path: Path,
    pages: Sequence[str],
    *,
    password: str | None = None,
    owner_password: str | None = None,
    font_size: float = 10,
    footer: str | None = None,
    tab_as: Literal["table", "spaces"] = "table",
    keep_blank_lines: bool = False,
    font_path: Path | None = None,
) -> Path:
    """Write a text PDF with one page per item of ``pages`` (long pages flow onto more).

    ``footer`` is drawn at the foot of every page; ``{page}`` and ``{pages}`` are replaced.
    Tab-separated lines are drawn as table rows (``tab_as="table"``: pypdf then returns each
    cell's text starting on a new line, the tab lost) or with four spaces for each tab.
    Passing ``password`` and/or ``owner_password`` encrypts the file (RC4-128, which pypdf
    opens without the ``cryptography`` package); ``password=""`` with an owner password
    gives a PDF that opens without a password, as many "protected" PDFs do.
    ``font_path`` overrides the DejaVu font (a missing path forces the core-font fallback).
    """
    pdf = _new_pdf(font_size, footer, font_path)
    pdf.alias_nb_pages()
    line_h = font_size * 0.5
    for page_text in pages:
        pdf.add_page()
        lines = page_text.split("\n")
        i = 0
        while i < len(lines):
            line = lines[i]
            if "\t" in line and tab_as == "table":
                rows: list[list[str]] = []
                while i < len(lines) and "\t" in lines[i]:
                    rows.append([pdf.safe(c) for c in lines[i].split("\t")])
                    i += 1
                _draw_table(pdf, rows)
                continue
            text = pdf.safe(line.replace("\t", "    "))
            if not text.strip() and not keep_blank_lines:
                pdf.ln(line_h)
            else:
                pdf.multi_cell(0, line_h, text or " ", align="L", new_x="LMARGIN", new_y="NEXT")
            i += 1
    data = bytes(pdf.output())
    if password is not None or owner_password is not None:
        data = _encrypt(data, password or "", owner_password)
    path.write_bytes(data)
    return path


def _draw_table(pdf: FPDF, rows: list[list[str]]) -> None:
    width = max(len(r) for r in rows)
    if width == 2:
        col_widths: tuple[float, ...] = (30, 70)
    else:
        col_widths = tuple(1.0 for _ in range(width))
    with pdf.table(col_widths=col_widths, text_align="LEFT", first_row_as_headings=False) as t:
        for cells in rows:
            row = t.row()
            for cell in cells + [""] * (width - len(cells)):
                row.cell(cell)


def _encrypt(data: bytes, user_password: str, owner_password: str | None) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_encrypted_pdf(
    path: Path, user_password: str, *, pages: Sequence[str] | None = None
) -> Path:
    """Write a PDF that needs ``user_password`` to open (owner password differs)."""
    body = pages if pages is not None else ["FICTIONAL TEST FIXTURE – protected learning brief."]
    return make_pdf(path, body, password=user_password, owner_password=user_password + "-owner")


def make_image_only_pdf(path: Path, *, pages: int = 2) -> Path:
    """Write a PDF of drawn shapes only - like a scanned brief, it holds no text at all."""
    pdf = FPDF(format="A4")
    for n in range(pages):
        pdf.add_page()
        pdf.set_fill_color(200, 200, 200)
        pdf.rect(20, 20, 170, 30, style="F")
        for row in range(12):
            pdf.line(20, 70 + row * 12, 190 - (row + n) % 4 * 20, 70 + row * 12)
        pdf.ellipse(80, 230, 50, 30, style="D")
    path.write_bytes(bytes(pdf.output()))
    return path


def make_docx(path: Path, blocks: Sequence[Block]) -> Path:
    """Write a Word file from ``blocks``, in order. Each block is a mapping with one key:

    * ``{"heading": text, "level": n}`` - ``Heading n`` style; level 0 uses ``Title``
    * ``{"paragraph": text}`` - ``Normal`` style (``"style"`` may name another)
    * ``{"bullet": text}`` / ``{"number": text}`` - ``List Bullet`` / ``List Number``
    * ``{"table": [[cell, ...], ...]}`` - a table (``"style"`` defaults to ``Table Grid``)
    """
    import docx

    document = docx.Document()
    for block in blocks:
        if "heading" in block:
            document.add_heading(str(block["heading"]), level=int(block.get("level", 1)))
        elif "paragraph" in block:
            document.add_paragraph(str(block["paragraph"]), style=block.get("style"))
        elif "bullet" in block:
            document.add_paragraph(str(block["bullet"]), style="List Bullet")
        elif "number" in block:
            document.add_paragraph(str(block["number"]), style="List Number")
        elif "table" in block:
            rows: list[list[str]] = [[str(c) for c in r] for r in block["table"]]
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            table.style = block.get("style", "Table Grid")
            for r, cells in enumerate(rows):
                for c, value in enumerate(cells):
                    table.cell(r, c).text = value
        else:
            raise ValueError(f"unknown docx block: {dict(block)!r}")
    document.save(str(path))
    return path


def fixture_spec(name: str) -> dict[str, Any]:
    """The parsed JSON source of a fictional fixture (e.g. ``lcspr-child-m-recommendations``)."""
    data: dict[str, Any] = json.loads((FICTIONAL_DIR / f"{name}.json").read_text("utf-8"))
    return data


def expected_structure() -> dict[str, Any]:
    """``tests/fixtures/fictional/expected.json``: what a parser should find in each fixture."""
    data: dict[str, Any] = json.loads((FICTIONAL_DIR / "expected.json").read_text("utf-8"))
    return data


def build_fixture(name: str, directory: Path) -> Path:
    """Materialise the fictional fixture ``name`` (a file name in ``FICTIONAL_DIR`` and a key of
    expected.json) in ``directory``.

    Markdown/text fixtures are copied; ``*.json`` sources become a real PDF or DOCX whose
    file name is the source's ``"file"`` entry.
    """
    source = FICTIONAL_DIR / name
    if source.suffix in (".md", ".txt"):
        target = directory / source.name
        target.write_bytes(source.read_bytes())
        return target
    spec = fixture_spec(source.stem)
    target = directory / str(spec["file"])
    if spec["format"] == "pdf":
        return make_pdf(
            target, ["\n".join(lines) for lines in spec["pages"]], footer=spec.get("footer")
        )
    if spec["format"] == "docx":
        return make_docx(target, spec["blocks"])
    raise ValueError(f"unknown fixture format {spec['format']!r} in {name}")


# -- chunks and indexes ------------------------------------------------------------------------
def make_chunk(
    doc_id: str,
    ordinal: int,
    text: str,
    *,
    review: str = "Review A",
    section: str = "Key learning",
    themes: tuple[str, ...] = (),
    doc_hash: str = "h1",
    page: int | None = None,
    source_text: str | None = None,
) -> Chunk:
    """A chunk as the chunk stage makes it (its id a hash of its content)."""
    return Chunk(
        chunk_id=chunk_id_for(doc_id, doc_hash, ordinal, text),
        doc_id=doc_id,
        doc_title=f"Title of {doc_id}",
        review=review,
        section=section,
        learning_point=f"Key learning {ordinal}",
        start=ordinal * 100,
        end=ordinal * 100 + len(text),
        source_text=source_text if source_text is not None else text,
        text=text,
        embed_text=embed_text_for(review, section, text),
        doc_hash=doc_hash,
        ordinal=ordinal,
        page=page,
        themes=themes,
    )


def text_chunk(text: str, **fields: Any) -> Chunk:
    """A hand-made chunk whose source, text and embedded text are all ``text`` (``start`` 0,
    ``end`` its length); ``fields`` set any other field (ids, title, review, labels, ordinal)."""
    chunk = Chunk(
        chunk_id="c1",
        doc_id="d",
        doc_title="D",
        review="Review R",
        section="Key learning",
        learning_point="Key learning 1",
        start=0,
        end=len(text),
        source_text=text,
        text=text,
        embed_text=text,
        doc_hash="h",
        ordinal=0,
    )
    return replace(chunk, **fields)


def sample_chunks() -> list[Chunk]:
    """Five chunks of two documents and three reviews, some with themes."""
    return [
        make_chunk(
            "doc-a",
            1,
            "Escalate disagreements between agencies to line managers.",
            themes=("escalation",),
        ),
        make_chunk(
            "doc-a",
            2,
            "Fathers and other men in the household must be assessed.",
            themes=("fathers",),
            page=3,
            source_text="· Fathers and other men in the household must be assessed.",
        ),
        make_chunk(
            "doc-a",
            3,
            "Share information with adult mental health services.",
            review="Review B",
            themes=("information-sharing", "escalation"),
        ),
        make_chunk(
            "doc-b",
            1,
            "Bruising in a non-mobile baby needs a paediatric assessment.",
            review="Review C",
            section="Recommendations",
            themes=("non-mobile-baby",),
        ),
        make_chunk(
            "doc-b",
            2,
            "Written agreements with parents must not be over relied upon.",
            review="Review C",
            section="Recommendations",
        ),
    ]


def many_chunks() -> list[Chunk]:
    """60 chunks of six documents, three reviews and three overlapping themes."""
    themes = ("escalation", "fathers", "neglect")
    words = [
        "agency",
        "father",
        "baby",
        "bruise",
        "neglect",
        "school",
        "health",
        "police",
        "housing",
        "escalation",
    ]
    return [
        make_chunk(
            f"doc-{d}",
            i,
            f"Point {d}-{i}: "
            + " ".join(words[(d * 7 + i * 3 + j) % len(words)] for j in range(6)),
            review=f"Review {d % 3}",
            themes=tuple(t for n, t in enumerate(themes) if (d + i + n) % 3 == 0),
        )
        for d in range(6)
        for i in range(10)
    ]


def memory_index(embedder: Embedder, *, embed_cache: EmbeddingCache | None = None) -> Index:
    """An :class:`Index` over a fresh :class:`InMemoryStore` (nothing on disk but what
    ``embed_cache`` holds): the index for tests of everything that is not Chroma."""
    model = f"test:{type(embedder).__qualname__}"  # a double's vectors never mix with a model's
    return Index(InMemoryStore(), embedder, embed_cache=embed_cache, cache_model=model)


def memory_assistant(
    settings: Settings, embedder: Embedder, *, chat_model: ChatModel | None = None
) -> Assistant:
    """:meth:`Assistant.open` over :func:`memory_index` instead of the configured Chroma
    index, with the embedding cache in the index folder."""
    from assistant.service import Assistant

    cache = EmbeddingCache(Path(settings.index_dir) / CACHE_NAME)
    index = memory_index(embedder, embed_cache=cache)
    return Assistant.open(settings, chat_model=chat_model, index=index)


def chunk_ids_by_doc(assistant: Assistant) -> dict[str, set[str]]:
    """The stored chunk ids of each document."""
    ids: dict[str, set[str]] = {}
    for chunk in assistant.index.store.all_chunks():
        ids.setdefault(chunk.doc_id, set()).add(chunk.chunk_id)
    return ids


def assert_consistent(assistant: Assistant) -> None:
    """Store count == sum of registry counts, ids unique, every chunk belongs to the
    registered version of its document, and BM25 covers exactly the stored chunks."""
    store = assistant.index.store
    registry = store.documents()
    chunks = store.all_chunks()
    ids = [c.chunk_id for c in chunks]
    assert len(ids) == len(set(ids)), "duplicate chunk ids"
    assert store.count() == len(ids) == sum(int(r["chunks"]) for r in registry.values())
    for chunk in chunks:
        assert chunk.doc_id in registry, f"orphan chunk {chunk.chunk_id}"
        assert chunk.doc_hash == registry[chunk.doc_id]["doc_hash"], f"stale {chunk.chunk_id}"
    snapshot, bm25 = assistant.index.snapshot()
    assert len(snapshot) == len(bm25.chunks) == store.count()
    assert {c.chunk_id for c in bm25.chunks} == set(ids)


def fresh_python(code: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter at the repository root (what a cold start of
    the CLI or of a script imports, with nothing this test process loaded)."""
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout
    )


def server_mode_settings(
    server: tuple[str, int], tmp_path: Path, corpus_dir: Path, index_dir: Path
) -> Settings:
    """Settings that open the index on a ``chroma run`` server (``server`` is the
    ``chroma_server`` fixture's ``(host, port)``), with the feedback database in ``tmp_path``."""
    host, port = server
    return Settings(
        index_dir=index_dir,
        corpus_dir=corpus_dir,
        feedback_db=tmp_path / "feedback.sqlite3",
        chroma_host=host,
        chroma_port=port,
    )
