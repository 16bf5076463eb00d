"""Practitioners' words -> the reviews' words.

Questions are asked in everyday practice language ("dads", "bruises on a baby who can't
crawl", "parents who go along with everything"); review briefs use their own vocabulary
("fathers", "non-mobile", "disguised compliance"). The lexical half of retrieval expands a
question with the review wording of any everyday phrase it contains.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from core.models import Chunk, SectionRole
from core.text import content_terms

_PER_ASK = 64
"""Cache size of the tests of a question's own text: enough for the questions being answered
at once (one ask repeats each test several times). A benchmark round of 142 questions does not
fit, so its next round measures what a new question costs, not a cache hit."""

_EXPANSIONS: tuple[tuple[str, str], ...] = (
    (
        r"\b(?:dads?|daddy|step-?dads?|blokes?|boyfriends?|partners?|men|males?|stepfathers?)\b",
        "fathers male carers men partner",
    ),
    (r"\b(?:mums?|mummy|mams?)\b", "mother"),
    (r"\b(?:kids?|youngsters?|toddlers?|tots?|little ones?|pre-?schoolers?)\b", "children"),
    (r"\b(?:brothers?|sisters?|siblings?)\b", "siblings other children in families"),
    # a parent's "son" or "daughter" is what the reviews call the child
    (r"\b(?:(?:step-?|grand)?daughters?|(?:step-?|grand)?sons?)\b", "child children girl boy"),
    (r"\b(?:bab(?:y|ies)|infants?|newborns?)\b", "baby babies"),
    (
        r"\b(?:can'?t|cannot|couldn'?t|could not|not yet|doesn'?t|didn'?t|isn'?t|wasn'?t|"
        r"too young to) (?:yet )?(?:crawl|walk|move|roll|sit up)\w*|\bpre-?mobile\b",
        "non-mobile non-independently mobile",
    ),
    (r"\bbruis\w*|\bmarks?\b", "bruising marks of concern injury"),
    (r"\bbroken\b|\bx-?rays?\b|\bbones?\b", "fracture fractures"),
    (
        r"\bgo(?:es|ing)? along with|\bseem(?:s|ed)? to (?:co-?operate|engage|comply)|\bsay(?:s)? "
        r"the right things|\bpretend\w*|\bfake\w*|\bplay(?:ing)? along",
        "disguised compliance",
    ),
    (
        r"\bdon'?t engage|\bdidn'?t engage|\bwon'?t engage|\brefus\w*|\bnot engag\w*|\bavoid\w*",
        "non-engagement non-compliance resistant",
    ),
    (
        r"\bdisagree\w*|\bdispute\w*|\bchalleng\w*|\bpush back\b|\bnot listening\b|"
        r"\boverrul\w*|\bpush(?:ed|ing)? (?:them|him|her|the parents)\b|"
        r"\bquestion(?:ed|ing)? (?:them|the parents)",
        "disagreement escalation professional challenge",
    ),
    (r"\bescalat\w*", "escalation resolving professional differences"),
    (
        r"\btoo (?:hopeful|positive|trusting)|\bhopeful\b|\bbenefit of the doubt|\brose-?tinted",
        "optimism over-optimistic trust",
    ),
    (
        r"\bpregnan\w*|\bexpecting\b|\bunborn\b|\bbefore (?:the )?birth\b|\bbump\b|"
        r"\bbaby (?:she'?s|she is|they'?re) (?:carrying|having|expecting)",
        "pre-birth unborn",
    ),
    (
        r"\b(?:go(?:es|ing)?|went|sent|allowed) home from (?:the )?(?:\w+ )?(?:hospital|ward|unit)|"
        r"\bleav\w* (?:the )?(?:hospital|ward|neonatal|special care)|\bdischarg\w*",
        "discharge planning meeting hospital",
    ),
    (
        r"\bnew mums?\b|\bafter (?:the )?birth\b|\bpost-?natal\b|\bpostpartum\b",
        "childbirth psychological mothers",
    ),
    (
        r"\bin care\b|\bfoster\w*|\bcare leav\w*|\bleav\w* care\b|\blooked after\b",
        "looked after child care leavers leaving care",
    ),
    (
        r"\bvoice\b|\bwishes and feelings\b|\bwhat (?:the )?child (?:says|said|wants)|"
        r"\bday[- ]to[- ]day life\b|\blistening to (?:the )?child",
        "voice of the child lived experience",
    ),
    (r"\btranslat\w*|\binterpret\w*", "interpreters"),
    # everyday words for what the reviews name in their own terms
    (
        r"\bpills?\b|\btablets\b|\bpainkillers?\b|\bparacetamol\b|\bmedicine cabinet\b",
        "medicines medication overdose",
    ),
    (
        r"\bsmoke alarms?\b|\bfire (?:safety|service|officers?|crews?|brigade)\b|"
        r"\bfire ?fighters?\b",
        "fire and rescue home safety visits",
    ),
    (
        r"\b(?:mum|mother|dad|father|parent)['’]?s (?:mate|friend)s?\b|\bfamily friends?\b|"
        r"\bfriends? of the family\b|\bstaying with (?:a )?(?:friend|mate)s?\b",
        "private fostering not a close relative",
    ),
    (
        r"\bprem(?:ature|ie|my)?\b|\bborn early\b|\bspecial care baby\b|\bscbu\b|\bnicu\b",
        "premature neonatal born weeks",
    ),
    (r"\b(?:a)?round the table\b", "meeting invited"),
    (r"\bsettees?\b|\bcouch(?:es)?\b", "sofa"),
    # brand names and slang for what the reviews call painkillers and prescriptions
    (r"\bcalpol\b|\bnurofen\b|\bibuprofen\b", "painkillers pain relief medicines"),
    (r"\bscripts?\b", "prescription prescribed medication"),
    (
        r"\btest(?:s|ed)? positive\b|\busing again\b|\b(?:weeks|months|years) clean\b|"
        r"\bback on (?:the )?(?:drugs|drink|gear)\b|\bfell off the wagon\b",
        "relapse positive drug tests",
    ),
    (r"\bsore\b|\baching\b|\btoothache\b", "pain hurt"),
    (r"\bdrinks\b|\bdrunk\b|\bbooze\w*|\btipsy\b", "alcohol drinking"),
    (r"\blawyers?\b|\blegal\b|\bsolicitors?\b", "legal advice"),
    (r"\bdrugs?\b|\bweed\b|\bcannabis\b|\bdrinking\b|\balcohol\b", "substance misuse cannabis"),
    (r"\bviolen\w*|\bcontrolling\b|\bcoerci\w*|\babusive relationship", "domestic abuse coercive"),
    (r"\bmental health\b|\bdepress\w*|\banxiety\b|\bpsychiatric\b", "mental health"),
    (
        r"\bshar\w* (?:info\w*|concerns?)|\btell(?:ing)? other agencies|\bpass(?:ed|ing)? (?:it|"
        r"the concern|concerns|information) on",
        "information sharing communication",
    ),
    (
        r"\b(?:tele)?phon\w*|\brang\b|\bverbal\w*|\bspoken\b|\bword of mouth\b",
        "verbal writing",
    ),
    (
        r"\bjunior\b|\bsenior\b|\bhierarch\w*|\bintimidat\w*|\bpower\b|\bconsultants?\b",
        "perceived power imbalance",
    ),
    (
        r"\bnot sure\b|\bunsure\b|\bin doubt\b|\bwho (?:should|do|can) (?:i|we) "
        r"(?:go to|ask|speak to|talk to)",
        "if in doubt ask your safeguarding lead",
    ),
    (
        r"\bdominat\w*|\b(?:barely|never|hardly|rarely) (?:get|got|see|saw|speak|spoke|talk)\w* "
        r"(?:to |with |a word with )?(?:the )?(?:kids|children|child)|\bseen? alone\b",
        "child focus listening to adults rather than the children",
    ),
    (
        r"\bleav\w* (?:him|her|them|the relationship|(?:her|his) partner)\b|\bsplit(?:ting)? up\b|"
        r"\bseparat\w*",
        "point of leaving separation risk violence",
    ),
    (
        r"\bmigrant\w*|\bnewly arrived\b|\brefugee\w*|\bnew communit\w*|\bemerging\b",
        "new emerging communities",
    ),
    (
        r"\beducation,? health and care plans?|\behcps?\b|\bspecial educational needs\b",
        "EHCPs",
    ),
    (
        r"\brenamed\b|\bnew name\b|\bstill called\b|\b(?:now|be) called\b|\breplaced by\b",
        "now known as",
    ),
    (r"\bsupervis\w*|\bmanagers?\b", "supervision management oversight"),
    (
        r"\bwritten agreement|\bsafety (?:agreement|plan)|\bsign(?:ed)? (?:an? )?agreement|"
        r"\bcontract\b",
        "written agreements contingency",
    ),
    (
        r"\bstrategy (?:meeting|discussion)s?\b|\bsection 47\b|\bs47\b",
        "strategy discussions child protection enquiries",
    ),
    (r"\bpaediatrician|\bdoctor|\bmedical\b", "paediatrician child protection medical"),
    (r"\bhistory\b|\bpast\b|\bbackground\b|\bchildhood\b", "history historical information"),
    (
        r"\bclos(?:e|ed|ing) (?:the )?cases?|\bcase closure|\bstep(?:ped|ping)? down",
        "case closure threshold",
    ),
    (
        r"\bneighbours?|\bcommunity|\bfamily members?|\bgrandparents?|\brelatives?",
        "members of the community referrals",
    ),
    (r"\bschool\b|\bteachers?\b", "education"),
    (
        r"\bmissed appointments?|\bdnas?\b|\bdid not attend|\bno[- ]shows?",
        "missed health appointments",
    ),
    (r"\bhousing\b|\blandlords?\b", "housing providers"),
    (r"\bsuicid\w*|\bself[- ]harm\w*", "suicide risk"),
    (r"\bresidential\b|\bchildren'?s homes?\b|\brestrain\w*", "residential care restraint"),
    (r"\bsexual(?:ly)? abus\w*|\bharmful sexual\b|\bsexualised\b", "sexual abuse"),
    (r"\bchaos\w*|\bchaotic\b|\bdisorganis\w*", "chaotic coordination"),
    (
        r"\bplans?\b.{0,30}\b(?:drift\w*|stuck|going nowhere|not working|delay\w*)|\bdrift\w*",
        "drift delay plans SMART",
    ),
    (
        r"\brecords?\b|\brecording\b|\bnotes\b|\bcase files?\b|"
        r"\bwrite (?:it |that |this |them |what \w+ \w+ )?down",
        "recorded recording case file",
    ),
    # a child's "account" is what the reviews call what the child told or said in interview
    (
        r"\baccounts?\b|\bwhat (?:she|he|they) (?:said|told)\b",
        "interviewed disclosed told withdrew",
    ),
    # "warning signs", "red flags": what the reviews call concerns
    (r"\bwarnings?\b|\bred flags?\b|\bsigns?\b", "concerns"),
    (r"\bmeetings?\b|\bcore groups?\b|\bconferences?\b", "multiagency meetings"),
    (r"\bneglect\w*|\bdirty\b|\bunkempt\b|\bhome conditions?\b", "neglect poor home conditions"),
    (
        r"\bolder children\b|\bteen\w*|\badolescen\w*|\bgrief\b|\bbereave\w*|\bloss\b",
        "emotional health wellbeing adolescents loss bereavement",
    ),
)
_COMPILED = tuple((re.compile(p, re.I), words) for p, words in _EXPANSIONS)


def match_prefixes(pattern: str) -> tuple[str, ...] | None:
    """Lower-case pieces of text (2 characters at least), one of which starts every match of
    the case-insensitive regex ``pattern``, or ``None`` when that is not certain.

    Read from the parsed pattern (the ``re`` module's own parser): the literal characters
    after any leading ``\\b``, through a leading group or alternation (one piece per
    alternative), up to the first thing that is not a plain ASCII literal. Conservative:
    anything else (a class, ``.``, a repeat, a look-around) ends a piece, and a piece
    shorter than 2 characters gives ``None``."""
    try:
        from re import _constants as sre  # type: ignore[attr-defined]
        from re import _parser as parser  # type: ignore[attr-defined]

        pieces = _prefixes(list(parser.parse(pattern, re.I)), sre)
    except Exception:  # another Python's parser: no shortcut, every regex is searched
        return None
    if pieces is None or any(len(piece) < 2 for piece in pieces):
        return None
    return tuple(sorted(set(pieces)))


def _prefixes(items: list[tuple[Any, Any]], sre: Any) -> list[str] | None:
    """The pieces one of which starts every match of the parsed sequence ``items``."""
    found = [""]
    for op, arg in items:
        if op is sre.AT and found == [""]:
            continue  # a leading \b (zero width)
        if op is sre.LITERAL and isinstance(arg, int) and chr(arg).isascii():
            found = [piece + chr(arg).lower() for piece in found]
            continue
        branches: list[list[tuple[Any, Any]]] = []
        if op is sre.BRANCH:
            branches = list(arg[1])
        elif op is sre.SUBPATTERN:
            branches = [list(arg[3])]
        if branches:
            tails = [_prefixes(list(branch), sre) for branch in branches]
            if all(tail is not None for tail in tails):
                # A branch's piece may be only the start of what it matches: stop after it.
                return [head + tail for head in found for one in tails for tail in one or ()]
        return found
    return found


# Characters a case-insensitive regex matches to an ASCII letter (İ ı ſ K): a text holding
# one takes the full path, since its lower case does not show the letter.
_ASCII_FOLDING = re.compile("[\u0130\u0131\u017f\u212a]")
_PREFIXED = tuple(
    (pattern, words, match_prefixes(source))
    for (pattern, words), (source, _) in zip(_COMPILED, _EXPANSIONS, strict=True)
)


@lru_cache(maxsize=_PER_ASK)
def expand_query(question: str) -> str:
    """``question`` followed by the review wording of the everyday phrases it contains.

    Cached: one ask expands its question up to three times (retrieval, the scope's unknown
    words, the answer's wording), 51 patterns each. A pattern is searched only when the
    lower-cased question holds a piece one of its matches would start with
    (:func:`match_prefixes`): the same result in a third of the time (184 -> 65 us of CPU
    per question of evals/questions.jsonl)."""
    extra = [words for pattern, words in _candidates(question) if pattern.search(question)]
    return question if not extra else f"{question} {' '.join(extra)}"


def _candidates(question: str) -> list[tuple[re.Pattern[str], str]]:
    """The lexicon's patterns that may match ``question`` (a piece one of their matches would
    start with is in it), with their review wording."""
    lowered = None if _ASCII_FOLDING.search(question) else question.lower()
    return [
        (pattern, words)
        for pattern, words, pieces in _PREFIXED
        if lowered is None or pieces is None or any(piece in lowered for piece in pieces)
    ]


@lru_cache(maxsize=_PER_ASK)
def lexicon_spans(question: str) -> tuple[tuple[int, int, str], ...]:
    """Where ``question`` holds an everyday phrase the lexicon knows: (start, end, the review
    wording it stands for), one per match, in the question's order."""
    spans = [
        (match.start(), match.end(), words)
        for pattern, words in _candidates(question)
        for match in pattern.finditer(question)
    ]
    return tuple(sorted(spans))


def primary_review_terms(word: str) -> set[str]:
    """The main review word (stemmed) of each lexicon entry an everyday ``word`` matches
    ("dads" -> "father", "grandparents" -> "member"): what the reviews call it."""
    return set(_primary_review_terms(word))


@lru_cache(maxsize=8192)
def _primary_review_terms(word: str) -> frozenset[str]:
    # Cached by word (37 patterns each): the scope looks up every topic word of every
    # question, and everyday words ("dad", "school") recur question after question.
    found: set[str] = set()
    for pattern, words in _COMPILED:
        if pattern.search(word):
            terms = content_terms(words)
            if terms:
                found.add(terms[0])
    return frozenset(found)


# What part of a brief a question asks for -> words of the section or label that holds it.
_INTENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        r"\bdo(?:ne|ing)? (?:really )?well\b|\bgood practice\b|\b(?:went|worked) well\b|"
        r"\bstrengths?\b|"
        r"\bpraise\w*",
        ("good practice",),
    ),
    (r"\brecommend\w*", ("recommendation",)),
    (
        r"\breflect\w*|\bquestions? (?:should|to|can|do) (?:i|we)\b|\bask (?:myself|ourselves)\b",
        ("question",),
    ),
    (
        r"\bnext steps?\b|\bwhat happens next\b|\bprocedures? (?:are|is|being|were) (?:being )?"
        r"(?:revised|reviewed|updated)",
        ("next step",),
    ),
    (
        r"\bimprov\w* (?:our )?practice\b|\bpractical (?:things|steps|suggestions|tips)\b|"
        r"\bsuggest\w*",
        ("improving practice", "practice point"),
    ),
    (r"\bthemes?\b|\bcommon threads?\b|\bpatterns? across\b|\bin common\b", ("theme",)),
    (r"\bbottom line\b|\bconclu\w*|\boverall message\b|\btake-?away\b", ("conclusion",)),
    (r"\bwhat happened\b|\bcase summary\b|\bbackground to\b", ("summary", "background")),
    # What a review or audit covered ("did any of the reviews involve …", "which topics did
    # the audits cover"): its summary says so.
    (
        r"\b(?:reviews?|audits?|briefings?)\s+(?:\w+\s+){0,2}?(?:involved?|covere?d?|looked at|"
        r"included?)\b",
        ("summary", "background"),
    ),
    (
        r"\b(?:learn|read|find out) more\b|\bfurther (?:reading|information)\b|"
        r"\bwhere can (?:i|we) (?:find|read)\b",
        ("further",),
    ),
)
_INTENTS_COMPILED = tuple((re.compile(p, re.I), words) for p, words in _INTENTS)


