"""Bad input, end to end: every file is made here, ingested next to the seed corpus, and must
either ingest correctly or fail with a clear reason that says what to do - while every other
document keeps exactly its chunks and the index stays consistent (store, registry and BM25).
"""

from __future__ import annotations

import codecs
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.service import Assistant
from core.config import Settings
from core.errors import QuestionError
from core.models import FileOutcome, Filters, IngestReport
from tests.builders import (
    assert_consistent,
    chunk_ids_by_doc,
    make_docx,
    make_encrypted_pdf,
    make_image_only_pdf,
    make_pdf,
    memory_assistant,
    seed_text,
)
from tests.fakes import HashEmbedder

BRIEF = (
    "Learning brief: Child Q – café review\n"
    "\n"
    "Key learning\n"
    "\n"
    "• Practitioners must listen to what the child says and record it in the child’s words.\n"
    "• Escalate concerns when agencies disagree about thresholds for intervention.\n"
    "• Consider the impact of parental mental health on the care of the baby.\n"
)
SEED_DOC = "family-t-learning-from-scrs-2021"


# -- helpers -------------------------------------------------------------------------------
def outcome(report: IngestReport, name: str) -> FileOutcome:
    found = [o for o in report.outcomes if o.path.name == name]
    assert len(found) == 1, f"{name}: {report.outcomes}"
    return found[0]


def assert_reason(result: FileOutcome, *phrases: str) -> None:
    for phrase in phrases:
        assert phrase.lower() in result.reason.lower(), f"{phrase!r} not in {result.reason!r}"


def assert_others_untouched(
    assistant: Assistant, before: dict[str, set[str]], report: IngestReport, *, but: str = ""
) -> None:
    after = chunk_ids_by_doc(assistant)
    for doc_id, ids in before.items():
        if doc_id != but:
            assert after.get(doc_id) == ids, f"{doc_id} changed"
    for result in report.outcomes:
        if result.doc_id in before and result.doc_id != but:
            assert result.status == "unchanged", result


# -- fixtures ------------------------------------------------------------------------------
@pytest.fixture
def embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def assistant(settings: Settings, embedder: HashEmbedder) -> Assistant:
    opened = memory_assistant(settings, embedder)
    report = opened.ingest()
    assert report.ok and report.count("added") == 5, report.outcomes
    return opened


@pytest.fixture
def before(assistant: Assistant) -> dict[str, set[str]]:
    ids = chunk_ids_by_doc(assistant)
    assert len(ids) == 5
    return ids


# -- files that must fail with a clear, actionable reason ---------------------------------
def _file(name: str, data: bytes | str) -> Callable[[Path], Path]:
    """A builder that writes ``data`` (text as UTF-8) as ``name`` in the folder it is given."""

    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    return build


