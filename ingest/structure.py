"""Structure stage: a document's typed elements -> reviews -> sections -> learning points.

Every loader emits typed elements (headings with levels, list items with their markers,
paragraphs, table rows, grid and text boxes; see :mod:`ingest.loaders`), whatever the format,
so there is one path from elements to learning points, in three passes:

1. *elements -> units*: one unit per element (a box opens a section of its own; a paragraph
   broken mid-sentence by a blank line is joined); plain lines used as headings are judged in
   context and lead-ins ("... which include:") take the fragments that follow them; each
   numbered box of a table row or grid is one unit, and a contents list and metadata lines
   ("Keywords:", "Published:") are taken out (read, not learning).
2. *units -> blocks*: a state machine tracks the current review and section, turns headings
   into review/section changes and numbers learning points within each section.
3. *tidy*: content stranded above an empty heading (a PDF column-order artefact) is moved
   under it, near-duplicate points are merged and fragments are merged with their neighbour;
   a section whose heading names no role gets the role its content shows.

Every block keeps the character span of its source, so quotes can be checked against it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Literal

from core.models import (
    Block,
    DocumentMeta,
    Element,
    LoadedDocument,
    ReviewInfo,
    SectionRole,
    Structure,
)
from core.text import normalise
from ingest import reviews as rv
from ingest.sections import NARRATIVE_LABELS as _NARRATIVE_LABELS
from ingest.sections import is_contents_heading, is_metadata_line, role_for, role_from_content
from ingest.sections import section_label as _section_label

UnitKind = Literal["heading", "bullet", "row", "text", "lead", "header"]

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


def _signature(elements: Sequence[Element]) -> int:
    """Where a letter's signature begins: the element after its sign-off ("Kind regards,")
    when only a few short lines follow it (a name, a role, a mailing-list footer); else past
    the end."""
    for index in range(len(elements) - 1, max(-1, len(elements) - 1 - _SIGNATURE_LINES), -1):
        if _SIGN_OFF_RE.fullmatch(clean_line(elements[index].text)):
            after = elements[index + 1 :]
            if all(len(e.text.split()) <= _SIGNATURE_WORDS for e in after):
                return index + 1
            break
    return len(elements)


_SIGNATURE_LINES = 6
_SIGNATURE_WORDS = 30
# An e-mail's header fields at the top of a bulletin sent as a message ("From: …", "Subject: …").
_ENVELOPE_RE = re.compile(
    r"(?P<field>from|to|cc|bcc|sent|date|subject|reply-to)\s*:\s+(?=\S)", re.I
)


def envelope_field(line: str) -> tuple[str, str] | None:
    """An e-mail header line's field (lower case) and the text after it ("Subject: Bulletin
    No. 4" -> ("subject", "Bulletin No. 4")), or ``None`` for any other line."""
    match = _ENVELOPE_RE.match(line)
    return None if match is None else (match.group("field").lower(), line[match.end() :])


def _ends_sentence(text: str, marks: tuple[str, ...]) -> bool:
    """Whether ``text`` ends with one of ``marks``, also inside closing brackets or quotes
    ("(as agreed.)", "…he said.”")."""
    return text.rstrip(")]\"'”’ ").endswith(marks)


# A letter's greeting or sign-off on a line of its own.
_SIGN_OFF = (
    r"(?:kind|best|warm|many)\s+(?:regards|wishes|thanks)\s*[,!.]?|"
    r"(?:regards|thanks|thank you|yours (?:sincerely|faithfully))\s*[,!.]?"
)
_SIGN_OFF_RE = re.compile(_SIGN_OFF, re.I)
_SALUTATION_RE = re.compile(
    r"(?:dear|hello|hi)(?:\s+(?:all|everyone|colleagues?|practitioners?|team|partners?)){1,2}"
    rf"\s*[,!]?|{_SIGN_OFF}",
    re.I,
)
# One or more contents entries: a title, dot leaders (or an ellipsis run) and a page number.
_CONTENTS_RE = re.compile(r"(?:[^.…]+?\s*(?:(?:\.\s*){4,}|…+\s*)\s*\d{1,4}\s*)+")
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

_REVIEW_KIND_RE = re.compile(
    r"^(?:(?:local|national)\s+)?(?:child\s+)?(?:serious case review|scr|lcspr|"
    r"(?:local )?child safeguarding practice review|safeguarding practice review|rapid review|"
    r"learning review|case review|practice review|domestic homicide review|"
    r"thematic (?:learning |case |practice )?review)\b"
    r"(?:\s+(?:in respect of|into|of|for|about))?\s*(?P<sep>[-–—:])?\s*(?P<name>.*)$",
    re.I,
)
_NUMBER_WORDS = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several)"
_REVIEW_COLLECTION_RE = re.compile(
    rf"^(?:(?:learning|lessons)\s+from\s+(?P<what>{_NUMBER_WORDS}\s+(?:\w+\s+){{0,3}}reviews?|"
    r".*\baudits?)|(?:an?\s+)?(?P<digest>(?:pr[eé]cis|summary|analysis|overview|digest)\s+of\s+"
    rf"{_NUMBER_WORDS}\s+(?:\w+\s+){{0,5}}(?:reviews?|summaries)))\s*$",
    re.I,
)
# "Young Person O (Rapid Review). O, aged 14 …", "Child A: A was …" at a paragraph's start.
_RUN_IN_SUBJECT_RE = re.compile(
    rf"^{rv.SUBJECT_RE.pattern}(?:\s*\((?P<kind>[^()]{{2,40}})\))?\s*[.:–—]\s+\S"
)
# A part of a brief that covers several of its reviews ("Key themes emerging from both local
# reviews", "Shared learning").
_JOINT_RE = re.compile(
    r"\b(?:both|all|these|the (?:two|three|four|five|six|\d+))\s+(?:\w+\s+)?reviews\b|"
    r"\bshared learning\b|\bcross[\s-]cutting\b|"
    r"\b(?:across|from)\s+(?:the|both|all|our)\s+(?:\w+\s+)?reviews\b|"
    r"\blearning (?:common|shared) (?:to|across)\b|\bcommon (?:themes|learning|findings)\b",
    re.I,
)
_LIST_LEAD_RE = re.compile(
    r"^(?:key\s+)?(?:themes?|recommendations?|learning points?|key learning|findings?|"
    r"good practice|messages?)\b",
    re.I,
)
_LABELLED_RE = re.compile(r"^(?P<label>[A-Z][A-Za-z ]{2,30})[;:]\s+\S")
_REFERENCED_REVIEW_RE = re.compile(r"\b(?:national|panel)\b.*\b(?:report|review)\b", re.I)
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
    page: int | None = None
    group: str | None = None  # a grid box or table the unit belongs to (from its element)
    tag: str | None = None  # an item's own label words ("Practice point" in "Practice point:")
    note: bool = False  # a footnote (small type, a note number first)
    body: int = 0  # a heading's content: the units before the next heading
    paragraphs: int = 0  # how many of those are body paragraphs
    cells: tuple[str, ...] = ()  # a table row's cells (header or body), in column order
    practice: bool = False  # a table row with text under a practice column ("What to do")
    envelope: bool = False  # an e-mail's subject line, read as the title


def clean_line(line: str) -> str:
    """Remove conversion markup (bookmarks, tags, bold, md links/headings, quote marks)."""
    text = _BOOKMARK_RE.sub("", line)
    text = _TAG_RE.sub("", text)
    text = _MD_LINK_RE.sub(r"\1", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"^\s*#{1,6}\s+", "", text)
    text = re.sub(r"^\s*>\s?", "", text)
    text = text.replace("\t", " — ")
    text = normalise(text)
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
        # A subject's code stays in capitals ("CHILD M" -> "Child M", not "Child m").
        text = _SUBJECT_CODE_RE.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    return text


_SUBJECT_CODE_RE = re.compile(
    r"\b((?:child|children|baby|infant|family|young person|siblings?|twins)\s+)"
    r"(?!(?:of|in|to|at|on|is|as|an|a|by|or|and|the)\b)([a-z]{1,2}\d*(?:/[a-z]{1,2}\d*)?)\b",
    re.I,
)


