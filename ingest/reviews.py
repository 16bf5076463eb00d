"""Reviews found from a brief's own text: subject, review type, partnership and year.

A review is named by its subject ("Child M", "Baby J", "Family W", "Young Person E",
"Siblings A and B", "Child X1/X2"), by a review code ("Serious Case Review IN14"), by a theme
("Thematic review of ...") or, for a briefing that gathers many reviews, by the collection
("24 national serious case reviews"). Document-type words ("7 Minute Briefing", "Learning
brief", "Learning & Improvement Bulletin") and the partnership's name are never a review's
label: they describe the document, not the review.
"""

from __future__ import annotations

import re
from collections import Counter

_CODE = r"[A-Z]{1,3}\d{0,3}(?:/[A-Z]{1,3}\d{0,3})*"
_SUBJECT_WORDS = (
    r"(?i:child|children|baby|infant|family|young\s+person|siblings?|sibling\s+group|brothers|"
    r"sisters|twins)"
)
SUBJECT_RE = re.compile(
    rf"\b(?P<subject>{_SUBJECT_WORDS}\s+{_CODE}(?:\s*(?:and|&)\s+{_CODE})?)(?![\w/])"
)
"""A subject named anywhere: a subject word then a short capital code ("Child X1/X2")."""

DOC_TYPE_RE = re.compile(
    r"\b(?:(?:\d+|seven)[\s-]*minute\s+(?:briefing|brief|learning|guide)s?|"
    r"learning\s+(?:brief|briefing|bulletin|summary|note|digest|leaflet|review brief)s?|"
    r"(?:practice\s+)?learning\s+summary|briefing\s+(?:note|paper)|"
    r"learning\s*(?:&|and)\s*improvement\s+bulletin|newsletter|bulletin|"
    r"practitioner\s+(?:brief|briefing|guide)|one[\s-]minute\s+guide|"
    r"learning\s+on\s+a\s+page|(?:practice\s+)?learning\s+(?:poster|snapshot)|"
    r"spotlight\s+on\b|bite[\s-]?size(?:d)?\s+(?:learning|briefing|guide)|"
    r"^learning\s+from\s+(?:serious\s+case\s+|local\s+|national\s+|case\s+)?reviews?$|"
    r"^learning\s+lessons\s+from\b.*$)",
    re.I,
)
"""Words that describe the document, never a review."""

_SP = r"[^\S\n]+"  # spaces within one line: a name never runs across a line break
PARTNERSHIP_RE = re.compile(
    rf"\b(?P<name>(?!The\b)[A-Z][\w'&,-]*(?:{_SP}(?:(?:and|&){_SP})?[A-Z][\w'&,-]*){{0,4}}"
    rf"{_SP}(?i:safeguarding{_SP}(?:children(?:'s)?{_SP})?"
    r"(?:partnership|board|partners|arrangements)))\b"
)
"""A partnership's name: up to five capitalised words ("Oakridge and Fenby") on one line."""
_PARTNERSHIP_ACRONYM_RE = re.compile(r"\b(?P<name>[A-Z]{1,6}S(?:CP|CB|CP?B))\b")

_TYPES: tuple[tuple[str, str], ...] = (
    (r"\brapid\s+reviews?\b", "Rapid review"),
    (r"\bthematic\b", "Thematic"),
    (r"\b(?:local\s+)?child\s+safeguarding\s+practice\s+reviews?\b|\bl?cspr\b", "LCSPR"),
    (r"\bserious\s+case\s+reviews?\b|\bscrs?\b", "SCR"),
    (r"\bnational\b", "National"),
)
_TYPE_RES = tuple((re.compile(p, re.I), name) for p, name in _TYPES)
_YEAR_RE = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")


_SUBJECT_BANNER_RE = re.compile(r"\s*(?:[:–—,-]|\()")


def is_doc_type(text: str) -> bool:
    """Whether a heading only names the kind of document ("7 Minute Briefing")."""
    stripped = DOC_TYPE_RE.sub("", text)
    stripped = PARTNERSHIP_RE.sub("", stripped)
    return bool(DOC_TYPE_RE.search(text)) and not re.search(r"[A-Za-z]{3}", _tidy(stripped))


def is_partnership(text: str) -> bool:
    """Whether a heading is only a partnership's name."""
    match = PARTNERSHIP_RE.search(text) or _PARTNERSHIP_ACRONYM_RE.fullmatch(text.strip())
    if not match:
        return False
    rest = _tidy(_ASIDE_RE.sub(" ", text.replace(match.group("name"), "")))
    return not re.search(r"[A-Za-z]{3}", rest)


