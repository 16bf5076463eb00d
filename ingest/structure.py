"""Structure stage: a document's text -> reviews -> sections -> learning points.

Learning briefs come in many layouts (markdown headings, bold lines, plain short lines used as
headings, bullets ``·``/``-``/``•``, numbered items, tab-separated table rows, PDF text with
soft line wraps and scrambled column order). The parser works in three passes:

1. *lines -> units*: each line is classified (blank, heading, bullet, table row, text) and
   soft-wrapped lines are joined, so that a unit is one bullet, row or paragraph.
2. *units -> blocks*: a state machine tracks the current review and section, turns headings
   into review/section changes, attaches list fragments to the sentence that introduces them
   ("... which include:") and numbers learning points within each section.
3. *tidy*: content stranded above an empty heading (a PDF column-order artefact) is moved
   under it, near-duplicate points are merged and fragments are merged with their neighbour.

Every block keeps the character span of its source, so quotes can be checked against it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from assistant.models import Block, DocumentMeta, LoadedDocument

UnitKind = Literal["heading", "bullet", "row", "text", "lead"]

_BULLET_RE = re.compile(r"^\s*(?:[·•▪●◦‣∙*]|-(?!-)|–(?=\s))\s*(?:(\d{1,2})[.)]\s+)?")
_NUMBERED_RE = re.compile(r"^\s*(\d{1,2})[.)]\s+(?=\S)")
_MD_HEADING_RE = re.compile(r"^\s*(#{1,6})\s+(.*\S)\s*$")
_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]{0,40}>")
_MD_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_URL_RE = re.compile(r"(https?://|www\.|\.gov\.uk|\.org\b|\.co\.uk|proceduresonline)", re.I)
_MONTH_YEAR_RE = re.compile(
    r"^(january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\s+\d{4}$",
    re.I,
)
_TERMINAL = (".", "!", "?", ":", ";", ",", ":-")
_PAGE_FURNITURE_RE = re.compile(r"(?:^|[\s–—-])page \d+(?: of \d+)?\s*$|^\d+\s*$", re.I)
_CONJUNCTIONS = ("and ", "or ", "but ", "plus ")
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "as",
        "by",
        "for",
        "with",
        "from",
        "into",
        "onto",
        "and",
        "or",
        "but",
        "that",
        "which",
        "who",
        "whose",
        "regarding",
        "amongst",
        "among",
        "between",
        "about",
        "including",
        "within",
        "than",
        "via",
        "per",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "this",
        "these",
        "those",
        "their",
        "its",
        "our",
        "your",
    ]
)

# Section vocabulary: (pattern, label for one item). Order matters: the first match wins.
_SECTION_TYPES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), label)
    for pattern, label in (
        (r"\bkey learning\b|\blearning points?\b(?!.*professionals)", "Key learning"),
        (r"\blearning points? for professionals\b", "Learning point"),
        (r"\brecommendations?\b", "Recommendation"),
        (r"\bkey findings?\b|\bfindings\b|\bwhat the review found\b", "Key finding"),
        (r"\bkey themes?\b", "Key theme"),
        (r"\bthemes?\b", "Theme"),
        (r"\bgood practice\b|\bwhat went well\b|\bstrengths\b", "Good practice"),
        (r"\bemerging issues?\b", "Emerging issue"),
        (r"\boverarching issues?\b", "Overarching issue"),
        (r"\bissues\b", "Issue"),
        (
            r"\bimproving practice\b|\bpractice points?\b|\bwhat (?:should|can) (?:i|we|you) do|"
            r"\bwhat (?:practitioners|professionals|you) should do",
            "Practice point",
        ),
        (r"\bnext steps?\b|\bactions?\b", "Next step"),
        (r"\bkey messages?\b|\bmessages? for practice\b|\bwhy it matters\b", "Key message"),
        (r"\bquestions?\b|\bwhat does this mean for me\b|\breflect", "Reflective question"),
        (r"\bconclusions?\b", "Conclusion"),
        (
            r"\bsummary\b|\bbackground\b|\bprocess\b|\bwhat happened\b|\bintroduction\b|"
            r"\bthe case\b|\bcontext\b",
            "Summary",
        ),
    )
)
_NARRATIVE_LABELS = frozenset({"Summary", "Conclusion"})

_REVIEW_KIND_RE = re.compile(
    r"^(?:(?:local|national)\s+)?(?:child\s+)?(?:serious case review|scr|lcspr|"
    r"(?:local )?child safeguarding practice review|safeguarding practice review|rapid review|"
    r"learning review|case review|practice review|domestic homicide review)\b"
    r"(?:\s+(?:in respect of|into|of|for|about))?\s*(?P<sep>[-–—:])?\s*(?P<name>.*)$",
    re.I,
)
_REVIEW_SUBJECT_RE = re.compile(
    r"^(?i:family|child|children|baby|siblings?|young person|sibling group|brothers|sisters)"
    r"\s+[A-Z0-9][\w/]*(?:\s*(?:and|&)\s+[A-Z0-9][\w/]*)?$"
)
_REVIEW_COLLECTION_RE = re.compile(
    r"^(?:learning|lessons)\s+from\s+(?P<what>(?:\d+|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|several)\s+(?:\w+\s+){0,3}reviews?|"
    r".*\baudits?)\s*$",
    re.I,
)
_JOINT_RE = re.compile(r"\b(?:both|all|these|the two)\s+(?:\w+\s+)?reviews\b", re.I)
_LIST_LEAD_RE = re.compile(
    r"^(?:key\s+)?(?:themes?|recommendations?|learning points?|key learning|findings?|"
    r"good practice|messages?)\b",
    re.I,
)
_LABELLED_RE = re.compile(r"^(?P<label>[A-Z][A-Za-z ]{2,30})[;:]\s+\S")
_REFERENCED_REVIEW_RE = re.compile(r"\b(?:national|panel)\b.*\b(?:report|review)\b", re.I)
_LIST_LABELS = frozenset(
    {
        "Key learning",
        "Learning point",
        "Recommendation",
        "Key finding",
        "Key theme",
        "Theme",
        "Good practice",
        "Emerging issue",
        "Overarching issue",
        "Practice point",
        "Key message",
    }
)
_CONTINUED_RE = re.compile(r"\((?:cont'?d|continued)\)|\bcontinued\b", re.I)


@dataclass(frozen=True)
class ReviewMarker:
    """A maintainer's hint: a line starting with ``starts_with`` opens review ``label``."""

    starts_with: str
    label: str


