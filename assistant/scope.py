"""Is a question within what the review library covers, and does the library answer it?

The decision has three outcomes (:data:`~core.models.AnswerType`), each explainable:

* ``none`` — nothing relevant: the question names a safeguarding topic (FGM, Prevent, county
  lines, LADO …) that no indexed learning point mentions; the topic it asks about occurs
  nowhere in the library (or the review it names); or the evidence is weak.
* ``related`` — the library has learning on the topic but not what was asked: the question
  asks for a quantity, frequency, timescale, threshold, cost, entitlement or grade that no
  retrieved learning point states, or some of its topic words occur nowhere in the library (or
  in the review it names). The answer opens with a plain sentence saying what is not stated.
* ``direct`` — the learning answers the question.

*Evidence* (:func:`assistant.evidence.evidence`) is the one score used everywhere: the best
dense similarity of the top passages, less the share of the question's specific words the
library never uses. It is compared with the model's calibrated threshold
(``Settings.evidence_threshold``).

:class:`ReviewNames` finds the review a question names ("in the Family T review", "Child M's
review", "the IN14 bulletin"), built from the indexed chunks' review labels.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from assistant.asks import (
    RULE_KINDS,
    asking_part,
    asks_for,
    clauses,
    guidance,
    value_stated,
)
from assistant.evidence import evidence
from assistant.lexicon import (
    expand_query,
    lexicon_spans,
    primary_review_terms,
    without_intents,
)
from core.models import AnswerType, Chunk, Passage
from core.text import NUMBER_WORDS, STOP_WORDS, content_terms, fold, split_sentences, word_set

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
    ("online safety", r"online (?:safety|abuse|grooming|harm)|social media"),
    # a library on online contact or social media may still say nothing about nude images
    (
        "sharing nude or sexual images",
        r"sexting|\bnudes?\b|selfies?|image[- ]sharing|"
        r"(?:indecent|sexual|intimate) (?:images?|photos?)",
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
    # the asker's own employment: a question typed into the wrong window ("can I increase
    # my pension contributions?", "who do I contact in payroll?"), never review learning
    (
        "your own pay, leave, pension or IT account",
        r"\bmy (?:[\w-]+ ){0,2}(?:pay ?slips?|pay|salary|wages?|overtime|pensions?|"
        r"annual leave|sick leave|leave|expenses|mileage|passwords?|log-?ins?|voicemail|"
        r"contracts?|flexi|toil)\b|\b(?:payroll|human resources|hr department|it service desk|"
        r"it help ?desk)\b|\b(?:voicemail )?(?:pin|password|passcode)s? (?:for|on|to) (?:my|the) "
        r"(?:work )?(?:mobile|phone|laptop|email|account)\b|\bvoicemail pin\b",
    ),
)
_TOPICS = tuple((name, re.compile(p, re.I)) for name, p in TOPICS)
_BUILT_FROM = repr((TOPICS, sorted(STOP_WORDS), "compounds"))
_BUILT_WITH = hashlib.sha256(_BUILT_FROM.encode()).hexdigest()[:16]
"""What a persisted scope was built with (the topics it checked, the stop words its vocabulary
left out, its hyphenated words): a scope saved by another version is rebuilt, not read."""

# An age limit: "at what age can …", "the legal minimum age"; stated as "under 16", "from the
# age of 12", "aged 18 or over" (a child's age in the case, "aged seven", is no limit).
_AGE_LIMIT_Q = re.compile(
    r"\b(?:at )?what age (?:can|could|should|must|may|do|does|is it|are they)\b|"
    r"\bhow old (?:must|should|does|do)\b|\b(?:minimum|maximum|legal|lowest|upper|lower) age\b|"
    r"\bage (?:limit|threshold)s?\b",
    re.I,
)
_AGE_LIMIT_A = re.compile(
    r"\b(?:under|over|below|above|at least|no younger than|no older than)(?: the age of)? \d+\b|"
    r"\b(?:from|until|up to) the age of\b|\baged? \d+ (?:or|and) (?:over|under|above|older|"
    r"younger)\b|\b\d+ and (?:over|under)\b|\b(?:minimum|maximum) age\b|\bage limits?\b",
    re.I,
)
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


_THRESHOLD_Q = re.compile(
    r"\bthresholds?\b|\bcut[- ]?offs?\b|\bcriteria (?:for|to)\b|\bwhat counts as\b", re.I
)
_THRESHOLD_A = re.compile(
    r"\bthreshold (?:is|of \d|for [\w ]{1,30} is)\b|\bcriteria (?:are|is|include)\b|"
    r"\b(?:is|are) met (?:when|where|if)\b",
    re.I,
)
_ENTITLEMENT_Q = re.compile(
    r"\bentitle(?:d|ment)s?\b|\beligib\w*|\b(?:do|does|are|is) \w+(?: \w+)? (?:have )?a right to\b",
    re.I,
)
_ENTITLEMENT_A = re.compile(r"\bentitle(?:d|ment)s?\b|\beligib\w*|\bright to\b", re.I)
_GRADE_Q = re.compile(r"\bgrades?\b|\bgraded\b|\bratings?\b|\brated\b|\bjudgements? of\b", re.I)
_GRADE_A = re.compile(
    r"\boutstanding\b|\brequires improvement\b|\binadequate\b|\bgraded (?:as )?\w+\b|"
    r"\brated (?:as )?\w+\b",
    re.I,
)
_MONEY_Q2 = re.compile(
    r"\bhow much\b(?! (?:weight|time|information|detail|evidence|attention|say|notice))|"
    r"\bcosts?\b|\bbudgets?\b|\bfees?\b|£|\bfunding\b|\blegal aid\b",
    re.I,
)

# A court's outcome: a prison, suspended or community sentence.
_SENTENCE_Q = re.compile(
    r"\b(?:prison|jail|custodial|suspended|life|community)\s+(?:sentences?|terms?)\b|"
    r"\bwhat sentences?\b|\bsentences? (?:did|was|were|has|had|do|does|is|for)\b|"
    r"\b(?:sentenced|jailed|imprisoned)\b|\bhow long\b.{0,50}\b(?:prison|jail|custody)\b|"
    r"\bmaximum (?:penalty|sentence)\b",
    re.I,
)
_SENTENCE_A = re.compile(
    r"\bsentenced\b|\b(?:prison|custodial|suspended|life|community) (?:sentences?|orders?|"
    r"terms?)\b|\bimprison(?:ed|ment)\b|\bjailed\b|\b(?:years?|months?) in (?:prison|custody|"
    r"jail)\b|\bsentences? of\b|\bmaximum (?:penalty|sentence)\b",
    re.I,
)
# A criminal charge or conviction ("what charges did … face").
_CHARGE_Q = re.compile(
    r"\b(?:what|which) (?:criminal )?(?:charges?|offences?|crimes?)\b|"
    r"\b(?:charged|convicted|prosecuted) (?:with|of|for) what\b",
    re.I,
)
_CHARGE_A = re.compile(
    r"\b(?:charged|convicted|prosecuted|cautioned|arrested) (?:with|of|for)\b|\bpleaded\b|"
    r"\bconvictions?\b|\bknown to (?:the )?(?:police|probation) for\b|\b(?:assault|manslaughter|"
    r"murder|theft|robbery|burglary|possession|supply|grooming|rape|harassment|stalking)\b",
    re.I,
)
# The one to four words a yes/no question's subject takes after its auxiliary ("was *the
# baby's dad* prosecuted", "were *the M children* taken into care"), never "not".
_SUBJECT_WORDS = r"(?:(?!not\b)[\w'’]+\s+){1,4}?"
# Whether anyone was prosecuted ("was the dad prosecuted?", "did anyone face charges?"):
# only a passage about a prosecution, a charge or a court answers it.
_PROSECUTION_Q = re.compile(
    rf"\b(?:was|were|has|have|had|did|will)\s+{_SUBJECT_WORDS}(?:been\s+|ever\s+|later\s+)?"
    r"(?:prosecuted|charged|convicted|arrested|cautioned|taken\s+to\s+court)\b|"
    r"\b(?:any|a)\s+(?:prosecution|criminal\s+(?:charges?|proceedings|case)|trial|conviction)s?\b",
    re.I,
)
_PROSECUTION_A = re.compile(
    r"\bprosecut\w*|\bcharged\b|\bconvict\w*|\bcautioned\b|\bcourt\b|\btrial\b|"
    r"\bcriminal (?:proceedings|investigation|charges?)\b|\bcrown prosecution\b|\bcps\b|"
    r"\bno further action\b",
    re.I,
)
# Where a child went to live, or whether they were taken into care ("did Baby K go to foster
# carers or to relatives?", "were the children taken into care?"): only a passage that says
# where a child lived or was placed answers it.
_PLACEMENT_Q = re.compile(
    rf"\b(?:was|were|did|has|have|had)\s+{_SUBJECT_WORDS}(?:ever\s+|later\s+)?"
    r"(?:taken|received|put|go|going|went|placed|removed|adopted|accommodated)\s+"
    r"(?:in(?:to)?\s+(?:care|foster)|to\s+(?:live\s+with\s+)?(?:foster|relatives|family|"
    r"grandparents|kinship)|with\s+(?:foster|relatives|family|grandparents)|from\s+(?:home|"
    rf"(?:his|her|their)\s+parents))|\b(?:was|were)\s+{_SUBJECT_WORDS}"
    r"(?:adopted|fostered|looked\s+after|removed)\b",
    re.I,
)
_PLACEMENT_A = re.compile(
    r"\bfoster\w*|\binto care\b|\bin care\b|\blooked[- ]after\b|\bplaced (?:with|in)\b|"
    r"\bplacement\b|\badopt\w*|\bkinship\b|\bspecial guardian\w*|\bcare (?:order|proceedings)\b|"
    r"\bremoved\b|\bwent (?:to live|home)\b|\b(?:lived|moved|stayed) (?:with|in)\b|"
    r"\breturned (?:home|to)\b|\bdischarged (?:home|to)\b",
    re.I,
)
# Whether a child was made subject to a plan ("were the children put on a child protection
# plan after …?"): a case outcome only a passage naming the plan states.
_PLAN_Q = re.compile(
    rf"\b(?:was|were|did|has|have|had)\s+{_SUBJECT_WORDS}(?:ever\s+|later\s+|then\s+)?"
    r"(?:put|placed|made|become|became|go|went|get|got)\s+(?:on(?:to)?\s+|subject\s+to\s+)"
    r"(?:an?\s+)?(?:child\s+protection|child\s+in\s+need|cp|cin)\s+plans?\b",
    re.I,
)
_PLAN_A = re.compile(
    r"\b(?:child protection|child in need|cp|cin) plans?\b|\bsubject to (?:a )?plan\b|"
    r"\bon a plan\b",
    re.I,
)
# Whether the law requires something ("do I have a legal duty to report …?", "is it
# mandatory to …?"): only a passage speaking of a duty or the law states it.
_DUTY_Q = re.compile(
    r"\b(?:legal|statutory|mandatory)\s+(?:duty|requirement|obligation)s?\b|"
    r"\b(?:required|obliged|bound)\s+by\s+law\b|\bis\s+it\s+(?:a\s+)?(?:legal\s+"
    r"requirement|mandatory|compulsory|against\s+the\s+law)\b|\bmandatory\s+report",
    re.I,
)
_DUTY_A = re.compile(
    r"\b(?:legal|statutory|mandatory) (?:duty|requirement|obligation)|\bduty to\b|\bby law\b|"
    r"\bmandatory\b|\bstatutory\b|\bobliged to\b|\blegally\b",
    re.I,
)
# What training or qualification someone should have ("what qualifications should a home
# education adviser have?"): a passage about the role that says nothing of training does
# not state it.
_QUALIFICATION_Q = re.compile(
    r"\bwhat (?:\w+ ){0,2}(?:qualifications?|credentials?|accreditations?|certificates?|"
    r"(?:level of |kind of )?training)\b(?: or \w+)? (?:should|must|does|do|did|is|are|would)\b|"
    r"\b(?:need|have|require)s? to be (?:qualified|accredited|registered|certified)\b",
    re.I,
)
_QUALIFICATION_A = re.compile(
    r"\bqualif\w*|\btrain(?:ed|ing)\b|\baccredit\w*|\bcertif\w*|\bregistered\b|"
    r"\be-learning\b|\bcourse\b",
    re.I,
)
# A court order ("what legal order was used …").
_ORDER_Q = re.compile(r"\b(?:what|which) (?:legal |court )?orders?\b", re.I)
_ORDER_A = re.compile(
    r"\b(?:care|supervision|emergency protection|interim care|placement|child arrangements|"
    r"non-molestation|protection|court|secure accommodation|police protection) orders?\b|"
    r"\bpolice protection\b|\bsection \d+\b",
    re.I,
)
# Whether something is approved, permitted or lawful ("which holds are approved …").
_STATUS_WORDS = (
    r"approved|permitted|allowed|authori[sz]ed|banned|prohibited|licensed|accredited|legal|"
    r"illegal|lawful|unlawful|mandatory|compulsory"
)
_STATUS_Q = re.compile(
    rf"\b(?:which|what)\b[^?.]{{0,60}}?\b(?:is|are|was|were)\s+(?:officially\s+|legally\s+)?"
    rf"(?:{_STATUS_WORDS})\b|\bis it (?:legal|illegal|lawful|unlawful|against the law)\b|"
    rf"\b(?:legally|by law) (?:allowed|required|permitted|obliged)\b",
    re.I,
)
_STATUS_A = re.compile(
    r"\b(?:approv|permi[st]|allow|authori[sz]|bann|prohibit|licen[cs]|accredit|legal|illegal|"
    r"lawful|unlawful|mandatory|compulsory|statutory|legislation|the law\b|[A-Z]\w+ Act\b)",
    re.I,
)
# A share: "what percentage", "what proportion"; stated as "40%", "half", "one in five".
_SHARE_Q = re.compile(
    r"\bwhat (?:percentage|proportion|share|fraction)\b|\bper ?cent|%|\bhow many in (?:every|each)"
    r"\b|\bwhat rate\b",
    re.I,
)
_SHARE_A = re.compile(
    r"\d+(?:\.\d+)?\s?(?:%|per ?cent)|\b(?:half|a third|two thirds|a quarter|three quarters|"
    r"(?:one|two|three) in (?:\d+|\w+))\b|\bmajority\b|\bminority\b",
    re.I,
)

# A named tool, policy or programme: "which neglect tool …", "what is the name of the …".
_TOOL_NOUNS = (
    r"tools?|policy|policies|protocols?|frameworks?|models?|checklists?|programmes?|"
    r"procedures?|forms?|pathways?|scales?|questionnaires?|apps?|software|systems?"
)
_TOOL_Q = re.compile(
    rf"\bwhat (?:is|was|are|were) the names? of (?:the|their|his|her)\b|"
    rf"\bwhat (?:is|was|are|were) (?:the )?(?:\w+ ){{0,3}}(?:{_TOOL_NOUNS}) called\b|"
    rf"\bwhich (?:\w+ ){{0,3}}(?:{_TOOL_NOUNS}) (?:is|was|are|were) (?:the )?(?:best|most \w+|"
    rf"approved|recommended|used by)\b|\bwhich named (?:\w+ ){{0,2}}(?:{_TOOL_NOUNS})\b|"
    rf"\bwhich (?:\w+ ){{0,3}}(?:{_TOOL_NOUNS}) (?:did|had) (?:\w+ ){{1,4}}(?:use|follow|run|"
    rf"introduce|adopt)\b",
    re.I,
)
# A capitalised name before what it is ("Graded Care Profile", "Was Not Brought policy",
# "DASH checklist").
_NOT_NAME_START = r"(?!(?:The|A|An|His|Her|Their|This|That|Each|Every|Any|No|All|Our|Your)\b)"
_TOOL_A = re.compile(
    rf"\b{_NOT_NAME_START}[A-Z][\w'-]+(?: (?:[A-Z][\w'-]+|of|and|for|the))* (?i:{_TOOL_NOUNS}|"
    rf"profiles?|toolkits?|assessments?|screening)\b"
)
# A named place or organisation: "which hospital treated …", "which school did … attend".
_PLACE_NOUNS = (
    r"hospitals?|schools?|academ(?:y|ies)|colleges?|nurser(?:y|ies)|councils?|trusts?|prisons?|"
    r"courts?|police forces?|forces?|universit(?:y|ies)|charit(?:y|ies)|towns?|cit(?:y|ies)|"
    r"count(?:y|ies)|countr(?:y|ies)|areas?|local authorit(?:y|ies)|practices?|surger(?:y|ies)|"
    r"refuges?|hostels?|units?|wards?"
)
_PLACE_Q = re.compile(
    rf"\b(?:which|what) (?!(?:good|best|poor|bad|effective|positive|safe|strong|excellent)\b)"
    rf"(?:\w+ )?(?:{_PLACE_NOUNS}) (?:did|was|were|had|treated|admitted|saw|"
    rf"took|looked|ran|made|carried)\b|\bwhat (?:was|is) the name of the (?:\w+ )?"
    rf"(?:{_PLACE_NOUNS})\b|\bwhere (?:was|were|did) (?:\w+ ){{1,4}}(?:live|born|placed|found|"
    rf"treated|admitted|taken|go|moved?)\b",
    re.I,
)
_PLACE_A = re.compile(
    rf"\b{_NOT_NAME_START}[A-Z][\w'-]+(?: (?:[A-Z][\w'-]+|of|and|the))* (?i:{_PLACE_NOUNS}|"
    rf"infirmary|constabulary|police)\b|\bSt\.? [A-Z]|\b(?:in|at|to|from|near) "
    rf"{_NOT_NAME_START}[A-Z][a-z]+\b|\b\w+ miles\b|\b(?:another|a different|the same|"
    rf"a neighbouring) (?:county|area|town|city|authority|local authority|hospital|school)\b|"
    rf"\b(?:temporary accommodation|a flat|a house|a hostel|a refuge|foster care|a children's home|"
    rf"residential care|the family home|at home|on a sofa|in a car)\b|\b(?:\w+ )(?:local "
    rf"authorities|areas|counties|towns|schools|hospitals)\b"
)

# Words that say what kind of fact is asked for ("is it legal", "which hospital"): they tie
# a stated value to nothing ("legal advice" says nothing about what is legal).
_KIND_WORDS = frozenset(
    content_terms(
        "legal illegal lawful unlawful approved permitted allowed law age aged old minimum "
        "maximum limit sentence sentenced prison jail custodial charges charged offences order "
        "orders court cost costs money pay paid price budget fee fees dose dosage percentage "
        "proportion rate share name named called date year month time hospital school nursery "
        "college council trust programme policy tool protocol number figure score threshold "
        "grade rated rating entitled entitlement eligible timescale deadline"
    )
)

# Kinds of fact read with the words of their own clause: a number, a frequency or a timescale
# in a sentence is often about something else than the question's subject.
_CLAUSE_KINDS = RULE_KINDS

# What the question asks for -> (question pattern, statement pattern, what it is called).
ASKS_FOR: tuple[tuple[str, re.Pattern[str], re.Pattern[str], str], ...] = (
    ("threshold", _THRESHOLD_Q, _THRESHOLD_A, "a threshold"),
    ("entitlement", _ENTITLEMENT_Q, _ENTITLEMENT_A, "an entitlement"),
    ("grade", _GRADE_Q, _GRADE_A, "a grade or rating"),
    ("cost", _MONEY_Q2, _MONEY_A, "a cost or amount of money"),
    ("age limit", _AGE_LIMIT_Q, _AGE_LIMIT_A, "an age limit"),
    ("sentence", _SENTENCE_Q, _SENTENCE_A, "a sentence or court outcome"),
    ("charge", _CHARGE_Q, _CHARGE_A, "a criminal charge"),
    ("prosecution", _PROSECUTION_Q, _PROSECUTION_A, "whether anyone was prosecuted"),
    ("order", _ORDER_Q, _ORDER_A, "a court order"),
    ("placement", _PLACEMENT_Q, _PLACEMENT_A, "where the child went to live"),
    ("plan", _PLAN_Q, _PLAN_A, "whether the child was made subject to a plan"),
    ("duty", _DUTY_Q, _DUTY_A, "what the law requires"),
    ("qualification", _QUALIFICATION_Q, _QUALIFICATION_A, "a training or qualification"),
    ("status", _STATUS_Q, _STATUS_A, "whether it is approved or permitted"),
    ("tool", _TOOL_Q, _TOOL_A, "a named tool, policy or programme"),
    ("place", _PLACE_Q, _PLACE_A, "which place or organisation"),
    ("share", _SHARE_Q, _SHARE_A, "a percentage or proportion"),
)

# Words that frame a question about reviews rather than naming its topic.
_FRAME = frozenset(
    content_terms(
        "review reviews reviewed brief briefing bulletin report learning learn learnt lesson "
        "lessons find found finding findings say says said mention mentions mentioned "
        "recommend recommendation recommendations point points practice practitioner "
        "practitioners professional professionals serious case scr lcspr local national "
        "library show shows suggest suggests according should must could would does did "
        "anything much many often how times year years month months week weeks day days "
        "number figure long soon quickly make made makes give gave given get got take took "
        "taken happen happened receive received use used do done involve involved involves "
        "involving rapid thematic minute cspr story"
    )
)
# Everyday words that still name a topic ("the children's school", "the GP").
_TOPICAL = frozenset(
    content_terms(
        "kid kids mum mums dad dads nurse nurses teacher teachers pupil pupils school schools "
        "teenager teenagers teen worker workers officer officers team teams staff manager "
        "managers gp doctor doctors"
    )
)
# Particles and quantifiers ("ran away", "nodding off", "a few drinks") name no topic; they
# still count as words the library knows when the share of unknown words is measured.
_PARTICLES = frozenset(content_terms("up down out off away back over around few several"))
_NOT_TOPIC = (_CASUAL - _TOPICAL) | _FRAME | _PARTICLES
# What a timescale is counted from ("after a baby is born", "after a bruise is found on a
# baby"), up to the main clause's verb or the question's end.
_TIME_ANCHOR = re.compile(
    r"\b(?:after|before|following|once|from when)\b(?:(?!\b(?:should|must|does|do|did|is|are|"
    r"can|will|has|have)\b(?!\s+(?:born|found|seen|made|given|raised|reported|noticed)\b))"
    r"[^?,;])*",
    re.I,
)
# Who acts, not what is done: "the health visitor's first visit" is not timed by "health
# visitors should talk through bath safety at the eight-month review".
_ROLES = frozenset(
    content_terms(
        "health visitor visitors social worker workers gp doctor doctors nurse nurses midwife "
        "midwives police officer officers teacher teachers manager managers line paediatrician "
        "consultant practitioner practitioners professional professionals staff team"
    )
)
_TOPIC_SLOT = re.compile(
    r"\b(?:about|regarding|concerning|on the (?:subject|topic) of|mention(?:s|ed)?|"
    r"discuss(?:es|ed)?|cover(?:s|ed)?|refer(?:s|red)? to|(?:anything|something|much) on)\s+"
    r"(?P<topic>(?:(?! [-–—] )[^?.!]){2,80})[?.!]*\s*$",
    re.I,
)


# Where a phrase ends: any punctuation but apostrophes and hyphens inside words.
_PHRASE_BREAK = re.compile(r"[^\w\s'’-]+")
# Words that join two phrases ("surprise visits vs booked visits") rather than modify one.
_CONNECTORS = word_set("vs versus via per plus etc")
# A child's letter or a review's code ("M", "V14"): a name, not a word of the topic.
_NAME_LIKE = re.compile(r"[A-Za-z]|[A-Z]{1,4}\d{1,4}[A-Z]?")


@dataclass(frozen=True)
class ScopeDecision:
    """Whether and how to answer: ``answer_type`` (``direct``/``related``/``none``), the
    evidence score, why (when not direct) and the plain sentence saying what the reviews do
    not state (``statement``, for ``related`` and ``none``).

    ``in_scope`` is kept for callers that only ask "answer or abstain": it is true for
    ``direct`` and ``related`` answers.
    """

    in_scope: bool
    evidence: float
    reason: str = ""
    answer_type: AnswerType | None = None
    statement: str = ""
    reviews: tuple[str, ...] = field(default=())
    """Reviews the question names (retrieval was restricted to them)."""

    def __post_init__(self) -> None:
        if self.answer_type is None:
            object.__setattr__(self, "answer_type", "direct" if self.in_scope else "none")
        object.__setattr__(self, "in_scope", self.answer_type != "none")


def _indirect(question: str) -> str | None:
    """ "How often should the council visit X?" -> "how often the council should visit X"
    (``None`` when the question is not of a shape this can turn round)."""
    text = question.strip().rstrip("?.! ")
    text = re.sub(r"^(?:(?:and|so|but|please|also),?\s+)+", "", text, flags=re.I)
    text = re.sub(r",?\s+(?:according to|in|from) (?:the )?[^,]{2,60}$", _drop_source, text)
    match = re.match(
        r"^(?P<wh>(?:(?:within|for|after|in) )?how (?:many|much|often|long|soon|quickly|"
        r"frequently)(?: \w+){0,4}?|what(?: \w+){0,4}?|which(?: \w+){0,3}?|at what age|when)\s+"
        r"(?P<aux>should|must|do|does|did|can|will|would|is|are|was|were|has|have|had)\s+"
        r"(?P<rest>.+)$",
        text,
        re.I,
    )
    if not match or re.search(r",|\band (?:what|how|which|when|who)\b", match.group("rest")):
        return None  # several questions in one: no single sentence turns them round
    wh, aux, rest = match.group("wh"), match.group("aux").lower(), match.group("rest")
    wh = wh[0].lower() + wh[1:]
    if aux in ("do", "does", "did"):
        return f"{wh} {_conjugated(rest, aux)}"
    words = rest.split()
    if words and (words[0].lower() in ("be", "been", "being") or _participle(words[0])):
        return f"{wh} {aux} {rest}"  # "how many were booked" -> "how many … were booked"
    if len(words) >= 2 and words[0].lower() in ("it", "there", "he", "she", "they", "we", "you"):
        return f"{wh} {words[0]} {aux} {' '.join(words[1:])}"  # "… age it is legal to …"
    # "is the threshold for a section 47 enquiry" -> "the threshold for … is": the subject is
    # the rest when no verb follows; otherwise put the auxiliary after the first noun phrase.
    cut = next(
        (
            i
            for i in range(1, min(len(words), 8))
            if _participle(words[i]) or _base_verb(words[i], words[i - 1])
        ),
        None,
    )
    if cut is None and aux in ("is", "are", "was", "were"):
        return f"{wh} {rest} {aux}"
    if cut is not None:
        return f"{wh} {' '.join(words[:cut])} {aux} {' '.join(words[cut:])}"
    return None  # no verb found: the general sentence reads better than a guess


def _drop_source(match: re.Match[str]) -> str:
    """ ", according to the Child C review" is dropped (the sentence names the review);
    other trailing phrases ("in the car") stay."""
    tail = match.group(0)
    if re.search(r"according to|\b(?:review|brief|briefing|bulletin|report|case)\b", tail, re.I):
        return ""
    return tail


_BASE_VERB = r"^(?:be|get|have|visit|take|make|hold|see|happen|receive|stay|attend)$"
_IRREGULAR_PARTICIPLES = word_set(
    """been done gone got given taken seen told made held kept left found sent brought known
    shown paid spent met put set hurt written broken spoken chosen hidden driven fallen beaten
    bitten stolen proven born"""
)
_NOT_PARTICIPLES = word_set(
    """need bed red seed shed feed speed hundred children women men often even when then
    kitchen seven eleven garden open between"""
)


def _base_verb(word: str, before: str) -> bool:
    """Whether ``word`` reads as the question's main verb ("check" in "should home staff
    check"), not a noun after an article ("the visit") or an infinitive ("to get")."""
    low = word.lower()
    if before.lower() in _LEADING or before.lower() == "to":
        return False
    return bool(re.match(_BASE_VERB, low)) or low in _REGULAR_VERBS or low in _IRREGULAR_PAST


