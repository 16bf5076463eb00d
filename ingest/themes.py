"""Safeguarding theme taxonomy: the CSPR Panel's practice themes, the NSPCC's topics and local
ones. Chunks are tagged at ingest (:func:`tag_themes`, stored as filterable metadata: the
theme filter of ``ask``, ``themes`` and the *Across reviews* page); :func:`resolve_theme`
turns a user's name for a theme (label, slug or synonym) into its slug."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """One theme: a stable slug, a display label and the wording that signals it.

    ``terms`` lets :func:`tag_themes` avoid most regex searches: for each alternative of
    ``pattern``, a lower-case piece of text every match of it contains, and the alternative's
    own regex (``None`` when the alternative is that plain text). ``None``: an alternative has
    no such piece, and ``pattern`` is always searched.
    """

    slug: str
    label: str
    pattern: re.Pattern[str]
    terms: tuple[tuple[str, re.Pattern[str] | None], ...] | None = None
    synonyms: tuple[str, ...] = ()
    """Other names a user may give the theme (earlier labels, everyday words)."""
    bodies: tuple[str, ...] = ()
    """The national lists that name this theme: "CSPR Panel" (the Child Safeguarding Practice
    Review Panel's practice themes) and/or "NSPCC" (its case-review topics)."""


_PLAIN_RE = re.compile(r"[A-Za-z0-9' -]+")


def _theme(
    slug: str,
    label: str,
    *terms: str,
    synonyms: tuple[str, ...] = (),
    bodies: tuple[str, ...] = (),
) -> Theme:
    found: list[tuple[str, re.Pattern[str] | None]] | None = []
    for term in terms:
        literal = _required_literal(term)
        if literal is None or found is None:
            found = None
            continue
        plain = _PLAIN_RE.fullmatch(term) is not None
        found.append((literal, None if plain else re.compile(term, re.I)))
    pattern = re.compile("|".join(terms), re.I)
    return Theme(slug, label, pattern, None if found is None else tuple(found), synonyms, bodies)


_QUANTIFIERS = "?*+{"


def _skip_group(term: str, i: int) -> int:
    """Index just past the group or character class opening at ``term[i]``."""
    depth = 0
    in_class = False
    while i < len(term):
        ch = term[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            if ch == "]" and term[i - 1] not in "[^":
                in_class = False
                if depth == 0:
                    return i + 1
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def _required_literal(term: str) -> str | None:
    """The longest run of plain characters (lower-cased, at least 2) that every match of the
    regex ``term`` contains, or ``None`` when none is certain.

    Conservative: a run ends at anything that is not a plain ASCII character outside groups
    and classes (escapes, ``.``, groups, classes, anchors), and a character followed by a
    quantifier is dropped. A top-level ``|`` gives ``None``.
    """
    runs: list[str] = []
    run = ""
    i = 0
    while i < len(term):
        ch = term[i]
        if ch == "|":
            return None
        if ch in _QUANTIFIERS:
            run = run[:-1]  # the quantified character is optional or repeated
            runs.append(run)
            run = ""
            if ch == "{":
                close = term.find("}", i)
                i = len(term) if close < 0 else close + 1
            else:
                i += 1
            if i < len(term) and term[i] in "?+":  # a lazy or possessive quantifier
                i += 1
            continue
        runs.append(run)
        if ch in "([":
            run = ""
            i = _skip_group(term, i)
        elif ch == "\\":
            run = ""
            i += 2
        elif ch in ".^$)]}" or not ch.isascii():
            run = ""
            i += 1
        else:
            run = runs.pop() + ch.lower()
            i += 1
    runs.append(run)
    best = max(runs, key=len)
    return best if len(best) >= 2 else None


THEMES: tuple[Theme, ...] = (
    _theme(
        "escalation",
        "Escalation and professional disagreement",
        r"\bescalat",
        r"disagree",
        r"professional (?:challenge|differences?)",
        r"resolving professional",
        r"\bchallenge\b",
        r"power imbalance",
        synonyms=(
            "professional disagreement",
            "resolving professional differences",
            "professional challenge",
            "disagreement",
        ),
        bodies=("CSPR Panel",),
    ),
    _theme(
        "voice-of-child",
        "Voice and lived experience of the child",
        r"voice of the child",
        r"lived[- ]experience",
        r"children'?s views",
        r"hearing.{0,20}children",
        r"listening to (?:adults|children)",
        r"child focus",
        r"focus on the child",
        r"what is life like",
        r"views? (?:of|from) (?:the )?child",
        synonyms=(
            "voice of the child",
            "lived experience",
            "child’s voice",
            "children’s daily lives",
        ),
        bodies=("CSPR Panel",),
    ),
    _theme(
        "fathers-invisible-men",
        "Fathers and invisible men",
        r"\bfathers?\b",
        r"\bmale carers?\b",
        r"\bmales?\b",
        r"invisible men",
        r"absent (?:men|parents?)",
        r"\bmen in families",
        r"\bpartner\b(?! agenc)",  # a mother's partner, not "partner agencies"
        r"boyfriend",
        synonyms=(
            "fathers",
            "father",
            "dads",
            "men",
            "male carers",
            "invisible men",
            "men in families",
        ),
        bodies=("CSPR Panel",),
    ),
    _theme(
        "non-mobile-baby-injury",
        "Injuries in non-mobile babies",
        r"non[- ]?(?:independently[- ])?mobile",
        r"non[- ]?accidental",
        r"\bbruis",
        r"fractur",
        r"head trauma",
        r"haemorrhag",
        r"\bbab(?:y|ies)\b.*injur",
        r"marks of concern",
        r"physical abuse",
        r"child protection medical",
        synonyms=("non-mobile babies", "bruising", "bruising in babies"),
        bodies=("CSPR Panel", "NSPCC"),
    ),
    _theme(
        "disguised-compliance",
        "Disguised compliance and non-engagement",
        r"disguised compliance",
        r"non[- ]?compliance",
        r"non[- ]?engagement",
        r"resistant to involvement",
        r"hostility",
        r"not honest",
        r"co-?operat",
        synonyms=(
            "disguised compliance",
            "non-engagement",
            "engaging reluctant parents",
            "hostile parents",
        ),
        bodies=("CSPR Panel",),
    ),
    _theme(
        "domestic-abuse",
        "Domestic abuse",
        r"domestic(?:ally)? (?:abus|violen)",
        r"coerci",
        r"controlling",
        r"abusive relationship",
        r"leaving an abusive",
        synonyms=("domestic abuse and coercive control", "domestic violence", "coercive control"),
        bodies=("CSPR Panel", "NSPCC"),
    ),
    _theme(
        "neglect",
        "Neglect",
        r"\bneglect",
        r"poor home conditions",
        r"poor supervision",
        synonyms=(),
        bodies=("NSPCC",),
    ),
    _theme(
        "parental-mental-health",
        "Mental health",
        r"mental (?:ill )?health",
        r"psychological",
        r"\bCAMHS\b",
        r"suicide",
        synonyms=("parental mental health", "mental health"),
        bodies=("CSPR Panel",),
    ),
    _theme(
        "substance-misuse",
        "Parental substance misuse",
        r"substance misuse",
        r"\bdrugs?\b",
        r"cannabis",
        r"alcohol",
        r"drug ingestion",
        synonyms=("drugs", "alcohol", "substance misuse"),
        bodies=(),
    ),
    _theme(
        "information-sharing",
        "Information sharing and seeking",
        r"information[- ]shar",
        r"shar(?:e|ed|ing) information",
        r"\bcommunicat",
        r"information (?:should be|is) shared",
        r"recorded",
        synonyms=("information sharing and communication", "information sharing", "communication"),
        bodies=("CSPR Panel",),
    ),
    _theme(
        "over-optimism",
        "Over-optimism and professional curiosity",
        r"optimis",
        r"too much trust",
        r"\bcurio",
        r"balanced in their beliefs",
        synonyms=("professional curiosity", "optimism", "optimistic thinking"),
        bodies=("CSPR Panel",),
    ),
    _theme(
        "pre-birth",
        "Pre-birth and unborn baby assessment",
        r"pre-?birth",
        r"unborn",
        r"become[s]? pregnant",
        r"arrival of new children",
        r"childbirth",
        r"discharge planning",
        synonyms=("pre-birth", "unborn baby"),
        bodies=(),
    ),
    _theme(
        "looked-after-care-leavers",
        "Looked-after children and care leavers",
        r"looked after",
        r"care leavers?",
        r"leaving care",
        r"care-experienced",
        r"\bCLA\b",
        r"\bLAC\b",
        r"foster",
        r"adoption",
        synonyms=("looked-after children", "care leavers", "children in care"),
        bodies=("NSPCC",),
    ),
    _theme(
        "assessment-history",
        "Assessment quality and family history",
        r"\bassess",
        r"historical information",
        r"family history",
        r"parental history",
        r"genogram",
        r"chronolog",
        synonyms=("assessment", "family history"),
        bodies=(),
    ),
    _theme(
        "supervision-oversight",
        "Supervision and management oversight",
        r"supervision",
        r"management oversight",
        r"line managers?",
        synonyms=("supervision", "management oversight"),
        bodies=(),
    ),
    _theme(
        "written-agreements",
        "Written agreements and contingency planning",
        r"written agreements?",
        r"contingency plan",
        synonyms=("written agreements",),
        bodies=("CSPR Panel",),
    ),
    _theme(
        "sexual-abuse",
        "Sexual abuse and exploitation",
        r"sexual(?:ly)? (?:abus|offen|exploit)",
        r"\bCSE\b",
        r"familial sexual",
        synonyms=("sexual abuse", "sexual exploitation", "CSE"),
        bodies=("NSPCC",),
    ),
    _theme(
        "residential-care",
        "Residential care and restraint",
        r"residential",
        r"restraint",
        r"secure training",
        r"safe recruitment",
        synonyms=("residential care", "restraint"),
        bodies=(),
    ),
    _theme(
        "child-protection-process",
        "Child protection processes and strategy discussions",
        r"strategy discussions?",
        r"child protection (?:plan|process|conference|procedur)",
        r"core group",
        r"\bs47\b",
        r"threshold",
        r"case closure",
        synonyms=("strategy discussions", "child protection process"),
        bodies=(),
    ),
    _theme(
        "multi-agency-working",
        "Multi-agency working and coordination",
        r"multi-?agency",
        r"partner agenc",
        r"coordinat",
        r"agencies",
        synonyms=("multi-agency working", "partnership working"),
        bodies=(),
    ),
    _theme(
        "health-and-missed-appointments",
        "Health needs and missed appointments",
        r"missed (?:health )?(?:\(and other\) )?appointments",
        r"health visitor",
        r"paediatric",
        r"\bGP\b",
        r"emotional health",
        r"health status",
        synonyms=("missed appointments", "was not brought"),
        bodies=(),
    ),
    _theme(
        "adolescents-risk",
        "Adolescents, missing and extra-familial risk",
        r"adolescen",
        r"going missing",
        r"\bmissing\b",
        r"traffick",
        r"stabbing",
        r"refugee",
        r"young adult",
        synonyms=("adolescents", "teenagers", "missing children"),
        bodies=(),
    ),
    _theme(
        "critical-thinking-challenge",
        "Critical thinking and challenge",
        r"critical(?:ly)? (?:think|reflect|analys|thought)",
        r"respectful uncertainty",
        r"healthy scepticism",
        r"\bhypothes[ie]s",
        r"\bchalleng(?:e|ed|ing)\b",
        r"start again syndrome",
        r"professional curiosity",
        synonyms=("critical thinking", "challenge", "respectful uncertainty"),
        bodies=("CSPR Panel",),
    ),
    _theme(
        "risk-assessment",
        "Risk assessment (whole-family)",
        r"risk assess",
        r"assess(?:ing|ment of|ments of)? (?:the )?risks?",
        r"whole[- ]family",
        r"risk factors?",
        r"level of risk",
        synonyms=("risk assessment", "assessing risk", "whole-family risk assessment"),
        bodies=("CSPR Panel",),
    ),
    _theme(
        "babies-under-ones",
        "Babies and under-ones",
        r"\bbab(?:y|ies)\b",
        r"under[- ]ones?\b",
        r"\binfants?\b",
        r"\bnewborns?\b",
        r"under (?:1|one)\b",
        r"aged (?:\w+ )?(?:weeks?|months?)\b",
        synonyms=("babies", "under-ones", "infants"),
        bodies=("CSPR Panel", "NSPCC"),
    ),
    _theme(
        "physical-abuse",
        "Physical abuse",
        r"physical(?:ly)? (?:abus|harm|chastis|assault)",
        r"non[- ]?accidental",
        r"\binjur(?:y|ies|ed)\b",
        r"\bbruis",
        r"fractur",
        synonyms=("physical abuse", "injuries"),
        bodies=("NSPCC",),
    ),
    _theme(
        "harm-outside-family",
        "Harm outside the family",
        r"extra[- ]familial",
        r"outside (?:of )?the (?:family|home)",
        r"criminal exploitation",
        r"county lines",
        r"\bgangs?\b",
        r"contextual safeguarding",
        r"\bexploit",
        r"traffick",
        synonyms=("extra-familial harm", "exploitation", "county lines", "trafficking"),
        bodies=("CSPR Panel", "NSPCC"),
    ),
    _theme(
        "disability",
        "Disabled children",
        r"\bdisab(?:led|ility|ilities)\b",
        r"special educational needs",
        r"\bSEND\b",
        r"learning difficult",
        r"\bautis",
        synonyms=("disability", "disabled children", "SEND"),
        bodies=("CSPR Panel", "NSPCC"),
    ),
    _theme(
        "race-ethnicity-culture",
        "Race, ethnicity and culture",
        r"\brac(?:e|ism|ial)\b",
        r"\bethnic",
        r"\bcultur(?:e|al|es)\b",
        r"\bfaith\b",
        r"\breligio",
        r"\binterpreters?\b",
        r"first language",
        synonyms=("race", "ethnicity", "culture", "minority ethnic children"),
        bodies=("CSPR Panel", "NSPCC"),
    ),
    _theme(
        "children-not-in-school",
        "Children not in school",
        r"not in school",
        r"home[- ]educat",
        r"school attendance",
        r"missing (?:from )?education",
        r"\bexclu(?:ded|sion) from school",
        r"absent from school",
        synonyms=("elective home education", "school attendance", "children missing education"),
        bodies=("CSPR Panel",),
    ),
    _theme(
        "young-carers",
        "Young carers",
        r"young carers?",
        r"caring for (?:a|their) (?:parent|mother|father)",
        synonyms=("young carer",),
        bodies=("CSPR Panel",),
    ),
)

THEME_LABELS: dict[str, str] = {t.slug: t.label for t in THEMES}


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("’", "'").replace("'", "")).strip()


_BY_NAME: dict[str, str] = {}
for _t in THEMES:
    for _name in (_t.slug, _t.label, *_t.synonyms):
        _BY_NAME.setdefault(_name_key(_name), _t.slug)


def resolve_theme(name: str) -> str | None:
    """The slug of the theme called ``name`` (its slug, label or a synonym, any case and
    punctuation), or ``None``. Earlier labels and everyday words are synonyms, so names
    users already know keep working."""
    return _BY_NAME.get(_name_key(name))


# Characters that a case-insensitive regex matches to an ASCII letter although they are not
# ASCII (İ ı ſ K); the only non-ASCII characters whose lower case is ASCII are İ and K.
_ASCII_FOLDING = re.compile("[\u0130\u0131\u017f\u212a]")


def tag_themes(text: str) -> tuple[str, ...]:
    """The slugs of every theme whose wording appears in ``text``, in taxonomy order."""
    if not text.isascii() and _ASCII_FOLDING.search(text):
        return tuple(theme.slug for theme in THEMES if theme.pattern.search(text))
    # The pattern matches if and only if one of its alternatives does; an alternative's regex
    # is searched only when the text holds the piece every match of it contains (a plain
    # alternative is that piece). With no İ ı ſ K in the text, a case-insensitive match of
    # ASCII text is exactly a substring of the lower-cased text.
    lowered = text.lower()
    return tuple(
        theme.slug
        for theme in THEMES
        if (
            theme.pattern.search(text)
            if theme.terms is None
            else any(
                part in lowered and (regex is None or regex.search(text))
                for part, regex in theme.terms
            )
        )
    )