# A lower-case note in brackets after a name: "(fictional)", "(formerly the LSCB)".
_ASIDE_RE = re.compile(r"\((?=[a-z])[^()]{1,40}\)")


def _tidy(text: str) -> str:
    return re.sub(r"^[\s:;,.–—-]+|[\s:;,.–—-]+$", "", re.sub(r"\s+", " ", text))


_CODE_RE = re.compile(_CODE)


def canonical_subject(subject: str) -> str:
    """A subject as a label: its words capitalised, its code as printed ("young person X" ->
    "Young Person X", "CHILD Z" -> "Child Z", "Child X1/X2" stays)."""
    words = subject.split()
    return " ".join(
        w.lower() if w.lower() in ("and", "&") else w if _CODE_RE.fullmatch(w) else w.capitalize()
        for w in words
    )


def is_subject(text: str) -> bool:
    """Whether ``text`` is just a review's subject ("Baby J"; not "Child Protection")."""
    return bool(SUBJECT_RE.fullmatch(text.strip()))


def subject_in_heading(text: str) -> str | None:
    """The subject a title-like heading names besides document-type words, review-type words
    and separators ("7 Minute Briefing – Rapid Review: Baby J" -> "Baby J"), or asks who the
    subject was ("Who was Baby G?", a question-and-answer brief)."""
    text = _WHO_WAS_RE.sub("", text).rstrip("? ")
    match = SUBJECT_RE.search(text)
    if not match or len(text.split()) > 14:
        return None
    if (
        match.start() == 0
        and len(text.split()) <= 10
        and _SUBJECT_BANNER_RE.match(text[match.end() :])
    ):
        # A banner opening with the subject: "Child P: Learning and Recommendations".
        return canonical_subject(match.group("subject"))
    rest = text.replace(match.group("subject"), " ")
    rest = DOC_TYPE_RE.sub(" ", rest)
    rest = PARTNERSHIP_RE.sub(" ", rest)
    for pattern, _name in _TYPE_RES:
        rest = pattern.sub(" ", rest)
    rest = re.sub(
        r"\b(?:local|review|reviews|of|for|in respect of|into|about|the|a|an)\b",
        " ",
        rest,
        flags=re.I,
    )
    rest = re.sub(r"\(?\b(?:19|20)\d\d\b\)?|\b[A-Z]{2,6}\b", " ", rest)
    if re.search(r"[A-Za-z]{3}", rest):
        return None
    return canonical_subject(match.group("subject"))


_WHO_WAS_RE = re.compile(r"^\s*who\s+(?:was|is|were|are)\s+(?=\S+\s+\S+\s*\?\s*$)", re.I)


def topic_after(heading: str, subject: str) -> str | None:
    """What a review heading says after its subject and a separator ("LCSPR: Child A –
    neglect in a busy household" -> "neglect in a busy household"), when that is
    more than review-type or document-type wording."""
    found = re.search(re.escape(subject), heading, re.I)
    if found is None:
        return None
    rest = heading[found.end() :]
    if not _SUBJECT_BANNER_RE.match(rest):
        return None
    topic = _tidy(rest).strip("()").strip()
    if not re.search(r"[A-Za-z]{3}", topic) or only_review_words(topic):
        return None
    return topic


def review_type(text: str) -> str | None:
    """The review type a text states first (Rapid review, Thematic, LCSPR, SCR, National)."""
    found = [(m.start(), name) for pattern, name in _TYPE_RES if (m := pattern.search(text))]
    return min(found)[1] if found else None


def subject_in_text(text: str) -> str | None:
    """The subject a document's text names most often (for briefs whose headings name none)."""
    counts = Counter(m.group("subject") for m in SUBJECT_RE.finditer(text))
    if not counts:
        return None
    subject, _n = counts.most_common(1)[0]
    return canonical_subject(subject)


def partnership_in(text: str) -> str | None:
    """The partnership a text names (its full name, else an acronym such as "NSCB")."""
    match = PARTNERSHIP_RE.search(text)
    if match:
        return match.group("name")
    acronym = _PARTNERSHIP_ACRONYM_RE.search(text)
    return acronym.group("name") if acronym else None


def year_in(text: str) -> int | None:
    """The first plausible publication year in ``text``."""
    match = _YEAR_RE.search(text)
    return int(match.group(1)) if match else None


