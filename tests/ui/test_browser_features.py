"""Real browser: a PDF citation shows its page image, a passage naming Working Together 2015
carries a currency notice, and the About page shows the published figures.

Same set-up as ``tests/ui/test_browser.py`` (Streamlit server on a free 127.0.0.1 port, Debian
Chromium via Playwright, the real embedding model), over the seed corpus plus a PDF brief
built here with fpdf2.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest

from assistant.about import figure_text, load_published
from core.config import Settings
from tests.builders import make_pdf
from tests.ui.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    OUTPUT,
    REPO,
    START_TIMEOUT_S,
    _free_port,
    _require,
    _wait_healthy,
    ask,
)
from ui.launch import settings_env, streamlit_command

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PDF_POINT = (
    "Health visitors must measure and photograph any bruise on a non-mobile baby and make a "
    "referral the same day, as Working Together 2015 requires of every agency."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require(CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install -y chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _require(False, "the playwright Python package is missing: pip install playwright")
    root = tmp_path_factory.mktemp("browser-features")
    corpus = root / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    make_pdf(
        corpus / "rapid-review-baby-w.pdf",
        [
            "Learning Brief: Rapid Review Baby W\n\nCase summary\n\nBaby W was three months old.",
            "Key learning\n\n1. " + PDF_POINT + "\n\n2. The father was never seen by the GP.",
        ],
    )
    settings = Settings(
        index_dir=root / "index",
        corpus_dir=corpus,
        library_dir=root / "library",
        feedback_db=root / "feedback.sqlite3",
    )
    port = _free_port()
    env = settings_env(settings)
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    log = OUTPUT / "streamlit-features.log"
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
            _wait_healthy(url, process, log)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 2400})
    page = context.new_page()
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=START_TIMEOUT_S * 1000)
    try:
        yield page
    finally:
        context.close()


def test_pdf_citation_shows_the_page_and_a_currency_notice(page: Any) -> None:
    reply = ask(page, "Should a health visitor photograph a bruise on a non-mobile baby?")
    cited = reply.get_by_test_id("stExpander").filter(
        has=page.locator("summary", has_text="Baby W — Key learning 1")
    )
    cited.first.wait_for()
    cited.first.locator("summary").click()
    image = cited.first.get_by_test_id("stImage")
    image.first.wait_for(timeout=60_000)
    box = image.first.locator("img").bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 300
    text = cited.first.inner_text()
    assert "page 2" in text and "quoted words are highlighted" in text
    assert "Out of date: 'Working Together 2015'" in text
    assert "Working Together to Safeguard Children 2023" in text
    time.sleep(0.6)
    cited.first.screenshot(path=str(OUTPUT / "pdf-citation.png"))


def test_about_page_shows_the_published_figures(page: Any, server: str) -> None:
    published = load_published()
    assert published
    page.goto(f"{server}/about", wait_until="domcontentloaded")
    page.get_by_text("What it does not do").wait_for(timeout=120_000)
    from playwright.sync_api import expect

    values = page.get_by_test_id("stMetricValue")
    expect(values).to_have_count(3 * len(published), timeout=60_000)
    metrics = values.all_inner_texts()
    expected = [
        value
        for s in published
        for value in (
            figure_text(s)["first_citation_accuracy"],
            figure_text(s)["recall_at_5"],
            figure_text(s)["abstained_unanswerable"],
        )
    ]
    assert metrics == expected
    page.screenshot(path=str(OUTPUT / "about.png"), full_page=True)
