"""Scale: ingest time, query latency and peak RSS at 1k, 10k and 100k chunks.

    python benchmarks/bench_scale.py                          # 1000 10000 100000
    python benchmarks/bench_scale.py --sizes 1000 10000       # quicker
    python benchmarks/bench_scale.py --embedder hash          # no torch at all
    python benchmarks/bench_scale.py --model bundled:all-MiniLM-L6-v2   # another model

The synthetic corpus is made of the seed corpus' own sentences: each generated brief (Markdown,
the layout of ``corpus/scr-in14-learning-bulletin.txt``) has 2 reviews x 3 sections (key
learning / recommendations / findings ...) x 8 numbered learning points, each point 1-3 random
sentences of the corpus; themes are tagged from the text as usual. It is ingested through the
real pipeline (``ingest_paths``: parse, chunk, embed, Chroma upsert, BM25 build).

Embedding 100k chunks with the real model would take ~1 h on 2 cores, so by default
(``--embedder sentence-mean``) every *unique corpus sentence* is embedded once with the real
model (the configured one, or ``--model``) and a chunk's vector is the normalised mean of its
sentences' vectors (the heading path is not embedded). Vectors thus have the real model's
distribution and HNSW sees a realistic workload, while queries are embedded by the real model,
so query latency and RSS include the real model. ``--embedder hash`` uses the tests' hash
embedder for both (no model at all).

Each size runs in two fresh processes, so peak RSS (``ru_maxrss``) is per size and per role:

* **ingest**: ingest the generated folder into a new embedded index (Chroma + BM25);
* **query**: what a UI process does: open the index, load the model (the floor of a first
  question), first query (loads the index snapshot the ingest job left, or reads every chunk
  from Chroma and builds BM25 when there is none), then the dev questions warm: retrieval
  (hybrid) p50/p95, with a doc or a theme filter, full ``ask``, and the bare ``embed_query``
  beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    CORPUS,
    finish,
    header,
    now,
    p50,
    p95,
    peak_rss_mb,
    questions,
    table,
    time_each,
    verdict,
)

POINTS_PER_SECTION = 8
SECTIONS = (
    "KEY LEARNING",
    "RECOMMENDATIONS",
    "KEY FINDINGS",
    "GOOD PRACTICE",
    "LEARNING POINTS FOR PROFESSIONALS",
    "KEY THEMES",
)
REVIEW_KINDS = (
    "Serious Case Review",
    "Local Child Safeguarding Practice Review",
    "Learning Review",
)
DOCS_PER_FOLDER = 500


# -- the synthetic corpus ----------------------------------------------------------------------
def corpus_sentences() -> list[str]:
    """Unique sentences of the seed corpus' learning points (parsed by the real pipeline)."""
    from core.config import Settings
    from core.text import split_sentences
    from ingest.manifest import Manifest
    from ingest.pipeline import parse_file

    settings = Settings(corpus_dir=CORPUS)
    manifest = Manifest.load(CORPUS)
    seen: dict[str, None] = {}
    for path in sorted(CORPUS.glob("*.txt")):
        for chunk in parse_file(path, settings, manifest).chunks:
            for sentence in split_sentences(chunk.text):
                sentence = sentence.strip()
                if len(sentence) < 25 or not sentence[0].isupper():
                    continue
                if not sentence.endswith((".", "!", "?")):
                    sentence = sentence.rstrip(";:,") + "."
                # Each must come back whole from split_sentences once joined with others.
                if split_sentences(f"{sentence} {sentence}") == [sentence, sentence]:
                    seen.setdefault(sentence, None)
    return list(seen)


def generate(folder: Path, chunks: int, sentences: list[str], seed: int = 7) -> int:
    """Write briefs holding about ``chunks`` learning points; return the number of files."""
    rng = random.Random(seed)
    per_doc = 2 * 3 * POINTS_PER_SECTION
    docs = max(1, round(chunks / per_doc))
    for d in range(docs):
        lines = [f"### **LEARNING BRIEF SYN-{d:05d}**", ""]
        for r in range(2):
            kind = REVIEW_KINDS[(d + r) % len(REVIEW_KINDS)]
            lines += [f"### **{kind} SYN{d:05d}{'AB'[r]}**", ""]
            for section in rng.sample(SECTIONS, 3):
                lines += [f"# **{section}:**", ""]
                for p in range(1, POINTS_PER_SECTION + 1):
                    point = " ".join(rng.sample(sentences, rng.randint(1, 3)))
                    lines.append(f"- {p}. {point}")
                lines.append("")
        sub = folder / f"part{d // DOCS_PER_FOLDER:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"syn-{d:05d}.md").write_text("\n".join(lines) + "\n", "utf-8")
    return docs


