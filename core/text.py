"""Shared text toolkit: normalising, sentence splitting, tokenising and stop words.

Every stage that reads words uses these functions (chunking, answers, citations, the
validator, scope, the lexicon, BM25, support scores and the eval's relevance judgements), so
"a word", "a sentence" and "the same text" mean one thing everywhere.

**Two normal forms, on purpose.** Text that is stored, shown or quoted goes through
:func:`normalise`: Unicode NFC, canonical composition only, which never changes what a reader
sees (an "é" typed as "e" + accent becomes one character) so a quote still matches its source
character for character: typographic quotes, dashes, ligatures and non-breaking spaces are
kept. Text that is only *compared* goes through :func:`fold`: NFKC compatibility forms ("ﬁ" ->
"fi", full-width letters, non-breaking spaces), accents dropped ("précis" = "precis"), case
folded, typographic quotes and dashes straightened, soft hyphens dropped and whitespace
collapsed. Folded text is never shown. (A question typed by the user is NFKC-normalised once at
input, by ``assistant.guards.clean_question``: it is not a quote, and its patterns then see
plain letters.)

**Sentences.** :func:`split_sentences` is our own rule, proven on the table of abbreviations
common in safeguarding writing in ``tests/core/test_text.py`` (where pysbd, the maintained
alternative, is measured on the same table: see the README's libraries list). It does not
depend on capital letters: a model (or a document) may start a sentence in lower case, and a
check that relied on a capital would read two claims as one. A full stop ends a sentence unless
it belongs to a known abbreviation ("e.g.", "Dr.", "No. 5"), an initial ("J. Smith"), a number
("S.47", "3.5") or a list number ("1. Share …"); a full stop followed by citation markers ("…
[1]. next") always ends one, and so does a review's letter ("Child A. The mother …").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Protocol

MARKER_RE = re.compile(r"\[(\d{1,3})\]")
"""A citation marker ``[n]``."""
BULLET_GLYPHS = "·•▪‣◦●○■►▸▹➢➤✓✔›»❖◆◇"
"""The characters a brief prints as a list bullet ("• ", "▪ ", "› ", "» ", "➢ ", "✓ " …): one set
for every loader (the .txt/.md/.pdf/.docx line reader) and for answers' list prefixes. They
mark a bullet even with no space after them; the ASCII dashes and "*" need one ("- ")."""
LIST_PREFIX_RE = re.compile(rf"^\s*(?:[-*{BULLET_GLYPHS}]|\d+[.)])\s+")
"""A list item's bullet or number at the start of a line ("- ", "• ", "3. ", "2) ")."""


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (for long word lists)."""
    return frozenset(words.split())


STOP_WORDS = word_set(
    """a an the and or but of to in on at for with by from as is are was were be been being
    it its this that these those there their they them he she his her we our you your i me my
    not no so if then than too very can could should would may might must will shall do does
    did done have has had into about over under also such any all each other some more most
    which who whom whose what when where why how own same only just both either instead else
    otherwise before after during since until"""
)
"""Function words ignored when comparing content (negations are among them: callers that
care about polarity look at them separately)."""

IMPERATIVE_VERBS = word_set(
    """act add agree alert apply arrange ask assess attend audit avoid be believe book bring
    build call capture challenge check clarify close complete confirm consider consult
    contact delete deliver destroy discuss document e-mail email engage ensure escalate
    explain explore find focus follow gather get give go hand hide hold identify ignore
    include inform introduce invite involve keep know leave let lie listen look maintain
    make map measure name note notify observe obtain offer open pass phone plan plot pretend
    provide put question raise read recognise recognize record refer remember remind remove
    repeat report request respect respond review ring search see seek send set share speak
    start stay stop submit support take talk telephone tell text think threaten train
    transfer treat trust try understand update use value visit wait warn weigh withhold work
    write"""
)
"""Verbs an instruction to the reader opens with ("Ask …", "Phone …", "Weigh …"): practice
advice in a brief, guidance in a passage, an instruction in a generated answer."""

NUMBER_WORDS = word_set(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand dozen dozens several both once twice"""
)
"""Counts written as words ("seven", "twice"): what a count looks like in a question."""

