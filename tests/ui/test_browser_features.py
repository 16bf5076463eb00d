"""Real browser: a PDF citation shows its page image, a passage naming Working Together 2015
carries a currency notice, and the About page shows the published figures.

The shared set-up of ``tests/ui/conftest.py`` (Streamlit server on a free 127.0.0.1 port,
Debian Chromium via Playwright, the real embedding model), over the pinned seed corpus plus a
PDF brief built here with fpdf2.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from assistant.about import figure_text, load_published
from tests.builders import make_pdf
from tests.conftest import CORPUS
from tests.ui.conftest import OUTPUT
from tests.ui.conftest import ask_in_browser as ask

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PDF_POINT = (
    "Health visitors must measure and photograph any bruise on a non-mobile baby and make a "
    "referral the same day, as Working Together 2015 requires of every agency."
)
# Streamlit's own syntax (math, coloured text, a text directive) beside Markdown's.
MARKUP_POINT = "Staff wrote $5 to $10 a visit, :red[urgent] and :note on the plan."
MARKUP_BRIEF = f"Learning Brief: Rapid Review Markup Test\n\nKey learning\n\n· {MARKUP_POINT}\n"


@pytest.fixture(scope="module")
def browser_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pinned seed corpus plus a two-page PDF brief and a brief written in markup."""
    corpus = tmp_path_factory.mktemp("browser-features") / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "markup-brief.txt").write_text(MARKUP_BRIEF, encoding="utf-8")
    make_pdf(
        corpus / "rapid-review-baby-w.pdf",
        [
            "Learning Brief: Rapid Review Baby W\n\nCase summary\n\nBaby W was three months old.",
            "Key learning\n\n1. " + PDF_POINT + "\n\n2. The father was never seen by the GP.",
        ],
    )
    return corpus


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


def test_streamlit_syntax_in_a_brief_is_shown_as_written(page: Any, server: str) -> None:
    """Math, coloured text and directives in a brief are not rendered (the one escaper)."""
    from playwright.sync_api import expect

    page.goto(f"{server}/corpus", wait_until="domcontentloaded")
    brief = page.get_by_test_id("stExpander").filter(has_text="Markup Test")
    expect(brief).to_have_count(1, timeout=120_000)
    brief.locator("summary").click()
    expect(brief).to_contain_text(MARKUP_POINT)
    assert brief.locator(".katex, .stMarkdownColoredText").count() == 0
    brief.screenshot(path=str(OUTPUT / "markup-brief.png"))
