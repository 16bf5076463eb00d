"""Theme tagging skips regex searches that cannot match, and tags exactly as the full patterns."""

from __future__ import annotations

import random
import re

import pytest

from core.config import Settings
from ingest.manifest import Manifest
from ingest.pipeline import discover, parse_file
from ingest.themes import THEMES, _required_literal, tag_themes
from tests.builders import CORPUS_DIR


def full_search(text: str) -> tuple[str, ...]:
    """The definition: every theme whose whole pattern matches somewhere in ``text``."""
    return tuple(theme.slug for theme in THEMES if theme.pattern.search(text))


@pytest.mark.parametrize(
    ("term", "literal"),
    [
        (r"disagree", "disagree"),
        (r"\bescalat", "escalat"),
        (r"professional (?:challenge|differences?)", "professional "),
        (r"\bmales?\b", "male"),
        (r"non[- ]?(?:independently[- ])?mobile", "mobile"),
        (r"hearing.{0,20}children", "children"),
        (r"become[s]? pregnant", " pregnant"),
        (r"\bCAMHS\b", "camhs"),
        (r"\bGP\b", "gp"),
        (r"co-?operat", "operat"),
        (r"missed (?:health )?(?:\(and other\) )?appointments", "appointments"),
        (r"a+b", None),
        (r"x", None),
        (r"one|two", None),
    ],
)
def test_required_literal(term: str, literal: str | None) -> None:
    assert _required_literal(term) == literal


def test_every_literal_is_lower_case_text_of_its_pattern() -> None:
    for theme in THEMES:
        if theme.terms is None:
            continue
        for literal, _ in theme.terms:
            assert literal == literal.lower() and literal in theme.pattern.pattern.lower()


def test_tags_equal_the_full_patterns_on_the_corpus() -> None:
    files, _, _ = discover([CORPUS_DIR])
    manifest = Manifest.load(CORPUS_DIR)
    settings = Settings(index_dir=CORPUS_DIR.parent / "unused")
    texts = [
        f"{c.section}\n{c.text}" for f in files for c in parse_file(f, settings, manifest).chunks
    ]
    assert len(texts) > 100
    tagged = 0
    for text in texts:
        assert tag_themes(text) == full_search(text), text
        tagged += bool(tag_themes(text))
    assert tagged > len(texts) // 2


ODD = ["\u0130", "\u0131", "\u017f", "\u212a", "é", "’", "“", "ß", "ǅ", "-", "\n", "  "]


@pytest.mark.parametrize(
    "text",
    [
        "Poor ſupervision",  # long s: a case-insensitive match of "s"
        "\u212aey learning about the child's voice",  # Kelvin sign: matches "k"
        "İnformation sharing",  # dotted capital I: matches "i"
        "dıscharge planning",  # dotless i: matches "I"
        "CAMHS and the GP",
        "NON-ACCIDENTAL bruising in a BABY's injury",
        "hearing from the children",
        "",
    ],
)
def test_tags_equal_the_full_patterns_on_odd_text(text: str) -> None:
    assert tag_themes(text) == full_search(text)


def test_tags_equal_the_full_patterns_on_random_text() -> None:
    words = sorted({w for t in THEMES for w in re.findall(r"[A-Za-z0-9']+", t.pattern.pattern)})
    rng = random.Random(7)
    matched = 0
    for _ in range(5000):
        parts: list[str] = []
        for _ in range(rng.randint(1, 10)):
            word = "".join(c.upper() if rng.random() < 0.3 else c for c in rng.choice(words))
            if rng.random() < 0.1:
                cut = rng.randrange(len(word) + 1)
                word = word[:cut] + rng.choice(ODD) + word[cut:]
            parts += [word, rng.choice([" ", " ", "-", "\n", ", ", rng.choice(ODD)])]
        text = "".join(parts)
        assert tag_themes(text) == full_search(text), text
        matched += bool(full_search(text))
    assert matched > 500
