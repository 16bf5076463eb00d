"""The new pages (Across reviews, About these answers), review profiles on the Corpus page
and the cited PDF page in the citation expander, driven with AppTest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from assistant.about import figure_text, load_published
from assistant.render import escape_markdown
from core.config import Settings
from tests.builders import make_pdf
from tests.ui.conftest import ask, last_answer, start, switch_to

PDF_POINT = (
    "Practitioners must photograph and measure any bruise found on a non-mobile baby and "
    "refer to children's social care the same day, as Working Together 2015 requires."
)


def _texts(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in [*at.markdown, *at.caption])


def test_across_reviews_page_lists_every_review(app_settings: Settings) -> None:
    at = switch_to(start(), "compare_page.py")
    assert at.title[0].value == "Learning across reviews"
    assert at.dataframe  # the heat-map
    at.selectbox(key="compare_theme").set_value("escalation").run()
    assert not at.exception, [e.value for e in at.exception]
    text = _texts(at)
    assert "reviews have learning on" in text
    assert f"**{escape_markdown('Serious Case Review IN14')}**" in text
    assert "**Nothing on it:**" in text or "11 of 11" in text


def test_about_page_shows_the_published_figures(app_settings: Settings) -> None:
    published = load_published()
    assert published, "evals/published.json must hold a published run"
    at = switch_to(start(), "about_page.py")
    shown = [(m.label, m.value) for m in at.metric]
    expected: list[tuple[str, Any]] = []
    for s in published:
        f = figure_text(s)
        expected += [
            ("First citation accuracy", f["first_citation_accuracy"]),
            ("Recall@5", f["recall_at_5"]),
            ("Abstained when it should", f["abstained_unanswerable"]),
        ]
    assert shown == expected
    text = _texts(at)
    assert "What it does not do" in [h.value for h in at.subheader]
    assert "no general knowledge" in text and "does not keep your questions" in text
    subheaders = [h.value for h in at.subheader]
    assert escape_markdown(f"Question set: {published[0].name} ({published[0].date[:10]})") in (
        subheaders
    )


def test_corpus_page_shows_review_profiles(app_settings: Settings) -> None:
    at = switch_to(start(), "corpus_page.py")
    text = _texts(at)
    assert "**Type:** SCR" in text and "**Subject:** IN14" in text
    assert "> This family had contact with a number of services" in text
    assert any(b.label.startswith("Download the source") for b in at.get("download_button"))


def test_pdf_citation_shows_its_page_image(app_settings: Settings) -> None:
    make_pdf(
        Path(app_settings.corpus_dir) / "rapid-review-baby-w.pdf",
        [
            "Learning Brief: Rapid Review Baby W\n\nCase summary\n\nBaby W was 3 months old.",
            "Key learning\n\n1. " + PDF_POINT + "\n\n2. Fathers were not seen by the GP.",
        ],
    )
    at = start(timeout=120)
    ask(at, "photograph and measure any bruise on a non-mobile baby same day referral")
    answer = last_answer(at)
    cited = [c for c in answer.citations if c.chunk.doc_id == "rapid-review-baby-w"]
    assert cited and cited[0].chunk.page == 2
    assert any(n.rule == "working-together-pre-2023" for n in cited[0].currency)
    captions = [c for image in at.get("image") for c in image.captions]
    expected = "rapid-review-baby-w.pdf, page 2: the quoted words are highlighted"
    assert escape_markdown(expected) in captions
    assert any("Out of date" in str(w.value) for w in at.warning)