def _ends_open(text: str) -> bool:
    """True when a line clearly continues on the next one (ends in a function word)."""
    words = text.rstrip().split()
    if not words or words[-1] == "A":
        return False  # "Rapid Review: Baby A" ends in a subject's code, not an article
    return words[-1].lower() in _FUNCTION_WORDS


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
    if _ends_sentence(text, (".", ",", ";", "!")):
        return False  # a sentence, also one ending in brackets or quotes: "(as agreed.)"
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
        if (
            not name
            or (_section_label(name) is not None and len(name.split()) > 3)
            or (len(name.split()) <= 3 and _section_label(name) == "Summary")
            or rv.is_doc_type(name)
            or _review_words_alone(name)
        ):
            # "Rapid Review Summary", "Rapid Review Learning Brief", "Local Child Safeguarding
            # Practice Review (LCSPR)": no subject
            return None
        if rv.is_subject(name):
            # "LCSPR Child M", "Serious Case Review Child X1/X2": the subject
            return rv.canonical_subject(name)
        subject = rv.subject_in_heading(heading) or rv.subject_in_heading(name)
        if subject is not None:
            # "Rapid Review Learning Brief: Baby L"; "LCSPR: Child A – neglect in a busy
            # household" (the topic after the subject is the review's title, not its label)
            return subject
        if match.group("sep"):
            # "THEMATIC REVIEW: CHILDREN MISSING FROM EDUCATION" (shown in sentence case): the
            # name reads as a title
            return name[:1].upper() + name[1:]
        return heading
    if rv.is_subject(heading):
        return rv.canonical_subject(heading)
    subject = rv.subject_in_heading(heading)
    if subject is not None:
        return subject  # "7 Minute Briefing – Rapid Review: Baby J"
    collection = _REVIEW_COLLECTION_RE.match(heading)
    if collection:
        return _collection_label(collection.group("what") or collection.group("digest"))
    return None


def _collection_label(text: str) -> str:
    """A collection's label with its common words in lower case ("LSCB audits")."""
    words = text.strip().split()
    tidy = [
        w if i == 0 or not re.fullmatch(r"[A-Z][a-z]+", w) else w.lower()
        for i, w in enumerate(words)
    ]
    label = " ".join(tidy)
    return label[:1].upper() + label[1:]


_PART_PREFIX_RE = re.compile(r"^\s*(?:part|section|chapter)\s+\d{1,2}\s*[:.–—-]?\s*", re.I)
_TRAILING_LINK_RE = re.compile(
    r"(?:\s+|^)(?:from|about|for|of|into|with|on|in|the|a|review|reviews|rapid|case)\s*$", re.I
)


def _subject_part(text: str) -> tuple[str, str | None] | None:
    """The review a heading names by its subject beside a part number or section words:
    "Part 2: Baby D4" -> ("Baby D4", None), a banner; "Case summary: Child M", "What we
    learned from Child M", "Learning from Child M's review" -> ("Child M", the section's
    label), a section of that review. ``None`` when the heading names no subject, several,
    or says more than section words."""
    heading = text.strip().rstrip(":").strip()
    if len(heading.split()) > 14:
        return None
    found = list(rv.SUBJECT_RE.finditer(heading))
    subjects = {rv.canonical_subject(m.group("subject")) for m in found}
    if len(subjects) != 1:
        return None
    match = found[0]
    after = re.sub(r"^['’]s\b", "", heading[match.end() :])
    rest = _PART_PREFIX_RE.sub("", f"{heading[: match.start()]} {after}")
    rest = _strip_separators(rest)
    while _TRAILING_LINK_RE.search(rest):
        rest = _strip_separators(_TRAILING_LINK_RE.sub("", rest))
    subject = subjects.pop()
    if not re.search(r"[A-Za-z]{3}", rest):
        return subject, None
    label = _section_label(rest)
    return (subject, _section_label(heading) or label) if label is not None else None


def _shared_part(text: str) -> tuple[list[str], str] | None:
    """The reviews a heading names together with section words ("What we learned from Child
    S and Child V", "Shared learning: Baby H and Child Q") and the section's label, when it
    names two subjects or more and says nothing else."""
    heading = text.strip().rstrip(":").strip()
    found = list(rv.SUBJECT_RE.finditer(heading))
    subjects = list(dict.fromkeys(rv.canonical_subject(m.group("subject")) for m in found))
    if len(subjects) < 2 or len(heading.split()) > 20:
        return None
    rest = _PART_PREFIX_RE.sub("", rv.SUBJECT_RE.sub(" ", heading))
    rest = re.sub(r"['’]s\b|\b(?:and|both)\b|[,&]", " ", rest, flags=re.I)
    rest = _strip_separators(rest)
    while _TRAILING_LINK_RE.search(rest):
        rest = _strip_separators(_TRAILING_LINK_RE.sub("", rest))
    label = _section_label(rest) if re.search(r"[A-Za-z]{3}", rest) else "Key finding"
    return (subjects, label) if label is not None else None


_NUMBER_WORD_RE = re.compile(rf"\b{_NUMBER_WORDS}\b", re.I)


def _listed_subjects(text: str) -> list[tuple[str, str | None]]:
    """The reviews a title lists by their subjects, each with the review type stated after
    it ("Siblings A and B (Rapid Review) and Child M (Local Child Safeguarding Practice
    Review)"), when it names two or more and says nothing else but review wording."""
    heading = text.strip()
    found = list(rv.SUBJECT_RE.finditer(heading))
    subjects = list(dict.fromkeys(rv.canonical_subject(m.group("subject")) for m in found))
    if len(subjects) < 2 or len(heading.split()) > 30:
        return []
    rest = _NUMBER_WORD_RE.sub(" ", rv.SUBJECT_RE.sub(" ", heading))
    if not rv.only_review_words(rest.replace("(", " ").replace(")", " ")):
        return []
    listed: dict[str, str | None] = {}
    for match, following in zip(found, [*found[1:], None], strict=True):
        stated = heading[match.end() : following.start() if following else len(heading)]
        subject = rv.canonical_subject(match.group("subject"))
        listed.setdefault(subject, rv.review_type(stated))
    return list(listed.items())


def _marker_number(element: Element) -> str | None:
    """The number a label keeps, as the document prints it ("3.2", "(b)", "S3", "4")."""
    marker = (element.marker or "").strip()
    if not marker or element.marker_kind in (None, "bullet", "checkbox"):
        return None
    if element.marker_kind == "label":
        # "Learning point 4:" -> "4"; a label without a number keeps no number.
        found = re.search(r"(?<!\w)([A-Za-z]?\d+(?:\.\d+)*|\([a-z]\))\s*[:.)-]?\s*$", marker)
        marker = found.group(1) if found else ""
    marker = marker.rstrip(".):").lstrip("(")
    if not marker:
        return None
    return f"({marker})" if element.marker_kind in ("letter", "roman") else marker


def _element_units(doc: LoadedDocument, furniture: list[tuple[int, int]]) -> list[_Unit]:
    """Pass 1: one unit per element.

    A grid box (``group`` on elements that are not table rows) opens a section of its own: its
    first short line is read as the box's heading, so a box's text never becomes a label."""
    units: list[_Unit] = []
    box: str | None = None
    signature = _signature(doc.elements)
    for index, element in enumerate(doc.elements):
        if index >= signature:
            # after a letter's sign-off: the sender's name, role and mailing-list footer
            furniture.append((element.start, element.end))
            continue
        text = clean_line(element.text)
        if not text or not re.search(r"\w", text):
            continue
        opens_box = element.group is not None and element.kind != "table_row"
        if (
            element.kind != "list_item"
            and _PAGE_FURNITURE_RE.search(text)
            and not (opens_box and element.group != box and _BOX_NUMBER_RE.fullmatch(text))
        ):
            # a page number or running footer (a box's first line that is a lone number is
            # the box's printed number: see ``_numbered_boxes``)
            furniture.append((element.start, element.end))
            continue
        envelope = envelope_field(text) if not units or units[-1].envelope else None
        if envelope is not None:
            # an e-mailed bulletin's header fields: who sent it to whom and when is not
            # learning; its subject is the bulletin's title
            field_name, value = envelope
            if field_name != "subject":
                furniture.append((element.start, element.end))
                continue
            units.append(
                _Unit(
                    "heading",
                    element.start,
                    element.end,
                    _title(value.strip(" —–-:")),
                    level=1,
                    envelope=True,
                )
            )
            continue
        if _SALUTATION_RE.fullmatch(text):
            # "Dear colleague," / "Kind regards,": a letter's greeting and sign-off
            furniture.append((element.start, element.end))
            continue
        if _CONTENTS_RE.fullmatch(text):
            # a contents page's entries ("2.1 Recognising neglect ........ 2"): the headings
            # they list are read where they stand, and the page numbers are not learning
            furniture.append((element.start, element.end))
            continue
        page = element.page if element.page is not None else doc.page_at(element.start)
        new_box = element.group is not None and element.kind != "table_row" and element.group != box
        if element.kind != "table_row":
            box = element.group
        unit = _element_unit(element, text, new_box, _explicit_heading(doc, element))
        if new_box and unit.kind != "heading":
            units.append(
                _Unit(
                    "heading",
                    element.start,
                    element.start,
                    _box_name(str(element.group)),
                    level=1,
                    explicit=True,
                )
            )
        unit.page, unit.group = page, element.group
        unit.note = _is_footnote(element, text)
        units.append(unit)
    # A paragraph broken mid-sentence by a blank line is one paragraph, whatever the format.
    return _join_across_blanks(units)


