"""``eval --corpus`` repeated: the dev briefs are ingested beside ``corpus/`` and evaluated."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import Settings
from evals.dev_briefs.build import QUESTIONS, build_all
from evals.runner import eval_command, run_eval
from ingest.index import close_index
from tests.conftest import CORPUS
from tests.fakes import HashEmbedder

SOME = ("7mb-child-u-plain-text", "rapid-review-baby-n-markdown")


@pytest.mark.slow  # a real Chroma index over six documents: minutes on a loaded machine
def test_several_corpus_folders_are_ingested_and_evaluated(tmp_path: Path) -> None:
    briefs = tmp_path / "dev-briefs"
    build_all(briefs, only=SOME)
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        "".join(
            line + "\n"
            for line in QUESTIONS.read_text(encoding="utf-8").splitlines()
            if any(f'"doc": "{stem}"' in line for stem in SOME)
        ),
        encoding="utf-8",
    )
    settings = Settings(
        index_dir=tmp_path / "index",
        corpus_dir=tmp_path / "unused",
        feedback_db=tmp_path / "feedback.sqlite3",
    )
    warnings: list[str] = []
    try:
        results = run_eval(
            questions,
            settings,
            ["bm25", "langchain-naive"],
            k=5,
            embedder=HashEmbedder(),
            corpus_dir=[CORPUS, briefs],
            warn=warnings.append,
        )
    finally:
        close_index(settings)
    assert results["meta"]["corpus"] == f"{CORPUS}, {briefs}"
    assert not [w for w in warnings if "unknown doc id" in w or "not in the corpus" in w]
    for name in ("bm25", "langchain-naive"):
        docs = {p["doc"] for q in results["configs"][name]["questions"] for p in q["retrieved"]}
        assert docs & {p.stem for p in briefs.iterdir()}, name  # the briefs were searched


def test_a_missing_corpus_folder_is_an_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder"
    code = eval_command(QUESTIONS, 5, ["bm25"], None, tmp_path / "index", [CORPUS, missing])
    assert code == 2
    assert "no-such-folder" in capsys.readouterr().err