@dataclass
class _Unit:
    kind: UnitKind
    start: int
    end: int
    text: str  # cleaned, one line
    number: str | None = None
    level: int = 0
    standalone: bool = True
    row_head: str | None = None
    children: list[_Unit] = field(default_factory=list)
    explicit: bool = False  # a heading given by markup or a Word style


def clean_line(line: str) -> str:
    """Remove conversion markup (bookmarks, tags, bold, md links/headings, quote marks)."""
    text = _BOOKMARK_RE.sub("", line)
    text = _TAG_RE.sub("", text)
    text = _MD_LINK_RE.sub(r"\1", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"^\s*#{1,6}\s+", "", text)
    text = re.sub(r"^\s*>\s?", "", text)
    text = text.replace("\t", " — ")
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def _title(text: str) -> str:
    """A heading's display form: trailing colon dropped, ALL CAPS turned to sentence case."""
    text = text.rstrip(":-").strip()
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        words = text.lower().split()
        keep = {w.lower(): w for w in text.split() if any(ch.isdigit() for ch in w)}
        text = " ".join(keep.get(w, w) for w in words)
        text = text[:1].upper() + text[1:]
    return text


def _strip_bullet(text: str) -> tuple[str, str | None]:
    match = _BULLET_RE.match(text)
    if match:
        return text[match.end() :].strip(), match.group(1)
    match = _NUMBERED_RE.match(text)
    if match:
        return text[match.end() :].strip(), match.group(1)
    return text, None


def _is_bullet_line(raw: str) -> bool:
    stripped = _BOOKMARK_RE.sub("", raw).strip()
    if not stripped:
        return False
    return bool(_BULLET_RE.match(stripped) or _NUMBERED_RE.match(stripped))


