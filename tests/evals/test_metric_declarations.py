"""Eval metrics are declared once (evals/metrics.py): the summary, the table and the floors
in evals/floors.json all follow the declarations."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from evals.metrics import (
    METRICS,
    Metric,
    Population,
    QuestionOutcome,
    RankedJudgement,
    below_floors,
    declare,
    metric_for,
    summarise,
)
from evals.report import metrics_table

FLOORS = Path(__file__).resolve().parents[2] / "evals" / "floors.json"


def _outcomes() -> list[QuestionOutcome]:
    hit, miss = RankedJudgement("a", True, 100), RankedJudgement("b", False, 100)
    return [
        QuestionOutcome("q1", True, [hit, miss], False, first_citation_relevant=True),
        QuestionOutcome("q2", True, [miss, miss], False, first_citation_relevant=False),
        QuestionOutcome("q3", True, [miss, hit], True),
        QuestionOutcome("q4", False, [miss], True),
    ]


def _table_text(results: dict[str, object], styles: bool = False) -> str:
    console = Console(width=200, record=True, force_terminal=True, color_system="standard")
    console.print(metrics_table(results))
    return console.export_text(styles=styles)


@pytest.fixture
def second_hits() -> Iterator[Metric]:
    """A new metric: answerable questions whose first relevant passage is ranked second."""
    metric = declare(
        Metric(
            "second_place",
            "Second place",
            "lower",
            lambda p, _: sum(1 for o in p.answerable if o.first_hit == 2),
            unit="count",
        )
    )
    yield metric
    METRICS.pop("second_place")


def test_a_declared_metric_appears_in_the_summary_and_the_table(second_hits: Metric) -> None:
    measured = summarise(_outcomes(), (1, 2), 2)
    assert measured["second_place"] == 1
    configs = {"a": {"metrics": measured}, "b": {"metrics": {**measured, "second_place": 0}}}
    text = _table_text({"meta": {"k": 2}, "configs": configs}, styles=True)
    row = next(line for line in text.splitlines() if "Second place" in line)
    # Lower is better, so config b's 0 is the one in bold.
    assert "\x1b[1m0" in row and "\x1b[1m1" not in row
    assert metric_for("second_place") is second_hits


def test_the_summary_has_every_declared_key_in_order() -> None:
    measured = summarise(_outcomes(), (5, 10), 10)
    expected = [key for m in METRICS.values() for key in m.keys((5, 10), 10)]
    assert list(measured) == expected
    assert expected[:4] == ["recall@5", "recall@10", "mrr@10", "ndcg@10"]
    assert measured["answered_answerable"] == pytest.approx(2 / 3)
    assert measured["false_abstentions"] == 1 and measured["citation_accuracy"] == 0.5
    assert Population(_outcomes(), (5,), 10).ranking("recall@5") == pytest.approx(2 / 3)


def test_table_labels_and_counts_come_from_the_declarations() -> None:
    measured = summarise(_outcomes(), (5, 10), 10)
    text = _table_text({"meta": {"k": 10}, "configs": {"default": {"metrics": measured}}})
    for label in ("Recall@5", "Recall@10", "MRR@10", "nDCG@10", "Recall@1,500 chars"):
        assert label in text
    assert "3 answerable + 1 unanswerable" in text
    assert "Questions" not in text.split("\n", 2)[2]  # counts are in the title, not rows


def test_floors_json_pins_exactly_the_gated_metrics() -> None:
    pinned = json.loads(FLOORS.read_text(encoding="utf-8"))
    gated = [k for m in METRICS.values() if m.floor for k in m.keys((5, pinned["k"]), pinned["k"])]
    assert sorted(pinned["floors"]) == sorted(gated)
    assert sorted(pinned["measured"]) == sorted(gated)
    assert not below_floors(pinned["measured"], pinned["floors"])


def test_below_floors_follows_each_metric_direction() -> None:
    measured = {"recall@5": 0.9, "latency_p95_ms": 120.0}
    assert below_floors(measured, {"recall@5": 0.8, "latency_p95_ms": 150.0}) == {}
    assert below_floors(measured, {"recall@5": 0.95}) == {"recall@5": (0.9, 0.95)}
    assert below_floors(measured, {"latency_p95_ms": 100.0}) == {"latency_p95_ms": (120.0, 100.0)}
    assert below_floors(measured, {"mrr@10": 0.5}) == {"mrr@10": (None, 0.5)}
    assert below_floors(measured, {"made_up": 0.5}) == {"made_up": (None, 0.5)}
