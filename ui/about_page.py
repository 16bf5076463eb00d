"""The "About these answers" page: the latest published evaluation in plain words
(``evals/published.json``, written by ``review-assistant eval --publish``) and what the tool
does not do. A Streamlit page script (see :mod:`ui.ask_page`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assistant.about import LIMITS, PUBLISHED_FILE, figure_text, load_published, plain_statement
from assistant.render import escape_markdown as escape
from core.errors import ReviewAssistantError


def about_page(path: Path = PUBLISHED_FILE) -> None:
    """Render the page."""
    st.title("About these answers")
    st.markdown(
        escape(
            "Every answer is built from the learning in published case reviews, and every "
            "sentence cites the review, learning point, page and exact words it comes from. "
            "Here is how often that was right when we tested it."
        )
    )
    try:
        sets = load_published(path)
    except ReviewAssistantError as exc:
        st.error(escape(str(exc)))
        sets = []
    if not sets:
        st.info("No evaluation has been published yet (review-assistant eval --publish).")
    for published in sets:
        st.subheader(escape(f"Question set: {published.name} ({published.date[:10]})"))
        figures = figure_text(published)
        left, middle, right = st.columns(3)
        left.metric("First citation accuracy", figures["first_citation_accuracy"])
        middle.metric("Recall@5", figures["recall_at_5"])
        right.metric("Abstained when it should", figures["abstained_unanswerable"])
        st.markdown("\n".join(f"- {escape(line)}" for line in plain_statement(published)))
    st.subheader("What it does not do")
    st.markdown("\n".join(f"- {escape(line)}" for line in LIMITS))


if __name__ == "__main__":
    about_page()
