"""The published accuracy statement: eval --publish writes it, about reads it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.about import (
    figure_text,
    load_published,
    plain_statement,
    publish,
    published_entry,
)
from core.errors import ConfigError
from ui.cli import app


def results(questions_file: str = "evals/questions.jsonl", **metrics: Any) -> dict[str, Any]:
    base = {
        "recall@5": 0.99,
        "citation_accuracy": 0.8064516,
        "abstained_unanswerable": 1.0,
        "false_abstentions": 5,
        "answerable": 98,
        "unanswerable": 12,
    }
    base.update(metrics)
    return {
        "meta": {
            "questions_file": questions_file,
            "date": "2026-12-02T01:00:00+00:00",
            "embedding_model": "bundled:multilingual-e5-small",
        },
        "configs": {"default": {"metrics": base, "questions": []}},
    }


def test_entry_counts_follow_the_shares() -> None:
    entry = published_entry(results())
    assert entry["answered"] == 93 and entry["first_citation_correct"] == 75
    assert entry["abstained_unanswerable_count"] == 12 and entry["name"] == "dev set"


def test_publish_keeps_other_sets_and_replaces_its_own(tmp_path: Path) -> None:
    path = tmp_path / "published.json"
    publish(results(), path)
    publish(results("evals/questions-validation.jsonl", answerable=42, unanswerable=8), path)
    publish(results(**{"recall@5": 0.5}), path)
    sets = load_published(path)
    assert [s.name for s in sets] == ["second dev set", "dev set"]
    assert sets[1].recall_at_5 == 0.5


def test_needs_the_default_configuration() -> None:
    with pytest.raises(ConfigError, match="--config default"):
        published_entry({"meta": {}, "configs": {"bm25": {"metrics": {}}}})


def test_damaged_file_names_the_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "published.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match="not readable JSON"):
        load_published(path)
    path.write_text(json.dumps({"sets": [{"name": "x"}]}), encoding="utf-8")
    with pytest.raises(ConfigError, match="set 1 has a missing or invalid field"):
        load_published(path)
    assert load_published(tmp_path / "absent.json") == []


def test_plain_words_use_the_same_figures(tmp_path: Path) -> None:
    path = tmp_path / "published.json"
    publish(results(), path)
    s = load_published(path)[0]
    f = figure_text(s)
    assert f == {
        "first_citation_accuracy": "81%",
        "recall_at_5": "99%",
        "abstained_unanswerable": "100%",
    }
    words = " ".join(plain_statement(s))
    assert "2026-12-02" in words and "75 of 93 answers" in words and "12 of the 12" in words


def test_near_topic_questions_are_not_counted_as_abstentions(tmp_path: Path) -> None:
    """Abstention is measured over the out-of-scope questions; near-topic ones (rightly
    answered "related") are stated on their own."""
    path = tmp_path / "published.json"
    run = results(unanswerable=44, near_topic=32, near_topic_not_direct=0.875)
    publish(run, path, name="my briefs")
    s = load_published(path)[0]
    assert (s.name, s.out_of_scope, s.abstained_unanswerable_count) == ("my briefs", 12, 12)
    assert (s.near_topic, s.near_topic_not_direct) == (32, 28)
    words = " ".join(plain_statement(s))
    assert "12 of the 12 questions no review covers" in words
    assert "of 32 questions close to a review's topic" in words and "in 28; in the other 4" in words


def test_about_command_prints_the_repository_figures() -> None:
    shown = CliRunner().invoke(app, ["about"], env={"COLUMNS": "300"})
    assert shown.exit_code == 0, shown.output
    assert "What it does not do" in shown.output
    for s in load_published():
        for line in plain_statement(s):
            assert line in shown.output
