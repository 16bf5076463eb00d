"""The Streamlit chat UI, driven in-process with ``streamlit.testing.v1.AppTest`` (set-up in
``tests/ui/conftest.py``). The index starts empty: the app's first run ingests the corpus."""

from __future__ import annotations

import ast
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from assistant.library import safe_upload_name
from assistant.render import escape_markdown
from core.config import Settings
from ingest.index import open_index
from tests.conftest import CORPUS
from tests.ui.conftest import (
    APP,
    HOSTILE_BRIEF,
    ask,
    conversation,
    last_answer,
    start,
    switch_to,
    walk,
    widget,
)
from ui.conversation import conversation_markdown
from ui.format import answer_markdown, claims_markdown, highlight_passage, supporting_spans
from ui.launch import settings_env, streamlit_command

IN14 = "Serious Case Review IN14"


def switch_to_corpus(at: AppTest) -> AppTest:
    return switch_to(at, "corpus_page.py")


# -- the chat -------------------------------------------------------------------------------


def test_first_start_ingests_the_corpus(app_settings: Settings) -> None:
    at = start()
    chunks = open_index(app_settings).snapshot()[0]
    assert {c.doc_id for c in chunks} >= {p.stem for p in CORPUS.glob("*.txt")}
    assert not at.error
    assert at.chat_input(key="chat_input") is not None


def test_no_page_script_shows_its_own_strings(app_settings: Settings) -> None:
    """Streamlit's "magic" displays a bare string statement of a script run as a page (the
    entry script's note on its page table had been shown above every page)."""
    at = start()
    assert not [m.value for m in at.markdown if "page script" in m.value]
    for script in sorted(Path(APP).parent.glob("*.py")):
        body = ast.parse(script.read_text(encoding="utf-8")).body[1:]  # after the docstring
        strings = [
            node.lineno
            for node in body
            if isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ]
        assert not strings, f"{script.name}: bare strings at lines {strings}"


def test_question_gets_an_answer_with_citations(app_settings: Settings) -> None:
    at = ask(start(), "who must be involved in strategy discussions?")
    answer = last_answer(at)
    assert answer.citations and not answer.abstained
    body = [m.value for m in at.markdown if "**\\[1\\]**" in m.value]
    assert body, "the answer text shows its citation markers"
    labels = [e.label for e in at.expander if e.label.startswith("\\[")]
    assert len(labels) == len(answer.citations)
    first = answer.citations[0]
    assert labels[0] == escape_markdown(f"[1] {first.chunk.review} — {first.chunk.learning_point}")
    # Each citation expander names the review, learning point, document and has a download.
    expander = next(e for e in at.expander if e.label == labels[0])
    text = " ".join(m.value for m in expander.markdown)
    assert escape_markdown(first.chunk.doc_title) in text
    assert escape_markdown(first.chunk.learning_point) in text
    assert ":orange-background[" in text
    assert any(
        b.label.startswith("Download the source document") for b in expander.get("download_button")
    )
    assert any(e.label == "Check citations (for trainers)" for e in at.expander)


_SHOWN_SUPPORT = re.compile(r"support :(?:green|orange|red)\[\*\*(\d\.\d{3})\*\*\]")


