"""An honest accuracy statement: the latest published evaluation, in plain words.

``review-assistant eval --publish`` writes ``evals/published.json`` (see
:func:`publish`); the "About these answers" page and ``review-assistant about`` read it with
:func:`load_published` and show :func:`plain_statement` plus :data:`LIMITS`. The figures shown
are the file's, never re-computed or rounded differently in two places: :func:`figure_text`
formats every figure for both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.config import PROJECT_ROOT
from core.errors import ConfigError

PUBLISHED_FILE = PROJECT_ROOT / "evals" / "published.json"
PUBLISHED_CONFIG = "default"
SET_NAMES = {
    "evals/questions.jsonl": "dev set",
    "evals/questions-validation.jsonl": "second dev set",
    "evals/dev_briefs/questions.jsonl": "fictional dev briefs",
}
"""Plain names of the repository's question sets, by file (others are named by their stem)."""

LIMITS: tuple[str, ...] = (
    "It does not make or recommend decisions about a child or family: it shows what published "
    "reviews learned, for you to weigh with your safeguarding lead and local procedures.",
    "It has no general knowledge: it answers only from the reviews in its library, and says so "
    "when they do not cover a question (statutory guidance, timescales and thresholds are in "
    "Working Together 2023 and your local procedures).",
    "It does not keep your questions by default: they are not logged unless an administrator "
    "turns that on, and feedback is stored only when you submit it.",
    "Its figures come from test questions written for this library; on your own questions, "
    "check the cited passage before you rely on it.",
)


@dataclass(frozen=True)
class PublishedSet:
    """The published figures of one question set (the default configuration)."""

    name: str
    questions_file: str
    date: str
    answerable: int
    unanswerable: int
    recall_at_5: float
    first_citation_accuracy: float
    first_citation_correct: int
    answered: int
    abstained_unanswerable: float
    abstained_unanswerable_count: int
    false_abstentions: int
    embedding_model: str = ""
    out_of_scope: int | None = None
    """Unanswerable questions no review is relevant to (``None``: an older file, where every
    unanswerable question was one)."""
    near_topic: int = 0
    """Unanswerable questions close to a review's topic (``expect: related``)."""
    near_topic_not_direct: int = 0
    """Of those, how many were not answered as if the learning answered them."""


def _count(share: float, total: int) -> int:
    return round(share * total)


