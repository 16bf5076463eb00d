"""The LLM answer and follow-up rewrite: a local or OpenAI-compatible chat model writes the
answer, and the validator (:mod:`assistant.validate`) keeps only the sentences its cited
passages support.

The model sees the retrieved learning points as numbered, delimited, *untrusted* passages and
must end every sentence with the marker(s) ``[n]`` of the passage(s) it used. The reply is
streamed, then checked sentence by sentence: a sentence without a marker, with a
marker that names no passage, or whose cited passage does not support it (``support_score``
below ``settings.support_threshold``) is removed. The kept sentences' markers are renumbered
1..m over the passages actually cited. Anything that prevents a checked answer (the model is
down or slow, says ``NOT COVERED``, or no sentence survives) raises :class:`LLMError`, and
:class:`~assistant.service.Assistant` falls back to the extractive answer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from assistant.evidence import evidence
from assistant.llm.prompt import (
    MAX_CONDENSED_CHARS,
    NOT_COVERED,
    build_messages,
    condense_messages,
    one_line,
    says_not_covered,
)
from assistant.llm.streaming import TokenCallback, stream_reply
from assistant.validate import THINK_RE, normalise_reply, removal_notice, validate_reply
from core.config import Settings
from core.errors import LLMError
from core.models import Answer, Citation, Notice, Passage, Turn
from core.protocols import ChatModel, Embedder
from core.text import MARKER_RE, content_terms

log = logging.getLogger("review_assistant")


def llm_answer(
    question: str,
    retrieval_query: str,
    passages: Sequence[Passage],
    settings: Settings,
    chat_model: ChatModel,
    notices: Sequence[Notice] = (),
    embedder: Embedder | None = None,
    on_token: TokenCallback | None = None,
) -> Answer:
    """Ask ``chat_model`` to answer from ``passages`` and keep only the supported sentences.

    Only checked text reaches ``on_token``: the reply is validated once it is complete and
    then the kept sentences are passed on line by line (an unchecked draft is never shown;
    callers show a "checking" state meanwhile). Raises :class:`LLMError` when the model fails or
    exceeds ``settings.llm_timeout_s``, says ``NOT COVERED``, or no sentence survives.
    """
    if not passages:
        raise LLMError("No passages were retrieved, so there is nothing for the model to cite.")
    messages = build_messages(question, passages)
    reply = normalise_reply(stream_reply(chat_model, messages, settings.llm_timeout_s))
    if not reply:
        raise LLMError(f"The language model '{chat_model.name}' returned an empty reply.")
    if says_not_covered(reply):
        raise LLMError(
            f"The language model '{chat_model.name}' said the passages do not cover the question."
        )
    text, kept, dropped, cited = validate_reply(
        reply, passages, settings.support_threshold, embedder
    )
    if not kept:
        raise LLMError(
            f"None of the {len(dropped)} sentence(s) from the language model "
            f"'{chat_model.name}' was supported by a cited passage."
        )
    all_notices = list(notices)
    if dropped:
        log.info("LLM validator removed %d of %d sentences", len(dropped), len(dropped) + len(kept))
        all_notices.append(removal_notice(dropped, len(dropped) + len(kept)))
    if on_token is not None:
        for line in text.splitlines(keepends=True):
            on_token(line)
    citations = tuple(
        Citation(marker=n, chunk=p.chunk, quote=p.chunk.text, score=p.score)
        for n, p in enumerate(cited, start=1)
    )
    return Answer(
        question=question,
        abstained=False,
        text=text,
        claims=tuple(kept),
        citations=citations,
        notices=tuple(all_notices),
        retrieved=tuple(passages),
        retrieval_query=retrieval_query,
        backend=f"llm:{chat_model.name}",
        evidence_score=evidence(retrieval_query, passages),
        dropped_claims=tuple(dropped),
    )


def condense_question(
    question: str, history: Sequence[Turn], chat_model: ChatModel, settings: Settings
) -> str:
    """Ask the model to rewrite a follow-up as a standalone question, given the last turn.

    Returns one line of at most 300 characters. Raises :class:`LLMError` when the model fails
    or its rewrite is empty or implausible (the caller then applies the deterministic rule in
    :mod:`assistant.conversation`).
    """
    if not history:
        return question
    last = history[-1]
    messages = condense_messages(question, last)
    reply = THINK_RE.sub(
        "",
        stream_reply(
            chat_model, messages, settings.llm_timeout_s, max_chars=4 * MAX_CONDENSED_CHARS
        ),
    )
    lines = [line.strip() for line in reply.splitlines() if line.strip()]
    if not lines:
        raise LLMError("The language model returned an empty rewrite of the follow-up.")
    rewrite = re.sub(
        r"^(?:standalone question|question|rewritten question)\s*:\s*", "", lines[0], flags=re.I
    )
    rewrite = one_line(rewrite.strip(" \t\"'“”‘’`*"))
    if not rewrite:
        raise LLMError("The language model returned an empty rewrite of the follow-up.")
    if len(rewrite) > MAX_CONDENSED_CHARS:
        raise LLMError(
            f"The language model's rewrite of the follow-up is {len(rewrite)} characters "
            f"long (limit {MAX_CONDENSED_CHARS})."
        )
    terms = set(content_terms(rewrite))
    context = set(content_terms(" ".join([question, last.question, last.retrieval_query])))
    if (
        not terms
        or NOT_COVERED in rewrite.upper()
        or MARKER_RE.search(rewrite)
        or not terms & context
    ):
        # The rewrite is not quoted: it holds the question, which is never logged by default.
        raise LLMError(
            "The language model's rewrite of the follow-up is implausible (it shares no words "
            "with the conversation, cites a passage or says NOT COVERED)."
        )
    return rewrite


__all__ = ["condense_question", "llm_answer"]
