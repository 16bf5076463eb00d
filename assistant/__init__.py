"""Answering: retrieve -> scope -> answer -> cite -> render, and the service that composes
them with ``ingest``.

Read first: :class:`assistant.service.Assistant` (also ``from assistant import Assistant``):
``open``, ``ingest``, ``ask``, ``retrieve``, ``corpus`` and the library operations. The
front ends (``ui``) and the evals use only the modules in :data:`PUBLIC_MODULES`
(``tests/test_architecture.py`` checks it); the others are the stages behind ``Assistant.ask``.

Importing the package registers the built-in extensions (fusion methods in
:mod:`assistant.fusion`, LLM backends in :mod:`assistant.llm.backends`), so the settings
that name one (``fusion``, ``llm_backend``) are checked against every registered name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant import fusion as fusion
from assistant.llm import backends as backends

if TYPE_CHECKING:
    from assistant.service import Assistant

PUBLIC_MODULES: tuple[str, ...] = (
    "service",  # Assistant: the one entry point for asking, ingesting and the library
    "library",  # uploads, origins, supported upload types
    "render",  # terminal and Markdown rendering, the one Markdown escaper
    "compare",  # learning across reviews
    "profiles",  # review profiles
    "about",  # published accuracy and the limits statement
    "feedback",  # practitioners' ratings
    "page_image",  # the cited page as published
    "fusion",  # the fusion registry (extension point)
    "llm",  # assistant.llm.backends: the LLM backend registry (extension point)
    "retrieve",  # HybridRetriever, for the evals' retrieval-only configurations
    "cite",  # claim splitting and markers, for the evals' peer configurations
    "answer",  # extractive_answer, for the evals' retrieval-only configurations
    "langchain_retriever",  # the LangChain BaseRetriever adapter
)
"""The modules other packages may import (internal stages: scope, evidence, lexicon,
conversation, currency, guards, validate)."""

__all__ = ["PUBLIC_MODULES", "Assistant", "backends", "fusion"]


def __getattr__(name: str) -> Any:
    # Lazy, so ``import assistant.render`` (or a cold ``review-assistant ask``) does not load
    # the whole service.
    if name == "Assistant":
        from assistant.service import Assistant

        return Assistant
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
