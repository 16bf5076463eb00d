"""Build the blind9 briefs: eight FICTIONAL child-safeguarding learning briefs.

Usage: /work/venv/bin/python build.py [briefs-folder]   (default: ./briefs next to this file)

Every child, fact, place, tool, service and partnership below is invented for testing a
document parser and question-answering product. The script writes the eight briefs into the
given folder, writes expected.json and questions.jsonl next to this script, then runs
check.py. Output is deterministic (fixed PDF creation dates, fixed DOCX core properties and
zip timestamps).
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import sys
import textwrap
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
FIXED_TIME = _dt.datetime(2025, 12, 1, 10, 30, 0, tzinfo=_dt.timezone.utc)

# ---------------------------------------------------------------------------------------
# Source data. Each brief: reviews, partnership, sections (heading, role, style, items).
# Every item is one point as a reader counts it. Styles:
#   para / bullets / numbers / margin / tips: one string per point
#   table: tuple of cells per point (text = cells joined by " | "; "<br>" read as a space)
#   pairs: (headline, body) per point (text = headline + " " + body)
#   defs: (term, text) per point (text = term + " — " + text)
#   outline: (group label, [sub-items]) - only the sub-items are points, labels are not
# Not counted (deliberately): titles, meta lines, column / table header labels, the merged
# heading row of the Family B table, the footnote texts of Young Person J (source notes),
# the group labels 2.1 / 2.2 of the Young Person Q outline, the "Review type | Date" lines
# of the digest, and the <summary> label of the Markdown <details> block.
# ---------------------------------------------------------------------------------------

BRIEFS: dict[str, dict] = {}

# -- 1. PDF: headings differ from body only by colour and capitals, same font and size ----
BRIEFS["cspr-child-s-online-exploitation.pdf"] = {
    "reviews": ["Child S"],
    "partnership": "Wrenmoor Safeguarding Children Partnership (fictional)",
    "layout": "headings set in the SAME font, weight and size as the body text (10 pt "
    "regular), told apart only by colour and capital letters; no bold, no rules, no bullets "
    "glyphs other than an en dash",
    "sections": [
        (
            "The child and family",
            "background",
            "para",
            [
                "Child S was a 13-year-old boy who lived with his father and his older sister. "
                "His school described him as quiet, polite and a keen gamer who spent most "
                "evenings online.",
                "Over four months an adult posing as a 15-year-old girl groomed S through the "
                "chat function of an online game, then moved the conversation to a private "
                "messaging app.",
                "S was pressured into sending indecent images of himself and was then told they "
                "would be shared with his friends unless he paid money. He took a large sum "
                "from his father's bank card before he told his sister.",
            ],
        ),
        (
            "What the review found",
            "learning",
            "bullets",
            [
                "The school's online safety lessons focused on stranger danger and did not "
                "mention that boys are targeted for money in this way.",
                "When S became withdrawn and stopped eating lunch, staff logged it as low mood "
                "but nobody asked him about his life online.",
                "His father had set up parental controls on the games console but did not know "
                "the game's chat could also be reached from a phone.",
                "After the disclosure a police officer told S he should not have sent the "
                "images, and S said afterwards that he felt he was the one in trouble.",
                "The referral to children's social care was screened as a police matter only, "
                "so no assessment of S's emotional wellbeing took place.",
                "The bank and the gaming company were not asked quickly to preserve their "
                "records, and some evidence was lost.",
            ],
        ),
        (
            "Recommendations",
            "recommendations",
            "bullets",
            [
                "Schools across Wrenmoor will include financially motivated sextortion of boys "
                "in their relationships and online safety teaching.",
                "Police officers will use language that makes clear the child is a victim, and "
                "will avoid any suggestion that the child is to blame for sharing images.",
                "Children's social care will offer an assessment of need to every child who is "
                "a victim of online sexual exploitation, not only a referral to police.",
            ],
        ),
        (
            "Questions to consider",
            "reflective_questions",
            "bullets",
            [
                "When a child's mood changes, do I ask about what is happening to them online "
                "as well as at home and at school?",
                "Would a child I work with feel able to tell me about an image they regret "
                "sending?",
            ],
        ),
        (
            "Further information",
            "further_information",
            "bullets",
            [
                "Wrenmoor online harms guidance for practitioners (fictional): "
                "www.wrenmoor-scp.example/online-harms",
                "Wrenmoor Image Help (fictional): helps young people get images of themselves "
                "taken down from websites and apps.",
            ],
        ),
    ],
}

# -- 2. PDF: Strengths | Areas for development contrast table -----------------------------
BRIEFS["rapid-review-baby-h-strengths-and-development.pdf"] = {
    "reviews": ["Baby H"],
    "partnership": "Fenbridge Safeguarding Children Partnership (fictional)",
    "layout": "rapid-review summary whose findings are a two-column contrast table "
    "Strengths | Areas for development (shaded header row, each row pairs a strength with "
    "the matching gap), then key messages and further information",
    "sections": [
        (
            "What happened",
            "background",
            "para",
            [
                "Baby H was a ten-week-old boy who died suddenly at home. He was found "
                "unresponsive on a sofa where he had fallen asleep with his father after a "
                "family party.",
                "Both parents had been drinking alcohol that evening. The family had a Moses "
                "basket, but it was kept upstairs in the parents' bedroom.",
                "Baby H's sister, aged four, had been supported on a child in need plan that "
                "closed two months before he was born.",
            ],
        ),
        (
            "What the rapid review found",
            "learning",
            "table",
            [
                (
                    "The midwife gave safe sleep advice at the booking appointment and again "
                    "before discharge from the postnatal ward.",
                    "The advice was given to the mother only; the father was not present and "
                    "nobody checked what he knew.",
                ),
                (
                    "The health visitor's new birth visit took place on time and the baby's "
                    "sleeping space was seen.",
                    "Nobody asked where the baby slept in the evenings, when the family were "
                    "downstairs, or on nights away from the usual routine.",
                ),
                (
                    "The GP recorded the mother's alcohol use in pregnancy and offered her a "
                    "referral.",
                    "The father's heavy drinking, known to his own GP, was never linked to the "
                    "care of the baby.",
                ),
                (
                    "Children's social care closed the sister's plan with a clear closure summary.",
                    "The closure summary was not sent to the health visitor, so she did not "
                    "know the family's history.",
                ),
                (
                    "Police and the paediatrician carried out the joint response to the death "
                    "quickly and with sensitivity.",
                    "The four-year-old sister was not offered bereavement support until six "
                    "weeks after her brother died.",
                ),
            ],
        ),
        (
            "Key messages for practice",
            "practice_points",
            "bullets",
            [
                "Talk about safe sleep with both parents, and with anyone else who looks after "
                "the baby overnight.",
                "Ask about the unplanned nights: parties, visits to relatives, illness and "
                "times when a parent has been drinking.",
                "Explain plainly that falling asleep with a baby on a sofa or armchair is far "
                "more dangerous than in a bed.",
                "Share the closure summary of any sibling's plan with the health visitor and "
                "the GP.",
            ],
        ),
        (
            "Further information",
            "further_information",
            "bullets",
            [
                "Fenbridge safe sleep conversation prompt card (fictional), available from the "
                "partnership website.",
                "Fenbridge Child Death Overview Panel annual report 2024-25 (fictional).",
            ],
        ),
    ],
}

# -- 3. PDF: number alone in a left margin column; superscript footnotes at the page foot --
BRIEFS["lcspr-young-person-j-summary.pdf"] = {
    "reviews": ["Young Person J"],
    "partnership": "Harrowden Safeguarding Children Partnership (fictional)",
    "layout": "practice-review summary: each learning point's number sits alone in a left "
    "margin column, its multi-line text indented to the right; superscript footnote markers "
    "in the text with the footnotes at the foot of the same page above the footer",
    # footnotes: (section index, item index) -> footnote text; markers follow the item
    "footnotes": {
        (0, 0): "Missing episodes as recorded by Harrowden Police (fictional) between May "
        "2023 and April 2024.",
        (0, 2): "The review did not examine how the referral decision was reached.",
        (1, 4): "Harrowden Exploitation Screening Tool (fictional), version 2, 2023.",
        (2, 2): "Terms of reference for the meeting (fictional) are on the partnership website.",
    },
    "sections": [
        (
            "Summary of the review",
            "background",
            "para",
            [
                "Young Person J was 16 when he was found with crack cocaine and a knife in a "
                "flat 60 miles from his home. He had been reported missing eleven times in the "
                "year before.",
                "J had been permanently excluded from school at 14 and went to a pupil "
                "referral unit part time. His mother had asked for help three times, saying "
                "older boys were collecting him in cars at night.",
                "J was charged with possession with intent to supply. He was later recognised "
                "as a victim of criminal exploitation through the National Referral Mechanism.",
            ],
        ),
        (
            "Learning",
            "learning",
            "margin",
            [
                "Each missing episode was treated on its own, and return home interviews were "
                "offered late or not at all, so nobody saw that J kept going to the same town.",
                "Exclusion removed the one daily place where adults saw J, and the part-time "
                "timetable left him free during the hours he was being used to run drugs.",
                "Some practitioners saw J's mother as failing to control her son rather than "
                "as a parent asking for protection for him.",
                "Police and youth justice staff saw J first as an offender; the word "
                "exploitation did not appear in his records until after he was found in the "
                "flat.",
                "The exploitation screening tool was completed by three agencies with three "
                "different results, and nobody brought them together.",
                "J's mother reported the cars collecting him at night, but the registration "
                "numbers she gave were never passed to the police intelligence team.",
                "J said he stayed because he owed a debt for drugs that had been taken from "
                "him, and he was afraid for his younger brother.",
            ],
        ),
        (
            "Recommendations",
            "recommendations",
            "margin",
            [
                "Return home interviews will be offered after every missing episode and their "
                "findings shared with the police missing person coordinator.",
                "Schools and the pupil referral unit will assess the risk of exploitation "
                "before any exclusion or reduced timetable, and record a plan for the hours "
                "out of school.",
                "A multi-agency exploitation meeting will bring screening results together "
                "whenever two or more agencies are worried about the same child.",
            ],
        ),
        (
            "Further information",
            "further_information",
            "bullets",
            [
                "Harrowden child exploitation pathway (fictional): "
                "www.harrowden-scp.example/exploitation",
                "Harrowden missing children protocol (fictional), section 4: return home "
                "interviews.",
            ],
        ),
    ],
}

# -- 4. DOCX: Learning | What this means for you | What you can do, merged heading row -----
BRIEFS["lcspr-family-b-learning-table.docx"] = {
    "reviews": ["Family B"],
    "partnership": "Kestrel Vale Safeguarding Children Partnership (fictional)",
    "layout": "DOCX whose learning is one three-column table Learning | What this means for "
    "you | What you can do under a shaded heading row merged across all three columns; "
    "Heading 1 sections for background, reflection and further information",
    "table_title": "Key learning from the review of Family B",
    "sections": [
        (
            "About Family B",
            "background",
            "para",
            [
                "Family B are a mother, a father and three children aged two, six and eleven. "
                "Both parents had used heroin for many years and were prescribed methadone by "
                "the community drug and alcohol service.",
                "The two-year-old was taken to hospital unconscious after swallowing methadone "
                "that had been left in a child's beaker on the kitchen worktop. She recovered "
                "after two days in intensive care.",
                "The eleven-year-old told the review that she often got her brothers ready for "
                "school and hid the family's 'medicine' when visitors came.",
            ],
        ),
        (
            "Key learning",
            "learning",
            "table",
            [
                (
                    "The drug service asked both parents about safe storage only at the start "
                    "of treatment.",
                    "Storage arrangements change as families move, children grow and take-home "
                    "doses increase.",
                    "Ask to see where methadone is kept at every review, and record what you saw.",
                ),
                (
                    "Adult services did not count the children as part of the parents' "
                    "treatment plan.",
                    "A parent's recovery plan is also a plan about the children living with them.",
                    "Write the children's names, ages and schools into the treatment record "
                    "and share concerns with children's social care.",
                ),
                (
                    "The health visitor and the drug worker never spoke to each other.",
                    "Each held half of the picture: one knew about the toddler, the other "
                    "about missed doses and relapse.",
                    "Arrange a joint visit or a phone call when a parent in treatment has a "
                    "child under five.",
                ),
                (
                    "Positive drug tests were seen as part of recovery and were not shared.",
                    "A relapse can change how closely a young child is supervised overnight.",
                    "Tell the child's lead professional about a relapse the same week it is found.",
                ),
                (
                    "The school noticed the oldest child's caring role but did not explore it.",
                    "Children who look after siblings may be hiding how much the adults are "
                    "struggling.",
                    "Talk to the child alone about what a normal morning looks like at home.",
                ),
                (
                    "Lockable boxes for methadone were available, but none had been given to "
                    "the family.",
                    "Free safety equipment only helps if someone hands it over and shows how "
                    "it works.",
                    "Give a lockable medicine box at the start of any take-home prescription, "
                    "and check that it is used.",
                ),
            ],
        ),
        (
            "Reflective questions",
            "reflective_questions",
            "para",
            [
                "Do I know which of the adults I work with are parents, and how old their "
                "children are?",
                "When did I last see, rather than ask about, where medicines are stored?",
            ],
        ),
        (
            "Further information",
            "further_information",
            "para",
            [
                "Kestrel Vale parental substance misuse protocol (fictional), on the "
                "partnership website.",
                "Kestrel Vale community drug and alcohol service, duty worker for "
                "professionals (fictional): 01632 960 614",
            ],
        ),
    ],
}

# -- 5. DOCX: Heading 2 / Heading 3 themes with paragraph-bordered "Practice tip" boxes ---
BRIEFS["cspr-amira-practice-tips.docx"] = {
    "reviews": ["Amira"],
    "partnership": "Lowfield Safeguarding Children Partnership (fictional)",
    "layout": "DOCX with Heading 2 sections and Heading 3 learning themes (each theme heading "
    "plus its paragraph is one point), and 'Practice tip:' paragraphs boxed with a paragraph "
    "border and shading between the themes",
    # practice tip k is placed after learning theme tips_after[k]
    "tips_after": [0, 2, 3, 4],
    "sections": [
        (
            "Background",
            "background",
            "para",
            [
                "Amira (a pseudonym) was 15 when she told a school nurse that her family were "
                "planning a long summer trip to their country of origin, and that an older "
                "cousin had been cut on a similar visit.",
                "The school nurse made a referral the same day. Amira's parents denied any plan "
                "to travel and the case was closed after one home visit. Amira was taken abroad "
                "four weeks later and did not come back to school in September.",
            ],
        ),
        (
            "What we learned",
            "learning",
            "pairs",
            [
                (
                    "Believing the child",
                    "Amira gave a clear, detailed account, but more weight was given to her "
                    "parents' denial at a single visit.",
                ),
                (
                    "Looking at the wider family",
                    "The cousin's history, which showed the risk was real in this family, was "
                    "not checked with health records or the GP.",
                ),
                (
                    "Honour and shame",
                    "Practitioners did not recognise that speaking out had put Amira at greater "
                    "risk at home, and her parents were told what she had said.",
                ),
                (
                    "Timing and travel",
                    "The approach of the summer holidays was not seen as the time of highest "
                    "risk, and no one considered legal protection before she travelled.",
                ),
                (
                    "Confidence to act",
                    "Some staff said they worried about being seen as culturally insensitive, "
                    "and this made them slower to challenge the family.",
                ),
            ],
        ),
        (
            "Practice tips",
            "practice_points",
            "tips",
            [
                "Practice tip: Write down exactly what the child tells you, in her words, and "
                "do not share it with the family until a safety plan has been agreed with "
                "children's social care.",
                "Practice tip: Do not hold a family meeting or mediation when honour-based "
                "abuse may be a factor; it can alert the people who pose the risk.",
                "Practice tip: When a girl at risk mentions a long trip abroad, ask children's "
                "social care and police to think about legal steps before the holidays begin.",
                "Practice tip: Cultural sensitivity never outweighs a child's safety; talk it "
                "through with your safeguarding lead.",
            ],
        ),
        (
            "Good practice",
            "good_practice",
            "para",
            [
                "The school nurse listened, took Amira's account seriously and referred the "
                "same day.",
                "The designated safeguarding lead kept a detailed record, which helped the "
                "police when Amira did not return.",
            ],
        ),
        (
            "Find out more",
            "further_information",
            "para",
            [
                "Lowfield FGM and honour-based abuse practice guidance (fictional), on the "
                "partnership website.",
                "Lowfield multi-agency safeguarding hub, professionals' line (fictional): "
                "01632 960 742",
            ],
        ),
    ],
}

# -- 6. DOCX: quarterly digest of THREE rapid reviews, Heading 2 each + Review type line ---
BRIEFS["learning-from-rapid-reviews-q3-2025.docx"] = {
    "reviews": ["Child A", "Child U", "Young Person P"],
    "partnership": "Sandmere Safeguarding Children Partnership (fictional)",
    "layout": "quarterly digest of three rapid reviews: each under a Heading 2 with a "
    "'Review type: … | Date: …' line, a summary paragraph, Heading 3 'What we learned' and "
    "'What to do' with List Bullet items; then shared learning and further information",
    "boxes": [
        (
            "Child A",
            "Review type: Rapid Review | Date: 9 July 2025",
            [
                (
                    "Summary",
                    "background",
                    "para",
                    [
                        "Child A, aged 11, looked after his mother, who has multiple sclerosis, "
                        "and his sister, aged three. His attendance fell to 62 per cent and "
                        "police found him alone at a late-night shop at 1am buying medicines.",
                    ],
                ),
                (
                    "What we learned",
                    "learning",
                    "bullets",
                    [
                        "The school knew Child A was a young carer but treated his absence as "
                        "an attendance problem and started the fines process.",
                        "Adult social care assessed his mother's needs without asking who was "
                        "doing the caring, so A's role stayed invisible.",
                        "A never had a young carer's assessment, and said he did not want one "
                        "because he was afraid he would be taken away.",
                    ],
                ),
                (
                    "What to do",
                    "practice_points",
                    "bullets",
                    [
                        "When you assess an adult with care needs, ask who in the household "
                        "helps, and whether any of them is a child.",
                        "Reassure young carers that an assessment is about support for the "
                        "family, not about removing children.",
                    ],
                ),
            ],
        ),
        (
            "Child U",
            "Review type: Rapid Review | Date: 20 August 2025",
            [
                (
                    "Summary",
                    "background",
                    "para",
                    [
                        "Child U, aged seven, had been seen by 14 consultants in three "
                        "hospitals over four years for seizures, feeding problems and "
                        "allergies. Tests were always normal, and a feeding tube was planned "
                        "before a paediatrician raised concerns about fabricated or induced "
                        "illness.",
                    ],
                ),
                (
                    "What we learned",
                    "learning",
                    "bullets",
                    [
                        "No single clinician held an overview of all of U's appointments, "
                        "tests and prescriptions across the three hospitals.",
                        "Staff relied on the mother's reports of seizures that nobody else had "
                        "ever seen.",
                        "U's school saw a lively child who ate normally at lunch, but this was "
                        "never shared with the doctors.",
                    ],
                ),
                (
                    "What to do",
                    "practice_points",
                    "bullets",
                    [
                        "If a child's reported symptoms do not match what you see, write down "
                        "what you observed and tell the responsible consultant.",
                        "Name one lead paediatrician to hold the whole health history when "
                        "several hospitals are involved.",
                    ],
                ),
            ],
        ),
        (
            "Young Person P",
            "Review type: Rapid Review | Date: 24 September 2025",
            [
                (
                    "Summary",
                    "background",
                    "para",
                    [
                        "Young Person P, aged 14, posted extreme right-wing material on a "
                        "school forum. He had been spending most nights in online groups since "
                        "his parents separated.",
                    ],
                ),
                (
                    "What we learned",
                    "learning",
                    "bullets",
                    [
                        "The school referred P through the Prevent route but did not also ask "
                        "whether he needed help as a child in need.",
                        "P's autism made the online groups' sense of belonging more powerful "
                        "for him, but this was not part of any assessment.",
                        "When the Prevent referral was not taken further, everyone assumed the "
                        "risk had gone and the school's support stopped.",
                    ],
                ),
                (
                    "What to do",
                    "practice_points",
                    "bullets",
                    [
                        "Keep your own support in place whatever the outcome of a Prevent "
                        "referral, and review it with the young person.",
                    ],
                ),
            ],
        ),
    ],
    "sections": [
        (
            "Across all three reviews",
            "learning",
            "bullets",
            [
                "In each review the child's own account of daily life was missing from the "
                "records until the reviewer spoke to them.",
                "Each review found that one agency held information that would have changed "
                "another agency's view.",
            ],
        ),
        (
            "Further information",
            "further_information",
            "bullets",
            [
                "Sandmere rapid review process and earlier digests (fictional): "
                "www.sandmere-scp.example/rapid-reviews",
            ],
        ),
    ],
}

# -- 7. TXT: tab-indented outline numbered 1 / 1.1 / 1.1.1 --------------------------------
BRIEFS["lcspr-young-person-q-outline.txt"] = {
    "reviews": ["Young Person Q"],
    "partnership": "Bramwell Safeguarding Children Partnership (fictional)",
    "layout": "plain-text outline: tab-indented decimal numbering 1 / 1.1 / 1.1.1, "
    "continuation lines hard-wrapped and tab-indented under the text; 2.1 / 2.2 are theme "
    "labels over 2.1.1-2.2.3",
    "sections": [
        (
            "About the review",
            "background",
            "para",
            [
                "Young Person Q is 17 and has cerebral palsy and a severe learning disability. "
                "She has lived at a residential special school 40 miles from home since she "
                "was 12.",
                "Staff at the school found unexplained bruises on her upper arms on four "
                "occasions. Each was recorded as a handling injury and none was referred "
                "outside the school.",
                "The review began when Q's mother found bruising on her back during a home "
                "weekend and took her to the GP.",
            ],
        ),
        (
            "What we learned",
            "learning",
            "outline",
            [
                (
                    "Safeguarding in the placement",
                    [
                        "Bruises on a child who cannot speak or move independently were "
                        "explained away because staff assumed they came from hoists and "
                        "wheelchairs.",
                        "The placing authority's social worker visited every six months and "
                        "always saw Q in the company of her key worker.",
                        "Q's communication passport described how she shows pain and fear, but "
                        "it was kept in the office and new staff had not read it.",
                    ],
                ),
                (
                    "Planning for adulthood",
                    [
                        "Transition planning started three months before Q's eighteenth "
                        "birthday, leaving no time for adult social care to assess her or find "
                        "a placement.",
                        "Children's and adult services each waited for the other to act on the "
                        "safeguarding concern because Q was so close to 18.",
                        "Nobody checked whether Q's mother would need to apply for legal "
                        "authority to make decisions for her as an adult.",
                    ],
                ),
            ],
        ),
        (
            "Recommendations",
            "recommendations",
            "para",
            [
                "Placing authorities will see children in residential placements on their own, "
                "or with an advocate who does not work at the placement, at every visit.",
                "Residential providers will refer every unexplained injury to a disabled child "
                "to the local authority designated officer, whatever explanation staff give.",
                "Transition planning for disabled young people will start at 14, with adult "
                "social care invited from the first meeting.",
            ],
        ),
        (
            "Questions for reflection",
            "reflective_questions",
            "para",
            [
                "How does the child I work with tell people that something hurts?",
                "Who will be responsible for this young person on the day after their "
                "eighteenth birthday?",
            ],
        ),
        (
            "Further information",
            "further_information",
            "para",
            [
                "Bramwell preparing for adulthood pathway (fictional), on the partnership website.",
                "Bramwell local authority designated officer, referral line (fictional): "
                "01632 960 851",
            ],
        ),
    ],
}

# -- 8. MD: ATX headings, **Term** — text lines, GFM table with <br>, <details> ----------
BRIEFS["siblings-l-and-w-dental-neglect.md"] = {
    "reviews": ["Siblings L and W"],
    "partnership": "Ormesby Safeguarding Children Partnership (fictional)",
    "layout": "Markdown with ATX headings, learning as definition-style '**Term** — text' "
    "lines, a GFM table What will change | Who leads with <br> line breaks inside cells, and "
    "further information folded inside an HTML <details> block",
    "sections": [
        (
            "Background",
            "background",
            "para",
            [
                "Siblings L and W, aged five and eight, lived with their father, who had cared "
                "for them alone since their mother left. Between them they had 23 decayed teeth "
                "when a dentist first saw them, after a teacher noticed L crying with pain in "
                "class.",
                "Both children had been registered with a dental practice as babies but had not "
                "been taken for a check-up in over four years. The family had also missed eye "
                "tests and W's hearing appointments.",
            ],
        ),
        (
            "What the review found",
            "learning",
            "defs",
            [
                (
                    "Pain at school",
                    "L was given painkillers by school staff on several days before anyone "
                    "asked why her mouth hurt.",
                ),
                (
                    "Dental neglect is neglect",
                    "Practitioners saw rotten teeth as a health matter for the family to sort "
                    "out, not as a sign that the children's basic needs were going unmet.",
                ),
                (
                    "Gaps in registration",
                    "The dental practice took the children off its list after missed "
                    "appointments without telling the health visitor, the school nurse or the "
                    "GP.",
                ),
                (
                    "Hidden hunger",
                    "W told the reviewer that sweets and fizzy drinks were what they had when "
                    "there was no food in the house.",
                ),
                (
                    "A father caring alone",
                    "Professionals were less curious about a father caring alone, and gave him "
                    "more leeway than they said they would have given a mother.",
                ),
                (
                    "The pattern over time",
                    "Each service saw one missed appointment at a time, and nobody added up the "
                    "health care the children had gone without.",
                ),
            ],
        ),
        (
            "Recommendations",
            "recommendations",
            "table",
            [
                (
                    "Dental practices will tell the child's GP and health visitor or school "
                    "nurse before removing a child from their list for missed appointments.",
                    "General dental practices<br>Community dental service",
                ),
                (
                    "School staff who give pain relief for toothache more than once will raise "
                    "it with the designated safeguarding lead.",
                    "Schools<br>School nursing",
                ),
                (
                    "Dental neglect will be added to the Ormesby neglect screening tool, with "
                    "examples of what to look for.",
                    "Ormesby Safeguarding Children Partnership",
                ),
                (
                    "Health visitors will check dental registration and the date of the last "
                    "check-up at the two-year review.",
                    "Health visiting",
                ),
            ],
        ),
        (
            "Questions to ask yourself",
            "reflective_questions",
            "bullets",
            [
                "When did I last look at, or ask about, a child's teeth?",
                "Would I accept the same explanation from a mother as I am accepting from this "
                "father?",
            ],
        ),
        (
            "Further information",
            "further_information",
            "bullets",
            [
                "Ormesby dental neglect pathway for practitioners (fictional), on the "
                "partnership website.",
                "Ormesby community dental service, urgent appointments for children "
                "(fictional): 01632 960 905",
            ],
        ),
    ],
}

# Text a reader skips or reads differently (regexes replaced by a space in the extracted
# text before check.py tests that every point is readable): running footers, Markdown
# emphasis and <br> inside table cells.
RUNNING = {
    "lcspr-young-person-j-summary.pdf": [
        r"Harrowden Safeguarding Children Partnership \(fictional\) · LCSPR Young Person J · "
        r"page \d+",
    ],
    "siblings-l-and-w-dental-neglect.md": [r"\*\*", r"<br>"],
}


def all_sections(name: str) -> list[tuple]:
    brief = BRIEFS[name]
    sections = []
    for _subject, _meta, box_sections in brief.get("boxes", []):
        sections.extend(box_sections)
    sections.extend(brief["sections"])
    return sections


def item_text(style: str, item) -> list[str]:
    if style == "table":
        return [" | ".join(c.replace("<br>", " ") for c in item)]
    if style == "pairs":
        return [item[0] + " " + item[1]]
    if style == "defs":
        return [item[0] + " — " + item[1]]
    if style == "outline":
        return list(item[1])
    return [item]


def point_texts(name: str) -> list[str]:
    """Every point of a brief as plain text (table rows: cells joined by ' | ')."""
    out = []
    for _heading, _role, style, items in all_sections(name):
        for item in items:
            out.extend(item_text(style, item))
    return out


ROLE_ORDER = [
    "background",
    "learning",
    "recommendations",
    "good_practice",
    "practice_points",
    "reflective_questions",
    "further_information",
]


def roles_of(name: str) -> list[str]:
    found = {s[1] for s in all_sections(name)}
    return [r for r in ROLE_ORDER if r in found]


# ---------------------------------------------------------------------------------------
# Questions: 3 answerable + 2 near-topic per brief, then 8 out of scope. Near-topic ones
# carry `absent` regexes that must NOT match the brief's text (checked in check.py; a
# pattern all in lower case is matched case-insensitively).
# ---------------------------------------------------------------------------------------
QUESTIONS: list[dict] = [
    # 1. Child S (online sextortion)
    dict(
        doc="cspr-child-s-online-exploitation",
        question="A Year 8 lad is being blackmailed for cash over pictures he sent. What did "
        "the Child S review say schools ought to be covering in lessons?",
        contains="financially motivated sextortion of boys in their relationships",
        review="Child S",
    ),
    dict(
        doc="cspr-child-s-online-exploitation",
        question="I'm the officer taking his first account. He shared nudes and now someone is "
        "threatening him. How should I word things with him?",
        contains="makes clear the child is a victim",
        review="Child S",
    ),
    dict(
        doc="cspr-child-s-online-exploitation",
        question="A quiet boy in my form has gone off his dinners and seems down in the dumps. "
        "Beyond writing it up, what should I be asking him?",
        contains="nobody asked him about his life online",
        review="Child S",
    ),
    dict(
        doc="cspr-child-s-online-exploitation",
        question="How long does a gaming company have to keep chat logs once the police ask "
        "for them?",
        absent=[r"retain", r"retention", r"\bdays?\b", r"\bhours?\b", r"\bwithin\b"],
    ),
    dict(
        doc="cspr-child-s-online-exploitation",
        question="Was the man who groomed Child S ever caught and convicted?",
        absent=[r"convict", r"charged", r"arrest", r"sentenc", r"prison", r"court", r"identified"],
    ),
    # 2. Baby H (safe sleep, alcohol)
    dict(
        doc="rapid-review-baby-h-strengths-and-development",
        question="What did the Baby H rapid review say about dads and the advice on where "
        "babies should sleep?",
        contains="the father was not present and nobody checked what he knew",
        review="Baby H",
    ),
    dict(
        doc="rapid-review-baby-h-strengths-and-development",
        question="Mum says the little one always goes down in the cot. Is that enough, or "
        "should I ask about other times, like after a few drinks at her sister's birthday do?",
        contains="Ask about the unplanned nights: parties, visits to relatives",
        review="Baby H",
    ),
    dict(
        doc="rapid-review-baby-h-strengths-and-development",
        question="We've just shut the big sister's case. Who needs a copy of our write-up now "
        "there's a newborn?",
        contains="Share the closure summary of any sibling's plan",
        review="Baby H",
    ),
    dict(
        doc="rapid-review-baby-h-strengths-and-development",
        question="What's the Fenbridge rule on how many units a parent can drink before it's "
        "unsafe to share a bed with a baby?",
        absent=[r"\bunits?\b", r"\blimit", r"\bpints?\b", r"\bglass"],
    ),
    dict(
        doc="rapid-review-baby-h-strengths-and-development",
        question="What did the post-mortem find was the cause of Baby H's death?",
        absent=[
            r"post-mortem",
            r"post mortem",
            r"autopsy",
            r"cause of death",
            r"SUDI",
            r"SIDS",
            r"inquest",
            r"coroner",
        ],
    ),
    # 3. Young Person J (county lines)
    dict(
        doc="lcspr-young-person-j-summary",
        question="Our lad keeps going missing and turning up in the same seaside town. What "
        "did the Young Person J review say went wrong?",
        contains="return home interviews were offered late or not at all",
        review="Young Person J",
    ),
    dict(
        doc="lcspr-young-person-j-summary",
        question="We're thinking of putting a 15-year-old on a half-day timetable. Is there "
        "anything we should do first?",
        contains="assess the risk of exploitation before any exclusion",
        review="Young Person J",
    ),
    dict(
        doc="lcspr-young-person-j-summary",
        question="A mum keeps ringing us with number plates of the cars that pick her son up. "
        "Who should get those?",
        contains="never passed to the police intelligence team",
        review="Young Person J",
    ),
    dict(
        doc="lcspr-young-person-j-summary",
        question="What score on the Harrowden Exploitation Screening Tool means a child should "
        "go to a multi-agency exploitation meeting?",
        absent=[r"score", r"\bhigh risk\b", r"\bmedium\b", r"\blevel \d", r"\bgrade"],
    ),
    dict(
        doc="lcspr-young-person-j-summary",
        question="What sentence did Young Person J get in the youth court?",
        absent=[r"sentenc", r"court", r"referral order", r"custody", r"convicted", r"acquit"],
    ),
    # 4. Family B (parental substance misuse)
    dict(
        doc="lcspr-family-b-learning-table",
        question="What did the Family B review say drug workers should do about where a parent "
        "keeps their script at home?",
        contains="Ask to see where methadone is kept at every review",
        review="Family B",
    ),
    dict(
        doc="lcspr-family-b-learning-table",
        question="Dad's tested positive again after months clean. Should the nursery or the "
        "social worker be told, and how quickly?",
        contains="Tell the child's lead professional about a relapse the same week",
        review="Family B",
    ),
    dict(
        doc="lcspr-family-b-learning-table",
        question="I'm a health visitor and I've never met the drug worker for a mum on my "
        "caseload with a toddler. Does that matter?",
        contains="Arrange a joint visit or a phone call when a parent",
        review="Family B",
    ),
    dict(
        doc="lcspr-family-b-learning-table",
        question="How many take-home doses of methadone can a parent with a child under five "
        "be given each week?",
        absent=[r"weekly", r"each week", r"per week", r"supervised consumption", r"\d+ doses"],
    ),
    dict(
        doc="lcspr-family-b-learning-table",
        question="Were the Family B children put on a child protection plan after the toddler "
        "swallowed the methadone?",
        absent=[
            r"protection plan",
            r"conference",
            r"care order",
            r"foster",
            r"removed",
            r"placed",
        ],
    ),
    # 5. Amira (FGM / honour-based abuse)
    dict(
        doc="cspr-amira-practice-tips",
        question="A Year 10 girl is anxious about a long holiday abroad this summer because of "
        "what happened to her cousin. What did the Amira review say about when the danger "
        "peaks?",
        contains="not seen as the time of highest risk",
        review="Amira",
    ),
    dict(
        doc="cspr-amira-practice-tips",
        question="Mum and dad swear blind there's no trip planned. Do I go with their word over "
        "the girl's?",
        contains="more weight was given to her parents' denial",
        review="Amira",
    ),
    dict(
        doc="cspr-amira-practice-tips",
        question="Would it help to sit down with the family and an elder from their community "
        "and talk it through?",
        contains="it can alert the people who pose the risk",
        review="Amira",
    ),
    dict(
        doc="cspr-amira-practice-tips",
        question="How long does it take to get an FGM Protection Order from the court?",
        absent=[r"court", r"FGMPO", r"protection order", r"grant", r"\bhours\b", r"working"],
    ),
    dict(
        doc="cspr-amira-practice-tips",
        question="Do I have a legal duty to report to the police a 15-year-old who says she "
        "might be cut but hasn't been?",
        absent=[r"mandatory", r"\bduty\b", r"obliged", r"\blaw\b", r"statutory"],
    ),
    # 6. Digest: Child A, Child U, Young Person P
    dict(
        doc="learning-from-rapid-reviews-q3-2025",
        question="What did the Child A review say I should check when I'm assessing a disabled "
        "mum's needs?",
        contains="ask who in the household helps, and whether any of them",
        review="Child A",
    ),
    dict(
        doc="learning-from-rapid-reviews-q3-2025",
        question="Mum says her boy has fits all the time but none of us has ever seen one, and "
        "at school he's running about fine. What should I do with that?",
        contains="write down what you observed and tell the responsible consultant",
        review="Child U",
    ),
    dict(
        doc="learning-from-rapid-reviews-q3-2025",
        question="We reported a lad for his extremist posts and it went nowhere. Can we step "
        "back now? What does the Young Person P review say?",
        contains="Keep your own support in place whatever the outcome",
        review="Young Person P",
    ),
    dict(
        doc="learning-from-rapid-reviews-q3-2025",
        question="How much is the fine a Sandmere parent gets when their child misses too much "
        "school?",
        absent=[r"£", r"\bpounds?\b", r"penalty notice", r"\d+ per child"],
    ),
    dict(
        doc="learning-from-rapid-reviews-q3-2025",
        question="Was Child U's mother prosecuted, or was U taken into care, after the FII "
        "concerns?",
        absent=[r"prosecut", r"convict", r"care order", r"foster", r"proceedings", r"court"],
    ),
    # 7. Young Person Q (disabled child in residential school, transition)
    dict(
        doc="lcspr-young-person-q-outline",
        question="A girl at our residential school keeps getting marks on her arms and staff "
        "put it down to the hoist. What did the Young Person Q review say should happen?",
        contains="every unexplained injury to a disabled child",
        review="Young Person Q",
    ),
    dict(
        doc="lcspr-young-person-q-outline",
        question="When should we begin sorting out what happens once a teenager with complex "
        "needs turns eighteen?",
        contains="Transition planning for disabled young people will start at 14",
        review="Young Person Q",
    ),
    dict(
        doc="lcspr-young-person-q-outline",
        question="I visit a girl in a specialist boarding school and her carer from the home "
        "always sits in with us. Is that OK?",
        contains="with an advocate who does not work at the placement",
        review="Young Person Q",
    ),
    dict(
        doc="lcspr-young-person-q-outline",
        question="What's the minimum number of staff who should be there when a hoist is used "
        "with a disabled child?",
        absent=[r"two staff", r"two members", r"minimum", r"ratio", r"double", r"two people"],
    ),
    dict(
        doc="lcspr-young-person-q-outline",
        question="Was the member of staff who hurt Young Person Q sacked or referred to the "
        "barring service?",
        absent=[r"dismiss", r"barring", r"\bDBS\b", r"suspend", r"disciplin", r"sacked"],
    ),
    # 8. Siblings L and W (dental neglect)
    dict(
        doc="siblings-l-and-w-dental-neglect",
        question="What did the Siblings L and W review say about school handing out Calpol for "
        "a sore mouth?",
        contains="give pain relief for toothache more than once",
        review="Siblings L and W",
    ),
    dict(
        doc="siblings-l-and-w-dental-neglect",
        question="Our surgery is about to take a family off the books for not turning up to "
        "check-ups. Is there anyone we should tell first?",
        contains="before removing a child from their list for missed appointments",
        review="Siblings L and W",
    ),
    dict(
        doc="siblings-l-and-w-dental-neglect",
        question="Am I going easier on a single dad than I would on a mum?",
        contains="gave him more leeway than they said they would have",
        review="Siblings L and W",
    ),
    dict(
        doc="siblings-l-and-w-dental-neglect",
        question="How many rotten teeth does a child need to have before it counts as dental "
        "neglect under the Ormesby pathway?",
        absent=[r"threshold", r"or more teeth", r"counts as", r"criteria", r"at least \d"],
    ),
    dict(
        doc="siblings-l-and-w-dental-neglect",
        question="Did the father of Siblings L and W get a parenting assessment or go on a "
        "course afterwards?",
        absent=[r"parenting", r"\bcourse\b", r"programme", r"assessment"],
    ),
    # Out of scope: office life, nothing a safeguarding learning library answers
    dict(question="How do I book annual leave over Christmas on the HR self-service system?"),
    dict(
        question="Where can staff park at the civic centre, and do I need a permit for the "
        "multi-storey?"
    ),
    dict(question="What mileage rate can I claim on my expenses for home visits in my own car?"),
    dict(
        question="The printer on the second floor keeps jamming halfway through a job. Who do "
        "I report it to?"
    ),
    dict(question="When is the next fire drill at County Hall and where is our assembly point?"),
    dict(question="Can I increase my pension contributions if I go part time next year?"),
    dict(
        question="I've been locked out after three wrong passwords. How do I reset my network "
        "password?"
    ),
    dict(question="What's a good recipe for a chicken curry for the team's leaving lunch?"),
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
        self.notes: dict[int, list[tuple[int, str]]] = {}

    def footer(self) -> None:
        notes = self.notes.get(self.page_no(), [])
        if notes:
            self.set_y(-16 - 4.2 * len(notes) - 6)
            self.set_draw_color(120, 120, 120)
            self.line(18, self.get_y(), 70, self.get_y())
            self.ln(1.5)
            for n, text in notes:
                self.set_x(18)
                self.set_font("DejaVu", "", 5.5)
                self.char_vpos = "SUP"
                self.cell(3, 4, str(n))
                self.char_vpos = "LINE"
                self.set_font("DejaVu", "", 7.5)
                self.cell(0, 4, text, new_x="LMARGIN", new_y="NEXT")
        if self.footer_text:
            self.set_y(-13)
            self.set_font("DejaVu", "", 8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, self.footer_text.replace("{page}", str(self.page_no())), align="C")
            self.set_text_color(0, 0, 0)

    def para(self, text, size=10, lh=None, style="") -> None:
        self.set_font("DejaVu", style, size)
        self.multi_cell(0, lh or size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1.8)

    def bullet(self, text, size=10, marker="•", indent=5, lh=None) -> None:
        lh = lh or size * 0.5
        self.set_font("DejaVu", "", size)
        if self.get_y() + lh > self.page_break_trigger:
            self.add_page()  # keep the marker with the first line of its text
        y = self.get_y()
        self.set_x(self.l_margin)
        self.cell(indent, lh, marker)
        self.set_xy(self.l_margin + indent, y)
        self.multi_cell(
            self.w - self.r_margin - self.l_margin - indent, lh, text, new_x="LMARGIN", new_y="NEXT"
        )
        self.ln(1.2)


def pdf_child_s(path: Path, brief: dict) -> None:
    """Headings in the body font and size (10 pt regular): only colour and capitals differ."""
    pdf = PDF()
    pdf.footer_text = f"{brief['partnership']} · CSPR Child S · {FICTIONAL}"
    pdf.add_page()
    teal = (0, 112, 122)
    pdf.set_font("DejaVu", "", 17)
    pdf.set_text_color(*teal)
    pdf.multi_cell(
        0,
        8,
        "Child S: learning from a Child Safeguarding Practice Review",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("DejaVu", "", 9)
    pdf.set_text_color(95, 95, 95)
    pdf.cell(
        0, 5, f"{brief['partnership']} · November 2025 · {FICTIONAL}", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(5)
    for heading, _role, style, items in brief["sections"]:
        pdf.set_font("DejaVu", "", 10)
        pdf.set_text_color(*teal)
        pdf.cell(0, 5, heading.upper(), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(1)
        for t in items:
            if style == "para":
                pdf.para(t)
            else:
                pdf.bullet(t, marker="–", indent=4.5)
        pdf.ln(3)
    pdf.output(str(path))


def pdf_baby_h(path: Path, brief: dict) -> None:
    pdf = PDF()
    pdf.footer_text = f"Rapid Review: Baby H · {brief['partnership']} · page {{page}}"
    pdf.add_page()
    plum = (96, 40, 90)
    pdf.set_font("DejaVu", "B", 20)
    pdf.set_text_color(*plum)
    pdf.cell(0, 10, "Rapid Review: Baby H", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.set_text_color(60, 60, 60)
    pdf.cell(0, 6, "What went well and what we need to do better", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "I", 8.5)
    pdf.cell(
        0, 5, f"{brief['partnership']} · October 2025 · {FICTIONAL}", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    for heading, _role, style, items in brief["sections"]:
        pdf.ln(1.5)
        pdf.set_font("DejaVu", "B", 12.5)
        pdf.set_text_color(*plum)
        pdf.cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(1)
        if style == "para":
            for t in items:
                pdf.para(t)
        elif style == "table":
            pdf.set_font("DejaVu", "", 9.5)
            pdf.set_draw_color(150, 150, 150)
            with pdf.table(
                col_widths=(1, 1),
                line_height=4.9,
                text_align="LEFT",
                headings_style=FontFace(
                    emphasis="BOLD", color=(255, 255, 255), fill_color=(96, 40, 90)
                ),
                padding=2,
            ) as table:
                head = table.row()
                head.cell("Strengths")
                head.cell("Areas for development")
                for good, gap in items:
                    r = table.row()
                    r.cell(good, style=FontFace(fill_color=(232, 245, 233)))
                    r.cell(gap, style=FontFace(fill_color=(253, 240, 226)))
            pdf.ln(2)
        else:
            for t in items:
                pdf.bullet(t, marker="•")
    pdf.output(str(path))


def pdf_young_person_j(path: Path, brief: dict) -> None:
    """Numbers alone in a left margin column, text indented; footnotes at the page foot."""
    pdf = PDF()
    pdf.footer_text = f"{brief['partnership']} · LCSPR Young Person J · page {{page}}"
    pdf.set_auto_page_break(True, 36)
    pdf.add_page()
    navy = (20, 50, 100)
    pdf.set_font("DejaVu", "B", 18)
    pdf.set_text_color(*navy)
    pdf.multi_cell(
        0,
        8.5,
        "Young Person J: summary of a Local Child Safeguarding Practice Review",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("DejaVu", "", 9)
    pdf.set_text_color(90, 90, 90)
    pdf.cell(
        0,
        5,
        f"{brief['partnership']} · published December 2025 · {FICTIONAL}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(0, 0, 0)
    pdf.ln(4)
    note_no = 0
    lh = 6.3
    for s_i, (heading, _role, style, items) in enumerate(brief["sections"]):
        pdf.set_left_margin(18)
        pdf.set_x(18)
        pdf.ln(1)
        pdf.set_font("DejaVu", "B", 12.5)
        pdf.set_text_color(*navy)
        pdf.cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(1)
        for i, t in enumerate(items):
            note = brief["footnotes"].get((s_i, i))
            if style == "bullets":
                pdf.bullet(t, marker="›", indent=4)
                continue
            if style == "margin":
                lines = pdf.multi_cell(pdf.w - 31 - 18, lh, t, dry_run=True, output="LINES")
                if pdf.get_y() + len(lines) * lh > pdf.page_break_trigger:
                    pdf.add_page()  # keep each numbered point whole on one page
                y = pdf.get_y()
                pdf.set_left_margin(18)
                pdf.set_xy(18, y - 0.6)
                pdf.set_font("DejaVu", "B", 15)
                pdf.set_text_color(*navy)
                pdf.cell(9, 7, str(i + 1))
                pdf.set_text_color(0, 0, 0)
                pdf.set_left_margin(31)
                pdf.set_xy(31, y)
            else:
                pdf.set_left_margin(18)
                pdf.set_x(18)
            pdf.set_font("DejaVu", "", 10)
            pdf.write(lh, t)
            if note:
                note_no += 1
                pdf.notes.setdefault(pdf.page_no(), []).append((note_no, note))
                pdf.set_font("DejaVu", "", 7)
                pdf.char_vpos = "SUP"
                pdf.write(lh, str(note_no))
                pdf.char_vpos = "LINE"
                pdf.set_font("DejaVu", "", 10)
            pdf.ln(lh)
            pdf.ln(3.0)
        pdf.set_left_margin(18)
    pdf.output(str(path))


# ---------------------------------------------------------------------------------------
# DOCX writers
# ---------------------------------------------------------------------------------------
def _docx_common(footer: str):
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = "Calibri"
    st.font.size = Pt(11)
    d.core_properties.author = "blind9 build (fictional)"
    d.core_properties.title = FICTIONAL
    d.core_properties.created = FIXED_TIME.replace(tzinfo=None)
    d.core_properties.modified = FIXED_TIME.replace(tzinfo=None)
    d.core_properties.last_modified_by = "blind9 build"
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
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 12, 1, 10, 30, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            out.writestr(zi, src.read(info.filename))


def _shade(el_pr, hex_fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill)
    el_pr.append(shd)


def _box_border(paragraph, colour: str = "2E75B6") -> None:
    """A paragraph border on all four sides plus shading: Word's 'boxed paragraph'."""
    pPr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        e = OxmlElement(f"w:{side}")
        e.set(qn("w:val"), "single")
        e.set(qn("w:sz"), "12")
        e.set(qn("w:space"), "4")
        e.set(qn("w:color"), colour)
        bdr.append(e)
    pPr.append(bdr)
    _shade(pPr, "DEEAF6")


