"""Build the held-out briefs: six FICTIONAL child-safeguarding learning briefs.

Usage: python evals/holdout_briefs/build.py evals/holdout_briefs/briefs

Every child, fact, place and partnership below is invented for testing a document
parser. The script writes the six briefs into the given folder and writes
expected.json and questions.jsonl next to this script, then runs the checks in
check.py (spans verbatim in one point, near-topic facts absent, files readable).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from fpdf import FPDF
from fpdf.fonts import FontFace

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FICTIONAL = "Fictional brief for testing"

# ---------------------------------------------------------------------------------------
# Source data. Each brief: file name, reviews, and sections (heading, role, style, items).
# Every item is one learning point as a reader counts it.
# ---------------------------------------------------------------------------------------

BRIEFS: dict[str, dict] = {}

# -- A. Rapid-review summary with a Finding | Evidence | Action table (PDF) ----------------
BRIEFS["rapid-review-baby-o-summary.pdf"] = {
    "reviews": ["Baby O"],
    "partnership": "Fernhill and Marsh Safeguarding Children Partnership (fictional)",
    "sections": [
        (
            "Background",
            "background",
            "para",
            [
                "Baby O was nine weeks old when she was admitted to hospital with a skull fracture "
                "and bleeding on the brain. She lived with her mother, aged 19, and her mother's "
                "partner, who was not her father.",
                "In the month before the admission the family moved twice between temporary "
                "flats, and the health visiting service lost track of them for three weeks after "
                "the second move.",
            ],
        ),
        (
            "Findings",
            "learning",
            "table",
            [
                (
                    "Housing moves broke the chain of health visiting contact.",
                    "The records for the new flat were not passed on until 19 days after the move.",
                    "Housing officers will notify the health visiting hub within two working days "
                    "when a family with a baby is rehoused.",
                ),
                (
                    "The mother's partner was treated as a visitor rather than a carer.",
                    "He was present at four of five home visits but his name was never recorded.",
                    "Practitioners will record the name and role of every adult living in or "
                    "regularly staying at the home.",
                ),
                (
                    "Constant crying was not recognised as a pressure point for the couple.",
                    "The mother told the GP at the six-week check that she could not cope with "
                    "the crying.",
                    "GPs and health visitors will give advice on coping with crying at every "
                    "contact in the first twelve weeks.",
                ),
                (
                    "Early help was offered but closed when the family could not be reached.",
                    "Two letters were sent to the old address and the case was closed after 14 "
                    "days.",
                    "Early help will not close a case for a baby under one without a home visit "
                    "to the last known address.",
                ),
            ],
        ),
        (
            "Good practice",
            "good_practice",
            "bullets",
            [
                "The emergency department nurse noticed the swelling and escalated to the "
                "paediatric registrar within minutes of arrival.",
                "Police and children's social care held a joint strategy discussion on the day "
                "of admission.",
            ],
        ),
    ],
}

# -- B. Newsletter page: masthead, date line, two reviews in boxes side by side (PDF) ------
BRIEFS["safeguarding-matters-spring-2025.pdf"] = {
    "reviews": ["Child L", "Baby T"],
    "partnership": "Wyebridge Children's Safeguarding Partnership (fictional)",
    "boxes": [
        (
            "Child L",
            "Local Child Safeguarding Practice Review",
            [
                (
                    "What happened",
                    "background",
                    "para",
                    [
                        "Child L, aged 11, was found living in a home with no working heating, "
                        "little food and dog mess on the floors. She had missed 38 days of school "
                        "over two terms, and her mother had been drinking heavily since a "
                        "bereavement.",
                    ],
                ),
                (
                    "Learning",
                    "learning",
                    "bullets",
                    [
                        "Poor school attendance was handled as an attendance matter and not as "
                        "possible neglect.",
                        "Practitioners accepted the mother's accounts without seeing Child L's "
                        "bedroom or the kitchen.",
                        "The impact of the mother's grief and drinking on her parenting was not "
                        "explored.",
                    ],
                ),
                (
                    "What to do",
                    "practice_points",
                    "bullets",
                    [
                        "Look at where the child sleeps and what food is in the house on every "
                        "home visit.",
                        "Ask the school nurse and attendance officer what they know when absence "
                        "starts to build up.",
                    ],
                ),
            ],
        ),
        (
            "Baby T",
            "Rapid Review",
            [
                (
                    "What happened",
                    "background",
                    "para",
                    [
                        "Baby T, aged four months, suffered burns to his hands and feet. His father "
                        "had left prison six weeks earlier and moved back into the family home "
                        "without children's social care being told.",
                    ],
                ),
                (
                    "Learning",
                    "learning",
                    "bullets",
                    [
                        "Probation knew the date of the father's release but did not share it with "
                        "the health visitor.",
                        "A plan made while the father was in custody was never reviewed after he "
                        "came home.",
                        "Burns in a baby who cannot walk need a child protection medical, whatever "
                        "the explanation.",
                    ],
                ),
                (
                    "What to do",
                    "practice_points",
                    "bullets",
                    [
                        "Check with probation whether any adult in the household is on licence or "
                        "has recently left custody.",
                        "Review the child's plan whenever someone moves into or out of the "
                        "household.",
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
                "Wyebridge neglect practice guidance (fictional): www.wyebridge-csp.example/neglect",
                "Protocol for injuries in non-mobile babies (fictional): "
                "www.wyebridge-csp.example/injuries",
            ],
        ),
    ],
}

# -- C. Briefing slides exported to PDF, one landscape slide per page ---------------------
BRIEFS["child-f-briefing-slides.pdf"] = {
    "reviews": ["Child F"],
    "partnership": "Ashcombe Safeguarding Partnership (fictional)",
    "slides": [
        [
            (
                "About Child F",
                "background",
                "bullets",
                [
                    "Child F was 13 and lived with his father and two younger sisters.",
                    "He spent most nights gaming online and was contacted by an adult posing as a "
                    "15-year-old.",
                    "Over four months he was groomed into sending images and later met the adult "
                    "in a park.",
                ],
            )
        ],
        [
            (
                "Key findings",
                "learning",
                "bullets",
                [
                    "Changes in Child F's sleep and mood were put down to normal teenage behaviour.",
                    "The school logged an online safety concern but did not share it with his GP or "
                    "social worker.",
                    "His father did not know how to use the parental controls on the console and "
                    "nobody showed him.",
                    "Child F was asked about the images with his father in the room, so he said "
                    "very little.",
                ],
            )
        ],
        [
            (
                "Recommendations",
                "recommendations",
                "bullets",
                [
                    "Schools should share online safety concerns with the wider network when they "
                    "form part of a pattern.",
                    "The partnership should offer fathers and carers practical sessions on parental "
                    "controls.",
                    "Children should be spoken to alone about online abuse unless there is a clear "
                    "reason not to.",
                ],
            ),
            (
                "Questions for your team",
                "reflective_questions",
                "bullets",
                [
                    "How do we tell the difference between teenage moodiness and signs of abuse?",
                    "When did we last ask a child what they do online, and who they talk to?",
                    "Who in our service could help a parent set up the controls on a games console?",
                ],
            ),
        ],
    ],
}
BRIEFS["child-f-briefing-slides.pdf"]["sections"] = [
    s for slide in BRIEFS["child-f-briefing-slides.pdf"]["slides"] for s in slide
]

# -- D. "What happened / What we learned / What we will do differently" (DOCX) ------------
BRIEFS["lcspr-siblings-c-and-d.docx"] = {
    "reviews": ["Siblings C and D"],
    "partnership": "Marlow Brook Safeguarding Children Partnership (fictional)",
    "sections": [
        (
            "What happened",
            "background",
            "para",
            [
                "Siblings C and D, aged six and eight, lived with their mother and her partner. "
                "Police were called to the home nine times in eighteen months after neighbours "
                "heard shouting.",
                "Each time the children were recorded as asleep upstairs, and officers did not "
                "speak to them. The domestic abuse notifications reached the school but were "
                "filed without any follow-up.",
                "The review began after D told a teacher that he hid with his sister in a "
                "wardrobe when the adults fought.",
            ],
        ),
        (
            "What we learned",
            "learning",
            "List Bullet",
            [
                "Children who are described as asleep during an incident have often heard or "
                "seen what happened.",
                "A run of police callouts should be looked at as a pattern, not judged one "
                "incident at a time.",
                "The mother's partner controlled her money and phone, which made it hard for her "
                "to ask for help.",
                "Schools receiving notifications need a named person who decides what support "
                "the child needs the next day.",
            ],
        ),
        (
            "What we will do differently",
            "recommendations",
            "List Number",
            [
                "Police will speak to every child present at a domestic abuse incident, or "
                "record why they could not.",
                "The partnership will review households with three or more callouts in six "
                "months at the daily safeguarding meeting.",
                "Every school will confirm who its designated contact is for domestic abuse "
                "notifications.",
            ],
        ),
    ],
}

# -- E. Thematic brief over three reviews, one paragraph per review, Heading 2 (DOCX) -----
BRIEFS["thematic-criminal-exploitation.docx"] = {
    "reviews": ["Young Person A", "Young Person O", "Young Person W"],
    "partnership": "Northmoor Safeguarding Children Partnership (fictional)",
    "title": "Thematic Learning Brief: Adolescents at risk of criminal exploitation",
    "sections": [
        (
            "The three reviews",
            "background",
            "runin",
            [
                (
                    "Young Person A (LCSPR).",
                    " A, aged 15, was stabbed near a railway station 40 miles from home after being "
                    "reported missing eleven times in a year. He had been excluded from school in "
                    "Year 9 and was carrying drugs for an older group.",
                ),
                (
                    "Young Person O (Rapid Review).",
                    " O, aged 14, was arrested in a flat used for dealing in another county. Police "
                    "treated her as a suspect for the first 48 hours before anyone considered a "
                    "referral as a possible victim of trafficking.",
                ),
                (
                    "Young Person W (LCSPR).",
                    " W, aged 16, died after a fall from a balcony while being chased. He had been "
                    "moved to a placement out of area, and the receiving authority was not told "
                    "about the exploitation concerns.",
                ),
            ],
        ),
        (
            "Common findings",
            "learning",
            "List Number",
            [
                "Repeated missing episodes were recorded, but return home interviews did not ask "
                "where the young people had been or who with.",
                "School exclusion removed a protective daily routine and left the young people "
                "with time the groups exploited.",
                "Young people found carrying drugs were treated as offenders before they were "
                "seen as victims of exploitation.",
                "Moves out of area were made without the new area being given the full picture "
                "of risk.",
            ],
        ),
        (
            "Good practice",
            "good_practice",
            "List Bullet",
            [
                "A youth worker kept in touch with Young Person A by text throughout his missing "
                "episodes and was the adult he trusted most.",
                "Custody staff in Young Person O's case called an appropriate adult within an "
                "hour of her arrest.",
            ],
        ),
        (
            "Reflective questions",
            "reflective_questions",
            "List Bullet",
            [
                "Would I see a 14-year-old found with drugs as a victim first?",
                "What do I do with the information from a return home interview?",
                "Does the placement I am arranging know everything we know about the risks?",
            ],
        ),
        (
            "Further information",
            "further_information",
            "para",
            [
                "Northmoor guidance on contextual safeguarding (fictional), available from the "
                "partnership website.",
                "Northmoor missing children protocol (fictional), section 4 on return home "
                "interviews.",
            ],
        ),
    ],
}

# -- F. Q&A brief in Markdown, questions as bold lines (MD) --------------------------------
BRIEFS["baby-g-questions-answers.md"] = {
    "reviews": ["Baby G"],
    "partnership": "Kestrel Vale Safeguarding Children Partnership (fictional)",
    "sections": [
        (
            "Who was Baby G?",
            "background",
            "para",
            [
                "Baby G was a three-month-old boy who died after sleeping on a sofa with his "
                "father, who had been drinking at a family party that evening.",
                "He was the couple's first child. His mother was recovering from a caesarean "
                "section and the family had no cot downstairs.",
            ],
        ),
        (
            "What did the review find?",
            "learning",
            "bullets",
            [
                "Safe sleep advice had been given to the mother in hospital but never to the "
                "father.",
                "Advice focused on the cot at night and did not cover naps or sleeping on a sofa.",
                "Nobody asked how the sleeping arrangements would change at weekends or during "
                "celebrations.",
                "The father's regular heavy drinking was known to his GP but not linked to the "
                "baby's safety.",
            ],
        ),
        (
            "What worked well?",
            "good_practice",
            "bullets",
            [
                "The midwife gave clear written safe sleep information before discharge.",
                "Police and the paediatrician carried out the joint response to the death "
                "promptly and sensitively.",
            ],
        ),
        (
            "What should I do in my practice?",
            "practice_points",
            "numbers",
            [
                "Give safe sleep advice to both parents and any other regular carer, and record "
                "who received it.",
                "Ask where the baby sleeps in the day and in the evening, not just at night.",
                "Talk about how alcohol, drugs and tiredness make sharing a sofa or bed more "
                "dangerous.",
            ],
        ),
        (
            "What should I ask myself?",
            "reflective_questions",
            "bullets",
            [
                "Have I spoken to the father or partner about safe sleep, or only the mother?",
                "Do I know what will happen to the baby's sleep when plans change?",
            ],
        ),
        (
            "Where can I find out more?",
            "further_information",
            "bullets",
            [
                "Kestrel Vale safer sleep guidance for practitioners (fictional)",
                "Kestrel Vale pathway for preventing sudden unexpected infant deaths (fictional)",
            ],
        ),
    ],
}


def point_texts(name: str) -> list[str]:
    """Every learning point of a brief as plain text (table rows: cells joined by ' | ')."""
    brief = BRIEFS[name]
    sections = []
    for _subject, _kind, box_sections in brief.get("boxes", []):
        sections.extend(box_sections)
    sections.extend(brief["sections"])
    out = []
    for _heading, _role, _style, items in sections:
        for item in items:
            out.append(
                " | ".join(item)
                if _style == "table"
                else "".join(item)
                if _style == "runin"
                else item
            )
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
    brief = BRIEFS[name]
    found = {s[1] for s in brief["sections"]}
    for _subject, _kind, box_sections in brief.get("boxes", []):
        found |= {s[1] for s in box_sections}
    return [r for r in order if r in found]


# ---------------------------------------------------------------------------------------
# Questions: 3 answerable + 2 near-topic per brief. Near-topic ones carry `absent`
# regexes that must NOT match the brief's text (checked in check.py, not written out).
# ---------------------------------------------------------------------------------------
QUESTIONS: list[dict] = [
    # A. Baby O
    dict(
        doc="rapid-review-baby-o-summary",
        question="We've just rehoused a young mum with a "
        "newborn into a new flat. How quickly is the health visiting team meant to find out?",
        contains="notify the health visiting hub within two working days",
        review="Baby O",
    ),
    dict(
        doc="rapid-review-baby-o-summary",
        question="Mum's boyfriend is always around when I "
        "visit but he isn't the baby's dad. Do I need to put his details on file?",
        contains="record the name and role of every adult",
        review="Baby O",
    ),
    dict(
        doc="rapid-review-baby-o-summary",
        question="Can we shut an early help case on a tiny "
        "baby if the family just won't answer our letters?",
        contains="will not close a case for a baby under one",
        review="Baby O",
    ),
    dict(
        doc="rapid-review-baby-o-summary",
        question="Which hospital was Baby O taken to with her head injury?",
        absent=[r"[A-Z][a-z]+ (General|Royal|Hospital|Infirmary)", r"hospital (called|named)"],
    ),
    dict(
        doc="rapid-review-baby-o-summary",
        question="Was the mother's partner charged or prosecuted over Baby O's skull fracture?",
        absent=[r"prosecut", r"charged", r"convict", r"court", r"sentenc", r"arrest"],
    ),
    # B. Newsletter: Child L and Baby T
    dict(
        doc="safeguarding-matters-spring-2025",
        question="A girl in my class has been off for "
        "weeks on and off. Should I be treating it as more than just a register issue?",
        contains="handled as an attendance matter and not as possible neglect",
        review="Child L",
    ),
    dict(
        doc="safeguarding-matters-spring-2025",
        question="When I go round to a family's house "
        "where I'm worried about neglect, what should I actually be checking?",
        contains="Look at where the child sleeps and what food",
        review="Child L",
    ),
    dict(
        doc="safeguarding-matters-spring-2025",
        question="Dad's just come out of jail and "
        "moved back in with the baby. Who should I be getting in touch with?",
        contains="Check with probation whether any adult in the household",
        review="Baby T",
    ),
    dict(
        doc="safeguarding-matters-spring-2025",
        question="Which primary school did Child L go to?",
        absent=[r"[A-Z][a-z]+ (Primary|Academy|School|Junior)", r"school (called|named)"],
    ),
    dict(
        doc="safeguarding-matters-spring-2025",
        question="Was Baby T's father prosecuted for the burns?",
        absent=[r"prosecut", r"charged", r"convict", r"court", r"sentenc", r"arrest"],
    ),
    # C. Child F slides
    dict(
        doc="child-f-briefing-slides",
        question="A 13-year-old on my caseload is up all night "
        "and really withdrawn. Can I just put it down to hormones?",
        contains="put down to normal teenage behaviour",
        review="Child F",
    ),
    dict(
        doc="child-f-briefing-slides",
        question="I need to talk to a boy about pictures he's "
        "been sending someone on the internet. Should his dad sit in on it?",
        contains="spoken to alone about online abuse unless there is",
        review="Child F",
    ),
    dict(
        doc="child-f-briefing-slides",
        question="Our school has picked up worries about what "
        "a pupil gets up to on the internet. Should we be telling anyone outside school?",
        contains="share online safety concerns with the wider network",
        review="Child F",
    ),
    dict(
        doc="child-f-briefing-slides",
        question="Which game or app did the man use to get in touch with Child F?",
        absent=[
            r"Fortnite|Minecraft|Roblox|Xbox|PlayStation|Discord|Snapchat|Instagram|"
            r"TikTok|WhatsApp",
            r"\bapp\b",
        ],
    ),
    dict(
        doc="child-f-briefing-slides",
        question="Did the police prosecute the adult who groomed Child F?",
        absent=[r"prosecut", r"charged", r"convict", r"court", r"sentenc", r"arrest"],
    ),
    # D. Siblings C and D
    dict(
        doc="lcspr-siblings-c-and-d",
        question="The officers said the kids were in bed during "
        "the row, so can we take it they didn't see or hear anything?",
        contains="described as asleep during an incident have often heard",
        review="Siblings C and D",
    ),
    dict(
        doc="lcspr-siblings-c-and-d",
        question="We keep getting called out to the same house "
        "for arguments. Is it OK to deal with each call on its own merits?",
        contains="looked at as a pattern, not judged one incident",
        review="Siblings C and D",
    ),
    dict(
        doc="lcspr-siblings-c-and-d",
        question="When a school gets a police domestic abuse "
        "notice about a pupil, who should pick it up the next morning?",
        contains="need a named person who decides what support",
        review="Siblings C and D",
    ),
    dict(
        doc="lcspr-siblings-c-and-d",
        question="Which risk assessment did the police complete "
        "at the callouts, and was it a DASH?",
        absent=[r"DASH", r"risk assessment", r"\bMARAC\b", r"checklist"],
    ),
    dict(
        doc="lcspr-siblings-c-and-d",
        question="Which school did Siblings C and D go to?",
        absent=[r"[A-Z][a-z]+ (Primary|Academy|School|Junior)", r"school (called|named)"],
    ),
    # E. Thematic: Young Person A, O, W
    dict(
        doc="thematic-criminal-exploitation",
        question="A lad keeps running off and turning "
        "up again days later. What should the chat with him afterwards cover?",
        contains="did not ask where the young people had been",
        review=["Young Person A", "Young Person O", "Young Person W", "criminal exploitation"],
    ),
    dict(
        doc="thematic-criminal-exploitation",
        question="We've picked up a 14-year-old in a "
        "drug house with gear on her. Should she be treated as a criminal?",
        contains="treated as offenders before they were seen as victims",
        review=["Young Person A", "Young Person O", "Young Person W", "criminal exploitation"],
    ),
    dict(
        doc="thematic-criminal-exploitation",
        question="We're moving a teenager into a "
        "placement in another county. What does the learning say about what we pass on?",
        contains="without the new area being given the full picture",
        review=["Young Person A", "Young Person O", "Young Person W", "criminal exploitation"],
    ),
    dict(
        doc="thematic-criminal-exploitation",
        question="In which county was Young Person O arrested?",
        absent=[r"[A-Z][a-z]+shire", r"county of", r"in [A-Z][a-z]+ county"],
    ),
    dict(
        doc="thematic-criminal-exploitation",
        question="Was anyone prosecuted over Young Person W's death?",
        absent=[
            r"prosecut",
            r"charged",
            r"convict",
            r"court",
            r"sentenc",
            r"murder",
            r"manslaughter",
        ],
    ),
    # F. Baby G Q&A
    dict(
        doc="baby-g-questions-answers",
        question="Is it enough to go through safe sleeping "
        "with mum on the maternity ward before they go home?",
        contains="given to the mother in hospital but never to the father",
        review="Baby G",
    ),
    dict(
        doc="baby-g-questions-answers",
        question="Does the safe sleep chat need to cover the "
        "baby nodding off in the afternoon, or just bedtime?",
        contains="Ask where the baby sleeps in the day and in the evening",
        review="Baby G",
    ),
    dict(
        doc="baby-g-questions-answers",
        question="The parents like a few drinks and nap with "
        "the little one on the settee. What should I say to them?",
        contains="alcohol, drugs and tiredness make sharing a sofa or bed",
        review="Baby G",
    ),
    dict(
        doc="baby-g-questions-answers",
        question="How much did Baby G weigh when he was born?",
        absent=[r"\bkg\b", r"gram", r"pound", r"\blb", r"weigh", r"ounce"],
    ),
    dict(
        doc="baby-g-questions-answers",
        question="Which hospital was Baby G born in?",
        absent=[
            r"[A-Z][a-z]+ (General|Royal|Hospital|Infirmary)",
            r"hospital (called|named)",
            r"born (at|in)",
        ],
    ),
]


# ---------------------------------------------------------------------------------------
# PDF writers
# ---------------------------------------------------------------------------------------
class PDF(FPDF):
    def __init__(self, footer_text: str, orientation: str = "P") -> None:
        super().__init__(orientation=orientation, format="A4")
        self.footer_text = footer_text
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font("DejaVu", "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.set_font("DejaVu", "", 10)
        self.set_creation_date(
            __import__("datetime").datetime(
                2025, 1, 6, 9, 0, 0, tzinfo=__import__("datetime").timezone.utc
            )
        )
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, 20)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("DejaVu", "I", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.footer_text}   ·   Page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: float = 13, color=(20, 70, 120)) -> None:
        self.ln(2)
        self.set_font("DejaVu", "B", size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(1)

    def para(
        self,
        text: str,
        size: float = 10,
        x: float | None = None,
        w: float = 0,
        lh: float | None = None,
    ) -> None:
        self.set_font("DejaVu", "", size)
        if x is not None:
            self.set_x(x)
        self.multi_cell(
            w, lh or size * 0.5, text, new_x="LEFT" if x is not None else "LMARGIN", new_y="NEXT"
        )
        self.ln(1.5)

    def bullet(
        self,
        text: str,
        size: float = 10,
        x: float | None = None,
        w: float | None = None,
        marker: str = "•",
        indent: float = 5,
        lh: float | None = None,
    ) -> None:
        x0 = self.l_margin if x is None else x
        width = (self.w - self.r_margin - x0) if w is None else w
        self.set_font("DejaVu", "", size)
        y = self.get_y()
        self.set_xy(x0, y)
        self.cell(indent, lh or size * 0.5, marker)
        self.set_xy(x0 + indent, y)
        self.multi_cell(width - indent, lh or size * 0.5, text, new_x="LEFT", new_y="NEXT")
        self.ln(1)


def pdf_baby_o(path: Path, brief: dict) -> None:
    pdf = PDF(f"{FICTIONAL} · {brief['partnership']}")
    pdf.add_page()
    # title band
    pdf.set_fill_color(20, 70, 120)
    pdf.rect(0, 0, pdf.w, 30, style="F")
    pdf.set_xy(18, 8)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("DejaVu", "B", 20)
    pdf.cell(0, 9, "Rapid Review Summary: Baby O", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(0, 6, brief["partnership"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(34)
    pdf.set_font("DejaVu", "I", 9)
    pdf.cell(
        0,
        5,
        "Rapid review meeting: 3 October 2024   ·   Summary published: November 2024",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.cell(
        0,
        5,
        FICTIONAL + " – all names, facts and agencies are invented.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for heading, _role, style, items in brief["sections"]:
        pdf.heading(heading)
        if style == "para":
            for t in items:
                pdf.para(t)
        elif style == "bullets":
            for t in items:
                pdf.bullet(t)
        elif style == "table":
            pdf.set_font("DejaVu", "", 9)
            pdf.set_draw_color(150, 150, 150)
            pdf.set_fill_color(255, 255, 255)
            with pdf.table(
                col_widths=(52, 60, 62),
                line_height=4.6,
                text_align="LEFT",
                headings_style=FontFace(
                    emphasis="BOLD", color=(255, 255, 255), fill_color=(20, 70, 120)
                ),
                cell_fill_color=(236, 242, 248),
                cell_fill_mode="ROWS",
                padding=1.6,
                repeat_headings=1,
            ) as table:
                head = table.row()
                for h in ("Finding", "Evidence", "Action"):
                    head.cell(h)
                for row in items:
                    r = table.row()
                    for c in row:
                        r.cell(c)
            pdf.ln(2)
    pdf.output(str(path))


def pdf_newsletter(path: Path, brief: dict) -> None:
    pdf = PDF(f"{FICTIONAL} · Safeguarding Matters is a fictional newsletter")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    # masthead
    pdf.set_fill_color(120, 30, 80)
    pdf.rect(0, 0, pdf.w, 34, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_xy(18, 7)
    pdf.set_font("DejaVu", "B", 28)
    pdf.cell(0, 12, "SAFEGUARDING MATTERS", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(
        0, 6, "The practice newsletter of " + brief["partnership"], new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(18, 37)
    pdf.set_font("DejaVu", "B", 9)
    pdf.cell(
        0,
        5,
        "Issue 9   ·   Spring 2025   ·   Learning from local reviews",
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_draw_color(120, 30, 80)
    pdf.line(18, 43, pdf.w - 18, 43)
    top = 48
    gap = 6
    colw = (pdf.w - 36 - gap) / 2
    bottoms = []
    for i, (subject, kind, sections) in enumerate(brief["boxes"]):
        x = 18 + i * (colw + gap)
        inner = x + 3.5
        iw = colw - 7
        pdf.set_fill_color(240, 228, 236)
        pdf.rect(x, top, colw, 15, style="F")
        pdf.set_xy(inner, top + 2)
        pdf.set_font("DejaVu", "B", 13)
        pdf.set_text_color(120, 30, 80)
        pdf.cell(iw, 6, subject, new_x="LEFT", new_y="NEXT")
        pdf.set_font("DejaVu", "", 8.5)
        pdf.cell(iw, 5, kind, new_x="LEFT", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.set_y(top + 18)
        for heading, _role, style, items in sections:
            pdf.set_x(inner)
            pdf.set_font("DejaVu", "B", 10.5)
            pdf.set_text_color(120, 30, 80)
            pdf.cell(iw, 6, heading, new_x="LEFT", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
            for t in items:
                if style == "para":
                    pdf.para(t, size=9, x=inner, w=iw, lh=4.4)
                else:
                    pdf.bullet(t, size=9, x=inner, w=iw, lh=4.4, indent=4)
            pdf.ln(1)
        bottoms.append(pdf.get_y() + 2)
    bottom = max(bottoms)
    pdf.set_draw_color(120, 30, 80)
    for i in range(2):
        pdf.rect(18 + i * (colw + gap), top, colw, bottom - top)
    pdf.set_y(bottom + 5)
    for heading, _role, style, items in brief["sections"]:
        pdf.heading(heading, size=11, color=(120, 30, 80))
        for t in items:
            pdf.bullet(t, size=9, marker="›", lh=4.4)
    assert pdf.get_y() < pdf.h - 16, "newsletter overflows the page"
    pdf.output(str(path))


def pdf_slides(path: Path, brief: dict) -> None:
    pdf = PDF(f"{FICTIONAL} · {brief['partnership']}", orientation="L")
    pdf.set_auto_page_break(False)
    n = len(brief["slides"])

    def footer() -> None:  # slide footer instead of the page footer
        pdf.set_y(-13)
        pdf.set_font("DejaVu", "", 8)
        pdf.set_text_color(100, 100, 100)
        pdf.cell(0, 5, f"{FICTIONAL} · {brief['partnership']} · Child F briefing")
        pdf.set_text_color(0, 0, 0)

    pdf.footer = lambda: (footer(), None)[1]  # type: ignore[method-assign]
    for k, slide in enumerate(brief["slides"], start=1):
        pdf.add_page()
        pdf.set_fill_color(0, 105, 92)
        pdf.rect(0, 0, pdf.w, 8, style="F")
        pdf.set_font("DejaVu", "B", 11)
        pdf.set_text_color(0, 105, 92)
        pdf.set_xy(pdf.w - 40, 11)
        pdf.cell(22, 6, f"{k} / {n}", align="R")
        pdf.set_text_color(0, 0, 0)
        y = 14
        if k == 1:
            pdf.set_xy(18, 16)
            pdf.set_font("DejaVu", "B", 24)
            pdf.set_text_color(0, 105, 92)
            pdf.multi_cell(
                240,
                11,
                "Child F: learning from a Local Child Safeguarding Practice Review",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.set_text_color(60, 60, 60)
            pdf.set_font("DejaVu", "", 12)
            pdf.cell(
                0,
                7,
                "Practitioner briefing slides · " + brief["partnership"] + " · May 2025",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.set_text_color(0, 0, 0)
            y = pdf.get_y() + 6
        pdf.set_y(y)
        for heading, _role, _style, items in slide:
            pdf.set_x(18)
            pdf.set_font("DejaVu", "B", 20)
            pdf.set_text_color(0, 105, 92)
            pdf.cell(0, 12, heading, new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
            pdf.ln(2)
            for t in items:
                pdf.bullet(t, size=14, x=24, w=240, indent=8, lh=7, marker="■")
                pdf.ln(1.5)
            pdf.ln(3)
        assert pdf.get_y() < pdf.h - 15, f"slide {k} overflows"
    pdf.output(str(path))


# ---------------------------------------------------------------------------------------
# DOCX writers
# ---------------------------------------------------------------------------------------
def _docx_common(brief: dict):
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = "Calibri"
    st.font.size = Pt(11)
    d.core_properties.author = "blind7 build (fictional)"
    d.core_properties.title = FICTIONAL
    import datetime as _dt

    d.core_properties.created = _dt.datetime(2025, 1, 6, 9, 0, 0)
    d.core_properties.modified = _dt.datetime(2025, 1, 6, 9, 0, 0)
    fp = d.sections[0].footer.paragraphs[0]
    fp.text = f"{FICTIONAL} – {brief['partnership']}"
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return d


def docx_siblings(path: Path, brief: dict) -> None:
    d = _docx_common(brief)
    d.add_heading("Learning Brief", level=0)
    p = d.add_paragraph()
    r = p.add_run("Siblings C and D – Local Child Safeguarding Practice Review")
    r.bold = True
    r.font.size = Pt(14)
    meta = d.add_paragraph(f"{brief['partnership']}  |  Published February 2025")
    meta.runs[0].italic = True
    meta.runs[0].font.color.rgb = RGBColor(90, 90, 90)
    for heading, _role, style, items in brief["sections"]:
        d.add_heading(heading, level=1)
        for t in items:
            d.add_paragraph(t, style=None if style == "para" else style)
    d.save(str(path))


def docx_thematic(path: Path, brief: dict) -> None:
    d = _docx_common(brief)
    d.add_heading(brief["title"], level=1)
    meta = d.add_paragraph(f"{brief['partnership']}  |  March 2025")
    meta.runs[0].italic = True
    for heading, _role, style, items in brief["sections"]:
        d.add_heading(heading, level=2)
        for item in items:
            if style == "runin":
                p = d.add_paragraph()
                p.add_run(item[0]).bold = True
                p.add_run(item[1])
            elif style == "para":
                d.add_paragraph(item)
            else:
                d.add_paragraph(item, style=style)
    d.save(str(path))


# ---------------------------------------------------------------------------------------
# Markdown writer
# ---------------------------------------------------------------------------------------
def md_baby_g(path: Path, brief: dict) -> None:
    lines = [
        "# Baby G: your questions answered",
        "",
        "*Rapid Review · " + brief["partnership"] + " · June 2025*",
        "",
    ]
    for heading, _role, style, items in brief["sections"]:
        lines += [f"**{heading}**", ""]
        for i, t in enumerate(items, start=1):
            if style == "para":
                lines += [t, ""]
            elif style == "numbers":
                lines.append(f"{i}. {t}")
            else:
                lines.append(f"- {t}")
        if style != "para":
            lines.append("")
    lines += ["---", "", f"_{FICTIONAL}. Baby G, the family and the partnership are invented._", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


WRITERS = {
    "rapid-review-baby-o-summary.pdf": pdf_baby_o,
    "safeguarding-matters-spring-2025.pdf": pdf_newsletter,
    "child-f-briefing-slides.pdf": pdf_slides,
    "lcspr-siblings-c-and-d.docx": docx_siblings,
    "thematic-criminal-exploitation.docx": docx_thematic,
    "baby-g-questions-answers.md": md_baby_g,
}


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
        for i, q in enumerate(QUESTIONS, start=1):
            if "contains" in q:
                rv = q["review"] if isinstance(q["review"], list) else [q["review"]]
                row = {
                    "id": f"hb{i:02d}",
                    "question": q["question"],
                    "answerable": True,
                    "relevant": [{"doc": q["doc"], "contains": q["contains"]}],
                    "review_any": rv,
                }
            else:
                row = {
                    "id": f"hb{i:02d}",
                    "question": q["question"],
                    "answerable": False,
                    "relevant": [],
                    "expect": "related",
                    "review_any": [],
                }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    sys.path.insert(0, str(HERE))
    import check

    check.run(out)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else HERE / "briefs"))