_FOOTNOTE_RE = re.compile(r"^(?:\d{1,2}|[*†‡])\s*[.)]?\s+\S")


def _is_footnote(element: Element, text: str) -> bool:
    """A footnote: a paragraph in type well below the body's size that starts with a note
    number ("1 The quotation is from ..."), or a footnote written as text ("[^1]: ...", the
    Markdown form). It is a note, not one of the section's points."""
    if element.kind == "paragraph" and _TEXT_FOOTNOTE_RE.match(text):
        return True
    if element.kind not in ("paragraph", "list_item") or element.size is None:
        return False
    numbered = element.kind == "list_item" and element.marker_kind == "number"
    return element.size <= _FOOTNOTE_SIZE and (numbered or bool(_FOOTNOTE_RE.match(text)))


_FOOTNOTE_SIZE = 0.8
_TEXT_FOOTNOTE_RE = re.compile(r"^\[\^[^\]\s]{1,10}\]:\s*\S")


def _explicit_heading(doc: LoadedDocument, element: Element) -> bool:
    """Whether a heading element is marked as one (a style, markup, bold or larger type)
    rather than guessed from a plain-text line, which the structurer judges in context."""
    if element.kind == "title":
        return True
    if element.kind != "heading":
        return False
    larger = element.size is not None and element.size > 1.05
    # Markdown heading markup ("## Key learning") in a text file marks the heading too; the
    # element does not say whether its heading was marked or guessed, so its first character
    # is looked at (the only place the structurer reads the source text itself).
    marked = doc.text[element.start : element.start + 1] == "#"
    return doc.kind in ("md", "docx") or element.bold or larger or marked


def _element_unit(element: Element, text: str, new_box: bool, explicit: bool) -> _Unit:
    """The unit one element becomes (a box's short first paragraph is its heading)."""
    start, end = element.start, element.end
    numbered = element.kind == "heading" and element.marker_kind in ("number", "letter", "roman")
    if numbered and (text.endswith((".", ":", ":-", ";", ",")) or len(text.split()) > 12):
        # A numbered line guessed to be a heading that reads as a sentence or a lead-in
        # ("1. The partnership should review its guidance on:-") is a numbered item.
        return _Unit("bullet", start, end, text, number=_marker_number(element))
    if (
        explicit
        or numbered
        or (new_box and element.kind in ("paragraph", "heading") and _box_heading(text))
    ):
        level = max(element.level, 1) if element.kind == "heading" else 1
        name = _title(text)
        marker = (element.marker or "").rstrip(".)")
        if numbered and marker and not name.startswith(marker):
            # the heading as the brief prints it: "3. Key learning", "2.1 Planning"
            name = f"{marker}{'' if '.' in marker else '.'} {name}"
        return _Unit("heading", start, end, name, level=level, explicit=True)
    if element.kind == "table_row":
        columns = tuple(clean_line(c) for c in element.cells)
        if element.header:
            return _Unit("header", start, end, text, cells=columns)
        cells = [c for c in columns if c]
        if len(cells) > 1 and _ROW_NUMBER_RE.match(cells[0]):
            # "No. | Recommendation | Agency": the first cell is the number the brief prints.
            return _Unit("row", start, end, text, number=cells[0].strip("()."))
        labelled = _ROW_LABEL_RE.match(cells[0]) if len(cells) > 1 else None
        if labelled is not None and (
            _section_label(labelled.group("label")) is not None
            or labelled.group("label").lower() in _ROW_ITEM_WORDS
        ):
            # "Learning point 7 | ...", "Theme 2: Fathers | ...": the row keeps the number the
            # brief prints (and the title after it names the row)
            title = (labelled.group("title") or "").strip() or None
            return _Unit("row", start, end, text, number=labelled.group("num"), row_head=title)
        # A row is labelled by its first cell when that is a short name ("Voice of the child").
        head = cells[0] if len(cells) > 1 and len(cells[0].split()) <= 8 else None
        return _Unit("row", start, end, text, row_head=head, cells=columns)
    if element.kind == "list_item":
        printed = _marker_number(element)
        tag = None
        if element.marker_kind == "label" and element.marker:
            # "Practice point: ..." — the label is printed wording: it stays in the text, and
            # its words name the item's kind wherever it stands.
            tag = re.sub(r"[\s\d.:()-]+$", "", element.marker).strip() or None
            if not text.lower().startswith(element.marker.lower()):
                text = f"{element.marker.rstrip(': ')}: {text}"
        unit = _Unit("bullet", start, end, text, number=printed, level=element.level)
        unit.tag = tag or _run_in_advice(text)
        return unit
    # a paragraph that opens with practice-advice words ("Practice tip: write down …") is a
    # practice point wherever it stands, as a list item would be
    return _Unit("text", start, end, text, tag=_run_in_advice(text))


def _group_label_items(units: list[_Unit]) -> None:
    """A list item that only names a group of the items nested under it ("- **Social
    workers**" over two practice points for social workers) is a sub-heading: its items are
    the points, each shown under the group's name."""
    for index, unit in enumerate(units[:-1]):
        following = units[index + 1]
        if (
            unit.kind == "bullet"
            and unit.number is None  # a numbered one keeps its number: see _numbered_part_headings
            and following.kind == "bullet"
            and following.level > unit.level
            and len(unit.text.split()) <= _GROUP_LABEL_WORDS
            and not _ends_sentence(unit.text, (".", ";", ",", "?", "!"))
            and not unit.text.endswith(":")  # a lead-in: its items are one point with it
        ):
            unit.kind, unit.level, unit.explicit = "heading", 3, True
            unit.text = _title(unit.text)


_GROUP_LABEL_WORDS = 6

_RUN_IN_RE = re.compile(r"^(?P<label>[A-Z][A-Za-z' ]{2,40}?)\s*:\s+\S")


def _run_in_advice(text: str) -> str | None:
    """The run-in label of an item that opens with practice-advice wording ("Practice point:
    record who was seen ...", "What to do: ..."), whatever marker the item has; the words stay
    in the text. Only practice advice: other run-in words ("Background: ...") keep the
    section's label."""
    found = _RUN_IN_RE.match(text)
    if found is None:
        return None
    label = _section_label(found.group("label"))
    return found.group("label") if label and role_for(label) == "practice_point" else None


_ROW_ITEM_WORDS = frozenset(["finding", "lesson", "message", "priority", "area", "point"])
_ROW_LABEL_RE = re.compile(
    r"^(?P<label>[A-Z][A-Za-z]+(?:\s+[a-z]+){0,2})\s+(?P<num>\d{1,3}(?:\.\d{1,3})?)"
    r"(?:\s*[:.–—-]\s*(?P<title>\S.{0,60}))?$"
)
_ROW_NUMBER_RE = re.compile(r"^\(?(?:[A-Z]{0,2}\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]?$")


def _box_name(group: str) -> str:
    """A heading-less box's section name: "Box 3" from its group id."""
    number = re.search(r"(\d+)\D*$", group)
    return f"Box {number.group(1)}" if number else "Box"


def _box_heading(text: str) -> bool:
    """A grid box's first line that reads as its heading ("3. Key learning", "Why it matters")."""
    return len(text.split()) <= 10 and not text.endswith((".", ",", ";"))


def _numbered_part_headings(units: list[_Unit]) -> None:
    """A short numbered item followed by its own sub-items ("1. Safe sleep" then "1.1 ...",
    "1.2 ...", as Word's multi-level numbering prints them) names a numbered
    part: it is a heading, not a learning point, whatever the format."""
    for unit, following in pairwise(units):
        if (
            unit.kind == "bullet"
            and unit.number is not None
            and not unit.children
            and following.kind == "bullet"
            and following.number is not None
            and following.number.startswith(f"{unit.number}.")
            and len(unit.text.split()) <= 10
            and not unit.text.endswith((".", ",", ";", ":", "?", "!"))
        ):
            unit.kind = "heading"
            unit.explicit = True
            unit.level = 2 + unit.level
            unit.text = f"{unit.number}. {_title(unit.text)}"


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
            prev.end = max(prev.end, unit.end)  # spans may overlap (PDF reading order)
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
    role: SectionRole | None = None  # a role the section's heading does not name (a theme)
    parent: _Section | None = None  # the theme whose practice advice this section is


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
        if unit.kind == "bullet" and (
            unit.text.endswith((":", ":-")) or _has_sub_bullets(unit, units, index)
        ):
            index = _attach_sub_items(unit, units, index, grouped)
            continue
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
            if nxt.kind in ("heading", "header"):
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
            unit.end = max(unit.end, items[-1].end)
            grouped.append(unit)
        else:
            unit.children = []
            grouped.append(unit)
            grouped.extend(items)
        index = cursor
    return grouped


