"""Shared text toolkit: normalising, sentence splitting, tokenising and stop words.

The sentence splitter does not depend on capital letters: a model (or a document) may start a
sentence in lower case, and a check that relied on a capital would read two claims as one.
A full stop ends a sentence unless it belongs to a known abbreviation ("e.g.", "Dr.", "No. 5"),
an initial ("J. Smith") or a number ("S.47", "3.5"); a full stop followed by citation markers
("… [1]. next") always ends one.
"""

from __future__ import annotations

import re
import unicodedata

MARKER_RE = re.compile(r"\[(\d{1,3})\]")


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (for long word lists)."""
    return frozenset(words.split())


STOP_WORDS = word_set(
    """a an the and or but of to in on at for with by from as is are was were be been being
    it its this that these those there their they them he she his her we our you your i me my
    not no so if then than too very can could should would may might must will shall do does
    did done have has had into about over under also such any all each other some more most
    which who whom whose what when where why how own same only just both either"""
)
"""Function words ignored when comparing content (negations are among them: callers that
care about polarity look at them separately)."""

# Abbreviations whose full stop does not end a sentence, lower-cased without the final dot.
# Common in UK safeguarding writing: "e.g.", "i.e.", "Dr.", "No. 3", "para.", "approx.".
ABBREVIATIONS = word_set(
    """e.g eg i.e ie etc cf vs viz al approx appx incl esp dept govt est
    mr mrs ms mx dr prof rev st sr jr no nos nr vol para paras p pp ch sec s fig ref tel ext
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    a.m p.m am pm op ibid"""
)
# Abbreviations that, followed by a capital, usually close the sentence instead ("… etc. The").
_CLOSING_ABBREVIATIONS = frozenset({"etc", "al", "am", "pm", "a.m", "p.m"})

_END_RE = re.compile(r"([.!?…]+)([\"'”’)\]]*)((?:\s*\[\d{1,3}\])*)(\s+)")
_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """NFKC, straight quotes and dashes, one space between words (newlines kept)."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_PLAIN)
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(lines).strip()


def _word_before(text: str, end: int) -> str:
    match = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:end])
    return match.group(1).lower().rstrip(".") if match else ""


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether the punctuation ``match`` closes a sentence."""
    if match.group(3).strip() or match.group(1) != ".":
        return True  # markers after it, or "!", "?", "...": always a sentence end
    word = _word_before(text, match.start(1))
    following = text[match.end() : match.end() + 1]
    if not word:
        return True  # after a number or a bracket: "... in 2019. then"
    if word in ABBREVIATIONS:
        return word in _CLOSING_ABBREVIATIONS and following.isupper()
    # An initial ("J. Smith") does not end a sentence.
    return not (len(word) == 1 and word.isalpha() and text[match.start(1) - 1].isupper())


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` (each line separately; markers stay with their sentence)."""
    sentences: list[str] = []
    for line in text.splitlines():
        start = 0
        for match in _END_RE.finditer(line):
            if _ends_sentence(line, match):
                sentence = line[start : match.end(3)].strip()
                if sentence:
                    sentences.append(sentence)
                start = match.end()
        rest = line[start:].strip()
        if rest:
            sentences.append(rest)
    return sentences


def tokenise(text: str) -> list[str]:
    """Lower-case word tokens (citation markers removed, apostrophes kept inside words)."""
    return _WORD_RE.findall(MARKER_RE.sub(" ", normalise(text).lower()))


def content_words(text: str) -> list[str]:
    """Tokens that are not stop words."""
    return [w for w in tokenise(text) if w not in STOP_WORDS]


__all__ = [
    "ABBREVIATIONS",
    "MARKER_RE",
    "STOP_WORDS",
    "content_words",
    "normalise",
    "split_sentences",
    "tokenise",
    "word_set",
]
