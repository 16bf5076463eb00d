"""Hostile names and text in CLI output and exports, the exit-code table, and an index that
fails mid-run (issue 13, items 7, 8 and 10)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.render import escape_markdown, to_markdown
from core.config import Settings
from core.models import Answer, Chunk, Citation, Claim, Notice
from tests.builders import text_chunk
from tests.fakes import HashEmbedder

MARKUP_BRIEF = """FICTIONAL TEST FIXTURE - not a real review

# [/cyan] Review [bold]Q[/bold]

## Key learning [link=http://x]

- Practitioners should listen to [red]the child[/red] and record what they say.
- Agencies should share *information* promptly when they are worried.
"""


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> HashEmbedder:
    """The CLI on the temp index and corpus, with the HashEmbedder for the model (the
    model-loading I/O edge is the only patch)."""
    import ingest.embed

    embedder = HashEmbedder()
    monkeypatch.setattr(ingest.embed, "load_embedder", lambda _settings: embedder)
    monkeypatch.setenv("REVIEW_ASSISTANT_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("REVIEW_ASSISTANT_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("REVIEW_ASSISTANT_FEEDBACK_DB", str(settings.feedback_db))
    monkeypatch.setenv("REVIEW_ASSISTANT_ABSTAIN_THRESHOLD", str(settings.abstain_threshold))
    return embedder


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_markup_in_names_and_headings_is_shown_as_written(
    cli_env: HashEmbedder, tmp_path: Path
) -> None:
    from ui.cli import app

    folder = _folder(tmp_path, {"[bold]name.txt": MARKUP_BRIEF})
    runner = CliRunner()

    result = runner.invoke(app, ["ingest", str(folder)])
    assert result.exit_code == 0, result.output
    assert "[bold]name" in squash(result.output)

    result = runner.invoke(app, ["corpus"])
    assert result.exit_code == 0, result.output
    output = squash(result.output)
    assert "[bold]name" in output
    assert "[/cyan] Review [bold]Q[/bold]" in output

    result = runner.invoke(app, ["ask", "how should practitioners listen to the child?"])
    assert result.exit_code == 0, result.output
    assert "[red]the child[/red]" in squash(result.output)


def test_a_duplicate_exits_1_as_the_readme_says(cli_env: HashEmbedder, tmp_path: Path) -> None:
    from ui.cli import app

    folder = _folder(tmp_path, {"brief.txt": MARKUP_BRIEF, "copy.txt": MARKUP_BRIEF})
    result = CliRunner().invoke(app, ["ingest", str(folder)])
    assert result.exit_code == 1, result.output
    assert "duplicate" in result.output and "remove one copy" in squash(result.output)
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "| **1** | at least one file failed or duplicates another document" in readme


def test_an_index_that_fails_mid_run_gives_the_report_and_exit_2(
    cli_env: HashEmbedder, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ingest.index import ChromaStore
    from ui.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    (settings.corpus_dir / "new-brief.txt").write_text(MARKUP_BRIEF, encoding="utf-8")

    def read_only(*_args: Any, **_kwargs: Any) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    # The store's writes are the I/O edge: the folder turned read-only after it was opened.
    for name in ("upsert", "delete", "set_document", "set_documents", "bump_generation"):
        monkeypatch.setattr(ChromaStore, name, read_only)

    result = runner.invoke(app, ["ingest"])

    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    output = squash(result.output)
    assert "new-brief" in output and "failed" in output  # the report
    assert "could not be written or read" in output and "writable" in output
    assert "ingest' again" in output


def _chunk(text: str) -> Chunk:
    return text_chunk(
        text,
        doc_title="Brief <b>T</b>",
        review="Review *R*",
        learning_point="Key learning [1](http://evil)",
    )


def test_markdown_export_escapes_question_answer_quotes_and_labels() -> None:
    quote = "See <script>alert(1)</script> and **bold** | table | # heading"
    answer = Answer(
        question="What about [link](http://x) and <img src=x>?",
        abstained=False,
        text="- Practitioners should *listen* [1].",
        claims=(Claim("Practitioners should *listen* [1].", (1,), 1.0, bullet=True),),
        citations=(Citation(marker=1, chunk=_chunk(quote), quote=quote, score=1.0),),
        notices=(Notice("info", "Removed “_x_”"),),
    )

    exported = to_markdown(answer)

    assert "<script>" not in exported and "&lt;script&gt;" in exported
    assert "\\*\\*bold\\*\\*" in exported and "\\| table \\|" in exported
    assert "\\[1\\](http://evil)" in exported
    assert "Review \\*R\\*" in exported and "&lt;b&gt;" in exported
    assert exported.splitlines()[2].startswith("- Practitioners should \\*listen\\*")
    assert escape_markdown("[link](x)") == "\\[link\\](x)"
    assert escape_markdown("1. first\n- second's.") == "1\\. first\n\\- second's."


def test_conversation_export_escapes_the_question() -> None:
    from datetime import datetime

    from ui.conversation import Exchange, conversation_markdown

    exchange = Exchange(question="# [click](http://x) <b>me</b>")
    exchange.error = "not *answered*"
    text = conversation_markdown([exchange], datetime(2026, 1, 1))
    assert "## 1. \\# \\[click\\](http://x) &lt;b&gt;me&lt;/b&gt;" in text
    assert "not \\*answered\\*" in text
