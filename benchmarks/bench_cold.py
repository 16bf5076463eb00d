"""Cold start: `review-assistant ask` in a fresh process, beside its floor in the same run.

    python benchmarks/bench_cold.py                      # ingests corpus/ into a temp index
    python benchmarks/bench_cold.py --index-dir DIR      # an index of corpus/ already built
    python benchmarks/bench_cold.py --runs 5

Alternates, ``--runs`` times: (a) ``review-assistant ask QUESTION --json`` (the CLI, fresh
process, to its first answer), (b) the floor: a fresh interpreter that imports nothing of the
project and loads the configured embedding model and embeds the question (what any first answer
must pay), (c) a bare interpreter (``python -c pass``). Then lists the heavy modules a cold
``ask`` imports (torch, sentence-transformers, transformers, langchain_huggingface, streamlit,
numba, langchain_chroma: the default path uses none of them).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import CORPUS, header, now, p50, table, verdict

QUESTION = "who must be involved in strategy discussions?"
HEAVY = (
    "torch",
    "sentence_transformers",
    "transformers",
    "langchain_huggingface",
    "streamlit",
    "numba",
    "langchain_chroma",
    "langsmith",
)
FLOOR = """
import sys
from core.config import Settings
from ingest.embed import load_embedder
load_embedder(Settings()).embed_query(sys.argv[1])
"""
PROBE = """
import json, sys
from typer.testing import CliRunner
from ui.cli import app
result = CliRunner().invoke(app, ["ask", sys.argv[1], "--json", "--index-dir", sys.argv[2]])
print(json.dumps({"exit": result.exit_code, "heavy": sorted(
    m for m in sys.modules if m.split(".")[0] in sys.argv[3].split(","))}))
"""


CPU: dict[str, list[float]] = {}


def _wall(args: list[str], name: str) -> float:
    """Wall time of a fresh process (its CPU time, user + system, goes to ``CPU[name]``: on
    a loaded machine the wall time is mostly waiting for a core)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = now()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    took = now() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        print(done.stderr[-2000:])
        raise SystemExit(f"failed: {' '.join(args[:3])}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    CPU.setdefault(name, []).append(cpu)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index-dir", type=Path, help="an index of corpus/ (default: build one)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    header("bench_cold")
    work: Path | None = None
    index_dir = args.index_dir
    if index_dir is None:
        from assistant.service import Assistant
        from core.config import Settings
        from ingest.index import close_index

        work = Path(tempfile.mkdtemp(prefix="bench-cold-"))
        index_dir = work / "index"
        settings = Settings(index_dir=index_dir, corpus_dir=CORPUS)
        start = now()
        assistant = Assistant.open(settings)
        assistant.ingest([CORPUS])
        close_index(settings)
        print(f"ingested corpus/ into {index_dir}: {now() - start:.1f} s")
    cli = str(Path(sys.executable).parent / "review-assistant")
    ask: list[float] = []
    floor: list[float] = []
    bare: list[float] = []
    for _ in range(args.runs):
        ask.append(_wall([cli, "ask", QUESTION, "--json", "--index-dir", str(index_dir)], "ask"))
        floor.append(_wall([sys.executable, "-c", FLOOR, QUESTION], "floor"))
        bare.append(_wall([sys.executable, "-c", "pass"], "bare"))
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, QUESTION, str(index_dir), ",".join(HEAVY)],
        capture_output=True,
        text=True,
        check=False,
    )
    info = json.loads(probe.stdout.strip().splitlines()[-1])
    ratio = p50(ask) / p50(floor)
    print(f"runs: {args.runs} (medians); heavy modules imported by a cold ask: {info['heavy']}")
    print()
    table(
        [
            [
                "review-assistant ask, fresh process to first answer",
                f"{p50(ask):.2f} s (CPU {p50(CPU['ask']):.2f} s)",
                f"{p50(floor):.2f} s (CPU {p50(CPU['floor']):.2f} s): interpreter + model load"
                " + one query embedding",
                f"<= 2.5 s: {verdict(p50(ask) <= 2.5)}; {ratio:.2f}x floor",
            ],
            [
                "bare interpreter (python -c pass)",
                f"{p50(bare):.2f} s (CPU {p50(CPU['bare']):.2f} s)",
                "-",
                "-",
            ],
        ],
        ["measure", "measured", "floor (same run)", "target"],
    )
    if work is not None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