def published_entry(results: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    """The published summary of one eval run (``run_eval``'s results) for its question set."""
    configs = results.get("configs", {})
    if PUBLISHED_CONFIG not in configs:
        raise ConfigError(
            f"--publish needs the '{PUBLISHED_CONFIG}' configuration in the run; add "
            f"--config {PUBLISHED_CONFIG}"
        )
    meta = results.get("meta", {})
    m = configs[PUBLISHED_CONFIG]["metrics"]
    answerable = int(m["answerable"])
    unanswerable = int(m["unanswerable"])
    answered = answerable - int(m["false_abstentions"])
    near_topic = int(m.get("near_topic", 0))
    # abstained_unanswerable is measured over the out-of-scope questions only: a near-topic
    # question is rightly answered "related", so it is reported on its own.
    out_of_scope = unanswerable - near_topic
    questions_file = str(meta.get("questions_file", ""))
    return {
        "name": name or SET_NAMES.get(questions_file, Path(questions_file).stem),
        "questions_file": questions_file,
        "date": str(meta.get("date") or datetime.now(UTC).isoformat(timespec="seconds")),
        "config": PUBLISHED_CONFIG,
        "embedding_model": str(meta.get("embedding_model", "")),
        "answerable": answerable,
        "unanswerable": unanswerable,
        "recall_at_5": round(float(m["recall@5"]), 4),
        "first_citation_accuracy": round(float(m["citation_accuracy"]), 4),
        "first_citation_correct": _count(float(m["citation_accuracy"]), answered),
        "answered": answered,
        "abstained_unanswerable": round(float(m["abstained_unanswerable"]), 4),
        "abstained_unanswerable_count": _count(float(m["abstained_unanswerable"]), out_of_scope),
        "false_abstentions": int(m["false_abstentions"]),
        "out_of_scope": out_of_scope,
        "near_topic": near_topic,
        "near_topic_not_direct": _count(float(m.get("near_topic_not_direct", 0.0)), near_topic),
    }


def publish(
    results: dict[str, Any], path: Path = PUBLISHED_FILE, name: str | None = None
) -> dict[str, Any]:
    """Write (or update) ``path`` with this run's set (named ``name``, else by its file);
    other sets already there are kept."""
    entry = published_entry(results, name)
    sets: list[dict[str, Any]] = []
    if path.is_file():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
            sets = [s for s in old.get("sets", []) if isinstance(s, dict)]
        except (OSError, ValueError, AttributeError):
            sets = []  # an unreadable file is replaced, not merged
    sets = [s for s in sets if s.get("questions_file") != entry["questions_file"]] + [entry]
    payload = {
        "about": "Latest published evaluation (review-assistant eval --publish); shown on the "
        "'About these answers' page and by review-assistant about.",
        "updated": entry["date"],
        "sets": sets,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return payload


def load_published(path: Path = PUBLISHED_FILE) -> list[PublishedSet]:
    """The published sets; ``[]`` when nothing is published. A damaged file raises
    :class:`ConfigError` naming the file and the field."""
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(
            f"{path} is not readable JSON ({exc}); re-run review-assistant eval --publish"
        ) from exc
    sets = data.get("sets") if isinstance(data, dict) else None
    if not isinstance(sets, list):
        raise ConfigError(f"{path}: expected a list 'sets'; re-run review-assistant eval --publish")
    out = []
    for i, raw in enumerate(sets, start=1):
        try:
            out.append(
                PublishedSet(
                    name=str(raw["name"]),
                    questions_file=str(raw["questions_file"]),
                    date=str(raw["date"]),
                    answerable=int(raw["answerable"]),
                    unanswerable=int(raw["unanswerable"]),
                    recall_at_5=float(raw["recall_at_5"]),
                    first_citation_accuracy=float(raw["first_citation_accuracy"]),
                    first_citation_correct=int(raw["first_citation_correct"]),
                    answered=int(raw["answered"]),
                    abstained_unanswerable=float(raw["abstained_unanswerable"]),
                    abstained_unanswerable_count=int(raw["abstained_unanswerable_count"]),
                    false_abstentions=int(raw["false_abstentions"]),
                    embedding_model=str(raw.get("embedding_model", "")),
                    out_of_scope=None
                    if raw.get("out_of_scope") is None
                    else int(raw["out_of_scope"]),
                    near_topic=int(raw.get("near_topic", 0)),
                    near_topic_not_direct=int(raw.get("near_topic_not_direct", 0)),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(
                f"{path}: set {i} has a missing or invalid field ({exc}); re-run "
                "review-assistant eval --publish"
            ) from exc
    return out


def percent(share: float) -> str:
    """``0.806`` -> ``81%`` (the one formatting of a published share)."""
    return f"{share * 100:.0f}%"


def figure_text(s: PublishedSet) -> dict[str, str]:
    """Each headline figure of a set as shown everywhere (UI and CLI)."""
    return {
        "first_citation_accuracy": percent(s.first_citation_accuracy),
        "recall_at_5": percent(s.recall_at_5),
        "abstained_unanswerable": percent(s.abstained_unanswerable),
    }


def plain_statement(s: PublishedSet) -> list[str]:
    """What a set's figures mean, in plain words."""
    f = figure_text(s)
    day = s.date[:10]
    out_of_scope = s.unanswerable if s.out_of_scope is None else s.out_of_scope
    lines = [
        f"Tested on {day} with {s.answerable + s.unanswerable} questions "
        f"('{s.name}': {s.answerable} the library can answer, {s.unanswerable} it cannot).",
        f"First citation accuracy {f['first_citation_accuracy']}: in {s.first_citation_correct} "
        f"of {s.answered} answers the first source cited holds the learning the question "
        "was about. In the rest, check the other sources listed.",
        f"Recall@5 {f['recall_at_5']}: the right learning point was among the first five "
        "passages found for that share of answerable questions.",
    ]
    if out_of_scope:
        lines.append(
            f"Abstention {f['abstained_unanswerable']}: it said it could not answer "
            f"{s.abstained_unanswerable_count} of the {out_of_scope} questions no review covers "
            f"(and wrongly declined {s.false_abstentions} it could have answered)."
        )
    elif s.false_abstentions:
        lines.append(f"It wrongly declined {s.false_abstentions} it could have answered.")
    if s.near_topic:
        lines.append(
            f"Near-topic questions: of {s.near_topic} questions close to a review's topic that "
            f"no review answers, it said plainly what the reviews do not state in "
            f"{s.near_topic_not_direct}"
            + (
                f"; in the other {s.near_topic - s.near_topic_not_direct} it answered as if "
                "the learning answered them."
                if s.near_topic_not_direct < s.near_topic
                else "."
            )
        )
    return lines