_LABEL_TITLE_WORDS = 16


def _label_title(unit: _Unit) -> bool:
    """A labelled item whose wording is only its title ("Learning point 3: Offer an
    independent advocate."): one short sentence after the label, printed as a line (a bold
    paragraph) of its own."""
    if unit.kind != "bullet" or unit.tag is None or unit.children:
        return False
    _label, colon, wording = unit.text.partition(":")
    wording = wording.strip()
    if not colon or not wording or len(wording.split()) > _LABEL_TITLE_WORDS:
        return False
    return not re.search(r"[.!?]\s+\S", wording)  # one sentence, or a title


def _join_label_bodies(units: list[_Unit]) -> list[_Unit]:
    """A label line followed by its explanation is one learning point, whatever the format:
    "Learning point 3: Offer an independent advocate." (a short bold paragraph, a text line)
    takes the body paragraphs under it, up to the next heading, list item or label."""
    joined: list[_Unit] = []
    index = 0
    while index < len(units):
        unit = units[index]
        joined.append(unit)
        index += 1
        if not _label_title(unit):
            continue
        while index < len(units):
            body = units[index]
            if body.kind != "text" or body.note or body.children or body.group != unit.group:
                break
            unit.children.append(body)
            unit.end = max(unit.end, body.end)
            index += 1
    return joined


def _has_sub_bullets(unit: _Unit, units: list[_Unit], index: int) -> bool:
    """A numbered item followed by unnumbered bullets nested under it (a deeper list level):
    the bullets are part of the numbered point ("1. The nursery saw ..." then "- Practice
    point: record who was seen ..."), as a reader counts them."""
    following = units[index + 1] if index + 1 < len(units) else None
    return (
        unit.number is not None
        and following is not None
        and following.kind == "bullet"
        and following.number is None
        and following.level > unit.level
    )


def _attach_sub_items(unit: _Unit, units: list[_Unit], index: int, grouped: list[_Unit]) -> int:
    """A list item that introduces sub-items ("1. ... guidance on:-" then "- safe sleep")
    takes the unnumbered fragments that follow as its own; a numbered item takes every
    unnumbered bullet nested under it, fragment or sentence. Returns the next index."""
    cursor = index + 1
    items: list[_Unit] = []
    nested_only = not unit.text.endswith((":", ":-"))
    while cursor < len(units):
        nxt = units[cursor]
        if nested_only:
            fits = nxt.kind == "bullet" and nxt.number is None and nxt.level > unit.level
        else:
            deeper = nxt.level > unit.level or (unit.number is not None and nxt.number is None)
            fits = nxt.kind == "bullet" and deeper and _is_fragment(nxt.text)
        if not fits:
            break
        items.append(nxt)
        cursor += 1
    if items:
        unit.children = items
        unit.end = max(unit.end, items[-1].end)
    grouped.append(unit)
    return cursor


def _is_fragment(text: str) -> bool:
    return len(text) <= 100 and not text.endswith(".")


_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")


def _norm_key(text: str) -> str:
    text = _CONTINUED_RE.sub("", text)
    return _NON_ALNUM_RE.sub(" ", text.lower()).strip()


def _subject_of(label: str) -> str | None:
    """A review label's subject: "Child M", or a child's name ("Nadiya")."""
    found = rv.SUBJECT_RE.match(label)
    if found:
        return found.group("subject")
    if re.fullmatch(r"[A-Z][a-z]+(?:\s+(?:and|&)\s+[A-Z][a-z]+)?", label):
        return label
    return None


PREAMBLE = "\x00preamble"
"""The review of content before any heading names one (resolved at the end)."""


def _is_title_line(text: str) -> bool:
    """A title-block line that names no section: document type, partnership or date, alone
    or several of them joined by separators ("Child Safeguarding Practice Review | Date: July
    2023")."""
    parts = _META_SEPARATOR_RE.split(text.strip())
    if len(parts) > 1:
        return all(_is_title_part(p) for p in parts if p.strip())
    return _is_title_part(text)


def _is_title_part(text: str) -> bool:
    text = text.strip().rstrip(".")
    return bool(
        rv.is_doc_type(text)
        or rv.is_partnership(text)
        or _MONTH_YEAR_RE.match(text)
        or re.fullmatch(r"\(?(?:19|20)\d\d\)?", text)
        or _PUBLISHED_RE.fullmatch(text)
        or _ISSUE_RE.fullmatch(text)
        or _COLLECTION_TITLE_RE.match(text.rstrip(":").strip())
        # review-type or document words alone ("Child Safeguarding Practice Review", "The
        # practice newsletter of Wyebridge Safeguarding Children Partnership")
        or (
            (
                rv.review_type(text) is not None
                or rv.DOC_TYPE_RE.search(text) is not None
                or rv.PARTNERSHIP_RE.search(text) is not None
            )
            and _review_words_alone(text)
        )
    )


def _review_words_alone(text: str) -> bool:
    """Whether ``text`` says only what kind of document or review this is, with no code or
    year ("Serious Case Review IN14" names a review; "(LCSPR)" does not)."""
    return rv.only_review_words(text) and not re.search(r"\d", text)


# A newsletter's issue or season: "Issue 7", "Edition 12", "Autumn 2024", "Spring/Summer 2023".
_ISSUE_RE = re.compile(
    r"(?:issue|edition|volume|vol\.?|no\.?)\s*\d{1,3}|"
    r"(?:spring|summer|autumn|winter)(?:\s*/\s*(?:spring|summer|autumn|winter))?\s+(?:19|20)\d\d",
    re.I,
)
# Between the parts of a masthead line: "·", "|", "•", a spaced dash.
_META_SEPARATOR_RE = re.compile(r"\s+[–—-]\s+|\s*[·|•]\s*")


# "Learning from two reviews" as a document's title describes the document: the reviews it
# covers are named further on (a collection named inside the body, such as "Learning from 24
# national serious case reviews" after an introduction, is a review of its own).
_COLLECTION_TITLE_RE = re.compile(
    rf"^(?:(?:the\s+)?learning|lessons)\s+from\s+(?:the\s+)?{_NUMBER_WORDS}\s+(?:\w+\s+){{0,3}}"
    r"reviews?$",
    re.I,
)
_PUBLISHED_RE = re.compile(
    r"\b(?:published|updated|issued|produced|written|date)\b.{0,40}\b(?:19|20)\d\d\b", re.I
)


def _is_meta_line(unit: _Unit) -> bool:
    """A title-block line of metadata before any content: one short line naming the
    partnership or when the brief was published ("Westford Safeguarding Children Partnership
    – published June 2024"). It is kept as the review's partnership and year, not as a point."""
    text = unit.text
    if unit.kind != "text" or unit.children or len(text.split()) > 30:
        return False
    if re.search(r"[.!?]\s+[A-Z]", text):
        return False  # more than one sentence: a paragraph of content
    if rv.PARTNERSHIP_RE.search(text) and _PUBLISHED_RE.search(text):
        return True
    # A masthead of parts ("Oakfield Safeguarding Children Partnership · March 2024 · Draft"):
    # two parts or more are title lines and at most one short part is not.
    parts = [p for p in _META_SEPARATOR_RE.split(text.strip()) if p.strip()]
    if len(parts) == 1 and len(text.split()) <= 15 and _is_title_part(text):
        return True  # "The practice newsletter of Wyebridge Safeguarding Partnership"
    other = [p for p in parts if not _is_title_part(p)]
    if len(parts) - len(other) >= 2 and len(other) <= 1 and all(len(p.split()) <= 5 for p in other):
        return True
    return bool(_PUBLISHED_RE.fullmatch(text.strip().rstrip(".")))


_KIND_LEFT_RE = re.compile(r"^(?:thematic|local|national|multi-agency)\s*[:–—|-]\s*", re.I)


def _without_partnership(title: str) -> str:
    """A title with the partnership's name taken out ("Northfold Safeguarding Children
    Partnership · Learning from two reviews" -> "Learning from two reviews"): a review's
    label never names the partnership."""
    found = rv.PARTNERSHIP_RE.search(title)
    if found is None:
        return title
    rest = _strip_separators(title.replace(found.group("name"), " "))
    return rest if re.search(r"[A-Za-z]{3}", rest) else title


