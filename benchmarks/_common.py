"""Helpers shared by the benchmark scripts: timing, percentiles, machine facts, corpus copies.

Nothing here asserts anything: the scripts print what they measured, beside the physical
floor measured in the same run, and say which targets were met.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from evals.metrics import percentile

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
QUESTIONS = REPO / "evals" / "questions.jsonl"


def now() -> float:
    return time.perf_counter()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def p50(values: Sequence[float]) -> float:
    return percentile(values, 50)


def p95(values: Sequence[float]) -> float:
    return percentile(values, 95)


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB (Linux ``ru_maxrss`` is KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


def machine() -> str:
    """One line: CPU, cores, memory, load average, Python/torch/chromadb versions."""
    from importlib.metadata import version

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    parts = [
        f"{cpu_model()}",
        f"{os.cpu_count()} cores",
        f"{memory_gib():.1f} GiB",
        f"load avg {load}",
        f"Python {platform.python_version()}",
    ]
    for package in ("torch", "sentence-transformers", "chromadb", "bm25s"):
        try:
            parts.append(f"{package} {version(package)}")
        except Exception:  # pragma: no cover - a missing package
            parts.append(f"{package} ?")
    return " | ".join(parts)


def header(title: str) -> None:
    print(f"== {title} ==")
    print(f"machine: {machine()}")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print()


def table(rows: Sequence[Sequence[str]], head: Sequence[str]) -> None:
    """Print a GitHub-flavoured markdown table."""
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    line = "| " + " | ".join(str(h).ljust(w) for h, w in zip(head, widths, strict=True)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    print()


def verdict(ok: bool) -> str:
    return "pass" if ok else "MISS"


def questions(answerable_only: bool = False) -> list[str]:
    rows = [json.loads(line) for line in QUESTIONS.read_text("utf-8").splitlines() if line]
    return [r["question"] for r in rows if r.get("answerable") or not answerable_only]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = now()
    value = fn()
    return now() - start, value


def time_each(query: str, *steps: tuple[list[float], Callable[[str], object]]) -> None:
    """Run each step on ``query``, one straight after another; append the seconds each took
    to its list (the clock is read once between two steps, not around each)."""
    marks = [now()]
    for _, step in steps:
        step(query)
        marks.append(now())
    for (series, _), start, end in zip(steps, marks, marks[1:], strict=False):
        series.append(end - start)


def finish(work: Path, keep: bool) -> None:
    """Name the work dir when it is kept (``--keep`` or ``--work``), else remove it."""
    if keep:
        print(f"work dir: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)


def copy_corpus(target: Path, repeat: int) -> Path:
    """``repeat`` copies of the seed corpus in ``target``, each file with a distinct doc id.

    Copy ``n`` of ``<id>.txt`` is ``<id>--copy{n}.txt`` with ``n`` extra trailing newlines, so
    its content hash differs (no deduplication) while it parses exactly as the original; the
    manifest entries are duplicated for the copies so titles and review labels match too.
    """
    target.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((CORPUS / "manifest.json").read_text("utf-8"))
    entries: dict[str, Any] = manifest.get("documents", {})
    copied: dict[str, Any] = {}
    for source in sorted(CORPUS.glob("*.txt")):
        text = source.read_text("utf-8")
        for n in range(repeat):
            doc_id = source.stem if n == 0 else f"{source.stem}--copy{n}"
            (target / f"{doc_id}.txt").write_text(text + "\n" * n, "utf-8")
            if source.stem in entries:
                copied[doc_id] = entries[source.stem]
    manifest["documents"] = copied
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2), "utf-8")
    return target


def chroma_executable() -> str:
    """The ``chroma`` CLI installed next to this interpreter."""
    candidate = Path(sys.executable).parent / "chroma"
    if candidate.is_file():
        return str(candidate)
    found = shutil.which("chroma")
    if found is None:
        raise RuntimeError("the 'chroma' executable is not installed next to Python")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def chroma_server(path: Path, timeout: float = 60.0) -> Iterator[tuple[str, int]]:
    """Run ``chroma run --path <path>`` on a free port; yield (host, port); always stop it."""
    import urllib.request

    port = free_port()
    log = (path.parent / f"chroma-{port}.log").open("wb")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen(
        [
            chroma_executable(),
            "run",
            "--path",
            str(path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {proc.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1
                ) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"chroma run did not answer within {timeout:.0f} s")
            time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
