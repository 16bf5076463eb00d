"""Retrieval and citation evaluation: every configuration over one question set, in one run.

``review-assistant eval --questions FILE`` (or ``python -m evals.runner``) opens the index at
``--index-dir`` (ingesting ``--corpus`` into it first; ingest is incremental, so an up-to-date
index costs only a hash check), runs each configuration over every question, prints the
metrics side by side and optionally writes per-question results to ``--output``.

Configurations (``CONFIGS``; each gives ranked passages and an answer per question):

* ``default``: the assistant as the settings configure it (``retrieve()`` + ``ask()``);
* ``hybrid``: ``retrieve(mode="hybrid")`` + ``ask()`` (the same as ``default`` today);
* ``hybrid-rrf``: hybrid with reciprocal-rank fusion instead of min-max score fusion;
* ``bm25`` / ``dense``: the same index in one mode, answered by ``extractive_answer``;
* ``langchain-naive``: the peer baseline in :mod:`evals.baselines`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from assistant.cite import markers_in, split_claims
from assistant.retrieve import HybridRetriever
from core.config import Settings, load_settings
from core.errors import ConfigError, QuestionError, ReviewAssistantError
from core.models import Answer, Passage
from core.protocols import Embedder
from evals.metrics import (
    CHAR_BUDGET,
    Evidence,
    QuestionOutcome,
    RankedJudgement,
    cited_sentences,
    is_relevant,
    normalise,
    review_matches,
    summarise,
)

log = logging.getLogger("review_assistant.eval")

CONFIG_NAMES: tuple[str, ...] = (
    "default",
    "hybrid",
    "hybrid-rrf",
    "bm25",
    "dense",
    "langchain-naive",
)
REQUIRED_FIELDS: tuple[tuple[str, type | tuple[type, ...]], ...] = (
    ("id", str),
    ("question", str),
    ("answerable", bool),
    ("relevant", list),
    ("review_any", list),
)
Warn = Callable[[str], None]
ProgressFn = Callable[[str, int, int], None]
"""``progress(config, done, total)`` after each question."""


# -- the questions file ------------------------------------------------------------------


class QuestionsFileError(ReviewAssistantError):
    """The questions file cannot be used; the message names the file, line and field."""

    def __init__(
        self, path: Path, line: int | None, problem: str, field_name: str | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.field = field_name
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Question:
    """One line of the questions file."""

    qid: str
    question: str
    answerable: bool
    relevant: tuple[Evidence, ...]
    review_any: tuple[str, ...]
    line: int = 0
    expect: str = ""
    """The answer type expected: ``direct`` (answerable), ``none`` (default when unanswerable)
    or ``related`` (a near-topic question the library does not answer)."""

    @property
    def expected_type(self) -> str:
        return self.expect or ("direct" if self.answerable else "none")


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", bool: "true or false", list: "a list", dict: "an object"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def parse_question(record: Any, path: Path, line: int) -> Question:
    """Validate one decoded line (raises :class:`QuestionsFileError`)."""
    if not isinstance(record, dict):
        raise QuestionsFileError(path, line, "each line must be a JSON object ({...})")
    for name, kind in REQUIRED_FIELDS:
        if name not in record:
            raise QuestionsFileError(path, line, f"missing field '{name}'", name)
        if not isinstance(record[name], kind):
            raise QuestionsFileError(
                path,
                line,
                f"field '{name}' must be {_type_name(kind)}, "
                f"got {json.dumps(record[name], ensure_ascii=False)[:60]}",
                name,
            )
    for name in ("id", "question"):
        if not record[name].strip():
            raise QuestionsFileError(path, line, f"field '{name}' is empty", name)
    evidence: list[Evidence] = []
    for position, entry in enumerate(record["relevant"], start=1):
        where = f"relevant[{position}]"
        if not isinstance(entry, dict):
            raise QuestionsFileError(
                path,
                line,
                f"field '{where}' must be an object with 'doc' and 'contains'",
                "relevant",
            )
        for key in ("doc", "contains"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise QuestionsFileError(
                    path,
                    line,
                    f"field '{where}.{key}' is missing or not a non-empty string",
                    f"relevant.{key}",
                )
        evidence.append(Evidence(entry["doc"], entry["contains"]))
    for position, value in enumerate(record["review_any"], start=1):
        if not isinstance(value, str):
            raise QuestionsFileError(
                path, line, f"field 'review_any[{position}]' must be a string", "review_any"
            )
    expect = record.get("expect", "")
    if expect not in ("", "direct", "related", "none"):
        raise QuestionsFileError(
            path,
            line,
            f'field \'expect\' must be "direct", "related" or "none", got {expect!r}',
            "expect",
        )
    if record["answerable"] and expect in ("related", "none"):
        raise QuestionsFileError(
            path, line, f"an answerable question cannot expect '{expect}'", "expect"
        )
    return Question(
        expect=expect,
        qid=record["id"].strip(),
        question=record["question"],
        answerable=record["answerable"],
        relevant=tuple(evidence),
        review_any=tuple(record["review_any"]),
        line=line,
    )


def load_questions(path: Path, warn: Warn | None = None) -> list[Question]:
    """Read and validate a questions JSONL file (blank lines are skipped)."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuestionsFileError(path, None, "does not exist; check the path") from None
    except UnicodeDecodeError as exc:
        raise QuestionsFileError(path, None, f"is not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise QuestionsFileError(path, None, f"cannot be read ({exc.strerror})") from None
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for number, text in enumerate(raw.splitlines(), start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise QuestionsFileError(
                path, number, f"malformed JSON ({exc.msg} at column {exc.colno})"
            ) from None
        question = parse_question(record, path, number)
        if question.qid in seen:
            raise QuestionsFileError(
                path,
                number,
                f"duplicate id '{question.qid}' (first used on line {seen[question.qid]})",
                "id",
            )
        seen[question.qid] = number
        if warn is not None:
            if question.answerable and not question.relevant:
                warn(
                    f"{path}, line {number}: '{question.qid}' is answerable but lists no "
                    "'relevant' evidence, so it can never be recalled"
                )
            if not question.answerable and question.relevant:
                warn(
                    f"{path}, line {number}: '{question.qid}' is unanswerable; its "
                    "'relevant' entries are ignored"
                )
        questions.append(question)
    if not questions:
        raise QuestionsFileError(path, None, "holds no questions")
    return questions


# -- what a configuration returns ---------------------------------------------------------


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


def _ranked(passages: Sequence[Passage]) -> list[RankedPassage]:
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


def _eval_answer(answer: Answer) -> EvalAnswer:
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
                answer = _eval_answer(self.assistant.ask(question))
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
            answer = _eval_answer(
                extractive_answer(question, question, top, self.settings, decision=decision)
            )
            latency = time.perf_counter() - started
        return ConfigResult(_ranked(passages[:k]), answer, latency * 1000)

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


CONFIGS: dict[str, Callable[[EvalContext], EvalConfig]] = {
    "default": lambda ctx: AssistantConfig(
        "default", "the assistant as configured: retrieve() + ask()", ctx, None, True
    ),
    "hybrid": lambda ctx: AssistantConfig(
        "hybrid", "retrieve(mode='hybrid') + ask()", ctx, "hybrid", True
    ),
    "hybrid-rrf": lambda ctx: AssistantConfig(
        "hybrid-rrf",
        "hybrid with reciprocal-rank fusion (the default before min-max fusion)",
        ctx,
        "hybrid",
        False,
        fusion="rrf",
    ),
    "bm25": lambda ctx: AssistantConfig(
        "bm25", "retrieve(mode='bm25') + extractive_answer()", ctx, "bm25", False
    ),
    "dense": lambda ctx: AssistantConfig(
        "dense", "retrieve(mode='dense') + extractive_answer()", ctx, "dense", False
    ),
    "langchain-naive": NaiveConfig,
}
"""Name -> factory. Add a configuration by adding a factory here (see README-maintainers)."""


def resolve_configs(names: Sequence[str]) -> list[str]:
    """Validated, de-duplicated configuration names (all of them when ``names`` is empty)."""
    if not names:
        return list(CONFIGS)
    unknown = [n for n in names if n not in CONFIGS]
    if unknown:
        raise ConfigError(
            f"Unknown evaluation configuration(s): {', '.join(unknown)}. "
            f"Choose from: {', '.join(CONFIGS)}."
        )
    return list(dict.fromkeys(names))


# -- judging --------------------------------------------------------------------------------


def _judge(
    question: Question, ranked: Sequence[RankedPassage], answer: EvalAnswer, latency_ms: float
) -> QuestionOutcome:
    evidence = question.relevant if question.answerable else ()
    judgements = [
        RankedJudgement(p.pid, is_relevant(p.doc, (p.text, p.source_text), evidence), len(p.text))
        for p in ranked
    ]
    first_relevant: bool | None = None
    first_review: bool | None = None
    if answer.citations:
        first = answer.citations[0]
        first_relevant = is_relevant(first.doc, (first.text, first.source_text), evidence)
        first_review = review_matches(first.review, question.review_any)
    sentences, cited = (0, 0)
    if not answer.abstained:
        sentences, cited = cited_sentences(answer.claims, [c.marker for c in answer.citations])
    return QuestionOutcome(
        qid=question.qid,
        answerable=question.answerable,
        ranked=judgements,
        abstained=answer.abstained,
        answer_type=answer.kind,
        expected_type=question.expected_type,
        first_citation_relevant=first_relevant,
        first_citation_review_ok=first_review,
        sentences=sentences,
        cited_sentences=cited,
        latency_ms=latency_ms,
    )


def _question_record(
    question: Question,
    ranked: Sequence[RankedPassage],
    answer: EvalAnswer,
    outcome: QuestionOutcome,
) -> dict[str, Any]:
    return {
        "id": question.qid,
        "question": question.question,
        "answerable": question.answerable,
        "latency_ms": round(outcome.latency_ms, 2),
        "first_relevant_rank": outcome.first_hit,
        "retrieved": [
            {
                "rank": p.rank,
                "doc": p.doc,
                "review": p.review,
                "learning_point": p.learning_point,
                "text": p.text,
                "score": round(p.score, 6),
                "relevant": j.relevant,
            }
            for p, j in zip(ranked, outcome.ranked, strict=True)
        ],
        "expect": question.expected_type,
        "answer": {
            "abstained": answer.abstained,
            "answer_type": answer.kind,
            "text": answer.text,
            "citations": [
                {
                    "doc": c.doc,
                    "review": c.review,
                    "learning_point": c.learning_point,
                    "quote": c.quote,
                }
                for c in answer.citations
            ],
            "first_citation_relevant": outcome.first_citation_relevant,
            "first_citation_review_ok": outcome.first_citation_review_ok,
        },
    }


def evaluate_config(
    config: EvalConfig, questions: Sequence[Question], k: int, progress: ProgressFn | None = None
) -> dict[str, Any]:
    """Run one configuration over ``questions``: its metrics and per-question records."""
    config.warm_up()
    outcomes: list[QuestionOutcome] = []
    records: list[dict[str, Any]] = []
    for done, question in enumerate(questions, start=1):
        result = config.run(question.question, k)
        outcome = _judge(question, result.ranked, result.answer, result.latency_ms)
        outcomes.append(outcome)
        records.append(_question_record(question, result.ranked, result.answer, outcome))
        if progress is not None:
            progress(config.name, done, len(questions))
    cutoffs = sorted({min(5, k), k})
    return {
        "description": config.description,
        "metrics": summarise(outcomes, cutoffs, k),
        "questions": records,
    }


# -- the run --------------------------------------------------------------------------------


@dataclass
class _Warnings:
    sink: Warn | None
    seen: list[str] = field(default_factory=list)

    def __call__(self, message: str) -> None:
        if message in self.seen:
            return
        self.seen.append(message)
        if self.sink is not None:
            self.sink(message)
        else:
            log.warning("%s", message)


def _check_against_index(
    questions: Sequence[Question],
    questions_path: Path,
    assistant: Any,
    corpus_docs: set[str],
    warn: Warn,
) -> None:
    """Warn about unknown doc ids, evidence no learning point contains, and extra docs."""
    indexed = set(assistant.documents())
    extra = sorted(indexed - corpus_docs)
    if extra:
        warn(
            f"the index also holds documents that are not in the corpus folder: "
            f"{', '.join(extra)} (they can be retrieved and lower the scores)"
        )
    chunks = assistant.chunks()
    texts: dict[str, list[str]] = {}
    for chunk in chunks:
        texts.setdefault(chunk.doc_id, []).append(
            normalise(chunk.text) + "\n" + normalise(chunk.source_text)
        )
    for question in questions:
        if not question.answerable:
            continue
        for entry in question.relevant:
            if entry.doc not in indexed:
                warn(
                    f"{questions_path}, line {question.line}: '{question.qid}' names unknown "
                    f"doc id '{entry.doc}' (indexed: {', '.join(sorted(indexed))})"
                )
                continue
            if not any(entry.span in text for text in texts.get(entry.doc, [])):
                warn(
                    f"{questions_path}, line {question.line}: '{question.qid}': no indexed "
                    f"learning point of '{entry.doc}' contains \"{entry.contains}\""
                )


def _corpus_folders(
    corpus_dir: Path | Sequence[Path] | None, settings: Settings
) -> tuple[Path, ...]:
    """The corpus folders to ingest: those given (one or several), else the settings' one."""
    if corpus_dir is None or (not isinstance(corpus_dir, Path) and not corpus_dir):
        given: Sequence[Path] = [settings.corpus_dir]
    elif isinstance(corpus_dir, Path):
        given = [corpus_dir]
    else:
        given = list(corpus_dir)
    folders: list[Path] = []
    for folder in given:
        folder = Path(folder).expanduser()
        if not folder.is_dir():
            raise ConfigError(
                f"The corpus folder {folder} does not exist or is not a folder; "
                "pass --corpus DIR (repeat it for several folders)"
            )
        if folder not in folders:
            folders.append(folder)
    return tuple(folders)


def library_fingerprint(
    documents: Mapping[str, Mapping[str, Any]], corpus_docs: set[str]
) -> dict[str, Any]:
    """What the eval measured: each indexed document's id, the SHA-256 of its file's bytes
    and its index key (bytes + parser version + chunk size + model), one digest over all of
    them (equal digests = the same library, parsed and embedded the same way) and the
    documents beyond the question set's corpus."""
    keys = {doc_id: str(record.get("doc_hash", "")) for doc_id, record in documents.items()}
    digest = hashlib.sha256(
        "\n".join(f"{doc_id}\t{keys[doc_id]}" for doc_id in sorted(keys)).encode("utf-8")
    ).hexdigest()
    return {
        "fingerprint": digest,
        "documents": {
            doc_id: {
                "content_sha256": _file_sha256(Path(str(documents[doc_id].get("source", "")))),
                "index_key": keys[doc_id],
            }
            for doc_id in sorted(keys)
        },
        "beyond_corpus": sorted(set(keys) - corpus_docs),
    }


def _file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return None


def run_eval(
    questions_path: Path,
    settings: Settings,
    configs: Sequence[str],
    k: int = 10,
    output: Path | None = None,
    embedder: Embedder | None = None,
    corpus_dir: Path | Sequence[Path] | None = None,
    *,
    warn: Warn | None = None,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Evaluate ``configs`` (all when empty) on the questions and return the results dict.

    The index at ``settings.index_dir`` is brought up to date with ``corpus_dir`` (default
    ``settings.corpus_dir``; several folders, e.g. the development briefs beside
    ``corpus/``, are ingested together) first. ``output``, when given, receives the results
    as JSON.
    """
    if k < 1:
        raise ConfigError(f"k must be at least 1 (got {k})")
    warnings = _Warnings(warn)
    questions_path = Path(questions_path)
    questions = load_questions(questions_path, warnings)
    names = resolve_configs(configs)
    corpora = _corpus_folders(corpus_dir, settings)
    corpus = corpora[0]

    from assistant.service import Assistant

    assistant = Assistant.open(settings, embedder=embedder)
    report = assistant.ingest(list(corpora))
    for failure in report.failed:
        warnings(f"ingest: {failure.path}: {failure.reason}")
    if assistant.is_empty():
        raise ConfigError(
            f"The index at {settings.index_dir} is empty after ingesting "
            f"{', '.join(map(str, corpora))}; check the corpus folder"
        )
    corpus_docs = {
        o.doc_id for o in report.outcomes if o.status in ("added", "updated", "unchanged")
    }
    _check_against_index(questions, questions_path, assistant, corpus_docs, warnings)

    ctx = EvalContext(
        settings, assistant, assistant.index.embedder, corpus, warnings, corpus_dirs=corpora
    )
    results: dict[str, Any] = {"meta": {}, "configs": {}}
    for name in names:
        config = CONFIGS[name](ctx)
        try:
            results["configs"][name] = evaluate_config(config, questions, k, progress)
        finally:
            config.close()
    results["meta"] = {
        "questions_file": str(questions_path),
        "questions": len(questions),
        "k": k,
        "corpus": ", ".join(str(c) for c in corpora),
        "index_dir": str(settings.index_dir),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "embedding_model": settings.embedding_model
        if embedder is None
        else type(embedder).__name__,
        "settings": {
            "top_k": settings.top_k,
            "abstain_threshold": settings.evidence_threshold,
            "fusion": settings.fusion,
            "llm_backend": settings.llm_backend,
        },
        "ingest": {
            status: report.count(status)
            for status in ("added", "updated", "unchanged", "removed", "failed")
        },
        "char_budget": CHAR_BUDGET,
        "library": library_fingerprint(assistant.documents(), corpus_docs),
        "warnings": list(warnings.seen),
    }
    # meta first in the file
    results = {"meta": results["meta"], "configs": results["configs"]}
    if output is not None:
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return results


# -- the terminal table -------------------------------------------------------------------

_LABELS: dict[str, str] = {
    f"recall@{CHAR_BUDGET}c": f"Recall@{CHAR_BUDGET:,} chars",
    "answered_answerable": "Answered: answerable",
    "abstained_unanswerable": "Abstained: unanswerable",
    "answerable_direct": "Direct: answerable",
    "near_topic_not_direct": "Not direct: near-topic",
    "unanswerable_not_direct": "Not direct: unanswerable",
    "false_abstentions": "False abstentions",
    "citation_accuracy": "Citation accuracy",
    "review_attribution": "Review attribution",
    "cited_sentence_share": "Sentences cited",
    "latency_p50_ms": "Latency p50 (ms)",
    "latency_p95_ms": "Latency p95 (ms)",
}
_LOWER_IS_BETTER = {"false_abstentions", "latency_p50_ms", "latency_p95_ms"}
_NOT_SHOWN = {"questions", "answerable", "unanswerable", "near_topic"}


def _label(key: str) -> str:
    if key in _LABELS:
        return _LABELS[key]
    name, _, cutoff = key.partition("@")
    pretty = {"recall": "Recall", "mrr": "MRR", "ndcg": "nDCG"}.get(name, name)
    return f"{pretty}@{cutoff}" if cutoff else pretty


def _format(key: str, value: float | int) -> str:
    if key.endswith("_ms"):
        return f"{value:,.0f}"
    if isinstance(value, int):
        return str(value)
    return f"{value:.3f}"


def metrics_table(results: dict[str, Any]) -> Any:
    """A rich table: one row per metric, one column per configuration (best in bold)."""
    from rich.markup import escape
    from rich.table import Table

    configs: dict[str, Any] = results["configs"]
    meta = results.get("meta", {})
    first: dict[str, Any] = next(iter(configs.values()), {"metrics": {}})
    counts = first["metrics"]
    table = Table(
        title=f"Retrieval and citation evaluation (k={meta.get('k', '?')}, "
        f"{counts.get('answerable', 0)} answerable + {counts.get('unanswerable', 0)} "
        "unanswerable questions)",
    )
    table.add_column("metric")
    for name in configs:
        table.add_column(escape(name), justify="right")
    for key in first["metrics"]:
        if key in _NOT_SHOWN:
            continue
        values = [configs[n]["metrics"].get(key) for n in configs]
        present = [v for v in values if v is not None]
        best = (min(present) if key in _LOWER_IS_BETTER else max(present)) if present else None
        cells = []
        for value in values:
            if value is None:
                cells.append("—")
                continue
            text = _format(key, value)
            cells.append(f"[bold]{text}[/bold]" if len(configs) > 1 and value == best else text)
        table.add_row(_label(key), *cells)
    return table


def missed(results: dict[str, Any], config: str) -> list[dict[str, Any]]:
    """Answerable questions with no relevant passage in ``config``'s top k."""
    return [
        q
        for q in results["configs"][config]["questions"]
        if q["answerable"] and q["first_relevant_rank"] is None
    ]


def eval_command(
    questions: Path,
    k: int,
    configs: list[str],
    output: Path | None,
    index_dir: Path | None,
    corpus_dir: Path | Sequence[Path] | None,
    publish: Path | None = None,
) -> int:
    """``review-assistant eval``: print the metrics table; 0 on success, 2 on an error.

    ``corpus_dir`` may be several folders (``--corpus`` repeated): all are ingested.
    ``publish``: also write the default configuration's summary there (``--publish``).
    """
    folders = [corpus_dir] if isinstance(corpus_dir, Path) else list(corpus_dir or [])
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console()
    err = Console(stderr=True)
    try:
        settings = load_settings(index_dir=index_dir, corpus_dir=folders[0] if folders else None)
    except Exception as exc:  # pydantic ValidationError: name the bad setting
        err.print(f"[red]Invalid configuration:[/red] {escape(str(exc))}")
        return 2

    def warn(message: str) -> None:
        err.print(f"[yellow]warning:[/yellow] {escape(message)}", highlight=False)

    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err,
            transient=True,
        ) as bar:
            tasks: dict[str, Any] = {}

            def progress(name: str, done: int, total: int) -> None:
                if name not in tasks:
                    tasks[name] = bar.add_task(f"eval {name}", total=total)
                bar.update(tasks[name], completed=done)

            results = run_eval(
                questions,
                settings,
                configs,
                k=k,
                output=output,
                corpus_dir=folders or None,
                warn=warn,
                progress=progress,
            )
    except ReviewAssistantError as exc:
        err.print(f"[red]Error:[/red] {escape(str(exc))}", highlight=False)
        return 2
    finally:
        from ingest.index import close_index

        close_index(settings)
    console.print(metrics_table(results))
    focus = "default" if "default" in results["configs"] else next(iter(results["configs"]))
    misses = missed(results, focus)
    if misses:
        console.print(
            f"{focus}: {len(misses)} answerable question(s) with no relevant passage "
            f"in the top {k}: " + escape(", ".join(str(q["id"]) for q in misses)),
            highlight=False,
        )
    if output is not None:
        console.print(f"Per-question results written to {escape(str(output))}", highlight=False)
    if publish is not None:
        from assistant.about import publish as write_published

        try:
            write_published(results, publish)
        except (ReviewAssistantError, OSError) as exc:
            err.print(f"[red]Not published:[/red] {escape(str(exc))}", highlight=False)
            return 2
        console.print(f"Published summary written to {escape(str(publish))}", highlight=False)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m evals.runner``: the same options as ``review-assistant eval``."""
    parser = argparse.ArgumentParser(
        prog="python -m evals.runner",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--questions",
        type=Path,
        default=Path(__file__).resolve().parent / "questions.jsonl",
        help="Questions JSONL file (default: evals/questions.jsonl).",
    )
    parser.add_argument("--k", type=int, default=10, help="Passages ranked per question.")
    parser.add_argument(
        "--config",
        action="append",
        default=[],
        choices=list(CONFIGS),
        help="Configuration to evaluate (repeatable; default: all).",
    )
    parser.add_argument("--output", type=Path, default=None, help="Write results JSON here.")
    parser.add_argument("--index-dir", type=Path, default=None, help="Index folder.")
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        default=None,
        help="Corpus folder (repeatable: e.g. corpus/ and the built dev briefs).",
    )
    args = parser.parse_args(argv)
    return eval_command(
        args.questions, args.k, args.config, args.output, args.index_dir, args.corpus
    )


if __name__ == "__main__":
    sys.exit(main())