def _ends_open(text: str) -> bool:
    """True when a line clearly continues on the next one (ends in a function word)."""
    words = text.rstrip().split()
    return bool(words) and words[-1].lower() in _FUNCTION_WORDS


def _section_label(heading: str) -> str | None:
    for pattern, label in _SECTION_TYPES:
        if pattern.search(heading):
            return label
    return None


def _looks_like_heading(unit: _Unit, text: str) -> bool:
    """Heuristics for a plain line used as a heading (no markup)."""
    if not unit.standalone or len(text) > 100 or _URL_RE.search(text):
        return False
    if not text[:1].isupper() and not text[:1].isdigit():
        return False
    words = text.split()
    if text.endswith("?"):
        return len(text) <= 80
    if text.endswith(":") or text.endswith(":-"):
        return len(words) <= 6
    if text.endswith((".", ",", ";", "!")):
        return False
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(words) <= 14:
        return True
    if _review_heading(text) is not None or _REVIEW_COLLECTION_RE.match(text):
        return True
    if len(words) <= 16 and _section_label(text) is not None:
        return True
    return len(words) <= 8


def _review_heading(text: str) -> str | None:
    """The review label a heading names, or ``None`` when it names none."""
    heading = text.rstrip(":").strip()
    match = _REVIEW_KIND_RE.match(heading)
    if match:
        name = match.group("name").strip()
        if not name or (_section_label(name) is not None and len(name.split()) > 3):
            return None
        return name if match.group("sep") else heading
    if _REVIEW_SUBJECT_RE.match(heading):
        return heading
    collection = _REVIEW_COLLECTION_RE.match(heading)
    if collection:
        return collection.group("what").strip()
    return None


def _lines(text: str) -> Iterable[tuple[int, int, str]]:
    offset = 0
    for line in text.split("\n"):
        yield offset, offset + len(line), line
        offset += len(line) + 1


def _units(doc: LoadedDocument) -> list[_Unit]:
    """Pass 1: classify lines and join soft-wrapped lines into units."""
    heading_starts = {h.start: h.level for h in doc.headings}
    units: list[_Unit] = []
    previous_blank = True
    for start, _end, raw in _lines(doc.text):
        cleaned = clean_line(raw)
        bare = _strip_bullet(cleaned)[0] if _is_bullet_line(raw) else cleaned
        if not bare or not re.search(r"\w", bare) or _PAGE_FURNITURE_RE.search(bare):
            previous_blank = True
            continue
        # Trim the span to the visible text so quotes do not start with whitespace.
        lead = len(raw) - len(raw.lstrip())
        span_start, span_end = start + lead, start + len(raw.rstrip())
        md = _MD_HEADING_RE.match(raw)
        if start in heading_starts or md:
            level = heading_starts.get(start, len(md.group(1)) if md else 1)
            units.append(
                _Unit("heading", span_start, span_end, _title(cleaned), level=level, explicit=True)
            )
            previous_blank = False
            continue
        bold = re.fullmatch(r"\s*\*\*(.+?)\*\*\s*:?\s*", raw)
        if bold and len(cleaned) <= 120:
            units.append(_Unit("heading", span_start, span_end, _title(cleaned), level=2))
            previous_blank = False
            continue
        if "\t" in raw and raw.strip():
            cells = [clean_line(c) for c in raw.split("\t")]
            header = all(len(c.split()) <= 5 and not c.endswith(".") for c in cells)
            if header and (not units or units[-1].kind != "row"):
                previous_blank = False
                continue  # a table's header row ("Theme | What this means for practice")
            head = cells[0]
            units.append(_Unit("row", span_start, span_end, cleaned, row_head=head or None))
            previous_blank = False
            continue
        if _is_bullet_line(raw):
            text, number = _strip_bullet(cleaned)
            units.append(_Unit("bullet", span_start, span_end, text, number=number))
            previous_blank = False
            continue
        prev = units[-1] if units else None
        joinable = (
            prev is not None
            and not previous_blank
            and prev.kind in ("bullet", "text")
            and (
                bare[:1].islower()
                or bare[:1] in "([“\"'&"
                or _ends_open(prev.text)
                or (
                    doc.kind == "pdf"
                    and not prev.text.endswith(_TERMINAL)
                    and not _heading_break(prev.text, bare)
                )
                or (prev.kind == "text" and not _heading_break(prev.text, bare))
            )
        )
        if prev is not None and joinable:
            prev.end = span_end
            prev.text = f"{prev.text} {bare}"
            prev.standalone = False
        else:
            units.append(_Unit("text", span_start, span_end, bare))
        previous_blank = False
    return _join_across_blanks(units)