def docx_family_b(path: Path, brief: dict) -> None:
    d = _docx_common(f"{FICTIONAL} · {brief['partnership']} · LCSPR Family B")
    d.add_heading("Family B: Local Child Safeguarding Practice Review", level=0)
    meta = d.add_paragraph(
        f"Learning brief  |  {brief['partnership']}  |  October 2025  |  {FICTIONAL}"
    )
    meta.runs[0].italic = True
    meta.runs[0].font.size = Pt(9.5)
    for heading, _role, style, items in brief["sections"]:
        if style == "table":
            t = d.add_table(rows=2, cols=3)
            t.style = "Table Grid"
            top = t.cell(0, 0).merge(t.cell(0, 2))
            r = top.paragraphs[0].add_run(brief["table_title"])
            r.bold = True
            r.font.size = Pt(13)
            r.font.color.rgb = RGBColor(255, 255, 255)
            top.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _shade(top._tc.get_or_add_tcPr(), "1F4E79")
            for c, label in zip(
                t.rows[1].cells, ("Learning", "What this means for you", "What you can do")
            ):
                c.paragraphs[0].add_run(label).bold = True
                _shade(c._tc.get_or_add_tcPr(), "D9E2F3")
            for row in items:
                cells = t.add_row().cells
                for c, text in zip(cells, row):
                    c.text = text
            d.add_paragraph()
            continue
        d.add_heading(heading, level=1)
        for text in items:
            d.add_paragraph(text)
    _save_docx(d, path)


