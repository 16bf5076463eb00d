"""Currency notices: cited passages that name guidance or bodies since replaced.

Many reviews predate today's statutory framework (Working Together 2023, the local
safeguarding partners, LCSPRs, Integrated Care Boards). The table of what was replaced lives in
one data file, ``assistant/data/currency.json``, that maintainers extend; it is validated when
loaded, and a bad entry raises :class:`~core.errors.ConfigError` naming the entry and the
field. A notice is attached to a citation beside its quote; it never changes the quote.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.errors import ConfigError
from core.models import Answer, Chunk, CurrencyNotice

CURRENCY_FILE = Path(__file__).resolve().parent / "data" / "currency.json"
_FIELDS = ("id", "pattern", "outdated", "current", "since", "source")


@dataclass(frozen=True)
class CurrencyRule:
    """One entry of the currency table: what older reviews name and what replaced it."""

    id: str
    pattern: re.Pattern[str]
    outdated: str
    current: str
    since: str
    source: str

    def notice(self, found: str, where: str) -> CurrencyNotice:
        """The notice for a match of this rule (``where``: "passage" or "document")."""
        return CurrencyNotice(
            rule=self.id,
            found=found,
            outdated=self.outdated,
            current=self.current,
            since=self.since,
            source=self.source,
            where=where,  # type: ignore[arg-type]
        )


def _entry(raw: object, position: int, path: Path, seen: set[str]) -> CurrencyRule:
    name = f"entry {position}"
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: {name} must be an object with the fields {', '.join(_FIELDS)}")
    if isinstance(raw.get("id"), str) and raw["id"].strip():
        name = f"entry {position} ('{raw['id']}')"
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        raise ConfigError(
            f"{path}: {name} has unknown field '{unknown[0]}'; the fields are {', '.join(_FIELDS)}"
        )
    values: dict[str, str] = {}
    for key in _FIELDS:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(
                f"{path}: {name}, field '{key}' is missing or empty; give it a text value"
            )
        values[key] = value.strip()
    if values["id"] in seen:
        raise ConfigError(f"{path}: {name}, field 'id' repeats an earlier entry; ids are unique")
    seen.add(values["id"])
    try:
        pattern = re.compile(values["pattern"], re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(
            f"{path}: {name}, field 'pattern' is not a valid regular expression ({exc})"
        ) from exc
    if pattern.search(""):
        raise ConfigError(f"{path}: {name}, field 'pattern' matches empty text; make it specific")
    return CurrencyRule(
        values["id"],
        pattern,
        values["outdated"],
        values["current"],
        values["since"],
        values["source"],
    )


def load_rules(path: Path = CURRENCY_FILE) -> tuple[CurrencyRule, ...]:
    """Read and validate the currency table (raises :class:`ConfigError` naming the entry)."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"The currency table {path} is missing; restore it from git") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"The currency table {path} is not valid UTF-8 JSON: {exc}") from exc
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected an object with a list 'entries'")
    seen: set[str] = set()
    return tuple(_entry(raw, i, path, seen) for i, raw in enumerate(entries, start=1))


@lru_cache(maxsize=1)
def default_rules() -> tuple[CurrencyRule, ...]:
    """The bundled table, loaded once."""
    return load_rules()


def matches(text: str, rules: Sequence[CurrencyRule]) -> list[tuple[CurrencyRule, str]]:
    """Each rule that ``text`` triggers, with the first wording it matched."""
    found = []
    for rule in rules:
        hit = rule.pattern.search(text)
        if hit:
            found.append((rule, re.sub(r"\s+", " ", hit.group(0)).strip()))
    return found


# What each document's text triggers, for the library snapshot last seen (the index hands out
# one chunk list per generation): a document is scanned once per snapshot, not on every
# answer that cites it (scanning the library on each question cost ~46 ms at 100k chunks).
# One slot: a different chunk list (a new generation) starts it afresh.
_snapshot: list[Any] = [None, {}]
_snapshot_lock = threading.Lock()


def _document_matches(
    chunk: Chunk, document_chunks: Iterable[Chunk], rules: tuple[CurrencyRule, ...]
) -> tuple[tuple[CurrencyRule, str], ...]:
    key = (chunk.doc_id, rules)
    with _snapshot_lock:
        if _snapshot[0] is not document_chunks:
            _snapshot[0], _snapshot[1] = document_chunks, {}
        cache: dict[Any, tuple[tuple[CurrencyRule, str], ...]] = _snapshot[1]
        found = cache.get(key)
    if found is None:
        text = "\n".join(c.source_text for c in document_chunks if c.doc_id == chunk.doc_id)
        found = tuple(matches(text, rules))
        with _snapshot_lock:
            if _snapshot[0] is document_chunks:
                cache[key] = found
    return found


@lru_cache(maxsize=8192)
def _passage_matches(
    text: str, rules: tuple[CurrencyRule, ...]
) -> tuple[tuple[CurrencyRule, str], ...]:
    return tuple(matches(text, rules))


def notices_for(
    chunk: Chunk, document_chunks: Iterable[Chunk], rules: Sequence[CurrencyRule]
) -> tuple[CurrencyNotice, ...]:
    """Notices for one cited learning point: what it names itself ("passage") first, then
    what the rest of its document names ("document")."""
    rules = tuple(rules)
    notices = [
        rule.notice(found, "passage") for rule, found in _passage_matches(chunk.source_text, rules)
    ]
    named = {n.rule for n in notices}
    for rule, found in _document_matches(chunk, document_chunks, rules):
        if rule.id not in named:
            notices.append(rule.notice(found, "document"))
    return tuple(notices)


def with_currency(
    answer: Answer, chunks: Sequence[Chunk], rules: Sequence[CurrencyRule] | None = None
) -> Answer:
    """``answer`` with each citation's currency notices filled in (quotes untouched)."""
    if not answer.citations:
        return answer
    rules = default_rules() if rules is None else rules
    citations = tuple(
        replace(c, currency=notices_for(c.chunk, chunks, rules)) for c in answer.citations
    )
    return replace(answer, citations=citations)
