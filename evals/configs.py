"""The configurations an evaluation compares: each gives ranked passages and an answer per
question.

* ``default``: the assistant as the settings configure it (``retrieve()`` + ``ask()``);
* ``hybrid``: ``retrieve(mode="hybrid")`` + ``ask()`` (the same as ``default`` today);
* ``hybrid-<fusion>``: hybrid retrieval with each registered fusion method other than the
  default one (:mod:`assistant.fusion`; built in: ``hybrid-rrf``, ``hybrid-weighted``),
  answered by ``extractive_answer``, so a new fusion method is compared with no change here;
* ``bm25`` / ``dense``: the same index in one mode, answered by ``extractive_answer``;
* ``langchain-naive``: the peer baseline in :mod:`evals.baselines`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from assistant.cite import markers_in, split_claims
from assistant.fusion import FUSIONS
from assistant.retrieve import HybridRetriever
from core.config import Settings
from core.errors import ConfigError, QuestionError
from core.models import Answer, Passage
from core.protocols import Embedder

Warn = Callable[[str], None]


@dataclass(frozen=True)
class RankedPassage:
    """One retrieved passage, whatever produced it."""

    pid: str
    rank: int
    doc: str
    review: str
    learning_point: str
    text: str
    source_text: str
    score: float


@dataclass(frozen=True)
class CitedSource:
    """One citation of an answer."""

    marker: int
    doc: str
    review: str
    learning_point: str
    quote: str
    text: str
    source_text: str


@dataclass(frozen=True)
class EvalAnswer:
    abstained: bool
    text: str
    citations: tuple[CitedSource, ...] = ()
    answer_type: str = ""
    claims: tuple[tuple[int, ...], ...] = ()
    """Each answer sentence's citation markers (the assistant's ``Answer.claims``)."""

    @property
    def kind(self) -> str:
        """``direct`` / ``related`` / ``none`` (configurations without types: by abstention)."""
        return self.answer_type or ("none" if self.abstained else "direct")


@dataclass(frozen=True)
class ConfigResult:
    """A configuration's output for one question.

    ``latency_ms`` is what a user would wait for: retrieval + answer. A configuration times
    itself because the ranked list scored at k may be an extra retrieval (``default`` ranks
    with ``retrieve(k)`` but answers with ``ask()``, which retrieves again): only the answering
    path is timed, once.
    """

    ranked: list[RankedPassage]
    answer: EvalAnswer
    latency_ms: float


class EvalConfig(Protocol):
    """A configuration under evaluation: ranked passages and an answer for a question."""

    name: str
    description: str

    def warm_up(self) -> None: ...

    def run(self, question: str, k: int) -> ConfigResult: ...

    def close(self) -> None: ...


@dataclass
class EvalContext:
    """What configuration factories get: the open assistant and where the corpus is."""

    settings: Settings
    assistant: Any  # assistant.service.Assistant (imported lazily: it loads Chroma)
    embedder: Embedder
    corpus_dir: Path
    warn: Warn
    corpus_dirs: tuple[Path, ...] = ()  # every corpus folder ingested (--corpus repeated)

    @property
    def corpora(self) -> tuple[Path, ...]:
        """All corpus folders (``corpus_dir`` alone when only one was given)."""
        return self.corpus_dirs or (self.corpus_dir,)


def ranked_passages(passages: Sequence[Passage]) -> list[RankedPassage]:
    return [
        RankedPassage(
            pid=p.chunk.chunk_id,
            rank=p.rank,
            doc=p.chunk.doc_id,
            review=p.chunk.review,
            learning_point=p.chunk.learning_point,
            text=p.chunk.text,
            source_text=p.chunk.source_text,
            score=float(p.score),
        )
        for p in passages
    ]


def eval_answer(answer: Answer) -> EvalAnswer:
    return EvalAnswer(
        answer_type=answer.answer_type or "",
        abstained=answer.abstained,
        text=answer.text,
        claims=tuple(c.markers for c in answer.claims),
        citations=tuple(
            CitedSource(
                c.marker,
                c.chunk.doc_id,
                c.chunk.review,
                c.chunk.learning_point,
                c.quote,
                c.chunk.text,
                c.chunk.source_text,
            )
            for c in answer.citations
        ),
    )


class AssistantConfig:
    """The project's retriever in one mode. ``mode=None`` leaves the mode to the assistant.

    With ``use_ask`` the answer comes from ``Assistant.ask`` (guards, LLM if configured,
    extractive fallback); otherwise ``extractive_answer`` is built on this mode's passages.
    """

    def __init__(
        self,
        name: str,
        description: str,
        ctx: EvalContext,
        mode: str | None,
        use_ask: bool,
        **overrides: Any,
    ) -> None:
        self.name = name
        self.description = description
        self.assistant = ctx.assistant
        self.settings = ctx.settings
        self.mode = mode
        self.use_ask = use_ask
        # Settings overrides (e.g. another fusion) get their own retriever on the same index.
        self.retriever: HybridRetriever | None = None
        if overrides:
            self.settings = ctx.settings.model_copy(update=overrides)
            self.retriever = HybridRetriever(ctx.assistant.index, self.settings)

    def _retrieve(self, question: str, k: int) -> list[Passage]:
        if self.retriever is not None:
            return self.retriever.retrieve(question, k, mode="hybrid")
        if self.mode is None:
            return list(self.assistant.retrieve(question, k))
        return list(self.assistant.retrieve(question, k, mode=self.mode))

    def warm_up(self) -> None:
        self._retrieve("warm up the embedding model", 1)

    def run(self, question: str, k: int) -> ConfigResult:
        from assistant.answer import extractive_answer

        if self.use_ask:
            passages = self._retrieve(question, k)
            started = time.perf_counter()
            try:
                answer = eval_answer(self.assistant.ask(question))
            except QuestionError as exc:
                answer = EvalAnswer(abstained=True, text=str(exc))
            latency = time.perf_counter() - started
        else:
            started = time.perf_counter()
            passages = self._retrieve(question, max(k, self.settings.top_k))
            top = passages[: self.settings.top_k]
            # The same scope rules as the assistant. Its evidence threshold is on the dense
            # similarity's scale, so a mode without dense scores (bm25) is judged on the
            # question's dense neighbours: whether the library covers a question does not
            # depend on how the passages shown are ranked.
            evidence = top
            if top and all(p.dense_score is None for p in top):
                evidence = list(
                    self.assistant.retrieve(question, self.settings.top_k, mode="dense")
                )
            decision = self.assistant.scope().decide(
                question, evidence, self.settings.evidence_threshold
            )
            answer = eval_answer(
                extractive_answer(question, question, top, self.settings, decision=decision)
            )
            latency = time.perf_counter() - started
        return ConfigResult(ranked_passages(passages[:k]), answer, latency * 1000)

    def close(self) -> None:
        return None


class NaiveConfig:
    """``langchain-naive``: character chunks, dense search; the first chunk is the answer."""

    name = "langchain-naive"
    description = (
        "RecursiveCharacterTextSplitter(1000, 200) over raw files, same embedder, in-memory "
        "Chroma, dense search; answer = first chunk, never abstains"
    )

    def __init__(self, ctx: EvalContext) -> None:
        from evals.baselines import NaiveLangChainRetriever

        self.retriever = NaiveLangChainRetriever(
            ctx.corpora,
            ctx.embedder,
            max_bytes=int(ctx.settings.max_file_mb * 1024 * 1024),
            warn=ctx.warn,
        )

    def warm_up(self) -> None:
        self.retriever.search("warm up the embedding model", 1)

    def run(self, question: str, k: int) -> ConfigResult:
        started = time.perf_counter()
        hits = self.retriever.search(question, k)
        ranked = [
            RankedPassage(
                pid=h.pid,
                rank=i,
                doc=h.doc,
                review="",
                learning_point=f"characters {h.start}-{h.start + len(h.text)}",
                text=h.text,
                source_text=h.text,
                score=h.score,
            )
            for i, h in enumerate(hits, start=1)
        ]
        answer = EvalAnswer(abstained=False, text="")
        if ranked:
            first = ranked[0]
            citation = CitedSource(
                1, first.doc, "", first.learning_point, first.text, first.text, first.source_text
            )
            text = f"{first.text.rstrip()} [1]"
            # The peer has no checked claims: its sentences are its text's (only the last
            # carries the marker).
            claims = tuple(markers_in(s) for s in split_claims(text))
            answer = EvalAnswer(False, text, (citation,), claims=claims)
        return ConfigResult(ranked, answer, (time.perf_counter() - started) * 1000)

    def close(self) -> None:
        self.retriever.close()


Factory = Callable[[EvalContext], EvalConfig]

_BEFORE_FUSIONS: dict[str, Factory] = {
    "default": lambda ctx: AssistantConfig(
        "default", "the assistant as configured: retrieve() + ask()", ctx, None, True
    ),
    "hybrid": lambda ctx: AssistantConfig(
        "hybrid", "retrieve(mode='hybrid') + ask()", ctx, "hybrid", True
    ),
}
_AFTER_FUSIONS: dict[str, Factory] = {
    "bm25": lambda ctx: AssistantConfig(
        "bm25", "retrieve(mode='bm25') + extractive_answer()", ctx, "bm25", False
    ),
    "dense": lambda ctx: AssistantConfig(
        "dense", "retrieve(mode='dense') + extractive_answer()", ctx, "dense", False
    ),
    "langchain-naive": NaiveConfig,
}


def _fusion_config(fusion: str, description: str) -> Factory:
    name = f"hybrid-{fusion}"
    return lambda ctx: AssistantConfig(
        name, f"hybrid with {fusion} fusion: {description}", ctx, "hybrid", False, fusion=fusion
    )


def configurations() -> dict[str, Factory]:
    """Name -> factory, in table order; a ``hybrid-<fusion>`` configuration for every
    fusion method registered now other than the settings' default one."""
    default = Settings.model_fields["fusion"].default
    fusions = {
        f"hybrid-{name}": _fusion_config(name, FUSIONS.get(name).description)
        for name in FUSIONS
        if name != default
    }
    return {**_BEFORE_FUSIONS, **fusions, **_AFTER_FUSIONS}


def config_names() -> tuple[str, ...]:
    """The configuration names, in table order."""
    return tuple(configurations())


def resolve_configs(names: Sequence[str]) -> list[str]:
    """Validated, de-duplicated configuration names (all of them when ``names`` is empty)."""
    known = config_names()
    if not names:
        return list(known)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ConfigError(
            f"Unknown evaluation configuration(s): {', '.join(unknown)}. "
            f"Choose from: {', '.join(known)}."
        )
    return list(dict.fromkeys(names))


__all__ = [
    "AssistantConfig",
    "CitedSource",
    "ConfigResult",
    "EvalAnswer",
    "EvalConfig",
    "EvalContext",
    "NaiveConfig",
    "RankedPassage",
    "config_names",
    "configurations",
    "eval_answer",
    "ranked_passages",
    "resolve_configs",
]
