"""The LLM validator: every sentence of a model's reply checked on its own against the
passage(s) it cites; a sentence that fails any check is removed and named in a notice.

A sentence is removed when it

- cites no passage, cites a passage number that was not given, or has text after its markers;
- names a review other than the review(s) of the passage(s) it cites;
- adds a figure, phone number, URL or e-mail address, or a name (a capitalised word) that its
  cited passages do not hold;
- gives an instruction (an imperative such as "phone …", "do not tell …", or advice to "you")
  that its cited passages do not hold;
- contradicts its passage's polarity or modality: it negates ("no need", "should not",
  "never", "not required") what the passage states, or states what the passage negates;
- shares too few of its content words with its passages (``support_score`` below the
  threshold).

The checks are deliberately strict: a wrong claim about child protection is worse than a
shorter answer, and when no sentence survives the assistant falls back to the extractive one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.cite import markers_in, support_score
from core.models import Chunk, Claim, Notice, Passage
from core.protocols import Embedder
from core.text import (
    IMPERATIVE_VERBS,
    LIST_PREFIX_RE,
    MARKER_RE,
    content_terms,
    split_sentences,
    tokenise,
    tokenise_with_bases,
    word_set,
)

REMOVED_TEXT = "[instruction-like text removed]"

INJECTION_PATTERNS = (
    re.compile(
        r"\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}?\b(?:previous|prior|"
        r"above|earlier|preceding|all|any|your|the|system)\b[^.!?\n]{0,30}?\b(?:instructions?|"
        r"prompts?|rules?|directions?|guidelines?|context)\b",
        re.I,
    ),
    re.compile(r"\b(?:system prompt|new instructions?|you are now|from now on,? you)\b", re.I),
    re.compile(
        r"\b(?:as an? (?:ai|assistant|language model)|you (?:must|should) (?:now )?"
        r"(?:reply|respond|answer|say|state)\b)",
        re.I,
    ),
)
_TAG_RE = re.compile(
    r"<\s*/?\s*(?:passages?|system|user|assistant|instructions?|question|context|im_start|"
    r"im_end|s|think)\b[^<>]{0,80}>",
    re.I,
)
_SPECIAL_TOKEN_RE = re.compile(r"<\|[^|<>]{1,40}\|>")
THINK_RE = re.compile(r"<think>.*?(?:</think>|$)", re.S | re.I)
_MARKER_LIST_RE = re.compile(r"\[\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})+)\s*\]")
_NAMED_MARKER_RE = re.compile(r"\[\s*(?:passage|source|ref)\s*(\d{1,3})\s*\]", re.I)
_TRAILING_MARKERS_RE = re.compile(r"([.!?])((?:[ \t]*\[\d{1,3}\])+)")

# -- what the model saw (and what its sentences are checked against) ----------------------------


def neutralise(text: str) -> str:
    """Passage text made safe to quote to the model: delimiter-like tags and chat special
    tokens are defused, and sentences that read as instructions to an AI are replaced."""
    text = _TAG_RE.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), text)
    text = _SPECIAL_TOKEN_RE.sub(" ", text)
    if not any(p.search(text) for p in INJECTION_PATTERNS):
        return text
    parts = split_sentences(text)
    kept = [
        REMOVED_TEXT if any(p.search(part) for p in INJECTION_PATTERNS) else part for part in parts
    ]
    return " ".join(kept)


def passage_header(passage: Passage) -> str:
    """``review — learning point`` as shown to the model (neutralised, on one line)."""
    chunk = passage.chunk
    header = f"{chunk.review} — {chunk.learning_point}"
    return neutralise(re.sub(r"\s+", " ", header).strip())


def passage_text(passage: Passage) -> str:
    """The passage wording shown to the model, and that its sentences are checked against."""
    return neutralise(passage.chunk.text.strip())


def normalise_reply(reply: str) -> str:
    """Tidy a raw reply: drop ``<think>`` sections, write ``[1, 2]``/``[passage 1]`` as
    ``[1][2]``/``[1]`` and move markers written after the full stop to just before it."""
    text = THINK_RE.sub("", reply)
    text = _NAMED_MARKER_RE.sub(lambda m: f"[{m.group(1)}]", text)
    text = _MARKER_LIST_RE.sub(
        lambda m: "".join(f"[{n.strip()}]" for n in re.split(r"[,;]", m.group(1))), text
    )
    text = _TRAILING_MARKERS_RE.sub(
        lambda m: " " + "".join(re.findall(r"\[\d{1,3}\]", m.group(2))) + m.group(1), text
    )
    return text.strip()


# -- the checks ---------------------------------------------------------------------------------

# Words that negate a statement or its modality ("no need", "should not", "never").
_NEGATIONS = word_set(
    """not no never none nothing nobody neither nor cannot unnecessary unneeded needless
    optional"""
)
# Words that describe a shortfall: a passage saying "failed to share" agrees with a sentence
# saying "did not share", so these count as negative when the other side is negated.
_SHORTFALLS = word_set(
    """fail failed fails failing failure failures lack lacked lacking lacks absence absent
    without missed missing unable insufficient inadequate poor limited rarely seldom little
    gap gaps delay delayed late unclear incomplete inconsistent lost weak"""
)
_NOT_A_NEGATION = re.compile(r"\bnot only\b|\bno longer\b|\bno doubt\b|\bnever(?:theless)\b")
_LEADING_FILLERS = frozenset({"and", "then", "so", "please", "always", "also", "just", "now"})
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "fifteen": "15",
    "twenty": "20",
    "thirty": "30",
    "fifty": "50",
    "hundred": "100",
    "thousand": "1000",
    "dozen": "12",
}
_NUMBER_RE = re.compile(r"(?<![A-Za-z\d])\+?\d[\d,.]*(?:[ -]\d[\d,.]*)*")
_URL_RE = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:uk|com|org|net|gov|io)\b")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CAPITALISED_RE = re.compile(r"(?<![\w'’-])[A-Z][A-Za-z0-9]*")
_REVIEW_NAME_RE = re.compile(
    r"\b(?:review|scr|lcspr|cspr|sar|dhr)\s+(?:of\s+|into\s+|for\s+|about\s+)?(?:the\s+)?"
    r"((?:child|family|baby|children|siblings?)\s+)?([A-Z][\w/-]*)",
    re.I,
)
_CLAUSE_SPLIT_RE = re.compile(r"[;:]\s+|,\s+(?:and\s+)?(?=(?:then\s+)?(?:do not|don't|never)\b)")


@dataclass(frozen=True)
class Reference:
    """What a sentence's cited passages hold, prepared once per passage."""

    passage: Passage
    text: str  # header + wording, as the model saw it
    tokens: frozenset[str]
    numbers: frozenset[str]
    reviews: tuple[str, ...]

    @classmethod
    def of(cls, passage: Passage) -> Reference:
        text, tokens, numbers = _prepared(passage.chunk)
        return cls(passage, text, tokens, numbers, (passage.chunk.review,))