@lru_cache(maxsize=_PER_ASK)
def section_intents(question: str) -> tuple[str, ...]:
    """Section words a question asks for ("what did staff do well" -> "good practice").

    Cached for the few questions being answered: one ask tests its question ~5 times
    (retrieval's intent list, the passage prior, the answer's ordering), 10 patterns each."""
    found: list[str] = []
    for pattern, words in _INTENTS_COMPILED:
        if pattern.search(question):
            found.extend(words)
    return tuple(found)


def without_intents(question: str) -> str:
    """``question`` with the words that ask for a part of a brief blanked ("What went well
    for Kai?" -> "What   for Kai?"): they frame the question, they are not its topic."""
    for pattern, _words in _INTENTS_COMPILED:
        question = pattern.sub(" ", question)
    return question


# A section's heading vocabulary -> its role (used while the parser leaves roles "other").
_ROLE_WORDS: tuple[tuple[str, str], ...] = (
    (
        r"further (?:reading|information)|learn more|links?\b|resources|referenced",
        "further_information",
    ),
    (r"good practice|strengths|went well|positive practice", "good_practice"),
    (r"question|reflect", "reflective_question"),
    (r"recommend|next steps?|actions? (?:for|required)", "recommendation"),
    (
        r"improving practice|practice points?|what (?:does this mean|to do|can (?:i|you) do)|"
        r"for practitioners|tips",
        "practice_point",
    ),
    (
        r"summary|background|process|agencies involved|introduction|overview|the case|"
        r"case (?:details|history)|what happened|context|"
        # A 7-minute briefing's "Information" box (a heading of that word alone, numbered or
        # not) tells the case; "Further information" is matched above.
        r"^\W*(?:\d+\W*)?information\W*$",
        "summary",
    ),
    (r"learning|finding|lesson|themes?|issues|conclusion", "learning"),
)
_ROLE_COMPILED = tuple((re.compile(p, re.I), role) for p, role in _ROLE_WORDS)
# A paragraph that tells the case story (placed under a learning heading by some layouts).
_CASE_STORY = re.compile(
    r"\b(?:an? )?ambulance attended\b|\bwas (?:taken|admitted|presented) (?:to|at) "
    r"(?:hospital|a&e|the emergency)|\bfollowing reports? of\b|\bthis review was commissioned\b",
    re.I,
)
LEARNING_ROLES = frozenset({"learning", "recommendation", "good_practice", "practice_point"})
"""Roles whose points answer "what should I do / what is the learning" questions."""


