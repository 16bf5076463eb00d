"""The chat UI in a real browser: Streamlit server + Debian Chromium driven by Playwright.

Starts ``streamlit run ui/app.py`` (headless, 127.0.0.1, a free port) over a copy of the
corpus plus a hostile brief whose learning points contain ``<script>`` and ``<img onerror>``
markup, with the real embedding model. Screenshots go to ``test-output/browser/``.

Needs ``/usr/bin/chromium`` (``apt-get install -y chromium``) and the ``playwright`` Python
package (no Playwright browser download). Without Chromium the test is skipped locally and
fails under CI (``CI`` set).
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS
from tests.ui.conftest import ANSWER_TIMEOUT_MS, OUTPUT, START_TIMEOUT_S, write_hostile
from tests.ui.conftest import ask_in_browser as ask

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus plus the hostile brief."""
    corpus = tmp_path_factory.mktemp("browser") / "corpus"
    shutil.copytree(CORPUS, corpus)
    write_hostile(corpus)
    return corpus


def assert_no_injection(page: Any) -> None:
    assert page.dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("img[onerror]").count() == 0
    scripts = page.locator("script").evaluate_all("els => els.map(e => e.textContent)")
    assert not [s for s in scripts if "alert(1)" in (s or "")]
    assert page.locator("a[href^='javascript']").count() == 0


def test_question_answer_and_citation(page: Any) -> None:
    reply = ask(page, "What is the learning about escalation when professionals disagree?")
    citations = reply.get_by_test_id("stExpander").filter(
        has=page.locator("summary", has_text="[1]")
    )
    citations.first.wait_for()
    text = reply.inner_text()
    assert "[1]" in text and "Sources" in text
    assert "never replaces" in text  # disclaimer
    page.screenshot(path=str(OUTPUT / "answer.png"), full_page=True)
    citations.first.locator("summary").click()
    reply.get_by_text("Download the source document").first.wait_for()
    time.sleep(0.6)
    expanded = citations.first.inner_text()
    assert "Review:" in expanded and "Learning point:" in expanded and "Document:" in expanded
    citations.first.screenshot(path=str(OUTPUT / "citation.png"))
    assert_no_injection(page)


def test_escalation_notice_comes_first(page: Any) -> None:
    reply = ask(page, "A child told me she is being hit at home right now, what do I do?")
    alert = reply.get_by_test_id("stAlert").first
    alert.wait_for()
    assert "call 999" in alert.inner_text()
    text = reply.inner_text()
    later = [
        i
        for i in (text.find("[1]"), text.find("does not cover"), text.find("never replaces"))
        if i >= 0
    ]
    assert later and text.find("call 999") < min(later)
    page.screenshot(path=str(OUTPUT / "escalation.png"), full_page=True)


def choose(page: Any, label: str, option: str) -> None:
    """Pick ``option`` in the sidebar selectbox labelled ``label``."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).click()
    page.get_by_role("option", name=option).click()
    from playwright.sync_api import expect

    expect(page.get_by_role("button", name="Clear filters")).to_be_enabled()


def test_hostile_passage_is_shown_as_text(page: Any) -> None:
    choose(page, "Document", "Learning Brief: Rapid Review Hostile Test")
    reply = ask(page, "bruising protocol, lived experience of the child, health visitor")
    hostile = reply.get_by_test_id("stExpander").filter(
        has=page.locator("summary", has_text="Rapid Review Hostile Test")
    )
    hostile.first.wait_for()
    assert hostile.count() == 3
    for index in range(hostile.count()):
        hostile.nth(index).locator("summary").click()
    reply.get_by_text("Check citations (for trainers)").click()
    # The raw document text is on the page as literal text, tags and all...
    page.get_by_text("<script>alert(1)</script>", exact=False).first.wait_for()
    page.get_by_text("<img src=x onerror=alert(1)>", exact=False).first.wait_for()
    page.get_by_text("[link](javascript:alert(1))", exact=False).first.wait_for()
    # ...the markup that survives ingest is shown as text in the answer and the passage...
    assert reply.get_by_text('<img src=x onerror="alert(1)"', exact=False).count() >= 1
    time.sleep(1.0)  # give any injected handler the chance to fire
    page.screenshot(path=str(OUTPUT / "hostile.png"), full_page=True)
    # ...and none of it became an element or ran.
    assert_no_injection(page)


def test_corpus_page(page: Any, server: str) -> None:
    page.goto(f"{server}/corpus", wait_until="domcontentloaded")
    page.get_by_text("Add a review brief").wait_for(timeout=60_000)
    page.get_by_test_id("stFileUploader").wait_for()
    page.get_by_test_id("stExpander").first.wait_for()
    assert "10MB per file" in page.get_by_test_id("stFileUploader").inner_text()
    page.get_by_test_id("stExpander").filter(has_text="Hostile Test").locator("summary").click()
    page.get_by_text("Practitioners should check the bruising protocol").first.wait_for()
    time.sleep(0.6)  # let the expander finish opening
    page.screenshot(path=str(OUTPUT / "corpus.png"), full_page=True)
    assert_no_injection(page)


def test_conversation_survives_a_reload(page: Any) -> None:
    """Kept in the server's memory under the URL's conversation id; 'New conversation'
    clears it. The question box also holds at most its limit of characters."""
    from playwright.sync_api import expect

    question = "What is the learning about escalation when professionals disagree?"
    ask(page, question)
    expect(page).to_have_url(re.compile(r"[?&]conversation=[0-9a-f]{32}"))
    page.reload(wait_until="domcontentloaded")
    messages = page.get_by_test_id("stChatMessage")
    messages.first.wait_for(timeout=ANSWER_TIMEOUT_MS)
    expect(messages.first).to_contain_text(question)
    expect(messages).to_have_count(2)

    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("x" * 2500)
    assert len(box.input_value()) <= 2000

    page.get_by_role("button", name="New conversation").click()
    expect(page.get_by_test_id("stChatMessage")).to_have_count(0, timeout=ANSWER_TIMEOUT_MS)
    page.reload(wait_until="domcontentloaded")
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=START_TIMEOUT_S * 1000)
    time.sleep(1.0)
    assert page.get_by_test_id("stChatMessage").count() == 0