def _truncated_pdf(folder: Path) -> Path:
    whole = make_pdf(folder / "whole.tmp", [BRIEF]).read_bytes()
    (folder / "whole.tmp").unlink()
    path = folder / "truncated.pdf"
    path.write_bytes(whole[: len(whole) * 6 // 10])
    return path


def _encrypted_pdf(folder: Path) -> Path:
    return make_encrypted_pdf(folder / "protected.pdf", "s3cret", pages=[BRIEF])


def _image_only_pdf(folder: Path) -> Path:
    return make_image_only_pdf(folder / "scanned-brief.pdf")


_corrupt_pdf = _file("corrupt.pdf", b"%PDF-1.7\n" + random.Random(1).randbytes(5000) + b"\n%%EOF\n")
_not_a_pdf = _file("renamed-notes.pdf", "These are notes saved with the wrong extension.\n" * 20)
_zero_bytes = _file("empty.txt", b"")
_whitespace_only = _file("blank.md", "   \n\n\t\n   \n")
_binary_txt = _file("photo.txt", random.Random(7).randbytes(8192))
_nul_bytes_md = _file("export.md", BRIEF.encode("utf-8").replace(b" ", b"\x00"))
# UTF-8 with one stray Latin-1 byte: reading it all as Latin-1 would garble the rest.
_mixed_encodings_txt = _file("mixed-brief.txt", BRIEF.encode("utf-8") + b"\n- caf\xe9 point\n")
_fake_docx = _file("minutes.docx", "Not a Word document at all, just text.")
_headings_only = _file(
    "headings-only.md",
    "# Learning brief\n\n## Key learning\n\n## Recommendations\n\n## Reflective questions\n",
)
_unsupported = _file("brief.rtf", r"{\rtf1\ansi Key learning: listen to the child.}")
_reserved_name = _file("__generation__.txt", BRIEF)


FAILURES: list[tuple[str, Callable[[Path], Path], tuple[str, ...]]] = [
    ("corrupt-pdf", _corrupt_pdf, ("damaged", "re-export")),
    ("truncated-pdf", _truncated_pdf, ("truncated", "re-export")),
    ("not-a-pdf", _not_a_pdf, ("not a PDF file", "re-export")),
    ("encrypted-pdf", _encrypted_pdf, ("password-protected", "save an unprotected copy")),
    ("image-only-pdf", _image_only_pdf, ("no extractable text", "OCR is not supported", "ingest")),
    ("zero-bytes", _zero_bytes, ("empty (0 bytes)", "check it was saved")),
    ("whitespace-only", _whitespace_only, ("no text", "add the review's text")),
    ("binary-as-txt", _binary_txt, ("binary", "export the document as")),
    ("nul-bytes-md", _nul_bytes_md, ("binary", "export the document as")),
    ("mixed-encodings", _mixed_encodings_txt, ("not UTF-8", "re-save it as UTF-8")),
    ("fake-docx", _fake_docx, ("not a valid Word .docx", "save as .docx")),
    ("headings-only", _headings_only, ("no learning points", "not only headings")),
    ("unsupported-ext", _unsupported, ("not supported", "save the brief as one of")),
    ("reserved-doc-id", _reserved_name, ("cannot be used as a document id", "rename the file")),
]


@pytest.mark.parametrize(("build", "phrases"), [pytest.param(b, p, id=i) for i, b, p in FAILURES])
def test_bad_file_fails_clearly_and_touches_nothing_else(
    assistant: Assistant,
    settings: Settings,
    before: dict[str, set[str]],
    build: Callable[[Path], Path],
    phrases: tuple[str, ...],
) -> None:
    path = build(settings.corpus_dir)
    report = assistant.ingest()
    result = outcome(report, path.name)
    assert result.status == "failed"
    assert result.path.name == path.name and result.doc_id == path.stem
    assert_reason(result, *phrases)
    assert not report.ok and len(report.failed) == 1
    assert path.stem not in assistant.documents()
    assert_others_untouched(assistant, before, report)
    assert chunk_ids_by_doc(assistant) == before
    assert_consistent(assistant)


def test_file_over_the_size_limit(
    assistant: Assistant, settings: Settings, before: dict[str, set[str]]
) -> None:
    small = Settings(**{**settings.model_dump(), "max_file_mb": 0.03})  # 30 KB > every seed
    limited = Assistant(small, assistant.index)
    path = settings.corpus_dir / "huge.txt"
    path.write_text(
        BRIEF + "\n".join(f"- Point {i} about neglect." for i in range(2000)), encoding="utf-8"
    )
    report = limited.ingest()
    result = outcome(report, "huge.txt")
    assert result.status == "failed"
    assert_reason(
        result, "larger than the limit", "split the document", "REVIEW_ASSISTANT_MAX_FILE_MB"
    )
    assert_others_untouched(assistant, before, report)
    assert_consistent(assistant)


def test_missing_path(
    assistant: Assistant, settings: Settings, before: dict[str, set[str]]
) -> None:
    missing = settings.corpus_dir / "no-such-brief.pdf"
    report = assistant.ingest([settings.corpus_dir, missing])
    result = outcome(report, "no-such-brief.pdf")
    assert result.status == "failed"
    assert_reason(result, "does not exist", "check the path")
    assert_others_untouched(assistant, before, report)
    assert_consistent(assistant)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(
    assistant: Assistant, settings: Settings, before: dict[str, set[str]]
) -> None:
    path = settings.corpus_dir / "locked.txt"
    path.write_text(BRIEF, encoding="utf-8")
    path.chmod(0)
    try:
        report = assistant.ingest()
    finally:
        path.chmod(0o644)
    result = outcome(report, "locked.txt")
    assert result.status == "failed"
    assert_reason(result, "cannot be read", "permission")
    assert_others_untouched(assistant, before, report)
    assert_consistent(assistant)


def test_broken_manifest_fails_new_files_naming_the_manifest(
    assistant: Assistant, settings: Settings, before: dict[str, set[str]]
) -> None:
    (settings.corpus_dir / "manifest.json").write_text("{not json", encoding="utf-8")
    (settings.corpus_dir / "new-brief.txt").write_text(BRIEF, encoding="utf-8")
    report = assistant.ingest()
    result = outcome(report, "new-brief.txt")
    assert result.status == "failed"
    assert_reason(result, "manifest.json", "fix or remove it")
    assert_others_untouched(assistant, before, report)
    assert_consistent(assistant)


# -- files that must ingest ------------------------------------------------------------------
def _assert_added(assistant: Assistant, report: IngestReport, path: Path) -> list[str]:
    result = outcome(report, path.name)
    assert result.status == "added", result
    assert result.doc_id == path.stem and result.learning_points > 0
    texts = [c.text for c in assistant.chunks() if c.doc_id == path.stem]
    assert len(texts) == result.learning_points
    return texts


def test_pdf_with_empty_user_password_ingests(
    assistant: Assistant, settings: Settings, before: dict[str, set[str]]
) -> None:
    path = make_pdf(
        settings.corpus_dir / "owner-locked.pdf", [BRIEF], password="", owner_password="owner-only"
    )
    report = assistant.ingest()
    texts = _assert_added(assistant, report, path)
    assert any("listen to what the child says" in t for t in texts)
    assert report.ok
    assert_others_untouched(assistant, before, report)
    assert_consistent(assistant)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_text_with_a_bom_ingests_correctly(
    assistant: Assistant, settings: Settings, before: dict[str, set[str]], codec: str
) -> None:
    path = settings.corpus_dir / f"bom-{codec}.txt"
    data = BRIEF.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    path.write_bytes(data)
    report = assistant.ingest()
    texts = _assert_added(assistant, report, path)
    joined = "\n".join(texts)
    assert "in the child’s words" in joined
    assert "\ufeff" not in joined and "\x00" not in joined
    assert assistant.documents()[path.stem]["title"] == "Learning brief: Child Q – café review"
    assert_others_untouched(assistant, before, report)
    assert_consistent(assistant)


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_single_byte_western_text_ingests_and_is_found(
    assistant: Assistant, settings: Settings, before: dict[str, set[str]], codec: str
) -> None:
    path = settings.corpus_dir / f"western-{codec}.txt"
    text = BRIEF if codec == "cp1252" else BRIEF.replace("–", "-").replace("’", "'")
    path.write_bytes(text.replace("•", "-").encode(codec))
    report = assistant.ingest()
    texts = _assert_added(assistant, report, path)
    assert any("café" in t or "child" in t for t in texts)
    answer = assistant.ask("listening to the child's words", filters=Filters(doc=path.stem))
    assert answer.citations and answer.citations[0].chunk.doc_id == path.stem
    assert_others_untouched(assistant, before, report)


@pytest.mark.parametrize(
    "name",
    [
        "Revisión de caso – niño 7 (versión final).txt",
        "learning brief with   spaces.md",
        "..weird..name.txt",
        "weird..name..v2.txt",
        "日本語の学習ブリーフ.txt",
        "brief ' quote & amp; semi.txt",
    ],
)
def test_unusual_file_names_ingest_with_the_stem_as_id(
    assistant: Assistant,
    settings: Settings,
    before: dict[str, set[str]],
    tmp_path: Path,
    name: str,
) -> None:
    # Given directly as a file (a folder scan skips hidden files such as "..weird..name.txt").
    folder = tmp_path / "uploads"
    folder.mkdir()
    path = folder / name
    path.write_text(BRIEF.replace("Child Q", f"Child {len(name)}"), encoding="utf-8")
    report = assistant.ingest([path])
    assert report.ok, report.outcomes
    _assert_added(assistant, report, path)
    assert assistant.documents()[path.stem]["source"] == str(path.resolve())
    answer = assistant.ask("listening to the child", filters=Filters(doc=path.stem))
    assert answer.citations and all(c.chunk.doc_id == path.stem for c in answer.citations)
    assert chunk_ids_by_doc(assistant).items() >= before.items()
    assert_consistent(assistant)


def test_extremely_long_single_line(
    assistant: Assistant, settings: Settings, before: dict[str, set[str]]
) -> None:
    sentence = "Practitioners should record concern number {} about neglect and escalate it. "
    line = "".join(sentence.format(i) for i in range(2700))
    assert len(line) > 200_000 and "\n" not in line
    path = settings.corpus_dir / "one-long-line.txt"
    path.write_text(line, encoding="utf-8")
    unbroken = settings.corpus_dir / "no-spaces.txt"
    unbroken.write_text("neglect" * 30_000, encoding="utf-8")
    report = assistant.ingest()
    for file in (path, unbroken):
        texts = _assert_added(assistant, report, file)
        assert all(0 < len(t) <= settings.max_chunk_chars for t in texts)
    chunks = [c for c in assistant.chunks() if c.doc_id == path.stem]
    assert "concern number 2699" in " ".join(c.text for c in chunks)
    assert all(len(c.embed_text) <= settings.max_chunk_chars + 200 for c in chunks)
    assert_others_untouched(assistant, before, report)
    assert_consistent(assistant)


def test_valid_docx_and_pdf_ingest(
    assistant: Assistant, settings: Settings, before: dict[str, set[str]]
) -> None:
    docx_path = make_docx(
        settings.corpus_dir / "child-r-brief.docx",
        [
            {"heading": "Learning brief: Child R", "level": 0},
            {"heading": "Key learning", "level": 1},
            {"bullet": "Listen to the voice of the child in every assessment."},
            {"bullet": "Share information between agencies promptly."},
        ],
    )
    pdf_path = make_pdf(settings.corpus_dir / "child-q-brief.pdf", [BRIEF])
    report = assistant.ingest()
    assert report.ok
    assert len(_assert_added(assistant, report, docx_path)) == 2
    assert _assert_added(assistant, report, pdf_path)
    assert_others_untouched(assistant, before, report)
    assert_consistent(assistant)


# -- the same document twice ---------------------------------------------------------------
def test_copy_of_an_indexed_document_is_a_duplicate(
    assistant: Assistant, settings: Settings, before: dict[str, set[str]]
) -> None:
    copy = settings.corpus_dir / "zz-copy of family t.txt"
    shutil.copyfile(settings.corpus_dir / f"{SEED_DOC}.txt", copy)
    report = assistant.ingest()
    result = outcome(report, copy.name)
    assert result.status == "duplicate"
    assert_reason(result, f"same content as '{SEED_DOC}'", "content hash", "remove one copy")
    assert report.ok  # a duplicate is not a failure
    assert copy.stem not in assistant.documents()
    assert_others_untouched(assistant, before, report)
    assert chunk_ids_by_doc(assistant) == before
    assert_consistent(assistant)


def test_two_new_copies_in_one_ingest_keep_one(
    assistant: Assistant, settings: Settings, before: dict[str, set[str]]
) -> None:
    first = settings.corpus_dir / "child-q-brief.txt"
    second = settings.corpus_dir / "sub" / "child-q-brief (1).txt"
    second.parent.mkdir()
    first.write_text(BRIEF, encoding="utf-8")
    second.write_text(BRIEF, encoding="utf-8")
    report = assistant.ingest()
    statuses = sorted(outcome(report, p.name).status for p in (first, second))
    assert statuses == ["added", "duplicate"]
    kept = next(p for p in (first, second) if outcome(report, p.name).status == "added")
    dropped = second if kept == first else first
    assert_reason(outcome(report, dropped.name), f"same content as '{kept.stem}'")
    ids = chunk_ids_by_doc(assistant)
    assert (
        dropped.stem not in ids
        and len(ids[kept.stem]) == outcome(report, kept.name).learning_points
    )
    texts = [c.text for c in assistant.chunks() if "listen to what the child says" in c.text]
    assert len(texts) == 1  # only one copy of its chunks
    assert_others_untouched(assistant, before, report)
    assert_consistent(assistant)


def test_same_stem_twice_fails_the_second(
    assistant: Assistant, settings: Settings, before: dict[str, set[str]]
) -> None:
    (settings.corpus_dir / "child-q.md").write_text(BRIEF, encoding="utf-8")
    (settings.corpus_dir / "child-q.txt").write_text(
        BRIEF.replace("café", "cafe"), encoding="utf-8"
    )
    report = assistant.ingest()
    assert outcome(report, "child-q.md").status == "added"
    result = outcome(report, "child-q.txt")
    assert result.status == "failed"
    assert_reason(result, "already has the document id 'child-q'", "rename one of them")
    assert_others_untouched(assistant, before, report)
    assert_consistent(assistant)


def test_a_file_named_twice_is_ingested_once(
    assistant: Assistant, settings: Settings, before: dict[str, set[str]]
) -> None:
    report = assistant.ingest([settings.corpus_dir, settings.corpus_dir / f"{SEED_DOC}.txt"])
    assert report.ok, report.outcomes
    assert [o.doc_id for o in report.outcomes].count(SEED_DOC) == 1
    assert_others_untouched(assistant, before, report)


# -- a failed re-ingest keeps the previous version ----------------------------------------
@pytest.mark.parametrize(
    ("damage", "phrases"),
    [
        (
            lambda p: p.write_bytes(
                seed_text(SEED_DOC).encode() + "\n- “UTF-8” and a caf".encode() + b"\xe9 point\n"
            ),
            ("not UTF-8", "re-save"),
        ),
        (lambda p: p.write_bytes(b""), ("empty",)),
        (lambda p: p.write_bytes(random.Random(3).randbytes(4000)), ("binary",)),
        (
            lambda p: p.write_text("# Only\n\n## Headings\n", encoding="utf-8"),
            ("no learning points",),
        ),
    ],
    ids=["mixed-encodings", "emptied", "binary", "headings-only"],
)
def test_failed_reingest_keeps_the_previous_version(
    assistant: Assistant,
    settings: Settings,
    before: dict[str, set[str]],
    damage: Callable[[Path], object],
    phrases: tuple[str, ...],
) -> None:
    record = dict(assistant.documents()[SEED_DOC])
    damage(settings.corpus_dir / f"{SEED_DOC}.txt")
    report = assistant.ingest()
    result = outcome(report, f"{SEED_DOC}.txt")
    assert result.status == "failed"
    assert_reason(result, *phrases, "previous version stays in the index")
    assert assistant.documents()[SEED_DOC] == record
    assert chunk_ids_by_doc(assistant) == before
    assert_others_untouched(assistant, before, report, but=SEED_DOC)
    assert assistant.retrieve("Family T", filters=Filters(doc=SEED_DOC))
    assert_consistent(assistant)


def test_embedding_failure_keeps_previous_version_and_other_files(
    assistant: Assistant,
    settings: Settings,
    before: dict[str, set[str]],
    embedder: HashEmbedder,
) -> None:
    """An embedder that breaks on one document: that file fails cleanly (no partial chunks),
    the others are still ingested."""
    real = embedder.embed_documents

    def flaky(texts: list[str]) -> list[list[float]]:
        if any("POISON" in t for t in texts):
            raise RuntimeError("model crashed")
        return real(texts)

    embedder.embed_documents = flaky  # type: ignore[method-assign]
    path = settings.corpus_dir / f"{SEED_DOC}.txt"
    path.write_text(path.read_text("utf-8") + "\n\n- POISON point added later.\n", "utf-8")
    (settings.corpus_dir / "child-q-brief.txt").write_text(BRIEF, encoding="utf-8")
    report = assistant.ingest()
    result = outcome(report, path.name)
    assert result.status == "failed"
    assert_reason(result, "model crashed", "previous version stays", "ingest again")
    assert outcome(report, "child-q-brief.txt").status == "added"
    assert chunk_ids_by_doc(assistant)[SEED_DOC] == before[SEED_DOC]
    assert_consistent(assistant)


# -- questions ---------------------------------------------------------------------------------
def test_question_of_ten_thousand_characters(assistant: Assistant) -> None:
    with pytest.raises(QuestionError) as info:
        assistant.ask(("neglect " * 1250)[:9_999] + "?")
    message = str(info.value)
    assert "10,000 characters" in message and "limit is 2,000" in message
    assert "shorten" in message


def test_control_characters_are_stripped_and_answered(assistant: Assistant) -> None:
    answer = assistant.ask(
        "What\x00 do reviews\x07 say about\u202e escalation\x1b[31m between agencies?\x7f"
    )
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in answer.question)
    assert "\u202e" not in answer.question
    assert "escalation" in answer.question
    assert not answer.abstained and answer.citations


@pytest.mark.parametrize("question", ["", "   ", "\n\t", "\x00\x01\x02", "?!"])
def test_empty_question(assistant: Assistant, question: str) -> None:
    with pytest.raises(QuestionError, match="empty"):
        assistant.ask(question)