def _participle(word: str) -> bool:
    """Whether ``word`` reads as a past participle ("booked", "left", "taken")."""
    low = word.lower()
    if low in _NOT_PARTICIPLES:
        return False
    return low in _IRREGULAR_PARTICIPLES or bool(re.fullmatch(r"[a-z]{3,}ed", low))


# Verbs these questions use after "did"/"does" ("what sentence did X get"), with their past
# tense where it is irregular; a verb not listed keeps its base form (still readable).
_IRREGULAR_PAST = {
    "get": "got", "give": "gave", "say": "said", "make": "made", "take": "took", "have": "had",
    "do": "did", "go": "went", "see": "saw", "find": "found", "tell": "told", "know": "knew",
    "leave": "left", "spend": "spent", "keep": "kept", "pay": "paid", "come": "came",
    "become": "became", "send": "sent", "hold": "held", "put": "put", "think": "thought",
    "bring": "brought", "meet": "met", "begin": "began", "write": "wrote", "lose": "lost",
    "cost": "cost",
}  # fmt: skip
_REGULAR_VERBS = word_set(
    """receive stay last happen visit sign attend serve owe wait need use record include offer
    miss involve ask call check show mention work live share refer agree decide start finish
    recommend suggest
    want expect allow help look talk listen follow report remain move arrive"""
)
_LEADING = word_set("the a an his her their its this that these those each every any")


