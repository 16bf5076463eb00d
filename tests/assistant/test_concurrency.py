"""One shared Assistant: 8 threads ask questions while another thread ingests (a new document,
then a replaced one). No errors, and once the ingest is done its content is retrievable."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from assistant.service import Assistant
from core.config import Settings
from core.models import Answer, Filters
from tests.builders import memory_assistant
from tests.fakes import HashEmbedder

NEW_DOC = "operation-kestrel-learning-brief"
PHRASE = "kestrel lanyard handover"
REPLACED = "scr-in14-learning-bulletin"
QUESTIONS = [
    "What do reviews say about escalation when agencies disagree?",
    "How should information be shared between adult and children's services?",
    "What is the learning about neglect?",
    "What did reviews find about the voice of the child?",
    "What should health visitors do about domestic abuse?",
    "What do reviews say about written agreements with parents?",
    "How should schools respond to disclosures?",
    f"What is the {PHRASE} learning?",
]
THREADS = 8
WHO = [
    "Teachers",
    "Health visitors",
    "Social workers",
    "Police officers",
    "GPs",
    "Midwives",
    "Youth workers",
]
WHEN = [
    "a child moves between schools",
    "a baby is discharged from hospital",
    "a family moves across a local authority border",
    "a referral is closed",
    "a parent misses appointments",
    "a strategy discussion is held",
]
DO = [
    "record who holds parental responsibility",
    "tell the designated safeguarding lead",
    "share the chronology with partner agencies",
    "check the child protection register",
    "speak to the child alone",
    "review the written agreement",
    "escalate unresolved concerns",
    "book a multi-agency meeting",
]


class SlowEmbedder(HashEmbedder):
    """HashEmbedder whose document batches take a little time, so the ingest overlaps the
    questions (queries are not slowed)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        time.sleep(0.02)
        return super().embed_documents(texts)


def _new_brief(path: Path, points: int = 150) -> Path:
    lines = ["Operation Kestrel: learning brief", "", "Key learning", ""]
    lines += [
        f"- {i}. {WHO[i % len(WHO)]} must use the {PHRASE} checklist when "
        f"{WHEN[(i // len(WHO)) % len(WHEN)]}, and {DO[(i // 7) % len(DO)]} (step {i})."
        for i in range(1, points + 1)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def assistant(settings: Settings) -> Assistant:
    small_batches = Settings(**{**settings.model_dump(), "embed_batch_size": 1})
    opened = memory_assistant(small_batches, SlowEmbedder())
    assert opened.ingest().ok
    return opened


def test_questions_while_ingesting(
    assistant: Assistant, settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "uploads"
    folder.mkdir()
    new_file = _new_brief(folder / f"{NEW_DOC}.txt")
    replaced = settings.corpus_dir / f"{REPLACED}.txt"

    errors: list[BaseException] = []
    answers: list[tuple[str, Answer]] = []  # (phase, answer)
    phase = ["before"]
    stop = threading.Event()
    start = threading.Barrier(THREADS + 1)
    lock = threading.Lock()

    def asker(n: int) -> None:
        start.wait()
        i = n
        while not stop.is_set():
            question = QUESTIONS[i % len(QUESTIONS)]
            i += 1
            now = phase[0]
            try:
                answer = assistant.ask(question)
                for citation in answer.citations:
                    assert citation.quote and citation.chunk.chunk_id
            except BaseException as exc:
                with lock:
                    errors.append(exc)
                return
            with lock:
                answers.append((now, answer))

    def ingester() -> None:
        start.wait()
        try:
            phase[0] = "ingesting"
            report = assistant.ingest([new_file])
            assert [o.status for o in report.outcomes] == ["added"], report.outcomes
            replaced.write_text(
                replaced.read_text("utf-8") + "\n\n# **MORE LEARNING:**\n\n"
                "- 5. Check who else lives in the household.\n",
                "utf-8",
            )
            report = assistant.ingest([replaced])
            assert [o.status for o in report.outcomes] == ["updated"], report.outcomes
            phase[0] = "after"
            time.sleep(1.0)  # let every thread ask again after the ingest
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            stop.set()

    threads = [threading.Thread(target=asker, args=(n,)) for n in range(THREADS)]
    threads.append(threading.Thread(target=ingester))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a thread hung"

    assert errors == []
    phases = {p for p, _ in answers}
    assert "ingesting" in phases and "after" in phases, phases
    assert assistant.documents()[NEW_DOC]["chunks"] > 50
    during = sum(1 for p, _ in answers if p == "ingesting")
    assert during >= THREADS  # the questions really overlapped the ingest

    # After the ingest, the new document and the replaced one are retrievable.
    late = [a for p, a in answers if p == "after" and PHRASE in a.question]
    assert late and all(any(c.chunk.doc_id == NEW_DOC for c in a.citations) for a in late)
    filtered = assistant.ask(
        "what checklist should practitioners use?", filters=Filters(doc=NEW_DOC)
    )
    assert filtered.citations
    assert all(c.chunk.doc_id == NEW_DOC for c in filtered.citations)
    hits = assistant.retrieve("who else lives in the household", filters=Filters(doc=REPLACED))
    assert any("who else lives in the household" in p.chunk.text for p in hits)

    store = assistant.index.store
    registry = store.documents()
    chunks = store.all_chunks()
    assert len({c.chunk_id for c in chunks}) == len(chunks) == store.count()
    assert store.count() == sum(int(r["chunks"]) for r in registry.values())
    snapshot, bm25 = assistant.index.snapshot()
    assert len(snapshot) == len(bm25.chunks) == store.count()


def test_concurrent_ingest_calls_are_serialised(assistant: Assistant, tmp_path: Path) -> None:
    """Two threads ingesting the same new file at once: one adds it, the other finds it
    unchanged; no duplicate chunks."""
    new_file = _new_brief(tmp_path / f"{NEW_DOC}.txt", points=40)
    statuses: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            statuses.extend(o.status for o in assistant.ingest([new_file]).outcomes)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(statuses) == ["added", "unchanged"]
    ids = list(assistant.index.store.chunk_ids_for(NEW_DOC))
    assert len(ids) == len(set(ids)) == assistant.documents()[NEW_DOC]["chunks"] > 20