def _heading_break(prev: str, line: str) -> bool:
    """Whether two consecutive lines are separate units (one of them reads as a heading)."""
    if prev.endswith(("?", ":", ":-")) and len(prev) <= 80:
        return True
    short = len(line.split()) <= 8 and not line.endswith(_TERMINAL) and len(line) <= 60
    return prev.endswith(_TERMINAL) and short


def _join_across_blanks(units: list[_Unit]) -> list[_Unit]:
    """Join a paragraph broken mid-sentence by a blank line ("... amongst" / "practitioners")."""
    joined: list[_Unit] = []
    for unit in units:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.kind in ("text", "bullet")
            and unit.kind == "text"
            and not prev.text.endswith(_TERMINAL)
            and (unit.text[:1].islower() or (prev.kind == "text" and _ends_open(prev.text)))
        ):
            prev.end = unit.end
            prev.text = f"{prev.text} {unit.text}"
            prev.standalone = False
            continue
        joined.append(unit)
    return joined


@dataclass
class _Section:
    review: str
    name: str
    item_label: str
    units: list[_Unit] = field(default_factory=list)
    key: str = ""
    heading: _Unit | None = None
    base: str = ""  # the parent section's name, for Word/markdown sub-sections


def _classify_headings(units: list[_Unit]) -> None:
    """Promote plain text units that are used as headings (not inside a lead-in's list)."""
    in_list = False
    for index, unit in enumerate(units):
        if unit.kind != "text":
            in_list = in_list and unit.kind == "bullet"
            continue
        text = unit.text
        lead_in = text.endswith((":", ";", ":-")) and not _looks_like_heading(unit, text)
        if in_list and not (_review_heading(text) or _section_label(text)) and len(text) < 200:
            in_list = not text.endswith(".")
            continue
        following = units[index + 1] if index + 1 < len(units) else None
        if _MONTH_YEAR_RE.match(text):
            unit.kind = "heading"
            unit.level = 9  # a date line: neither review nor section
        elif _looks_like_heading(unit, text) and (
            following is None
            or following.kind != "text"
            or len(following.text) > len(text)
            or _looks_like_heading(following, following.text)
        ):
            unit.kind = "heading"
            unit.text = _title(text)
            unit.level = 2
        elif lead_in:
            unit.kind = "lead"
        in_list = unit.kind == "lead"


def _group_lead_ins(units: list[_Unit]) -> list[_Unit]:
    """Attach the list fragments that follow a lead-in (``... which include:``) to it.

    When every item is a fragment (short, not a sentence) the lead-in and its items become one
    learning point; otherwise the items stay separate and the lead-in is kept as their context.
    """
    grouped: list[_Unit] = []
    index = 0
    while index < len(units):
        unit = units[index]
        if unit.kind != "lead":
            grouped.append(unit)
            index += 1
            continue
        items: list[_Unit] = []
        cursor = index + 1
        while cursor < len(units):
            nxt = units[cursor]
            if nxt.kind in ("heading", "row", "lead") and items:
                break
            if nxt.kind == "heading":
                break
            text = nxt.text
            if (
                items
                and nxt.kind == "text"
                and not _is_fragment(text)
                and not text.lower().startswith(_CONJUNCTIONS)
            ):
                break
            if items and items[-1].kind == "text" and items[-1].text.endswith("."):
                break
            items.append(nxt)
            cursor += 1
        if items and all(_is_fragment(i.text) or i.kind == "text" for i in items):
            unit.children = items
            unit.kind = "text"
            unit.end = items[-1].end
            grouped.append(unit)
        else:
            unit.children = []
            grouped.append(unit)
            grouped.extend(items)
        index = cursor
    return grouped