def _conjugated(rest: str, aux: str) -> str:
    """The words after "did"/"does" with the main verb in the tense the auxiliary carried:
    "the partner get" (did) -> "the partner got", "the council visit" (does) -> "the council
    visits". Unchanged when no known verb is found after the subject."""
    words = rest.split()
    for i, word in enumerate(words[1:8], start=1):
        base = word.lower()
        if base not in _IRREGULAR_PAST and base not in _REGULAR_VERBS:
            continue
        if words[i - 1].lower() in _LEADING or words[i - 1].lower() == "to":
            continue  # "the visit", "a stay": a noun; "to get": not the main verb
        if aux == "did":
            verb = _IRREGULAR_PAST.get(base) or (base + "d" if base.endswith("e") else base + "ed")
        elif aux == "does":
            verb = {"have": "has", "do": "does", "go": "goes"}.get(base) or (
                base + "es" if base.endswith(("s", "sh", "ch", "x")) else base + "s"
            )
        else:
            return rest
        return " ".join([*words[:i], verb, *words[i + 1 :]])
    return rest


def short_name(label: str) -> str:
    """A review label as a sentence names it: "Local Child Safeguarding Practice Review: Child
    M" -> "Child M", "LSCB audits (multi-agency audits 2018-2019)" -> "LSCB audits"."""
    main = re.split(r"\s+[–—]\s+", label.split("(")[0])[0].strip() or label  # no subtitle
    short = re.sub(
        r"^(?:(?:local\s+)?child safeguarding practice review|(?:local\s+)?serious case review|"
        r"learning review|rapid review|scr|lcspr)\s*[:–—-]?\s*(?:in respect of\s+|into\s+)?",
        "",
        main,
        flags=re.I,
    ).strip()
    return short or main


