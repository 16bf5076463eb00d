"""The hybrid retriever as a LangChain :class:`~langchain_core.retrievers.BaseRetriever`.

Kept apart from :mod:`assistant.retrieve` so that answering a question never imports
langchain_core's retriever and tracing machinery; ``assistant.retrieve.ReviewRetriever`` still
resolves to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.retrieve import HybridRetriever, Mode
from core.models import Filters, Passage


class ReviewRetriever(BaseRetriever):
    """LangChain retriever over :class:`HybridRetriever`; metadata carries every chunk field."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    hybrid: HybridRetriever
    k: int = 8
    filters: Filters | None = None
    mode: Mode = "hybrid"

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [
            passage_document(p)
            for p in self.hybrid.retrieve(query, self.k, self.filters, self.mode)
        ]


def passage_document(passage: Passage) -> Document:
    """A LangChain document for ``passage`` (text = the learning point's wording)."""
    meta: Mapping[str, Any] = passage.chunk.metadata()
    return Document(
        page_content=passage.chunk.text,
        metadata={**meta, "score": passage.score, "rank": passage.rank},
    )