def _is_fragment(text: str) -> bool:
    return len(text) <= 100 and not text.endswith(".")


_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")


def _norm_key(text: str) -> str:
    text = _CONTINUED_RE.sub("", text)
    return _NON_ALNUM_RE.sub(" ", text.lower()).strip()


class _Builder:
    """Pass 2: the state machine from units to blocks."""

    def __init__(self, meta: DocumentMeta, markers: Sequence[ReviewMarker]) -> None:
        self.default_review = meta.default_review or meta.title
        self.markers = markers
        self.review = self.default_review
        self.reviews_seen: list[str] = []
        self.sections: list[_Section] = []
        self.section: _Section | None = None
        self.pending_titles: list[_Unit] = []
        self.seen_content = False
        self.last_unit: _Unit | None = None

    def _marker_for(self, unit: _Unit) -> str | None:
        for marker in self.markers:
            if unit.text.lower().startswith(clean_line(marker.starts_with).lower()):
                return marker.label
        return None

    def _open_review(self, label: str) -> None:
        self.review = label
        if label not in self.reviews_seen:
            self.reviews_seen.append(label)
        self.section = None

    def _open_section(self, name: str, item_label: str, heading: _Unit | None) -> None:
        key = f"{self.review}|{_norm_key(name)}"
        if self.section is not None and (
            self.section.key == key
            or (_CONTINUED_RE.search(name) and self.section.item_label == item_label)
        ):
            return  # "(cont'd)": keep numbering in the same section
        self.section = _Section(self.review, name, item_label, key=key, heading=heading)
        self.sections.append(self.section)

    def _current(self) -> _Section:
        if self.section is None:
            self._open_section("Summary", "Summary", None)
        assert self.section is not None
        return self.section

    def feed(self, unit: _Unit) -> None:
        previous, self.last_unit = self.last_unit, unit
        marker = self._marker_for(unit)
        if marker is not None:
            self._open_review(marker)
            if unit.kind == "heading":
                return
        if unit.kind == "heading":
            self._heading(unit)
            return
        if not self.seen_content:
            self.seen_content = True
            titled = [u for u in self.pending_titles if _section_label(u.text)]
            if titled:
                self._heading(titled[-1])
        if unit.kind == "text" and _URL_RE.search(unit.text) and not unit.children:
            self._reference(unit, previous)
            return
        labelled = _LABELLED_RE.match(unit.text)
        if unit.kind == "text" and unit.children and _LIST_LEAD_RE.match(unit.text):
            self._open_section(unit.text.rstrip(";:- "), str(_section_label(unit.text)), unit)
        elif unit.kind == "text" and labelled and unit.text.count(",") >= 3:
            self._open_section(labelled.group("label").strip(), "Point", unit)
        self._current().units.append(unit)

    def _reference(self, unit: _Unit, previous: _Unit | None) -> None:
        """A link line (with the short line that introduces it) becomes further reading; a
        referenced national review becomes a review of its own."""
        current = self._current()
        context = None
        if (
            previous is not None
            and current.units
            and current.units[-1] is previous
            and previous.kind == "text"
            and _is_fragment(previous.text)
        ):
            context = current.units.pop()
        text = unit.text if context is None else f"{context.text}\n{unit.text}"
        merged = _Unit("text", context.start if context else unit.start, unit.end, text)
        review, name, label = self.review, "Further reading", "Further reading"
        if context is not None and _REFERENCED_REVIEW_RE.search(context.text):
            title = re.sub(r"\s*\([^)]*\)\s*$", "", unit.text).strip() or context.text
            review = f"{title} (national review referenced in {self.default_review})"
            name, label = "Referenced national review", "Reference"
        key = f"{review}|{_norm_key(name)}"
        target = next((s for s in self.sections if s.key == key), None)
        if target is None:
            target = _Section(review, name, label, key=key)
            self.sections.append(target)
        target.units.append(merged)

    def _heading(self, unit: _Unit) -> None:
        if unit.level == 9:
            return
        text = unit.text
        review = _review_heading(text)
        if not self.seen_content and review is None:
            self.pending_titles.append(unit)
            return
        if review is None and _JOINT_RE.search(text) and len(self.reviews_seen) >= 2:
            review = " and ".join(self.reviews_seen[-2:])
            if review != self.review:
                self._open_review(review)
            joint_label = _section_label(text) or "Key finding"
            self._open_section(_CONTINUED_RE.sub("", text).strip(), joint_label, unit)
            return
        if review is not None:
            self._open_review(review)
            return
        label = _section_label(text)
        current = self.section
        explicit = unit.explicit
        if (
            explicit
            and label is None
            and current is not None
            and current.heading is not None
            and current.item_label not in _NARRATIVE_LABELS | {"Point"}
            and current.heading.level < unit.level
        ):
            # A Word/markdown sub-heading under a list section ("Learning points" >
            # "Voice of the child"): a section of its own that keeps the parent's numbering label.
            base = current.base or current.name
            self._open_section(f"{base} – {text}", current.item_label, unit)
            assert self.section is not None
            self.section.heading = current.heading
            self.section.base = base
            return
        if (
            not explicit
            and label is None
            and current is not None
            and (current.units or not text.endswith("?"))
            and current.item_label not in _NARRATIVE_LABELS
        ):
            # A plain heading inside a list section titles one learning point (the précis'
            # "Absent men" under "Overarching issues").
            current.units.append(unit)
            return
        self._open_section(text, label or "Point", unit)


