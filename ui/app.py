"""The Review Learning Assistant chat UI (Streamlit).

Start it with ``review-assistant ui`` (or ``streamlit run ui/app.py``). Settings come from the
``REVIEW_ASSISTANT_*`` environment variables. Two pages: *Ask* (chat with cited answers,
filters, a trainer view of the citations, feedback, conversation export) and *Corpus* (what is
indexed, and uploading a new brief).

Safety: no document, question or answer text is ever rendered as HTML. Everything shown
through Streamlit's Markdown goes through :func:`escape_markdown` first, and raw document text
is shown with ``st.code`` (plain text). ``unsafe_allow_html`` is never used.

Importing this module has no side effects (``main()`` runs only as a script), so the pure
helpers (:func:`escape_markdown`, :func:`highlight_passage`, :func:`safe_upload_name`, ...)
can be unit-tested.
"""

from __future__ import annotations

import math
import re
import string
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import streamlit as st

from assistant.cite import support_score
from assistant.feedback import MAX_COMMENT_CHARS, FeedbackStore, Rating
from assistant.library import ORIGIN_LABELS, UploadResult, origin_of
from assistant.library import safe_upload_name as safe_upload_name  # moved; kept importable
from assistant.profiles import profiles
from assistant.render import answer_body, ordered_notices, source_line, to_markdown
from assistant.render import escape_markdown as export_escape
from assistant.service import Assistant
from core.config import Settings, load_settings
from core.errors import QuestionError, ReviewAssistantError
from core.models import Answer, Citation, Filters, IngestReport, Turn
from core.text import content_terms
from ingest.load import SUPPORTED_SUFFIXES
from ingest.themes import THEME_LABELS, THEMES
from ui.about_page import about_page
from ui.cited_page import show_cited_source
from ui.compare_page import compare_page
from ui.profiles_page import show_profile

APP_TITLE = "Review Learning Assistant"
UPLOAD_TYPES = sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES)
MIME_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".txt": "text/plain",
    ".md": "text/markdown",
}
STAGE_LABELS = {
    "scan": "Reading files",
    "embed": "Embedding learning points",
    "index": "Indexing",
    "document": "Embedding a large document",
}

# -- pure helpers (unit-tested) ---------------------------------------------------------------

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_PUNCTUATION = frozenset(string.punctuation) - set(_ENTITIES)


def escape_markdown(text: str) -> str:
    """``text`` made inert for Streamlit Markdown: shown literally, never as markup or HTML.

    ``&``, ``<`` and ``>`` become HTML entities (displayed as the characters, never parsed as
    tags); every other ASCII punctuation character is backslash-escaped, so no emphasis,
    link, image, heading, list, table, code, math (``$``) or directive (``:red[...]``) syntax
    can start. Line breaks are kept.
    """
    out: list[str] = []
    for char in text:
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _PUNCTUATION:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def escape_line(text: str) -> str:
    """:func:`escape_markdown` for one-line places (labels, captions): newlines -> spaces."""
    return escape_markdown(re.sub(r"\s+", " ", text).strip())


def _lines_as_markdown(escaped_lines: Sequence[str]) -> str:
    """Join escaped lines with hard line breaks (leading spaces dropped: no code blocks)."""
    return "  \n".join(line.strip() for line in escaped_lines)


_LIST_ITEM = re.compile(r"^\s*(?:([-*•])|(\d{1,3})[.)])\s+(.*)$")
_ESCAPED_MARKER = re.compile(r"\\\[(\d{1,3})\\\]")


def answer_markdown(text: str) -> str:
    """An answer's text as safe Markdown: list items kept, citation markers in bold."""
    out: list[str] = []
    for line in text.splitlines():
        match = _LIST_ITEM.match(line)
        if match:
            prefix = "- " if match.group(1) else f"{match.group(2)}. "
            body = match.group(3)
        else:
            prefix, body = "", line.strip()
        escaped = _ESCAPED_MARKER.sub(r"**\\[\1\\]**", escape_markdown(body))
        out.append(prefix + escaped)
    # List items on consecutive lines; other lines get a hard break.
    joined: list[str] = []
    for line in out:
        if joined and not _LIST_ITEM.match(line):
            joined[-1] += "  "
        joined.append(line)
    return "\n".join(joined)