# -- embedders ---------------------------------------------------------------------------------
class SentenceMeanEmbedder:
    """Chunk vector = normalised mean of its sentences' real-model vectors (looked up).

    Sentences not in the table (rare: a split that differs) are embedded by the real model.
    ``embed_query`` is the real model's.
    """

    def __init__(self, table: dict[str, Any], real: Any) -> None:
        self.table = table
        self.real = real

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        import numpy as np

        from core.text import split_sentences

        out: list[list[float]] = []
        for text in texts:
            body = text.split("\n", 1)[-1]  # drop the heading path line
            vectors = []
            for sentence in split_sentences(body):
                vec = self.table.get(sentence)
                if vec is None:
                    vec = np.asarray(self.real.embed_query(sentence), dtype=np.float32)
                    self.table[sentence] = vec
                vectors.append(vec)
            mean = np.mean(vectors, axis=0) if vectors else np.ones(384, dtype=np.float32)
            out.append((mean / (np.linalg.norm(mean) or 1.0)).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        result: list[float] = self.real.embed_query(text)
        return result


def _embedder(kind: str, work: Path) -> Any:
    if kind == "hash":
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tests.fakes import HashEmbedder

        return HashEmbedder(dim=384)
    import numpy as np

    from core.config import Settings
    from ingest.embed import load_embedder

    real = load_embedder(Settings())
    data = np.load(work / "sentence-vectors.npz", allow_pickle=False)
    table = dict(zip(data["sentences"].tolist(), data["vectors"], strict=True))
    return SentenceMeanEmbedder(table, real)


# -- children (fresh processes) ----------------------------------------------------------------
def _settings(work: Path, size: int) -> Any:
    from core.config import Settings

    return Settings(index_dir=work / f"index-{size}", corpus_dir=work / f"corpus-{size}")


def child_ingest(work: Path, size: int, kind: str) -> dict[str, Any]:
    from ingest.index import Index, close_index, open_index
    from ingest.pipeline import ingest_paths

    settings = _settings(work, size)
    embedder = _embedder(kind, work)
    if kind == "sentence-mean":
        embedder.real.model  # noqa: B018 - a real ingest job holds the model: count it in RSS
    index: Index = open_index(settings, embedder)
    embed_s = 0.0
    real = embedder.embed_documents

    def counted(texts: list[str]) -> list[list[float]]:
        nonlocal embed_s
        start = now()
        out = real(texts)
        embed_s += now() - start
        return out

    embedder.embed_documents = counted
    import ingest.pipeline as pipeline

    parse_s = 0.0
    real_parse = pipeline.parse_file

    def timed_parse(*a: Any, **k: Any) -> Any:
        nonlocal parse_s
        start = now()
        try:
            return real_parse(*a, **k)
        finally:
            parse_s += now() - start

    pipeline.parse_file = timed_parse  # type: ignore[assignment]
    rss_before = peak_rss_mb()
    start = now()
    report = ingest_paths([settings.corpus_dir], index, settings)
    ingest_s = now() - start
    # What `review-assistant ingest` does next (Assistant.ingest): build and persist the
    # library's coverage for the new generation, so a reader's first question need not.
    from assistant.service import Assistant

    start = now()
    Assistant(settings, index).scope()
    scope_s = now() - start
    failed = [(o.doc_id, o.reason) for o in report.outcomes if o.status == "failed"]
    count = index.store.count()
    start = now()
    again = ingest_paths([settings.corpus_dir], index, settings)
    unchanged_s = now() - start
    assert {o.status for o in again.outcomes} == {"unchanged"}
    close_index(settings)
    return {
        "chunks": count,
        "ingest_s": ingest_s,
        "scope_s": scope_s,
        "embed_s": embed_s,
        "parse_s": parse_s,
        "unchanged_s": unchanged_s,
        "failed": failed[:3],
        "rss_start_mb": rss_before,
        "peak_rss_mb": peak_rss_mb(),
    }


def child_query(work: Path, size: int, kind: str, rounds: int) -> dict[str, Any]:
    from assistant.service import Assistant
    from core.models import Filters

    settings = _settings(work, size)
    embedder = _embedder(kind, work)
    # A snapshot of the index (chunks + BM25, see ingest/index.py) left by the ingest job.
    snapshot_there = any(Path(settings.index_dir).glob("snapshot-*/*/manifest.json"))
    start = now()
    assistant = Assistant.open(settings, embedder=embedder)
    open_s = now() - start
    qs = questions()
    start = now()
    embedder.embed_query(qs[0])  # the model loaded, as in a running UI
    model_s = now() - start  # the floor of a first question: model load + one embedding
    start = now()
    assistant.retrieve(qs[0])
    first_s = now() - start
    start = now()
    assistant.ask(qs[1])
    first_ask_s = now() - start
    chunks, _ = assistant.index.snapshot()
    theme = next((c.themes[0] for c in chunks if c.themes), None)
    doc = chunks[len(chunks) // 2].doc_id
    for q in qs[:10]:
        assistant.ask(q)
    embed: list[float] = []
    retrieve: list[float] = []
    by_doc: list[float] = []
    by_theme: list[float] = []
    ask: list[float] = []
    for _ in range(rounds):
        for q in qs:
            time_each(
                q,
                (embed, embedder.embed_query),
                (retrieve, assistant.retrieve),
                (by_doc, partial(assistant.retrieve, filters=Filters(doc=doc))),
                (by_theme, partial(assistant.retrieve, filters=Filters(theme=theme))),
                (ask, assistant.ask),
            )
    start = now()
    assistant.index.refresh(force=True)
    rebuild_s = now() - start
    return {
        "open_s": open_s,
        "first_query_s": first_s,
        "model_s": model_s,
        "first_ask_s": first_ask_s,
        "snapshot_loaded": snapshot_there,
        "rebuild_s": rebuild_s,
        "embed": embed,
        "retrieve": retrieve,
        "by_doc": by_doc,
        "by_theme": by_theme,
        "ask": ask,
        "theme": theme,
        "peak_rss_mb": peak_rss_mb(),
    }


def _run_child(role: str, work: Path, size: int, kind: str, rounds: int) -> dict[str, Any]:
    args = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        role,
        "--work",
        str(work),
        "--sizes",
        str(size),
        "--embedder",
        kind,
        "--rounds",
        str(rounds),
    ]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stderr[-3000:])
        raise SystemExit(f"{role} child for {size} chunks failed")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _prepare_vectors(work: Path, sentences: list[str]) -> float:
    import numpy as np

    from core.config import Settings
    from ingest.embed import load_embedder

    embedder = load_embedder(Settings())
    start = now()
    vectors = np.asarray(embedder.embed_documents(sentences), dtype=np.float32)
    took = now() - start
    np.savez(work / "sentence-vectors.npz", sentences=np.asarray(sentences), vectors=vectors)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--embedder", choices=["sentence-mean", "hash"], default="sentence-mean")
    parser.add_argument(
        "--model",
        help="embedding model (REVIEW_ASSISTANT_EMBEDDING_MODEL; default: the configured one)",
    )
    parser.add_argument("--rounds", type=int, default=1, help="passes over the questions")
    parser.add_argument("--work", type=Path, help="work folder (default: a new temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --work: reuse indexes an earlier run left there (query figures only)",
    )
    parser.add_argument("--child", choices=["ingest", "query"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.model:  # the children read it from the environment
        os.environ["REVIEW_ASSISTANT_EMBEDDING_MODEL"] = args.model
    if args.child:
        size = args.sizes[0]
        if args.child == "ingest":
            result = child_ingest(args.work, size, args.embedder)
        else:
            result = child_query(args.work, size, args.embedder, args.rounds)
        print(json.dumps(result))
        return

    header("bench_scale")
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    sentences = corpus_sentences()
    from core.config import Settings

    print(
        f"sentence pool: {len(sentences)} unique sentences of corpus/; embedder: {args.embedder}"
        f"; model: {Settings().embedding_model}"
    )
    if args.embedder == "sentence-mean" and not (
        args.reuse and (work / "sentence-vectors.npz").is_file()
    ):
        took = _prepare_vectors(work, sentences)
        print(
            f"embedded the {len(sentences)} sentences once with the real model: {took:.1f} s "
            f"({len(sentences) / took:.1f} sentences/s)"
        )
    print()

    rows = []
    detail = []
    for size in args.sizes:
        saved = work / f"ingest-{size}-{args.embedder}.json"
        if args.reuse and saved.is_file():
            ing = json.loads(saved.read_text())
            files, gen_s = ing["files"], 0.0
            print(f"{size}: reusing the index and ingest figures of an earlier run")
        else:
            shutil.rmtree(work / f"corpus-{size}", ignore_errors=True)
            shutil.rmtree(work / f"index-{size}", ignore_errors=True)
            start = now()
            files = generate(work / f"corpus-{size}", size, sentences)
            gen_s = now() - start
            ing = _run_child("ingest", work, size, args.embedder, args.rounds)
            saved.write_text(json.dumps({**ing, "files": files}))
        qry = _run_child("query", work, size, args.embedder, args.rounds)
        chunks = ing["chunks"]
        q95 = p95(qry["retrieve"])
        peak = max(ing["peak_rss_mb"], qry["peak_rss_mb"])
        ok = q95 <= 0.150 and peak <= 1536
        rows.append(
            [
                f"{chunks:,}",
                f"{ing['ingest_s']:.1f} s ({chunks / ing['ingest_s']:.0f}/s)",
                f"{ing['unchanged_s']:.2f} s",
                f"{qry['open_s'] + qry['model_s'] + qry['first_query_s']:.2f} s (open "
                f"{qry['open_s']:.2f} + model {qry['model_s']:.2f} + first query "
                f"{qry['first_query_s']:.2f}; floor: model {qry['model_s']:.2f} s)",
                f"{p50(qry['embed']) * 1000:.1f}",
                f"{p50(qry['retrieve']) * 1000:.1f} / {q95 * 1000:.1f}",
                f"{p50(qry['by_doc']) * 1000:.1f} / {p95(qry['by_doc']) * 1000:.1f}",
                f"{p50(qry['by_theme']) * 1000:.1f} / {p95(qry['by_theme']) * 1000:.1f}",
                f"{p50(qry['ask']) * 1000:.1f} / {p95(qry['ask']) * 1000:.1f}",
                f"{ing['peak_rss_mb']:.0f} / {qry['peak_rss_mb']:.0f}",
                verdict(ok) if size >= 100000 else "-",
            ]
        )
        detail.append(
            f"{chunks:,} chunks ({files} files, generated in {gen_s:.1f} s): ingest "
            f"{ing['ingest_s']:.1f} s of which parsing {ing['parse_s']:.1f} s, embedding "
            f"{ing['embed_s']:.1f} s (the rest: Chroma writes, registry, BM25 build), then "
            f"the library's coverage {ing.get('scope_s', 0):.1f} s; "
            f"index open {qry['open_s']:.2f} s; first query {qry['first_query_s']:.2f} s "
            f"(snapshot loaded: {qry.get('snapshot_loaded')}), first ask "
            f"{qry.get('first_ask_s', 0):.2f} s; forced BM25 rebuild (all_chunks + build + "
            f"snapshot) {qry['rebuild_s']:.2f} s; theme filter '{qry['theme']}'; failed files "
            f"{ing['failed']}"
        )
        print(detail[-1], flush=True)
    print()
    table(
        rows,
        [
            "chunks",
            "ingest",
            "unchanged re-ingest",
            "fresh process to first result (open + model + first query)",
            "embed_query p50 ms",
            "retrieve p50/p95 ms",
            "doc filter p50/p95",
            "theme filter p50/p95",
            "ask p50/p95",
            "peak RSS MiB ingest/query",
            "target (100k: p95 <= 150 ms, RSS <= 1.5 GB)",
        ],
    )
    finish(work, bool(args.keep or args.work))


if __name__ == "__main__":
    main()