def chunk_role(chunk: Chunk) -> SectionRole:
    """A chunk's section role: ``chunk.role`` when the parser set one, otherwise guessed from
    its section heading's vocabulary (a case-story paragraph counts as ``summary``)."""
    if chunk.role != "other":
        return chunk.role
    return _guessed_role(chunk.section, chunk.text)


@lru_cache(maxsize=65536)
def _guessed_role(section: str, text: str) -> SectionRole:
    # Cached: a question's ~120 candidates are re-scored by role on every query (the passage
    # prior, the answer's ordering), and the same learning points come back question after
    # question; the regexes over section and text need not run again.
    for pattern, role in _ROLE_COMPILED:
        if pattern.search(section):
            if role == "learning" and _CASE_STORY.search(text):
                return "summary"
            return role  # type: ignore[return-value]
    return "summary" if _CASE_STORY.search(text) else "other"


_LEARNING_Q = re.compile(
    r"\bwhat (?:should|must|can|do) (?:i|we|practitioners|professionals|staff)\b|"
    r"\bhow should (?:i|we)\b|\bwhat (?:is|are|was|were) the (?:key )?(?:learning|lessons?)\b|"
    r"\bwhat (?:can|could|should) (?:we|i|practitioners) learn\b|\blessons?\b|\bwhat to do\b|"
    r"\bwhat (?:do|does) (?:i|we) need to\b|\bmy role\b",
    re.I,
)