def test_trainer_view_shows_the_validators_scores_as_ask_json(app_settings: Settings) -> None:
    """The trainer view prints each claim's own support score (the validator's), the same
    number ``ask --json`` prints; it does not recompute one."""
    from ui.cli import app

    question = "who must be involved in strategy discussions?"
    at = ask(start(), question)
    answer = last_answer(at)
    check = next(e for e in at.expander if e.label == "Check citations (for trainers)")
    shown = [m for e in walk(check) if (m := _SHOWN_SUPPORT.fullmatch(str(e.value or "")))]
    result = CliRunner().invoke(app, ["ask", question, "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)["claims"]
    assert printed and [m.group(1) for m in shown] == [f"{c['support']:.3f}" for c in printed]
    assert [c["text"] for c in printed] == [c.text for c in answer.claims]
    # Each claim is shown with the answer's own wording beside the passages it cites.
    claims = [str(e.value) for e in walk(check) if str(e.value or "").startswith("**Claim ")]
    assert len(claims) == len(answer.claims)
    # The answer body shows exactly the claims (what was checked), line by line.
    body = next(m.value for m in at.chat_message[1].markdown if "**\\[1\\]**" in m.value)
    assert body == claims_markdown(answer)


def test_follow_up_uses_the_conversation(app_settings: Settings) -> None:
    at = ask(start(), "what do reviews say about escalation?")
    ask(at, "and what about fathers?")
    turns = conversation(at)
    assert len(turns) == 2
    second = turns[1].answer
    assert second is not None
    assert second.retrieval_query != "and what about fathers?"
    assert "fathers" in second.retrieval_query
    assert len([m for m in at.chat_message if m.name == "user"]) == 2


def test_review_filter_narrows_the_sources(app_settings: Settings) -> None:
    at = start()
    at.sidebar.selectbox(key="filter_review").set_value(IN14).run()
    ask(at, "what should happen when professionals disagree?")
    answer = last_answer(at)
    assert answer.citations
    assert {c.chunk.review for c in answer.citations} == {IN14}
    assert conversation(at)[-1].filters.review == IN14
    # Theme and document filters are offered with labels, values are slugs / ids.
    theme_box = at.sidebar.selectbox(key="filter_theme")
    assert "escalation" in theme_box.options or "Escalation and professional disagreement" in (
        theme_box.options
    )
    at.sidebar.button(key="filter_clear").click().run()
    assert at.sidebar.selectbox(key="filter_review").value is None


def test_document_and_theme_filters(app_settings: Settings) -> None:
    at = start()
    at.sidebar.selectbox(key="filter_doc").set_value("scr-in14-learning-bulletin").run()
    at.sidebar.selectbox(key="filter_theme").set_value("escalation").run()
    ask(at, "how do we resolve a disagreement between agencies?")
    answer = last_answer(at)
    for citation in answer.citations:
        assert citation.chunk.doc_id == "scr-in14-learning-bulletin"
        assert "escalation" in citation.chunk.themes


def test_feedback_lands_in_sqlite(app_settings: Settings) -> None:
    at = ask(start(), "who must be involved in strategy discussions?")
    answer = last_answer(at)
    widget(at, "feedback", "fb_rating_").set_value(0)
    widget(at, "checkbox", "fb_wrong_").check()
    at.run()
    widget(at, "selectbox", "fb_marker_").set_value(2)
    widget(at, "text_area", "fb_comment_").input("Citation 2 is about a different topic")
    at.run()
    widget(at, "button", "fb_send_").click()
    at.run()
    assert not at.exception
    assert any("feedback was saved" in s.value for s in at.success)
    with sqlite3.connect(app_settings.feedback_db) as db:
        rows = db.execute(
            "SELECT question, answer, rating, wrong_citation, marker, comment FROM feedback"
        ).fetchall()
    assert rows == [
        (
            "who must be involved in strategy discussions?",
            answer.text,
            "down",
            1,
            2,
            "Citation 2 is about a different topic",
        )
    ]


def test_feedback_hidden_when_disabled(
    app_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEW_ASSISTANT_FEEDBACK_ENABLED", "false")
    at = ask(start(), "who must be involved in strategy discussions?")
    assert last_answer(at).citations
    assert not any(e.label == "Feedback on this answer" for e in at.expander)
    assert not [w for w in at.get("feedback")]
    assert not app_settings.feedback_db.exists()


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """File name -> bytes of every download button's data (at the media storage edge)."""
    stored: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def capture(
        self: Any, path_or_data: Any, mimetype: str, kind: Any, filename: str | None = None
    ) -> str:
        if filename and isinstance(path_or_data, bytes):
            stored[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", capture)
    return stored


def test_downloads_serve_the_copy_kept_at_ingest(
    app_settings: Settings, downloads: dict[str, bytes]
) -> None:
    """A source download is the copy kept (and hash-checked) at ingest, never the file the
    registry's path names now."""
    at = start()
    (Path(app_settings.corpus_dir) / "hostile-brief.txt").write_text("changed", encoding="utf-8")
    switch_to(at, "corpus_page.py")
    labels = [b.label for b in at.get("download_button")]
    assert "Download the source (hostile-brief.txt)" in labels, labels
    assert downloads["hostile-brief.txt"] == HOSTILE_BRIEF.encode("utf-8")


def test_export_contains_the_citations(app_settings: Settings, downloads: dict[str, bytes]) -> None:
    stored = downloads
    at = ask(start(), "who must be involved in strategy discussions?")
    ask(at, "what does the learning say about fathers?")
    button = at.sidebar.get("download_button")[0]
    assert button.label == "Export conversation (Markdown)"
    assert not button.proto.disabled
    exports = [
        v.decode("utf-8")
        for k, v in stored.items()
        if k.startswith("review-assistant-conversation")
    ]
    assert exports
    text = exports[-1]
    assert "Exported " in text
    assert "## 1. who must be involved in strategy discussions?" in text
    assert "## 2. what does the learning say about fathers?" in text
    for exchange in conversation(at):
        answer = exchange.answer
        assert answer is not None
        for citation in answer.citations:
            # Document text is escaped for Markdown in the export.
            source = f"[{citation.marker}] {citation.chunk.review} — "
            assert escape_markdown(source) in text
            assert escape_markdown(" ".join(citation.quote.split()))[:80] in text
    assert "supports, and never replaces" in text  # the disclaimer
    assert text == conversation_markdown(conversation(at), _exported_at(text))


def _exported_at(text: str) -> Any:
    from datetime import datetime

    line = next(line for line in text.splitlines() if line.startswith("Exported "))
    stamp = line.removeprefix("Exported ")
    parsed = datetime.strptime(stamp.rsplit(" ", 1)[0], "%d %B %Y, %H:%M")
    return parsed.astimezone()


def test_escalation_notice_is_shown_first(app_settings: Settings) -> None:
    at = ask(start(), "A child told me she is being hit at home right now, what do I do?")
    answer = last_answer(at)
    assert answer.notices[0].kind == "escalation"
    reply = [m for m in at.chat_message if m.name == "assistant"][-1]
    shown = [e for e in walk(reply) if getattr(e, "type", "") not in ("empty",)]
    assert shown[0].type == "alert" or type(shown[0]).__name__ == "Error", shown[0]
    assert "999" in shown[0].value
    kinds = [type(e).__name__ for e in shown]
    assert kinds.index("Error") < kinds.index("Markdown")
    assert any("never replaces" in c.value for c in reply.caption)  # disclaimer


def test_privacy_warning(app_settings: Settings) -> None:
    at = ask(start(), "My pupil Jayden, aged 4, has bruises - what does the learning say?")
    assert any("identify a child" in w.value for w in at.warning)


@pytest.mark.parametrize(
    ("question", "needle"),
    # An over-long question cannot be typed: the box holds at most the limit (see
    # test_question_box_shows_and_enforces_its_limit); the service still refuses one.
    [("   ", "empty")],
    ids=["empty"],
)
def test_question_errors_are_shown(app_settings: Settings, question: str, needle: str) -> None:
    at = ask(start(), question)
    assert conversation(at)[-1].answer is None
    assert any(needle in e.value for e in at.error), [e.value for e in at.error]


def test_passage_with_html_is_shown_as_text(
    app_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # This test is about rendering: reciprocal-rank fusion claims all three hostile passages
    # for this bag-of-words question (min-max fusion claims only the best-matching one).
    monkeypatch.setenv("REVIEW_ASSISTANT_FUSION", "rrf")
    at = start()
    at.sidebar.selectbox(key="filter_doc").set_value("hostile-brief").run()
    ask(at, "bruising protocol mark non-mobile baby lived experience home visit health visitor")
    answer = last_answer(at)
    assert {c.chunk.doc_id for c in answer.citations} == {"hostile-brief"}
    assert len(answer.citations) == 3
    markdown = [m for m in at.markdown]
    assert all(not m.proto.allow_html for m in markdown)
    assert not at.get("html")
    everything = "\n".join(m.value for m in markdown)
    # Markup that survived ingest is escaped into entities, never left as a tag (the typed
    # loaders strip tags from the text; the line-by-line reading kept a long one).
    passages = " ".join(c.chunk.text for c in answer.citations)
    if "<img" in passages:
        assert escape_markdown('<img src=x onerror="alert(1)" alt="a long') in everything
    assert "<img" not in everything and "<script" not in everything
    # The raw document text (tags intact) is shown as plain text in a code block.
    raw = "\n".join(c.value for c in at.code)
    assert "<script>alert(1)</script>" in raw
    assert "<img src=x onerror=alert(1)>" in raw
    for value in everything, *(e.label for e in at.expander):
        rendered = MarkdownIt("commonmark").render(value)
        assert "<img" not in rendered and "<script" not in rendered and "<a " not in rendered


# -- the corpus page ---------------------------------------------------------------------------


def test_corpus_page_lists_documents_reviews_and_points(app_settings: Settings) -> None:
    at = switch_to_corpus(start())
    labels = [e.label for e in at.expander]
    assert any(
        label.startswith(escape_markdown("Learning & Improvement Bulletin")) for label in labels
    )
    assert any(f"##### {escape_markdown(IN14)}" == m.value for m in at.markdown)
    assert at.file_uploader(key="corpus_upload").allowed_type == [".docx", ".md", ".pdf", ".txt"]


BRIEF = b"""Learning Brief: Baby Q

Key learning

- Practitioners must see the baby's sleeping arrangements at every visit.
- Health visitors should share concerns about unsafe sleep with the GP.
"""


def test_upload_is_saved_with_a_safe_name_and_ingested(app_settings: Settings) -> None:
    at = switch_to_corpus(start())
    at.file_uploader(key="corpus_upload").set_value(
        ("../../Baby Q brief é.txt", BRIEF, "text/plain")
    )
    at.run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    saved = app_settings.library_dir / "Baby-Q-brief-e.txt"
    assert saved.read_bytes() == BRIEF
    assert not (app_settings.corpus_dir / "Baby-Q-brief-e.txt").exists()  # bundled: read-only
    assert not (app_settings.library_dir.parent.parent / "Baby Q brief é.txt").exists()
    assert any("added" in s.value and "learning points" in s.value for s in at.success)
    chunks = open_index(app_settings).snapshot()[0]
    assert any(c.doc_id == "Baby-Q-brief-e" for c in chunks)
    # The listing shows the new brief at once (no reload), from the library, without a path.
    labels = [e.label for e in at.expander]
    assert any(label.startswith(escape_markdown("Learning Brief: Baby Q")) for label in labels)
    captions = " ".join(c.value for c in at.caption)
    assert escape_markdown("from: your library (uploaded)") in captions
    assert str(app_settings.library_dir) not in captions
    assert str(app_settings.corpus_dir) not in captions


def test_upload_under_a_seed_name_asks_and_keeps_both(app_settings: Settings) -> None:
    at = switch_to_corpus(start())
    at.file_uploader(key="corpus_upload").set_value(
        ("scr-in14-learning-bulletin.txt", BRIEF, "text/plain")
    )
    at.run()
    assert any("already in the bundled corpus" in i.value for i in at.info), at.info
    assert not [b for b in at.button if b.key == "upload_replace"]  # a seed is read-only
    at.button(key="upload_keep_both").click().run()
    assert not at.exception
    assert (app_settings.library_dir / "scr-in14-learning-bulletin-2.txt").read_bytes() == BRIEF
    seed = (app_settings.corpus_dir / "scr-in14-learning-bulletin.txt").read_bytes()
    assert seed == (CORPUS / "scr-in14-learning-bulletin.txt").read_bytes()
    assert any("added" in s.value for s in at.success), [s.value for s in at.success]


def test_upload_over_the_limit_is_rejected(
    app_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEW_ASSISTANT_UPLOAD_MAX_MB", "0.0001")
    at = switch_to_corpus(start())
    at.file_uploader(key="corpus_upload").set_value(("big.txt", BRIEF * 10, "text/plain"))
    at.run()
    assert any(
        e.value.startswith("big.txt was not added") and "limit" in e.value for e in at.error
    ), [e.value for e in at.error]
    assert not (app_settings.library_dir / "big.txt").exists()


def test_failed_upload_names_the_file_and_reason(app_settings: Settings) -> None:
    at = switch_to_corpus(start())
    at.file_uploader(key="corpus_upload").set_value(("empty.md", b"   \n", "text/markdown"))
    at.run()
    errors = [e.value for e in at.error]
    assert any(v.startswith(escape_markdown("empty.md was not added: ")) for v in errors), errors
    assert not (app_settings.library_dir / "empty.md").exists()


# -- pure helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../x.pdf", "x.pdf"),
        ("..\\..\\windows\\evil.docx", "evil.docx"),
        ("/etc/passwd.txt", "passwd.txt"),
        ("Learning brief (final) v2.PDF", "Learning-brief-final-v2.pdf"),
        ("Révision été – Baby K.md", "Revision-ete-Baby-K.md"),
        ("  spaced   out  .txt", "spaced-out.txt"),
        ("a..b...c.txt", "a-b-c.txt"),
        (".hidden.txt", "hidden.txt"),
        ("README.md", "brief-README.md"),
        ("x" * 300 + ".txt", "x" * 80 + ".txt"),
    ],
)
def test_safe_upload_name(name: str, expected: str) -> None:
    assert safe_upload_name(name) == expected


@pytest.mark.parametrize("name", ["..pdf", ".pdf", "ベビー.pdf", "../../.docx", "—.md"])
def test_safe_upload_name_without_usable_stem(name: str) -> None:
    safe = safe_upload_name(name)
    assert safe.startswith("upload-") and "/" not in safe and ".." not in safe
    assert safe.rsplit(".", 1)[1] in {"pdf", "docx", "md"}


@pytest.mark.parametrize(
    "name", ["", "   ", "noextension", "archive.tar.gz", "evil.exe", "../../", "page.html"]
)
def test_safe_upload_name_rejects(name: str) -> None:
    with pytest.raises(ValueError, match="not a supported file type"):
        safe_upload_name(name)


def test_highlight_marks_words_shared_with_the_claim() -> None:
    passage = "Strategy discussions must involve the <b>on-call</b> paediatrician."
    claim = "The on-call paediatrician must attend strategy discussions [1]."
    spans = [passage[s:e] for s, e in supporting_spans(passage, [claim])]
    assert spans == ["Strategy discussions", "on-call</b> paediatrician"]
    assert [passage[s:e] for s, e in supporting_spans(passage, ["unrelated words"])] == []
    markdown = highlight_passage(passage, [claim])
    assert markdown.startswith(":orange-background[Strategy discussions] must involve the &lt;b")
    assert [
        passage[s:e] for s, e in supporting_spans(passage, ["Strategy and a paediatrician"])
    ] == [
        "Strategy",
        "paediatrician",
    ]
    assert "&lt;b&gt;" in markdown and "<b>" not in markdown


def test_answer_markdown_keeps_lists_and_bolds_markers() -> None:
    text = "- IN14 (Key learning 3): Involve the paediatrician [1].\n- Share <b>it</b> [2][3]."
    markdown = answer_markdown(text)
    assert markdown.splitlines()[0] == (
        "- IN14 (Key learning 3): Involve the paediatrician **\\[1\\]**."
    )
    assert "**\\[2\\]****\\[3\\]**" in markdown and "&lt;b&gt;" in markdown


# -- launching ------------------------------------------------------------------------------------


def test_launch_passes_settings_through_the_environment(tmp_path: Path) -> None:
    settings = Settings(
        index_dir=tmp_path / "i", corpus_dir=tmp_path / "c", feedback_enabled=False, top_k=5
    )
    env = settings_env(settings, base={"PATH": "/bin", "REVIEW_ASSISTANT_CHROMA_HOST": "x"})
    assert env["PATH"] == "/bin"
    assert env["REVIEW_ASSISTANT_INDEX_DIR"] == str(tmp_path / "i")
    assert env["REVIEW_ASSISTANT_FEEDBACK_ENABLED"] == "false"
    assert env["REVIEW_ASSISTANT_TOP_K"] == "5"
    assert "REVIEW_ASSISTANT_CHROMA_HOST" not in env  # unset settings are removed
    # The child reads back exactly these settings.
    reread = Settings(
        **{
            k.removeprefix("REVIEW_ASSISTANT_").lower(): v
            for k, v in env.items()
            if k.startswith("REVIEW_ASSISTANT_")
        }
    )
    assert reread == settings


def test_launch_command(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "i")
    command = streamlit_command(settings, port=8765, headless=True)
    assert command[1:5] == ["-m", "streamlit", "run", APP]
    joined = " ".join(command)
    assert "--server.port 8765" in joined
    assert "--server.address 127.0.0.1" in joined
    assert "--server.headless true" in joined
    assert "--browser.gatherUsageStats false" in joined
    # Local only, whether or not a browser is opened.
    assert "--server.address 127.0.0.1" in " ".join(streamlit_command(settings))
    assert "--server.headless" not in " ".join(streamlit_command(settings))


# -- conversation across reloads -----------------------------------------------------------------


def _reload(at: AppTest) -> AppTest:
    """A browser reload: a new session (empty session state) at the same URL."""
    again = AppTest.from_file(APP, default_timeout=60)
    for key, value in at.query_params.items():
        again.query_params[key] = value
    again.run()
    assert not again.exception, [e.value for e in again.exception]
    return again


def test_conversation_survives_a_reload_and_new_conversation_clears_it(
    app_settings: Settings,
) -> None:
    at = ask(start(), "who must be involved in strategy discussions?")
    session_id = at.query_params["conversation"]
    assert isinstance(session_id, str) and len(session_id) == 32
    reloaded = _reload(at)
    assert reloaded.query_params["conversation"] == session_id
    assert [e.question for e in conversation(reloaded)] == [
        "who must be involved in strategy discussions?"
    ]
    assert any("strategy discussions" in m.value for m in reloaded.chat_message[0].markdown)
    # A follow-up after the reload still sees the first turn.
    follow = ask(reloaded, "and what about paediatricians?")
    assert len(conversation(follow)) == 2

    other = start()  # another tab: another conversation
    assert other.query_params["conversation"] != session_id and conversation(other) == []

    follow.button(key="new_conversation").click().run()
    assert conversation(follow) == []
    assert conversation(_reload(follow)) == []


def test_question_box_shows_and_enforces_its_limit(
    app_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEW_ASSISTANT_MAX_QUESTION_CHARS", "300")
    at = start()
    box = at.chat_input(key="chat_input")
    assert box.proto.max_chars == 300
    assert "300 characters" in box.placeholder
    ask(at, "why " * 800)
    assert 0 < len(conversation(at)[-1].question) <= 300