def docx_amira(path: Path, brief: dict) -> None:
    d = _docx_common(f"{FICTIONAL} · {brief['partnership']} · CSPR Amira")
    d.add_heading("Amira: learning from a Child Safeguarding Practice Review", level=1)
    meta = d.add_paragraph(
        f"{brief['partnership']}  |  Learning brief  |  September 2025  |  {FICTIONAL}"
    )
    meta.runs[0].italic = True
    meta.runs[0].font.size = Pt(9.5)
    secs = {s[2]: s for s in brief["sections"]}
    tips = secs["tips"][3]
    for heading, _role, style, items in brief["sections"]:
        if style == "tips":
            continue
        d.add_heading(heading, level=2)
        for i, item in enumerate(items):
            if style == "pairs":
                d.add_heading(item[0], level=3)
                d.add_paragraph(item[1])
                for k, after in enumerate(brief["tips_after"]):
                    if after == i:
                        label, rest = tips[k].split(": ", 1)
                        p = d.add_paragraph()
                        p.paragraph_format.left_indent = Cm(0.6)
                        p.paragraph_format.right_indent = Cm(0.6)
                        p.paragraph_format.space_before = Pt(6)
                        p.paragraph_format.space_after = Pt(10)
                        _box_border(p)
                        p.add_run(label + ":").bold = True
                        p.add_run(" " + rest)
            else:
                d.add_paragraph(item)
    _save_docx(d, path)