_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")


def supporting_spans(passage: str, claims: Sequence[str]) -> list[tuple[int, int]]:
    """Character spans of ``passage`` holding content words shared with ``claims``.

    Matched words separated only by spaces, punctuation or stopwords (on one line) form one
    span, so a supported phrase is highlighted as a whole.
    """
    wanted = set(content_terms(" ".join(claims)))
    if not wanted:
        return []
    spans: list[list[int]] = []
    for match in _WORD.finditer(passage):
        terms = content_terms(match.group())
        if not terms or not all(t in wanted for t in terms):
            continue
        gap = passage[spans[-1][1] : match.start()] if spans else ""
        if spans and "\n" not in gap and not content_terms(gap):
            spans[-1][1] = match.end()
        else:
            spans.append([match.start(), match.end()])
    return [(start, end) for start, end in spans]


def highlight_passage(passage: str, claims: Sequence[str]) -> str:
    """``passage`` as safe Markdown, the words it shares with ``claims`` highlighted."""
    pieces: list[str] = []
    position = 0
    for start, end in supporting_spans(passage, claims):
        pieces.append(escape_markdown(passage[position:start]))
        pieces.append(f":orange-background[{escape_markdown(passage[start:end])}]")
        position = end
    pieces.append(escape_markdown(passage[position:]))
    return _lines_as_markdown("".join(pieces).splitlines() or [""])


@dataclass
class Exchange:
    """One question of the conversation and what came back."""

    question: str
    filters: Filters = field(default_factory=Filters)
    answer: Answer | None = None
    error: str | None = None
    asked_at: datetime = field(default_factory=lambda: datetime.now().astimezone())
    key: str = field(default_factory=lambda: uuid.uuid4().hex[:10])


def describe_filters(filters: Filters, doc_titles: dict[str, str] | None = None) -> str:
    """The filters in words, e.g. ``review 'X', theme 'Y'`` (empty when none is set)."""
    parts: list[str] = []
    if filters.doc:
        parts.append(f"document '{(doc_titles or {}).get(filters.doc, filters.doc)}'")
    if filters.review:
        parts.append(f"review '{filters.review}'")
    if filters.theme:
        parts.append(f"theme '{THEME_LABELS.get(filters.theme, filters.theme)}'")
    return ", ".join(parts)


def conversation_markdown(exchanges: Sequence[Exchange], exported_at: datetime) -> str:
    """The whole conversation as a Markdown document (questions, answers, notices, sources)."""
    parts = [
        f"# {APP_TITLE}: conversation",
        f"Exported {exported_at.strftime('%d %B %Y, %H:%M %Z').strip()}",
    ]
    for number, exchange in enumerate(exchanges, start=1):
        asked = export_escape(" ".join(exchange.question.split()))
        parts.append(f"## {number}. {asked}")
        scope = describe_filters(exchange.filters)
        meta = f"_Asked {exchange.asked_at.strftime('%d %B %Y, %H:%M')}"
        parts.append(meta + (f"; searched only {scope}_" if scope else "_"))
        if exchange.answer is not None:
            parts.append(to_markdown(exchange.answer))
        else:
            parts.append(f"_Not answered: {export_escape(exchange.error or 'no answer')}_")
    return "\n\n".join(parts) + "\n"


def citation_label(citation: Citation) -> str:
    """The expander label ``[n] review — learning point`` (escaped)."""
    return escape_line(
        f"[{citation.marker}] {citation.chunk.review} — {citation.chunk.learning_point}"
    )


