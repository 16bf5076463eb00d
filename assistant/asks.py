"""What kind of fact a question asks for, read from its form, and whether a sentence states one.

A question that asks for a particular fact ("how many younger brothers …", "which hospital
…", "what did he weigh …", "how hot was it …") is answered only by a passage that states a
value of that kind; learning on the same topic that states none is related, not an answer.

The kind is read from the question's *form*, not from lists of questions: its wh-phrase
("how many", "how much", "how often", "how long", "how soon", "how old", "how" + a measurable
adjective, "when did/was", "what/which" + head noun, "who was the …", "what … called") and,
where the wh-word leaves it open, the head noun's class (a unit of time, an amount of money,
a measured quantity, something that is known by its proper name). :func:`value_stated` then
asks of one sentence whether it states a value of that kind (a number before the counted
noun, a number with a unit of the measure, a date, a proper name beside the noun …).

Pure functions of text; the scope decision (:mod:`assistant.scope`) ties the sentence to the
question's subject (its specific words) before it counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from core.text import (
    IMPERATIVE_VERBS,
    NUMBER_WORDS,
    content_terms,
    expand_wh_contractions,
    split_sentences,
    word_set,
)

# -- word classes (general English, not the wording of any question set) ------------------

_NUMBER_WORDS = "|".join(sorted(NUMBER_WORDS, key=lambda w: (-len(w), w)))
_NUMBER = rf"(?:\d+(?:[.,]\d+)?|(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))*)"
"""A count as written: "18", "2.5", "twenty-two", "seven"."""

_TIME_UNITS = word_set(
    "second seconds minute minutes hour hours day days night nights week weeks fortnight "
    "fortnights month months year years term terms"
)
_MONEY_NOUNS = word_set(
    "money cash debt debts rent fine fines fee fees cost costs price prices salary wage wages "
    "benefit benefits allowance allowances compensation funding grant grants budget budgets "
    "payment payments bill bills pounds"
)
_MONEY_VERBS = word_set(
    "cost costs owe owed owes pay paid pays earn earned charge charged spend spent"
)
_WEIGHT_WORDS = word_set("weigh weighed weighs weight")
_AMOUNT_NOUNS = word_set(
    "dose doses dosage dosages mg milligrams ml millilitres units unit alcohol drink drinks "
    "medication medicine methadone"
)
# "how <adjective>": a measured quantity (a number with a unit states it).
_MEASURE_ADJECTIVES = word_set(
    "hot cold warm far big heavy tall high deep wide large long-distance fast old"
)
_MEASURE_UNITS = (
    r"(?:kg|kilos?|kilograms?|grams?|g|lbs?|pounds?|ounces?|oz|stones?|st|degrees?|°c?|"
    r"celsius|fahrenheit|miles?|km|kilometres?|metres?|m|cm|centimetres?|feet|foot|inches?|"
    r"mph|per ?cent|%|centiles?|percentiles?)"
)
# Nouns for things known by a proper name or a specific kind: "which hospital", "what drug".
_NAMED_PLACES = word_set(
    "hospital hospitals school schools college colleges nursery nurseries academy station "
    "stations town towns city cities village county counties country countries area areas "
    "street road estate council councils trust trusts prison prisons court courts force forces "
    "unit units ward wards home homes hostel hostels refuge refuges university practice "
    "practices surgery surgeries club clubs centre centres park parks borough pharmacy "
    "pharmacies chemist shop shops supermarket restaurant hotel church mosque temple gym "
    "library airport motorway beach river"
)
_NAMED_THINGS = word_set(
    "drug drugs medication medications medicine medicines tablet tablets pill pills substance "
    "substances app apps website websites platform platforms game games charity charities "
    "company companies"
)
# Medicines and drugs a passage may name (general pharmacology, not any brief's wording): a
# sentence naming one states "which drug".
_DRUG_NAMES = word_set(
    "methadone buprenorphine subutex heroin cocaine crack cannabis skunk spice ketamine mdma "
    "ecstasy amphetamine amphetamines speed diazepam valium codeine morphine tramadol "
    "oxycodone fentanyl paracetamol ibuprofen aspirin insulin lithium sertraline fluoxetine "
    "citalopram amitriptyline quetiapine olanzapine risperidone melatonin ritalin "
    "methylphenidate antidepressants antidepressant antipsychotic antipsychotics opioids "
    "opiates benzodiazepines nitrous alcohol vodka"
)
_DRUG_TERMS = frozenset(content_terms(" ".join(_DRUG_NAMES)))
_DRUG_NOUN_TERMS = frozenset(content_terms("drug medication medicine tablet pill substance"))
# Things a review names when it recommends a particular one ("the Graded Care Profile", "the
# Was Not Brought policy"): "which <thing>" asks for that name.
_NAMED_TOOLS = word_set(
    "tool tools form forms assessment assessments programme programmes program framework "
    "frameworks checklist checklists questionnaire questionnaires scale scales model models "
    "toolkit toolkits screening pathway pathways protocol protocols"
)
# Words that make a noun a quality, not a thing with a name ("good practice")
_EVALUATIVE = word_set(
    "good best poor bad effective positive safe safer strong excellent notable professional "
    "reflective sound weak"
)
_PERSON_ROLES = word_set(
    "reviewer reviewers author authors chair judge coroner headteacher head teacher writer "
    "lead doctor gp nurse midwife social worker officer paediatrician consultant manager "
    "father mother partner man woman boy girl"
)
_LIMITS = word_set("minimum maximum longest shortest least most usual recommended expected")
_LIMIT_TIMES = word_set("longest shortest soonest latest earliest")
_TIME_NOUNS = word_set("time period wait timescale deadline gap delay")
_DATE_NOUNS = word_set("date dates year years month months day days time times")
_AUX = word_set(
    "is are was were be been do does did has have had can could should must will would may "
    "might shall"
)
_PAST_AUX = word_set("was were did had")
_OBLIGATION_AUX = word_set("should must can could do does will would have has need needs")
_PHRASE_STOP = word_set(
    "is are was were be been do does did has have had can could should must will would may "
    "might shall in of at on for from to before after by with per each every a an the that "
    "who which when while during since until between among than i you he she it we they him "
    "them me us"
)
_IRREGULAR_PAST = word_set(
    "gave took made saw went said told found kept left sent brought met put got came became "
    "began wrote lost held ran paid spent knew thought bought caught chose drove fell hit "
    "hurt rang sat slept spoke stole stood taught threw won"
)
_DETERMINERS = word_set("the a an his her their its this that my our your")


@dataclass(frozen=True)
class Ask:
    """What a question asks for: its ``kind``, the head ``noun`` it counts or names (``""``
    when the kind needs none), the words that ask (``phrase``, left out when the asked-for
    value is tied to the question's subject) and ``label``, a phrase for the sentence saying
    it is not stated ("a number of brothers")."""

    kind: str
    noun: str
    phrase: str
    label: str
    rule: bool = False
    """The question asks what *should* happen ("how soon must …", "how many … before … has
    to …", "the longest …"): only guidance states it, not a fact of the case."""


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9][a-z0-9'’-]*", text.lower())


def _head(words: list[str]) -> tuple[str, str]:
    """(head noun, phrase) of the noun phrase at the start of ``words``: up to four words, cut
    at the first auxiliary, preposition or relative word ("younger brothers was …" ->
    "brothers")."""
    taken: list[str] = []
    for word in words[:4]:
        if len(word) == 1 and taken:
            taken.append(word)  # a label after a noun ("class A drug"), not an article
            continue
        if word in _PHRASE_STOP or (
            taken and (re.fullmatch(r"[a-z]{3,}ed", word) or word in _IRREGULAR_PAST)
        ):
            break  # "children attended …": the verb ends the noun phrase
        taken.append(word)  # a possessive ("the children's appointments") is a modifier
    if not taken:
        return "", ""
    return taken[-1], " ".join(taken)


def _plural_label(noun: str) -> str:
    return f"a number of {noun}" if noun else "a number"


_WH = re.compile(
    r"\b(?P<wh>how (?:many|much|often|frequently|regularly|long(?: ago)?|soon|quickly|fast|"
    r"promptly|old|[a-z]+)|at what age|when|what|which|who|whose)\b(?P<rest>[^?]*)",
    re.I,
)


# -- the part of a question that asks ------------------------------------------------------

_SUBORDINATORS = (
    r"(?:even (?:if|when|though)|when(?:ever)?|if|although|though|because|unless|while|"
    r"whereas|but)"
)
_AUX_WORDS = (
    r"(?:is|are|was|were|be|do|does|did|has|have|had|can|could|should|must|will|would|may|"
    r"might|shall)"
)
# "ask when …", "know if …": an indirect question, not a subordinate clause
_KNOWING = word_set(
    "know knew ask asked asking tell told say said find check checked sure remember understand "
    "decide decided record recorded wonder whether out"
)
_LEADING_CLAUSE = re.compile(
    rf"^(?:{_SUBORDINATORS})\b(?!\s+{_AUX_WORDS}\b)[^,?]*,\s*(?P<rest>\S.*)$", re.I
)
_TRAILING_CLAUSE = re.compile(rf",?\s+(?:{_SUBORDINATORS})\b", re.I)


@lru_cache(maxsize=4096)
def asking_part(question: str) -> str:
    """The clause of ``question`` that asks: its interrogative sentence(s) (the statement
    before "… Can I still refer?" tells the case, it does not ask), without a subordinate
    clause ("what should happen with the father *when a parent is serving a prison
    sentence*?", "*If the score is under the threshold*, can I still refer?"). A
    subordinator after a verb of knowing ("ask when …", "check if …") starts an indirect
    question and is kept."""
    sentences = [s.strip() for s in split_sentences(question.strip()) if s.strip()]
    if not sentences:
        return question
    asking = [s for s in sentences if s.rstrip().endswith("?")] or sentences[-1:]
    parts: list[str] = []
    for sentence in asking:
        leading = _LEADING_CLAUSE.match(sentence)
        if leading is not None:
            sentence = leading.group("rest")
        for match in _TRAILING_CLAUSE.finditer(sentence):
            if match.start() == 0:
                continue
            before = re.findall(r"[a-z']+", sentence[: match.start()].lower())
            if before and before[-1] in _KNOWING:
                continue
            sentence = sentence[: match.start()].rstrip(" ,") + "?"
            break
        parts.append(sentence)
    return " ".join(parts)


# "how soon must …", "how many … before a child has to …", "the longest a child should wait",
# "does the guidance allow": the question asks for a rule, which a case's facts do not state
_RULE_Q = re.compile(
    r"\b(?:should|must|ought|shall|has to|have to|need(?:s)? to|supposed to|expected to|"
    r"required|requires?|allow(?:s|ed)?|permitted|recommend(?:s|ed)?|advised?|guidance|"
    r"minimum|maximum|longest|shortest|at (?:most|least)|limit|deadline|timescales?)\b|"
    r"\bcan (?:\w+ ){1,4}(?:wait|be (?:left|absent|delayed)|stay|go)\b",
    re.I,
)


@lru_cache(maxsize=4096)
def asks_for(question: str) -> Ask | None:
    """The fact ``question`` asks for, from the form of its asking part
    (:func:`asking_part`), or ``None`` (it asks what to do, why, what the learning is …: no
    single value answers it)."""
    text = asking_part(expand_wh_contractions(question))
    for match in _WH.finditer(text):
        ask = _read(match.group("wh").lower(), match.group("rest"), text)
        if ask is not None:
            return replace(ask, rule=_RULE_Q.search(text) is not None)
    # the case told first, the question after a break ("The eight-year-old whose dad was in
    # crisis: exactly how many days …?", "For the baby whose bruise was seen, on what date
    # …?"): a wh-word of the lead-in ("whose", "who") asks nothing; the part after asks
    tail = _TOLD_FIRST.search(text)
    if tail is not None and tail.start("rest") > 0:
        return asks_for(tail.group("rest"))
    # "what did the audits say about the number of children who go missing?": the topic
    # asked about is a count
    about = _ABOUT_NUMBER.search(text)
    if about is not None:
        noun, phrase = _head(_words(about.group("rest")))
        if noun:
            return Ask(
                "count",
                noun,
                f"{about.group('ask')} {phrase}",
                _plural_label(noun),
                rule=_RULE_Q.search(text) is not None,
            )
    return None


_TOLD_FIRST = re.compile(
    r"[:,;–—]\s*(?P<rest>(?:(?:exactly|and|so|but|then|on|in|at|by|from|to|with)\s+){0,2}"
    r"(?:how|what|which|when|whose|at what)\b[^:,;–—]*\?)\s*$",
    re.I,
)
_ABOUT_NUMBER = re.compile(
    r"\b(?:about|on|regarding|mention(?:s|ed)?) (?P<ask>(?:the |a )?(?:number|numbers|count) "
    r"of|how many) (?P<rest>[^?]*)",
    re.I,
)


def _read(wh: str, rest: str, question: str) -> Ask | None:
    words = _words(rest)
    first = words[0] if words else ""
    if wh == "how many":
        if first == "of":
            words = words[1:]
            if words and words[0] in _DETERMINERS:
                words = words[1:]
        noun, phrase = _head(words)
        if re.search(
            r"\b(?:a|an|each|every|per) (?:day|night|week|fortnight|month|term|year)\b",
            " ".join(words),
        ):
            return Ask("frequency", "", f"how many {phrase}", "a frequency")  # "… each month"
        after = words[len(phrase.split()) :][:1]
        if noun in _TIME_UNITS and not (set(after) & _PAST_AUX):
            # "how many working days until / should …": a timescale; "how many nights were
            # they left": a count of nights
            return Ask("timescale", noun, f"how many {phrase}", "a timescale")
        # "how many nights …": a number of nights, as any count ("overnight" is none)
        return Ask("count", noun, f"how many {phrase}", _plural_label(noun))
    if wh == "how much":
        if first in _AUX:
            verbs = set(words[1:8])
            if verbs & _WEIGHT_WORDS:
                return Ask("weight", "", "how much", "a weight")
            if verbs & _MONEY_VERBS:
                return Ask("money", "", "how much", "an amount of money")
            return None  # "how much should I tell the parents": not a figure
        noun, phrase = _head(words)
        if noun in _WEIGHT_WORDS:
            if {"give", "given", "put", "place", "placed", "attach"} & set(words):
                return None  # "how much weight to give …": a judgement, not a weight
            return Ask("weight", noun, f"how much {phrase}", "a weight")
        if noun in _MONEY_NOUNS or noun.endswith("money"):
            return Ask("money", noun, f"how much {phrase}", "an amount of money")
        if noun in _AMOUNT_NOUNS:
            return Ask("amount", noun, f"how much {phrase}", "an amount or dose")
        if noun in _TIME_UNITS or noun == "time":
            return Ask("duration", "", f"how much {phrase}", "how long it lasted")
        if noun in ("notice", "warning"):
            # "how much notice does the line need": how far ahead, a timescale
            return Ask("timescale", noun, f"how much {phrase}", "a timescale")
        return None
    if wh in ("how often", "how frequently", "how regularly"):
        return Ask("frequency", "", wh, "a frequency")
    if wh == "how long ago":
        return Ask("date", "", wh, "a date")
    if wh == "how long":
        if first in _PAST_AUX:
            return Ask("duration", "", wh, "how long it lasted")
        return Ask("timescale", "", wh, "a timescale")
    if wh in ("how soon", "how quickly", "how fast", "how promptly"):
        return Ask("timescale", "", wh, "a timescale")
    if wh in ("how old", "at what age"):
        return Ask("age", "", wh, "an age")
    if wh.startswith("how "):
        adjective = wh.split()[1]
        if adjective in _MEASURE_ADJECTIVES:
            return Ask("measure", "", wh, "a measurement")
        return None
    if wh == "when":
        # "when did it happen / was she seen": a point in time; "when should I refer" asks
        # for the circumstances, which learning states in words.
        if first in _PAST_AUX:
            return Ask("date", "", "when", "a date")
        return None
    if wh in ("what", "which", "whose"):
        return _what(wh, words, question)
    if wh == "who":
        # "who was the independent reviewer": a person's name; "who should I tell": a role.
        if first in ("was", "were", "is") and len(words) > 2 and words[1] == "the":
            noun, phrase = _head(words[2:])
            if noun in _PERSON_ROLES or words[2] in _PERSON_ROLES:
                return Ask("name", noun, f"who {first} the {phrase}", "a name")
        return None
    return None


# Who or what a measured value belongs to ("the", "his", "her", "their").
_OWNERS = frozenset({"the", "his", "her", "their", "its"})
# Nouns whose value is a number ("a blood alcohol reading", "a reference number", "a score").
_READING_NOUNS = frozenset({"reading", "readings", "score", "scores", "number", "figure", "total"})


def _what(wh: str, words: list[str], question: str) -> Ask | None:
    """ "what/which" + head noun: the noun's class decides the kind."""
    low = question.lower()
    if re.search(r"\bwhat (?:is|was|were|are) (?:the )?names? of\b|\bcalled\?*\s*$", low):
        named = re.search(r"\bnames? of (?:the |his |her |their )?([\w' -]+)", low)
        phrase = named.group(1) if named else ""
        phrase = re.split(r" (?:who|which|that|in|at|where|he|she|they)\b", phrase)[0]
        noun = phrase.split()[-1] if phrase.split() else ""
        return Ask("name", noun, "name called", "a name")
    if words and words[0] in ("did", "does", "do") and set(words[1:8]) & _WEIGHT_WORDS:
        return Ask("weight", "", f"{wh} did", "a weight")  # "what did he weigh"
    if words and words[0] in ("did", "does", "do") and {"score", "measure"} & set(words[1:6]):
        return Ask("figure", "score", f"{wh} {words[0]}", "a figure")  # "what did she score"
    if words and words[0] in _AUX:
        if (
            words[0] in ("was", "is", "were")
            and len(words) > 2
            and words[1] == "the"
            and words[2] in _DATE_NOUNS
        ):
            return Ask("date", words[2], f"{wh} {words[0]} the {words[2]}", "a date")
        if words[0] in ("was", "is", "were", "are") and len(words) > 2 and words[1] == "the":
            # "what is the minimum number of …", "what is the longest a child should wait"
            noun, phrase = _head(words[2:])
            asked = f"{wh} {words[0]} the {phrase}"
            first_two = words[2:4]
            if first_two[0] in _LIMIT_TIMES or (
                first_two[0] in _LIMITS and first_two[1:] and first_two[1] in _TIME_NOUNS
            ):
                return Ask("timescale", "", asked, "a timescale")
            if noun in ("number", "figure", "score", "total") and set(phrase.split()) & _LIMITS:
                return Ask("figure", noun, asked, "a figure")
            if noun in _TIME_NOUNS - {"time"}:
                # "what is the deadline for …", "what was the wait for …"
                return Ask("timescale", "", asked, "a timescale")
        if words[0] in ("was", "is", "were", "are") and len(words) > 2 and words[1] in _OWNERS:
            # "what was his blood alcohol reading", "what is the reference number of …"
            noun, phrase = _head(words[2:])
            if noun in _READING_NOUNS:
                return Ask("figure", noun, f"{wh} {words[0]} {words[1]} {phrase}", "a figure")
        return None  # "what should I do", "what was the learning"
    noun, phrase = _head(words)
    if not noun:
        return None
    asked = f"{wh} {phrase}"
    if noun in ("date", "year", "month", "day"):
        return Ask("date", noun, asked, "a date")
    if noun == "time" and wh == "what":
        return Ask("clock", noun, asked, "a time of day")
    if noun in ("score", "scores", "number", "figure", "figures", "points", "total", "mark"):
        return Ask("figure", noun, asked, "a figure")
    if noun in ("age", "ages"):
        return Ask("age", noun, asked, "an age")
    if noun in _WEIGHT_WORDS:
        return Ask("weight", noun, asked, "a weight")
    if noun in ("temperature", "distance", "height", "percentage", "proportion", "rate"):
        return Ask("measure", noun, asked, "a measurement")
    if noun in ("dose", "dosage", "doses", "dosages", "amount"):
        return Ask("amount", noun, asked, "an amount or dose")
    if noun in _MONEY_NOUNS and noun not in ("benefit", "benefits"):
        return Ask("money", noun, asked, "an amount of money")
    if noun in ("group", "grade", "class", "form") and words[:1] == ["year"]:
        return Ask("grade", noun, asked, "a school year")
    if words[:1] == ["year"] and noun in ("group", "groups"):
        return Ask("grade", noun, asked, "a school year")
    if noun in _NAMED_PLACES or noun in _NAMED_THINGS:
        if noun in ("home", "homes") and not re.search(r"children's homes?|care homes?", low):
            return None
        if set(phrase.split()[:-1]) & _EVALUATIVE:
            return None  # "what good practice …": a way of working, not a GP practice
        return Ask("instance", noun, asked, f"which {noun}")
    if wh == "which" and noun in _NAMED_TOOLS:
        # "which risk assessment tool did the review recommend": a tool known by its name
        return Ask("instance", noun, asked, f"which {noun}")
    return None


# -- is a value of that kind stated? -----------------------------------------------------

# A calendar date: what "on what date …" asks for ("within a day" tells when, not the date).
_CALENDAR = re.compile(
    r"\b(?:19|20)\d{2}\b|\b(?-i:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"
)
_DATE = re.compile(
    _CALENDAR.pattern + r"|\b\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|"
    r"\b\d{1,2}:\d{2}\b|\b(?:midnight|midday|noon|o'clock|overnight|in the (?:early )?"
    r"(?:morning|evening|night|afternoon)|at night|that (?:night|evening|morning)|"
    r"the (?:same|next|following|previous) (?:day|night|morning|week)|"
    r"(?:spring|summer|autumn|winter)(?: term)?)\b|"
    rf"\bat {_NUMBER}[- ](?:weeks?|months?)\b|\b{_NUMBER} (?:days?|weeks?|months?|years?) "
    r"(?:later|after|before|earlier|ago)\b|\bwhen (?:she|he|they) was\b|"
    rf"\bwithin (?:a|an|one|the|{_NUMBER}) (?:hours?|days?|weeks?|months?)\b|"
    r"\bon the day (?:of|he|she|they|it)\b|\b(?:the )?same day\b",
    re.I,
)
# A time of day: a clock time, not a part of the day ("that evening" says when, not what time).
_CLOCK = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|"
    r"\b(?:midnight|midday|noon|o'clock|the early hours)\b",
    re.I,
)
_AGE = re.compile(
    rf"\baged? (?:of )?(?:about |around |just )?{_NUMBER}\b|\b{_NUMBER}[- ](?:years?|months?|"
    rf"weeks?|days?)[- ]old\b|\bunder (?:the age of )?\d+\b|\bat {_NUMBER}[- ](?:weeks?|months?"
    rf"|years?)\b|\b(?:was|were|is) {_NUMBER}\b(?! (?:times|of|in))",
    re.I,
)
_DURATION = re.compile(
    rf"\bfor (?:about |around |almost |nearly |over |more than |less than |up to |at least |"
    rf"the (?:first |last |next )?)?{_NUMBER}(?: more| further)? (?:minutes?|hours?|days?|"
    rf"nights?|weeks?|fortnights?|months?|years?|terms?)\b|\b{_NUMBER}[- ](?:minutes?|hours?|"
    rf"days?|nights?|weeks?|months?|years?)(?: \w+){{0,2}} (?:in|on|at|long)\b|"
    rf"\b(?:waiting|waited|lasted|stayed|remained|spent|took|kept|was away|were away)\b"
    rf"(?: \w+){{0,3}} {_NUMBER} (?:minutes?|hours?|days?|nights?|weeks?|months?|years?)\b|"
    rf"\b{_NUMBER}[- ](?:minute|hour|day|night|week|month|year)s?[- ](?:stay|admission|period|"
    rf"wait|placement|sentence|delay|gap|spell|episode|break|long)\b|"
    rf"\b(?:within|after|until|over)\s+{_NUMBER}\s+(?:working\s+)?(?:minutes?|hours?|days?|"
    rf"nights?|weeks?|months?|years?)\b|\b(?:the same|that) (?:day|night)\b|\bovernight\b|"
    rf"\bsince (?:(?:he|she|they) (?:was|were) {_NUMBER}|the age of {_NUMBER}|birth|"
    rf"(?:19|20)\d{{2}})\b",
    re.I,
)
_TIMESCALE = re.compile(
    rf"\b(?:within|after|no later than|by|before|in)\s+(?:a |an |the |{_NUMBER}\s+)?(?:working\s+)?"
    r"(?:minutes?|hours?|days?|weeks?|months?|years?|working days?)\b|\btimescales?\b|"
    r"\b(?:on|by) the (?:same )?day\b|\bthe (?:same|next|following) (?:working )?(?:day|week|"
    r"morning|night)\b|\b(?:same|next)[- ]day\b|\bimmediately\b|\bstraight ?away\b|"
    r"\bwithout delay\b|\bat once\b|\bon the day (?:of|he|she|they)\b|"
    rf"\b{_NUMBER}[- ](?:working[- ])?(?:days?|hours?|weeks?|months?)\b(?![- ]old)",
    re.I,
)
_FREQUENCY = re.compile(
    r"\b(?:daily|nightly|weekly|fortnightly|monthly|quarterly|termly|annually|yearly|hourly)\b|"
    rf"\b(?:once|twice|{_NUMBER} times)(?: \w+)? (?:a|an|per|each|every|in (?:a|one|the|each))\b|"
    rf"\bevery (?:{_NUMBER} )?(?:minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|"
    r"terms?|years?|visits?|contacts?|assessments?|reviews?|meetings?|appointments?|"
    r"supervisions?)\b|\b(?:each|every) (?:time|day|night|week|month|term|year|visit|contact)\b|"
    r"\b(?:at least|no less than) (?:once|every|twice)\b|\broutinely\b|\bregularly\b|"
    r"\bmost (?:evenings|mornings|nights|days|weeks)\b",
    re.I,
)
_COUNTED = re.compile(rf"\b(?:once|twice|{_NUMBER})\b", re.I)
"""A frequency that gives a count ("twice a week", "every three months")."""
_MONEY = re.compile(rf"£\s?\d|\b\d[\d,.]*\s?(?:pounds|p)\b|\b{_NUMBER} pounds\b", re.I)
_MEASURE = re.compile(rf"\b{_NUMBER}\s?{_MEASURE_UNITS}(?!\w)", re.I)
_WEIGHT = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?(?:kg|kilos?|kilograms?|grams?|g|lbs?|pounds?|ounces?|oz|stones?|"
    r"st)\b|\b(?:\d+(?:st|nd|rd|th)|first|second|\w+) centile\b|"
    r"\bweigh(?:ed|ing|s)? (?:about |around |just |only )?\d",
    re.I,
)
_AMOUNT = re.compile(
    rf"\b\d+(?:\.\d+)?\s?(?:mg|ml|mcg|micrograms?|milligrams?|millilitres?)\b|"
    rf"\b{_NUMBER} (?:units?|drinks?|pints?|glasses|bottles|cans|tablets?|pills?|doses?)\b",
    re.I,
)
_NAME = re.compile(
    r"\b(?:Dr|Mr|Mrs|Ms|Miss|Prof(?:essor)?)\.? [A-Z]|\b(?:named|called|known as) [A-Z“\"']"
)
_GRADE = re.compile(
    r"\b(?:Year|Y) ?\d{1,2}\b|\b(?:reception|nursery class|sixth form)\b|"
    r"\b(?:primary|secondary) school\b(?= (?:year|class))",
)
_NOT_NAME_START = (
    r"(?!(?:The|A|An|His|Her|Their|This|That|Each|Every|Any|No|All|Our|Your|When|If|After|"
    r"Before|Both|Some|One|Two|Three|In|On|At|For|From|To|By|Child|Children|Baby|Young)\b)"
)
# A title-case word (an acronym such as "GP" or "NHS" names no particular one), with the
# words that join a name's parts ("Royal Hospital for Children")
_PROPER = rf"{_NOT_NAME_START}[A-Z][a-z][\w'’-]*(?: (?:[A-Z][\w'’-]+|of|and|the|for|on|upon))*"


# Nouns for events, which a review counts in times or occasions, and the kinds of each.
_EVENT_NOUNS = frozenset(
    content_terms(
        "injury injuries incident incidents assault assaults attendance attendances episode "
        "episodes visit visits callout callouts admission admissions referral referrals"
    )
)
_KINDS_OF: dict[str, set[str]] = {
    term: set(content_terms("fracture fractures bruise bruises bruising burn burns bleed"))
    for term in content_terms("injury")
}


def _count_stated(noun: str, sentence: str, asked: set[str]) -> bool:
    """A number directly before the counted noun (up to two words between: "nine times",
    "three local authorities", "seven Child Protection Conferences"), or "twice" /
    "on N occasions" for a number of times; numbers the question gives and years do not
    count."""
    if not noun:
        plain = re.sub(r"\b(?:19|20)\d{2}\b", " ", sentence)
        found = {m.lower() for m in re.findall(rf"\b{_NUMBER}\b", plain, re.I)}
        return bool(found - asked - {"both"})
    stems = set(content_terms(noun))
    if not stems:
        return False
    times = stems & {"time", "occas", "occasion"}
    if stems & _EVENT_NOUNS and (
        stems & set(content_terms(sentence))
        or _KINDS_OF.get(min(stems & _EVENT_NOUNS), set()) & set(content_terms(sentence))
    ):
        # "fractures … on at least three separate occasions" counts injuries; "the police
        # attended on eight occasions" counts call-outs
        times = stems
    for match in re.finditer(rf"\b{_NUMBER}\b", sentence, re.I):
        value = match.group(0).lower()
        if value in asked or re.fullmatch(r"(?:19|20)\d{2}", value):
            continue
        if times and value in ("once", "twice"):
            return True
        after = re.findall(r"[\w'’-]+", sentence[match.end() : match.end() + 60])[:3]
        for word in after:
            terms = set(content_terms(word))
            if terms & stems or (times and terms & {"time", "occas", "occasion"}):
                return True
    return False


def _instance_stated(noun: str, sentence: str) -> bool:
    """The noun named: a proper name beside it ("St Mary's Hospital", "the Harbour Centre",
    "the hospital in Leeds"), "called/named X", or a named medicine or drug for a drug."""
    stems = set(content_terms(noun))
    if stems & _DRUG_NOUN_TERMS and set(content_terms(sentence)) & _DRUG_TERMS:
        return True
    if _NAME.search(sentence):
        return True
    # a capitalised word that starts the sentence is not known to be a name: names are
    # looked for after it
    for match in re.finditer(rf"(?<=[\s(“\"'])\b{_PROPER}\b", sentence):
        window = sentence[max(0, match.start() - 40) : match.end() + 40]
        if set(content_terms(window)) & stems:
            return True
    return False


# -- guidance, not a fact of the case -------------------------------------------------------

RULE_KINDS = frozenset(("timescale", "frequency", "duration", "count", "figure"))
"""Kinds of fact a rule question asks for that a case's own facts also give (a number, a
frequency, a timescale): for a rule, only guidance states them."""

_NORMATIVE = re.compile(
    r"\b(?:should|must|ought to|needs? to|has to|have to|(?:is|are) to be|(?:is|are) required|"
    r"required to|(?:is|are) expected to|make sure|ensure|recommend(?:s|ed)?)\b",
    re.I,
)
# The verbs practice points and recommendations open with ("Offer the interview within 72
# hours", "Repeat safer sleep advice at every contact")
_IMPERATIVE_VERBS = IMPERATIVE_VERBS | word_set("always never don't do")
_ITEM_LABEL = re.compile(
    r"^(?:\s*(?:[-•*·▪]|\(?[0-9]{1,3}(?:\.[0-9]+)*[.)]?|\(?[a-z]{1,4}\)|"
    r"[A-Z][\w'’ ]{0,40}:)\s+)+"
)
_CLAUSE_SPLIT = re.compile(
    r"\s+[—–]\s+|;\s*|:\s+|,\s+(?=(?:but|and|so|which|while|although|because|whereas|when|"
    r"though|then|after|before)\b)|\s+(?=(?:but|when|if|because|unless|although|while|"
    r"whereas)\s)",
    re.I,
)


_OPENING_CLAUSE = re.compile(
    r"^(?P<clause>(?:if|when|whenever|unless|once|where|after|before|although|while)\b[^,;]+),"
    r"\s+(?P<rest>\S.*)$",
    re.I | re.S,
)


def clauses(sentence: str) -> list[str]:
    """The clauses of ``sentence`` (a table row's cells, the parts around "; ", ", but",
    ", which", ", when" …, an opening "If …," or "When …," apart from the main clause): a
    value is read with the words of its own clause."""
    found: list[str] = []
    for part in _CLAUSE_SPLIT.split(sentence):
        part = part.strip()
        opening = _OPENING_CLAUSE.match(part)
        if opening is not None:
            found += [opening.group("clause").strip(), opening.group("rest").strip()]
        elif part:
            found.append(part)
    return found


def normative(sentence: str) -> bool:
    """Whether ``sentence`` says what should be done (guidance: a modal of obligation, or a
    clause that opens with an imperative verb) rather than what happened in the case ("the
    strategy discussion was held within a day")."""
    if _NORMATIVE.search(sentence):
        return True
    for clause in clauses(sentence):
        words = _words(_ITEM_LABEL.sub("", clause))
        if words and words[0] in _IMPERATIVE_VERBS:
            return True
    return False


_PAST_FINITE = re.compile(
    r"\b(?:was|were|had|did|wasn't|weren't|hadn't|didn't)\b|"
    r"(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bis )(?<!\bare )(?<!\bbe )(?<!\bbeen )"
    r"(?<!\bevery )(?<!\bany )(?<!\beach )(?<!\bno )\b[a-z]{3,}ed\b",
    re.I,
)


def narrative(sentence: str) -> bool:
    """Whether ``sentence`` tells what happened in the case (a past-tense verb: "the
    strategy discussion was held within a day", "the midwife followed the protocol")."""
    if _PAST_FINITE.search(sentence):
        return True
    return any(w in _IRREGULAR_PAST for w in _words(sentence))


def guidance(sentence: str) -> bool:
    """Whether ``sentence`` can state a rule: guidance (:func:`normative`) or a statement of
    how things are done ("carers are visited every six weeks"), not a fact of the case."""
    return normative(sentence) or not narrative(sentence)


def _relative_to_asked(found: str, question: str) -> bool:
    """ "at every home visit" states no frequency of visits: a frequency counted in the very
    event the question asks how often to do."""
    match = re.search(r"\b(?:every|each) (?:\w+ )?(\w+)$", found)
    if match is None:
        return False
    return bool(set(content_terms(match.group(1))) & set(content_terms(asking_part(question))))


# Time units from short to long: "how many hours" is answered in minutes, hours or a day,
# not by "within three months".
_SCALE = {
    unit: rank
    for rank, units in enumerate(
        (
            ("second", "minute"),
            ("hour", "morning", "night", "immediately", "straight", "once"),
            ("day",),
            ("week", "fortnight"),
            ("month", "term"),
            ("year",),
        )
    )
    for unit in units
}


def _same_scale(asked_unit: str, found: str) -> bool:
    """Whether a stated timescale ``found`` is in units close to ``asked_unit`` (one step
    either way); one without a unit ("without delay", "a timescale") always is."""
    asked = _SCALE.get(asked_unit.lower().rstrip("s"))
    units = [_SCALE[w.rstrip("s")] for w in re.findall(r"[a-z]+", found) if w.rstrip("s") in _SCALE]
    if asked is None or not units:
        return True
    return any(abs(rank - asked) <= 1 for rank in units)


_SCORE_STATED = re.compile(
    rf"\bscor\w*\s+(?:of\s+|at\s+|was\s+|is\s+|were\s+)?(?:a\s+|an\s+)?(?:only\s+)?"
    rf"(?P<value>{_NUMBER})\b|\b(?P<value2>{_NUMBER})\s*(?:/|out of)\s*\d+|"
    rf"\b(?:level|grade|band)\s+(?P<value3>\d+)\b",
    re.I,
)


def value_stated(ask: Ask, sentence: str, question: str = "") -> bool:
    """Whether ``sentence`` states a value of the kind ``ask`` asks for (numbers the
    ``question`` itself gives do not count; for a rule, only guidance states it)."""
    if ask.rule and ask.kind in RULE_KINDS and not guidance(sentence):
        return False
    asked = {m.lower() for m in re.findall(rf"\b{_NUMBER}\b", question, re.I)}
    if ask.kind == "count":
        return _count_stated(ask.noun, sentence, asked)
    if ask.kind == "figure" and ask.noun in ("score", "scores"):
        # a score is stated as one ("scored 14", "a score of 3", "12 out of 20", "level 4"),
        # not by any number ("within five working days")
        return any(
            str(m.group("value") or m.group("value2") or m.group("value3")).lower() not in asked
            for m in _SCORE_STATED.finditer(sentence)
        )
    if ask.kind == "figure":  # any number the question does not give (years are dates)
        # "completed once" tells how often, not a score
        return _count_stated("", sentence, asked | {"once", "twice", "thrice"})
    if ask.kind == "instance" or (
        ask.kind == "name" and ask.noun and ask.noun not in _PERSON_ROLES
    ):
        # a place's, a tool's or a medicine's name: a proper name beside the noun
        return _instance_stated(ask.noun, sentence)
    if ask.kind == "date" and ask.noun == "date":
        return _CALENDAR.search(sentence) is not None  # "on what date …"
    pattern = {
        "date": _DATE,
        "clock": _CLOCK,
        "age": _AGE,
        "duration": _DURATION,
        "timescale": _TIMESCALE,
        "frequency": _FREQUENCY,
        "money": _MONEY,
        "measure": _MEASURE,
        "weight": _WEIGHT,
        "amount": _AMOUNT,
        "name": _NAME,
        "grade": _GRADE,
    }.get(ask.kind)
    if pattern is None:
        return True
    if ask.kind in (
        "date",
        "clock",
        "age",
        "duration",
        "timescale",
        "frequency",
        "measure",
        "amount",
    ):
        found = [m.group(0).lower() for m in pattern.finditer(sentence)]
        if ask.kind == "frequency":
            found = [f for f in found if not _relative_to_asked(f, question)]
            if ask.phrase.startswith("how many"):
                # "how many doses each week?" asks a count per week: "at every review" or
                # "weekly" gives no count
                found = [f for f in found if _COUNTED.search(f)]
        if ask.kind == "timescale" and ask.noun in _TIME_UNITS:
            found = [f for f in found if _same_scale(ask.noun, f)]
        # "aged seven" does not answer "how old was the seven-year-old's mother"
        return any(not (set(re.findall(r"\w+", f)) & asked) or not asked for f in found)
    return pattern.search(sentence) is not None
