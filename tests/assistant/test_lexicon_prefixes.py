"""The lexicon's shortcut (search a pattern only when the question holds a piece one of its
matches would start with) never changes what :func:`expand_query` finds."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from assistant import lexicon
from assistant.lexicon import expand_query, match_prefixes

REPO = Path(__file__).resolve().parents[2]


def _full_expansion(question: str) -> str:
    """What expand_query returns with every pattern searched (no shortcut)."""
    extra = [words for pattern, words in lexicon._COMPILED if pattern.search(question)]
    return question if not extra else f"{question} {' '.join(extra)}"


@pytest.mark.parametrize(
    ("pattern", "pieces"),
    [
        (r"\bdads?\b", ("dad",)),
        (r"\b(?:mums?|mummy)\b", ("mum", "mummy")),
        (r"\btoo (?:hopeful|trusting)|\bunborn\b", ("too hopeful", "too trusting", "unborn")),
        (r"\bbefore (?:the )?birth\b", ("before ",)),
        (r"\b(?:tele)?phon\w*", None),  # may start with "phon" or "tele": no single piece
        (r"\bx-?rays?|\bbones?\b", None),  # "x" alone is too short to be worth a test
        (r"(?:a|)bc", None),  # an alternative that starts with nothing certain
        (r"\w+ing", None),
        (r"(?=foo)foo", None),
        (r"\bé\w+", None),  # a non-ASCII literal: not lower-cased here
    ],
)
def test_match_prefixes(pattern: str, pieces: tuple[str, ...] | None) -> None:
    assert match_prefixes(pattern) == pieces


def _texts() -> list[str]:
    """Questions of every question set and sentences of the corpus' text briefs, plus
    random mixes of lexicon words, case changes and the characters a case-insensitive regex
    folds to ASCII (İ ı ſ K)."""
    texts: list[str] = []
    for path in sorted(REPO.glob("evals/**/questions*.jsonl")):
        texts += re.findall(r'"question": "((?:[^"\\]|\\.)*)"', path.read_text("utf-8"))
    for path in sorted((REPO / "corpus").glob("*.txt"))[:3]:
        texts += [line for line in path.read_text("utf-8").splitlines() if line.strip()]
    words = re.findall(r"[a-z']+", " ".join(p for p, _ in lexicon._EXPANSIONS).lower())
    rng = random.Random(18)
    for _ in range(2000):
        picked = rng.choices([*words, "the", "a", "İ", "ı", "ſ", "K", "-", "  "], k=6)
        text = " ".join(w.upper() if rng.random() < 0.2 else w for w in picked)
        texts.append(text.replace("s", "ſ") if rng.random() < 0.05 else text)
    return texts


def test_expand_query_equals_searching_every_pattern() -> None:
    texts = _texts()
    assert len(texts) > 2000
    expanded = 0
    for text in texts:
        got = expand_query(text)
        assert got == _full_expansion(text), text
        expanded += got != text
    assert expanded > len(texts) // 3  # the texts exercise the patterns
    # Folded characters take the full path: "ſchool" matches \bschool\b case-insensitively.
    assert (
        expand_query("the ſchool nurse")
        == _full_expansion("the ſchool nurse")
        != ("the ſchool nurse")
    )
