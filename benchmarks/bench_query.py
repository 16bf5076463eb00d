"""Warm query latency over the dev questions, beside the bare query-embedding time.

    python benchmarks/bench_query.py                # embedded Chroma, temp index of corpus/
    python benchmarks/bench_query.py --server       # the same through a `chroma run` server
    python benchmarks/bench_query.py --rounds 5

For every question of ``evals/questions.jsonl`` (110), in each round, one after the other:
``embed_query`` (the floor: the real model, as retrieval calls it), ``Assistant.retrieve`` (hybrid
dense + BM25, top_k) and ``Assistant.ask`` (retrieval + extractive answer with citations).
Interleaving them means load changes on the machine hit all three alike. The components of
retrieval besides the embedding (Chroma query, BM25 search, generation check) are timed on
their own too.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    CORPUS,
    chroma_server,
    finish,
    header,
    now,
    p50,
    p95,
    questions,
    table,
    time_each,
    verdict,
)


@contextlib.contextmanager
def _settings(work: Path, server: bool) -> Iterator[object]:
    from core.config import Settings

    if not server:
        yield Settings(index_dir=work / "index", corpus_dir=CORPUS)
        return
    with chroma_server(work / "chroma-server") as (host, port):
        yield Settings(
            index_dir=work / "index", corpus_dir=CORPUS, chroma_host=host, chroma_port=port
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes over the questions")
    parser.add_argument("--server", action="store_true", help="use a `chroma run` server")
    parser.add_argument("--keep", action="store_true", help="keep the temp work folder")
    args = parser.parse_args()
    header("bench_query")

    from assistant.service import Assistant
    from core.models import Filters

    work = Path(tempfile.mkdtemp(prefix="bench-query-"))
    with _settings(work, args.server) as settings:
        assistant = Assistant.open(settings)  # type: ignore[arg-type]
        start = now()
        assistant.ingest([CORPUS])
        print(
            f"mode: {'server (HttpClient)' if args.server else 'embedded'}; ingest of "
            f"corpus/ ({assistant.index.store.count()} chunks): {now() - start:.1f} s"
        )
        embedder = assistant.index.embedder
        store = assistant.index.store
        qs = questions()
        for q in qs[:10]:  # warm-up
            assistant.ask(q)

        embed: list[float] = []
        retrieve: list[float] = []
        ask: list[float] = []
        for _ in range(args.rounds):
            for q in qs:
                time_each(
                    q,
                    (embed, embedder.embed_query),
                    (retrieve, assistant.retrieve),
                    (ask, assistant.ask),
                )

        # Components of retrieval besides the query embedding.
        vectors = [embedder.embed_query(q) for q in qs]
        chunks, bm25 = assistant.index.snapshot()
        doc = chunks[0].doc_id
        parts: dict[str, list[float]] = {
            "chroma query (k=40)": [],
            "chroma query + doc filter": [],
            "bm25 search (k=40)": [],
            "snapshot/generation": [],
            "retrieve, doc filter": [],
        }
        for q, v in zip(qs, vectors, strict=True):
            t0 = now()
            store.query(v, 40)
            t1 = now()
            store.query(v, 40, Filters(doc=doc))
            t2 = now()
            bm25.search(q, 40)
            t3 = now()
            assistant.index.snapshot()
            t4 = now()
            assistant.retrieve(q, filters=Filters(doc=doc))
            t5 = now()
            parts["chroma query (k=40)"].append(t1 - t0)
            parts["chroma query + doc filter"].append(t2 - t1)
            parts["bm25 search (k=40)"].append(t3 - t2)
            parts["snapshot/generation"].append(t4 - t3)
            parts["retrieve, doc filter"].append(t5 - t4)

    n = len(embed)
    ratio = p50(retrieve) / p50(embed)
    print(f"{n} timed questions ({len(qs)} x {args.rounds} rounds), warm process")
    print()
    table(
        [
            ["embed_query (floor)", f"{p50(embed) * 1000:.1f}", f"{p95(embed) * 1000:.1f}", "-"],
            [
                "retrieve (hybrid, top_k)",
                f"{p50(retrieve) * 1000:.1f}",
                f"{p95(retrieve) * 1000:.1f}",
                f"{ratio:.2f}x floor, target <= 1.5x: {verdict(ratio <= 1.5)}",
            ],
            [
                "ask (retrieve + answer)",
                f"{p50(ask) * 1000:.1f}",
                f"{p95(ask) * 1000:.1f}",
                f"{p50(ask) / p50(embed):.2f}x floor, target <= 1.2x: "
                f"{verdict(p50(ask) / p50(embed) <= 1.2)}",
            ],
            *[
                [name, f"{p50(v) * 1000:.2f}", f"{p95(v) * 1000:.2f}", "component"]
                for name, v in parts.items()
            ],
        ],
        ["step", "p50 ms", "p95 ms", "note"],
    )
    finish(work, args.keep)


if __name__ == "__main__":
    main()