def _strip_separators(text: str) -> str:
    """``text`` on one line without separators at either end ("· Learning" -> "Learning")."""
    return re.sub(r"^[\s·|:;,.–—-]+|[\s·|:;,.–—-]+$", "", re.sub(r"\s+", " ", text))


class _Builder:
    """Pass 2: the state machine from units to blocks."""

    def __init__(
        self,
        meta: DocumentMeta,
        markers: Sequence[ReviewMarker],
        names: frozenset[str] = frozenset(),
    ) -> None:
        self.meta = meta
        self.markers = markers
        self.names = names  # the words the brief uses as a person's name (pseudonyms)
        # Content before any heading names a review belongs to an unnamed review, resolved
        # once the whole document is read (see ``resolve_preamble``).
        self.review = PREAMBLE
        self.reviews_seen: list[str] = []
        self.review_types: dict[str, str | None] = {}
        self.topics: dict[str, str] = {}  # a review's title after its subject
        self.joint: set[str] = set()
        self.listed: list[str] = []  # reviews a title lists by subject ("A and B (Rapid Review)")
        self.sections: list[_Section] = []
        self.section: _Section | None = None
        self.pending_titles: list[_Unit] = []
        # Spans of the headings before any content (the title block: partnership and year).
        self.title_block: list[tuple[int, int]] = []
        self.seen_content = False
        self.collection: str | None = None  # a title naming a collection ("Four reviews")
        self.last_unit: _Unit | None = None
        self.covered: list[tuple[int, int]] = []  # headings and header rows (shown as names)
        self.table_headers: dict[str | None, _Unit] = {}  # each table's header row
        self.role_columns: dict[str | None, int | None] = {}  # the column naming the role

    def resolve_preamble(self, doc: LoadedDocument) -> str:
        """The review that content before any review heading belongs to.

        A manifest's ``default_review`` wins; in a brief about one review it is that review;
        in a brief naming none, the subject its text names most ("Child X1/X2"); in a brief
        about several, an overview of the document."""
        if self.meta.default_review:
            label = self.meta.default_review
        else:
            named = [r for r in self.reviews_seen if r not in self.joint]
            if len(named) == 1:
                label = named[0]
            elif not named:
                label = (
                    self.collection
                    or rv.subject_in_text(doc.text)
                    or self._main_person(doc)
                    or self._pseudonym_in_title(doc)
                    or self.meta.title
                )
                self.review_types.setdefault(label, rv.review_type(doc.text))
            elif len(self.listed) >= 2:
                # a title listing the reviews: what comes before the first of them covers all
                label = _joint_label(self.listed, "")
                self.joint.add(label)
            else:
                label = f"{self._document_topic()} (overview)"
        if any(s.review == PREAMBLE for s in self.sections) and label not in self.reviews_seen:
            self.reviews_seen.insert(0, label)
        self.preamble = label
        return label

    def _document_topic(self) -> str:
        """What a brief about several reviews is about, for the label of its overview: the
        first title-block heading that says more than the document type, the partnership or a
        date ("Learning Brief: Neglect in Early Years" -> "Neglect in Early Years"), else the
        document's title without the partnership's name."""
        for unit in self.pending_titles:
            for part in _META_SEPARATOR_RE.split(unit.text.strip()):
                # "Practice Bulletin No. 23 - learning from two rapid reviews": what the
                # document covers, said in the words of its title
                part = part.strip()
                if _COLLECTION_TITLE_RE.match(part.rstrip(":").strip()):
                    return part[:1].upper() + part[1:]
            if _is_title_line(unit.text) or rv.only_review_words(unit.text):
                continue  # "Thematic Learning Brief"
            topic = _without_partnership(unit.text)
            topic = _strip_separators(rv.DOC_TYPE_RE.sub(" ", topic))
            # "Thematic learning brief: neglect" -> "neglect": the kind of review left alone
            # before the separator is no topic
            topic = _strip_separators(_KIND_LEFT_RE.sub("", topic))
            if re.search(r"[A-Za-z]{3}", topic) and not rv.is_partnership(topic):
                return topic[:1].upper() + topic[1:]
        return _without_partnership(self.meta.title)

    def _pseudonym_in_title(self, doc: LoadedDocument) -> str | None:
        """The child a title-block line names by a given name ("Learning from a Local Child
        Safeguarding Practice Review about Leo" as a subtitle, not a heading)."""
        for element in doc.elements:
            if element.kind not in ("title", "paragraph", "heading"):
                break  # the title block ends where lists, tables or boxes begin
            name = rv.pseudonym_in_heading(clean_line(element.text), self.names, first=True)
            if name is not None:
                return name
            if element.kind == "heading":
                break
        return None

    def _main_person(self, doc: LoadedDocument) -> str | None:
        """The child a brief naming no review is about: the name it uses most, when the title
        block names them too or the text names them often (four times or more)."""
        name = rv.main_person(doc.text)
        if name is None:
            return None
        head = " ".join(doc.text[a:b] for a, b in self.title_block)
        counts = len(re.findall(rf"\b{re.escape(name)}\b", doc.text))
        return name if re.search(rf"\b{re.escape(name)}\b", head) or counts >= 4 else None

    def review_infos(self, doc: LoadedDocument, blocks: Sequence[Block]) -> tuple[ReviewInfo, ...]:
        """What the text states about each review that holds a block."""
        head = "\n".join(clean_line(doc.text[a:b]) for a, b in self.title_block)
        partnership = self.meta.partnership or rv.partnership_in(head + "\n" + doc.text[:4000])
        year = self.meta.year or rv.year_in(head)
        single = len(self.reviews_seen) == 1
        used = {b.review for b in blocks}
        infos = []
        for label in [r for r in self.reviews_seen if r in used] + sorted(
            used - set(self.reviews_seen)
        ):
            kind = self.review_types.get(label)
            if kind is None and single:
                kind = rv.review_type(head) or rv.review_type(doc.text)
            infos.append(
                ReviewInfo(
                    label=label,
                    subject=None if label in self.joint else _subject_of(label),
                    review_type=kind,
                    partnership=partnership,
                    year=year,
                    joint=label in self.joint,
                    topic=self.topics.get(label),
                )
            )
        return tuple(infos)

    def _run_in_review(self, unit: _Unit) -> bool:
        """A paragraph that opens with a review's subject as a run-in title ("Young Person O
        (Rapid Review). O, aged 14, was …"): in a part about several reviews ("The three
        reviews") or with the review type in brackets, it tells that review's case, so it
        starts that review (as its summary)."""
        match = _RUN_IN_SUBJECT_RE.match(unit.text)
        if match is None:
            return False
        subject = rv.canonical_subject(match.group("subject"))
        kind = match.group("kind")
        typed = kind is not None and rv.review_type(kind) is not None
        section = self.section.name if self.section is not None else ""
        if not typed and not (_JOINT_RE.search(section) or _COLLECTION_TITLE_RE.match(section)):
            return False
        if subject == self.review:
            return False
        self._open_review(subject, f"{subject} ({kind})" if typed else subject)
        if typed:
            self.review_types[subject] = rv.review_type(str(kind))
        self._open_section(section or "Summary", "Summary", None)
        assert self.section is not None
        self.section.role = "summary"
        self.section.units.append(unit)
        return True

    def _marker_for(self, unit: _Unit) -> str | None:
        for marker in self.markers:
            if unit.text.lower().startswith(clean_line(marker.starts_with).lower()):
                return marker.label
        return None

    def _open_review(self, label: str, heading: str = "", joint: bool = False) -> None:
        self.review = label
        if label not in self.reviews_seen:
            self.reviews_seen.append(label)
            self.review_types[label] = rv.review_type(heading) if heading else None
            topic = rv.topic_after(heading, label) if heading and not joint else None
            if topic is not None:
                self.topics[label] = topic
        if joint:
            self.joint.add(label)
        self.section = None

    def _open_subsection(self, parent: _Section, text: str, item_label: str, unit: _Unit) -> None:
        """A section inside ``parent`` ("Key learning – Voice of the child") that keeps the
        parent's heading (its level decides where the part ends) and its role."""
        base = parent.base or parent.name
        self._open_section(f"{base} – {text}", item_label, unit)
        assert self.section is not None
        self.section.heading = parent.heading
        self.section.base = base
        self.section.role = parent.role

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
        if unit.kind in ("heading", "header"):
            self.covered.append((unit.start, unit.end))
        if unit.kind == "header":
            # a table's header row: its words name the columns, not a learning point; in a
            # section whose heading names no role they name the rows' ("Recommendation |
            # Agency | By when" under "Our plan"), as a heading would
            self.table_headers[unit.group] = unit
            return
        marker = self._marker_for(unit)
        if marker is not None:
            self._open_review(marker, unit.text)
            if unit.kind == "heading":
                return
        if unit.kind == "heading":
            self._heading(unit)
            return
        if not self.seen_content and _is_meta_line(unit):
            self.title_block.append((unit.start, unit.end))
            self.covered.append((unit.start, unit.end))
            return
        if not self.seen_content:
            self.seen_content = True
            titled = [u for u in self.pending_titles if _section_label(u.text)]
            plain = [u for u in self.pending_titles if not _is_title_line(u.text)]
            chosen = titled[0] if titled else None
            if chosen is not None:
                self._heading(chosen)
            elif plain and plain[-1] is self.pending_titles[-1]:
                # The heading right above the first content names its section, whatever it says.
                chosen = plain[-1]
                self._open_section(chosen.text, "Point", chosen)
            if chosen is not None:
                # Headings between the section's and the content (a first sub-heading) are
                # read as headings, never dropped.
                after = self.pending_titles[self.pending_titles.index(chosen) + 1 :]
                for heading in after:
                    self._heading(heading)
        if unit.kind == "text" and _URL_RE.search(unit.text) and not unit.children:
            self._reference(unit, previous)
            return
        if unit.note:
            # a footnote goes with the review's notes; the section it sits under goes on
            key = f"{self.review}|notes"
            notes = next((s for s in self.sections if s.key == key), None)
            if notes is None:
                notes = _Section(self.review, "Notes", "Note", key=key)
                self.sections.append(notes)
            notes.units.append(replace(unit, kind="text"))
            return
        if unit.kind == "text" and not unit.children and self._run_in_review(unit):
            return
        labelled = _LABELLED_RE.match(unit.text)
        if unit.kind == "text" and unit.children and _LIST_LEAD_RE.match(unit.text):
            self._open_section(unit.text.rstrip(";:- "), str(_section_label(unit.text)), unit)
        elif unit.kind == "text" and labelled and unit.text.count(",") >= 3 and unit.group is None:
            # (a "label: value" line inside a drawn box, a "Key facts" sidebar, is one of the
            # box's points, not a section of its own)
            self._open_section(labelled.group("label").strip(), "Point", unit)
        header = self.table_headers.get(unit.group) if unit.kind == "row" else None
        if header is not None:
            if unit.group not in self.role_columns:
                self.role_columns[unit.group] = self._roles_from_header(header)
            if self.role_columns[unit.group] == 0:
                unit.row_head = None  # the first column is the point itself, not its name
            unit.practice = _fills_practice_column(unit, header)
        self._current().units.append(unit)

    def _roles_from_header(self, header: _Unit) -> int | None:
        """Give a section whose heading names no role the role its table's header names:
        the first column header the section vocabulary knows (a row is one point with one
        role; columns naming two roles, "Message | What this means for you", leave a named
        section's role as it is). Returns the index of that column, if any."""
        section = self._current()
        if section.role is not None or section.item_label != "Point":
            return None
        for index, cell in enumerate(header.cells):
            label = _section_label(cell) if cell else None
            if label is not None and label not in _NARRATIVE_LABELS:
                section.role = role_for(label)
                section.item_label = label  # its rows read "Recommendation 1"
                return index
        return None

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
            where = self.review if self.review != PREAMBLE else self.meta.title
            review = f"{title} (national review referenced in {where})"
            self.review_types[review] = "National"
            name, label = "Referenced national review", "Reference"
        key = f"{review}|{_norm_key(name)}"
        target = next((s for s in self.sections if s.key == key), None)
        if target is None:
            target = _Section(review, name, label, key=key)
            self.sections.append(target)
        target.units.append(merged)

    def _heading(self, unit: _Unit) -> None:
        if unit.level == 9:
            if not self.seen_content:
                self.title_block.append((unit.start, unit.end))  # a date line
            return
        text = unit.text
        # A child named by a pseudonym alone ("Rapid review into the death of Kai"); "Kai's
        # story" or a banner "Kai" names a review only while no review is named yet or every
        # review so far is named by a pseudonym (a brief about Kai and Lily), never inside a
        # brief about "Child M" (where "Mia's voice" is a section).
        first = all(rv.is_pseudonym(r) for r in self.reviews_seen if r not in self.joint)
        pseudonym = rv.pseudonym_in_heading(text, self.names, first=first)
        if pseudonym is not None and pseudonym == self.review and text != pseudonym:
            pseudonym = None  # "About Ellis" inside Ellis's review: a section about him
            review = None
        else:
            review = pseudonym or _review_heading(text)
            if review is not None and review == self.review and _section_label(text):
                review = None  # "About Child G" inside Child G's review: a section about them
            if (
                review is not None
                and not self.seen_content
                and _COLLECTION_TITLE_RE.match(text.rstrip(":").strip())
            ):
                # the document's title: the reviews it gathers are named further on (if none
                # is, the collection names the content after all; see ``resolve_preamble``)
                self.collection = self.collection or review
                review = None
        part_label: str | None = None
        part = _subject_part(text) if review is None else None
        if part is not None and part[0] != self.review and part[0] not in self.joint:
            # "Case summary: Child M", "Part 2: Baby J": a heading naming another subject
            # starts that review (and, with section words, a section of it)
            review, part_label = part
            part = None
        if not self.seen_content and review is None and (listed := _listed_subjects(text)):
            # a title listing the brief's reviews: each is known, none is open yet
            for subject, kind in listed:
                if subject not in self.reviews_seen:
                    self.reviews_seen.append(subject)
                    self.review_types[subject] = kind
                if subject not in self.listed:
                    self.listed.append(subject)
            self.title_block.append((unit.start, unit.end))
            return
        if not self.seen_content and review is None:
            self.pending_titles.append(unit)
            self.title_block.append((unit.start, unit.end))
            return
        named = [r for r in self.reviews_seen if r not in self.joint]
        shared = _shared_part(text) if review is None else None
        if shared is not None and set(shared[0]) <= set(named):
            # "What we learned from Child S and Child V": a part joint to the reviews it names
            review = _joint_label([r for r in named if r in shared[0]], "")
            if review != self.review:
                self._open_review(review, joint=True)
            self._open_section(text, shared[1], unit)
            return
        if review is None and _JOINT_RE.search(text) and len(named) >= 2:
            review = _joint_label(named, text)
            if review != self.review:
                self._open_review(review, joint=True)
            joint_label = _section_label(text) or "Key finding"
            self._open_section(_CONTINUED_RE.sub("", text).strip(), joint_label, unit)
            return
        if review is not None:
            self._open_review(review, text)
            if part_label is not None:
                self._open_section(text, part_label, unit)
            return
        # "Learning from Child M's review" inside Child M's review: its section words name it
        label = _section_label(text) or (part[1] if part is not None else None)
        current = self.section
        if (
            current is not None
            and current.parent is not None
            and current.heading is not None
            and unit.level <= current.heading.level
        ):
            # the heading after a theme's "What you can do" part is the theme's sibling (or
            # the theme's own next part): read it as if the theme were the current section
            current = self.section = current.parent
        explicit = unit.explicit
        if (
            not explicit
            and label is None
            and text.endswith("?")
            and current is not None
            and current.item_label == "Reflective question"
        ):
            # A short question in a questions section reads like a heading; it is a question.
            current.units.append(replace(unit, kind="text"))
            return
        if (
            current is not None
            and current.heading is not None
            and unit.group is not None
            and current.heading.group == unit.group
            and current.heading.level < unit.level
            and label in (None, current.item_label)
        ):
            # A smaller heading inside the same drawn box as the section's ("At a glance" >
            # "The family"): a part of the box, with the box's label and role.
            self._open_subsection(current, text, current.item_label, unit)
            return
        if (
            label is not None
            and role_for(label) == "practice_point"
            and current is not None
            and current.heading is not None
            and current.heading.level < unit.level
            and (
                current.item_label == "Point"
                or (current.base and role_for(current.item_label) == "learning")
            )
        ):
            # "What this means for practice" under a heading the vocabulary does not name
            # ("1. Smoking and a crowded home") or under a theme of a findings part: that
            # heading is a theme (its paragraphs are findings) and this is the theme's
            # practice advice, named after it.
            current.role = current.role or "learning"
            self._open_section(f"{current.name} – {text}", label, unit)
            assert self.section is not None
            self.section.parent = current
            return
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
            self._open_subsection(current, text, current.item_label, unit)
            return
        thematic = self.review_types.get(self.review) == "Thematic"
        if (
            not explicit
            and label is None
            and current is not None
            and (current.units or not text.endswith("?"))
            and current.item_label not in _NARRATIVE_LABELS
            and not _over_paragraphs(unit)
            and not (thematic and current.item_label == "Point")
            and not (current.item_label == "Point" and _over_list(unit))
        ):
            # A plain heading over one paragraph inside a list section titles that learning
            # point (the précis' "Absent men" under "Overarching issues").
            current.units.append(unit)
            return
        if (
            label is None
            and current is not None
            and role_for(current.item_label) == "learning"
            and (current.base or not current.units or (not explicit and _over_paragraphs(unit)))
            and (
                current.heading is None
                or unit.level > current.heading.level
                # plain-text headings all have one level; a styled heading at the part's own
                # level ends the part ("Our plan" after "What we found")
                or (not explicit and unit.level == current.heading.level)
            )
        ):
            # A theme under a themes / key learning / findings part (the part's heading right
            # above it, or a heading over several paragraphs and a "Practice point:" line):
            # a section of its own that keeps the part's label and role, whatever its heading
            # says ("Key themes – Elective home education").
            self._open_subsection(current, text, current.item_label, unit)
            return
        self._open_section(text, label or "Point", unit)
        if label is None and thematic and self.section is not None:
            # In a thematic review a heading the vocabulary does not name is one of its themes.
            self.section.role = "learning"