_SELF_NAMED = re.compile(
    r"^the\s|\b(?:reviews?|audits?|bulletins?|briefs?|briefings?|summaries|summary|reports?)$",
    re.I,
)


def _subject(reviews: Sequence[str]) -> tuple[str, bool]:
    """("The Family T review", singular) for the named reviews; a joint part ("Nadiya and
    Robyn") that joins a named review is not counted as another; none named: the library."""
    if not reviews:
        return "None of the reviews in this library", True
    names = [short_name(r) for r in reviews]
    distinct = [n for n in names if not any(m != n and m in n for m in names)]
    if len(distinct) == 1:
        name = distinct[0]
        if not _SELF_NAMED.search(name):
            return f"The {name} review", True
        # "The Myth of Invisible Men", "24 national serious case reviews", "LSCB audits":
        # the name already says what it is; no "The The …", no "reviews review".
        article = "" if name.lower().startswith("the ") else "The "
        return f"{article}{name}", not name.lower().endswith("s")
    return f"The {', '.join(distinct[:-1])} and {distinct[-1]} reviews", False


def _not_stated(question: str, kind_name: str, reviews: Sequence[str]) -> str:
    """The plain sentence naming what the reviews do not state."""
    subject, singular = _subject(reviews)
    verb = "states" if not reviews else ("does not state" if singular else "do not state")
    indirect = _indirect(question)
    if indirect:
        return f"{subject} {verb} {indirect}."
    return f"{subject} {verb} {kind_name} for this: the learning below is related, not an answer."


def _nothing_specific(topic: str, reviews: Sequence[str]) -> str:
    """ "The Child G review says nothing specific about “anti-bullying policies”." """
    subject, singular = _subject(reviews)
    topic = re.sub(r"^(?:the|a|an)\s+", "", topic.strip(), flags=re.I)
    return f"{subject} {'says' if singular else 'say'} nothing specific about “{topic}”."


def _not_mentioned(words: Sequence[str], reviews: Sequence[str]) -> str:
    quoted = " or ".join(f"“{w}”" for w in words)
    subject, singular = _subject(reviews)
    if reviews:
        return f"{subject} {'does' if singular else 'do'} not mention {quoted}."
    return f"{subject} mentions {quoted}."