def _relocate_orphans(sections: list[_Section]) -> list[_Section]:
    """Move content stranded above an empty heading under that heading.

    PDF extraction of multi-column briefs can put a box's bullets before its heading. A section
    with a heading but no content, directly preceded by heading-less content, takes it over;
    interrogative bullets (reflection questions) get their own section.
    """
    result: list[_Section] = []
    for index, section in enumerate(sections):
        prev = result[-1] if result else None
        if (
            section.units
            or section.heading is None
            or prev is None
            or prev.heading is not None
            or prev.review != section.review
        ):
            result.append(section)
            continue
        questions = [u for u in prev.units if u.kind == "bullet" and u.text.endswith("?")]
        rest = [u for u in prev.units if u not in questions]
        if not [u for u in rest if u.kind == "bullet"]:
            result.append(section)
            continue
        result.pop()
        narrative = [u for u in rest if u.kind != "bullet"]
        if narrative:
            result.append(replace_units(prev, narrative))
        if questions:
            result.append(
                _Section(
                    prev.review,
                    "Questions for reflection",
                    "Reflective question",
                    list(questions),
                    key=f"{prev.review}|questions-{index}",
                )
            )
        section.units = [u for u in rest if u.kind == "bullet"]
        result.append(section)
    return result


def replace_units(section: _Section, units: list[_Unit]) -> _Section:
    """A copy of ``section`` holding ``units``."""
    return _Section(
        section.review, section.name, section.item_label, units, section.key, section.heading
    )


def _similar(a: str, b: str) -> bool:
    """The same wording repeated (case, punctuation and spacing aside).

    Near-duplicates with different words stay separate learning points: each is exact source
    text a trainer may look for; the answer stage merges them into one point.
    """
    return bool(_norm_key(a)) and _norm_key(a) == _norm_key(b)