@lru_cache(maxsize=4096)
def _prepared(chunk: Chunk) -> tuple[str, frozenset[str], frozenset[str]]:
    # What the model saw of a passage depends on its chunk only (header and wording), and
    # the same chunks are cited answer after answer: prepared once each.
    passage = Passage(chunk=chunk, score=0.0, rank=0)
    text = f"{passage_header(passage)}\n{passage_text(passage)}"
    return text, frozenset(tokenise_with_bases(text)), frozenset(_numbers(text))


def _numbers(text: str) -> list[str]:
    """Digit strings of each figure (phone numbers as one string and as their groups)."""
    found: list[str] = []
    for match in _NUMBER_RE.finditer(MARKER_RE.sub(" ", text)):
        raw = match.group(0).rstrip(".,")
        found.append(re.sub(r"\D", "", raw))
        found.extend(g for g in re.split(r"[^\d]+", raw) if g)
    return found


def _negated(words: Sequence[str]) -> bool:
    return any(w in _NEGATIONS or w.endswith("n't") for w in words)


def _negative(words: Sequence[str]) -> bool:
    return _negated(words) or any(w in _SHORTFALLS for w in words)


def _polarity_words(text: str) -> list[str]:
    return tokenise(_NOT_A_NEGATION.sub(" ", text.lower()))


def _contradiction(sentence: str, refs: Sequence[Reference]) -> str | None:
    """Whether the sentence's polarity differs from the passage sentences it draws on."""
    claim_terms = set(content_terms(sentence))
    if not claim_terms:
        return None
    candidates: list[tuple[int, str]] = []
    for ref in refs:
        for part in split_sentences(passage_text(ref.passage)):
            overlap = len(claim_terms & set(content_terms(part)))
            if overlap:
                candidates.append((overlap, part))
    if not candidates:
        return None
    best = max(o for o, _ in candidates)
    close = [p for o, p in candidates if o >= max(1, best * 0.6)]
    words = _polarity_words(sentence)
    if _negated(words) and not any(_negative(_polarity_words(p)) for p in close):
        return "it negates what its cited passage states (the passage says the opposite)"
    if not _negative(words) and not any(not _negated(_polarity_words(p)) for p in close):
        return "it states what its cited passage negates (the passage says the opposite)"
    return None