class Scope:
    """Vocabulary and topic coverage of the indexed library (rebuilt when chunks change)."""

    def __init__(self, chunks: Iterable[Chunk]) -> None:
        chunk_list = list(chunks)
        self.vocabulary: set[str] = set()
        self.review_vocabulary: dict[str, set[str]] = {}
        self.frequency: dict[str, int] = {}
        """Term -> how many learning points use it (a word in most of them names no topic)."""
        self.size = len(chunk_list)
        for chunk in chunk_list:
            terms = set(content_terms(chunk.embed_text))
            self.vocabulary.update(terms)
            # a hyphenated word as one word too ("self-harm"), see _compound_key
            self.vocabulary.update(_compound_key(w) for w in _COMPOUND.findall(chunk.embed_text))
            self.review_vocabulary.setdefault(chunk.review, set()).update(terms)
            for term in terms:
                self.frequency[term] = self.frequency.get(term, 0) + 1
        joined = "\n".join(c.embed_text for c in chunk_list)
        self.covered_topics = {name for name, pattern in _TOPICS if pattern.search(joined)}
        self.names = ReviewNames(c.review for c in chunk_list)
        self.mentions: dict[str, set[str]] = {}
        """A subject ("child m", "subject m") or a capitalised name ("ellis") -> the documents
        whose title, review labels, headings or text use it."""
        for chunk in chunk_list:
            for key in mention_keys(f"{chunk.doc_title}\n{chunk.embed_text}"):
                self.mentions.setdefault(key, set()).add(chunk.doc_id)

    def mentioned_in(self, name: str) -> tuple[str, ...]:
        """The documents that mention ``name`` ("Child M", "Ellis") anywhere — title, review
        label, heading or text — matched tolerantly ("child-m", "Child M's"; a subject's
        letter under another word for a child: "Young Person M"); ``()`` when none does."""
        keys = mention_keys(name, query=True)
        exact = [k for k in keys if not k.startswith("subject ")]
        for group in (exact, keys):
            docs = {d for key in group for d in self.mentions.get(key, ())}
            if docs:
                return tuple(sorted(docs))
        return ()

    def unknown_review(self, question: str) -> str | None:
        """A review ``question`` names that the library does not hold (see
        :meth:`ReviewNames.unknown`)."""
        return self.names.unknown(question, self.vocabulary)

    def to_json(self) -> dict[str, Any]:
        """The library coverage as JSON (persisted per index generation beside the index)."""
        return {
            "built_with": _BUILT_WITH,
            "vocabulary": sorted(self.vocabulary),
            "covered_topics": sorted(self.covered_topics),
            "review_vocabulary": {r: sorted(v) for r, v in self.review_vocabulary.items()},
            "frequency": dict(sorted(self.frequency.items())),
            "size": self.size,
            "mentions": {k: sorted(v) for k, v in sorted(self.mentions.items())},
        }

    @classmethod
    def from_json(cls, data: Any) -> Scope:
        """The :class:`Scope` :meth:`to_json` described (raises on anything else)."""
        if data.get("built_with") != _BUILT_WITH:
            raise ValueError("a scope built with other topics or stop words")
        vocabulary, topics = data["vocabulary"], data["covered_topics"]
        reviews, frequency, size = data["review_vocabulary"], data["frequency"], data["size"]
        mentions = data["mentions"]
        lists = [vocabulary, topics, *reviews.values(), *mentions.values()]
        if not all(isinstance(v, list) and all(isinstance(t, str) for t in v) for v in lists):
            raise ValueError("not a scope")
        if not isinstance(size, int) or not all(
            isinstance(t, str) and isinstance(n, int) for t, n in frequency.items()
        ):
            raise ValueError("not a scope")
        scope = cls(())
        scope.vocabulary = set(vocabulary)
        scope.covered_topics = set(topics)
        scope.review_vocabulary = {str(r): set(v) for r, v in reviews.items()}
        scope.frequency, scope.size = dict(frequency), size
        scope.mentions = {str(k): set(v) for k, v in mentions.items()}
        scope.names = ReviewNames(scope.review_vocabulary)
        return scope

    def unknown_share(self, question: str) -> float:
        """Share of the question's specific words that the library never uses.

        A word inside an everyday phrase the lexicon maps onto wording the library uses
        ("dads" -> fathers) is known, and each such phrase excuses one more unknown word: a
        question in a practitioner's own words ("a lad's attendance is slipping and his mum
        has MS") surrounds the phrases the lexicon knows with others the reviews do not use.
        No more than that: the lexicon knowing "daughter" does not make a chocolate cake
        recipe something the library covers."""
        known_spans = [
            (start, end)
            for start, end, words in lexicon_spans(question)
            if set(content_terms(words)) & self.vocabulary
        ]
        in_phrase = self._in_unknown_phrase(question)
        total = unknown = 0
        for word in re.finditer(r"\S+", question):
            for term in content_terms(word.group()):
                if term in _CASUAL:
                    continue
                total += 1
                if term in self.vocabulary and term not in in_phrase:
                    continue
                if not any(s < word.end() and word.start() < e for s, e in known_spans):
                    unknown += 1
        unknown = max(0, unknown - len(known_spans))
        return unknown / total if total else 0.0

    def _in_unknown_phrase(self, question: str) -> set[str]:
        """Terms of the question that belong to a phrase the library does not use.

        A phrase is a run of adjacent specific words (no function word, count, name or
        punctuation between them). English puts the head of a phrase last, so in a run with
        two words or more the library never uses, every word after the first of them is part
        of an unknown thing: "the tax return deadline" is not a "return home interview". One
        unknown word is not enough: "surprise visits" are still visits, and in "stop every
        child death" the unknown verb says nothing about deaths. A phrase the lexicon maps
        onto review wording ("nude selfies" -> sharing images) is known.
        """
        marked: set[str] = set()
        for part in _PHRASE_BREAK.split(question):
            # a run of words, each as (its key in the vocabulary, its terms): a hyphenated
            # word is one word, known only as a whole ("self-assessment" is no "self-harm
            # risk assessment")
            run: list[tuple[str, list[str]]] = []
            for word in [*part.split(), ""]:  # "" ends the last run
                word = word.strip("'’-")
                base = re.split(r"['’]", word.lower())[0]  # "it's", "what's": function words
                specific = not (
                    _NAME_LIKE.fullmatch(word)
                    or base in STOP_WORDS
                    or base in NUMBER_WORDS
                    or base in _CONNECTORS
                )
                terms = content_terms(word) if specific else []
                if terms and not set(terms) & _CASUAL:
                    if _is_compound(word) and len(terms) > 1:
                        run.append((_compound_key(word), terms))
                    else:
                        run.extend((t, [t]) for t in terms)
                    continue
                unknown = [i for i, (key, _) in enumerate(run) if key not in self.vocabulary]
                if len(unknown) >= 2:
                    words = [t for _, ts in run for t in ts]
                    lexicon = set(content_terms(expand_query(" ".join(words)))) - set(words)
                    if not lexicon & self.vocabulary:
                        marked.update(t for _, ts in run[unknown[0] :] for t in ts)
                run = []
        return marked

    def missing_topic_words(
        self, question: str, reviews: Sequence[str] = ()
    ) -> tuple[list[str], list[str]]:
        """(topic words, topic words the library — or the named reviews — never uses).

        Topic words are the words of the question's topic ("… about swaddling?") or, without
        one, its specific words; review names and question framing are left out, and a word
        counts as used when the lexicon maps it onto wording that is used.
        """
        slot = topic_slot(question)
        text = without_intents(slot or question)
        name_terms = set(content_terms(" ".join(reviews)))
        for alias in self.names.aliases_in(question):
            name_terms.update(content_terms(alias))
        vocabulary = self._vocabulary_of(reviews)
        topic: list[str] = []
        missing: list[str] = []
        for word in re.findall(r"[A-Za-z][\w'-]*", text):
            terms = [t for t in content_terms(word) if t not in _NOT_TOPIC and t not in name_terms]
            if not terms:
                continue
            topic.append(word)
            if set(terms) & vocabulary:
                continue
            # A practitioner's word counts when the lexicon maps it onto a review word the
            # reviews searched use (the entry's first, main word): "her account" is what
            # Child M3's review calls what she told and her interview, though other reviews
            # say "account".
            primary = primary_review_terms(word)
            if primary and primary & vocabulary:
                continue
            missing.append(word)
        return topic, missing

    def focus_terms(self, question: str, reviews: Sequence[str] = ()) -> set[str]:
        """The question's specific words (stemmed), with the review wording the lexicon maps
        them to: not framing, not a review's name, not a word most learning points use
        ("child", "family")."""
        name_terms = set(content_terms(" ".join(reviews)))
        for alias in self.names.aliases_in(question):
            name_terms.update(content_terms(alias))
        focus: set[str] = set()
        for word in re.findall(r"[A-Za-z][\w'-]*", question):
            for term in content_terms(word):
                if term in _NOT_TOPIC or term in name_terms:
                    continue
                if not self._specific(term):
                    continue  # never used (no passage can hold it), or used almost everywhere
                focus.add(term)
                focus |= set(content_terms(expand_query(word))) - {term} - _NOT_TOPIC
        # an everyday phrase the lexicon maps onto review wording ties by that wording, even
        # when its own words are not the library's: "tested positive after months clean" is
        # the reviews' "relapse"
        for _start, _end, wording in lexicon_spans(question):
            focus |= {
                t
                for t in content_terms(wording)
                if t not in _NOT_TOPIC and t not in name_terms and self._specific(t)
            }
        return focus

    def _vocabulary_of(self, reviews: Sequence[str]) -> set[str]:
        """The words the named reviews use (the whole library's when none is named)."""
        if not reviews:
            return self.vocabulary
        return set().union(*(self.review_vocabulary.get(r, set()) for r in reviews))

    def _modifies_known(self, word: str, text: str) -> bool:
        """Whether ``word`` is an adjective (by its ending) right before a word the library
        uses, as its modifier ("his poorly mum", "a disabled mum": English puts the head last,
        and the head is what the question is about). A noun before a noun is no such modifier:
        "the barring service" is about barring."""
        if len(word) < 4 or not _ADJECTIVE_ENDING.search(word):
            return False
        for match in re.finditer(rf"\b{re.escape(word)}\s+([A-Za-z][\w'’-]*)", text):
            terms = content_terms(match.group(1))
            primary = primary_review_terms(match.group(1))
            if (terms and set(terms) <= self.vocabulary) or (primary & self.vocabulary):
                return True
        return False

    def _specific(self, term: str) -> bool:
        """Whether the library uses ``term``, in few enough of its points to tie a passage to
        a question (not "child", "family")."""
        used = self.frequency.get(term, 0)
        return 0 < used <= max(FOCUS_MIN_COUNT, FOCUS_MAX_SHARE * self.size)

    def anchored(self, question: str, passages: Sequence[Passage]) -> bool:
        """Whether the top passages share a word with the question, when it has words the
        library never uses. The embedding finds "close" passages for any question (a cake
        recipe sits at 0.8 cosine from a reflective question); a question about something
        the library never mentions ("under-11s football training") whose other specific
        words ("training", "centre") no close passage uses is about something else."""
        if self.unknown_share(question) < ANCHOR_MIN_UNKNOWN:
            return True
        # the question's own specific words, and the lexicon's review wording for an
        # everyday word the library does not use ("weed" -> cannabis); for a word it does use
        # the wording is too broad to tie anything ("daughter" -> girls and boys)
        wording = " ".join(
            words
            for start, end, words in lexicon_spans(question)
            if not set(content_terms(question[start:end])) <= self.vocabulary
        )
        # A hyphenated word is one word: "self-assessment" (a tax return) is not tied by a
        # point about a "self-harm risk assessment", so its parts count only together.
        compounds = {w.lower() for w in _COMPOUND.findall(question) if _is_compound(w)}
        single = _COMPOUND.sub(lambda m: " " if _is_compound(m.group()) else m.group(), question)
        # nor does a word of a phrase the library never uses: "return" in "tax return"
        in_phrase = self._in_unknown_phrase(question)
        focus = {
            t
            for t in content_terms(f"{single} {wording}")
            if t not in _NOT_TOPIC and t not in in_phrase and self._specific(t)
        }
        wanted = [
            re.compile(r"\b" + r"[-\s]?".join(map(re.escape, w.split("-"))) + r"\b")
            for w in compounds
            if any(t not in _NOT_TOPIC and self._specific(t) for t in content_terms(w))
        ]
        if not focus and not wanted:
            return True  # only everyday words besides the unknown ones: the score decides
        # the point's own words, not its review's label ("Child X1/X2" is no word about a child)
        for passage in passages[:TOP_STATED]:
            if focus & set(content_terms(passage.chunk.text)):
                return True
            folded = fold(passage.chunk.text)
            if any(w.search(folded) for w in wanted):
                return True
        return False

    def states(
        self,
        test: Callable[[str], object],
        question: str,
        passages: Sequence[Passage],
        named: Sequence[str] = (),
        asked_for: str = "",
        *,
        rule: bool = False,
        by_clause: bool = False,
    ) -> bool:
        """Whether a sentence of the top passages states a value (``test`` is true of it)
        about what the question asks: the sentence must also use one of the question's
        specific words (:meth:`focus_terms`), so "the plan stayed open for two years" does not
        answer "how long was the child left alone in the car?". The words that ask for the
        value (``asked_for``: "is it legal") do not count: "legal advice" does not say what
        is legal.

        ``rule``: the question asks what should happen, so only a sentence of guidance
        (:func:`~assistant.asks.guidance`) can state it, not a fact of the case.
        ``by_clause``: the value and the specific word must be in one clause of the sentence
        ("tell the home education team that day" gives when to tell, in its own clause, not
        when to visit), and a word naming who acts (a health visitor, a line manager) does
        not tie it when the question has a word for what is done."""
        focus = self.focus_terms(question, named) - (set(content_terms(asked_for)) & _KIND_WORDS)
        if by_clause:
            # "how many hours after a bruise is found should a strategy discussion be held?"
            # times the discussion: "refer any bruise the same day" does not answer it
            event = _TIME_ANCHOR.sub(" ", question)
            event_focus = self.focus_terms(event, named) - (
                set(content_terms(asked_for)) & _KIND_WORDS
            )
            if event != question and event_focus:
                focus = event_focus
        if by_clause and focus - _ROLES:
            # a value is tied to what the question asks about, not to who does it
            focus -= _ROLES
        for passage in passages[:TOP_STATED]:
            for sentence in _statement_units(passage.chunk.text):
                if rule and not guidance(sentence):
                    continue
                for unit in clauses(sentence) if by_clause else [sentence]:
                    if not test(unit):
                        continue
                    if not focus or focus & set(content_terms(unit)):
                        return True
        return False

    def passage_covers(
        self, topic: str, passages: Sequence[Passage], named: Sequence[str] = ()
    ) -> bool:
        """Whether one of the top passages uses the words of ``topic`` (each as written or
        as the lexicon's review wording for it): "the twins' nursery" is covered by a point
        about the twins' nursery, not by one about the twins and another about a nursery."""
        name_terms = set(content_terms(" ".join(named)))
        used = self._vocabulary_of(named) or self.vocabulary
        wanted: list[set[str]] = []
        for word in re.findall(r"[A-Za-z][\w'-]*", topic):
            if _verb_like(word, topic):
                continue  # how the topic is said ("school handing out …"), not what it is
            if not set(content_terms(word)) & used and self._modifies_known(word, topic):
                continue  # a modifier the review never uses, before one it does ("poorly mum")
            for term in content_terms(word):
                if term in _NOT_TOPIC or term in name_terms:
                    continue
                wanted.append({term} | (set(content_terms(expand_query(word))) - _NOT_TOPIC))
        if len(wanted) < 2:
            return True  # one word: whether the review uses it is the missing-word check
        # A longer topic is covered by a point using all its words but one (a paraphrase:
        # "knife searches at school" by "the school has reviewed its searching policy").
        needed = len(wanted) if len(wanted) <= 2 else len(wanted) - 1
        for passage in passages[:TOP_STATED]:
            terms = set(content_terms(passage.chunk.embed_text))
            if sum(1 for options in wanted if options & terms) >= needed:
                return True
        return False

    def decide(
        self,
        question: str,
        passages: Sequence[Passage],
        threshold: float,
        reviews: Sequence[str] = (),
    ) -> ScopeDecision:
        """Decide how ``passages`` answer ``question``: ``direct``, ``related`` or ``none``.

        ``reviews`` are the reviews the question names (retrieval was restricted to them).
        """
        named = tuple(reviews)
        if not passages:
            return ScopeDecision(
                False, 0.0, "nothing in the library matched", "none", reviews=named
            )
        score = evidence(question, passages, self)
        missing_topics = [
            name
            for name, pattern in _TOPICS
            if pattern.search(question) and name not in self.covered_topics
        ]
        if missing_topics:
            return ScopeDecision(
                False,
                score,
                f"no review in the library covers {missing_topics[0]}",
                "none",
                f"None of the reviews in this library covers {missing_topics[0]}.",
                named,
            )
        topic, missing = self.missing_topic_words(question, named)
        if topic and len(missing) == len(topic) and (named or slot_names_topic(question)):
            where = _subject(named)[0].lower() if named else "the library"
            return ScopeDecision(
                False,
                score,
                f"{where} never mentions the topic of the question",
                "none",
                _not_mentioned(missing, named),
                named,
            )
        if score < threshold:
            return ScopeDecision(
                False,
                score,
                "the closest learning points are only loosely related to the question",
                "none",
                reviews=named,
            )
        if not named and not self.anchored(question, passages):
            return ScopeDecision(
                False,
                score,
                "some of the question's words occur nowhere in the library, and no close "
                "learning point uses any of its other specific words",
                "none",
                reviews=named,
            )
        # The general reading of the question's form (wh-phrase + head noun): a count of
        # what it names, a measure, a date, a named place or medicine, a person's name.
        ask = asks_for(question)
        if ask is not None and not self.states(
            lambda text: value_stated(replace(ask, rule=False), text, question),
            question,
            passages,
            named,
            ask.phrase,
            rule=ask.rule and ask.kind in RULE_KINDS,
            by_clause=ask.kind in _CLAUSE_KINDS,
        ):
            return ScopeDecision(
                True,
                score,
                f"the question asks for {ask.label} and no learning point states one",
                "related",
                _not_stated(question, ask.label, named),
                named,
            )
        # Kinds of fact a question names with a word rather than its form (a threshold, an
        # entitlement, a grade, a cost, a court outcome, a named tool or place, a share).
        asking = asking_part(question)
        for _kind, asks, states, kind_name in ASKS_FOR:
            match = asks.search(asking)
            if match is None:
                continue
            if not self.states(states.search, question, passages, named, match.group(0)):
                return ScopeDecision(
                    True,
                    score,
                    f"the question asks for {kind_name} and no learning point states one",
                    "related",
                    _not_stated(question, kind_name, named),
                    named,
                )
        slot = topic_slot(question)
        # a verb of the topic ("… about making sure the health visitor gets to meet dad") is
        # how it is said, not a thing the review must name
        things = [
            w
            for w in missing
            if slot is None or not (_verb_like(w, slot) or self._modifies_known(w, slot))
        ]
        if things and named and slot is not None:
            return ScopeDecision(
                True,
                score,
                "some of the question's topic words occur nowhere in the review it names",
                "related",
                _not_mentioned(things, named),
                named,
            )
        if named and not slot:
            if asking != question:
                # the words of the part that asks: "Baby R's dad was violent but probation had
                # not flagged it. Can I still share it?" asks about sharing, which the review
                # covers
                topic, missing = self.missing_topic_words(asking, named)
            # its verbs are how it is said ("a girl who struggled to get her words out")
            topic = [w for w in topic if not _verb_like(w, asking)]
            missing = [w for w in missing if w in topic]
            # A question naming a review without an "about …" slot ("Was Child T's dad
            # involved …?"): when half its topic words or more occur nowhere in that review,
            # and one of them is a thing it asks about (a noun: "Child T's dad"), the review
            # does not speak to it.
            things = [w for w in missing if _noun_like(w, asking)]
            if len(topic) >= 2 and things and 2 * len(missing) >= len(topic):
                return ScopeDecision(
                    True,
                    score,
                    "half or more of the question's topic words occur nowhere in the review "
                    "it names",
                    "related",
                    _not_mentioned(things, named),
                    named,
                )
        if named and slot and not self.passage_covers(slot, passages, named):
            return ScopeDecision(
                True,
                score,
                "the review it names uses the topic's words, but no learning point of it "
                "speaks of them together",
                "related",
                _nothing_specific(slot, named),
                named,
            )
        return ScopeDecision(True, score, reviews=named)