# -- reviews named by a pseudonym ("Kai's story", "Review: Lily (pseudonym)") ----------------
_NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_MARKED = r"(?:\s*\((?:a\s+)?pseudonym\)|\s*\(not\s+(?:his|her|their)\s+real\s+name\))"
_REVIEW_WORDS = (
    r"(?:reviews?|learning|briefing|brief|summary|lcspr|cspr|scr|learning\s+review|"
    r"practice\s+review|case\s+review|rapid\s+review)"
)
_REVIEW_TYPE_WORDS = r"\b(?:reviews?|l?cspr|scr)\b"
_PSEUDONYM_TITLES = tuple(
    re.compile(pattern, re.I)
    for pattern in (
        # "Learning from the review about Kai", "Rapid review into the death of Harry"
        rf"\b{_REVIEW_WORDS}\s+(?:about|into|of|for|concerning|regarding|in\s+respect\s+of|"
        rf"relating\s+to)\s+(?:the\s+(?:death|care|experiences?|life)\s+of\s+)?"
        rf"(?P<name>{_NAME}){_MARKED}?\s*$",
        # "Review: Lily (pseudonym)", "LCSPR – Jayden", "7 Minute Briefing: Harry"
        rf"^(?P<before>.+?)\s*[:–—-]\s*(?P<name>{_NAME}){_MARKED}?\s*$",
        # "Harry: learning from a rapid review", "Mia (pseudonym) – 7 minute briefing"
        rf"^(?P<name>{_NAME}){_MARKED}?\s*[:–—-]\s*(?P<after>.+)$",
        # "Lily (pseudonym)"
        rf"^(?P<name>{_NAME}){_MARKED}\s*$",
        # "Tia (LCSPR)", "Harry (Rapid Review, 2024)": the review type in brackets
        rf"^(?P<name>{_NAME}){_MARKED}?\s*\((?P<after>[^()]+)\)\s*$",
    )
)
# Headings that name a child only as the brief's first review ("Kai's story", "About Mia"):
# inside a brief already about a review they are a section about that child.
_PSEUDONYM_SECTIONS = tuple(
    re.compile(pattern, re.I)
    for pattern in (
        rf"^(?P<name>{_NAME})['’]s\s+(?:story|review|journey|experiences?|life|voice|"
        r"lived\s+experience|world)\s*$",
        rf"^(?:the\s+)?(?:story|life|voice|experiences?)\s+of\s+(?P<name>{_NAME})\s*$",
        rf"^about\s+(?P<name>{_NAME}){_MARKED}?\s*$",
        # a question-and-answer brief: "Who was Jayden?", "Who is Mia?"
        rf"^who\s+(?:was|is)\s+(?P<name>{_NAME}){_MARKED}?\s*\??$",
        rf"^(?P<name>{_NAME}){_MARKED}?\s*$",  # a banner that is the name alone ("Lily")
    )
)
_PERSON_CONTEXT = re.compile(
    rf"\b(?P<name>{_NAME})(?:\s+(?:was|is|had|has|lived|lives|said|says|told|felt|feels|"
    r"became|died|attended|moved|wanted|wants|went|started|spent|described|explained)\b|"
    r"['’]s\s+(?:mother|father|mum|dad|parents?|carers?|family|grandm\w+|grandf\w+|"
    r"sisters?|brothers?|siblings?|school|teachers?|social\s+worker|death|needs|views?|"
    r"voice|wishes|behaviour|health|care|life|story|experiences?)\b)"
)
_NOT_NAMES = frozenset(
    re.findall(
        r"\w+",
        "he she it they we you i this that these those there here then when what who how why "
        "mother father mum dad parent parents carer carers grandmother grandfather stepfather "
        "stepmother partner baby child children family sibling siblings sister brother school "
        "police health nursery college hospital council agency agencies practitioners "
        "professionals learning review briefing summary background introduction information "
        "january february march april may june july august september october november december "
        "monday tuesday wednesday thursday friday saturday sunday each every one none",
    )
)
"""Capitalised words that are never a child's pseudonym (pronouns, roles, months)."""
_REST_WORDS_RE = re.compile(
    r"\b(?:local|review|reviews|learning|lessons|from|of|for|in respect of|into|about|the|a|"
    r"an|case|practice|briefing|brief|summary|key|and|&)\b",
    re.I,
)


def person_names(text: str) -> frozenset[str]:
    """Capitalised words the text uses as a person's name: written as "Harry was", "Harry
    told", "Harry's mother" more than once (or once, in a text naming them three times or
    more), and never part of a partnership's name (a list of names is not needed: a child's
    pseudonym is what the brief talks about)."""
    counts = Counter(
        m.group("name")
        for m in _PERSON_CONTEXT.finditer(text)
        if m.group("name").lower() not in _NOT_NAMES
    )
    partners = set(" ".join(m.group("name") for m in PARTNERSHIP_RE.finditer(text)).split())

    def named(name: str, in_context: int) -> bool:
        if name in partners:
            return False
        return in_context >= 2 or len(re.findall(rf"\b{re.escape(name)}\b", text)) >= 3

    return frozenset(n for n, c in counts.items() if named(n, c))


