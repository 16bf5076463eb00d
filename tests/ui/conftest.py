"""Shared UI test set-up: the AppTest fixture and helpers, one Chromium launcher and one
Streamlit server fixture for the real-browser tests.

AppTest: the app reads its settings from ``REVIEW_ASSISTANT_*`` variables (set with
monkeypatch) and opens the index through ``Assistant.open(settings)``; :func:`app_settings`
pre-opens the same index with the deterministic :class:`HashEmbedder`, and ``open_index``
hands the app that shared index, so no model is loaded. Pages are switched with AppTest's
public :meth:`~streamlit.testing.v1.AppTest.switch_page` (each page is its own script).

Browser: a module that uses the ``server`` fixture defines a module-scoped ``browser_corpus``
fixture (the folder to serve); the server runs ``streamlit run ui/app.py`` headless on a free
127.0.0.1 port over it with the real embedding model, and :func:`launch_chromium` drives
Debian's Chromium through Playwright (no Playwright browser download). Without Chromium or
Playwright the browser tests are skipped locally and fail under CI (``CI`` set).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from core.config import Settings, load_settings
from core.models import Answer
from ingest.index import close_index, open_index
from tests.conftest import CORPUS, free_port, stop_process, wait_until_up
from tests.fakes import HashEmbedder
from ui.launch import settings_env, streamlit_command

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "ui" / "app.py")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
OUTPUT = REPO / "test-output" / "browser"
START_TIMEOUT_S = 240  # server start + first-run ingest with the real model
ANSWER_TIMEOUT_MS = 180_000

HOSTILE_BRIEF = """Learning Brief: Rapid Review Hostile Test

Key learning

· Practitioners should check the bruising protocol <script>alert(1)</script> whenever a mark \
is seen on a non-mobile baby.
· Record the lived experience of the child <img src=x onerror=alert(1)> in every home visit \
note & check the "voice" of the child is **heard** [link](javascript:alert(1)).
· Unusual bruising markup <img src=x onerror="alert(1)" alt="a long attribute the cleaner keeps">\
 must be shared with the health visitor.
"""


def write_hostile(folder: Path) -> Path:
    """The hostile brief (markup in every learning point) written into ``folder``."""
    path = folder / "hostile-brief.txt"
    path.write_text(HOSTILE_BRIEF, encoding="utf-8")
    return path


# -- AppTest --------------------------------------------------------------------------------


@pytest.fixture
def app_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Env-configured settings over a corpus copy (+ a hostile brief) and a fresh index."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    write_hostile(corpus)
    monkeypatch.setenv("REVIEW_ASSISTANT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("REVIEW_ASSISTANT_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("REVIEW_ASSISTANT_LIBRARY_DIR", str(tmp_path / "library"))
    monkeypatch.setenv("REVIEW_ASSISTANT_FEEDBACK_DB", str(tmp_path / "feedback.sqlite3"))
    # The hash embedder's similarities are low: never abstain on them.
    monkeypatch.setenv("REVIEW_ASSISTANT_ABSTAIN_THRESHOLD", "0")
    settings = load_settings()
    open_index(settings, embedder=HashEmbedder())
    yield settings
    st.cache_resource.clear()
    close_index(settings)


def start(timeout: float = 60) -> AppTest:
    """The app, run once (the first run ingests the corpus into the empty index)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def switch_to(at: AppTest, script: str) -> AppTest:
    """Open another page (``"corpus_page.py"``, ...) through AppTest's public API."""
    at.switch_page(script).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input(key="chat_input").set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def conversation(at: AppTest) -> list[Any]:
    return list(at.session_state["conversation"])


def last_answer(at: AppTest) -> Answer:
    answer = conversation(at)[-1].answer
    assert answer is not None, conversation(at)[-1].error
    return answer


def walk(node: Any) -> Iterator[Any]:
    """Elements under ``node`` in display order."""
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for index in sorted(children):
        yield from walk(children[index])


def widget(at: AppTest, kind: str, prefix: str) -> Any:
    found = [w for w in at.get(kind) if str(getattr(w, "key", "") or "").startswith(prefix)]
    assert len(found) == 1, (kind, prefix, [getattr(w, "key", None) for w in at.get(kind)])
    return found[0]


# -- real browser ---------------------------------------------------------------------------


def require(condition: bool, reason: str) -> None:
    """Skip when ``condition`` fails, except under CI, where the browser tests must run."""
    if condition:
        return
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"{reason} (CI is set, so the browser test must run)")
    pytest.skip(reason)


def require_browser() -> None:
    """Debian's Chromium and the playwright package are there (else skip, or fail in CI)."""
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install -y chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require(False, "the playwright Python package is missing: pip install playwright")


@contextmanager
def launch_chromium() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (the one launch of the suite)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def server(browser_corpus: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """``streamlit run ui/app.py`` over the module's ``browser_corpus`` (its URL); the log
    goes to ``test-output/browser/streamlit-<module>.log``."""
    require_browser()
    root = browser_corpus.parent
    settings = Settings(
        index_dir=root / "index",
        corpus_dir=browser_corpus,
        library_dir=root / "library",
        feedback_db=root / "feedback.sqlite3",
    )
    env = settings_env(settings)
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    log = OUTPUT / f"streamlit-{request.module.__name__.rsplit('.', 1)[-1]}.log"
    port = free_port()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            streamlit_command(settings, port=port, headless=True),
            env=env,
            cwd=REPO,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(f"{url}/_stcore/health", process, log, START_TIMEOUT_S, "streamlit")
            yield url
        finally:
            stop_process(process)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh tab on the app, once its chat box shows; ``page.dialogs`` lists every
    alert/confirm/prompt that fired (dismissed; there must be none)."""
    context = browser.new_context(viewport={"width": 1280, "height": 2400})
    tab = context.new_page()
    tab.dialogs = []

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.goto(server, wait_until="domcontentloaded")
    tab.get_by_test_id("stChatInputTextArea").wait_for(timeout=START_TIMEOUT_S * 1000)
    try:
        yield tab
    finally:
        context.close()


def ask_in_browser(page: Any, question: str) -> Any:
    """Type ``question``, submit, and return the newest assistant message once answered."""
    from playwright.sync_api import expect

    before = page.get_by_test_id("stChatMessage").count()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    messages = page.get_by_test_id("stChatMessage")
    # The user's message and the assistant's reply (finished when its feedback form shows).
    messages.nth(before + 1).wait_for(timeout=ANSWER_TIMEOUT_MS)
    reply = messages.nth(before + 1)
    reply.get_by_text("Feedback on this answer").wait_for(timeout=ANSWER_TIMEOUT_MS)
    # The script has finished once the sidebar's export button is enabled.
    export = page.get_by_test_id("stDownloadButton").filter(has_text="Export conversation")
    expect(export.locator("button")).to_be_enabled(timeout=ANSWER_TIMEOUT_MS)
    return reply
