"""Is a question within what the review library covers? (the abstention decision)

Three checks, each explainable to the user:

1. *Named topic absent*: the question names a safeguarding topic (FGM, Prevent, county lines,
   private fostering, LADO …) that no indexed learning point mentions at all.
2. *Answer type absent*: the question asks for a timescale, a figure (score, threshold, age,
   percentage) or an amount of money and no retrieved learning point states one (reviews
   rarely restate statutory timescales or tools' cut-offs).
3. *Weak evidence*: the best dense similarity, less the share of the question's specific words
   that never occur in the library, is below the model's calibrated threshold
   (``Settings.evidence_threshold``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.cite import content_terms
from assistant.lexicon import expand_query
from assistant.models import Chunk, Passage

# Safeguarding topics a practitioner may name. A topic counts as covered when its pattern
# matches any indexed learning point, so adding a brief on it makes its questions answerable.
TOPICS: tuple[tuple[str, str], ...] = (
    (
        "female genital mutilation",
        r"\bfgm\b|genital mutilation|female circumcision|become a woman|"
        r"special (?:procedure|ceremony)|\bcut(?:ting)? ceremony",
    ),
    (
        "radicalisation and Prevent",
        r"\bprevent (?:referral|duty|programme|team|strategy)|radicali[sz]|extremis",
    ),
    (
        "county lines and criminal exploitation",
        r"county lines|criminal exploitation|\bcce\b|drug running|gangs?\b",
    ),
    ("allegations against staff (LADO)", r"\blado\b|allegations? against|designated officer"),
    ("private fostering", r"private(?:ly)? fostering|privately fostered"),
    (
        "online safety and image sharing",
        r"online (?:safety|abuse|grooming|harm)|sexting|\bnudes?\b|selfies?|social media|"
        r"image[- ]sharing",
    ),
    ("forced marriage and honour-based abuse", r"forced marriage|honou?r[- ]based"),
    ("modern slavery and trafficking", r"modern slavery|\bnrm\b|national referral mechanism"),
    (
        "school attendance and exclusions",
        r"school attendance|truan|term[- ]time|excluded from school|home education|penalt",
    ),
    ("criminal records and vetting", r"\bdbs\b|disclosure and barring|vetting"),
    ("inspections", r"\bofsted\b|inspection"),
    ("knife crime and serious youth violence", r"knife|serious youth violence|stabbing"),
    ("female and male circumcision", r"circumcis"),
    ("immigration and no recourse to public funds", r"no recourse|nrpf|immigration status"),
    (
        "safe sleep and co-sleeping",
        r"co-?sleep|safe sleep|sleeping arrangements?|bed[- ]?shar|sudden infant|\bsids\b|"
        r"\bsudi\b|cot deaths?",
    ),
    (
        "named assessment tools (Graded Care Profile, Signs of Safety, DASH)",
        r"graded care profile|\bgcp2?\b|signs of safety|\bdash (?:checklist|form|risk)",
    ),
    ("fabricated or induced illness", r"fabricated|induced illness|\bfii\b|munchausen"),
    ("self-harm and suicide", r"self[- ]?harm|suicid"),
    ("eating disorders", r"eating disorders?|anorexi|bulimi"),
    ("young carers", r"young carers?"),
    ("unaccompanied and asylum-seeking children", r"asylum|unaccompanied"),
    (
        "MARAC, MAPPA and domestic abuse disclosure schemes",
        r"\bmarac\b|\bmappa\b|clare'?s law|operation encompass|\bdvp[no]\b|"
        r"domestic (?:violence|abuse) disclosure",
    ),
    (
        "consent, contraception and Gillick competence",
        r"gillick|fraser (?:guidelines?|competen)|contracepti|age of consent",
    ),
    ("bullying", r"\bbull(?:y|ying|ied)\b|cyber-?bull"),
    (
        "abuse linked to faith or belief",
        r"witchcraft|spirit possession|faith or belief|breast ironing",
    ),
    ("homelessness", r"homeless"),
    (
        "abusive head trauma and coping with crying",
        r"shaken baby|abusive head trauma|coping with crying|\bicon (?:programme|message)",
    ),
    ("physical punishment", r"smack|physical punishment|reasonable chastisement"),
    ("care proceedings and the family court", r"care proceedings|family court|public law outline"),
    (
        "foetal alcohol and neonatal abstinence",
        r"f(?:o|oe|e)tal alcohol|\bfasd\b|neonatal abstinence",
    ),
    (
        "home safety and accidents",
        r"dog bites?|dangerous dogs?|button batter|car seats?|drowning|water safety|fire safety",
    ),
    ("the multi-agency safeguarding hub (MASH)", r"\bmash\b|safeguarding hub"),
)
_TOPICS = tuple((name, re.compile(p, re.I)) for name, p in TOPICS)

_TIMESCALE_Q = re.compile(
    r"\bhow (?:many|long|soon|quickly)\b.{0,40}\b(?:days?|hours?|weeks?|months?)\b|"
    r"\bhow long (?:do|does|should|can|will|have) (?:i|we|you|they|it|the)\b|"
    r"\bhow quickly (?:must|should)\b|"
    r"\btimescales?\b|\btime ?frames?\b|\bdeadlines?\b|\bwithin (?:how|what)\b|"
    r"\b(?:how many|what) (?:working )?days\b",
    re.I,
)
_TIMESCALE_A = re.compile(
    r"\b(?:within|after|no later than|by)\s+(?:\d+|one|two|three|five|ten|fifteen|"
    r"twenty)\s+(?:working\s+)?(?:days?|hours?|weeks?)\b|\btimescales?\b",
    re.I,
)
_NUMBER_Q = re.compile(
    r"\bwhat (?:score|threshold|percentage|proportion|age|number)\b|\bcut[- ]?offs?\b|"
    r"\bhow many points\b|\b(?:score|scores|scored) (?:of|above|below|over|under|that)\b|"
    r"\bpercent|%|\bat what age\b|\bhow old (?:must|should|does|do)\b",
    re.I,
)
_NUMBER_A = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|hundred|half|quarter)\b",
    re.I,
)
_MONEY_Q = re.compile(r"\bhow much\b.{0,30}\b(?:fine|penalt|cost|pay|charge)|£", re.I)
_MONEY_A = re.compile(r"£\s?\d|\bpounds\b", re.I)

# Everyday words that say nothing about whether the library covers a question.
_CASUAL = frozenset(
    content_terms(
        "what who whom she he her him his hers they we us our i im i'm we're we've you'd "
        "got get gets getting went go goes going came come comes coming kept keep said say "
        "tell told talk talked ask asked think thought know knew seem seemed seems thing "
        "things stuff lot lots loads really actually just still even ever never nothing "
        "anything something someone anyone everyone nobody everybody ok okay sure enough "
        "hard easy good bad big little small new old last next first dealt deal pass pick "
        "turn turned matter matters worry worried hope hoped help helped want wanted need "
        "kind sort way ways bit time times day today yes no please thanks weren't wasn't "
        "didn't doesn't don't can't couldn't shouldn't won't isn't aren't haven't hasn't "
        "couple whole both each kid kids mum mums dad dads nurse nurses teacher teachers "
        "pupil pupils school schools teenager teenagers teen worker workers officer officers "
        "colleague colleagues team teams staff manager managers gp doctor doctors "
        "themselves himself herself myself ourselves yourself beforehand while"
    )
)


@dataclass(frozen=True)
class ScopeDecision:
    """Whether to answer, the evidence score, and (when abstaining) why."""

    in_scope: bool
    evidence: float
    reason: str = ""


class Scope:
    """Vocabulary and topic coverage of the indexed library (rebuilt when chunks change)."""

    def __init__(self, chunks: Iterable[Chunk]) -> None:
        texts = [c.embed_text for c in chunks]
        self.vocabulary: set[str] = set()
        for text in texts:
            self.vocabulary.update(content_terms(text))
        joined = "\n".join(texts)
        self.covered_topics = {name for name, pattern in _TOPICS if pattern.search(joined)}

    def to_json(self) -> dict[str, list[str]]:
        """The library coverage as JSON (persisted per index generation beside the index)."""
        return {
            "vocabulary": sorted(self.vocabulary),
            "covered_topics": sorted(self.covered_topics),
        }

    @classmethod
    def from_json(cls, data: Any) -> Scope:
        """The :class:`Scope` :meth:`to_json` described (raises on anything else)."""
        vocabulary, topics = data["vocabulary"], data["covered_topics"]
        if not all(
            isinstance(v, list) and all(isinstance(t, str) for t in v) for v in (vocabulary, topics)
        ):
            raise ValueError("not a scope")
        scope = cls.__new__(cls)
        scope.vocabulary = set(vocabulary)
        scope.covered_topics = set(topics)
        return scope

    def unknown_share(self, question: str) -> float:
        """Share of the question's specific words that the library never uses."""
        known_by_lexicon = set(content_terms(expand_query(question))) - set(content_terms(question))
        terms = [t for t in content_terms(question) if t not in _CASUAL]
        if not terms:
            return 0.0
        unknown = [t for t in terms if t not in self.vocabulary]
        # A question whose everyday words the lexicon maps onto review wording is not unknown.
        if known_by_lexicon and unknown:
            unknown = unknown[: max(0, len(unknown) - len(known_by_lexicon))]
        return len(unknown) / len(terms)

    def decide(self, question: str, passages: Sequence[Passage], threshold: float) -> ScopeDecision:
        """Decide whether the passages answer ``question``."""
        if not passages:
            return ScopeDecision(False, 0.0, "nothing in the library matched")
        dense = max((p.dense_score or 0.0) for p in passages[:5])
        evidence = round(dense - self.unknown_share(question), 4)
        missing = [
            name
            for name, pattern in _TOPICS
            if pattern.search(question) and name not in self.covered_topics
        ]
        if missing:
            return ScopeDecision(False, evidence, f"no review in the library covers {missing[0]}")
        top_text = "\n".join(p.chunk.text for p in passages[:5])
        if _TIMESCALE_Q.search(question) and not _TIMESCALE_A.search(top_text):
            return ScopeDecision(
                False,
                evidence,
                "the question asks for a timescale and no learning point "
                "states one (statutory timescales are in your local "
                "procedures and Working Together, not in these reviews)",
            )
        if _NUMBER_Q.search(question) and not _NUMBER_A.search(top_text):
            return ScopeDecision(
                False,
                evidence,
                "the question asks for a figure (a score, threshold, age or percentage) and "
                "no learning point states one",
            )
        if _MONEY_Q.search(question) and not _MONEY_A.search(top_text):
            return ScopeDecision(
                False, evidence, "the question asks for an amount and no learning point states one"
            )
        if evidence < threshold:
            return ScopeDecision(
                False,
                evidence,
                "the closest learning points are only loosely related to the question",
            )
        return ScopeDecision(True, evidence)
