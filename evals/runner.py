"""Retrieval and citation evaluation: every configuration over one question set, in one run.

``review-assistant eval --questions FILE`` (or ``python -m evals.runner``) opens the index at
``--index-dir`` (ingesting ``--corpus`` into it first; ingest is incremental, so an up-to-date
index costs only a hash check), runs each configuration over every question, prints the
metrics side by side and optionally writes per-question results to ``--output``.

The parts: the questions file (:mod:`evals.questions`), the configurations
(:mod:`evals.configs`), judging (:mod:`evals.judge`), the metrics, declared once
(:mod:`evals.metrics`), and the table and publishing (:mod:`evals.report`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.config import Settings, load_settings
from core.errors import ConfigError, ReviewAssistantError
from core.protocols import Embedder
from evals.configs import EvalContext, Warn, config_names, configurations, resolve_configs
from evals.judge import ProgressFn, evaluate_config
from evals.metrics import CHAR_BUDGET, normalise
from evals.questions import Question, load_questions
from evals.report import metrics_table, missed
from evals.report import publish as publish_summary

log = logging.getLogger("review_assistant.eval")


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
    factories = configurations()
    for name in names:
        config = factories[name](ctx)
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


ProgressBar = Callable[[], AbstractContextManager[ProgressFn | None]]
"""Opens a progress display for the run and yields its callback (``None``: no display)."""


def _no_bar() -> AbstractContextManager[ProgressFn | None]:
    return nullcontext(None)


def eval_command(
    questions: Path,
    k: int,
    configs: list[str],
    output: Path | None,
    index_dir: Path | None,
    corpus_dir: Path | Sequence[Path] | None,
    publish: Path | None = None,
    progress_bar: ProgressBar | None = None,
) -> int:
    """``review-assistant eval``: print the metrics table; 0 on success, 2 on an error.

    ``corpus_dir`` may be several folders (``--corpus`` repeated): all are ingested.
    ``publish``: also write the default configuration's summary there (``--publish``).
    ``progress_bar``: opened around the run, yields the callback told of each question
    (the CLI's bar; none by default).
    """
    folders = [corpus_dir] if isinstance(corpus_dir, Path) else list(corpus_dir or [])
    from rich.console import Console
    from rich.markup import escape

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
        with (progress_bar or _no_bar)() as progress:
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
        try:
            publish_summary(results, publish)
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
        choices=list(config_names()),
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
