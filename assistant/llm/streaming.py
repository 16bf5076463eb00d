"""Streaming a chat model's reply in a worker thread, under one overall deadline."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence

from core.errors import LLMError
from core.protocols import ChatModel

TokenCallback = Callable[[str], None]

MAX_REPLY_CHARS = 8000


def stream_reply(
    chat_model: ChatModel,
    messages: Sequence[tuple[str, str]],
    timeout_s: float,
    on_token: TokenCallback | None = None,
    max_chars: int = MAX_REPLY_CHARS,
) -> str:
    """The model's whole reply, streamed in a worker thread so that ``timeout_s`` bounds the
    total time even when the model stalls. ``on_token`` runs in the calling thread.

    Raises :class:`LLMError` on any model error, an over-long reply or the deadline.
    """
    pieces: queue.Queue[tuple[str, object]] = queue.Queue()
    stop = threading.Event()

    def worker() -> None:
        try:
            stream = chat_model.stream(messages)
            try:
                for piece in stream:
                    if stop.is_set():
                        break
                    pieces.put(("token", piece))
            finally:
                close = getattr(stream, "close", None)
                if callable(close):
                    close()
        except BaseException as exc:
            pieces.put(("error", exc))
        else:
            pieces.put(("done", None))

    thread = threading.Thread(target=worker, name="llm-stream", daemon=True)
    deadline = time.monotonic() + timeout_s
    thread.start()
    received: list[str] = []
    size = 0
    try:
        while True:
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0:
                    raise queue.Empty
                kind, value = pieces.get(timeout=remaining)
            except queue.Empty:
                raise LLMError(
                    f"The language model '{chat_model.name}' did not finish within "
                    f"{timeout_s:g} s (REVIEW_ASSISTANT_LLM_TIMEOUT_S)."
                ) from None
            if kind == "done":
                break
            if kind == "error":
                if isinstance(value, LLMError):
                    raise value
                raise LLMError(
                    f"The language model '{chat_model.name}' failed: "
                    f"{type(value).__name__}: {value}"
                ) from (value if isinstance(value, BaseException) else None)
            text = value if isinstance(value, str) else str(value)
            if not text:
                continue
            received.append(text)
            size += len(text)
            if size > max_chars:
                raise LLMError(
                    f"The language model's reply exceeded {max_chars:,} characters; stopped."
                )
            if on_token is not None:
                on_token(text)
    finally:
        stop.set()
    return "".join(received)


__all__ = ["MAX_REPLY_CHARS", "TokenCallback", "stream_reply"]