_COUNT_WORDS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _joint_label(named: Sequence[str], heading: str) -> str:
    """The label of a part shared by several reviews: as many of the reviews named so far
    as the heading counts ("across the three reviews"; "both reviews" two), else all of them
    ("Shared learning"), joined as "Child E, Child F and Child G"."""
    count = len(named)
    heading = _PART_PREFIX_RE.sub("", heading)  # "Part 3: Shared learning" counts no reviews
    found = re.search(rf"\b({'|'.join(_COUNT_WORDS)}|\d+)\b", heading, re.I)
    if found:
        word = found.group(1).lower()
        count = min(count, int(word) if word.isdigit() else _COUNT_WORDS[word])
    covered = list(named[-max(count, 2) :])
    return ", ".join(covered[:-1]) + " and " + covered[-1]


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


_QUOTATION = re.compile(r"""^[“"‘'][^“”"]{3,}[”"’']\s*(?:[-–—]\s*[^.!?]{1,80})?$""")
"""A paragraph that is one quotation, with an optional "– who said it" after it."""


def _blocks_for(
    section: _Section,
    numbering: dict[tuple[str, str], int],
    covered: list[tuple[int, int]],
) -> list[Block]:
    """Turn one section's units into numbered learning points.

    ``numbering`` carries the last number used per (review, label) across sections, so a
    review's second "Key findings" list goes on from the first instead of restarting at 1
    (numbers the document prints itself are kept). Repeated wording merged into its twin is
    appended to ``covered`` (its words are in a block)."""
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
        elif (
            items
            and items[-1][0].kind == "bullet"
            and unit.kind == "text"
            and _QUOTATION.match(unit.text)
            and not _QUOTATION.match(items[-1][0].text)
        ):
            # A quotation between listed points (a child's words under the finding they
            # illustrate) belongs to the point above it: a reader counts the finding once.
            # A list of quotations ("What children told us") keeps each quotation a point.
            items[-1][1].append(unit)
        else:
            items.append((unit, []))

    # Merge near-duplicates (repeated bullets) and lone short fragments into a neighbour.
    # An item has a twin among those kept when its normalised wording is one of theirs
    # (``_similar``): a set lookup instead of comparing with every kept item.
    kept: list[tuple[_Unit, list[_Unit]]] = []
    kept_keys: set[str] = set()
    for title, body in items:
        if title.kind == "heading" and not body and title.text.endswith("?"):
            # A question read as a sub-heading with nothing under it is one of the section's
            # questions (a box of short reflective questions), not a title.
            title = replace(title, kind="text")
        elif title.kind == "heading" and not body:
            continue  # an empty sub-heading ("Child In Need" with nothing under it)
        key = _norm_key(_item_text(title, body))
        if not key or key not in kept_keys:
            kept.append((title, body))
            if key:
                kept_keys.add(key)
        else:
            covered.append((title.start, body[-1].end if body else title.end))

    blocks: list[Block] = []
    paragraph_key = (section.review, f"{section.name}, paragraph")
    item_key = (section.review, section.item_label)
    listed = any(u.kind in ("bullet", "row") for u in section.units)
    role = section.role or role_for(section.item_label)
    if section.item_label == "Point" and any(
        _tag_role(u) == "practice_point" for u in section.units
    ):
        # An unnamed section whose paragraphs lead to a "Practice point:" line is a theme:
        # the paragraphs are its findings (the point keeps its own role).
        role = "learning"
    for title, body in kept:
        text = _item_text(title, body)
        start = title.start
        end = body[-1].end if body else title.end
        paragraph = title.kind == "text" and (
            section.item_label in _NARRATIVE_LABELS | {"Point"} or (listed and not title.children)
        )
        if title.kind == "lead" and not title.children:
            covered.append((title.start, title.end))  # shown with the items it introduces
            continue  # a lead-in whose items are listed separately
        if paragraph:
            numbering[paragraph_key] = numbering.get(paragraph_key, 0) + 1
            label = f"{section.name}, paragraph {numbering[paragraph_key]}"
            blocks.append(
                Block(
                    section.review,
                    section.name,
                    label,
                    start,
                    end,
                    text,
                    role=role,
                    page=title.page,
                )
            )
            continue
        item_label, item_role = section.item_label, role
        tagged = _section_label(title.tag) if title.tag else None
        if tagged is not None and tagged != item_label:
            item_label, item_role = tagged, role_for(tagged)

        item_key = (section.review, item_label)
        numbering[item_key] = numbering.get(item_key, 0) + 1
        number = (
            title.number
            if title.number and title.kind in ("bullet", "row")
            else str(numbering[item_key])
        )
        label = f"{item_label} {number}"
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
                start=start,
                end=end,
                text=text,
                role=item_role,
                page=title.page,
                practice=title.practice,
            )
        )
    return blocks


