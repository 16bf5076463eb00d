"""Retrieval/citation regression gate: the dev set on ``default`` with the real model.

The floors live in ``evals/floors.json`` (measured value minus a small margin). When retrieval
improves, re-measure and raise them (see evals/README-maintainers.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.config import Settings
from evals.metrics import below_floors
from evals.runner import run_eval

EVALS = Path(__file__).resolve().parents[2] / "evals"


@pytest.mark.slow
def test_default_config_meets_the_pinned_floors(real_settings: Settings) -> None:
    pinned = json.loads((EVALS / "floors.json").read_text(encoding="utf-8"))
    config = pinned["config"]
    warnings: list[str] = []
    results = run_eval(
        EVALS / "questions.jsonl", real_settings, [config], k=pinned["k"], warn=warnings.append
    )
    measured = results["configs"][config]["metrics"]
    floors: dict[str, float] = pinned["floors"]
    below = below_floors(measured, floors)  # each metric's declared direction
    report = "\n".join(
        f"  {key:<24} measured {measured[key]:.4f}   floor {floors[key]:.4f}"
        + ("   <-- BELOW" if key in below else "")
        for key in floors
        if key in measured
    )
    extra = "\n".join(
        f"  {key:<24} {value}" for key, value in measured.items() if key not in floors
    )
    assert not below, (
        f"'{config}' fell below its floors in evals/floors.json:\n{report}\n"
        f"other measurements:\n{extra}\nwarnings: {warnings}"
    )
