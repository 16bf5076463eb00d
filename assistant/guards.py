"""Guards: input checks, the immediate-risk escalation notice, the privacy warning and the
standing disclaimer. Pure functions of the question text."""

from __future__ import annotations

import re
import unicodedata

from core.errors import QuestionError
from core.models import Notice

ESCALATION_TEXT = (
    "If a child is in immediate danger, call 999 now. If you are worried about a child's "
    "safety, contact your local children's social care (the MASH / front door) without delay "
    "and tell your setting's designated safeguarding lead. You can also call the NSPCC "
    "helpline on 0808 800 5000. Do not wait for this tool: the review learning below is "
    "background, not a response to this situation."
)
PRIVACY_TEXT = (
    "Your question seems to contain details that could identify a child or family (such as a "
    "name with an age, a date of birth, an address, a postcode, a phone number or an NHS "
    "number). Please remove identifiable case details: ask about the situation in general "
    "terms. Follow your organisation's information-sharing and data-protection procedures."
)
DISCLAIMER_TEXT = (
    "This tool summarises learning from published case reviews. It supports, and never "
    "replaces, your local safeguarding procedures, your safeguarding lead's advice and your "
    "professional judgement."
)

_CHILD = (
    r"(?:child|children|kid|kids|baby|babies|infant|toddler|boy|girl|son|daughter|pupil|"
    r"student|teen(?:ager)?|young person|he|she|they|him|her|sibling|brother|sister|"
    r"newborn|twins?)\b"
)
_NOW = (
    r"(?:right now|now|tonight|today|this (?:evening|morning|afternoon)|at the moment|"
    r"currently|as we speak|immediately|at this moment|still)\b"
)
_HARM = (
    r"(?:being (?:(?:sexually|physically|badly|seriously) )?(?:hit|beaten|hurt|abused|"
    r"attacked|strangled|shaken|assaulted|threatened|locked|raped|starved|neglected)|"
    r"(?:is|are|was) (?:in danger|at risk|unsafe|not safe|bleeding|unconscious|"
    r"not breathing|alone|locked in)|in (?:immediate )?danger|"
    r"(?:going|about|threaten(?:s|ing|ed)?|will|gonna) (?:to )?(?:hurt|kill|harm|hit|beat|batter|"
    r"take|stab|strangle)|hurting|beating|hitting|attacking|"
    r"(?:has|have) (?:been )?left (?:alone|home alone|on (?:her|his|their) own|unsupervised)|"
    r"won'?t let (?:her|him|them) leave|has a (?:knife|weapon|gun))"
)
_SAFE_HOME = r"(?:(?:is|are)(?:n'?t| not)|not|un)\s*safe to (?:go|return|be sent) home"
_RISK_PATTERNS = (
    re.compile(rf"\b{_HARM}\b.{{0,60}}\b{_NOW}", re.I),
    re.compile(rf"\b{_NOW}.{{0,60}}\b{_HARM}\b", re.I),
    re.compile(r"\b(?:immediate|imminent) (?:danger|risk|threat)\b.{0,40}\b" + _CHILD, re.I),
    re.compile(rf"\b{_CHILD}.{{0,40}}\b(?:immediate|imminent) (?:danger|risk)\b", re.I),
    re.compile(rf"\b{_SAFE_HOME}\b", re.I),
    re.compile(r"\b(?:scared|afraid|frightened|terrified) (?:to go|of going) home\b", re.I),
    re.compile(r"\b(?:isn'?t|is not|not|stopped|has stopped) breathing\b", re.I),
    re.compile(r"\b(?:is|are) (?:unconscious|unresponsive|not responding)\b", re.I),
    re.compile(
        rf"\b(?:has|have|got|holding|waving|with) (?:a |an )?(?:knife|gun|weapon|machete)\b"
        rf".{{0,60}}\b{_CHILD}",
        re.I,
    ),
    re.compile(r"\b(?:has|have) (?:just )?disclosed\b.{0,60}\b(?:tonight|today|now)\b", re.I),
)
_GENERAL_QUESTION = re.compile(
    r"^\s*(?:what|how|which|why|where|do|does|did|are|is|can)\b.{0,40}\b(?:reviews?|learning|"
    r"practitioners|professionals|agencies|research|briefs?)\b.*\b(?:say|said|tell|suggest|"
    r"learn|show|recommend)",
    re.I,
)

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_PRIVACY_PATTERNS = (
    # A date of birth or full date.
    re.compile(r"\b(?:dob|d\.o\.b\.?|date of birth)(?!\w)\s*(?:is|was|[:=-])?\s*\d", re.I),
    re.compile(
        rf"\bborn(?: on)?\s*:?\s*\d{{1,2}}(?:[/.-]\d{{1,2}}[/.-]\d{{2,4}}|"
        rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b)",
        re.I,
    ),
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}\b"),
    re.compile(rf"\b(?:born|dob)\b.{{0,20}}\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\b", re.I),
    # NHS number (3-3-4 digits) or any 10-digit run; UK mobile and landline numbers (not
    # 08xx helplines); a National Insurance number; an e-mail address.
    re.compile(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b"),
    re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|0)[1237](?:[\s-]?\d){8,9}\b"),
    re.compile(r"\bnhs\s*(?:no\.?|number|#)\s*(?:is|was|:)?\s*\d", re.I),
    re.compile(r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"),
    re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    # A street address or UK postcode.
    re.compile(
        r"\b\d{1,4}[a-z]?,?\s+(?:[A-Z][a-z]+\s){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|"
        r"Close|Drive|Dr|Way|Crescent|Court|Gardens|Place|Terrace|Grove|Hill|Park|Square|"
        r"Walk|Row|Mews|View|Rise)\b"
    ),
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"),
)
# A capitalised name next to an age: "Jayden, aged 4", "Sarah (6)", "Tom who is 3",
# "Amira, 7,", "Leo is a 5-year-old". Capitalised ordinary words (sentence starts, groups
# such as "Children aged 5", review subjects such as "Nadiya") are listed in _NOT_NAMES.
_NAME = r"\b([A-Z][a-z]{2,})\b"
_UNIT = r"(?:years?|yrs?|months?|mths?|weeks?|wks?)"
_AGE_PATTERNS = (
    re.compile(_NAME + r",?\s+(?:aged|age)\s+\d{1,2}\b"),
    re.compile(_NAME + rf"\s*\(\s*(?:aged?\s+)?\d{{1,2}}\s*(?:{_UNIT}|y/o|yo)?(?:[- ]old)?\s*\)"),
    re.compile(_NAME + rf",\s*\d{{1,2}}\s*(?:,|(?:[- ]{_UNIT}[- ]old|\s*y/?o)\b)"),
    re.compile(_NAME + r",?\s+who(?:'s|\s+is|\s+was)\s+(?:aged\s+)?\d{1,2}\b"),
    re.compile(
        _NAME + rf"\s+(?:is|was|'s)\s+(?:a\s+|aged\s+)?\d{{1,2}}(?:[- ]{_UNIT}[- ]old\b|"
        rf"\s*{_UNIT}\b(?!\s+(?:ago|later|before|after|since|of|into))|"
        r"(?=\s*(?:[,.;!?)]|$)|\s+(?:and|but|who|with|has|had|lives|attends|says|said|told)\b))"
    ),
    re.compile(_NAME + rf"\s+\d{{1,2}}[- ]{_UNIT}[- ]old\b"),
)
# Words used for groups of people, review subjects, document parts and dates, and capitalised
# function words (sentence starts).
_NOT_NAME_WORDS = """
Serious Case Review Reviews Family Families Child Children Baby Babies Infant Infants Toddler
Toddlers Boy Boys Girl Girls Pupil Pupils Student Students Sibling Siblings Twins Teen Teens
Teenager Teenagers Adolescent Adolescents Kids Youth Youths Young Younger Older Person Persons
People Adult Adults Women Men Parent Parents Carer Carers Mother Mothers Father Fathers Mum Mums
Dad Dads Stepfather Stepmother Grandmother Grandfather Brother Brothers Sister Sisters Son Sons
Daughter Daughters Nadiya Robyn Panel National Local Key Learning Working Together Section Level
Year Years Stage Tier Page Pages Chapter Recommendation Point Points Theme Finding Findings
Question Appendix Version Phase Step Grade Room Ward Class Group Groups Cases Age Ages Aged
Number Item Table Figure Part Rule Monday Tuesday Wednesday Thursday Friday Saturday Sunday
January February March April May June July August September October November December
The This That These Those There Here Then Thus What Which Who Whom Whose Where When Why How And
But For From With About After Before Under Over Between Only Just Also Some Many Most All Both
Each Every Any Few Several Other Others Does Did Was Were Are Has Have Had Can Could Should
Would Will Might Must Not Now Today Tonight Since Until Around Approximately Nearly Almost Among
Including Total Overall Risk Finally However Firstly Secondly Thirdly Lastly They Their Them
She Her His Him Our Your Its One Two Three Four Five Six Seven Eight Nine Ten
"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_question(question: str, max_chars: int) -> str:
    """Normalise a question (control characters removed, whitespace tidied) or raise
    :class:`QuestionError` when it is empty or too long."""
    if not isinstance(question, str):
        raise QuestionError("The question must be text.")
    text = unicodedata.normalize("NFKC", question)
    text = _CONTROL.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text or not re.search(r"\w", text):
        raise QuestionError("Please type a question (it was empty).")
    if len(text) > max_chars:
        raise QuestionError(
            f"The question is {len(text):,} characters long; the limit is {max_chars:,}. "
            "Please shorten it to the practice issue you want learning about."
        )
    return text


def immediate_risk(question: str) -> bool:
    """Whether the question seems to describe a child at immediate risk."""
    if _GENERAL_QUESTION.search(question) and not re.search(
        r"\b(?:right now|tonight|as we speak)\b", question, re.I
    ):
        return False
    return any(p.search(question) for p in _RISK_PATTERNS)


def identifiable_details(question: str) -> bool:
    """Whether the question seems to contain identifiable case details."""
    if any(p.search(question) for p in _PRIVACY_PATTERNS):
        return True
    for pattern in _AGE_PATTERNS:
        for match in pattern.finditer(question):
            if match.group(1) not in _NOT_NAMES:
                return True
    return False


def notices_for(question: str) -> tuple[Notice, ...]:
    """Notices for a question: escalation first (when it applies), privacy, then disclaimer."""
    notices: list[Notice] = []
    if immediate_risk(question):
        notices.append(Notice("escalation", ESCALATION_TEXT))
    if identifiable_details(question):
        notices.append(Notice("privacy", PRIVACY_TEXT))
    notices.append(Notice("disclaimer", DISCLAIMER_TEXT))
    return tuple(notices)