def docx_digest(path: Path, brief: dict) -> None:
    d = _docx_common(f"{FICTIONAL} · {brief['partnership']} · Rapid review digest Q3 2025")
    d.add_heading("Learning from rapid reviews: July to September 2025", level=0)
    meta = d.add_paragraph(f"{brief['partnership']}  |  Quarterly digest no. 6  |  {FICTIONAL}")
    meta.runs[0].italic = True
    d.add_paragraph(
        "The partnership held three rapid reviews this quarter. Each is summarised below with "
        "its learning and what we are asking practitioners to do."
    )
    for label, review_line, sections in brief["boxes"]:
        d.add_heading(label, level=2)
        rl = d.add_paragraph(review_line)
        rl.runs[0].italic = True
        rl.runs[0].font.color.rgb = RGBColor(89, 89, 89)
        for heading, _role, style, items in sections:
            if style == "para":
                for t in items:
                    d.add_paragraph(t)
                continue
            d.add_heading(heading, level=3)
            for t in items:
                d.add_paragraph(t, style="List Bullet")
    for heading, _role, _style, items in brief["sections"]:
        d.add_heading(heading, level=2)
        for t in items:
            d.add_paragraph(t, style="List Bullet")
    _save_docx(d, path)


# ---------------------------------------------------------------------------------------
# Text writers
# ---------------------------------------------------------------------------------------
def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_on_hyphens=False, break_long_words=False)