def _fills_practice_column(row: _Unit, header: _Unit) -> bool:
    """Whether a table row has text under a column whose header names practice advice
    ("What this means for practice", "What to do", "Implications for practice", "Practice
    point"): the row stays one point of its section, and says what to do."""
    for index, name in enumerate(header.cells):
        label = _section_label(name) if name else None
        named = label is not None and role_for(label) == "practice_point"
        if named and index < len(row.cells) and row.cells[index].strip():
            return True
    return False


def _tag_role(unit: _Unit) -> SectionRole | None:
    """The role an item's own label names ("Practice point:" -> practice_point), if any."""
    label = _section_label(unit.tag) if unit.tag else None
    return role_for(label) if label is not None else None


def _over_paragraphs(heading: _Unit) -> bool:
    """A heading over body paragraphs and more (several paragraphs, or a paragraph and a
    "Practice point:" line): a section's heading, not the title of one learning point."""
    return heading.body > 1 and heading.paragraphs >= 1


def _over_list(heading: _Unit) -> bool:
    """A heading over a list of two or more items and no paragraph: the heading of a
    section (its items say what kind), not the title of one learning point."""
    return heading.body >= 2 and heading.paragraphs == 0


def _count_bodies(units: Sequence[_Unit]) -> None:
    """Record on each heading how many units stand under it before the next heading."""
    heading: _Unit | None = None
    for unit in units:
        if unit.kind == "heading":
            heading = unit
        elif heading is not None and unit.kind != "header":
            heading.body += 1
            heading.paragraphs += unit.kind == "text"


def _item_text(title: _Unit, body: Sequence[_Unit]) -> str:
    if title.kind == "row" and title.row_head:
        return title.text
    parts = [title.text]
    parts.extend(
        f"• {child.text}" if child.kind == "bullet" else child.text for child in title.children
    )
    parts.extend(unit.text for unit in body)
    return "\n".join(parts)


_BOX_NUMBER_RE = re.compile(r"\(?\d{1,3}[.)]?")
_CELL_NUMBER_RE = re.compile(r"^\(?(?P<number>\d{1,3})[.)]?\s+(?P<text>\S.*)$")


