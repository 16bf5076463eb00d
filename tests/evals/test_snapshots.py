"""Parse snapshots: every corpus and dev brief parses as its golden file says.

A failure prints the diff. If the new parse is right, regenerate and review the diff:
``python -m evals.snapshot --update`` (see evals/snapshot.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.dev_briefs.briefs import BRIEFS
from evals.dev_briefs.build import build_all
from evals.snapshot import CORPUS, SNAPSHOTS, SUFFIXES, compare

CORPUS_FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in SUFFIXES)
DOC_IDS = [p.stem for p in CORPUS_FILES] + [b.stem for b in BRIEFS]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("snapshot-briefs")
    build_all(out)
    built = {p.stem: p for p in out.iterdir()}
    return {p.stem: p for p in CORPUS_FILES} | built


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_parse_matches_snapshot(files: dict[str, Path], doc_id: str) -> None:
    diffs = compare([files[doc_id]])
    assert not diffs, (
        "the parse changed; if it is right run `python -m evals.snapshot --update` "
        "and commit the diff:\n" + "\n".join(diffs)
    )


def test_no_stale_snapshots() -> None:
    stale = sorted(p.name for p in SNAPSHOTS.glob("*.txt") if p.stem not in DOC_IDS)
    assert not stale, f"snapshots for documents that no longer exist: {stale}"
