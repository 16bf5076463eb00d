"""Build the blind8 briefs: eight FICTIONAL child-safeguarding learning briefs.

Usage: python evals/holdout_briefs2/build.py evals/holdout_briefs2/briefs

Every child, fact, place, tool and partnership below is invented for testing a document
parser and question-answering product. The script writes the eight briefs into the given
folder, writes expected.json and questions.jsonl next to this script, then runs check.py
(spans verbatim in one point and in the extracted text, near-topic facts absent, page
counts, fictional marker, layout features present).
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import sys
import zipfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from fpdf import FPDF
from fpdf.fonts import FontFace

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FICTIONAL = "Fictional brief for testing"
FIXED_TIME = _dt.datetime(2025, 11, 3, 9, 0, 0, tzinfo=_dt.timezone.utc)

# ---------------------------------------------------------------------------------------
# Source data. Each brief: reviews, partnership, sections (heading, role, style, items).
# Every item is one point as a reader counts it. Styles:
#   para / bullets / numbers: one string per point
#   table: tuple of cells per point (text = cells joined by " | ")
#   pairs: (headline, body) per point (text = headline + " " + body)
#   nested: (group label, [sub-items]) - only the sub-items are points, labels are not
#   quote: a call-out block that is itself a point (MD "Key message")
# Not counted (deliberately): greetings / sign-off of the email bulletin, the column and
# table header labels, group labels of nested lists, and Child E's "voice of the child"
# quotes (they illustrate the point they follow and are kept in brief["voices"]).
# ---------------------------------------------------------------------------------------

BRIEFS: dict[str, dict] = {}

# -- 1. Learning on a page: one landscape page, three coloured columns (PDF) -------------
BRIEFS["cspr-baby-k-learning-on-a-page.pdf"] = {
    "reviews": ["Baby K"],
    "partnership": "Calderbrook Safeguarding Children Partnership (fictional)",
    "layout": "learning on a page: one landscape page, three coloured columns "
    "Context | Learning | Actions with header bands, a further-information strip",
    "sections": [
        (
            "Context",
            "background",
            "para",
            [
                "Baby K was a four-month-old girl who lived with her mother, aged 22, and her "
                "father, aged 27, in a privately rented flat on the edge of town.",
                "When she was 14 weeks old a childminder noticed a small bruise on her ear. "
                "The father said she had caught it on the cot bars, and the childminder wrote "
                "this in her daily diary.",
                "Three weeks later Baby K was taken to the emergency department with a broken "
                "arm and rib fractures of different ages.",
            ],
        ),
        (
            "Learning",
            "learning",
            "bullets",
            [
                "The childminder accepted the cot-bars explanation and had never heard of the "
                "local protocol for bruising in babies who are not yet mobile.",
                "Health visiting contacts were always booked around the mother's shifts at a "
                "care home, so the father was never seen or assessed.",
                "The father's record of assaulting a former partner was known to police but "
                "never reached the health visitor or the GP.",
                "The GP saw Baby K for a chesty cough two days before the admission and "
                "listened to her chest through her vest.",
                "Practitioners described the parents as loving and devoted, and this optimism "
                "made it harder to think that Baby K might be being hurt.",
                "The strain of Baby K's reflux and constant night waking on both parents was "
                "never talked about with them.",
            ],
        ),
        (
            "Actions",
            "recommendations",
            "bullets",
            [
                "Any bruise, mark or injury on a baby under six months must be referred to "
                "children's social care and a paediatrician the same day, whatever the "
                "explanation given.",
                "Health visitors will offer at least one contact at a time when the father or "
                "any other male carer can be present.",
                "Childminders and nursery staff will complete the partnership's e-learning on "
                "injuries in non-mobile babies within their first three months in post.",
                "GPs will undress and examine the whole body of any baby under one brought in "
                "with pain or distress that has no clear cause.",
            ],
        ),
        (
            "Find out more",
            "further_information",
            "bullets",
            [
                "Calderbrook protocol for bruising and injuries in non-mobile babies "
                "(fictional): www.calderbrook-scp.example/bruising",
                "Calderbrook Cry Plan leaflet for parents of babies who cry a lot "
                "(fictional): www.calderbrook-scp.example/cryplan",
            ],
        ),
    ],
}

# -- 2. Timeline brief: Date | What happened table, then numbered learning (PDF) ---------
BRIEFS["lcspr-young-person-r-timeline.pdf"] = {
    "reviews": ["Young Person R"],
    "partnership": "Ravensfold Safeguarding Children Partnership (fictional)",
    "layout": "timeline brief: dated events in a two-column Date | What happened table, "
    "then numbered learning, recommendations and reflective questions",
    "sections": [
        (
            "About this review",
            "background",
            "para",
            [
                "Young Person R was 15 when she was admitted to intensive care after a second "
                "overdose. She lived with her mother and younger brother and had no previous "
                "contact with children's social care.",
            ],
        ),
        (
            "Timeline of key events",
            "background",
            "table",
            [
                (
                    "March 2024",
                    "R told her form tutor she had been cutting her arms. The school referred "
                    "her to the CAMHS single point of access.",
                ),
                (
                    "April 2024",
                    "CAMHS screened the referral as routine and placed R on a waiting list of "
                    "about 30 weeks.",
                ),
                (
                    "June 2024",
                    "R took an overdose of paracetamol and spent two nights on the children's "
                    "ward. She went home on a Friday evening with a leaflet.",
                ),
                (
                    "September 2024",
                    "The family moved across the county and R started at a new secondary "
                    "school. Her school file arrived seven weeks later.",
                ),
                (
                    "November 2024",
                    "R took a second, larger overdose at home and was admitted to intensive care.",
                ),
            ],
        ),
        (
            "What we learned",
            "learning",
            "numbers",
            [
                "A waiting list is not a plan: R had no named worker and no safety plan while "
                "she waited for CAMHS.",
                "R left the children's ward without a follow-up appointment, and nobody told "
                "her school about the admission.",
                "Going home on a Friday evening meant R and her mother had no support over the "
                "weekend, when risk was highest.",
                "Nobody asked R's mother how she would keep medicines safe at home after the "
                "first overdose.",
                "The self-harm history did not follow R to her new school, so staff there "
                "knew nothing for the first half term.",
                "R said that people only ever asked whether she would do it again, never why "
                "she was hurting herself.",
                "The websites and videos about self-harm that R was watching late at night "
                "were not explored by anyone.",
            ],
        ),
        (
            "What will change",
            "recommendations",
            "bullets",
            [
                "The hospital will not discharge a young person after self-harm without a "
                "follow-up booked within seven days and the school informed with consent.",
                "CAMHS will give every young person on its waiting list a named contact and a "
                "written safety plan.",
                "Schools will send a safeguarding file to the new school within five school "
                "days of a pupil leaving.",
            ],
        ),
        (
            "Questions to ask yourself",
            "reflective_questions",
            "bullets",
            [
                "Do I know what support a young person has while they wait for a service?",
                "When did I last ask a young person what self-harm does for them?",
            ],
        ),
    ],
}

# -- 3. Key messages as numbered circles: bold headline then a body paragraph (PDF) ------
BRIEFS["rapid-review-child-v-key-messages.pdf"] = {
    "reviews": ["Child V"],
    "partnership": "Thornleigh Safeguarding Children Partnership (fictional)",
    "layout": "key messages as numbered circles, each a bold one-line headline followed by "
    "a body paragraph (headline-then-body pairs), then good practice and practice points",
    "sections": [
        (
            "Background",
            "background",
            "para",
            [
                "Child V, aged 12, was withdrawn from secondary school by his father to be "
                "educated at home two weeks after the school made a referral about bruising to "
                "his neck.",
                "The local authority's elective home education team made one visit in eleven "
                "months. Child V was next seen by a professional when police went to the home "
                "after a neighbour reported screaming.",
            ],
        ),
        (
            "Key messages",
            "learning",
            "pairs",
            [
                (
                    "Timing matters.",
                    "A request to home educate that follows soon after a safeguarding referral "
                    "should be treated as a possible way of hiding the child, and checked with "
                    "children's social care before the child comes off roll.",
                ),
                (
                    "Meeting the parent is not seeing the child.",
                    "The home education adviser met the father in a café and looked through "
                    "worksheets; Child V was not seen or spoken to.",
                ),
                (
                    "Off roll is not off the radar.",
                    "Once Child V left school no agency had a reason to see him, and his GP and "
                    "dental records showed no contact for a year.",
                ),
                (
                    "Share the whole story.",
                    "The school's email to the home education team gave attendance figures "
                    "only and left out the bruising and the open social care assessment.",
                ),
                (
                    "Fathers' accounts need testing too.",
                    "The father's explanation that V wanted a fresh start was accepted without "
                    "asking V, or his mother, who had left the family home.",
                ),
                (
                    "Closing too soon.",
                    "Children's social care closed its assessment when V came off roll, "
                    "recording that the school's concern no longer applied.",
                ),
            ],
        ),
        (
            "Good practice",
            "good_practice",
            "bullets",
            [
                "The police officers spoke to Child V on his own at the door and took him to a "
                "place of safety the same night.",
                "The GP practice flagged the family's missed appointments to its named GP for "
                "safeguarding.",
            ],
        ),
        (
            "What this means for you",
            "practice_points",
            "bullets",
            [
                "If a parent tells you they are taking a child out of school to home educate, "
                "ask when the last safeguarding concern was raised.",
                "Home education advisers should ask to see the child, and where the child "
                "learns, at the first visit.",
                "Keep a child's social care assessment open until someone has seen the child "
                "after any change of school.",
            ],
        ),
    ],
}

# -- 4. Roman-numeral learning, running header and "Page x of y" footer, a point that
#       continues across the page break mid-sentence (PDF) --------------------------------
BRIEFS["lcspr-family-z-learning-brief.pdf"] = {
    "reviews": ["Family Z"],
    "partnership": "Ashgrove and Tern Valley Safeguarding Children Partnership (fictional)",
    "layout": "roman-numeral learning points (i)-(viii) run in at the start of each paragraph; "
    "running header and a footer with partnership name and Page x of y on every page; one "
    "learning point continues across the page break mid-sentence",
    "straddle": 5,  # index in the learning list of the point that must cross the page break
    "sections": [
        (
            "Summary of the case",
            "background",
            "para",
            [
                "Family Z are three children, aged two, seven and nine, who lived with their "
                "mother and father. The mother moved to the UK four years before the review "
                "and speaks Tigrinya, with little English.",
                "Over two years the family had contact with health visiting, two schools, the "
                "GP, housing and police. At most of those contacts the father or the "
                "nine-year-old interpreted for the mother.",
                "The review began after the mother was admitted to hospital with serious "
                "injuries and told a nurse, through a telephone interpreter, that her husband "
                "had hurt her many times and that the children had seen it.",
                "None of the children had a child protection or child in need plan. The family "
                "had eight months of early help in 2023, when the nine-year-old's school "
                "attendance fell to 71 per cent.",
            ],
        ),
        (
            "How the review was carried out",
            "background",
            "para",
            [
                "An independent reviewer led the review between February and June 2025. It drew "
                "on chronologies from nine agencies, two practitioner learning events and a "
                "conversation with the mother, with a professional interpreter present.",
            ],
        ),
        (
            "Learning points",
            "learning",
            "roman",
            [
                "Using the father or a child to interpret meant the mother could never say what "
                "was happening to her, and the nine-year-old carried a burden no child should.",
                "Practitioners booked interpreters for planned meetings but not for home "
                "visits, drop-in clinics or phone calls, which is where most of the contact "
                "happened.",
                "Agencies recorded the mother's first language in different ways, so nobody "
                "could see that she had needed an interpreter at every contact.",
                "Injuries the mother had at two antenatal appointments were recorded, but the "
                "midwife did not ask about them with the father out of the room.",
                "The seven-year-old's teacher noticed that he flinched at raised voices but saw "
                "this as shyness rather than a sign of fear at home.",
                "The father was polite, attended every meeting and agreed with every plan, and "
                "because he seemed so engaged practitioners did not spot that nothing in the "
                "children's lives changed from one review meeting to the next over eighteen "
                "months, even though the same worries about bruising, school absence and the "
                "mother's isolation were written down at each of them.",
                "Assumptions about the family's culture and wish for privacy led some "
                "practitioners to hold back from asking direct questions.",
                "No single agency held the whole picture, and the pattern only became clear "
                "when the review put the agencies' chronologies side by side.",
            ],
        ),
        (
            "Recommendations",
            "recommendations",
            "bullets",
            [
                "All agencies will use a professional interpreter, never a family member or "
                "child, for any conversation about safety, health or the children's welfare.",
                "Each agency will record first language and the need for an interpreter on the "
                "front sheet of its record.",
                "Midwives will make sure every pregnant woman is seen on her own at least once "
                "in each trimester and asked about abuse.",
            ],
        ),
        (
            "Contacts",
            "further_information",
            "bullets",
            [
                "Ashgrove interpreting and translation booking line (fictional): 01632 960 418",
                "Tern Valley domestic abuse advice line for practitioners (fictional): "
                "01632 960 527",
            ],
        ),
    ],
}

# -- 5. "Spotlight on..." DOCX: case study box, So what? / Now what?, Myth | Reality ------
BRIEFS["spotlight-private-fostering-leo.docx"] = {
    "reviews": ["Leo"],
    "partnership": "Millbeck Safeguarding Children Partnership (fictional)",
    "layout": '"Spotlight on..." brief: shaded one-cell case-study box, "So what?" and '
    '"Now what?" sections, a two-column Myth | Reality table, contacts',
    "sections": [
        (
            "Case study: Leo",
            "background",
            "box",
            [
                "Leo (a pseudonym), aged 14, came to England from Portugal to live with a "
                "family friend while his mother stayed abroad for work. He lived there for five "
                "months before anyone told the local authority.",
                "His school knew from the day he enrolled that he was living with an uncle who "
                "was not a relative. Leo was later found to be working unpaid in the family "
                "friend's car wash for up to six hours after school each day.",
            ],
        ),
        (
            "So what?",
            "learning",
            "List Bullet",
            [
                "Few practitioners recognised the arrangement as private fostering, because "
                "the carer was described as family.",
                "The school admission form asked who the child lived with but not whether that "
                "person was a parent or close relative.",
                "Nobody visited the carer's household or asked Leo how he spent his time out "
                "of school.",
                "Leo's tiredness and falling grades were seen as a language issue rather than "
                "a sign that something was wrong where he lived.",
                "The GP practice registered Leo at the carer's address without asking who held "
                "parental responsibility for him.",
            ],
        ),
        (
            "Myths and realities",
            "learning",
            "table",
            [
                (
                    "If the carer calls themselves an uncle, it is not private fostering.",
                    "Only parents, step-parents, grandparents, brothers, sisters, aunts and "
                    "uncles by blood or marriage are close relatives; a family friend is not.",
                ),
                (
                    "Private fostering is a family matter and nothing to do with the council.",
                    "The carer and the parent must tell the local authority, and any "
                    "practitioner who learns of the arrangement should tell it too.",
                ),
                (
                    "Teenagers are too old to be privately fostered.",
                    "The arrangements cover children under 16, or under 18 if they are disabled.",
                ),
            ],
        ),
        (
            "Now what?",
            "practice_points",
            "List Bullet",
            [
                "Ask the adult who brings a new pupil how they are related to the child, and "
                "write the answer down.",
                "If a child under 16 has lived with someone other than a close relative for 28 "
                "days or more, tell the Millbeck private fostering team.",
                "Speak to the child on their own about their life outside school, including any "
                "work they do.",
            ],
        ),
        (
            "Contacts",
            "further_information",
            "List Bullet",
            [
                "Millbeck private fostering team (fictional): privatefostering@millbeck.example",
                "Millbeck children's services front door (fictional): 01632 960 233",
            ],
        ),
    ],
}

# -- 6. DOCX with headings as direct formatting only, typed "1)" points, voice of the child
BRIEFS["cspr-child-e-learning-brief.docx"] = {
    "reviews": ["Child E"],
    "partnership": "Oakhurst Safeguarding Children Partnership (fictional)",
    "layout": "DOCX with no Word heading or list styles: headings are bold, larger, coloured "
    'runs; learning points typed by hand as "1)" "2)"; italic "voice of the child" call-outs '
    "with a left border interleaved with the learning",
    "voices": {
        2: "\u201cWhen I am hungry I show the apple card. At school I show it a lot.\u201d "
        "\u2013 Child E, with his teaching assistant",
        3: "\u201cNobody asked me. I can point.\u201d \u2013 Child E, with the reviewer",
        5: "\u201cMum is sad. I stay in my room.\u201d \u2013 Child E, with his teaching assistant",
    },
    "sections": [
        (
            "About Child E",
            "background",
            "para",
            [
                "Child E is a nine-year-old autistic boy who communicates with a small number "
                "of signs and a set of picture cards. He lived with his mother and two older "
                "brothers.",
                "Over three years he was not brought to 17 health appointments, including "
                "dental, audiology and community paediatrics. He was admitted to hospital with "
                "tooth decay so severe that eleven teeth were removed, and he weighed less than "
                "at his check a year before.",
            ],
        ),
        (
            "What the review found",
            "learning",
            "typed",
            [
                "Missed appointments were recorded as did not attend, as if Child E had chosen "
                "not to come, rather than as was not brought.",
                "Each service discharged Child E after two missed appointments without telling "
                "his GP or his school.",
                "Staff at his special school saw that he was hungry and often in the same "
                "clothes, but thought this was linked to his autism and sensory needs.",
                "No practitioner used Child E's picture cards or signs to ask him about home, "
                "so his views were taken from his mother.",
                "The school nurse raised concerns twice with children's social care, was told "
                "the threshold was not met, and did not take it further.",
                "His mother's depression and heavy caring load were met with sympathy, which "
                "drew attention away from what Child E was going without.",
                "The Oakhurst neglect toolkit was never used, so there was no baseline to "
                "measure change against.",
            ],
        ),
        (
            "What we are asking you to do",
            "practice_points",
            "dashes",
            [
                "Record a child's missed appointment as was not brought, and tell the referrer "
                "and the GP before you discharge.",
                "Use the child's own way of communicating, and ask someone who knows it well to "
                "help you.",
                "If you disagree with a threshold decision, escalate using the Oakhurst "
                "resolving professional differences procedure within five working days.",
            ],
        ),
        (
            "Questions for reflection",
            "reflective_questions",
            "dashes",
            [
                "Do I explain a disabled child's presentation by their disability before I "
                "consider neglect?",
                "Whose voice is in my records: the child's or the parent's?",
            ],
        ),
    ],
}

# -- 7. Plain-text email bulletin covering TWO reviews, ==== headings, * bullets (TXT) ---
BRIEFS["practice-bulletin-23-baby-n-child-y.txt"] = {
    "reviews": ["Baby N", "Child Y"],
    "partnership": "Brackenford Safeguarding Children Partnership (fictional)",
    "layout": 'plain-text email bulletin: mail header lines, "====" underlined review '
    'headings, "----" underlined sub-headings, "*" bullets hard-wrapped at 76 characters; '
    "two rapid reviews (two children)",
    "boxes": [
        (
            "Rapid Review: Baby N",
            "Rapid Review",
            [
                (
                    "What happened",
                    "background",
                    "para",
                    [
                        "Baby N was born at 32 weeks and spent five weeks on the neonatal unit. "
                        "Both of her parents have a learning disability. A pre-birth assessment "
                        "had been started but was not finished before she was born.",
                        "Nine days after going home Baby N was admitted with dehydration and "
                        "weight loss. Her parents had been making up her feeds with too much "
                        "water.",
                    ],
                ),
                (
                    "What we learned",
                    "learning",
                    "bullets",
                    [
                        "Discharge planning took place in one long meeting, and the parents were "
                        "not given any information in an easy-read format.",
                        "Nobody checked that the parents could make up a feed on their own; they "
                        "had been shown once by a nurse.",
                        "The pre-birth assessment was paused when Baby N arrived early, and "
                        "nobody picked it up again.",
                        "The adult learning disability team knew both parents well but were not "
                        "invited to the discharge meeting.",
                    ],
                ),
                (
                    "What to do now",
                    "practice_points",
                    "bullets",
                    [
                        "Ask parents to show you, not tell you, how they make up a feed and how "
                        "much the baby takes.",
                        "Invite adult services who know the parents to neonatal discharge "
                        "planning.",
                    ],
                ),
            ],
        ),
        (
            "Rapid Review: Child Y",
            "Rapid Review",
            [
                (
                    "What happened",
                    "background",
                    "para",
                    [
                        "Child Y, aged six, had a child protection plan for neglect in a "
                        "neighbouring authority when his family moved into Brackenford in "
                        "March 2025.",
                        "His transfer-in conference did not take place for eleven weeks, and in "
                        "that time no social worker visited him.",
                    ],
                ),
                (
                    "What we learned",
                    "learning",
                    "bullets",
                    [
                        "The sending authority emailed its referral to a general inbox, where it "
                        "sat unopened for nineteen days.",
                        "Child Y's new school was not told that he had a plan, so his late "
                        "arrivals and poor hygiene were not reported.",
                        "His GP registration moved but the health records carrying safeguarding "
                        "flags took two months to follow.",
                        "Each authority assumed the other was responsible for visiting while the "
                        "family moved.",
                    ],
                ),
                (
                    "What to do now",
                    "practice_points",
                    "bullets",
                    [
                        "If a child on a plan is moving, phone the new area's front door on the "
                        "same day as well as sending the paperwork.",
                        "Keep visiting until the new area has held its transfer-in conference.",
                    ],
                ),
            ],
        ),
    ],
    "sections": [
        (
            "Further information",
            "further_information",
            "bullets",
            [
                "Brackenford procedure for children on plans who move across borders "
                "(fictional), on the partnership website.",
                "Easy-read feeding guide for parents, Brackenford neonatal unit (fictional).",
            ],
        ),
    ],
}

# -- 8. Markdown: setext headings, nested lists, blockquote "Key message" (MD) -----------
BRIEFS["sibling-group-m-learning-brief.md"] = {
    "reviews": ["Sibling group M"],
    "partnership": "Hollinsmoor Safeguarding Children Partnership (fictional)",
    "layout": "Markdown with setext (underlined) headings, a blockquote Key message, a "
    "numbered list, and a nested list grouping practice points under roles",
    "sections": [
        (
            "Background",
            "background",
            "para",
            [
                "Sibling group M are four children aged between three and eleven. The family "
                "had been known to children's services for seven years, with three periods of "
                "child in need support that each ended when the home improved for a while.",
                "In January 2025 a fire officer on a home safety visit found rooms blocked with "
                "belongings, no working toilet and the youngest child sleeping on a bare "
                "mattress.",
            ],
        ),
        (
            "Key message",
            "learning",
            "quote",
            [
                "A short burst of improvement is not the same as lasting change. Look at the "
                "whole history, not only the last visit.",
            ],
        ),
        (
            "What the review found",
            "learning",
            "numbers",
            [
                "Each new worker started afresh, and the seven-year history was never read or "
                "summarised.",
                "Cleaning before a planned visit was taken as progress, and unannounced visits "
                "were rare.",
                "What the children lived with, such as being teased at school about how they "
                "smelled, was not recorded in their own words.",
                "The Hollinsmoor Home Conditions Scale was completed once, in 2021, and never "
                "repeated.",
                "Tooth decay and missed immunisations in all four children were never brought "
                "together as a picture of neglect.",
                "The fire and rescue service had no route for sharing worries from home safety "
                "visits with children's services.",
            ],
        ),
        (
            "What this means for you",
            "practice_points",
            "nested",
            [
                (
                    "Social workers",
                    [
                        "Write a chronology summary when a case transfers, and read it before "
                        "the first visit.",
                        "Make at least one unannounced visit during every child in need plan.",
                    ],
                ),
                (
                    "Health visitors and school nurses",
                    [
                        "Add up missed health appointments across all the children in a family, "
                        "not child by child.",
                    ],
                ),
                (
                    "Schools",
                    ["Write down what children tell you about home, in their words."],
                ),
                (
                    "Fire and rescue",
                    [
                        "Report worries about children from home safety visits through the "
                        "partnership referral form.",
                    ],
                ),
            ],
        ),
        (
            "Questions to think about",
            "reflective_questions",
            "bullets",
            [
                "What would I see if I visited without an appointment?",
                "Have I read what happened before I met this family?",
            ],
        ),
        (
            "Further information",
            "further_information",
            "bullets",
            ["Hollinsmoor neglect strategy 2024-2027 (fictional), on the partnership website."],
        ),
    ],
}

# Running headers / footers a reader skips (regexes on the extracted text, used by check.py
# when it tests that a point continuing across a page break is still readable).
RUNNING = {
    "lcspr-family-z-learning-brief.pdf": [
        r"LCSPR Family Z [·-] learning brief [·-] " + FICTIONAL,
        r"Ashgrove and Tern Valley Safeguarding Children Partnership \(fictional\) [·-] "
        r"Page \d+ of \d+",
    ],
}


def all_sections(name: str) -> list[tuple]:
    brief = BRIEFS[name]
    sections = []
    for _subject, _kind, box_sections in brief.get("boxes", []):
        sections.extend(box_sections)
    sections.extend(brief["sections"])
    return sections


def item_text(style: str, item) -> list[str]:
    if style == "table":
        return [" | ".join(item)]
    if style == "pairs":
        return [item[0] + " " + item[1]]
    if style == "nested":
        return list(item[1])
    return [item]


def point_texts(name: str) -> list[str]:
    """Every point of a brief as plain text (table rows: cells joined by ' | ')."""
    out = []
    for _heading, _role, style, items in all_sections(name):
        for item in items:
            out.extend(item_text(style, item))
    return out


def roles_of(name: str) -> list[str]:
    order = [
        "background",
        "learning",
        "recommendations",
        "good_practice",
        "practice_points",
        "reflective_questions",
        "further_information",
    ]
    found = {s[1] for s in all_sections(name)}
    return [r for r in order if r in found]


# ---------------------------------------------------------------------------------------
# Questions: 3 answerable + 2 near-topic per brief, then 6 out of scope. Near-topic ones
# carry `absent` regexes that must NOT match the brief's text (checked in check.py; a
# pattern all in lower case is matched case-insensitively).
# ---------------------------------------------------------------------------------------
QUESTIONS: list[dict] = [
    # 1. Baby K
    dict(
        doc="cspr-baby-k-learning-on-a-page",
        question="I'm a childminder and I've spotted a little mark on a four-month-old's face. "
        "Dad says she knocked it on the cot. Is it enough to just note it in my log?",
        contains="referred to children's social care and a paediatrician the same day",
        review="Baby K",
    ),
    dict(
        doc="cspr-baby-k-learning-on-a-page",
        question="What did the Baby K review say about making sure the health visitor actually "
        "gets to meet dad?",
        contains="offer at least one contact at a time when the father",
        review="Baby K",
    ),
    dict(
        doc="cspr-baby-k-learning-on-a-page",
        question="A little one under a year comes into surgery grizzly and sore with no obvious "
        "reason. Should I be stripping her off and looking her over head to toe?",
        contains="undress and examine the whole body of any baby under one",
        review="Baby K",
    ),
    dict(
        doc="cspr-baby-k-learning-on-a-page",
        question="How many hours does a childminder have to tell Ofsted about an injury to a "
        "baby they look after?",
        absent=[r"Ofsted", r"\bhours?\b"],
    ),
    dict(
        doc="cspr-baby-k-learning-on-a-page",
        question="Did Baby K go to foster carers or to relatives when she came out of hospital?",
        absent=[r"foster", r"kinship", r"relative", r"grandparent", r"placed", r"placement"],
    ),
    # 2. Young Person R
    dict(
        doc="lcspr-young-person-r-timeline",
        question="A 15-year-old's being sent home from the ward after taking tablets. What did "
        "the Young Person R review say needs to be sorted before she goes?",
        contains="follow-up booked within seven days and the school informed",
        review="Young Person R",
    ),
    dict(
        doc="lcspr-young-person-r-timeline",
        question="She's been waiting months to be seen by the mental health team. What should "
        "she have in the meantime?",
        contains="a named contact and a written safety plan",
        review="Young Person R",
    ),
    dict(
        doc="lcspr-young-person-r-timeline",
        question="After her daughter overdosed, should anyone have talked to mum about the pills "
        "in the bathroom cabinet?",
        contains="how she would keep medicines safe at home",
        review="Young Person R",
    ),
    dict(
        doc="lcspr-young-person-r-timeline",
        question="Which medication was Young Person R prescribed by CAMHS?",
        absent=[r"prescri", r"antidepressant", r"fluoxetine", r"sertraline"],
    ),
    dict(
        doc="lcspr-young-person-r-timeline",
        question="Did R's school have a counsellor or a mental health support team, and did "
        "they get involved?",
        absent=[r"counsell", r"mental health support team", r"\bMHST\b", r"wellbeing"],
    ),
    # 3. Child V
    dict(
        doc="rapid-review-child-v-key-messages",
        question="A dad has just told us he wants to teach his son at home, a fortnight after we "
        "reported a bruise. What did the Child V review say about that?",
        contains="follows soon after a safeguarding referral should be treated",
        review="Child V",
    ),
    dict(
        doc="rapid-review-child-v-key-messages",
        question="I'm the home education adviser. Is flicking through a kid's workbooks with "
        "the parent enough on my first visit?",
        contains="ask to see the child, and where the child learns",
        review="Child V",
    ),
    dict(
        doc="rapid-review-child-v-key-messages",
        question="We were halfway through looking into a lad's situation when his dad pulled him "
        "out to teach him at home. Is it OK to close our file?",
        contains="Keep a child's social care assessment open until someone has seen",
        review="Child V",
    ),
    dict(
        doc="rapid-review-child-v-key-messages",
        question="How many days' notice does a parent have to give before taking a child off "
        "roll to home educate, according to the Child V review?",
        absent=[r"\bnotice\b", r"\bdays?\b"],
    ),
    dict(
        doc="rapid-review-child-v-key-messages",
        question="What qualifications or training should an elective home education adviser have?",
        absent=[r"qualif", r"training", r"trained"],
    ),
    # 4. Family Z
    dict(
        doc="lcspr-family-z-learning-brief",
        question="Mum has hardly any English but her husband is happy to translate for her when "
        "I visit. Is that all right?",
        contains="a professional interpreter, never a family member or child",
        review="Family Z",
    ),
    dict(
        doc="lcspr-family-z-learning-brief",
        question="What did the Family Z review find about a dad who comes to every meeting and "
        "says yes to everything?",
        contains="nothing in the children's lives changed from one review meeting",
        review="Family Z",
    ),
    dict(
        doc="lcspr-family-z-learning-brief",
        question="I'm a midwife and I've seen marks on a pregnant woman, but her partner always "
        "sits in on appointments. What's the learning?",
        contains="did not ask about them with the father out of the room",
        review="Family Z",
    ),
    dict(
        doc="lcspr-family-z-learning-brief",
        question="Was the mother in Family Z referred to MARAC or given an IDVA after she was "
        "admitted?",
        absent=[r"MARAC", r"IDVA", r"refuge", r"advocate"],
    ),
    dict(
        doc="lcspr-family-z-learning-brief",
        question="How much notice does the Ashgrove interpreting line need to send someone in "
        "person?",
        absent=[
            r"\bnotice\b",
            r"\bhours?\b",
            r"in advance",
            r"face to face",
            r"face-to-face",
            r"in person",
        ],
    ),
    # 5. Leo (private fostering)
    dict(
        doc="spotlight-private-fostering-leo",
        question="A new Year 10 lad is staying with his mum's mate while she works overseas. "
        "Do I need to let anyone know?",
        contains="for 28 days or more, tell the Millbeck private fostering team",
        review="Leo",
    ),
    dict(
        doc="spotlight-private-fostering-leo",
        question="The woman looking after a pupil calls herself his auntie but she's really "
        "just a friend of the family. What did the Leo review say about that?",
        contains="aunts and uncles by blood or marriage are close relatives",
        review="Leo",
    ),
    dict(
        doc="spotlight-private-fostering-leo",
        question="He's shattered in class and his marks keep slipping; we'd put it down to "
        "English not being his first language. Should we think again?",
        contains="seen as a language issue rather than a sign",
        review="Leo",
    ),
    dict(
        doc="spotlight-private-fostering-leo",
        question="How many weeks before a private fostering arrangement starts does the parent "
        "have to let the council know?",
        absent=[r"\bweeks?\b", r"48 hours", r"in advance", r"before the arrangement"],
    ),
    dict(
        doc="spotlight-private-fostering-leo",
        question="Was the family friend prosecuted for making Leo work in the car wash?",
        absent=[r"prosecut", r"charged", r"convict", r"court", r"slavery", r"arrest", r"police"],
    ),
    # 6. Child E
    dict(
        doc="cspr-child-e-learning-brief",
        question="The clinic letter says this autistic lad DNA'd again. Is that the right way "
        "to put it?",
        contains="as if Child E had chosen not to come",
        review="Child E",
    ),
    dict(
        doc="cspr-child-e-learning-brief",
        question="What did the Child E review say about a boy who keeps arriving at school "
        "starving and in yesterday's clothes?",
        contains="thought this was linked to his autism and sensory needs",
        review="Child E",
    ),
    dict(
        doc="cspr-child-e-learning-brief",
        question="Social care keep telling me my worries don't meet their bar. What should I "
        "do next?",
        contains="escalate using the Oakhurst resolving professional differences procedure",
        review="Child E",
    ),
    dict(
        doc="cspr-child-e-learning-brief",
        question="What score on the Oakhurst neglect toolkit means a case should go to a "
        "strategy discussion?",
        absent=[r"score", r"strategy", r"\blevel \d", r"grade"],
    ),
    dict(
        doc="cspr-child-e-learning-brief",
        question="How long was Child E kept in hospital after his teeth were taken out?",
        absent=[r"\bnights?\b", r"stayed", r"in hospital for", r"days? in hospital"],
    ),
    # 7. Email bulletin: Baby N and Child Y
    dict(
        doc="practice-bulletin-23-baby-n-child-y",
        question="Both parents on the special care baby unit have learning difficulties. How do "
        "I check they'll manage the bottles at home?",
        contains="show you, not tell you, how they make up a feed",
        review="Baby N",
    ),
    dict(
        doc="practice-bulletin-23-baby-n-child-y",
        question="What came out of the Baby N rapid review about who should be round the table "
        "when a premature baby goes home?",
        contains="Invite adult services who know the parents to neonatal discharge",
        review="Baby N",
    ),
    dict(
        doc="practice-bulletin-23-baby-n-child-y",
        question="A family with a child on a protection plan has just moved out of our patch. "
        "Can we stop going round now?",
        contains="Keep visiting until the new area has held its transfer-in conference",
        review="Child Y",
    ),
    dict(
        doc="practice-bulletin-23-baby-n-child-y",
        question="What's the deadline in Brackenford's procedure for holding a transfer-in "
        "conference?",
        absent=[r"working days", r"within", r"deadline", r"timescale"],
    ),
    dict(
        doc="practice-bulletin-23-baby-n-child-y",
        question="How much weight had Baby N lost when she was readmitted?",
        absent=[r"\d+ ?g\b", r"grams", r"per ?cent", r"%", r"\bkg\b", r"ounces", r"\blbs?\b"],
    ),
    # 8. Sibling group M
    dict(
        doc="sibling-group-m-learning-brief",
        question="I've just been allocated a family that's been open on and off for years. What "
        "did the Sibling group M review say I should do first?",
        contains="Write a chronology summary when a case transfers",
        review="Sibling group M",
    ),
    dict(
        doc="sibling-group-m-learning-brief",
        question="The house is always spotless when I've booked my visit in. Is that a good sign?",
        contains="Cleaning before a planned visit was taken as progress",
        review="Sibling group M",
    ),
    dict(
        doc="sibling-group-m-learning-brief",
        question="Our crews come across kids when they fit smoke alarms. How do we pass our "
        "worries on?",
        contains="from home safety visits through the partnership referral form",
        review="Sibling group M",
    ),
    dict(
        doc="sibling-group-m-learning-brief",
        question="What score on the Hollinsmoor Home Conditions Scale means a house is unsafe "
        "for children?",
        absent=[r"score", r"\bout of\b", r"\blevel \d", r"unsafe"],
    ),
    dict(
        doc="sibling-group-m-learning-brief",
        question="Were the M children taken into care after the fire officer's visit?",
        absent=[
            r"care order",
            r"foster",
            r"looked after",
            r"removed",
            r"placed",
            r"interim",
            r"proceedings",
        ],
    ),
    # Out of scope: nothing in a safeguarding library answers these
    dict(
        question="My car's MOT runs out next month. Can I get it done at the same garage "
        "that does my service?"
    ),
    dict(question="What's a good recipe for a vegetable lasagne that feeds eight?"),
    dict(
        question="My payslip this month is missing the overtime I did in September. Who do "
        "I contact in payroll?"
    ),
    dict(
        question="How do I book a coach for the Year 6 trip to the seaside, and how many "
        "seats do we need for 58 pupils and 8 staff?"
    ),
    dict(question="Is there a decent car wash near the office that does a full valet?"),
    dict(question="What time does the leisure centre swimming pool open on a Sunday?"),
]


# ---------------------------------------------------------------------------------------
# PDF writers
# ---------------------------------------------------------------------------------------
class PDF(FPDF):
    def __init__(self, orientation: str = "P") -> None:
        super().__init__(orientation=orientation, format="A4")
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font("DejaVu", "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.set_font("DejaVu", "", 10)
        self.set_creation_date(FIXED_TIME)
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, 20)
        self.footer_text = ""
        self.header_text = ""

    def header(self) -> None:
        if self.header_text:
            self.set_y(7)
            self.set_font("DejaVu", "", 7.5)
            self.set_text_color(110, 110, 110)
            self.cell(0, 4, self.header_text, align="R")
            self.set_text_color(0, 0, 0)
            self.set_y(self.t_margin)

    def footer(self) -> None:
        if self.footer_text:
            self.set_y(-13)
            self.set_font("DejaVu", "", 8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, self.footer_text.replace("{page}", str(self.page_no())), align="C")
            self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: float = 13, color=(40, 40, 40)) -> None:
        self.ln(2)
        self.set_font("DejaVu", "B", size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(1)

    def para(self, text, size=10, x=None, w=0, lh=None, style="") -> None:
        self.set_font("DejaVu", style, size)
        if x is not None:
            self.set_x(x)
        self.multi_cell(
            w, lh or size * 0.5, text, new_x="LEFT" if x is not None else "LMARGIN", new_y="NEXT"
        )
        self.ln(1.5)

    def bullet(self, text, size=10, x=None, w=None, marker="•", indent=5, lh=None) -> None:
        x0 = self.l_margin if x is None else x
        width = (self.w - self.r_margin - x0) if w is None else w
        self.set_font("DejaVu", "", size)
        y = self.get_y()
        if self.auto_page_break and y + (lh or size * 0.5) > self.page_break_trigger:
            self.add_page()  # keep the marker with the first line of its text
            y = self.get_y()
        self.set_xy(x0, y)
        self.cell(indent, lh or size * 0.5, marker)
        self.set_xy(x0 + indent, y)
        self.multi_cell(width - indent, lh or size * 0.5, text, new_x="LEFT", new_y="NEXT")
        self.ln(1)


def pdf_baby_k(path: Path, brief: dict) -> None:
    pdf = PDF(orientation="L")
    pdf.set_auto_page_break(False)
    pdf.set_margins(12, 10, 12)
    pdf.add_page()
    secs = {s[0]: s for s in brief["sections"]}
    # title block
    pdf.set_xy(12, 9)
    pdf.set_font("DejaVu", "B", 19)
    pdf.set_text_color(30, 30, 30)
    pdf.cell(
        0, 9, "Baby K: Child Safeguarding Practice Review (CSPR)", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("DejaVu", "", 9.5)
    pdf.set_text_color(80, 80, 80)
    pdf.cell(
        0,
        5,
        f"Learning on a page  ·  {brief['partnership']}  ·  October 2025",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(0, 0, 0)
    top, bottom = 29, 176
    gap = 5
    colw = (pdf.w - 24 - 2 * gap) / 3
    colours = [(0, 94, 140), (176, 58, 46), (39, 118, 61)]
    tints = [(230, 241, 248), (250, 234, 232), (231, 244, 234)]
    for i, key in enumerate(("Context", "Learning", "Actions")):
        heading, _role, style, items = secs[key]
        x = 12 + i * (colw + gap)
        pdf.set_fill_color(*tints[i])
        pdf.rect(x, top, colw, bottom - top, style="F")
        pdf.set_fill_color(*colours[i])
        pdf.rect(x, top, colw, 11, style="F")
        pdf.set_xy(x + 4, top + 2.2)
        pdf.set_font("DejaVu", "B", 13)
        pdf.set_text_color(255, 255, 255)
        pdf.cell(colw - 8, 6.5, heading)
        pdf.set_text_color(0, 0, 0)
        pdf.set_y(top + 15)
        for t in items:
            if style == "para":
                pdf.para(t, size=9, x=x + 4, w=colw - 8, lh=4.3)
                pdf.ln(0.5)
            else:
                pdf.bullet(t, size=9, x=x + 4, w=colw - 8, lh=4.3, indent=4.5, marker="▸")
                pdf.ln(1.2)
        assert pdf.get_y() < bottom - 2, f"column {key} overflows: {pdf.get_y()}"
    # further information strip
    heading, _role, _style, items = secs["Find out more"]
    pdf.set_fill_color(238, 238, 238)
    pdf.rect(12, bottom + 3, pdf.w - 24, 17, style="F")
    pdf.set_xy(16, bottom + 4.5)
    pdf.set_font("DejaVu", "B", 9.5)
    pdf.cell(0, 5, heading, new_x="LMARGIN", new_y="NEXT")
    for t in items:
        pdf.bullet(t, size=8.5, x=16, w=pdf.w - 32, lh=4.2, indent=4, marker="›")
        pdf.ln(-0.6)
    pdf.set_xy(12, pdf.h - 9)
    pdf.set_font("DejaVu", "I", 7.5)
    pdf.set_text_color(100, 100, 100)
    pdf.cell(
        0,
        4,
        f"{FICTIONAL}: Baby K, her family, the tools and the partnership are invented.",
        align="C",
    )
    pdf.output(str(path))


def pdf_young_person_r(path: Path, brief: dict) -> None:
    pdf = PDF()
    pdf.footer_text = f"{brief['partnership']}  ·  {FICTIONAL}  ·  {{page}}"
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 9)
    pdf.set_text_color(120, 60, 140)
    pdf.cell(0, 5, "LOCAL CHILD SAFEGUARDING PRACTICE REVIEW", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 20)
    pdf.set_text_color(30, 30, 30)
    pdf.cell(0, 10, "Young Person R: a timeline learning brief", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9.5)
    pdf.set_text_color(90, 90, 90)
    pdf.cell(
        0, 5, f"{brief['partnership']}  ·  published September 2025", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(120, 60, 140)
    pdf.set_line_width(0.6)
    pdf.line(18, pdf.get_y() + 2, pdf.w - 18, pdf.get_y() + 2)
    pdf.set_line_width(0.2)
    pdf.ln(4)
    for heading, _role, style, items in brief["sections"]:
        pdf.heading(heading, color=(120, 60, 140))
        if style == "para":
            for t in items:
                pdf.para(t)
        elif style == "table":
            pdf.set_font("DejaVu", "", 9.5)
            pdf.set_draw_color(200, 190, 210)
            with pdf.table(
                col_widths=(38, 136),
                line_height=5,
                text_align="LEFT",
                first_row_as_headings=False,
                borders_layout="HORIZONTAL_LINES",
                padding=(1.8, 2, 1.8, 2),
            ) as table:
                for when, what in items:
                    r = table.row()
                    r.cell(when, style=FontFace(emphasis="BOLD", color=(120, 60, 140)))
                    r.cell(what)
            pdf.ln(2)
        elif style == "numbers":
            for i, t in enumerate(items, start=1):
                pdf.bullet(t, marker=f"{i}.", indent=7)
        else:
            for t in items:
                pdf.bullet(t)
    pdf.output(str(path))


def pdf_child_v(path: Path, brief: dict) -> None:
    pdf = PDF()
    pdf.footer_text = f"Rapid Review: Child V  ·  {brief['partnership']}  ·  {FICTIONAL}"
    pdf.add_page()
    teal = (0, 120, 120)
    pdf.set_font("DejaVu", "B", 21)
    pdf.set_text_color(*teal)
    pdf.cell(0, 10, "Rapid Review: Child V", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 12)
    pdf.set_text_color(50, 50, 50)
    pdf.cell(0, 6, "Six key messages for practitioners", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.set_text_color(100, 100, 100)
    pdf.cell(0, 5, f"{brief['partnership']}  ·  July 2025", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    for heading, _role, style, items in brief["sections"]:
        pdf.heading(heading, color=teal)
        if style == "para":
            for t in items:
                pdf.para(t)
        elif style == "pairs":
            for n, (head, body) in enumerate(items, start=1):
                if pdf.get_y() > pdf.h - 50:
                    pdf.add_page()
                y = pdf.get_y() + 1
                pdf.set_fill_color(*teal)
                pdf.ellipse(18, y, 10, 10, style="F")
                pdf.set_xy(18, y + 2)
                pdf.set_font("DejaVu", "B", 12)
                pdf.set_text_color(255, 255, 255)
                pdf.cell(10, 6, str(n), align="C")
                pdf.set_text_color(*teal)
                pdf.set_xy(32, y + 0.5)
                pdf.set_font("DejaVu", "B", 11.5)
                pdf.cell(0, 6, head, new_x="LMARGIN", new_y="NEXT")
                pdf.set_text_color(0, 0, 0)
                pdf.set_x(32)
                pdf.set_font("DejaVu", "", 10)
                pdf.multi_cell(pdf.w - 18 - 32, 5, body, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(3.5)
        else:
            for t in items:
                pdf.bullet(t, marker="✓" if heading == "Good practice" else "•")
    pdf.output(str(path))


def _roman(n: int) -> str:
    return ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][n - 1]


def pdf_family_z(path: Path, brief: dict) -> None:
    """Vary the line height of the case summary (an invisible change) until the chosen
    learning point is the one that crosses the page break, two to four lines before it."""
    target = brief["straddle"]
    for step in range(0, 200):
        lh_bg = 5.5 + step * 0.01
        pdf, crossed = _family_z_layout(brief, lh_bg, target)
        if crossed:
            pdf.output(str(path))
            return
    raise SystemExit("could not place the Family Z point across the page break")


def _family_z_layout(brief: dict, lh_bg: float, target: int):
    pdf = PDF()
    pdf.header_text = f"LCSPR Family Z · learning brief · {FICTIONAL}"
    pdf.footer_text = f"{brief['partnership']} · Page {{page}} of {{nb}}"
    pdf.set_auto_page_break(True, 22)
    pdf.add_page()
    navy = (25, 45, 95)
    pdf.set_font("DejaVu", "B", 18)
    pdf.set_text_color(*navy)
    pdf.multi_cell(
        0, 8.5, "Local Child Safeguarding Practice Review: Family Z", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("DejaVu", "", 10)
    pdf.set_text_color(80, 80, 80)
    pdf.cell(
        0, 6, f"Learning brief  ·  {brief['partnership']}  ·  2025", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(*navy)
    pdf.line(18, pdf.get_y() + 1.5, pdf.w - 18, pdf.get_y() + 1.5)
    pdf.ln(4)
    crossed = False
    size, lh = 11, 6.0
    for heading, _role, style, items in brief["sections"]:
        pdf.heading(heading, size=12.5, color=navy)
        for i, t in enumerate(items):
            if style == "para":
                pdf.para(t, size=size, lh=lh_bg)
            elif style == "roman":
                page0, y0 = pdf.page_no(), pdf.get_y()
                pdf.set_font("DejaVu", "B", size)
                pdf.write(lh, f"({_roman(i + 1)})  ")
                pdf.set_font("DejaVu", "", size)
                pdf.write(lh, t)
                pdf.ln(lh)
                if i == target:
                    usable = pdf.h - pdf.b_margin
                    lines_before = int((usable - y0) // lh)
                    crossed = pdf.page_no() == page0 + 1 and 2 <= lines_before <= 4
                elif pdf.page_no() != page0:
                    return pdf, False  # another point crossed the break
                pdf.ln(2.4)
            else:
                pdf.bullet(t, size=size, marker="–", lh=lh)
    return pdf, crossed and pdf.page_no() <= 3


# ---------------------------------------------------------------------------------------
# DOCX writers
# ---------------------------------------------------------------------------------------
def _docx_common(brief: dict, footer: str):
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = "Calibri"
    st.font.size = Pt(11)
    d.core_properties.author = "blind8 build (fictional)"
    d.core_properties.title = FICTIONAL
    d.core_properties.created = FIXED_TIME.replace(tzinfo=None)
    d.core_properties.modified = FIXED_TIME.replace(tzinfo=None)
    d.core_properties.last_modified_by = "blind8 build"
    d.core_properties.revision = 1
    fp = d.sections[0].footer.paragraphs[0]
    fp.text = footer
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return d


def _save_docx(d, path: Path) -> None:
    """python-docx stamps zip entries with the current time: rewrite them fixed."""
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 11, 3, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            out.writestr(zi, src.read(info.filename))


def _shade(cell, hex_fill: str) -> None:
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill)
    tcPr.append(shd)


def _left_border(paragraph, colour: str = "C0504D") -> None:
    pPr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    left.set(qn("w:val"), "single")
    left.set(qn("w:sz"), "18")
    left.set(qn("w:space"), "8")
    left.set(qn("w:color"), colour)
    bdr.append(left)
    pPr.append(bdr)


def docx_leo(path: Path, brief: dict) -> None:
    d = _docx_common(brief, f"{FICTIONAL} – {brief['partnership']} – Spotlight series no. 4")
    d.add_heading("Spotlight on… private fostering", level=0)
    p = d.add_paragraph()
    r = p.add_run("Learning from a Local Child Safeguarding Practice Review about Leo")
    r.bold = True
    r.font.size = Pt(13)
    meta = d.add_paragraph(f"{brief['partnership']}  |  November 2025  |  {FICTIONAL}")
    meta.runs[0].italic = True
    meta.runs[0].font.color.rgb = RGBColor(90, 90, 90)
    for heading, _role, style, items in brief["sections"]:
        if style == "box":
            t = d.add_table(rows=1, cols=1)
            t.style = "Table Grid"
            cell = t.cell(0, 0)
            _shade(cell, "FFF2CC")
            first = cell.paragraphs[0]
            hr = first.add_run(heading)
            hr.bold = True
            hr.font.size = Pt(13)
            hr.font.color.rgb = RGBColor(127, 96, 0)
            for text in items:
                cell.add_paragraph(text)
            d.add_paragraph()
            continue
        d.add_heading(heading, level=1)
        if style == "table":
            t = d.add_table(rows=1, cols=2)
            t.style = "Table Grid"
            for c, label in zip(t.rows[0].cells, ("Myth", "Reality")):
                c.paragraphs[0].add_run(label).bold = True
                _shade(c, "D9E2F3")
            for myth, reality in items:
                row = t.add_row().cells
                row[0].text = myth
                row[1].text = reality
            continue
        for text in items:
            d.add_paragraph(text, style=style)
    _save_docx(d, path)


def _direct_heading(d, text: str, size: float, colour=(31, 78, 121)) -> None:
    p = d.add_paragraph()
    p.paragraph_format.space_before = Pt(10)
    p.paragraph_format.space_after = Pt(3)
    r = p.add_run(text)
    r.bold = True
    r.font.size = Pt(size)
    r.font.color.rgb = RGBColor(*colour)


def docx_child_e(path: Path, brief: dict) -> None:
    d = _docx_common(brief, f"{FICTIONAL} – {brief['partnership']} – CSPR Child E")
    _direct_heading(d, "CSPR Child E: Learning Brief", 20)
    meta = d.add_paragraph(
        f"{brief['partnership']}  |  Child Safeguarding Practice Review  |  "
        f"August 2025  |  {FICTIONAL}"
    )
    meta.runs[0].italic = True
    meta.runs[0].font.size = Pt(9.5)
    for heading, _role, style, items in brief["sections"]:
        _direct_heading(d, heading, 14)
        for i, text in enumerate(items):
            if style == "para":
                d.add_paragraph(text)
            elif style == "typed":
                p = d.add_paragraph(f"{i + 1}) {text}")
                p.paragraph_format.left_indent = Cm(0.4)
                voice = brief["voices"].get(i)
                if voice:
                    v = d.add_paragraph()
                    v.paragraph_format.left_indent = Cm(1.4)
                    v.paragraph_format.right_indent = Cm(1.4)
                    _left_border(v)
                    vr = v.add_run(voice)
                    vr.italic = True
                    vr.font.color.rgb = RGBColor(150, 50, 45)
            else:
                p = d.add_paragraph(f"- {text}")
                p.paragraph_format.left_indent = Cm(0.4)
    _save_docx(d, path)


# ---------------------------------------------------------------------------------------
# Text writers
# ---------------------------------------------------------------------------------------
def _wrap(text: str, first: str, rest: str, width: int = 76) -> list[str]:
    import textwrap

    return textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )


def txt_bulletin(path: Path, brief: dict) -> None:
    lines = [
        "From:    Brackenford SCP Learning Team <learning@brackenford-scp.example>",
        "To:      All practitioners in Brackenford",
        "Date:    Tue, 14 Oct 2025 09:12:00 +0100",
        "Subject: Practice Learning Bulletin No. 23 - learning from two rapid reviews",
        "",
        f"[{FICTIONAL}. All names, facts and services below are invented.]",
        "",
        "Dear colleague,",
        "",
        *_wrap(
            "This bulletin shares learning from two rapid reviews held by the partnership "
            "in August and September 2025. Please read it with your team and forward it "
            "to anyone who works with babies or with families who move.",
            "",
            "",
        ),
        "",
    ]
    for title, _kind, sections in brief["boxes"]:
        lines += ["", title, "=" * len(title), ""]
        for heading, _role, style, items in sections:
            lines += [heading, "-" * len(heading)]
            for t in items:
                if style == "para":
                    lines += _wrap(t, "", "") + [""]
                else:
                    lines += _wrap(t, "* ", "  ")
            if style != "para":
                lines.append("")
    for heading, _role, _style, items in brief["sections"]:
        lines += ["", heading, "=" * len(heading), ""]
        for t in items:
            lines += _wrap(t, "* ", "  ")
        lines.append("")
    lines += [
        "Kind regards,",
        "",
        "Learning and Improvement Officer",
        brief["partnership"],
        "",
        "--",
        "You are receiving this because you are on the Brackenford practitioner mailing list.",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def md_sibling_group_m(path: Path, brief: dict) -> None:
    title = "Sibling group M: learning brief"
    lines = [
        title,
        "=" * len(title),
        "",
        f"*Local Child Safeguarding Practice Review · {brief['partnership']} · December 2025*",
        "",
        f"*{FICTIONAL}: the children, family, tools and partnership are invented.*",
        "",
    ]
    for heading, _role, style, items in brief["sections"]:
        if style == "quote":
            for t in items:
                lines += [f"> **{heading}:** {t}", ""]
            continue
        lines += [heading, "-" * len(heading), ""]
        for i, item in enumerate(items, start=1):
            if style == "para":
                lines += [item, ""]
            elif style == "numbers":
                lines.append(f"{i}. {item}")
            elif style == "nested":
                label, subs = item
                lines.append(f"- **{label}**")
                lines += [f"    - {s}" for s in subs]
            else:
                lines.append(f"- {item}")
        if style != "para":
            lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


WRITERS = {
    "cspr-baby-k-learning-on-a-page.pdf": pdf_baby_k,
    "lcspr-young-person-r-timeline.pdf": pdf_young_person_r,
    "rapid-review-child-v-key-messages.pdf": pdf_child_v,
    "lcspr-family-z-learning-brief.pdf": pdf_family_z,
    "spotlight-private-fostering-leo.docx": docx_leo,
    "cspr-child-e-learning-brief.docx": docx_child_e,
    "practice-bulletin-23-baby-n-child-y.txt": txt_bulletin,
    "sibling-group-m-learning-brief.md": md_sibling_group_m,
}


def question_rows() -> list[dict]:
    rows = []
    for i, q in enumerate(QUESTIONS, start=1):
        qid = f"hc{i:02d}"
        if "contains" in q:
            rv = q["review"] if isinstance(q["review"], list) else [q["review"]]
            rows.append(
                {
                    "id": qid,
                    "question": q["question"],
                    "answerable": True,
                    "relevant": [{"doc": q["doc"], "contains": q["contains"]}],
                    "review_any": rv,
                }
            )
        elif "doc" in q:
            rows.append(
                {
                    "id": qid,
                    "question": q["question"],
                    "answerable": False,
                    "relevant": [],
                    "expect": "related",
                    "review_any": [],
                }
            )
        else:
            rows.append(
                {
                    "id": qid,
                    "question": q["question"],
                    "answerable": False,
                    "relevant": [],
                    "review_any": [],
                }
            )
    return rows


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, brief in BRIEFS.items():
        WRITERS[name](out / name, brief)
        expected[name] = {
            "reviews": brief["reviews"],
            "points": len(point_texts(name)),
            "roles": roles_of(name),
        }
    (HERE / "expected.json").write_text(
        json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    with (HERE / "questions.jsonl").open("w", encoding="utf-8") as fh:
        for row in question_rows():
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    sys.path.insert(0, str(HERE))
    import check

    check.run(out)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else HERE / "briefs"))