def txt_outline(path: Path, brief: dict) -> None:
    lines = [
        "Young Person Q: learning summary",
        f"Local Child Safeguarding Practice Review (LCSPR) | {brief['partnership']} | "
        "November 2025",
        f"{FICTIONAL}. Q, her family, the school and the partnership are invented.",
        "",
    ]

    def entry(depth: int, number: str, text: str) -> None:
        width = 78 - 8 * (depth + 1)
        wrapped = _wrap(text, width)
        lines.append("\t" * depth + number + "\t" + wrapped[0])
        lines.extend("\t" * (depth + 1) + w for w in wrapped[1:])

    for s, (heading, _role, style, items) in enumerate(brief["sections"], start=1):
        lines.append(f"{s}\t{heading}")
        for i, item in enumerate(items, start=1):
            if style == "outline":
                label, subs = item
                lines.append(f"\t{s}.{i}\t{label}")
                for k, sub in enumerate(subs, start=1):
                    entry(2, f"{s}.{i}.{k}", sub)
            else:
                entry(1, f"{s}.{i}", item)
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def md_siblings_l_w(path: Path, brief: dict) -> None:
    lines = [
        "# Siblings L and W: learning brief",
        "",
        f"*Local Child Safeguarding Practice Review · {brief['partnership']} · January 2026*",
        "",
        f"*{FICTIONAL}: the children, family, services and partnership are invented.*",
        "",
    ]
    for heading, _role, style, items in brief["sections"]:
        if style != "bullets" or heading != "Further information":
            lines += [f"## {heading}", ""]
        if style == "para":
            for t in items:
                lines += [t, ""]
        elif style == "defs":
            for term, text in items:
                lines += [f"**{term}** — {text}", ""]
        elif style == "table":
            lines += ["| What will change | Who leads |", "|---|---|"]
            lines += [f"| {a} | {b} |" for a, b in items]
            lines.append("")
        elif heading == "Further information":
            lines += ["<details>", f"<summary>{heading}</summary>", ""]
            lines += [f"- {t}" for t in items]
            lines += ["", "</details>", ""]
        else:
            lines += [f"- {t}" for t in items]
            lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


WRITERS = {
    "cspr-child-s-online-exploitation.pdf": pdf_child_s,
    "rapid-review-baby-h-strengths-and-development.pdf": pdf_baby_h,
    "lcspr-young-person-j-summary.pdf": pdf_young_person_j,
    "lcspr-family-b-learning-table.docx": docx_family_b,
    "cspr-amira-practice-tips.docx": docx_amira,
    "learning-from-rapid-reviews-q3-2025.docx": docx_digest,
    "lcspr-young-person-q-outline.txt": txt_outline,
    "siblings-l-and-w-dental-neglect.md": md_siblings_l_w,
}


def question_rows() -> list[dict]:
    rows = []
    for i, q in enumerate(QUESTIONS, start=1):
        qid = f"hd{i:02d}"
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
