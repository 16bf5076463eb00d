"""The questions file (``evals/README-questions.md``): one JSON object per line, parsed with
pydantic (:class:`QuestionItem`). A bad line is a :class:`QuestionsFileError` naming the
file, the line and the field."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from core.errors import ReviewAssistantError
from evals.metrics import Evidence

Warn = Callable[[str], None]


class QuestionsFileError(ReviewAssistantError):
    """The questions file cannot be used; the message names the file, line and field."""

    def __init__(
        self, path: Path, line: int | None, problem: str, field_name: str | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.field = field_name
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty")
    return value


class EvidenceItem(BaseModel):
    """One ``relevant`` entry: the document id and a span of one of its lines."""

    model_config = ConfigDict(strict=True, frozen=True)

    doc: str
    contains: str

    check_blank = field_validator("doc", "contains")(_not_blank)


class QuestionItem(BaseModel):
    """One line of the questions file (unknown keys, e.g. notes, are ignored)."""

    model_config = ConfigDict(strict=True, frozen=True, populate_by_name=True)

    id: str
    question: str
    answerable: bool
    relevant: list[EvidenceItem]
    review_any: list[str]
    expect: Literal["", "direct", "related", "none"] = Field("")

    check_blank = field_validator("id", "question")(_not_blank)

    @model_validator(mode="after")
    def _expect_fits(self) -> QuestionItem:
        if self.answerable and self.expect in ("related", "none"):
            raise ValueError(f"an answerable question cannot expect '{self.expect}'")
        return self


@dataclass(frozen=True)
class Question:
    """One question as the runner uses it (``line``: where it is in its file)."""

    qid: str
    question: str
    answerable: bool
    relevant: tuple[Evidence, ...]
    review_any: tuple[str, ...]
    line: int = 0
    expect: str = ""
    """The answer type expected: ``direct`` (answerable), ``none`` (default when unanswerable)
    or ``related`` (a near-topic question the library does not answer)."""

    @property
    def expected_type(self) -> str:
        return self.expect or ("direct" if self.answerable else "none")


_KINDS = {
    "bool_type": "true or false",
    "string_type": "a string",
    "list_type": "a list",
    "model_type": "an object",
    "dict_type": "an object",
}


def _problem(error: ErrorDetails, record: Any) -> tuple[str, str | None]:
    """``(message, field)`` for pydantic's first error on a line, in the file's own terms:
    ``relevant[1].contains`` (1-based, as a person counts) with the field ``relevant.contains``."""
    loc = [part for part in error["loc"] if part != "function-after"]
    if not loc:  # the model validator: the only cross-field rule is about 'expect'
        return str(error["msg"]).removeprefix("Value error, "), "expect"
    name = str(loc[0])
    where = name + "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in loc[1:])
    field = ".".join([name, *(str(p) for p in loc[1:] if not isinstance(p, int))])
    kind = error["type"]
    if kind == "missing" and len(loc) == 1:
        return f"missing field '{name}'", name
    if name == "relevant" and len(loc) > 2:
        return f"field '{where}' is missing or not a non-empty string", field
    if name == "relevant" and len(loc) == 2:
        return f"field '{where}' must be an object with 'doc' and 'contains'", name
    if kind == "value_error":
        return f"field '{where}' {str(error['msg']).removeprefix('Value error, ')}", field
    if kind == "literal_error" and name == "expect":
        got = record.get("expect") if isinstance(record, dict) else None
        return f'field \'expect\' must be "direct", "related" or "none", got {got!r}', name
    if kind in _KINDS:
        got = json.dumps(error.get("input"), ensure_ascii=False)[:60]
        return f"field '{where}' must be {_KINDS[kind]}, got {got}", field
    return f"field '{where}': {error['msg']}", field


def parse_question(record: Any, path: Path, line: int) -> Question:
    """Validate one decoded line (raises :class:`QuestionsFileError`)."""
    if not isinstance(record, dict):
        raise QuestionsFileError(path, line, "each line must be a JSON object ({...})")
    try:
        item = QuestionItem.model_validate(record)
    except ValidationError as exc:
        problem, field = _problem(exc.errors()[0], record)
        raise QuestionsFileError(path, line, problem, field) from None
    return Question(
        qid=item.id.strip(),
        question=item.question,
        answerable=item.answerable,
        relevant=tuple(Evidence(e.doc, e.contains) for e in item.relevant),
        review_any=tuple(item.review_any),
        line=line,
        expect=item.expect,
    )


def load_questions(path: Path, warn: Warn | None = None) -> list[Question]:
    """Read and validate a questions JSONL file (blank lines are skipped)."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuestionsFileError(path, None, "does not exist; check the path") from None
    except UnicodeDecodeError as exc:
        raise QuestionsFileError(path, None, f"is not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise QuestionsFileError(path, None, f"cannot be read ({exc.strerror})") from None
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for number, text in enumerate(raw.splitlines(), start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise QuestionsFileError(
                path, number, f"malformed JSON ({exc.msg} at column {exc.colno})"
            ) from None
        question = parse_question(record, path, number)
        if question.qid in seen:
            raise QuestionsFileError(
                path,
                number,
                f"duplicate id '{question.qid}' (first used on line {seen[question.qid]})",
                "id",
            )
        seen[question.qid] = number
        if warn is not None:
            if question.answerable and not question.relevant:
                warn(
                    f"{path}, line {number}: '{question.qid}' is answerable but lists no "
                    "'relevant' evidence, so it can never be recalled"
                )
            if not question.answerable and question.relevant:
                warn(
                    f"{path}, line {number}: '{question.qid}' is unanswerable; its "
                    "'relevant' entries are ignored"
                )
        questions.append(question)
    if not questions:
        raise QuestionsFileError(path, None, "holds no questions")
    return questions


__all__ = [
    "EvidenceItem",
    "Question",
    "QuestionItem",
    "QuestionsFileError",
    "load_questions",
    "parse_question",
]