_ADVERBIAL_ABOUT = re.compile(
    r"\b(?:mov|crawl|walk|runn|run|get|go|com|wander|roll|ly|lie|mess|lark|hang|fuss|pott)\w*"
    r"\s+(?:around|about)\s*$",
    re.I,
)
_CLAUSE = re.compile(
    r"\b(?:what|how|which|who|why|when|should|must|can|could|would|do|does|did|is|are|was|"
    r"were)\b",
    re.I,
)


_NOUN_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|his|her|their|its|this|that|any|every|no)|['’]s)\s+(?:[\w-]+\s+)?$", re.I
)


def _noun_like(word: str, question: str) -> bool:
    """Whether ``word`` stands in ``question`` as a noun: after a determiner or a possessive,
    with at most one word between ("Child T's dad", "the final decision"), and not as the
    modifier of a word after it: before a possessive ("a disabled mum's needs") or, ending
    in -ed, before another specific word ("an unexplained injury")."""
    for before, after in _occurrences(word, question):
        if not _NOUN_BEFORE.search(before):
            continue
        next_word = re.match(r"\s+([\w'’-]+)", after)
        following = next_word.group(1).lower() if next_word else ""
        if re.search(r"['’]s$", following):
            continue
        if word.lower().endswith("ed") and following and following not in STOP_WORDS:
            continue
        return True
    return False


