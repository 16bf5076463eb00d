"""The *Ask* page: chat with cited answers, filters, each citation's source, a trainer view
of the claims with the validator's support scores, feedback and the conversation export.

A Streamlit page script (``st.Page("ask_page.py")`` in :mod:`ui.app`): importing it has no
side effects; Streamlit runs :func:`render` when it executes the file. Every text goes through
:func:`assistant.render.escape_markdown` (never HTML).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime

import streamlit as st

from assistant.feedback import MAX_COMMENT_CHARS, FeedbackStore, Rating
from assistant.render import answer_body, ordered_notices, source_line
from assistant.service import Assistant
from core.config import Settings
from core.errors import QuestionError, ReviewAssistantError
from core.models import Answer, Citation, Claim, Filters, Turn
from ingest.themes import THEME_LABELS, THEMES
from ui.cited_page import show_cited_source
from ui.conversation import APP_TITLE, Exchange, conversation_markdown, history
from ui.format import (
    answer_markdown,
    citation_label,
    claims_markdown,
    describe_filters,
    escape_line,
    escape_markdown,
    highlight_passage,
    lines_as_markdown,
    mime_type,
)
from ui.resources import current_assistant, current_conversation, current_settings, feedback_store


def _keep_valid(key: str, options: Sequence[object]) -> None:
    if st.session_state.get(key) is not None and st.session_state[key] not in options:
        st.session_state[key] = None


def _clear_filters() -> None:
    for key in ("filter_review", "filter_theme", "filter_doc"):
        st.session_state[key] = None


def sidebar_filters(assistant: Assistant) -> Filters:
    """Review, theme and document filters built from the indexed chunks (None = all)."""
    chunks = assistant.chunks()
    titles = {c.doc_id: c.doc_title for c in chunks}
    present = {t for c in chunks for t in c.themes}
    boxes: list[tuple[str, str, list[str], Callable[[str], str]]] = [
        ("Review", "filter_review", sorted({c.review for c in chunks}, key=str.lower), str),
        (
            "Theme",
            "filter_theme",
            [t.slug for t in THEMES if t.slug in present],
            lambda t: THEME_LABELS.get(t, t),
        ),
        (
            "Document",
            "filter_doc",
            sorted(titles, key=lambda d: titles[d].lower()),
            lambda d: titles.get(d, d),
        ),
    ]
    chosen: dict[str, str | None] = {}
    with st.sidebar:
        st.header("Filters")
        for label, key, options, shown in boxes:
            _keep_valid(key, options)
            chosen[key] = st.selectbox(
                label,
                options,
                index=None,
                placeholder=f"All {label.lower()}s",
                key=key,
                format_func=shown,
            )
        st.button(
            "Clear filters",
            key="filter_clear",
            on_click=_clear_filters,
            disabled=all(value is None for value in chosen.values()),
        )
    return Filters(
        doc=chosen["filter_doc"], review=chosen["filter_review"], theme=chosen["filter_theme"]
    )


def show_top_notices(answer: Answer) -> None:
    """Escalation first (error), then privacy (warning), then fallback/abstention (info)."""
    for kind, text in ordered_notices(answer):
        body = escape_markdown(text)
        if kind == "escalation":
            st.error(body, icon=":material/emergency:")
        elif kind == "privacy":
            st.warning(body, icon=":material/privacy_tip:")
        elif kind == "fallback":
            st.info(body, icon=":material/info:")


def show_answer_text(answer: Answer) -> None:
    """The answer by its type: ``related`` opens with the plain statement of what the
    reviews do not state and a heading saying the learning is related; ``none`` shows the
    plain statement, then what was searched (with the local-procedures advice)."""
    body = answer_body(answer)
    if len(body) > 1:
        st.markdown(f"**{escape_markdown(body[0])}**")
        st.caption(escape_markdown(body[1]))
    # The claims as checked, line by line (not a re-reading of the answer's text).
    st.markdown(claims_markdown(answer))
    for kind, text in ordered_notices(answer):
        if kind == "abstention":
            st.info(escape_markdown(text), icon=":material/info:")


def show_bottom_notices(answer: Answer) -> None:
    for kind, text in ordered_notices(answer):
        if kind in ("info", "disclaimer"):
            st.caption(escape_markdown(text))


def _claims_citing(answer: Answer, marker: int) -> list[str]:
    return [claim.text for claim in answer.claims if marker in claim.markers]


def _plain(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def show_citation(exchange: Exchange, citation: Citation, assistant: Assistant) -> None:
    """One citation's expander: where it is, the quote (the words its claims share
    highlighted), currency notices, the source page or section and the download."""
    answer = exchange.answer
    assert answer is not None
    chunk = citation.chunk
    with st.expander(citation_label(citation), key=f"cite_{exchange.key}_{citation.marker}"):
        page = f" · page {chunk.page}" if chunk.page else ""
        st.markdown(
            f"**Review:** {escape_line(chunk.review)}  \n"
            f"**Learning point:** {escape_line(chunk.learning_point)}  \n"
            f"**Section:** {escape_line(chunk.section)}  \n"
            f"**Document:** {escape_line(chunk.doc_title)}{page}"
        )
        with st.container(border=True):
            st.markdown(highlight_passage(citation.quote, _claims_citing(answer, citation.marker)))
        st.caption("Highlighted: words this passage shares with the answer sentence(s) citing it.")
        for notice in citation.currency:
            st.warning(escape_markdown(notice.text), icon=":material/update:")
        show_cited_source(assistant, citation, escape_line, f"{exchange.key}_{citation.marker}")
        if _plain(chunk.source_text) != _plain(citation.quote):
            st.caption("As written in the document (raw text, before markup was removed):")
            st.code(chunk.source_text.strip(), language=None, wrap_lines=True)
        # Only the copy kept at ingest is served, never the path the registry names.
        stored = assistant.source_copy(chunk.doc_id)
        if stored is not None:
            name = stored[0]
            st.download_button(
                f"Download the source document ({escape_line(name)})",
                data=_stored_reader(assistant, chunk.doc_id),
                file_name=name,
                mime=mime_type(name),
                key=f"dl_{exchange.key}_{citation.marker}",
                on_click="ignore",
            )
        else:
            st.caption(
                escape_markdown(f"The source document '{chunk.doc_id}' is no longer available.")
            )


def _stored_reader(assistant: Assistant, doc_id: str) -> Callable[[], bytes]:
    """Read the stored copy (checked against its hash) only when the download is requested."""

    def read() -> bytes:
        stored = assistant.source_bytes(doc_id)
        return stored[1] if stored is not None else b""

    return read


SUPPORT_HELP = (
    "Support: the score the answer's checker gave the claim against the passage(s) it cites "
    "(the share of the claim's content words found there, blended with their meaning's "
    "similarity when a language model wrote the claim; 1.000 = all of them). Low scores "
    "deserve a closer look."
)


def support_colour(support: float) -> str:
    """Streamlit colour of a support score: green from 0.75, orange from 0.5, else red."""
    return "green" if support >= 0.75 else "orange" if support >= 0.5 else "red"


def support_markdown(claim: Claim) -> str:
    """``support 0.917`` in its colour: the validator's own number, as ``ask --json`` prints
    it (never recomputed here)."""
    if claim.support is None:
        return "support **not scored**"
    return f"support :{support_colour(claim.support)}[**{claim.support:.3f}**]"


def show_citation_check(exchange: Exchange) -> None:
    """Trainer view: each claim with the validator's support score, beside the passage(s)
    it cites (the words they share highlighted)."""
    answer = exchange.answer
    assert answer is not None
    with st.expander("Check citations (for trainers)", key=f"check_{exchange.key}"):
        if not answer.claims:
            st.caption("This answer makes no cited claims to check.")
        else:
            st.caption(SUPPORT_HELP)
        by_marker = {c.marker: c for c in answer.citations}
        for number, claim in enumerate(answer.claims, start=1):
            left, right = st.columns(2)
            left.markdown(f"**Claim {number}:** " + answer_markdown(claim.text))
            left.markdown(support_markdown(claim))
            for marker in claim.markers:
                citation = by_marker.get(marker)
                if citation is None:
                    right.error(f"\\[{marker}\\] matches no citation.")
                    continue
                right.markdown(f"**{citation_label(citation)}**")
                right.container(border=True).markdown(
                    highlight_passage(citation.quote, [claim.text])
                )
            st.divider()
        if answer.dropped_claims:
            st.caption(
                "Sentences removed from the answer because their citations did not support them:"
            )
            for claim in answer.dropped_claims:
                st.text(f"{claim.text} ({claim.reason})" if claim.reason else claim.text)


def _previous_question(exchange: Exchange) -> str:
    """The question of the answered turn before ``exchange`` (what a follow-up refers to)."""
    conversation: list[Exchange] = st.session_state.get("conversation") or []
    earlier = (
        [e for e in conversation[: conversation.index(exchange)] if e.answer is not None]
        if (exchange in conversation)
        else []
    )
    return earlier[-1].question if earlier else ""


def _submit_feedback(store: FeedbackStore, exchange: Exchange) -> None:
    answer = exchange.answer
    assert answer is not None
    key = exchange.key
    thumbs = st.session_state.get(f"fb_rating_{key}")
    rating: Rating | None = None if thumbs is None else ("up" if thumbs == 1 else "down")
    wrong = bool(st.session_state.get(f"fb_wrong_{key}"))
    marker = st.session_state.get(f"fb_marker_{key}") if wrong else None
    comment = str(st.session_state.get(f"fb_comment_{key}") or "")
    try:
        st.session_state[f"fb_saved_{key}"] = store.record(
            answer, rating, wrong, comment, marker, previous_question=_previous_question(exchange)
        )
        st.session_state.pop(f"fb_problem_{key}", None)
    except (ValueError, ReviewAssistantError) as exc:
        st.session_state[f"fb_problem_{key}"] = str(exc)


def show_feedback(store: FeedbackStore, exchange: Exchange) -> None:
    answer = exchange.answer
    assert answer is not None
    key = exchange.key
    with st.expander("Feedback on this answer", key=f"fb_{key}"):
        saved = st.session_state.get(f"fb_saved_{key}")
        if saved is not None:
            st.success("Thank you: your feedback was saved.")
            return
        st.caption(
            "Saved on this computer for the maintainers: the question, the answer, the "
            "citations shown and what you enter here. No names or user details. "
            "Please don't type anything that could identify a child or family."
        )
        st.feedback("thumbs", key=f"fb_rating_{key}", on_change="ignore")
        markers = [c.marker for c in answer.citations]
        wrong = st.checkbox("A citation is wrong", key=f"fb_wrong_{key}", disabled=not markers)
        if wrong and markers:
            by_marker = {c.marker: c for c in answer.citations}
            st.selectbox(
                "Which citation?",
                markers,
                key=f"fb_marker_{key}",
                format_func=lambda m: source_line(
                    m,
                    by_marker[m].chunk.review,
                    by_marker[m].chunk.learning_point,
                    by_marker[m].chunk.doc_title,
                    by_marker[m].chunk.page,
                ),
            )
        st.text_area("Comment (optional)", key=f"fb_comment_{key}", max_chars=MAX_COMMENT_CHARS)
        st.button(
            "Send feedback", key=f"fb_send_{key}", on_click=_submit_feedback, args=(store, exchange)
        )
        problem = st.session_state.get(f"fb_problem_{key}")
        if problem:
            st.warning(escape_markdown(problem))


def show_answer_details(
    exchange: Exchange, assistant: Assistant, store: FeedbackStore | None
) -> None:
    answer = exchange.answer
    assert answer is not None
    show_bottom_notices(answer)
    if answer.citations:
        st.markdown("**Sources**")
        for citation in answer.citations:
            show_citation(exchange, citation, assistant)
    if answer.citations:
        show_citation_check(exchange)
    if store is not None:
        show_feedback(store, exchange)


def show_question(exchange: Exchange, titles: dict[str, str]) -> None:
    with st.chat_message("user"):
        st.markdown(lines_as_markdown(escape_markdown(exchange.question).splitlines() or [""]))
        scope = describe_filters(exchange.filters, titles)
        if scope:
            st.caption(escape_markdown(f"Searching only {scope}"))


def show_exchange(
    exchange: Exchange, assistant: Assistant, store: FeedbackStore | None, titles: dict[str, str]
) -> None:
    show_question(exchange, titles)
    with st.chat_message("assistant"):
        if exchange.answer is None:
            st.error(
                escape_markdown(
                    exchange.error
                    or "This answer was interrupted (the page was reloaded while it was being "
                    "prepared). Ask the question again."
                )
            )
            return
        show_top_notices(exchange.answer)
        show_answer_text(exchange.answer)
        show_answer_details(exchange, assistant, store)


def answer_live(
    exchange: Exchange,
    assistant: Assistant,
    store: FeedbackStore | None,
    history: Sequence[Turn],
    titles: dict[str, str],
) -> None:
    """Ask, streaming the answer into a placeholder, then show it like a past exchange."""
    show_question(exchange, titles)
    with st.chat_message("assistant"):
        notices = st.container()
        text = st.empty()
        streamed: list[str] = []

        def on_token(token: str) -> None:
            streamed.append(token)
            text.markdown(answer_markdown("".join(streamed)) + " ▌")

        try:
            # An LLM's reply is checked sentence by sentence before any of it is shown.
            checking = " and checking the answer" if assistant.chat_model is not None else ""
            with st.spinner(f"Searching the review learning{checking}…"):
                exchange.answer = assistant.ask(
                    exchange.question, filters=exchange.filters, history=history, on_token=on_token
                )
        except QuestionError as exc:
            exchange.error = str(exc)
        except ReviewAssistantError as exc:
            exchange.error = f"The question could not be answered: {exc}"
        answer = exchange.answer
        if answer is None:
            text.empty()
            st.error(escape_markdown(exchange.error or "No answer."))
            return
        with notices:
            show_top_notices(answer)
        with text.container():
            show_answer_text(answer)
        show_answer_details(exchange, assistant, store)


# The URL query parameter naming this browser tab's conversation (a random id). A comment,
# not a docstring: Streamlit's "magic" would display a bare string of the page's script.
def _new_conversation() -> None:
    # Emptied in place: the server-side store holds this very list.
    conversation = st.session_state.get("conversation")
    if conversation is not None:
        conversation.clear()


def chat_page(settings: Settings, assistant: Assistant) -> None:
    st.title(APP_TITLE)
    st.caption(
        "Ask about learning from Serious Case Reviews and child safeguarding practice reviews. "
        "Every point cites the review and learning point it comes from. Ask in general terms: "
        "don't enter names or details that could identify a child or family."
    )
    filters = sidebar_filters(assistant)
    store = feedback_store(settings)
    titles = {d: str(r.get("title", d)) for d, r in assistant.documents().items()}
    conversation = current_conversation()
    for exchange in conversation:
        show_exchange(exchange, assistant, store, titles)

    question = st.chat_input(
        f"Ask about review learning… (up to {settings.max_question_chars:,} characters)",
        key="chat_input",
        max_chars=settings.max_question_chars,
    )
    if question is not None:
        turns = history(conversation)
        exchange = Exchange(question=question, filters=filters)
        # Kept before answering: a reload mid-answer still shows the question.
        conversation.append(exchange)
        answer_live(exchange, assistant, store, turns, titles)

    with st.sidebar:
        st.header("Conversation")
        now = datetime.now().astimezone()
        st.download_button(
            "Export conversation (Markdown)",
            data=conversation_markdown(conversation, now),
            file_name=f"review-assistant-conversation-{now:%Y%m%d-%H%M}.md",
            mime="text/markdown",
            key="export_conversation",
            on_click="ignore",
            disabled=not conversation,
        )
        st.button(
            "New conversation",
            key="new_conversation",
            on_click=_new_conversation,
            disabled=not conversation,
        )


def render() -> None:
    """Lay out the page for the configured assistant."""
    settings = current_settings()
    chat_page(settings, current_assistant(settings))


if __name__ == "__main__":
    render()
