"""The single settings object. Every field can be set by an environment variable
``REVIEW_ASSISTANT_<FIELD>`` (e.g. ``REVIEW_ASSISTANT_INDEX_DIR``) or overridden by CLI flags."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.registry import check_setting

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_MODEL = "bundled:all-MiniLM-L6-v2"
E5_MODEL = "bundled:multilingual-e5-small"

ABSTAIN_THRESHOLDS: dict[str, float] = {E5_MODEL: 0.345, BUNDLED_MODEL: -0.17}
"""Evidence thresholds calibrated on the two development question sets (the midpoint between
the weakest answerable question and the strongest unanswerable one the other scope rules let
through). Each model has its own similarity scale: e5's cosines sit in 0.7-0.9, MiniLM's in
0.1-0.7. A local model folder gets MiniLM's; calibrate it with ``review-assistant eval``."""


class Settings(BaseSettings):
    """Runtime configuration (see the README's configuration table)."""

    model_config = SettingsConfigDict(
        env_prefix="REVIEW_ASSISTANT_", extra="forbid", frozen=True, validate_default=True
    )

    # -- corpus and index -------------------------------------------------------------
    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Folder of review briefs.")
    index_dir: Path = Field(
        PROJECT_ROOT / ".review-assistant" / "index",
        description="Embedded Chroma + BM25 index folder.",
    )
    library_dir: Path = Field(
        PROJECT_ROOT / ".review-assistant" / "library",
        description="The user's own briefs (uploads); kept apart from the bundled corpus_dir, "
        "which is read-only input. A plain 'ingest' reads both.",
    )
    collection: str = Field("review_learning", min_length=3, description="Chroma collection.")
    chroma_host: str | None = Field(None, description="Chroma server host; unset = embedded.")
    chroma_port: int = Field(8000, ge=1, le=65535, description="Chroma server port.")
    embedding_model: str = Field(
        E5_MODEL,
        description="'bundled:multilingual-e5-small', 'bundled:all-MiniLM-L6-v2' or a local "
        "sentence-transformers folder. Changing it re-embeds everything at the next ingest.",
    )
    embed_batch_size: int = Field(64, ge=1, le=4096)
    max_file_mb: float = Field(25.0, gt=0, description="Largest document accepted, in MB.")
    max_chunk_chars: int = Field(1000, ge=200, le=4000)
    parse_timeout_s: float = Field(
        120.0, gt=0, description="Time budget for reading one document; longer = refused."
    )
    max_pdf_pages: int = Field(1000, ge=1, description="Largest PDF accepted, in pages.")
    max_unpacked_mb: float = Field(
        50.0, gt=0, description="Largest total unpacked size of a .docx (zip), in MB."
    )
    max_compression_ratio: float = Field(
        100.0, gt=1, description="Largest unpacked/packed size ratio of a .docx (zip bombs)."
    )

    # -- retrieval and answering -------------------------------------------------------
    top_k: int = Field(8, ge=1, le=50, description="Passages retrieved per question.")
    fusion: str = Field(
        "minmax",
        description="How dense and BM25 results are combined: a method registered in "
        "assistant.fusion (built in: minmax, rrf, weighted).",
    )
    rrf_k: int = Field(
        10, ge=1, description="Reciprocal-rank constant (rrf fusion; the section-intent decay)."
    )
    dense_weight: float = Field(1.0, ge=0)
    bm25_weight: float = Field(1.0, ge=0)
    intent_weight: float = Field(
        1.0, ge=0, description="Weight of the section the question asks for (e.g. good practice)."
    )
    abstain_threshold: float | None = Field(
        None,
        ge=-1,
        le=1,
        description="Evidence score (best dense similarity minus the share of the question's "
        "words unknown to the library) below which the assistant abstains; unset = the value "
        "calibrated for the embedding model (see ABSTAIN_THRESHOLDS).",
    )
    exact_search_max: int = Field(
        10_000,
        ge=0,
        description="Libraries of up to this many chunks are searched exactly (every vector "
        "compared, in memory); larger ones by Chroma's approximate HNSW index. 0: always HNSW.",
    )
    max_answer_points: int = Field(5, ge=1, le=12)
    max_question_chars: int = Field(2000, ge=50)

    # -- optional LLM backend ----------------------------------------------------------
    llm_backend: str = Field(
        "none",
        description="'none' (extractive answers) or a backend registered in "
        "assistant.llm.backends (built in: openai, ollama, llama-cpp).",
    )
    llm_model: str = Field("", description="Model name for the LLM backend.")
    llm_base_url: str | None = Field(None, description="OpenAI-compatible or Ollama URL.")
    llm_api_key: str = Field("not-needed", description="API key for the OpenAI-compatible URL.")
    llm_timeout_s: float = Field(60.0, gt=0)
    support_threshold: float = Field(
        0.5, ge=0, le=1, description="Minimum support of a cited passage for an LLM sentence."
    )

    # -- UI, feedback, privacy -----------------------------------------------------------
    feedback_enabled: bool = True
    feedback_db: Path = Field(PROJECT_ROOT / ".review-assistant" / "feedback.sqlite3")
    upload_max_mb: float = Field(10.0, gt=0)
    log_questions: bool = Field(False, description="Write questions to the log (off by default).")

    @field_validator("corpus_dir", "index_dir", "feedback_db", "library_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator("fusion", "llm_backend")
    @classmethod
    def _registered(cls, value: str, info: ValidationInfo) -> str:
        # A name no registry holds raises ConfigError (naming the setting and the choices),
        # which pydantic passes through unwrapped.
        if info.field_name == "llm_backend" and value == "none":
            return value
        return check_setting(str(info.field_name), value)

    @property
    def evidence_threshold(self) -> float:
        """``abstain_threshold`` if set, else the one calibrated for ``embedding_model``."""
        if self.abstain_threshold is not None:
            return self.abstain_threshold
        return ABSTAIN_THRESHOLDS.get(self.embedding_model, ABSTAIN_THRESHOLDS[BUNDLED_MODEL])

    @property
    def server_mode(self) -> bool:
        """True when a Chroma server is configured instead of the embedded store."""
        return bool(self.chroma_host)


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (e.g. from CLI flags) on top.

    ``None`` overrides are ignored so that unset CLI flags keep the environment's value.
    """
    given = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**given)  # type: ignore[arg-type]