# Roles whose passages rarely answer a question on their own: the case story, the brief's own
# questions to the reader and its reading list. A question that asks for one (by the section
# vocabulary of ``section_intents``) gets it at full weight.
# Each with the words a question names it by ("the summary of …", "reflection").
_SIDE_ROLES: tuple[tuple[SectionRole, tuple[str, ...], re.Pattern[str]], ...] = (
    ("summary", ("summary", "background"), re.compile(r"\bsummar(?:y|ies)\b|\bbackground\b", re.I)),
    ("reflective_question", ("question",), re.compile(r"\breflect", re.I)),
    ("further_information", ("further",), re.compile(r"\bfurther\b", re.I)),
)


def unasked_roles(question: str) -> frozenset[SectionRole]:
    """Side roles (case summary, reflective questions, further information) the question does
    not ask for or name: retrieval ranks their passages below learning of the same
    relevance."""
    intents = set(section_intents(question))
    return frozenset(
        role
        for role, words, named in _SIDE_ROLES
        if not intents & set(words)
        and not named.search(question)
        and not (role == "summary" and asks_what_happened(question))
    )


_WHAT_TO_DO_Q = re.compile(
    r"\b(?:should|must|ought to|supposed to)\b|\bneed(?:s)? to\b|"
    r"\bis it (?:ok|okay|alright|all right|right|safe|enough)\b|\bwhat (?:do|can) (?:i|we) do\b|"
    r"\bhow (?:do|can) (?:i|we)\b|"
    # "Is 'absconding' OK to use …?", "Is a leaflet enough when …?": is this practice enough
    r"(?:^|[-–—:;,.]\s)\W*(?:is|are)\b[^?.]{1,60}?\b(?:ok|okay|alright|all right|enough|"
    r"acceptable|appropriate)\b|"
    # "Can an older sibling keep an eye on a baby in the bath?": may this be done
    r"^\W*(?:can|may)\s+(?!you\b)\w+",
    re.I,
)
# The practitioner asks about their own action ("what should I do?", "do I still need to
# refer?", "is it my place to …?"), not what agencies should do.
_OWN_ACTION_Q = re.compile(
    r"\b(?:should|must|can|could|do|shall|need)\s+(?:i|we)\b|\b(?:i|we)\s+(?:still\s+)?"
    r"(?:need|have|ought|must|should)\b|\bhow (?:do|can|should) (?:i|we)\b|"
    r"\bmy (?:place|role|job)\b",
    re.I,
)
# A question about what happened in a case, in the past tense ("why didn't the drug service
# know …?", "how was that missed?", "what happened to …", "what went wrong with …"): the
# case story and the findings answer it, not what should be done next time.
_WHAT_HAPPENED_Q = re.compile(
    r"\bwhat happened\b|\bwhat went wrong\b|"
    r"\bwhy (?:did|didn'?t|was|wasn'?t|were|weren'?t|had|hadn'?t|could(?:n'?t)?|would(?:n'?t)?)\b|"
    r"\bhow (?:was|were|did|had|could)\b[^?]{0,60}?\b(?:miss|misread|overlook|not|go|get|come|"
    r"happen|end up|fail)\w*",
    re.I,
)
_STATES_PRACTICE = re.compile(
    r"\b(?:should|must|ought to|needs? (?:to|an?)|make sure|ensure)\b|"
    # "Always ask …", "Never leave …" as an instruction, not "he was never seen"
    r"(?:^|[.;:!?]\s+|[-–—•]\s*)\W*(?:always|never)\b",
    re.I,
)