def _occurrences(word: str, text: str) -> Iterator[tuple[str, str]]:
    """(the text before, the text after) each occurrence of ``word`` in ``text``."""
    for match in re.finditer(rf"\b{re.escape(word)}\b", text):
        yield text[: match.start()], text[match.end() :]


def _stands_after(before: re.Pattern[str], word: str, text: str) -> bool:
    """Whether ``word`` occurs in ``text`` right after what ``before`` matches (``before``
    anchored at the end: ``…\\s+$``)."""
    return any(before.search(preceding) for preceding, _ in _occurrences(word, text))


def _verb_like(word: str, text: str) -> bool:
    """Whether ``word`` stands in ``text`` as a verb: after "to", a modal or "not" ("gets to
    meet dad", "should visit"), or an -ing word after a noun and before its object or
    particle ("school handing out Calpol"; "about swaddling", "the family's housing?" and "an
    older sibling who" are nouns)."""
    if len(word) >= 6 and word.lower().endswith("ing"):
        if _stands_after(_OBJECT_PRONOUN, word, text):
            return True  # "him looking after his mum", "them wandering the streets"
        if any(
            _AFTER_NOUN.search(before) and _OBJECT_NEXT.match(after)
            for before, after in _occurrences(word, text)
        ):
            return True
    return _stands_after(_VERB_BEFORE, word, text)


_ADJECTIVE_ENDING = re.compile(r"(?:ly|ful|less|ous|ish|ed|y)$", re.I)
_OBJECT_PRONOUN = re.compile(r"\b(?:him|them|me|us|keeps?|kept|started|stopped)\s+$", re.I)


_FUNCTION_WORDS = "|".join(sorted(map(re.escape, STOP_WORDS)))
_AFTER_NOUN = re.compile(rf"(?:^|\s)(?!(?:{_FUNCTION_WORDS})\s)[a-z][\w-]*\s+$", re.I)
"""The end of a text whose last word is no function word and no possessive (a noun)."""
_OBJECT_NEXT = re.compile(
    r"\s+(?:out|up|off|down|back|away|over|round|the|a|an|her|him|them|his|their|its|it|this|"
    r"that|these|those|my|your|our)\b",
    re.I,
)
"""What follows a verb, not a noun: its particle or the start of its object."""


_VERB_BEFORE = re.compile(
    r"\b(?:to|can|could|should|must|will|would|may|might|shall|not|n't|never|always|"
    r"i|you|he|she|we|they|who)\s+$",  # "the times he ran away", "when they looked"
    re.I,
)


def topic_slot(question: str) -> str | None:
    """The topic a question names explicitly ("… say about swaddling?" -> "swaddling"), or
    ``None``: "about" as an adverb ("crawling about") or before a clause ("about how …") is
    not a topic."""
    match = _TOPIC_SLOT.search(question)
    if match is None:
        return None
    before = question[: match.start("topic")]
    topic = match.group("topic")
    if _ADVERBIAL_ABOUT.search(before) or _CLAUSE.search(topic):
        return None
    if not [t for t in content_terms(topic) if t not in _NOT_TOPIC]:
        return None
    return topic


def slot_names_topic(question: str) -> bool:
    """Whether the question states its topic explicitly ("… say about swaddling?")."""
    return topic_slot(question) is not None


FOCUS_MAX_SHARE = 0.1
"""A word used by more than this share of the learning points ("child", "family") is too
common to tie a stated value to the question's subject."""
FOCUS_MIN_COUNT = 2
"""…but in a small library a word in two learning points is still specific."""
ANCHOR_MIN_UNKNOWN = 0.2
"""A question with at least this share of words the library never uses needs a close
passage sharing one of its other specific words (:meth:`Scope.anchored`)."""
TOP_STATED = 5
"""How many top passages are read for a stated frequency, timescale, figure …"""
# A word joined by hyphens ("self-assessment", "co-sleeping", "four-month-old").
_COMPOUND = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+")


def _compound_key(word: str) -> str:
    """A hyphenated word's entry in the vocabulary: its terms joined ("self-harm" ->
    "self-harm", "Four-Month-Old" -> "four-month-old")."""
    return "-".join(content_terms(word))


def _is_compound(word: str) -> bool:
    """Whether a hyphenated word means something as a whole: each part is a word of its own,
    not a function word or a count ("self-assessment", not "one-off" or "under-11s")."""
    parts = word.lower().split("-")
    return len(parts) > 1 and all(
        p.isalpha() and p not in STOP_WORDS and p not in NUMBER_WORDS for p in parts
    )


def _statement_units(text: str) -> list[str]:
    """A passage's sentences, its lines kept apart (list items and table rows are separate
    statements)."""
    return [s for line in text.splitlines() for s in split_sentences(line) if s.strip()]


# -- reviews a question names ------------------------------------------------------------

_KIND_KEYS = {
    "child": "child",
    "children": "child",
    "baby": "baby",
    "babies": "baby",
    "young person": "young person",
    "sibling": "sibling",
    "siblings": "sibling",
    "twin": "twin",
    "twins": "twin",
    "family": "family",
}
_MENTION_SUBJECT = re.compile(
    r"\b(?P<kind>child(?:ren)?|family|bab(?:y|ies)|young[\s-]+person|siblings?|twins?)"
    r"[\s-]+(?P<id>[A-Za-z](?:\d+)?(?:/[A-Za-z]\d*)*)(?![\w])",
    re.I,
)
_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][a-z]{2,}(?![\w])")