def _named_reviews(sentence: str, refs: Sequence[Reference], others: Sequence[str]) -> str | None:
    cited = [r for ref in refs for r in ref.reviews]
    cited_text = " ".join(cited + [ref.text for ref in refs]).lower()
    lowered = sentence.lower()
    for review in others:
        named = review.lower() in lowered and not any(review.lower() in c.lower() for c in cited)
        if named and not any(c.lower() in lowered for c in cited):
            return f"it names the review '{review}' but cites a passage from '{cited[0]}'"
    for match in _REVIEW_NAME_RE.finditer(sentence):
        name = match.group(2)
        if not name[:1].isupper() or name.lower() in {"the", "of", "and"}:
            continue
        if not re.search(rf"(?<![\w]){re.escape(name.lower())}(?![\w])", cited_text):
            return (
                f"it names a review ('{match.group(0).strip()}') that is not the cited '{cited[0]}'"
            )
    return None


def _added_details(sentence: str, refs: Sequence[Reference]) -> str | None:
    numbers = set().union(*(ref.numbers for ref in refs))
    tokens = set().union(*(ref.tokens for ref in refs))
    text = " ".join(ref.text for ref in refs).lower()
    bare = MARKER_RE.sub(" ", sentence)
    for match in _EMAIL_RE.finditer(bare):
        if match.group(0).lower() not in text:
            return f"it adds an e-mail address ('{match.group(0)}') its cited passage does not hold"
    for match in _URL_RE.finditer(bare):
        if match.group(0).lower().rstrip(".,)") not in text:
            return f"it adds a web address ('{match.group(0)}') its cited passage does not hold"
    for match in _NUMBER_RE.finditer(bare):
        raw = match.group(0).rstrip(".,")
        whole = re.sub(r"\D", "", raw)
        groups = [g for g in re.split(r"[^\d]+", raw) if g]
        if whole not in numbers and not all(g in numbers for g in groups):
            return f"it adds a figure or number ('{raw.strip()}') its cited passage does not hold"
    for word in tokenise(bare):
        if word in _NUMBER_WORDS and word not in tokens and _NUMBER_WORDS[word] not in numbers:
            return f"it adds a figure ('{word}') its cited passage does not hold"
    # A capitalised word other than the first of a sentence or clause is a name or a proper
    # noun; one the passage does not hold (a person, a place, an agency) is invented.
    for clause in re.split(r"[:;]\s+|[\"“(]\s*", bare):
        words = list(_CAPITALISED_RE.finditer(clause))
        first = re.search(r"[A-Za-z]", clause)
        for match in words:
            if first is not None and match.start() == first.start():
                continue
            word = match.group(0)
            if word == "I" or word.lower() in tokens:
                continue
            return f"it adds a name ('{word}') its cited passage does not hold"
    return None


def _instruction(sentence: str, refs: Sequence[Reference]) -> str | None:
    tokens = set().union(*(ref.tokens for ref in refs))
    bare = LIST_PREFIX_RE.sub("", MARKER_RE.sub(" ", sentence))
    for clause in _CLAUSE_SPLIT_RE.split(bare):
        words = tokenise(clause)
        while words and words[0] in _LEADING_FILLERS:
            words = words[1:]
        if not words:
            continue
        verb = words[0]
        if verb in ("do", "don't", "never") and len(words) > 1:
            verb = words[2] if words[:2] == ["do", "not"] and len(words) > 2 else words[1]
        elif verb in ("do", "don't", "never"):
            continue
        if (
            words[0] in ("do", "don't", "never") or verb in IMPERATIVE_VERBS
        ) and verb not in tokens:
            said = " ".join(words[:4])
            return f"it gives an instruction ('{said} …') its cited passage does not hold"
    reader = set(tokenise(bare))
    if reader & {"you", "your", "yourself"} and not tokens & {"you", "your", "yourself"}:
        return "it gives advice to the reader that its cited passage does not hold"
    return None


def claim_support(
    sentence: str, references: Sequence[Reference], embedder: Embedder | None = None
) -> float:
    """The support the validator gives ``sentence``: the best :func:`support_score` over the
    passages it cites, each read as the model saw it (header + wording), rounded to 3 places.
    Extractive answers' claims get this same score (without an embedder: lexical only)."""
    if not references:
        return 0.0
    return round(max(support_score(sentence, ref.text, embedder) for ref in references), 3)


