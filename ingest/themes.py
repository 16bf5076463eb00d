"""Safeguarding theme taxonomy. Chunks are tagged at ingest (filterable metadata); the
retriever also detects themes in a question to favour passages tagged with them."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """One theme: a stable slug, a display label and the wording that signals it."""

    slug: str
    label: str
    pattern: re.Pattern[str]


def _theme(slug: str, label: str, *terms: str) -> Theme:
    return Theme(slug, label, re.compile("|".join(terms), re.I))


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
        r"\bpartner\b",
        r"boyfriend",
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
    ),
    _theme(
        "domestic-abuse",
        "Domestic abuse and coercive control",
        r"domestic(?:ally)? (?:abus|violen)",
        r"coerci",
        r"controlling",
        r"abusive relationship",
        r"leaving an abusive",
    ),
    _theme("neglect", "Neglect", r"\bneglect", r"poor home conditions", r"poor supervision"),
    _theme(
        "parental-mental-health",
        "Parental mental health",
        r"mental (?:ill )?health",
        r"psychological",
        r"\bCAMHS\b",
        r"suicide",
    ),
    _theme(
        "substance-misuse",
        "Parental substance misuse",
        r"substance misuse",
        r"\bdrugs?\b",
        r"cannabis",
        r"alcohol",
        r"drug ingestion",
    ),
    _theme(
        "information-sharing",
        "Information sharing and communication",
        r"information[- ]shar",
        r"shar(?:e|ed|ing) information",
        r"\bcommunicat",
        r"information (?:should be|is) shared",
        r"recorded",
    ),
    _theme(
        "over-optimism",
        "Over-optimism and professional curiosity",
        r"optimis",
        r"too much trust",
        r"\bcurio",
        r"balanced in their beliefs",
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
    ),
    _theme(
        "supervision-oversight",
        "Supervision and management oversight",
        r"supervision",
        r"management oversight",
        r"line managers?",
    ),
    _theme(
        "written-agreements",
        "Written agreements and contingency planning",
        r"written agreements?",
        r"contingency plan",
    ),
    _theme(
        "sexual-abuse",
        "Sexual abuse and exploitation",
        r"sexual(?:ly)? (?:abus|offen|exploit)",
        r"\bCSE\b",
        r"familial sexual",
    ),
    _theme(
        "residential-care",
        "Residential care and restraint",
        r"residential",
        r"restraint",
        r"secure training",
        r"safe recruitment",
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
    ),
    _theme(
        "multi-agency-working",
        "Multi-agency working and coordination",
        r"multi-?agency",
        r"partner agenc",
        r"coordinat",
        r"agencies",
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
    ),
)

THEME_SLUGS: frozenset[str] = frozenset(t.slug for t in THEMES)
THEME_LABELS: dict[str, str] = {t.slug: t.label for t in THEMES}


def tag_themes(text: str) -> tuple[str, ...]:
    """The slugs of every theme whose wording appears in ``text``, in taxonomy order."""
    return tuple(theme.slug for theme in THEMES if theme.pattern.search(text))