def side_passage(question: str) -> Callable[[Chunk], bool]:
    """Whether a chunk is a side passage for ``question``: its role is one of
    :func:`unasked_roles` and its section or label holds none of the words of the section
    the question asks for (a "Conclusion" section read as summary answers "the bottom
    line")."""
    side = unasked_roles(question)
    intents = section_intents(question)

    def test(chunk: Chunk) -> bool:
        if chunk_role(chunk) not in side:
            return False
        where = f"{chunk.section} {chunk.learning_point}".lower()
        return not any(word in where for word in intents)

    return test


def asks_own_action(question: str) -> bool:
    """Whether a what-to-do question asks about the practitioner's own action ("what should I
    do?", "do I need to refer?"), which a review's practice points address, rather than what
    agencies should do, which its recommendations address."""
    return asks_what_to_do(question) and bool(_OWN_ACTION_Q.search(question))


@lru_cache(maxsize=_PER_ASK)
def asks_what_happened(question: str) -> bool:
    """Whether a question asks what happened in a case ("why didn't the drug service know
    …?", "how was that missed?", "what went wrong with …?") rather than what to do: the case
    story and the findings answer it."""
    return bool(_WHAT_HAPPENED_Q.search(question)) and not asks_what_to_do(question)


def asks_what_to_do(question: str) -> bool:
    """Whether a question asks what a practitioner should do ("should I …", "is it OK to …",
    "how do we …") rather than what happened or what was found."""
    return bool(_WHAT_TO_DO_Q.search(question))


