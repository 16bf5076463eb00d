"""The "Across reviews" page: which reviews have learning on a theme or a question, each
with its best learning point quoted and cited, and a review × theme heat-map.

Document text is shown through :func:`assistant.render.escape_markdown` (never as HTML). A
Streamlit page script (see :mod:`ui.ask_page`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assistant.compare import Comparison, compare, theme_counts
from assistant.render import escape_markdown as escape
from assistant.service import Assistant
from ingest.themes import THEME_LABELS, THEMES
from ui.resources import current_assistant, current_settings


def heat_map(assistant: Assistant) -> pd.DataFrame:
    """Learning points per review (rows) × theme (columns)."""
    refs, slugs, counts = theme_counts(assistant.chunks())
    names = [r.review for r in refs]
    # Two documents may hold reviews of the same name: tell them apart by document.
    dupes = {n for n in names if names.count(n) > 1}
    index = [f"{r.review} ({r.doc_id})" if r.review in dupes else r.review for r in refs]
    return pd.DataFrame(counts, index=index, columns=[THEME_LABELS[s] for s in slugs])


def _shade(value: object, top: int) -> str:
    if not isinstance(value, int) or value <= 0 or top <= 0:
        return "color: #bbb"
    alpha = 0.15 + 0.75 * value / top
    return f"background-color: rgba(220, 90, 20, {alpha:.2f}); color: black"


def show_comparison(result: Comparison) -> None:
    """The rows of a comparison: one cited learning point per review, then the others."""
    topic = f"the theme “{result.theme_label}”" if result.theme_label else f"“{result.query}”"
    total = len(result.findings) + len(result.without)
    st.markdown(
        escape(f"{len(result.findings)} of {total} reviews have learning on ") + escape(topic) + "."
    )
    for f in result.findings:
        chunk = f.citation.chunk
        page = f" · page {chunk.page}" if chunk.page else ""
        with st.container(border=True):
            st.markdown(f"**{escape(f.ref.review)}**")
            st.markdown("> " + escape(" ".join(f.citation.quote.split())))
            st.caption(
                escape(f"{chunk.learning_point} — {chunk.section} — {chunk.doc_title}{page}")
                + (escape(f" · {f.matches} points on it in this review") if f.matches > 1 else "")
            )
    if result.without:
        st.markdown("**Nothing on it:** " + escape("; ".join(r.review for r in result.without)))


def compare_page(assistant: Assistant) -> None:
    """Render the page."""
    st.title("Learning across reviews")
    st.caption(
        "Pick a theme or type a question: each review's closest learning point is shown, "
        "quoted and cited, when it has one. Themes follow the Child Safeguarding Practice "
        "Review Panel's practice themes and the NSPCC's topics."
    )
    slugs = [t.slug for t in THEMES]
    theme = st.selectbox(
        "Theme",
        [None, *slugs],
        format_func=lambda s: "— choose a theme —" if s is None else THEME_LABELS[s],
        key="compare_theme",
    )
    question = st.text_input("…or a question or topic", key="compare_query")
    query = question.strip() or (THEME_LABELS[theme] if theme else "")
    if query:
        with st.spinner("Searching each review…"):
            result = compare(assistant, query, theme=None if question.strip() else theme)
        show_comparison(result)
    st.subheader("Themes per review")
    st.caption("Number of learning points tagged with each theme (darker = more).")
    frame = heat_map(assistant)
    top = int(frame.to_numpy().max()) if frame.size else 0
    st.dataframe(frame.style.map(lambda v: _shade(v, top)), key="compare_heatmap")


def render() -> None:
    """Lay out the page for the configured assistant."""
    compare_page(current_assistant(current_settings()))


if __name__ == "__main__":
    render()