INDEX_STOP_WORDS = word_set(
    """a an and are as at be but by for if in into is it no not of on or such that the their
    then there these they this to was will with"""
)
"""The search index's stop words, a subset of :data:`STOP_WORDS`: only the commonest function
words (Lucene's English list). BM25's IDF already discounts frequent words, and pronouns,
modals and question words ("she", "must", "when") still tell passages apart: dropping all of
:data:`STOP_WORDS` lowered BM25's Recall@10 on the dev set from 0.969 to 0.939."""

# Abbreviations whose full stop does not end a sentence, lower-cased without the final dot.
# Common in UK safeguarding writing: "e.g.", "i.e.", "Dr.", "para.", "approx.".
ABBREVIATIONS = word_set(
    """e.g eg i.e ie etc cf vs viz al approx appx incl esp dept govt est
    mr mrs ms mx dr prof rev st sr jr vol para paras p pp ch sec s fig ref tel ext
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    a.m p.m am pm op ibid"""
)
# Abbreviations that, followed by a capital, usually close the sentence instead ("… etc. The").
_CLOSING_ABBREVIATIONS = frozenset({"etc", "al", "am", "pm", "a.m", "p.m"})
# Words that are abbreviations only before a number ("No. 5"), and otherwise words ("No.").
_NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "nr"})
# Words before a single capital that make it a review's subject ("Child A."), not an initial.
_SUBJECT_WORDS = word_set("child baby infant family person sibling siblings children and")

_END_RE = re.compile(r"([.!?…]+)([\"'”’)\]]*)((?:\s*\[\d{1,3}\])*)(\s+)")
_WORD_BEFORE_RE = re.compile(r"(?:^|(?<=[^\w.]))(\w[\w.]*)$")
_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
# Typographic quotes and dashes -> straight ones (as pairs: ``str.replace`` is many times
# faster than ``str.translate`` with a table, and folding runs over every chunk for BM25).
_PLAIN = (
    ("‘", "'"),
    ("’", "'"),
    ("‚", "'"),
    ("“", '"'),
    ("”", '"'),
    ("„", '"'),
    ("–", "-"),
    ("—", "-"),
    ("‑", "-"),
    ("\u00ad", ""),  # a soft hyphen: invisible, and absent from the same word elsewhere
)
_SPACES_RE = re.compile(r"[^\S\n]+")
# The Unicode blocks of combining diacritical marks (what NFKD splits off "é", "ñ", "ç").
_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def normalise(text: str) -> str:
    """Text to store, show or quote: Unicode NFC (canonical composition only), nothing else.

    NFC never changes how text looks, so a quote stays exact: the typographic quotes, dashes
    and spacing of the source are kept (use :func:`fold` to compare text).
    """
    return unicodedata.normalize("NFC", text)


def strip_accents(text: str) -> str:
    """``text`` in NFKD compatibility form with combining accents removed ("précis" ->
    "precis", "ﬁ" -> "fi")."""
    if text.isascii():
        return text  # nothing to decompose: the common case, and 10x faster
    return _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text))


def fold_characters(text: str) -> str:
    """:func:`fold` without touching whitespace: for a caller that maps the result back to
    the source character by character (a character may fold to two, "ﬁ" -> "fi", or to none,
    a soft hyphen)."""
    if not text.isascii():
        for typographic, plain in _PLAIN:
            text = text.replace(typographic, plain)
        text = strip_accents(text)
    return text.casefold()


def fold(text: str) -> str:
    """Text to compare, never to show: compatibility forms, accents dropped, case folded,
    straight quotes and dashes, one space between words (newlines kept), stripped."""
    lines = (_SPACES_RE.sub(" ", line).strip() for line in fold_characters(text).split("\n"))
    return "\n".join(lines).strip()


def _word_before(text: str, end: int) -> str:
    match = _WORD_BEFORE_RE.search(text[:end])
    return match.group(1) if match else ""


