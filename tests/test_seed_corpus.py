"""The pinned seed corpus the suite runs on is exactly the five seed briefs and their manifest.

The briefs are the seeds copied unchanged, so their hashes never change. The manifest is
catalogue metadata the developers maintain: a deliberate change updates ``corpus/manifest.json``,
the pinned copy and its hash here together (the last test checks the two copies agree).
"""

from __future__ import annotations

import hashlib

from tests.conftest import CORPUS

SEED_HASHES = {
    "child-x1-x2-learning-brief.txt": (
        "3297d9d26c44385d78ee78e147afd3f3776154172e38887eb0f19bf5d3f6d288"
    ),
    "family-t-learning-from-scrs-2021.txt": (
        "4facbd7c3e8cdfc82d975ec266608cb2b7599dfbb3b6a78f94df64fb2b3b6786"
    ),
    "learning-from-reviews-briefing-llr.txt": (
        "b040b1a566cb6edb218200b532bf29da20964ca5e65ed1212b39a18655ad15b8"
    ),
    "manifest.json": "8fe649b330788da73e728515bcc0c74ee8623eaa5accc76f47bee9911355bca2",
    "precis-9-national-scr-summaries.txt": (
        "d68b9a2094f67703eb1ae66baeb85e5948e89715387cea574161fab5544f5776"
    ),
    "scr-in14-learning-bulletin.txt": (
        "ac8f251eb0e42dd2b8736fd14138676c0ca10bca6fc92f07c8e7086241e5793b"
    ),
}


def test_pinned_seed_corpus_holds_exactly_the_seeds() -> None:
    found = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in CORPUS.iterdir() if p.is_file()
    }
    assert found == SEED_HASHES


def test_suite_reads_neither_the_working_tree_corpus_nor_the_data_directory() -> None:
    import os

    from core.config import PROJECT_ROOT, load_settings

    settings = load_settings()
    assert settings.corpus_dir == CORPUS
    for folder in (settings.index_dir, settings.library_dir, settings.feedback_db):
        assert PROJECT_ROOT not in folder.parents, folder
    assert "REVIEW_ASSISTANT_CHROMA_HOST" not in os.environ


def test_pinned_manifest_matches_the_bundled_one_in_git() -> None:
    """The working tree's corpus/ may hold a user's changes; git's copy is the bundled one."""
    import subprocess

    from tests.conftest import REPO

    shown = subprocess.run(
        ["git", "show", "HEAD:corpus/manifest.json"], cwd=REPO, capture_output=True, timeout=30
    )
    if shown.returncode != 0:  # not a git checkout (e.g. an unpacked sdist)
        import pytest

        pytest.skip("not a git checkout")
    assert shown.stdout == (CORPUS / "manifest.json").read_bytes()
