"""Reporting: the terminal table of a run's metrics (labels, directions and formats from
the metric declarations in :mod:`evals.metrics`), the questions a configuration missed, and
publishing the summary the About page shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evals.metrics import metric_for


def _label(key: str) -> str:
    metric = metric_for(key)
    return metric.label_for(key) if metric is not None else key


def _format(key: str, value: float | int) -> str:
    metric = metric_for(key)
    unit = metric.unit if metric is not None else ("count" if isinstance(value, int) else "share")
    if unit == "ms":
        return f"{value:,.0f}"
    if unit == "count" or isinstance(value, int):
        return str(value)
    return f"{value:.3f}"


def metrics_table(results: dict[str, Any]) -> Any:
    """A rich table: one row per metric, one column per configuration (best in bold)."""
    from rich.markup import escape
    from rich.table import Table

    configs: dict[str, Any] = results["configs"]
    meta = results.get("meta", {})
    first: dict[str, Any] = next(iter(configs.values()), {"metrics": {}})
    counts = first["metrics"]
    table = Table(
        title=f"Retrieval and citation evaluation (k={meta.get('k', '?')}, "
        f"{counts.get('answerable', 0)} answerable + {counts.get('unanswerable', 0)} "
        "unanswerable questions)",
    )
    table.add_column("metric")
    for name in configs:
        table.add_column(escape(name), justify="right")
    for key in first["metrics"]:
        metric = metric_for(key)
        if metric is not None and not metric.shown:
            continue
        values = [configs[n]["metrics"].get(key) for n in configs]
        present = [v for v in values if v is not None]
        lower = metric is not None and metric.direction == "lower"
        best = (min(present) if lower else max(present)) if present else None
        cells = []
        for value in values:
            if value is None:
                cells.append("—")
                continue
            text = _format(key, value)
            cells.append(f"[bold]{text}[/bold]" if len(configs) > 1 and value == best else text)
        table.add_row(_label(key), *cells)
    return table


def missed(results: dict[str, Any], config: str) -> list[dict[str, Any]]:
    """Answerable questions with no relevant passage in ``config``'s top k."""
    return [
        q
        for q in results["configs"][config]["questions"]
        if q["answerable"] and q["first_relevant_rank"] is None
    ]


def publish(results: dict[str, Any], path: Path) -> None:
    """Write the default configuration's summary to ``path`` (``--publish``; read by the
    About page and ``review-assistant about``)."""
    from assistant.about import publish as write_published

    write_published(results, path)


__all__ = ["metrics_table", "missed", "publish"]