def _ends_sentence(text: str, match: re.Match[str], start: int) -> bool:
    """Whether the punctuation ``match`` closes a sentence that began at ``start``."""
    if match.group(3).strip() or match.group(1) != ".":
        return True  # markers after it, or "!", "?", "...": always a sentence end
    raw = _word_before(text, match.start(1))
    word = raw.lower().rstrip(".")
    following = text[match.end() : match.end() + 1]
    if not word:
        return True  # after a bracket or a quote: "... (2019). Then"
    if word.isdigit():
        # "1. Share information": a list number opens its item; "in 2019. Then" ends one.
        return bool(text[start : match.start(1) - len(raw)].strip()) or len(word) > 3
    if not word[0].isalpha():
        return True
    if word in _NUMBER_ABBREVIATIONS:
        return not following.isdigit()
    if word in ABBREVIATIONS:
        return word in _CLOSING_ABBREVIATIONS and following.isupper()
    if len(word) == 1 and raw[0].isupper():
        # "J. Smith" is an initial; "Child A. The mother" ends with a review's letter.
        before = text[start : match.start(1) - len(raw)].split()
        return bool(before) and before[-1].lower() in _SUBJECT_WORDS and following.isupper()
    return True


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` (each line separately; markers stay with their sentence)."""
    sentences: list[str] = []
    for line in text.splitlines():
        start = 0
        for match in _END_RE.finditer(line):
            if _ends_sentence(line, match, start):
                sentence = line[start : match.end(3)].strip()
                if sentence:
                    sentences.append(sentence)
                start = match.end()
        rest = line[start:].strip()
        if rest:
            sentences.append(rest)
    return sentences


_WH_IS_RE = re.compile(r"\b(what|who|where|when|how|which|that)['’]s\b", re.I)


def expand_wh_contractions(text: str) -> str:
    """``text`` with a question word's "'s" written out: "What's the deadline" -> "What is
    the deadline", so a question's form reads the same however it was typed."""
    return _WH_IS_RE.sub(lambda m: f"{m.group(1)} is", text)


def tokenise(text: str) -> list[str]:
    """Folded word tokens (citation markers removed, apostrophes kept inside words)."""
    return _WORD_RE.findall(MARKER_RE.sub(" ", fold_characters(text)))


def tokenise_with_bases(text: str) -> list[str]:
    """:func:`tokenise`, plus the base of each word with an apostrophe ("child's" -> "child")."""
    words = tokenise(text)
    return words + [w.split("'")[0] for w in words if "'" in w]


def content_words(text: str, stop_words: frozenset[str] = STOP_WORDS) -> list[str]:
    """Tokens that are not ``stop_words``."""
    return [w for w in tokenise(text) if w not in stop_words]


class _Stemmer(Protocol):
    def stemWords(self, words: list[str]) -> list[str]: ...


@lru_cache(maxsize=1)
def _stemmer() -> _Stemmer:
    import Stemmer

    stemmer: _Stemmer = Stemmer.Stemmer("english")
    return stemmer


def content_terms(text: str, stop_words: frozenset[str] = STOP_WORDS) -> list[str]:
    """Snowball-stemmed content words of ``text`` (``stop_words``, markers and one-letter
    stems removed): the terms of support scores, scope, the lexicon and (with
    :data:`INDEX_STOP_WORDS`) BM25."""
    return list(_content_terms(text, stop_words))


@lru_cache(maxsize=8192)
def _content_terms(text: str, stop_words: frozenset[str]) -> tuple[str, ...]:
    # Cached: an answer compares the same passages' terms many times (near-duplicate points,
    # scope checks), and the same learning points come back question after question.
    return tuple(w for w in _stemmer().stemWords(content_words(text, stop_words)) if len(w) > 1)


__all__ = [
    "ABBREVIATIONS",
    "BULLET_GLYPHS",
    "IMPERATIVE_VERBS",
    "INDEX_STOP_WORDS",
    "LIST_PREFIX_RE",
    "MARKER_RE",
    "NUMBER_WORDS",
    "STOP_WORDS",
    "content_terms",
    "content_words",
    "fold",
    "fold_characters",
    "normalise",
    "split_sentences",
    "strip_accents",
    "tokenise",
    "tokenise_with_bases",
    "word_set",
]