def main_person(text: str) -> str | None:
    """The one name a brief talks about most (three times or more, and at least twice as often
    as any other), for a brief whose headings name no review."""
    counts = Counter(
        m.group("name")
        for m in _PERSON_CONTEXT.finditer(text)
        if m.group("name").lower() not in _NOT_NAMES
    )
    names = person_names(text)
    ranked = [(c, n) for n, c in counts.most_common() if n in names]
    if not ranked or ranked[0][0] < 3:
        return None
    if len(ranked) > 1 and ranked[1][0] * 2 > ranked[0][0]:
        return None
    return ranked[0][1]


def only_review_words(text: str) -> bool:
    """Whether ``text`` says only what kind of document or review this is."""
    rest = DOC_TYPE_RE.sub(" ", text)
    rest = PARTNERSHIP_RE.sub(" ", rest)
    for pattern, _name in _TYPE_RES:
        rest = pattern.sub(" ", rest)
    rest = _REST_WORDS_RE.sub(" ", rest)
    rest = re.sub(r"\(?\b(?:19|20)\d\d\b\)?|\b\d+\b|\b[A-Z]{2,6}\b", " ", rest)
    return not re.search(r"[A-Za-z]{3}", rest)


def pseudonym_in_heading(text: str, names: frozenset[str], *, first: bool = True) -> str | None:
    """The child a title-like heading names by a given name alone ("Learning from the review
    about Kai", "Review: Lily (pseudonym)", "Harry – 7 minute briefing"), or ``None``.

    The name must be one the brief uses as a person's name (``names``, from
    :func:`person_names`) unless the heading marks it as a pseudonym, and the rest of the
    heading must be review or document-type wording. With ``first`` (no review named yet, or
    only reviews named by a pseudonym) "Kai's story", "About Mia" and a banner "Lily" name a
    review too."""
    heading = text.strip().rstrip(":").strip()
    if len(heading.split()) > 14:
        return None
    for index, pattern in enumerate(_PSEUDONYM_TITLES):
        match = pattern.search(heading)
        if not match:
            continue
        name = match.group("name")
        groups = match.groupdict()
        side = groups.get("before") or groups.get("after")
        sided = index in (1, 2, 4)
        if sided and (side is None or not _review_side(side)):
            continue
        if sided and not first and not re.search(_REVIEW_TYPE_WORDS, side or "", re.I):
            continue  # "Key learning – Kai" inside a brief about Child K is about Kai there
        if _acceptable(name, heading, names):
            return _as_name(name)
    # "Ellis's story: learning from a review" — review wording on one side of a separator
    # makes the other side's "Ellis's story" a title, whatever came before
    parts = re.split(r"\s+[:–—-]\s+|:\s+", heading, maxsplit=1)
    titled = len(parts) == 2 and any(
        _review_side(part) and (first or re.search(_REVIEW_TYPE_WORDS, part, re.I))
        for part in parts
    )
    candidates = [p for p in parts if not _review_side(p)] if titled else [heading]
    if first or titled:
        for candidate in candidates:
            for pattern in _PSEUDONYM_SECTIONS:
                match = pattern.search(candidate.strip())
                if match and _acceptable(match.group("name"), heading, names):
                    return _as_name(match.group("name"))
    return None


def is_pseudonym(label: str) -> bool:
    """Whether a review label is a child's given name alone ("Ellis", "Mary-Jane")."""
    return bool(re.fullmatch(_NAME, label)) and label.lower() not in _NOT_NAMES


def _review_side(text: str) -> bool:
    """The other side of "Review: Lily": review or document-type wording that says a review."""
    return only_review_words(text) and bool(
        re.search(rf"\b{_REVIEW_WORDS}\b|\bminute\b", text, re.I) or DOC_TYPE_RE.search(text)
    )


def _as_name(word: str) -> str:
    return "-".join(part.capitalize() for part in word.split("-"))


def _acceptable(name: str, heading: str, names: frozenset[str]) -> bool:
    """A name the brief uses for a person; a capitalised word marked "(pseudonym)" too. An
    ALL-CAPS heading shown in sentence case ("About kai") is matched against ``names``."""
    if name.lower() in _NOT_NAMES or is_doc_type(name):
        return False
    if _as_name(name) in names:
        return True
    return name == _as_name(name) and re.search(_MARKED, heading, re.I) is not None