def _numbered_boxes(units: list[_Unit]) -> list[_Unit]:
    """A grid box whose heading is only a printed number ("7" over a line of advice) is one
    numbered point of the section the grid sits in, not a section of its own: its lines
    become one item carrying that number ("Practice point 7")."""
    result: list[_Unit] = []
    index = 0
    while index < len(units):
        unit = units[index]
        group = unit.group
        if unit.kind == "heading" and group is not None and _BOX_NUMBER_RE.fullmatch(unit.text):
            body: list[_Unit] = []
            cursor = index + 1
            while (
                cursor < len(units)
                and units[cursor].group == group
                and units[cursor].kind in ("text", "bullet")
            ):
                body.append(units[cursor])
                cursor += 1
            if body:
                text = " ".join(u.text for u in body)
                number = unit.text.strip("().")
                item = _Unit("bullet", unit.start, body[-1].end, text, number=number)
                item.page, item.group = unit.page, group
                result.append(item)
                index = cursor
                continue
        result.append(unit)
        index += 1
    return result


def _numbered_cells(units: list[_Unit], source: str) -> list[_Unit]:
    """A table row of numbered boxes ("5 Injuries to his hands ..." | "6 The transfer ..."):
    each numbered cell is its own point, labelled by its printed number. A row is split when
    it has two or more filled cells, each starting with a number one above the last ("3
    months old" | "2 siblings" in a facts table is not a row of boxes)."""
    result: list[_Unit] = []
    for unit in units:
        cells = [c for c in unit.cells if c]
        found = [_CELL_NUMBER_RE.match(c) for c in cells]
        numbers = [int(m.group("number")) for m in found if m is not None]
        if (
            unit.kind != "row"
            or len(cells) < 2
            or len(numbers) != len(cells)
            or any(b != a + 1 for a, b in pairwise(numbers))
        ):
            result.append(unit)
            continue
        cursor = unit.start
        for cell, match in zip(cells, found, strict=True):
            assert match is not None
            at = source.find(cell, cursor, unit.end)
            start = at if at >= 0 else cursor
            end = start + len(cell) if at >= 0 else unit.end
            item = _Unit("bullet", start, end, match.group("text"), number=match.group("number"))
            item.page, item.group = unit.page, unit.group
            result.append(item)
            cursor = max(cursor, end)
    return result


def _without_navigation(
    units: list[_Unit], handled: list[tuple[int, int]], metadata: list[_Unit]
) -> list[_Unit]:
    """Take out what is read but is not learning, recording its span in ``handled``:

    - document metadata lines ("Keywords: a; b", "Published: May 2025", "Author: ..."),
      also kept in ``metadata``;
    - a contents list: a "Contents" heading and the lines after it that repeat headings
      further on (a list, or lines a PDF run together: "Background Findings What we ...").
    """
    keys = [_contents_key(u.text) if u.kind == "heading" else "" for u in units]
    result: list[_Unit] = []
    index = 0
    while index < len(units):
        unit = units[index]
        if is_metadata_line(unit.text) and not unit.children:
            handled.append((unit.start, unit.end))
            metadata.append(unit)
            index += 1
            continue
        if unit.kind == "heading" and is_contents_heading(unit.text):
            cursor = index + 1
            while cursor < len(units) and _repeats_headings(
                units[cursor], {k for k in keys[cursor + 1 :] if k}
            ):
                cursor += 1
            if cursor > index + 1:
                handled.extend((u.start, u.end) for u in units[index:cursor])
                # the entries name headings still to come: those are what count
                index = cursor
                continue
        result.append(unit)
        index += 1
    return result


_CONTENTS_NUMBERS_RE = re.compile(r"^(?:\d{1,4}(?: |$))+")


def _contents_key(text: str) -> str:
    """A heading or contents entry as the contents rule compares them: case, punctuation and
    the numbers before or after it left out ("2. What happened", "What happened ... 3" and
    "what happened" are one key)."""
    return _CONTENTS_NUMBERS_RE.sub("", _norm_key(re.sub(r"\s*\d{1,4}\s*$", "", text)))


def _repeats_headings(unit: _Unit, later: set[str]) -> bool:
    """Whether a unit's words are one or more of the ``later`` headings' words in a row (each
    entry with or without its heading number or page number)."""
    if unit.children:
        return False
    rest = _contents_key(unit.text)
    if not rest:
        return False
    longest = sorted(later, key=len, reverse=True)
    while rest:
        step = next((k for k in longest if rest == k or rest.startswith(k + " ")), None)
        if step is None:
            return False
        rest = _CONTENTS_NUMBERS_RE.sub("", rest[len(step) :].strip())
    return True


_LEARNING_SEEN: frozenset[SectionRole] = frozenset(
    {"learning", "practice_point", "reflective_question", "recommendation", "good_practice"}
)


def _roles_from_content(sections: Sequence[_Section]) -> None:
    """Give each section whose heading names no role ("The issue", "Ways to approach it",
    "Group activity") the role its content shows (see
    :func:`ingest.sections.role_from_content`): its items then read "Practice point 2",
    "Reflective question 1", and its heading stays the section's name."""
    seen: set[str] = set()  # reviews in which a learning-like section has been read
    for section in sections:
        role = section.role or role_for(section.item_label)
        if (
            section.item_label == "Point"
            and section.role is None
            and section.heading is not None
            and not any(_tag_role(u) for u in section.units)
        ):
            items = [u for u in section.units if u.kind in ("bullet", "row", "text")]
            found = role_from_content(
                [u.text for u in items],
                paragraphs=all(u.kind == "text" for u in items),
                before_learning=section.review not in seen,
            )
            if found is not None:
                label, role = found
                section.role = role
                if label not in _NARRATIVE_LABELS:
                    section.item_label = label
        if role in _LEARNING_SEEN:
            seen.add(section.review)


def parse_structure(
    doc: LoadedDocument, meta: DocumentMeta, markers: Sequence[ReviewMarker] = ()
) -> Structure:
    """Split a loaded document into reviews and learning-point blocks labelled with review and
    section, with the share of its words that landed in some block.

    Works on the loader's typed ``doc.elements`` (a document without any has no learning
    points, and its text is reported as left out)."""
    furniture: list[tuple[int, int]] = []
    units = _element_units(doc, furniture)
    _group_label_items(units)
    units = _numbered_cells(_numbered_boxes(units), doc.text)
    _numbered_part_headings(units)
    _classify_headings(units)
    handled: list[tuple[int, int]] = []  # navigation and metadata: read, not learning
    metadata: list[_Unit] = []
    units = _without_navigation(units, handled, metadata)
    units = _group_lead_ins(units)
    units = _join_label_bodies(units)
    _count_bodies(units)
    builder = _Builder(meta, markers, rv.person_names(doc.text))
    for unit in units:
        builder.feed(unit)
    sections = _relocate_orphans(builder.sections)
    preamble = builder.resolve_preamble(doc)
    blocks: list[Block] = []
    numbering: dict[tuple[str, str], int] = {}
    covered = [*builder.covered, *handled]
    for section in sections:
        if section.review == PREAMBLE:
            section.review = preamble
    _roles_from_content(sections)
    for section in sections:
        blocks.extend(_blocks_for(section, numbering, covered))
    blocks = list(_unique_labels(blocks))
    # a "Published: May 2025" line states the year wherever it stands, as a title-block line
    builder.title_block.extend((u.start, u.end) for u in metadata if _PUBLISHED_RE.search(u.text))
    covered.extend((b.start, b.end) for b in blocks)
    skipped = [*doc.boilerplate, *furniture]
    coverage, dropped = measure_coverage(doc.text, covered, skipped)
    return Structure(
        blocks=tuple(blocks),
        reviews=builder.review_infos(doc, blocks),
        coverage=coverage,
        dropped=dropped,
    )


_WORD_RE = re.compile(r"\w+")


def measure_coverage(
    text: str, covered: Sequence[tuple[int, int]], skipped: Sequence[tuple[int, int]] = ()
) -> tuple[float, tuple[str, ...]]:
    """The share of ``text``'s words (outside ``skipped`` spans) inside some ``covered`` span,
    and the source lines holding words that are not (cleaned, in document order)."""
    marks = bytearray(len(text) + 1)
    for value, spans in ((1, covered), (2, skipped)):  # skipped last: it wins
        for start, end in spans:
            lo, hi = max(0, start), min(end, len(text))
            if hi > lo:
                marks[lo:hi] = bytes([value]) * (hi - lo)
    total = kept = 0
    missing_lines: dict[int, None] = {}
    for match in _WORD_RE.finditer(text):
        if clean_line(match.group()) == "" or marks[match.start()] == 2:
            continue
        total += 1
        if marks[match.start()] == 1:
            kept += 1
        else:
            missing_lines[text.rfind("\n", 0, match.start()) + 1] = None
    dropped = []
    for line_start in missing_lines:
        line_end = text.find("\n", line_start)
        line = clean_line(text[line_start : line_end if line_end >= 0 else len(text)])
        if line and line not in dropped:
            dropped.append(line)
    return (kept / total if total else 1.0), tuple(dropped)


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