def _blocks_for(
    section: _Section, doc_text: str, numbering: dict[tuple[str, str], int]
) -> list[Block]:
    """Turn one section's units into numbered learning points.

    ``numbering`` carries the last number used per (review, label) across sections, so a
    review's second "Key findings" list goes on from the first instead of restarting at 1
    (numbers the document prints itself are kept)."""
    items: list[tuple[_Unit, list[_Unit]]] = []  # (title unit or item, body units)
    for unit in section.units:
        if unit.kind == "heading":  # a sub-heading titling one learning point
            items.append((unit, []))
        elif (
            items
            and items[-1][0].kind == "heading"
            and unit.kind == "text"
            and not any(u.kind != "text" for u in items[-1][1])
        ):
            items[-1][1].append(unit)
        else:
            items.append((unit, []))

    # Merge near-duplicates (repeated bullets) and lone short fragments into a neighbour.
    # An item has a twin among those kept when its normalised wording is one of theirs
    # (``_similar``): a set lookup instead of comparing with every kept item.
    kept: list[tuple[_Unit, list[_Unit]]] = []
    kept_keys: set[str] = set()
    for title, body in items:
        if title.kind == "heading" and not body:
            continue  # an empty sub-heading ("Child In Need" with nothing under it)
        key = _norm_key(_item_text(title, body))
        if not key or key not in kept_keys:
            kept.append((title, body))
            if key:
                kept_keys.add(key)

    blocks: list[Block] = []
    paragraph_key = (section.review, f"{section.name}, paragraph")
    item_key = (section.review, section.item_label)
    listed = any(u.kind in ("bullet", "row") for u in section.units)
    for title, body in kept:
        text = _item_text(title, body)
        start = title.start
        end = body[-1].end if body else title.end
        if title.kind == "text" and (
            section.item_label in _NARRATIVE_LABELS | {"Point"} or (listed and not title.children)
        ):
            kind: Literal["item", "paragraph", "table_row", "group"] = "paragraph"
        elif title.kind == "row":
            kind = "table_row"
        elif title.children:
            kind = "group"
        else:
            kind = "item"
        if title.kind == "lead" and not title.children:
            continue  # a lead-in whose items are listed separately
        if kind == "paragraph":
            numbering[paragraph_key] = numbering.get(paragraph_key, 0) + 1
            label = f"{section.name}, paragraph {numbering[paragraph_key]}"
            blocks.append(Block(section.review, section.name, label, kind, start, end, text))
            continue
        numbering[item_key] = numbering.get(item_key, 0) + 1
        number = (
            title.number if title.number and title.kind == "bullet" else str(numbering[item_key])
        )
        label = f"{section.item_label} {number}"
        head = (
            title.row_head
            if title.kind == "row"
            else (title.text if title.kind == "heading" else None)
        )
        if head:
            label = f"{label} ({head})"
        blocks.append(
            Block(
                review=section.review,
                section=section.name,
                label=label,
                kind=kind,
                start=start,
                end=end,
                text=text,
            )
        )
    return blocks


def _item_text(title: _Unit, body: Sequence[_Unit]) -> str:
    if title.kind == "row" and title.row_head:
        return title.text
    parts = [title.text]
    parts.extend(
        f"• {child.text}" if child.kind == "bullet" else child.text for child in title.children
    )
    parts.extend(unit.text for unit in body)
    return "\n".join(parts)


def parse_structure(
    doc: LoadedDocument, meta: DocumentMeta, markers: Sequence[ReviewMarker] = ()
) -> tuple[Block, ...]:
    """Split a loaded document into learning-point blocks labelled with review and section."""
    units = _units(doc)
    _classify_headings(units)
    units = _group_lead_ins(units)
    builder = _Builder(meta, markers)
    for unit in units:
        builder.feed(unit)
    sections = _relocate_orphans(builder.sections)
    blocks: list[Block] = []
    numbering: dict[tuple[str, str], int] = {}
    for section in sections:
        blocks.extend(_blocks_for(section, doc.text, numbering))
    return _unique_labels(blocks)


def _unique_labels(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """Make every learning-point label unique within its review, so that a citation (review +
    learning point) names one passage. Numbering already carries on across sections; what can
    still repeat is a number the document prints twice (two lists each numbered from 1), which
    is told apart by its section."""
    used: set[tuple[str, str]] = set()
    result: list[Block] = []
    for block in blocks:
        label = block.label
        if (block.review, label) in used:
            label = f"{block.label} ({block.section})"
        suffix = 1
        while (block.review, label) in used:
            suffix += 1
            label = f"{block.label} ({block.section}, {suffix})"
        used.add((block.review, label))
        result.append(block if label == block.label else replace(block, label=label))
    return tuple(result)