@lru_cache(maxsize=65536)  # a pure test of a passage, run on every query's candidates
def states_practice(text: str) -> bool:
    """Whether a passage says what should be done ("should", "must", "need to", "make sure"
    …), as a recommendation does, not only what went wrong."""
    return bool(_STATES_PRACTICE.search(text))


_GUIDANCE_Q = re.compile(
    # "what did the Child V review say about that?", "what did Child M's review find?": a
    # review's name may stand between the article and "review"; "… say happened" asks what
    # happened, not what the learning says
    r"\bwhat (?:does|do|did) (?:the |this |that )?(?:[\w'’-]+ ){0,3}?(?:learning|review|reviews|"
    r"brief|briefing|guidance)\b[^?]{0,20}?\b(?:say|tell|suggest|recommend)\b"
    r"(?!\s+(?:had\s+|has\s+)?happened)|\bwhat came out of (?:the |this |that )?(?:[\w'’-]+ ){0,3}?"
    r"(?:learning|review|reviews)\b",
    re.I,
)


@lru_cache(maxsize=_PER_ASK)
def asks_for_guidance(question: str) -> bool:
    """Whether a question asks what to do (:func:`asks_what_to_do`), what the learning is
    (:func:`asks_for_learning`) or what the learning says about a situation ("… — what does
    the learning say?"): a review's practice points and recommendations answer it before its
    case story or a finding that only tells what went wrong."""
    return (
        asks_what_to_do(question)
        or asks_for_learning(question)
        or bool(_GUIDANCE_Q.search(question))
    )


def asks_for_learning(question: str) -> bool:
    """Whether a question asks what to do or what the learning is (not what happened)."""
    return bool(_LEARNING_Q.search(question)) and not re.search(
        r"\bwhat happened\b|\bbackground\b|\bcase summary\b", question, re.I
    )