def _plain(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


# -- resources --------------------------------------------------------------------------------


@st.cache_resource(
    show_spinner="Opening the review library (the first start loads the "
    "language model; this can take a minute)…"
)
def _open_assistant(settings_key: str, _settings: Settings) -> Assistant:
    """One :class:`Assistant` per process and configuration."""
    return Assistant.open(_settings)


@st.cache_resource(show_spinner=False)
def _open_feedback(settings_key: str, _settings: Settings) -> FeedbackStore:
    return FeedbackStore(_settings)


def _settings_key(settings: Settings) -> str:
    return settings.model_dump_json()


def current_settings() -> Settings:
    try:
        return load_settings()
    except Exception as exc:  # pydantic ValidationError names the bad setting
        st.error(escape_markdown(f"Invalid configuration: {exc}"))
        st.stop()
        raise


def current_assistant(settings: Settings) -> Assistant:
    try:
        return _open_assistant(_settings_key(settings), settings)
    except ReviewAssistantError as exc:
        st.error(escape_markdown(str(exc)))
        st.stop()
        raise


def feedback_store(settings: Settings) -> FeedbackStore | None:
    if not settings.feedback_enabled:
        return None
    return _open_feedback(_settings_key(settings), settings)


# -- ingest -------------------------------------------------------------------------------------


def run_ingest(assistant: Assistant, paths: Sequence[Path] | None, intro: str) -> IngestReport:
    """Ingest with a progress bar fed by the pipeline's ``progress(stage, done, total)``."""
    bar = st.progress(0.0, text=escape_line(intro))

    def progress(stage: str, done: int, total: int) -> None:
        fraction = min(1.0, max(0.0, done / total)) if total else 1.0
        bar.progress(fraction, text=f"{STAGE_LABELS.get(stage, stage)}: {done} of {total}")

    try:
        return assistant.ingest(list(paths) if paths else None, progress=progress)
    finally:
        bar.empty()


def show_failures(report: IngestReport) -> None:
    for failure in report.failed:
        st.error(escape_markdown(f"{failure.path.name}: {failure.reason}"))


def ensure_corpus(assistant: Assistant, settings: Settings) -> None:
    """On a first start (empty index) ingest the bundled corpus, with a progress bar."""
    if not assistant.is_empty():
        return
    report = run_ingest(
        assistant, None, "First start: indexing the bundled review briefs and your library…"
    )
    added = report.count("added") + report.count("updated")
    if added:
        st.toast(f"Indexed {added} review documents.")
    show_failures(report)
    if assistant.is_empty():
        st.warning(
            escape_markdown(
                "No review learning is indexed yet: no usable briefs were found. "
                "Add one on the Corpus page."
            )
        )


# -- chat page --------------------------------------------------------------------------------


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
    reviews = sorted({c.review for c in chunks}, key=str.lower)
    present = {t for c in chunks for t in c.themes}
    themes = [t.slug for t in THEMES if t.slug in present]
    docs = sorted(titles, key=lambda d: titles[d].lower())
    for key, options in (
        ("filter_review", reviews),
        ("filter_theme", themes),
        ("filter_doc", docs),
    ):
        _keep_valid(key, options)
    with st.sidebar:
        st.header("Filters")
        review = st.selectbox(
            "Review", reviews, index=None, placeholder="All reviews", key="filter_review"
        )
        theme = st.selectbox(
            "Theme",
            themes,
            index=None,
            placeholder="All themes",
            key="filter_theme",
            format_func=lambda t: THEME_LABELS.get(t, t),
        )
        doc = st.selectbox(
            "Document",
            docs,
            index=None,
            placeholder="All documents",
            key="filter_doc",
            format_func=lambda d: titles.get(d, d),
        )
        st.button(
            "Clear filters",
            key="filter_clear",
            on_click=_clear_filters,
            disabled=review is None and theme is None and doc is None,
        )
    return Filters(doc=doc, review=review, theme=theme)


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
    st.markdown(answer_markdown(body[-1]))
    for kind, text in ordered_notices(answer):
        if kind == "abstention":
            st.info(escape_markdown(text), icon=":material/info:")


def show_bottom_notices(answer: Answer) -> None:
    for kind, text in ordered_notices(answer):
        if kind in ("info", "disclaimer"):
            st.caption(escape_markdown(text))


def _claims_citing(answer: Answer, marker: int) -> list[str]:
    return [claim.text for claim in answer.claims if marker in claim.markers] or [answer.text]


def show_citation(
    exchange: Exchange,
    citation: Citation,
    documents: dict[str, dict[str, object]],
    assistant: Assistant | None = None,
) -> None:
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
        show_cited_source(
            current_assistant(current_settings()),
            citation,
            escape_line,
            f"{exchange.key}_{citation.marker}",
        )
        if _plain(chunk.source_text) != _plain(citation.quote):
            st.caption("As written in the document (raw text, before markup was removed):")
            st.code(chunk.source_text.strip(), language=None, wrap_lines=True)
        # Only the copy kept at ingest is served, never the path the registry names.
        stored = assistant.source_copy(chunk.doc_id) if assistant is not None else None
        if assistant is not None and stored is not None:
            name = stored[0]
            st.download_button(
                f"Download the source document ({escape_line(name)})",
                data=_stored_reader(assistant, chunk.doc_id),
                file_name=name,
                mime=MIME_TYPES.get(Path(name).suffix.lower(), "application/octet-stream"),
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


def show_citation_check(exchange: Exchange) -> None:
    """Trainer view: each claim beside the passage it cites, with a support score."""
    answer = exchange.answer
    assert answer is not None
    with st.expander("Check citations (for trainers)", key=f"check_{exchange.key}"):
        if not answer.claims:
            st.caption("This answer makes no cited claims to check.")
        else:
            st.caption(
                "Support: the share of the claim's content words found in the cited "
                "passage (1.00 = all of them). Low scores deserve a closer look."
            )
        by_marker = {c.marker: c for c in answer.citations}
        for number, claim in enumerate(answer.claims, start=1):
            left, right = st.columns(2)
            left.markdown(f"**Claim {number}:** " + answer_markdown(claim.text))
            for marker in claim.markers:
                citation = by_marker.get(marker)
                if citation is None:
                    right.error(f"\\[{marker}\\] matches no citation.")
                    continue
                score = support_score(claim.text, citation.quote)
                colour = "green" if score >= 0.75 else "orange" if score >= 0.5 else "red"
                right.markdown(
                    f"**{citation_label(citation)}** · support :{colour}[**{score:.2f}**]"
                )
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
        documents = assistant.documents()
        for citation in answer.citations:
            show_citation(exchange, citation, documents, assistant)
    if answer.citations:
        show_citation_check(exchange)
    if store is not None:
        show_feedback(store, exchange)


def show_question(exchange: Exchange, titles: dict[str, str]) -> None:
    with st.chat_message("user"):
        st.markdown(_lines_as_markdown(escape_markdown(exchange.question).splitlines() or [""]))
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
CONVERSATION_PARAM = "conversation"
MAX_CONVERSATIONS = 500
_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")


class ConversationStore:
    """Conversations kept in this server process's memory, by session id, so that a browser
    reload (a new Streamlit session) finds its conversation again. Never written to disk: a
    server restart forgets them. The least recently used beyond ``limit`` are dropped."""

    def __init__(self, limit: int = MAX_CONVERSATIONS) -> None:
        self.limit = limit
        self._items: OrderedDict[str, list[Exchange]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session_id: str) -> list[Exchange]:
        """The conversation of ``session_id`` (a new empty one the first time)."""
        with self._lock:
            exchanges = self._items.setdefault(session_id, [])
            self._items.move_to_end(session_id)
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
            return exchanges


@st.cache_resource(show_spinner=False)
def _conversations() -> ConversationStore:
    return ConversationStore()


def current_conversation() -> list[Exchange]:
    """This tab's conversation: its id lives in the URL (``?conversation=…``, so a reload keeps
    it) and in the session (so a page switch that drops the URL's parameters keeps it too)."""
    session_id = str(st.query_params.get(CONVERSATION_PARAM) or "")
    if not _SESSION_ID.match(session_id):
        session_id = str(st.session_state.get("conversation_id") or uuid.uuid4().hex)
    if st.query_params.get(CONVERSATION_PARAM) != session_id:
        st.query_params[CONVERSATION_PARAM] = session_id
    st.session_state["conversation_id"] = session_id
    exchanges = _conversations().get(session_id)
    st.session_state["conversation"] = exchanges
    return exchanges


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
        history = [
            Turn(e.question, e.answer.retrieval_query, e.answer)
            for e in conversation
            if e.answer is not None
        ]
        exchange = Exchange(question=question, filters=filters)
        # Kept before answering: a reload mid-answer still shows the question.
        conversation.append(exchange)
        answer_live(exchange, assistant, store, history, titles)

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


# -- corpus page --------------------------------------------------------------------------------


def plural(count: int, noun: str) -> str:
    """``1 review``, ``2 reviews``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _short(text: str, limit: int = 220) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def corpus_page(settings: Settings, assistant: Assistant) -> None:
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
    upload_section(settings, assistant, documents)
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
                show_profile(
                    assistant,
                    review_profiles.get((doc_id, review)),
                    escape_markdown,
                    f"{doc_id}_{review}",
                )
                for section, labels in sections.items():
                    items = [
                        f"- **{escape_line(lp)}**: "
                        f"{escape_line(_short(texts.get((doc_id, review, section, lp), '')))}"
                        for lp in labels
                    ]
                    st.markdown(
                        f"**{escape_line(section)}** ({len(labels)})\n\n" + "\n".join(items)
                    )


def upload_section(
    settings: Settings, assistant: Assistant, documents: dict[str, dict[str, object]]
) -> None:
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
        type=UPLOAD_TYPES,
        key="corpus_upload",
        max_upload_size=max(1, math.ceil(settings.upload_max_mb)),
    )
    if uploaded is not None and st.session_state.get("upload_done") != uploaded.file_id:
        st.session_state["upload_done"] = uploaded.file_id
        st.session_state["upload_result"] = handle_upload(
            settings, assistant, documents, uploaded.name, uploaded.getvalue()
        )
    result: UploadResult | None = st.session_state.get("upload_result")
    if uploaded is None or result is None:
        return
    getattr(st, result.kind)(escape_markdown(result.message))
    if result.status == "exists":
        left, right = st.columns(2)
        if result.can_replace and left.button("Replace it", key="upload_replace"):
            _decide_upload(assistant, uploaded.name, uploaded.getvalue(), replace=True)
        if right.button("Keep both", key="upload_keep_both"):
            _decide_upload(assistant, uploaded.name, uploaded.getvalue(), replace=False)


def _decide_upload(assistant: Assistant, name: str, data: bytes, *, replace: bool) -> None:
    with st.spinner(escape_line(f"Adding {name}…")):
        st.session_state["upload_result"] = assistant.add_upload(name, data, replace=replace)
    st.rerun()  # the corpus listing above shows the new document at once


def handle_upload(
    settings: Settings,
    assistant: Assistant,
    documents: dict[str, dict[str, object]],
    name: str,
    data: bytes,
) -> UploadResult:
    """Hand one uploaded file to :meth:`Assistant.add_upload` (no replace decision yet)."""
    with st.spinner(escape_line(f"Adding {name}…")):
        result = assistant.add_upload(name, data)
    if result.status in ("added", "updated"):
        st.session_state["upload_result"] = result
        st.rerun()  # the corpus listing above shows the new document at once
    return result


# -- the app ----------------------------------------------------------------------------------


def main() -> None:
    st.set_page_config(page_title=APP_TITLE, page_icon=":material/menu_book:", layout="centered")
    settings = current_settings()
    assistant = current_assistant(settings)
    ensure_corpus(assistant, settings)

    def ask() -> None:
        chat_page(settings, assistant)

    def corpus() -> None:
        corpus_page(settings, assistant)

    def across() -> None:
        compare_page(assistant, escape_markdown)

    def about() -> None:
        about_page(escape_markdown)

    page = st.navigation(
        [
            st.Page(ask, title="Ask", icon=":material/forum:", url_path="ask", default=True),
            st.Page(corpus, title="Corpus", icon=":material/library_books:", url_path="corpus"),
            st.Page(across, title="Across reviews", icon=":material/compare:", url_path="compare"),
            st.Page(about, title="About these answers", icon=":material/info:", url_path="about"),
        ]
    )
    page.run()


if __name__ == "__main__":
    main()