def check_sentence(
    sentence: str,
    passages: Sequence[Passage],
    threshold: float,
    embedder: Embedder | None = None,
    references: dict[int, Reference] | None = None,
) -> tuple[float | None, str]:
    """``(support, reason)`` for one sentence: ``reason`` is empty when the sentence is kept."""
    markers = markers_in(sentence)
    if not markers:
        return None, "it cites no passage"
    if any(not 1 <= m <= len(passages) for m in markers):
        return None, "it cites a passage number that was not given"
    last = list(MARKER_RE.finditer(sentence))[-1]
    if content_terms(sentence[last.end() :]):
        return None, "it has text after its citation marker"
    if not content_terms(sentence):
        return None, "it has no content to check"
    cache = references if references is not None else {}
    refs = [cache.setdefault(m, Reference.of(passages[m - 1])) for m in markers]
    others = sorted({p.chunk.review for p in passages} - {r for ref in refs for r in ref.reviews})
    support = claim_support(sentence, refs, embedder)
    for check in (
        _named_reviews(sentence, refs, others),
        _added_details(sentence, refs),
        _instruction(sentence, refs),
        _contradiction(sentence, refs),
    ):
        if check:
            return support, check
    if support < threshold:
        return support, (
            f"its cited passage does not support it (support {support:.2f}, below {threshold:.2f})"
        )
    return support, ""


def validate_reply(
    reply: str,
    passages: Sequence[Passage],
    threshold: float,
    embedder: Embedder | None = None,
) -> tuple[str, list[Claim], list[Claim], list[Passage]]:
    """Check every sentence of ``reply`` against the passage(s) it cites.

    Returns ``(text, kept, dropped, cited)``: the kept sentences (list items stay on their own
    line) with markers renumbered 1..m in order of first citation, the kept claims (renumbered,
    with support), the dropped claims (the model's wording and marker numbers, which index
    ``passages``, with the reason) and the cited passages in their new order.
    """
    kept_lines: list[list[Claim]] = []
    bulleted: list[bool] = []
    dropped: list[Claim] = []
    references: dict[int, Reference] = {}
    for line in reply.splitlines():
        if not line.strip():
            continue
        kept_here: list[Claim] = []
        for sentence in split_sentences(LIST_PREFIX_RE.sub("", line).strip()):
            support, reason = check_sentence(sentence, passages, threshold, embedder, references)
            claim = Claim(sentence, markers_in(sentence), support, reason)
            (dropped if reason else kept_here).append(claim)
        if kept_here:
            kept_lines.append(kept_here)
            bulleted.append(bool(LIST_PREFIX_RE.match(line)))

    order: dict[int, int] = {}
    for claims in kept_lines:
        for claim in claims:
            for marker in claim.markers:
                order.setdefault(marker, len(order) + 1)

    def renumber(text: str) -> str:
        seen: set[int] = set()

        def swap(match: re.Match[str]) -> str:
            new = order[int(match.group(1))]
            if new in seen:
                return ""
            seen.add(new)
            return f"[{new}]"

        return re.sub(r"[ \t]+(?=[.!?,;:]|$)", "", MARKER_RE.sub(swap, text))

    renumbered: list[Claim] = []
    lines: list[str] = []
    for row, (claims, bullet) in enumerate(zip(kept_lines, bulleted, strict=True)):
        new_claims = [
            Claim(
                renumber(c.text),
                tuple(order[m] for m in c.markers),
                c.support,
                line=row,
                bullet=bullet,
            )
            for c in claims
        ]
        renumbered.extend(new_claims)
        body = " ".join(c.text for c in new_claims)
        lines.append(f"- {body}" if bullet else body)
    cited = [passages[old - 1] for old, _ in sorted(order.items(), key=lambda kv: kv[1])]
    return "\n".join(lines), renumbered, dropped, cited


def _excerpt(text: str, words: int = 10) -> str:
    parts = MARKER_RE.sub("", text).split()
    cut = " ".join(parts[:words]).rstrip(".,;:")
    return cut + (" …" if len(parts) > words else "")


def removal_notice(dropped: Sequence[Claim], total: int) -> Notice:
    """The notice naming every removed sentence and why it was removed."""
    n = len(dropped)
    named = "; ".join(
        f"“{_excerpt(c.text)}” ({c.reason or 'not supported by its cited passage'})"
        for c in dropped
    )
    return Notice(
        "info",
        f"{n} sentence{'s' if n != 1 else ''} of the language model's answer (of {total}) "
        f"{'were' if n != 1 else 'was'} removed because "
        f"{'they were' if n != 1 else 'it was'} not supported by a cited passage of review "
        f"learning: {named}.",
    )


__all__ = [
    "INJECTION_PATTERNS",
    "REMOVED_TEXT",
    "THINK_RE",
    "Reference",
    "check_sentence",
    "claim_support",
    "neutralise",
    "normalise_reply",
    "passage_header",
    "passage_text",
    "removal_notice",
    "validate_reply",
]
