"""The *Corpus* page: what is indexed (documents -> reviews -> sections -> learning points,
with each review's profile) and the upload widgets.

Saving, staging, checking and rolling back an upload is the service's job
(:meth:`assistant.service.Assistant.add_upload`); this page only lays out the widgets and
shows the :class:`~assistant.library.UploadResult`. A Streamlit page script (see
:mod:`ui.ask_page`).
"""

from __future__ import annotations

import math
from pathlib import Path

import streamlit as st

from assistant.library import ORIGIN_LABELS, UploadResult, origin_of, upload_types
from assistant.profiles import profiles
from assistant.service import Assistant
from core.config import Settings
from ui.format import escape_line, escape_markdown, plural, short
from ui.profiles_page import show_profile
from ui.resources import current_assistant, current_settings


def corpus_page(settings: Settings, assistant: Assistant) -> None:
    """The listing of the index and the upload widgets."""
    st.title("Corpus")
    chunks = assistant.chunks()
    documents = assistant.documents()
    tree = assistant.corpus()
    texts = {(c.doc_id, c.review, c.section, c.learning_point): c.text for c in chunks}
    reviews = sum(len(r) for r in tree.values())
    st.caption(
        escape_markdown(
            f"{plural(len(tree), 'document')} · {plural(reviews, 'review')} · "
            f"{plural(len(chunks), 'learning point')}."
        )
    )
    upload_section(settings, assistant)
    st.subheader("What is indexed")
    review_profiles = {(p.doc_id, p.review): p for p in profiles(chunks, documents)}
    for doc_id, doc_reviews in tree.items():
        record = documents.get(doc_id, {})
        title = str(record.get("title", doc_id))
        count = sum(
            len(labels) for sections in doc_reviews.values() for labels in sections.values()
        )
        label = escape_line(
            f"{title} — {plural(len(doc_reviews), 'review')}, {plural(count, 'learning point')}"
        )
        with st.expander(label, key=f"corpus_{doc_id}"):
            # The file's name and where it came from, never its path on the server.
            source = Path(str(record.get("source", ""))).name
            origin = ORIGIN_LABELS[origin_of(record, settings)]
            st.caption(escape_markdown(f"Document id: {doc_id} · file: {source} · from: {origin}"))
            for review, sections in doc_reviews.items():
                st.markdown(f"##### {escape_line(review)}")
                show_profile(assistant, review_profiles.get((doc_id, review)), f"{doc_id}_{review}")
                for section, labels in sections.items():
                    items = [
                        f"- **{escape_line(lp)}**: "
                        f"{escape_line(short(texts.get((doc_id, review, section, lp), '')))}"
                        for lp in labels
                    ]
                    st.markdown(
                        f"**{escape_line(section)}** ({len(labels)})\n\n" + "\n".join(items)
                    )


def upload_section(settings: Settings, assistant: Assistant) -> None:
    """The upload widgets; saving and ingesting is :meth:`Assistant.add_upload`'s job."""
    st.subheader("Add a review brief")
    st.caption(
        escape_markdown(
            f"PDF, Word (.docx), text or Markdown, up to {settings.upload_max_mb:g} MB. "
            "The file is kept in your library (apart from the bundled briefs) and added to "
            "the index."
        )
    )
    uploaded = st.file_uploader(
        "Review brief",
        type=list(upload_types()),
        key="corpus_upload",
        max_upload_size=max(1, math.ceil(settings.upload_max_mb)),
    )
    if uploaded is not None and st.session_state.get("upload_done") != uploaded.file_id:
        st.session_state["upload_done"] = uploaded.file_id
        _add(assistant, uploaded.name, uploaded.getvalue(), None)
    result: UploadResult | None = st.session_state.get("upload_result")
    if uploaded is None or result is None:
        return
    getattr(st, result.kind)(escape_markdown(result.message))
    if result.status == "exists":
        left, right = st.columns(2)
        if result.can_replace and left.button("Replace it", key="upload_replace"):
            _add(assistant, uploaded.name, uploaded.getvalue(), True)
        if right.button("Keep both", key="upload_keep_both"):
            _add(assistant, uploaded.name, uploaded.getvalue(), False)


def _add(assistant: Assistant, name: str, data: bytes, replace: bool | None) -> None:
    """Hand the file to :meth:`Assistant.add_upload`; after a change, rerun so the listing
    above shows the new document at once."""
    with st.spinner(escape_line(f"Adding {name}…")):
        result = assistant.add_upload(name, data, replace=replace)
    st.session_state["upload_result"] = result
    if result.changed or replace is not None:
        st.rerun()


def render() -> None:
    """Lay out the page for the configured assistant."""
    settings = current_settings()
    corpus_page(settings, current_assistant(settings))


if __name__ == "__main__":
    render()
