"""Review profiles on the Corpus page: subject, type, partnership and year where stated, the
case summary quoted and cited, themes, learning points by section role, and the source file
to download."""

from __future__ import annotations

import streamlit as st

from assistant.profiles import ROLE_LABELS, ReviewProfile
from assistant.render import escape_markdown as escape
from assistant.service import Assistant
from ingest.themes import THEME_LABELS
from ui.format import mime_type


def show_profile(assistant: Assistant, p: ReviewProfile | None, key: str) -> None:
    """One review's profile (inside the Corpus page's document expander)."""
    if p is None:
        return
    facts = [
        ("Subject", p.subject),
        ("Type", p.review_type),
        ("Partnership", p.partnership),
        ("Year", str(p.year) if p.year else None),
    ]
    st.markdown(
        "  \n".join(f"**{name}:** {escape(value or 'not stated')}" for name, value in facts)
    )
    chunk = p.summary_chunk
    if p.summary and chunk is not None:
        page = f", page {chunk.page}" if chunk.page else ""
        st.markdown("> " + escape(p.summary))
        st.caption(escape(f"Case summary — {chunk.learning_point} ({chunk.section}){page}"))
    if p.themes:
        st.caption(
            escape("Themes: " + ", ".join(f"{THEME_LABELS[s]} ({n})" for s, n in p.themes[:10]))
        )
    st.caption(
        escape(
            f"{p.learning_points} learning points: "
            + ", ".join(f"{ROLE_LABELS[r]} {n}" for r, n in p.roles)
        )
    )
    # Only the copy kept at ingest (checked against its hash) is served.
    found = assistant.source_bytes(p.doc_id)
    if found is not None:
        name, data = found
        st.download_button(
            f"Download the source ({escape(name)})",
            data=data,
            file_name=name,
            mime=mime_type(name),
            key=f"profile_dl_{key}",
            on_click="ignore",
        )
