"""The parse check of a held-out set against what a reader counts (issue #12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.parse_check import check_set, main

BRIEF = """# Sibling Group Q: learning brief

## Background

The three Q children (all fictional) lived with their mother.

## Key learning

- Home conditions were judged on the day of each visit, never over time.
- Cleaning before a planned visit was read as progress.

## Questions for reflection

- What would the house look like if I called unannounced?
"""


def _set(tmp_path: Path, points: int, roles: list[str], reviews: list[str]) -> Path:
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "q.md").write_text(BRIEF, encoding="utf-8")
    expected = {"q.md": {"reviews": reviews, "points": points, "roles": roles}}
    (tmp_path / "expected.json").write_text(json.dumps(expected), encoding="utf-8")
    return tmp_path


def test_a_brief_parsed_as_a_reader_counts_it_passes_every_check(tmp_path: Path) -> None:
    folder = _set(
        tmp_path, 4, ["background", "learning", "reflective_questions"], ["Sibling group Q"]
    )
    [(check, _)] = check_set(folder)
    # capitals aside, the review is the one the reader names
    assert check.reviews_ok and check.count_ok and check.roles_ok and check.coverage_ok


def test_a_count_off_by_more_than_a_tenth_a_missing_role_and_another_review_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _set(tmp_path, 6, ["recommendations"], ["Child Q"])
    [(check, _)] = check_set(folder)
    assert not check.count_ok and check.missing_roles == ("recommendations",)
    assert not check.reviews_ok
    assert main([str(folder)]) == 0
    assert "reviews / counts / roles / coverage: 0/1, 0/1, 0/1, 1/1" in capsys.readouterr().out