def mention_keys(text: str, *, query: bool = False) -> set[str]:
    """The keys a name is found under: a subject by its kind and letter ("child m") and by its
    letter alone ("subject m", so "Child M" finds a brief that calls him "Young Person M"), a
    capitalised name by itself ("ellis"). In a document's text a subject's letter must be a
    capital ("a child a teacher knew" names no one); ``query``: ``text`` is a name as a
    question gave it, in any case."""
    keys: set[str] = set()
    for match in _MENTION_SUBJECT.finditer(text):
        ident = match.group("id")
        if not query and not ident[0].isupper():
            continue
        kind = _KIND_KEYS[re.sub(r"[\s-]+", " ", match.group("kind").lower())]
        keys.add(f"{kind} {ident.lower()}")
        keys.add(f"subject {ident.lower()}")
    keys |= {f"code {code.lower()}" for code in _CODE.findall(text)}  # "IN14"
    if query and not keys:
        keys |= {_norm(w) for w in re.findall(r"[A-Za-z]{3,}", text)}
    elif not query:
        keys |= {_norm(w) for w in _CAPITALISED.findall(text)}
    return keys


_SUBJECT = re.compile(
    r"\b(?P<kind>child(?:ren)?|family|baby|babies|young person|sibling|siblings|twins?)"
    r"[\s-]+(?P<id>[A-Z](?:\d+)?(?:/[A-Z]\d*)*)(?![\w])",
    re.I,
)
_CODE = re.compile(r"\b[A-Z]{1,4}\d{1,4}[A-Z]?\b")
_NAME_BEFORE_REVIEW = re.compile(
    r"\b(?:the\s+)?(?P<name>[A-Z][a-z]{2,})(?:'s|’s)?\s+(?:(?:serious\s+case\s+|"
    r"case\s+|practice\s+|local\s+)?review|scr|lcspr|learning\s+brief|bulletin)\b",
)
_NOT_A_NAME = frozenset(
    [
        "Serious",
        "Case",
        "Practice",
        "Local",
        "National",
        "Rapid",
        "Thematic",
        "Safeguarding",
        "Child",
        "Children",
        "Family",
        "Baby",
        "Learning",
        "This",
        "That",
        "The",
        "Which",
        "What",
        "Each",
        "Every",
        "Any",
        "One",
        "Joint",
        "Overview",
        "Audit",
        "Audits",
        "Panel",
        "Partnership",
        "Board",
        "Review",
        "Reviews",
        "Domestic",
        "Initial",
        "Annual",
        "Independent",
    ]
)
_WORD_SPLIT = re.compile(r"[^\w/]+")


def _written_as_name(alias: str, question: str) -> bool:
    """Whether an alias whose name is a letter that is also an English word ("child a",
    "child i") stands in the question as a name, the letter a capital ("Child A"), not as
    words ("a child is off school", "the child a teacher knows"). Other letters match in any
    case ("family t review")."""
    parts = alias.split()
    if not any(p in ("a", "i") for p in parts):
        return True
    pattern = r"[\s'’-]+".join(
        re.escape(p.upper()) if p in ("a", "i") else f"(?i:{re.escape(p)})" for p in parts
    )
    return re.search(rf"(?<!\w){pattern}(?!\w)", question) is not None


def _norm(text: str) -> str:
    """Lower case, hyphens and punctuation as spaces, possessive ’s dropped."""
    text = re.sub(r"'s\b", "", fold(text))  # fold: "é" -> "e", "’" -> "'"
    return " ".join(w for w in _WORD_SPLIT.split(text) if w)


class ReviewNames:
    """The reviews of a library by the names a practitioner would use for them.

    Built from the indexed chunks' review labels, so it works for any library: "Serious Case
    Review Child X1/X2" answers to "Child X1/X2", "X1/X2"; "Family T" to "family t", "Family-T",
    "the T family"; "Serious Case Review IN14" to "IN14"; "Nadiya" to "Nadiya"; "24 national
    serious case reviews" to its label before any parenthesis.
    """

    def __init__(self, labels: Iterable[str]) -> None:
        self.labels: list[str] = sorted(set(labels))
        self.aliases: dict[str, set[str]] = {}
        for label in self.labels:
            for alias in self._aliases(label):
                self.aliases.setdefault(alias, set()).add(label)
        # A review of a number of reviews ("Precis of 9 serious case review executive
        # summaries", "24 national serious case reviews") answers to "the 9 national reviews".
        self.counted: list[tuple[re.Pattern[str], str]] = []
        for label in self.labels:
            number = re.search(r"\b(\d+)\s+(?:[a-z]+\s+){0,3}(?:reviews?|scrs?)\b", _norm(label))
            if number:
                pattern = rf"\b{number.group(1)}\s+(?:[a-z]+\s+){{0,3}}(?:reviews?|scrs?)\b"
                self.counted.append((re.compile(pattern), label))
        # Asked of every question (up to three times per answer): what does not depend on
        # the question is worked out once here.
        self._longest_first = sorted(self.aliases, key=len, reverse=True)
        self._joint_parts = [
            (label, f" {_norm(label.split('(')[0])} ", " and " in f" {_norm(label)} ")
            for label in self.labels
        ]

    @staticmethod
    def _aliases(label: str) -> set[str]:
        main = label.split("(")[0].strip()
        found = {_norm(main)} if len(_norm(main)) >= 4 or _CODE.search(main) else set()
        for match in _SUBJECT.finditer(main):
            kind, ident = match.group("kind"), match.group("id")
            found.add(_norm(f"{kind} {ident}"))
            if len(ident) > 1:
                found.add(_norm(ident))  # "X1/X2"
            if kind.lower().startswith("famil"):
                # "the T family"; not "A child" (a question's "a child ..." is no name)
                found.add(_norm(f"the {ident} {kind}"))
        for code in _CODE.findall(main):
            found.add(_norm(code))
        shorter = re.sub(r"\bserious case (?=reviews?\b)", "", main, flags=re.I)
        if shorter != main and re.match(r"^\d+\s", shorter):
            found.add(_norm(shorter))  # "24 national reviews"
        words = main.split()
        if len(words) == 1 and words[0][:1].isupper():
            found.add(_norm(words[0]))  # a subject's name: "Nadiya"
        stripped = re.sub(
            r"^(?:the\s+)?(?:local\s+)?(?:serious case review|scr|lcspr|child safeguarding "
            r"practice review)\s+(?:in respect of\s+|into\s+|for\s+)?",
            "",
            main,
            flags=re.I,
        )
        if stripped != main and len(_norm(stripped)) >= 2:
            found.add(_norm(stripped))
        return {a for a in found if a}

    def aliases_in(self, question: str) -> list[str]:
        """The aliases of known reviews that ``question`` uses (longest first)."""
        text = f" {_norm(question)} "
        hits: list[str] = []
        for alias in self._longest_first:
            if (
                f" {alias} " in text
                and not any(f" {alias} " in f" {h} " for h in hits)
                and _written_as_name(alias, question)
            ):
                hits.append(alias)
        return hits

    def named(self, question: str) -> tuple[str, ...]:
        """The review labels ``question`` names; a joint part ("Nadiya and Robyn") comes with
        the reviews it joins, after them."""
        labels: list[str] = []
        text = _norm(question)
        for pattern, label in self.counted:
            if pattern.search(text) and label not in labels:
                labels.append(label)
        for alias in self.aliases_in(question):
            for label in sorted(self.aliases[alias]):
                if label not in labels:
                    labels.append(label)
        named = [f" {_norm(x)} " for x in labels]
        joint = [
            label
            for label, main, joins in self._joint_parts
            if joins and label not in labels and any(x in main for x in named)
        ]
        return (*labels, *joint)

    def unknown(self, question: str, library_words: set[str] | None = None) -> str | None:
        """A review the question names that this library does not hold ("Child M", "IN15"),
        or ``None``. A name before "review" that the library's text uses (a place, an
        agency: ``library_words``) is not taken for a review's name."""
        known = {_norm(a) for a in self.aliases_in(question)}
        candidates: list[str] = []
        for match in _SUBJECT.finditer(question):
            ident = match.group("id")
            if not (ident[0].isupper() or re.search(r"\breview|\bscr\b|'s\b", question, re.I)):
                continue
            if ident.lower() in ("i", "a") and not ident.isupper():
                continue
            if ident in ("I", "A") and not re.search(
                rf"{re.escape(match.group(0))}(?:'s|’s)?\s+(?:review|case|scr|brief|bulletin)",
                question,
                re.I,
            ):
                continue
            candidates.append(f"{match.group('kind').title()} {ident.upper()}")
        candidates += [
            code
            for code in _CODE.findall(question)
            if not re.fullmatch(r"S\d+|[A-Z]\d", code)  # "S47", "Y6" are not reviews
        ]
        candidates += [
            m.group("name")
            for m in _NAME_BEFORE_REVIEW.finditer(question)
            if m.group("name") not in _NOT_A_NAME
            and not (library_words and set(content_terms(m.group("name"))) & library_words)
        ]
        for candidate in candidates:
            norm = _norm(candidate)
            if not any(norm == k or f" {norm} " in f" {k} " for k in known):
                return candidate
        return None

    def listing(self) -> str:
        """The library's reviews, for a "there is no review called …" answer."""
        return "; ".join(self.labels)
