"""The development briefs: fictional children, facts and partnerships in real layouts.

Every brief is invented for testing. Layouts and section vocabulary follow what
safeguarding partnerships publish (7-minute briefings, learning briefs, rapid-review
summaries, thematic briefs); no text, child or fact comes from a real review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from evals.dev_briefs.writers import BriefDocx, BriefPDF, BriefText, Record

FICTIONAL = "Fictional brief for testing"


def marker(partnership: str, published: str) -> str:
    """The line every brief carries: it is fictional, who 'published' it and when."""
    return f"{FICTIONAL} – {partnership} (fictional) – published {published}"


@dataclass(frozen=True)
class Brief:
    """One development brief: its file name, layout and the reviews a reader names."""

    stem: str
    ext: str
    layout: str
    reviews: tuple[tuple[str, str | None], ...]  # (subject, review type where stated)
    build: Callable[[Path], Record]

    @property
    def filename(self) -> str:
        """File name in the build folder (the doc id is the stem)."""
        return f"{self.stem}.{self.ext}"


def _require(condition: bool, path: Path, what: str) -> None:
    """A layout guard: the brief must still show what it exists to test."""
    if not condition:
        raise RuntimeError(f"{path.name}: the layout no longer has {what}; adjust the text")


# -- 1. 7-minute briefing as seven numbered boxes (PDF) ------------------------------------
def seven_minute_boxes_baby_r(path: Path) -> Record:
    pdf = BriefPDF(footer_text="Harrowdale SCP · 7 Minute Briefing · Baby R")
    pdf.add_page()
    pdf.title_band("7 Minute Briefing", "Rapid Review: Baby R")
    pdf.meta(marker("Harrowdale Safeguarding Children Partnership", "March 2024"))
    pdf.set_auto_page_break(False)
    boxes = [
        ("1", "Background", "summary", [
            "Baby R was seven weeks old when he was taken to hospital with a fractured "
            "upper arm and bruising behind his left ear.",
            "His parents were both under 21 and lived with the maternal grandmother; "
            "the father was known to probation for an assault on a former partner.",
        ]),
        ("2", "Why it matters", "other", [
            "Bruising in a baby who is not yet rolling or crawling is rarely accidental "
            "and always needs an explanation that fits.",
            "Young parents under financial strain can find a crying baby overwhelming, "
            "especially in the early weeks.",
        ]),
        ("3", "Information", "summary", [
            "At four weeks the GP saw a small mark on his cheek, which the mother put down "
            "to a scratch from her bracelet.",
            "The health visitor recorded that the father rarely attended visits and was "
            "described as working away.",
        ]),
        ("4", "Learning", "learning", [
            "Any mark on a non-mobile baby should lead to a referral under the bruising "
            "protocol, even when the explanation sounds plausible.",
            "Ask directly about every adult who cares for the baby, including partners "
            "who are seldom seen at home visits.",
            "What probation knows about a parent's violence needs to reach the "
            "professionals who are supporting the baby.",
        ]),
        ("5", "Reflection", "reflective_question", [
            "How confident are you in applying the bruising protocol when a parent "
            "offers an innocent explanation?",
            "How do you find out who else looks after the babies you work with?",
        ]),
        ("6", "What to do", "practice_point", [
            "Look at the baby's skin at every contact and record exactly what you see.",
            "Speak to fathers and male carers in their own right, not only through the mother.",
            "Share the ICON coping-with-crying messages at every contact in the first months.",
        ]),
        ("7", "Further information", "further_information", [
            "Harrowdale protocol for bruising in non-mobile babies, on the partnership website.",
            "ICON: babies cry, you can cope – leaflets from the health visiting service.",
        ]),
    ]  # fmt: skip
    w, h = 84.0, 104.0
    positions = [(18, 48), (108, 48), (18, 160), (108, 160), (18, 24), (108, 24), (18, 136)]
    for i, (number, title, role, lines) in enumerate(boxes):
        if i == 4:
            pdf.add_page()
        x, y = positions[i]
        pdf.box(number, title, lines, role, x, y, w, h)
    pdf.save(path)
    return pdf.record


# -- 2. 7-minute briefing as a DOCX grid table -----------------------------------------------
def seven_minute_grid_child_d(path: Path) -> Record:
    d = BriefDocx()
    d.header_footer("Millbrook Safeguarding Partnership – 7 Minute Briefing", FICTIONAL)
    d.title_line("Seven Minute Briefing")
    d.title_line("LCSPR: Child D – neglect and missed health care", style="Subtitle")
    d.meta(marker("Millbrook Safeguarding Partnership", "January 2024"))
    d.grid([
        ("1", "Background", [
            "Child D, aged nine, lived with his mother and two younger sisters and had a "
            "diagnosis of autism.",
            "Over three years he missed eleven dental and paediatric appointments and was "
            "eventually found to have severe tooth decay.",
        ], "summary"),
        ("2", "Why it matters", [
            "A disabled child relies on adults to get him to health care, so missed "
            "appointments can be a sign of neglect.",
            "Neglect that builds up slowly is easy to get used to.",
        ], "other"),
        ("3", "What happened", [
            "School raised concerns about hygiene and hunger several times, but each was "
            "handled as a one-off.",
            "The mother said her own depression made appointments hard to manage.",
            "Two episodes of early help were closed when the family stopped taking part.",
        ], "summary"),
        ("4", "Key learning", [
            "Treat 'was not brought' as a safeguarding matter, not as the child missing "
            "an appointment.",
            "Use a neglect screening tool to look at the whole history rather than the "
            "latest incident.",
            "Think about how a parent's mental health affects their capacity to meet the "
            "child's needs.",
            "Closing a case because the family does not engage can leave the child with "
            "no help at all.",
        ], "learning"),
        ("5", "Questions for reflection", [
            "Does your service follow up when a child is not brought to an appointment?",
            "How do you keep the history in view when concerns arrive one at a time?",
        ], "reflective_question"),
        ("6", "What to do", [
            "Follow the Was Not Brought policy and tell the referrer what you did.",
            "Complete a neglect screening tool when two or more concerns about care arise.",
            "Ask for a multi-agency meeting before closing a case where neglect has been raised.",
        ], "practice_point"),
        ("7", "Further information", [
            "Millbrook neglect strategy and screening tool, on the partnership website.",
            "Guidance on safeguarding disabled children, in the local procedures.",
        ], "further_information"),
    ])  # fmt: skip
    d.save(path)
    return d.record


# -- 3. Two-column learning brief with running header/footer (PDF) ---------------------------
def two_column_young_person_e(path: Path) -> Record:
    pdf = BriefPDF(
        header_text="Kelverton Safeguarding Children Partnership · Learning Brief · Young Person E",
        footer_text=FICTIONAL,
        body_size=9.5,
    )
    pdf.add_page()
    pdf.title_line("Local Child Safeguarding Practice Review: Young Person E", size=17)
    pdf.meta(marker("Kelverton Safeguarding Children Partnership", "October 2023"))
    pdf.columns = 2
    pdf.start_columns()
    pdf.heading("Summary of the case", "summary", size=12)
    pdf.para(
        "Young Person E was fifteen when he was found in a flat in another county with "
        "class A drugs and a large sum of cash. He had been reported missing from home "
        "nine times in the previous six months."
    )
    pdf.para(
        "He had been permanently excluded from his secondary school in Year 10 and was "
        "attending an alternative provision for two hours a day. His mother had asked "
        "children's social care for help on three occasions, saying he was frightened "
        "of older boys who gave him a phone."
    )
    pdf.para(
        "Each missing episode was followed by a return home interview, but the interviews "
        "were done by different workers and the information in them was not brought "
        "together or shared with the police."
    )
    pdf.heading("What Young Person E told the review", "other", size=12)
    pdf.para(
        "He said that the only adults who listened to him were the youth worker and a "
        "teaching assistant at his old school. He said that being sent home from school "
        "felt like being told he was not wanted, and that the older boys said they were "
        "his family now."
    )
    pdf.para(
        "He said that when the police found him he was relieved, because he owed money "
        "he could not pay back and he had been threatened with a knife."
    )
    pdf.heading("Key findings", "learning", size=12)
    findings = [
        "Exclusion from school removed the daily contact with trusted adults that had "
        "kept him safe, and reduced hours at alternative provision left long unsupervised "
        "days that the people exploiting him used.",
        "Repeated missing episodes were treated as separate events; nobody looked at the "
        "pattern of where he went, who he was with and how long he was away.",
        "Practitioners sometimes described him as making choices, which hid the "
        "coercion and debt bondage he was under.",
        "His mother's requests for help were not treated as a referral, because she was "
        "asking for help with his behaviour rather than reporting harm.",
        "The National Referral Mechanism was not considered until after his arrest, so "
        "he was dealt with as an offender before he was seen as a victim.",
    ]
    for n, text in enumerate(findings, start=1):
        pdf.item(f"{n}.", text)
    pdf.heading("Good practice", "good_practice", size=12)
    pdf.item("•", "The youth offending service worker kept in touch with him every week "
             "and was the one adult he trusted.")  # fmt: skip
    pdf.item("•", "The alternative provision reported a new phone and new trainers to the "
             "police intelligence unit the same day.")  # fmt: skip
    pdf.heading("Recommendations", "recommendation", size=12)
    recommendations = [
        "The partnership should make sure that every return home interview is recorded "
        "in one place and shared with the missing persons coordinator.",
        "Schools and the local authority should hold a multi-agency meeting before any "
        "child known to be at risk of exploitation is permanently excluded.",
        "All agencies should use language that describes exploitation as harm done to a "
        "child, and training should cover this.",
        "Children's social care should treat a parent's request for help with a child "
        "who is going missing as a referral.",
    ]
    for n, text in enumerate(recommendations, start=1):
        pdf.item(f"{n}.", text)
    pdf.heading("Questions to consider", "reflective_question", size=12)
    pdf.item("•", "What would you do if a parent told you their child was scared of older "
             "young people?")  # fmt: skip
    pdf.item("•", "How do you record what you learn in a return home conversation so "
             "others can see the pattern?")  # fmt: skip
    pdf.item("•", "Which words in your own records might suggest that a child chose to be "
             "exploited?")  # fmt: skip
    pdf.heading("Find out more", "further_information", size=12)
    pdf.item("•", "Kelverton exploitation screening tool and pathway, on the partnership website.")
    pdf.item("•", "Home Office guidance on criminal exploitation of children and county lines.")
    _require(pdf.page_no() >= 2, path, "two pages")
    pdf.save(path)
    return pdf.record


# -- 4. "Learning point N:" paragraphs running across a page break (PDF) ---------------------
def learning_points_child_h(path: Path) -> Record:
    pdf = BriefPDF(footer_text="Ashcombe LSCB · Serious Case Review Child H · " + FICTIONAL)
    pdf.add_page()
    pdf.title_line("Serious Case Review: Child H")
    pdf.title_line("Learning Summary for Practitioners", size=13)
    pdf.meta(marker("Ashcombe Local Safeguarding Children Board", "June 2018"))
    pdf.heading("Introduction", "summary")
    pdf.para(
        "Child H was three years old when she died from a head injury at the home she "
        "shared with her mother and her mother's new partner. The partner was later "
        "convicted of her manslaughter."
    )
    pdf.para(
        "In the eight months before her death Child H was seen by her nursery, the health "
        "visiting service, the GP and the emergency department. This summary sets out "
        "what the review found and what practitioners should take from it."
    )
    pdf.para(
        "The review was led by an independent reviewer and drew on agency records and "
        "conversations with the practitioners involved. Child H's father, who lived in "
        "another town, also contributed."
    )
    pdf.heading("Learning points", "learning")
    points = [
        "When a new adult joins a household, professionals should find out who they are "
        "and check what is known about them. In Child H's case the nursery learned of the "
        "new partner from the child herself, but this was not passed on to anyone, and no "
        "agency knew that he had previous convictions for violence against a child in "
        "another area.",
        "Injuries need to be considered together, not one at a time. Child H attended the "
        "emergency department twice in five weeks, once with a burn to her hand and once "
        "with a cut to her lip. Each was accepted as an accident, and the second "
        "department did not know about the first visit because it was in a different "
        "hospital trust.",
        "Nursery staff noticed that Child H had become quiet and withdrawn and that she "
        "flinched when an adult raised a hand. These changes in behaviour were written in "
        "the nursery's daily diary but not recognised as a possible sign of abuse or "
        "discussed with the designated safeguarding lead.",
        "A mother's account should be heard with respectful uncertainty. Child H's mother "
        "was warm and cooperative with professionals, and her explanations were accepted "
        "without checking, even when they changed between one appointment and the next.",
        "Strategy discussions must include everyone who holds relevant information. When "
        "the nursery finally made a referral about a bruise on Child H's cheek, the "
        "strategy discussion was held between police and social care only, without the "
        "health visitor or the nursery, and concluded that the threshold for a child "
        "protection enquiry was not met. The health visitor had seen a similar bruise two "
        "weeks earlier and had recorded it in the health record, but no one asked her, "
        "and the information never reached the discussion.",
        "Professionals found it hard to challenge one another. The nursery manager "
        "disagreed with the decision to take no further action but did not use the "
        "escalation procedure, because she believed social care had more information "
        "than she did.",
        "Records of a child's lived experience were thin. Few records described what a day "
        "was like for Child H, who cared for her, or what she said and how she behaved, "
        "so the picture of her life at home was never clear to anyone.",
        "Information about the partner's past was held by another area's police force and "
        "children's services. A request for checks on a new adult in the home, made "
        "through the police national database and a call to the other local authority, "
        "would have shown that he had been assessed as a risk to children there, and that "
        "a previous partner's child had been placed on a child protection plan because of "
        "him. The review found that practitioners did not know how to ask for these "
        "checks or believed only the police could do it.",
    ]
    for n, text in enumerate(points, start=1):
        pdf.para(text, bold_lead=f"Learning point {n}:")
    _require(any(p.page != p.end_page for p in pdf.record.points), path, "a point across pages")
    pdf.heading("Recommendations for the partnership", "recommendation")
    pdf.item("1.", "Agencies should record the details of any new adult in a child's home "
             "and share them with the health visitor and social worker.")  # fmt: skip
    pdf.item("2.", "Emergency departments in the area should share attendances of children "
             "under five with each other and with the GP.")  # fmt: skip
    pdf.item("3.", "The partnership should audit whether strategy discussions include health "
             "and education, and report the results to the board.")  # fmt: skip
    pdf.save(path)
    return pdf.record


# -- 5. Themes as headings with a "Practice point:" line (DOCX) --------------------------------
def themes_family_w(path: Path) -> Record:
    d = BriefDocx()
    d.header_footer("Brackenshire Children's Safeguarding Partnership", FICTIONAL)
    d.title_line("Child Safeguarding Practice Review: Family W")
    d.meta(marker("Brackenshire Children's Safeguarding Partnership", "September 2024"))
    d.heading("Summary", "summary")
    d.para(
        "Family W are a mother, father and four children aged between two and thirteen. "
        "The review was commissioned after the youngest child was found alone in the "
        "family car on a hot day and needed hospital treatment."
    )
    d.para(
        "The family had been known to services for many years because of chronic neglect, "
        "poor school attendance and domestic abuse by the father."
    )
    d.heading("Learning themes", "learning")
    themes = [
        ("Start again syndrome",
         "Each new social worker began a fresh assessment, so the family's long history "
         "was lost and every plan started from the beginning.",
         "Read the chronology before you meet the family and say in your assessment what "
         "has already been tried."),
        ("Disguised compliance",
         "The parents agreed to every plan and attended most meetings, but very little "
         "changed for the children at home.",
         "Measure progress by what changes for the children, not by how many appointments "
         "the parents keep."),
        ("The voice of the older children",
         "The thirteen-year-old cared for her siblings most evenings, and nobody asked her "
         "what that was like.",
         "Speak to older siblings alone and ask about caring responsibilities; refer to "
         "the young carers service where this applies."),
        ("Domestic abuse and the father's role",
         "Professionals worked almost entirely with the mother and knew little about the "
         "father beyond the police call-outs.",
         "Include fathers in assessments and plans, and check police records for every "
         "adult in the household."),
        ("Escalation when plans drift",
         "The child in need plan stayed open for two years with the same actions, and no "
         "one challenged the lack of progress.",
         "If a plan has not changed anything in three months, raise it with your manager "
         "and use the escalation policy."),
    ]  # fmt: skip
    for title, finding, practice in themes:
        d.heading(title, "learning", level=2)
        d.para(finding)
        d.para(practice, bold_lead="Practice point:", role="practice_point")
    d.heading("Further information", "further_information")
    d.bullet("Brackenshire neglect toolkit and graded care profile guidance.")
    d.bullet("Partnership escalation and resolution policy.")
    d.save(path)
    return d.record


# -- 6. Recommendations table "No. | Recommendation | Agency" (DOCX) --------------------------
def recommendations_table_child_p(path: Path) -> Record:
    d = BriefDocx()
    d.header_footer("Lowmarsh Safeguarding Children Partnership – LCSPR Child P", FICTIONAL)
    d.title_line("Local Child Safeguarding Practice Review")
    d.title_line("Child P: Learning and Recommendations", style="Subtitle")
    d.meta(marker("Lowmarsh Safeguarding Children Partnership", "May 2024"))
    d.heading("About this review", "summary")
    d.para(
        "Child P, aged twelve, was admitted to hospital after taking an overdose of her "
        "mother's medication. She had been self-harming for over a year and had been "
        "waiting eight months for a mental health assessment."
    )
    d.heading("What we learned", "learning")
    for text in [
        "Children waiting for specialist mental health services need a named professional "
        "who keeps in touch with them while they wait.",
        "Self-harm disclosed to a school nurse was not shared with the GP, so the risk was "
        "judged on only part of the picture.",
        "Child P's online contact with older users of a self-harm forum was not known to "
        "any professional.",
        "Her mother's own mental health needs were known to adult services but not "
        "considered in the plan for Child P.",
        "Hospital staff did a good safety plan at discharge, but it did not reach her "
        "school until three weeks later.",
    ]:
        d.bullet(text)
    d.heading("Recommendations", "recommendation")
    d.table(
        ["No.", "Recommendation", "Agency"],
        [
            ["1", "Introduce a waiting-list contact plan for every child referred for a "
             "mental health assessment.", "Child and adolescent mental health services"],
            ["2", "School nurses should share disclosures of self-harm with the GP the "
             "same week, with the child's knowledge.", "School nursing service"],
            ["3", "Add questions about online contact and forums to the self-harm risk "
             "assessment.", "All agencies"],
            ["4", "Adult mental health services should ask about children in the household "
             "at every review of a parent's care plan.", "Adult mental health trust"],
            ["5", "Send hospital discharge safety plans to the child's school on the day "
             "of discharge.", "Acute hospital trust"],
            ["6", "Offer training on responding to self-harm to designated safeguarding "
             "leads in secondary schools.", "Safeguarding partnership"],
        ],
        widths_cm=[1.2, 10.5, 4.5],
    )  # fmt: skip
    d.heading("Reflective questions", "reflective_question")
    d.bullet("Who keeps in touch with the children on your waiting list?")
    d.bullet("How do you find out about a child's online life?")
    d.save(path)
    return d.record


# -- 7. Recommendations table in a PDF, with good practice -----------------------------------
def recommendations_table_child_n(path: Path) -> Record:
    pdf = BriefPDF(footer_text="Oakridge Safeguarding Partnership · " + FICTIONAL)
    pdf.add_page()
    pdf.title_band("Practice Review Briefing", None, colour=(110, 40, 90))
    pdf.title_line("Child Safeguarding Practice Review: Child N", size=15)
    pdf.meta(marker("Oakridge Safeguarding Partnership", "February 2024"))
    pdf.heading("Case summary", "summary")
    pdf.para(
        "Child N was a six-year-old boy with cerebral palsy who used a wheelchair and "
        "communicated with signs and a picture board. He was found to have multiple "
        "untreated fractures when he was admitted to hospital with a chest infection."
    )
    pdf.para(
        "His parents were his only carers. Respite care had stopped during a change of "
        "provider and was never restarted."
    )
    pdf.heading("Key learning", "learning")
    for text in [
        "Disabled children are at greater risk of abuse, and signs of harm can be "
        "mistaken for the effects of their condition.",
        "Professionals did not communicate with Child N directly, because no one used his "
        "picture board or asked his teacher how he expressed pain.",
        "Respite care is a safeguard as well as a support: when it stopped, the family's "
        "stress rose and professionals saw him less.",
        "Physiotherapists noticed that he cried when handled but assumed this was "
        "discomfort from his condition.",
    ]:
        pdf.item("•", text)
    pdf.heading("Good practice", "good_practice")
    pdf.item("•", "The special school nurse kept detailed body maps and shared them with the "
             "hospital on the day he was admitted.")  # fmt: skip
    pdf.item("•", "The hospital paediatrician arranged a skeletal survey quickly and "
             "explained the findings clearly to the family.")  # fmt: skip
    pdf.heading("Recommendations", "recommendation")
    pdf.data_table(
        ["No.", "Recommendation", "Agency"],
        [
            ["1", "Make sure every disabled child with communication needs has a "
             "communication passport that professionals use at each contact.",
             "All agencies"],
            ["2", "Review any pause in short breaks or respite care within four weeks and "
             "treat it as a change in risk.", "Children's services"],
            ["3", "Include the possibility of abuse when a disabled child shows unexplained "
             "distress during handling.", "Community therapy services"],
            ["4", "Deliver training on safeguarding disabled children to therapists and "
             "school staff.", "Safeguarding partnership"],
        ],
        widths=(14, 110, 50),
    )  # fmt: skip
    pdf.save(path)
    return pdf.record


# -- 8. A learning table running over two pages, header row repeated (PDF) ------------------
def learning_table_siblings_f_g(path: Path) -> Record:
    pdf = BriefPDF(
        header_text="Fenwick Vale Safeguarding Children Partnership · LCSPR Siblings F and G",
        footer_text=FICTIONAL,
    )
    pdf.add_page()
    pdf.title_line("Local Child Safeguarding Practice Review: Siblings F and G", size=15)
    pdf.meta(marker("Fenwick Vale Safeguarding Children Partnership", "November 2023"))
    pdf.heading("Background", "summary")
    pdf.para(
        "Siblings F and G, a brother aged seven and a sister aged five, were removed from "
        "their father's care after a neighbour reported they were regularly left alone "
        "overnight. They had moved between three local authorities in two years."
    )
    pdf.heading("Findings and what they mean for practice", "learning")
    rows = [
        ("Moving between areas", "Each move closed the case in one authority before the "
         "next one had opened it, and records arrived weeks late.",
         "Transfer a case only when the receiving authority has accepted it and held a "
         "transfer meeting with the family."),
        ("School admissions", "The children were out of school for four months after the "
         "last move and no one noticed they were missing education.",
         "Check with the admissions team when a school-age child known to services moves "
         "into the area."),
        ("Single parent father", "Professionals assumed the father coped because he was "
         "calm and articulate in meetings.",
         "Assess a lone father's capacity in the same way as a lone mother's, including "
         "his support network."),
        ("Alcohol use", "The father's drinking was mentioned by the children but never "
         "explored with him.",
         "Ask about alcohol directly and use a recognised screening tool."),
        ("Children's accounts", "The seven-year-old told a teacher he made tea for his "
         "sister, which was recorded as a sweet comment.",
         "Treat what children say about who looks after them as information to act on."),
        ("Neighbour concerns", "Two anonymous calls from neighbours were recorded but not "
         "linked to the case because the address was spelled differently.",
         "Search by name and date of birth as well as address when checking records."),
        ("Health history", "Immunisations and health checks stopped after the first move, "
         "and the GP registration lapsed.",
         "Health visitors and school nurses should confirm GP registration after a move."),
        ("Housing", "The family lived in temporary accommodation with no cooking "
         "facilities, which was not known to social care.",
         "Housing officers should share concerns about children's living conditions."),
        ("Management oversight", "Supervision records showed the case was discussed but "
         "decisions were not recorded.",
         "Record the decision, the reason and the review date in every supervision."),
        ("Police call-outs", "Police attended the home twice for noise and saw the children "
         "alone, but no notification was sent.",
         "Officers should send a notification whenever they see children left without "
         "an adult."),
        ("Information sharing", "Practitioners were unsure whether they could share "
         "information with another authority without consent.",
         "Share information to protect a child; consent is not needed where a child is at "
         "risk of harm."),
        ("Family network", "A paternal aunt offered to help but was never contacted.",
         "Hold a family group conference early to find people who can support the "
         "children."),
        ("The children's feelings", "The children said they missed their mother, whose "
         "contact had stopped without explanation.",
         "Explain changes in contact to children and keep their relationships in view."),
    ]  # fmt: skip
    pdf.data_table(
        ["Theme", "What we found", "What this means for practice"],
        [list(r) for r in rows],
        widths=(34, 70, 70),
    )
    pdf.heading("Questions for reflection", "reflective_question")
    pdf.item("•", "When a family moves away, how do you make sure someone else picks the "
             "case up?")  # fmt: skip
    pdf.item("•", "What assumptions do you make about a calm, articulate parent?")
    pdf.save(path)
    return pdf.record


# -- 9. Lettered items (a)-(f) with hanging indents (PDF) -------------------------------------
def lettered_child_b(path: Path) -> Record:
    pdf = BriefPDF(footer_text="Tamsford Safeguarding Children Partnership · " + FICTIONAL)
    pdf.add_page()
    pdf.title_line("Practice Learning Summary", size=16)
    pdf.title_line("Local Child Safeguarding Practice Review – Child B", size=13)
    pdf.meta(marker("Tamsford Safeguarding Children Partnership", "April 2024"))
    pdf.heading("What happened", "summary")
    pdf.para(
        "Child B, a four-year-old girl, was taken to hospital by ambulance after swallowing "
        "her mother's methadone, which had been kept in a cup on the kitchen table. She "
        "recovered after two days in intensive care."
    )
    pdf.para(
        "Her mother was in treatment with the community drug and alcohol service and had "
        "been prescribed methadone for two years. The family had a child in need plan "
        "because of the mother's drug use."
    )
    pdf.heading("Learning identified by the review", "learning")
    pdf.meta("The review identified the following learning for all agencies:", size=10)
    lettered = [
        "Safe storage of medicines and substitute prescriptions was discussed when "
        "treatment began but was never checked again at home visits, even after the "
        "mother's partner moved in.",
        "The drug service did not know the ages of the children in the household, "
        "because its assessment recorded that there were children but not who they were "
        "or how old they were.",
        "Take-home doses were increased from daily to weekly collection without any "
        "discussion with the social worker who held the child in need plan.",
        "Lockable boxes were offered by the pharmacy, but no one asked whether the family "
        "had used one or where the box was kept.",
        "The child in need plan listed the mother's engagement with treatment as the only "
        "measure of progress, and said nothing about what daily life was like for Child B.",
        "Professionals relied on the mother's account that her partner did not use drugs; "
        "his own history of heroin use was known to the GP but not shared.",
    ]
    for letter, text in zip("abcdef", lettered, strict=True):
        pdf.item(f"({letter})", text, indent=9)
    pdf.heading("What practitioners should do", "practice_point")
    pdf.item("1.", "See where medicines and substitute prescriptions are stored at every "
             "home visit, and write down what you saw.", indent=7)  # fmt: skip
    pdf.item("2.", "Record the names and ages of all children in the household at the "
             "start of treatment and whenever it changes.", indent=7)  # fmt: skip
    pdf.item("3.", "Talk to the social worker before changing how often a parent collects "
             "take-home doses.", indent=7)  # fmt: skip
    pdf.heading("Further reading", "further_information")
    pdf.item("•", "Tamsford guidance on parental substance use and safe storage of "
             "medicines.", indent=6)  # fmt: skip
    pdf.save(path)
    return pdf.record


# -- 10. A checklist with ballot boxes (DOCX) --------------------------------------------------
def checklist_baby_l(path: Path) -> Record:
    d = BriefDocx()
    d.header_footer("Greyholt Safeguarding Partnership", FICTIONAL)
    d.title_line("Rapid Review Learning Brief: Baby L")
    d.meta(marker("Greyholt Safeguarding Partnership", "July 2024"))
    d.heading("What happened", "summary")
    d.para(
        "Baby L, aged ten weeks, died while sleeping on a sofa with her father after a "
        "family party. Both parents had been drinking alcohol that evening."
    )
    d.para(
        "Safer sleep advice had been given by the midwife before discharge and by the "
        "health visitor at the new birth visit, but only to the mother."
    )
    d.heading("Key messages", "learning")
    d.bullet("Safer sleep advice needs to reach every adult who cares for the baby, "
             "including fathers and grandparents.")  # fmt: skip
    d.bullet("The risk of sudden infant death is much higher when a baby sleeps on a sofa "
             "with an adult, and higher still after alcohol.")  # fmt: skip
    d.bullet("Plans for safe sleep should cover changes in routine such as parties, "
             "holidays and staying with relatives.")  # fmt: skip
    d.heading("Practitioner checklist", "practice_point")
    d.meta("Use this checklist at every contact with a family with a baby under one:")
    for text in [
        "I have asked where the baby sleeps during the day and at night.",
        "I have given safer sleep advice to both parents and anyone else who cares for the baby.",
        "I have asked about alcohol, drugs and smoking in the household.",
        "I have talked about what the family will do when their routine changes.",
        "I have checked that the baby has a cot or Moses basket of their own.",
        "I have recorded who received the advice and how they responded.",
        "I have shared any concerns with the health visitor or the GP.",
    ]:
        d.checkbox(text)
    d.heading("Questions for your team", "reflective_question")
    d.bullet("How does your service make sure fathers hear safer sleep advice?")
    d.bullet("What would you do if a parent told you they sometimes fall asleep with the "
             "baby on the sofa?")  # fmt: skip
    d.save(path)
    return d.record


# -- 11. A thematic brief covering several reviews, with shared learning (PDF) ---------------
def thematic_non_mobile_babies(path: Path) -> Record:
    pdf = BriefPDF(
        header_text="Marrowby Safeguarding Children Partnership · Thematic learning brief",
        footer_text=FICTIONAL,
    )
    pdf.add_page()
    pdf.title_line("Thematic Review: Injuries to Non-Mobile Babies", size=16)
    pdf.meta(marker("Marrowby Safeguarding Children Partnership", "December 2023"))
    pdf.para(
        "This brief draws together learning from three rapid reviews held in 2023 about "
        "babies under six months who were seriously injured at home.",
        point=False,
    )
    cases = [
        ("Baby Q (Rapid Review)", "Baby Q",
         "Baby Q was four months old when she was found to have rib fractures after her "
         "mother took her to the GP with a cough.",
         ["The GP noticed a small bruise on her chest but did not ask how it happened.",
          "Baby Q's mother was eighteen and had left care a year earlier; her leaving "
          "care worker was not told about the pregnancy.",
          "Records did not say who else lived in the household or who looked after "
          "Baby Q when her mother worked."]),
        ("Baby Y (Rapid Review)", "Baby Y",
         "Baby Y was eleven weeks old when he was admitted with a head injury. His father "
         "said he had fallen from a changing table.",
         ["The explanation did not fit a baby who could not yet roll over, but this was "
          "not questioned for two days.",
          "Both parents had grown up in care and were anxious about professionals, so "
          "visits were often cancelled.",
          "The health visitor had raised concerns about the father's temper, but these "
          "were not shared with the hospital."]),
        ("Baby Z (Rapid Review)", "Baby Z",
         "Baby Z was five weeks old when a bruise to her thigh was seen by a midwife at a "
         "postnatal visit.",
         ["The midwife followed the bruising protocol and made a referral the same day.",
          "A strategy discussion was held within a day and included health, police and "
          "children's social care.",
          "A later medical found older fractures, so the quick response protected Baby Z "
          "from further harm."]),
    ]  # fmt: skip
    for banner, review, summary, learning in cases:
        pdf.review_banner(banner, review)
        pdf.heading("What happened", "summary", size=11)
        pdf.para(summary)
        if review == "Baby Z":
            pdf.heading("What went well", "good_practice", size=11)
        else:
            pdf.heading("Learning", "learning", size=11)
        for text in learning:
            pdf.item("•", text)
    pdf.review_banner("Shared learning from the three reviews", "shared", colour=(230, 215, 160))
    pdf.heading("Learning across all three reviews", "learning", size=11)
    for text in [
        "A bruise or mark on a baby who cannot move independently must always be referred, "
        "whoever sees it and however small it is.",
        "Young parents who are care leavers may need extra support and may fear "
        "professionals; plans should take account of their own history.",
        "Men in the household were largely invisible to services in two of the three cases.",
        "Injuries to babies often follow earlier, smaller signs that were seen but not acted on.",
    ]:
        pdf.item("•", text)
    pdf.heading("Questions for teams", "reflective_question", size=11)
    for text in [
        "How does your service make sure every mark on a non-mobile baby is referred?",
        "How do you find out about the men who care for the babies you see?",
        "What support do you offer to parents who have been in care themselves?",
    ]:
        pdf.item("•", text)
    pdf.save(path)
    return pdf.record


# -- 12. A rapid-review summary (PDF) ---------------------------------------------------------
def rapid_review_child_k(path: Path) -> Record:
    pdf = BriefPDF(footer_text="Hollinsey Safeguarding Children Partnership · " + FICTIONAL)
    pdf.add_page()
    pdf.title_line("Rapid Review Summary", size=16)
    pdf.title_line("Child K, aged 14", size=13)
    pdf.meta(marker("Hollinsey Safeguarding Children Partnership", "August 2024"))
    pdf.heading("Reason for the rapid review", "summary")
    pdf.para(
        "Child K was stabbed in the leg near a shopping centre and needed surgery. He had "
        "been known to the youth service and the police for six months because of "
        "concerns about carrying a knife."
    )
    pdf.heading("Summary of agency involvement", "summary")
    pdf.item("•", "The school had recorded three incidents of fighting and one report from "
             "another pupil that Child K had a knife in his bag.")  # fmt: skip
    pdf.item("•", "Police had stopped and searched him twice and shared a notification with "
             "children's social care.")  # fmt: skip
    pdf.item("•", "Children's social care carried out an assessment which closed with advice "
             "to his parents.")  # fmt: skip
    pdf.heading("Immediate learning", "learning")
    pdf.item("•", "The report that he carried a knife to school was not shared with the "
             "police or with children's social care.")  # fmt: skip
    pdf.item("•", "The assessment focused on his behaviour at home and did not look at the "
             "places and peer groups where he was at risk.")  # fmt: skip
    pdf.item("•", "A contextual safeguarding approach, looking at the shopping centre as a "
             "place of risk, would have involved the council's community safety team.")  # fmt: skip
    pdf.heading("Actions already taken", "recommendation")
    pdf.item("•", "The school has reviewed its searching policy and now records and shares "
             "every report of a weapon.")  # fmt: skip
    pdf.item("•", "The police and the community safety team have started joint patrols at "
             "the shopping centre after school.")  # fmt: skip
    pdf.heading("Decision of the rapid review", "other")
    pdf.para(
        "The partners agreed that the learning was clear and could be taken forward "
        "without a full Local Child Safeguarding Practice Review. The National Panel "
        "agreed with this decision."
    )
    pdf.save(path)
    return pdf.record


# -- 13. A plain-text 7-minute briefing with numbered headings (TXT) -------------------------
def seven_minute_text_child_u(path: Path) -> Record:
    t = BriefText()
    t.raw("Eastwater Safeguarding Children Partnership")
    t.raw("7 Minute Briefing: Child U")
    t.raw(marker("Eastwater Safeguarding Children Partnership", "February 2024"))
    t.raw()
    t.heading("1. Background", "1. Background", "summary")
    t.point("Child U is a seven-year-old girl who lived with her mother and her mother's "
            "partner. She was referred to children's social care by her school after she "
            "said she was scared to go home.")  # fmt: skip
    t.raw()
    t.heading("2. Why it matters", "2. Why it matters", "other")
    t.point("Children who live with domestic abuse are victims of it in their own right, "
            "under the Domestic Abuse Act 2021.")  # fmt: skip
    t.raw()
    t.heading("3. Key learning", "3. Key learning", "learning")
    for n, text in enumerate(
        [
            "A child's words about being scared at home should be recorded exactly as the "
            "child said them.",
            "Police call-outs for domestic abuse where a child lives should always be shared "
            "with the child's school the next day.",
            "The mother's partner was not assessed, although he was the source of the risk.",
            "A safety plan made with the mother alone did not protect Child U when the "
            "partner returned.",
            "Child U's attendance dropped on the days after each incident, which nobody "
            "linked to what was happening at home.",
        ],
        start=1,
    ):
        t.point(f"3.{n} {text}")
    t.raw()
    t.heading("4. What happened next", "4. What happened next", "other")
    t.point("A child protection plan was made and the partner was arrested after a further "
            "incident.")  # fmt: skip
    t.raw()
    t.heading("5. Questions for reflection", "5. Questions for reflection",
              "reflective_question")  # fmt: skip
    t.point("- Do you write down what a child tells you in their own words?")
    t.point("- How would you find out whether a parent's new partner poses a risk?")
    t.point("- Who in your agency receives notifications of domestic abuse call-outs?")
    t.raw()
    t.heading("6. What you should do", "6. What you should do", "practice_point")
    t.point("- Refer to children's social care when a child says they are afraid to go home.")
    t.point("- Include every adult in the household in the assessment of risk.")
    t.raw()
    t.heading("7. Further information", "7. Further information", "further_information")
    t.point("- Eastwater domestic abuse pathway and the Operation Encompass guidance.")
    t.save(path)
    return t.record


# -- 14. An ALL-CAPS headed text brief with wrapped, hanging-indent lines (TXT) --------------
def allcaps_young_person_x(path: Path) -> Record:
    t = BriefText()
    t.raw("THORNWICK SAFEGUARDING CHILDREN PARTNERSHIP")
    t.raw("LEARNING BRIEF")
    t.raw("YOUNG PERSON X - LOCAL CHILD SAFEGUARDING PRACTICE REVIEW")
    t.raw(marker("Thornwick Safeguarding Children Partnership", "March 2023"))
    t.raw()
    t.heading("BACKGROUND", "BACKGROUND", "summary")
    t.point(
        [
            "Young Person X was a sixteen-year-old girl who was sexually exploited by a",
            "group of adult men over eighteen months. She had been in foster care since",
            "she was twelve and moved placement five times.",
        ]
    )
    t.raw()
    t.heading("WHAT WE LEARNED", "WHAT WE LEARNED", "learning")
    for lines in [
        [
            "- Each placement move broke her relationships with the adults she trusted,",
            "  and the men who exploited her used the gaps.",
        ],
        [
            "- Her going missing was recorded as 'absconding', which made it sound like",
            "  a choice and not a sign of harm.",
        ],
        [
            "- Information about the men, including car registrations, was collected by",
            "  foster carers but not passed to the police.",
        ],
        [
            "- She was not offered specialist support until after she disclosed, although",
            "  the signs had been there for a year.",
        ],
    ]:
        t.point(lines)
    t.raw()
    t.heading("WHAT WORKED WELL", "WHAT WORKED WELL", "good_practice")
    t.point(["- Her independent reviewing officer challenged the plan and asked for a",
             "  multi-agency exploitation meeting."])  # fmt: skip
    t.raw()
    t.raw("Thornwick SCP - Fictional brief for testing - page 1")
    t.raw("\f")
    t.heading("RECOMMENDATIONS", "RECOMMENDATIONS", "recommendation")
    for lines in [
        [
            "1. Placement moves for a child at risk of exploitation should be agreed at a",
            "   multi-agency meeting first.",
        ],
        [
            "2. All agencies should stop using the word 'absconding' for children who go",
            "   missing from care.",
        ],
        [
            "3. Foster carers should be trained to pass on intelligence about possible",
            "   exploiters through the police intelligence form.",
        ],
    ]:
        t.point(lines)
    t.raw()
    t.heading("QUESTIONS FOR YOUR TEAM", "QUESTIONS FOR YOUR TEAM", "reflective_question")
    t.point("- What words does your team use when a child goes missing?")
    t.point("- How do you pass on information about adults who may be exploiting a child?")
    t.raw()
    t.heading("FURTHER INFORMATION", "FURTHER INFORMATION", "further_information")
    t.point("- Thornwick child exploitation strategy and the missing children protocol.")
    t.raw()
    t.raw("Thornwick SCP - Fictional brief for testing - page 2")
    t.save(path)
    return t.record


# -- 15. A title band saying LEARNING BRIEF with the subject below (PDF) ---------------------
def title_band_child_c(path: Path) -> Record:
    pdf = BriefPDF(footer_text="Calderbrook Safeguarding Children Partnership · " + FICTIONAL)
    pdf.add_page()
    pdf.title_band("LEARNING BRIEF", None, colour=(0, 105, 92))
    pdf.title_line("Child C: a teenager missing from care", size=15)
    pdf.meta("Local Child Safeguarding Practice Review")
    pdf.meta(marker("Calderbrook Safeguarding Children Partnership", "January 2024"))
    pdf.heading("Background", "summary")
    pdf.para(
        "Child C, a fourteen-year-old boy in a children's home, was reported missing "
        "twenty-two times in a year. He was found by police in a car with two adults and "
        "a quantity of cannabis."
    )
    pdf.heading("Key learning", "learning")
    for n, text in enumerate(
        [
            "Return home interviews were offered but Child C declined them, and no one tried "
            "another way of talking to him.",
            "The children's home staff changed often, so no one knew him well enough to spot "
            "changes in his mood and appearance.",
            "He was placed forty miles from his home town, away from his school and his "
            "grandmother, who was his closest relative.",
            "Police and the home's staff had different thresholds for reporting him missing, "
            "which led to delays.",
        ],
        start=1,
    ):
        pdf.item(f"{n}.", text)
    pdf.heading("What good looks like", "good_practice")
    pdf.item("•", "A key worker who stays with the child and is there when they return.")
    pdf.item("•", "Missing episodes mapped together so patterns of places and people show.")
    pdf.heading("Reflective questions", "reflective_question")
    pdf.item("•", "If a child refuses a return home interview, what else could you try?")
    pdf.item("•", "How far from home are the children you work with placed, and why?")
    pdf.heading("Further information", "further_information")
    pdf.item("•", "Calderbrook joint protocol for children missing from care.")
    pdf.save(path)
    return pdf.record


# -- 16. One document covering two reviews: Child S and Child V (PDF) ------------------------
def two_reviews_child_s_v(path: Path) -> Record:
    pdf = BriefPDF(
        header_text="Northfold Safeguarding Children Partnership · Learning from two reviews",
        footer_text=FICTIONAL,
    )
    pdf.add_page()
    pdf.title_line("Learning from Local Child Safeguarding Practice Reviews", size=15)
    pdf.meta(marker("Northfold Safeguarding Children Partnership", "June 2024"))
    pdf.para(
        "This briefing shares the learning from two reviews published this year. Both "
        "children were known to several agencies and both had a parent with a serious "
        "mental illness.",
        point=False,
    )
    pdf.review_banner("Child S – LCSPR", "Child S")
    pdf.heading("Summary", "summary", size=12)
    pdf.para(
        "Child S, aged eight, was cared for by her father, who had bipolar disorder. She "
        "was found at home after her father had been in crisis for several days and she "
        "had not been at school."
    )
    pdf.heading("Learning", "learning", size=12)
    for text in [
        "Adult mental health services did not ask who would care for Child S when her "
        "father's medication was changed.",
        "The school called the father when she was absent but did not make a home visit "
        "on the third day, as its own policy required.",
        "Child S had been caring for her father for a long time, and she had never been "
        "assessed as a young carer.",
    ]:
        pdf.item("•", text)
    pdf.review_banner("Child V – Rapid Review", "Child V")
    pdf.heading("Summary", "summary", size=12)
    pdf.para(
        "Child V, aged two, was admitted to hospital malnourished and dehydrated. His "
        "mother had postnatal psychosis after the birth of his younger sister and had "
        "stopped eating herself."
    )
    pdf.heading("Learning", "learning", size=12)
    for text in [
        "The perinatal mental health team focused on the new baby and did not consider "
        "Child V's needs.",
        "Child V was not registered with a nursery, so no professional outside the "
        "family saw him for five months.",
        "His father worked nights and was not included in any care plan.",
    ]:
        pdf.item("•", text)
    pdf.review_banner("Learning common to both reviews", "shared", colour=(230, 215, 160))
    pdf.heading("What both reviews tell us", "learning", size=12)
    for text in [
        "Think family: when a parent's mental health is in crisis, ask who is looking "
        "after the children today.",
        "Care plans for a parent with a serious mental illness should name the children "
        "and say who will care for them in a crisis.",
    ]:
        pdf.item("•", text)
    pdf.heading("Recommendations", "recommendation", size=12)
    for n, text in enumerate(
        [
            "Adult mental health services should record the children of every patient and "
            "their care arrangements.",
            "Schools should follow their own policy for home visits when a vulnerable child is "
            "absent for three days.",
            "Perinatal mental health teams should assess the needs of older siblings.",
        ],
        start=1,
    ):
        pdf.item(f"{n}.", text)
    pdf.save(path)
    return pdf.record


# -- 17. Word list numbering: the numbers are not in the text (DOCX) -------------------------
def word_numbering_child_a(path: Path) -> Record:
    d = BriefDocx()
    d.header_footer("Rivenholt Safeguarding Children Board", FICTIONAL)
    d.title_line("Serious Case Review: Child A")
    d.title_line("Learning brief for practitioners", style="Subtitle")
    d.meta(marker("Rivenholt Safeguarding Children Board", "November 2017"))
    d.heading("Summary of the case", "summary")
    d.para(
        "Child A was a ten-year-old boy who was home educated from the age of seven. He "
        "was admitted to hospital weighing less than a typical six-year-old, with "
        "untreated eczema and signs of long-term neglect."
    )
    d.para(
        "The family had moved house four times and had little contact with any service "
        "after he was withdrawn from school."
    )
    d.heading("Key learning", "learning")
    for text in [
        "When a child is withdrawn from school to be home educated, the local authority "
        "should check that the child is seen and that education is suitable.",
        "Home education should never be accepted as a reason for a child to have no "
        "contact with health services.",
        "A parent's refusal to let professionals see a child is a concern in itself.",
        "Previous concerns from the school were not passed to the home education team.",
        "Health records were not transferred when the family moved between GP practices.",
    ]:
        d.numbered(text)
    d.heading("Recommendations", "recommendation")
    restart = d.restart_numbering()
    for text in [
        "The local authority should see every home-educated child known to children's "
        "services at least once a year.",
        "Schools should share safeguarding records with the home education team when a "
        "child is withdrawn.",
        "GP practices should follow up when a new patient's records from a previous "
        "practice do not arrive.",
        "The board should ask the government to introduce a register of home-educated children.",
    ]:
        d.numbered(text, num_id=restart)
    d.heading("Questions for reflection", "reflective_question")
    again = d.restart_numbering()
    for text in [
        "What do you know about the home-educated children in your area?",
        "How would you respond if a parent would not let you see their child?",
        "What happens to a child's records when they leave your service?",
    ]:
        d.numbered(text, num_id=again)
    d.save(path)
    return d.record


# -- 18. A Markdown practice learning summary with a table (MD) ------------------------------
def markdown_baby_n(path: Path) -> Record:
    t = BriefText()
    t.raw("# Practice Learning Summary: Baby N")
    t.raw()
    t.raw(f"*{marker('Ashmere Vale Safeguarding Partnership', 'October 2024')}*")
    t.raw()
    t.raw("**Review type:** Rapid Review")
    t.raw()
    t.heading("## What happened", "What happened", "summary")
    t.raw()
    t.point(
        "Baby N was born at 34 weeks to a mother who had not told anyone she was "
        "pregnant. She gave birth at home alone and called an ambulance afterwards."
    )
    t.raw()
    t.point("The mother, aged seventeen, was living with her grandparents and attending "
            "college. No professional had known about the pregnancy.")  # fmt: skip
    t.raw()
    t.heading("## What we learned", "What we learned", "learning")
    t.raw()
    for text in [
        "Concealed pregnancy carries risks for both the baby and the mother, including "
        "birth without medical help.",
        "The college noticed weight gain and tiredness but did not feel able to ask "
        "about pregnancy.",
        "The GP had seen the mother for back pain at 28 weeks and did not consider that "
        "she might be pregnant.",
        "After the birth, the mother needed support for her own safety and wellbeing as "
        "well as help to care for Baby N.",
    ]:
        t.point(f"* {text}", text)
    t.raw()
    t.heading("## Recommendations", "Recommendations", "recommendation")
    t.raw()
    t.raw("| No. | Recommendation | Lead |")
    t.raw("|---|---|---|")
    for row in [
        ("1", "Train college welfare staff to talk to students about possible pregnancy.",
         "Further education colleges"),
        ("2", "Add concealed pregnancy to the GP safeguarding training programme.",
         "Integrated care board"),
        ("3", "Offer every mother under 18 after a concealed birth a specialist midwife.",
         "Maternity services"),
    ]:  # fmt: skip
        t.point(f"| {' | '.join(row)} |", " | ".join(row))
    t.raw()
    t.heading("## Questions to think about", "Questions to think about", "reflective_question")
    t.raw()
    t.point("1. Would you feel able to ask a young person whether she might be pregnant?",
            "Would you feel able to ask a young person whether she might be pregnant?")  # fmt: skip
    t.point("2. What would make it easier for a young person to tell you?",
            "What would make it easier for a young person to tell you?")  # fmt: skip
    t.raw()
    t.heading("## Find out more", "Find out more", "further_information")
    t.raw()
    t.point("* [Ashmere Vale concealed pregnancy guidance](https://example.org/concealed)",
            "Ashmere Vale concealed pregnancy guidance")  # fmt: skip
    t.save(path)
    return t.record


# -- 19. 7-minute briefing drawn as text boxes (DOCX shapes) --------------------------------
def seven_minute_shapes_child_t(path: Path) -> Record:
    d = BriefDocx()
    d.header_footer("Ravensholt Safeguarding Children Partnership", FICTIONAL)
    d.title_line("7 Minute Briefing")
    d.title_line("Rapid Review: Child T", style="Subtitle")
    d.meta(marker("Ravensholt Safeguarding Children Partnership", "May 2024"))
    boxes = [
        ("1", "Background", [
            "Child T, aged six, was home educated after a dispute with his primary school "
            "about his attendance.",
            "He was taken to hospital with a burn to his hand that had been left untreated "
            "for several days.",
        ], "summary"),
        ("2", "Why it matters", [
            "A child educated at home can go for months without being seen by a "
            "professional outside the family.",
        ], "other"),
        ("3", "Key learning", [
            "The local authority's elective home education team had no contact with the "
            "family after the first letter.",
            "Nobody asked what the school's earlier concerns about bruising had been before "
            "he was withdrawn.",
            "The GP practice did not know that Child T was no longer in school.",
        ], "learning"),
        ("4", "What went well", [
            "The emergency department nurse asked to see Child T on his own and listened "
            "to what he said about home.",
        ], "good_practice"),
        ("5", "Questions to consider", [
            "Who in your agency would know if a child you work with stopped going to school?",
            "How would you find out why a family chose home education?",
        ], "reflective_question"),
        ("6", "What to do", [
            "Tell the elective home education team when you learn a child has left school "
            "and you have worries about them.",
            "Share earlier safeguarding concerns when a child is taken off a school roll.",
            "Record who has seen the child, and when, at every contact.",
        ], "practice_point"),
    ]  # fmt: skip
    # Word keeps the order the shapes were drawn in: here column by column
    d.shape_boxes(boxes, cols=2, drawn_order=[0, 2, 4, 1, 3, 5])
    d.save(path)
    _require("w:txbxContent" in _docx_xml(path), path, "text boxes")
    return d.record


# -- 20. Learning table without rules over two pages (PDF) ----------------------------------
def unruled_table_child_j(path: Path) -> Record:
    pdf = BriefPDF(
        header_text="Oakhurst Safeguarding Children Partnership · Learning Brief · Child J",
        footer_text=FICTIONAL,
    )
    pdf.add_page()
    pdf.title_line("Child Safeguarding Practice Review: Child J", size=16)
    pdf.meta(marker("Oakhurst Safeguarding Children Partnership", "April 2024"))
    pdf.heading("Background", "summary")
    pdf.para(
        "Child J, a twelve-year-old girl, was groomed online by an adult who posed as a "
        "teenager. She met him twice before her older sister found messages on her tablet "
        "and told their mother."
    )
    pdf.para(
        "Child J had an education, health and care plan for a language disorder, and her "
        "school had noticed that she was tired and withdrawn for several weeks."
    )
    pdf.heading("What we found and what it means for practice", "learning")
    rows = [
        ("Online contact", "Nobody asked Child J who she talked to online, although her "
         "tiredness started when she was given a tablet.",
         "Ask children about their online friends as routinely as about friends at school."),
        ("Language disorder", "Her difficulty explaining events was taken as reluctance to "
         "talk rather than a sign that she needed help to tell.",
         "Use the communication support named in the child's plan when you talk to them "
         "about worries."),
        ("School concerns", "Staff logged tiredness and a change in mood three times, but "
         "each note went to a different member of staff.",
         "Make sure logged concerns reach the designated safeguarding lead, who looks at "
         "them together."),
        ("The sister's role", "Her older sister was the first to act, but she was not "
         "offered any support afterwards.",
         "Offer support to siblings who disclose, and thank them for speaking up."),
        ("Police response", "The first police contact was quick, but the digital evidence "
         "took four months to examine.",
         "Tell the family how long the examination of devices may take and who to contact."),
        ("Parents' knowledge", "Her mother did not know how to check the privacy settings "
         "on the tablet.",
         "Give parents practical help with settings and parental controls, not just "
         "leaflets."),
        ("Return to school", "Child J went back to school with no plan for how staff "
         "would support her.",
         "Agree a support plan with the child and family before a return to school."),
        ("Therapeutic help", "A referral for counselling was made but the waiting list was "
         "nine months long.",
         "Look for interim support while a child waits for a specialist service."),
        ("Multi-agency meeting", "The strategy discussion did not include the school "
         "nurse, who knew Child J best.",
         "Invite the professional who knows the child best to the strategy discussion."),
        ("Records", "The grooming was recorded as an online safety incident rather than as "
         "child sexual abuse.",
         "Name child sexual abuse as abuse in records so that the right help follows."),
        ("Follow-up", "Six months later no agency had checked whether Child J felt safe "
         "online.",
         "Review a child's online safety again after the immediate response ends."),
    ]  # fmt: skip
    pdf.plain_table(("Theme", "What we found", "What it means for practice"), rows,
                    (32, 66, 66))  # fmt: skip
    pdf.heading("Reflective questions", "reflective_question")
    pdf.item("•", "How would you find out who a child talks to online?")
    pdf.item("•", "What would help a child with a language disorder to tell you about harm?")
    pdf.save(path)
    pages = {p.page for p in pdf.record.points if " | " in p.text}
    _require(len(pages) >= 2, path, "a table running onto a second page")
    return pdf.record


# -- 21. A review named only by the child's pseudonym (PDF) -----------------------------------
def pseudonym_ellis(path: Path) -> Record:
    pdf = BriefPDF(footer_text=f"{FICTIONAL} · Brackenmoor Safeguarding Children Partnership")
    pdf.add_page()
    pdf.title_line("Ellis's story", size=22)
    pdf.title_line("Learning from a Local Child Safeguarding Practice Review", size=13)
    pdf.meta(marker("Brackenmoor Safeguarding Children Partnership", "February 2024"))
    pdf.meta("Ellis is not his real name; he chose it for this brief.")
    pdf.heading("About Ellis", "summary")
    pdf.para(
        "Ellis was fourteen when he was admitted to hospital after taking an overdose of his "
        "mother's medication. He had been caring for his mother, who has multiple sclerosis, "
        "since he was ten."
    )
    pdf.para(
        "Ellis's school knew that he was often late and had stopped doing homework, and his "
        "attendance had fallen to sixty per cent over two terms."
    )
    pdf.heading("What Ellis told us", "other")
    pdf.para(
        "Ellis said that he did not tell anyone how much he did at home because he was "
        "worried that he and his mother would be split up."
    )
    pdf.para(
        "He said that the only time he felt like a child was at the youth club on a Friday night."
    )
    pdf.heading("What we learned", "learning")
    for text in [
        "Nobody had asked Ellis whether he was a young carer, although every agency knew "
        "about his mother's illness.",
        "Adult social care assessed his mother's needs without asking who met them at night.",
        "Falling attendance was treated as a behaviour problem rather than as a sign of "
        "strain at home.",
        "Young carers can hide what they do because they fear what will happen to their "
        "family if they speak.",
    ]:
        pdf.item("•", text)
    pdf.heading("What needs to change", "recommendation")
    for n, text in enumerate([
        "Adult services should ask about children in the household at every assessment.",
        "Schools should offer a young carers assessment when attendance falls and a parent "
        "is ill.",
        "The partnership should check that the young carers pathway is known to all "
        "agencies.",
    ], start=1):  # fmt: skip
        pdf.item(f"{n}.", text)
    pdf.heading("Questions to think about", "reflective_question")
    pdf.item("•", "Would you know if a young person you work with was caring for a parent?")
    pdf.item("•", "How would you make it safe for a young carer to tell you what they do?")
    pdf.save(path)
    return pdf.record


# -- 22. Boxes of bullet lists, three rows of two (PDF) --------------------------------------
def bullet_boxes_young_person_m(path: Path) -> Record:
    pdf = BriefPDF(footer_text="Thornbury Safeguarding Children Partnership · Learning summary")
    pdf.add_page()
    pdf.title_band("Practice Learning Summary", "Rapid Review: Young Person M",
                   colour=(90, 40, 110))  # fmt: skip
    pdf.meta(marker("Thornbury Safeguarding Children Partnership", "July 2024"))
    pdf.set_auto_page_break(False)
    boxes = [
        ("1", "What happened", "summary", [
            "Young Person M, aged sixteen, was found with serious injuries after being "
            "stabbed near a railway station thirty miles from home.",
            "He had been going missing for short periods since he was fourteen.",
            "His family had moved house twice to get away from the people they feared.",
        ]),
        ("2", "Key learning", "learning", [
            "Short missing episodes were not recorded because he always came home "
            "the same night.",
            "Different agencies each held a piece of the picture of exploitation, but no "
            "meeting brought them together.",
            "A move of house was treated as the end of the risk instead of a change in it.",
        ]),
        ("3", "Strengths", "good_practice", [
            "His youth offending worker kept in touch through every move and was the "
            "adult he trusted.",
            "Hospital staff made a referral to children's social care on the night he "
            "was admitted.",
        ]),
        ("4", "Areas for development", "learning", [
            "Screening for criminal exploitation was not used until after the stabbing.",
            "The transport police's information about him was not shared with his home "
            "area.",
        ]),
        ("5", "Think about", "reflective_question", [
            "Do you record a missing episode that lasts only a few hours?",
            "Who would you tell if a young person's travel did not add up?",
        ]),
        ("6", "Next steps", "recommendation", [
            "Add short missing episodes to the partnership's exploitation dashboard.",
            "Agree how transport police share information with the home area within a day.",
        ]),
    ]  # fmt: skip
    w, h = 84.0, 68.0
    for i, (number, title, role, lines) in enumerate(boxes):
        x, y = (18 + (i % 2) * 90, 52 + (i // 2) * 74)
        pdf.box(number, title, lines, role, x, y, w, h, bullet="•")
    pdf.save(path)
    return pdf.record


# -- 23. A narrow main column beside a shaded "Key facts" sidebar box (PDF) ------------------
def sidebar_child_w(path: Path) -> Record:
    pdf = BriefPDF(
        header_text="Hollinsford Safeguarding Children Partnership · Child W",
        header_from=2,
        footer_text=FICTIONAL,
    )
    pdf.set_right_margin(80)  # the main column is narrow: the sidebar sits to its right
    pdf.add_page()
    pdf.title_line("Local Child Safeguarding Practice Review: Child W", size=16)
    pdf.meta(marker("Hollinsford Safeguarding Children Partnership", "March 2024"))
    top = pdf.get_y()
    pdf.sidebar("Key facts", "summary", [
        "Child W was nine years old and lived with her father and his partner.",
        "Agencies involved: children's social care, police, school, the school nurse.",
        "Period reviewed: January 2022 to August 2023.",
        "Outcome: Child W now lives with her maternal grandmother.",
    ], x=136, y=top, w=56, h=92)  # fmt: skip
    pdf.heading("What happened", "summary")
    pdf.para(
        "Child W's teacher noticed that she came to school hungry most mornings and had "
        "bruises on her upper arms on two occasions in the spring term."
    )
    pdf.para(
        "Her father said that the bruises came from rough play with her older cousins, and "
        "the explanation was accepted without Child W being spoken to on her own."
    )
    pdf.para(
        "In the summer term her attendance fell to seventy per cent. The school sent two "
        "letters home but did not visit, and nobody asked Child W why she was missing days."
    )
    pdf.para(
        "In August 2023 a neighbour called the police after hearing a child screaming. "
        "Officers found Child W locked in a bedroom with no food, and she was taken into "
        "police protection that night."
    )
    pdf.heading("Key learning", "learning")
    findings = [
        "Bruises on a part of the body that is rarely hurt in play were not treated as a "
        "possible sign of physical abuse.",
        "Child W was never seen alone, so her own account of home life was not heard by "
        "any professional.",
        "The school nurse's records of weight loss were not shared with the designated "
        "safeguarding lead.",
        "The father's new partner was not known to any agency, and nobody asked who else "
        "lived in the home.",
        "Hunger at school was seen as a matter for the breakfast club rather than as a "
        "possible sign of neglect.",
    ]
    for n, text in enumerate(findings, start=1):
        pdf.item(f"{n}.", text)
    pdf.heading("Good practice", "good_practice")
    pdf.para(
        "The class teacher recorded each injury with a body map and the date, which made "
        "the pattern clear to the review."
    )
    pdf.para(
        "The police officers who attended in August spoke to Child W on her own and in "
        "words she understood, and wrote down what she said in her own words."
    )
    pdf.heading("Recommendations", "recommendation")
    recommendations = [
        "Schools should speak to a child alone, in a safe place, when an injury is "
        "explained by an adult.",
        "The school nursing service should share weight and growth concerns with the "
        "designated safeguarding lead within a week.",
        "Children's social care should find out who lives in a child's home at every assessment.",
        "The partnership should remind all agencies of its guidance on bruising in "
        "children who are not babies.",
    ]
    for n, text in enumerate(recommendations, start=1):
        pdf.item(f"{n}.", text)
    pdf.heading("Questions for reflection", "reflective_question")
    pdf.item("•", "When did you last speak with a child on their own about an injury?")
    pdf.item("•", "How do you find out who else lives in a child's home?")
    pdf.item("•", "What do you do when a child is often hungry at school?")
    _require(pdf.page_no() >= 2, path, "two pages")
    pdf.save(path)
    return pdf.record


# -- 24. Two reviews in one DOCX, each under a shaded banner, then shared learning ------------
def two_reviews_banners_baby_h_child_q(path: Path) -> Record:
    doc = BriefDocx()
    doc.header_footer("Marlow Vale Safeguarding Children Partnership", FICTIONAL)
    doc.title_line("Learning from two reviews")
    doc.meta(marker("Marlow Vale Safeguarding Children Partnership", "May 2024"))
    doc.banner("Rapid Review: Baby H", "Baby H", table=True)
    doc.heading("What happened", "summary", level=2)
    doc.para(
        "Baby H was seven weeks old when he was taken to hospital with a fractured skull. "
        "His parents said he had rolled off a changing table."
    )
    doc.heading("Learning", "learning", level=2)
    doc.bullet("A baby who cannot yet roll does not fall from a changing table by rolling; "
               "the explanation did not fit his age.")  # fmt: skip
    doc.bullet("The father was not invited to any of the health visitor's appointments, so "
               "nobody knew how he coped with the baby crying.")  # fmt: skip
    doc.bullet("A bruise on the baby's ear at four weeks was not referred under the bruising "
               "protocol.")  # fmt: skip
    doc.banner("LCSPR: Child Q", "Child Q", table=False)
    doc.heading("What happened", "summary", level=2)
    doc.para(
        "Child Q was thirteen and had been caring for her younger brothers while her mother "
        "was unwell. She stopped going to school in the spring."
    )
    doc.heading("Learning", "learning", level=2)
    doc.bullet("Young carers were not identified by the school, so Child Q's absence was "
               "treated as truancy.")  # fmt: skip
    doc.bullet("The adult mental health team did not ask who looked after the children when "
               "the mother was admitted.")  # fmt: skip
    doc.bullet("Letters about non-attendance were sent to a home where nobody was able to "
               "act on them.")  # fmt: skip
    doc.banner("Shared learning", None, table=True)
    doc.heading("What both reviews tell us", "learning", level=2)
    doc.bullet("In both families the adults caring for the children were not known to the "
               "professionals working with them.")  # fmt: skip
    doc.bullet("Think family: ask who lives in the home and who looks after the children at "
               "every contact.")  # fmt: skip
    doc.save(path)
    return doc.record


# -- 25. Bold run-in headings at the start of paragraphs: "Learning:", "What this means:" ----
def run_in_headings_child_g(path: Path) -> Record:
    pdf = BriefPDF(footer_text="Wyndhurst Safeguarding Children Partnership · " + FICTIONAL)
    pdf.set_auto_page_break(True, margin=40)  # room for the footnote above the footer
    pdf.add_page()
    pdf.title_line("Local Child Safeguarding Practice Review: Child G", size=16)
    pdf.title_line("Learning for practitioners", size=12)
    pdf.meta(marker("Wyndhurst Safeguarding Children Partnership", "August 2024"))
    pdf.margin_label("Wyndhurst SCP · practitioner learning")
    pdf.heading("About Child G", "summary")
    top = pdf.get_y()
    pdf.set_right_margin(72)  # the pull quote sits beside the first paragraphs
    pdf.para(
        "Child G was eleven when she was admitted to hospital with a fractured wrist and "
        "older injuries to her ribs. She lived with her mother, her mother's partner and "
        "two younger half-brothers, and she had a mild learning disability."
    )
    pdf.para(
        "Over eighteen months her school recorded fourteen concerns, most of them about "
        "her being hungry, tired or wearing the same clothes for days at a time."
    )
    pdf.set_right_margin(18)
    pdf.pull_quote("“I told my teacher I was hungry but nobody came.”", x=148, y=top + 2, w=44)
    pdf.figure("Figure 1: The concerns recorded by the school, month by month")
    pdf.footnote("1 The quotation is from Child G's conversation with the reviewer, shared "
                 "with her permission.")  # fmt: skip
    pdf.heading("What the review found", "learning")
    findings = [
        ("Small concerns were logged one at a time and never looked at together, so the "
         "pattern of neglect was not seen until she was injured.",
         "Read the whole record before you decide what a new concern means, and write down "
         "how it fits the pattern."),
        ("Child G's learning disability made it hard for her to explain what was happening, "
         "and she was spoken to with her mother in the room.",
         "Plan how you will talk with a child with a learning disability, alone and with the "
         "communication help they use every day."),
        ("The mother's partner moved in without any agency knowing, although the school had "
         "heard his name from the younger children.",
         "When a child mentions a new adult at home, find out who they are and pass it on "
         "to the designated safeguarding lead."),
        ("A referral from the school was closed after a single phone call with the mother, "
         "who said everything was fine.",
         "Ask for the reasons when a referral is closed, and escalate if the child's "
         "circumstances have not changed."),
    ]  # fmt: skip
    for finding, meaning in findings:
        pdf.para(finding, bold_lead="Learning:")
        pdf.para(meaning, bold_lead="What this means:", role="practice_point")
    pdf.heading("What worked well", "good_practice")
    pdf.para(
        "The school nurse weighed Child G every term and shared the falling weights with "
        "her GP, which gave the review a clear record of her growth."
    )
    pdf.heading("Questions for reflection", "reflective_question")
    pdf.item("•", "How do you bring together small concerns about the same child?")
    pdf.item("•", "When did you last speak with a disabled child on their own?")
    pdf.save(path)
    return pdf.record


# -- 26. A landscape DOCX with a "Theme | Finding | Practice point" table --------------------
def theme_table_landscape_baby_f(path: Path) -> Record:
    d = BriefDocx(landscape=True)
    d.header_footer(
        "Cressington Safeguarding Children Partnership – Rapid Review Baby F", FICTIONAL
    )
    d.title_line("Rapid Review: Baby F")
    d.title_line("Learning summary for the partnership", style="Subtitle")
    d.meta(marker("Cressington Safeguarding Children Partnership", "November 2024"))
    d.heading("What happened", "summary")
    d.para(
        "Baby F was five months old when she was found unresponsive after sleeping on a "
        "sofa with her father, who had been drinking. She survived but has a brain injury."
    )
    d.para(
        "Her parents had been referred to the substance misuse service during the "
        "pregnancy, and the family had moved to temporary accommodation a month before."
    )
    d.heading("Learning from this review", "learning")
    d.table(
        ["Theme", "Finding", "Practice point"],
        [
            ["Safer sleep", "Safer sleep advice was given once, at the first new birth "
             "visit, and not repeated when the family's circumstances changed.",
             "Repeat safer sleep advice at every contact, and ask where the baby sleeps "
             "tonight, not in general."],
            ["Alcohol and drugs", "The father's drinking was known to the substance misuse "
             "service but not to the health visitor.",
             "Ask parents about alcohol and drugs in relation to caring for the baby, and "
             "share what you know with the health visitor."],
            ["Temporary housing", "The move to a one-room flat with no space for a cot was "
             "not seen as a risk to the baby.",
             "When a family with a baby moves into temporary housing, check there is "
             "somewhere safe for the baby to sleep."],
            ["Fathers", "The father was never seen by the health visitor and his "
             "night-time care of the baby was not discussed.",
             "Invite fathers to visits and talk with them directly about night-time care."],
            ["Information sharing", "The housing officer saw the sofa bed but had no route "
             "for sharing a concern about a baby.",
             "Housing staff should know how to share a worry about a baby with the health "
             "visiting service."],
        ],
        widths_cm=[4.0, 10.5, 10.5],
    )  # fmt: skip
    d.heading("Questions for reflection", "reflective_question")
    d.bullet("Where does the baby sleep on the nights that are not typical?")
    d.bullet("Who else in your area visits families living in temporary housing?")
    d.save(path)
    _require('w:orient="landscape"' in _docx_xml(path), path, "landscape pages")
    return d.record


# -- 27. "Section 1:" numbered sections with "-" bullets wrapped with a hanging indent (TXT) --
def section_numbers_young_person_j(path: Path) -> Record:
    t = BriefText()
    t.raw("Ashworth Safeguarding Children Partnership")
    t.raw("Learning brief: Young Person J (Local Child Safeguarding Practice Review)")
    t.raw(marker("Ashworth Safeguarding Children Partnership", "September 2024"))
    t.raw()
    t.heading("Section 1: Background", "Section 1: Background", "summary")
    t.raw()
    t.point(["Young Person J was seventeen and had been in care since he was fourteen. He",
             "died after taking a mix of drugs at a party, three weeks after moving to",
             "supported accommodation."])  # fmt: skip
    t.raw()
    t.heading("Section 2: What we learned", "Section 2: What we learned", "learning")
    t.raw()
    for lines in [
        ["- The move to supported accommodation was planned around his eighteenth",
         "  birthday rather than around whether he was ready to live with less support."],
        ["- His personal adviser met him only twice before the move, so there was no",
         "  trusted adult for him to turn to in the first weeks."],
        ["- Staff at the accommodation were not told about his previous overdoses or",
         "  the people he owed money to."],
        ["- The drug and alcohol service closed his case when he moved out of the area,",
         "  without a handover to the service where he now lived."],
    ]:  # fmt: skip
        t.point(lines)
    t.raw()
    t.heading("Section 3: What needs to change", "Section 3: What needs to change",
              "recommendation")  # fmt: skip
    t.raw()
    for lines in [
        ["- Moves to supported accommodation should be agreed at a review meeting that",
         "  looks at the young person's readiness, not only at their age."],
        ["- Placement information, including known risks, should go to the new provider",
         "  before the young person arrives."],
        ["- Substance misuse services should hand over a young person's case when they",
         "  move, and tell the personal adviser."],
    ]:  # fmt: skip
        t.point(lines)
    t.raw()
    t.heading("Section 4: Questions for reflection", "Section 4: Questions for reflection",
              "reflective_question")  # fmt: skip
    t.raw()
    t.point("- Who is the trusted adult for the care leavers you work with?")
    t.point(["- What do you pass on when a young person you support moves to a new",
             "  service?"])  # fmt: skip
    t.save(path)
    return t.record


# -- 28. A contents page, then numbered sections and sub-sections (2, 2.1, 2.2) (PDF) --------
def contents_numbered_family_k(path: Path) -> Record:
    pdf = BriefPDF(footer_text="Pendlebrook Safeguarding Children Partnership · " + FICTIONAL)
    pdf.add_page()
    pdf.title_line("Child Safeguarding Practice Review: Family K", size=18)
    pdf.title_line("Summary of learning", size=13)
    pdf.meta(marker("Pendlebrook Safeguarding Children Partnership", "October 2024"))
    pdf.ln(4)
    pdf.title_line("Contents", size=13)
    pdf.contents([
        ("1", "Introduction", 2),
        ("2", "Findings", 2),
        ("2.1", "Recognising neglect", 2),
        ("2.2", "Working with the parents", 2),
        ("2.3", "Education and health", 3),
        ("3", "Recommendations", 3),
        ("4", "Questions for practitioners", 3),
    ])  # fmt: skip
    pdf.add_page()
    pdf.heading("1 Introduction", "summary", size=14)
    pdf.para(
        "Family K are a mother and four children aged between three and twelve. The review "
        "was started after the youngest child was found at home alone, underweight and "
        "with untreated nappy rash, while the mother was at work."
    )
    pdf.para(
        "The family had been known to children's social care for six years, with two "
        "child in need plans and one child protection plan for neglect."
    )
    pdf.heading("2 Findings", "learning", size=14)
    pdf.heading("2.1 Recognising neglect", "learning", size=12)
    pdf.para(
        "Professionals became used to the condition of the home and the children, so "
        "each visit was compared with the last one rather than with what a child needs."
    )
    pdf.para(
        "The graded care profile was started twice but never completed, and no one "
        "measured whether the children's care had improved over time."
    )
    pdf.heading("2.2 Working with the parents", "learning", size=12)
    pdf.para(
        "The mother worked night shifts and was rarely available for visits, and "
        "appointments were not arranged around her working hours."
    )
    pdf.para(
        "The children's father was in prison for most of the period and was never "
        "contacted, although he wrote to the children every week."
    )
    pdf.add_page()
    pdf.heading("2.3 Education and health", "learning", size=12)
    pdf.para(
        "The twelve-year-old was the main carer for her siblings after school, and her "
        "attendance and her own health suffered, but she was not seen as a young carer."
    )
    pdf.para(
        "Three of the children had missed their immunisations and dental checks, and the "
        "health visitor's letters to the mother were not followed up."
    )
    pdf.heading("3 Recommendations", "recommendation", size=14)
    # a table without rules whose header row is told only by bold type, set smaller
    pdf.plain_table(("No.", "Recommendation", "Lead agency"), [
        ("3.1", "Practitioners should complete the graded care profile within four weeks "
         "whenever neglect is the main concern.", "Children's social care"),
        ("3.2", "Visits and meetings should be arranged around a working parent's hours, "
         "including in the evening.", "All agencies"),
        ("3.3", "Children's social care should make contact with a parent in prison and "
         "consider what part they can play in the plan.", "Children's social care"),
        ("3.4", "Schools should offer a young carers assessment to any pupil who looks after "
         "brothers or sisters at home.", "Education"),
    ], (12, 110, 42), header_size=8.5)  # fmt: skip
    pdf.heading("4 Questions for practitioners", "reflective_question", size=14)
    pdf.item("•", "How do you stop yourself getting used to a neglectful home?")
    pdf.item("•", "Who is caring for the children when their parent is at work?")
    pdf.save(path)
    _require(pdf.page_no() == 3, path, "three pages (the contents page numbers)")
    return pdf.record


# -- 29. An ALL-CAPS thematic text brief: each theme a heading, paragraphs, "Practice point:" --
def allcaps_thematic_missing_education(path: Path) -> Record:
    t = BriefText()
    t.raw("LANGDALE SAFEGUARDING CHILDREN PARTNERSHIP")
    t.raw("THEMATIC REVIEW: CHILDREN MISSING FROM EDUCATION")
    t.raw(marker("Langdale Safeguarding Children Partnership", "June 2024"))
    t.raw()
    t.heading("INTRODUCTION", "INTRODUCTION", "summary")
    t.raw()
    t.point(["This thematic review looked at the experiences of five children who were not",
             "in school for long periods before they came to serious harm. Their ages",
             "ranged from nine to fifteen."])  # fmt: skip
    t.raw()
    t.heading("ATTENDANCE AS A SAFEGUARDING SIGNAL", "ATTENDANCE AS A SAFEGUARDING SIGNAL",
              "learning")  # fmt: skip
    t.raw()
    t.point([
        "In four of the five cases, falling attendance was treated as a matter for the",
        "education welfare service alone and was handled through letters and fines.",
    ])  # fmt: skip
    t.raw()
    t.point(["None of the schools linked the absences to what was happening at home, even",
             "when a child protection plan was in place."])  # fmt: skip
    t.raw()
    t.point(["Practice point: Treat a sudden fall in attendance as a possible sign of harm",
             "and discuss it with the designated safeguarding lead the same week."],
            role="practice_point")  # fmt: skip
    t.raw()
    t.heading("ELECTIVE HOME EDUCATION", "ELECTIVE HOME EDUCATION", "learning")
    t.raw()
    t.point([
        "Two children were taken off roll for home education within a fortnight of a",
        "referral to children's social care, and nobody saw them again for months.",
    ])  # fmt: skip
    t.raw()
    t.point(["Practice point: When a child known to social care is taken off roll, tell the",
             "allocated social worker and the local authority's home education team that day."],
            role="practice_point")  # fmt: skip
    t.raw()
    t.heading("PART-TIME TIMETABLES", "PART-TIME TIMETABLES", "learning")
    t.raw()
    t.point([
        "Three children were on reduced timetables for more than a term, with no end",
        "date and no record of where they were during the hours they were not taught.",
    ])  # fmt: skip
    t.raw()
    t.point(["Practice point: Agree an end date for every part-time timetable and record who",
             "is looking after the child when they are not in school."],
            role="practice_point")  # fmt: skip
    t.raw()
    t.heading("HEARING FROM THE CHILD", "HEARING FROM THE CHILD", "learning")
    t.raw()
    t.point(["The children were rarely asked why they were not in school; when they were",
             "asked, it was usually with a parent present."])  # fmt: skip
    t.raw()
    t.point(["Practice point: Ask the child, on their own and somewhere they feel safe,",
             "what is keeping them away from school."], role="practice_point")  # fmt: skip
    t.raw()
    t.heading("QUESTIONS FOR REFLECTION", "QUESTIONS FOR REFLECTION", "reflective_question")
    t.raw()
    t.point("- How does your service respond when a child's attendance suddenly falls?")
    t.point("- Who do you tell when a child you know is taken off the school roll?")
    t.save(path)
    return t.record


# -- 30. "Learning from a Rapid Review": a shaded LEFT sidebar of headed facts, main text in
# the right-hand column, a recommendation running over the page break, and a running header
# that repeats the title's words (PDF) ---------------------------------------------------------
def left_sidebar_baby_e(path: Path) -> Record:
    pdf = BriefPDF(header_text="Westbury SCP  |  Learning from a Rapid Review  |  Baby E")
    pdf.add_page()
    pdf.title_line("Learning from a Rapid Review", size=22)
    pdf.meta("Westbury Safeguarding Children Partnership", size=12)
    pdf.title_line("Rapid Review: Baby E – left alone in the bath", size=15)
    pdf.meta(marker("Westbury Safeguarding Children Partnership", "May 2025"))
    top = pdf.get_y() + 2
    pdf.fact_sidebar("At a glance", [
        ("The baby", "Baby E, a girl aged nine months, the younger of two children."),
        ("What happened", "Baby E was found face down in the bath after being left with "
         "her brother, aged three, while her mother answered the door."),
        ("Outcome", "She was resuscitated by paramedics and has recovered without lasting "
         "injury."),
        ("Agencies", "Health visiting, the GP practice, early help, the housing provider "
         "and the ambulance service."),
        ("Why a rapid review", "The partners decided the learning was clear enough to share "
         "without a full LCSPR."),
    ], "summary", x=18, y=top, w=56, h=150)  # fmt: skip
    pdf.set_left_margin(82)  # the main text runs in the column right of the sidebar
    pdf.set_xy(82, top)
    pdf.heading("Background", "summary")
    pdf.para(
        "Baby E's family had moved into a one-bedroom flat above a shop after a fire in "
        "their previous home. The bathroom had no bath seat and the only bath was a deep "
        "tub. Her mother was caring for both children on her own while her partner worked "
        "nights, and the family were open to early help for support with housing. The "
        "family's health visitor changed twice in the six months before the incident, and "
        "the new health visitor had not yet met the family."
    )
    pdf.heading("What we learned", "learning")
    for text in [
        "Bath safety was covered once, at the new birth visit, when Baby E could not yet "
        "sit up. Nobody went over it again when she became mobile and the family moved.",
        "The early help worker knew the bathroom was unsafe but saw it as a housing matter, "
        "not as a risk to a baby who was learning to sit.",
        "The mother had been told not to leave a baby in the bath, but not that an older "
        "brother or sister is not a safe person to watch a baby in water.",
        "Nobody asked the mother's partner, who bathed the children at weekends, what he "
        "knew about bath safety.",
    ]:
        pdf.item("•", text)
    pdf.heading("Good practice", "good_practice")
    pdf.para(
        "The paramedics who attended kept the mother informed throughout and made sure a "
        "neighbour could look after Baby E's brother while she went to hospital. The "
        "hospital's safeguarding nurse saw the mother the next morning."
    )
    pdf.heading("What needs to change", "recommendation")
    for text in [
        "Health visitors should talk through bath safety again at the eight-month review, "
        "and whenever a family moves home, and record the conversation.",
        "Early help workers should treat a home that is unsafe for a baby's stage of "
        "development as a safeguarding matter as well as a housing one, and say so in "
        "the plan.",
        "Every practitioner who gives advice about bathing should explain that a brother "
        "or sister under sixteen cannot watch a baby in the bath, even for a moment, and "
        "should make sure that every adult who bathes the baby has heard it.",
    ]:
        pdf.item("•", text)
    pdf.heading("Questions to think about", "reflective_question")
    pdf.item("•", "When did I last talk with a family about bath safety once their baby "
                  "could sit up?")  # fmt: skip
    pdf.item("•", "Do I know who else bathes the babies on my caseload?")
    _require(
        any(p.page != p.end_page for p in pdf.record.points), path, "an item over a page break"
    )
    pdf.save(path)
    return pdf.record


# -- 31. A DOCX whose review title names the subject then the topic ("... Review: Young Person
# D – going missing from care"), numbered themes each with a "What you can do" sub-heading,
# and a table whose header names the rows' role under a heading that names none ------------
def topic_title_young_person_d(path: Path) -> Record:
    doc = BriefDocx()
    doc.header_footer("Learning Brief – Young Person D", FICTIONAL)
    doc.title_line("Learning Brief")
    doc.bold_line("Ashcombe and Drayton Safeguarding Children Partnership", 15)
    doc.bold_line(
        "Child Safeguarding Practice Review: Young Person D – going missing from care", 13
    )
    doc.meta(marker("Ashcombe and Drayton Safeguarding Children Partnership", "April 2025"))
    doc.heading("Background", "summary")
    doc.para(
        "Young Person D was fifteen and had lived in a residential children's home for eight "
        "months when she was found in a city flat with two adult men, a hundred miles from "
        "her placement. She had been missing for three days."
    )
    doc.para(
        "She had been reported missing fourteen times in the four months before, and each "
        "time she came back within a day."
    )
    doc.heading("What we found", "learning")
    doc.heading("1. Missing episodes seen one at a time", "learning", level=2)
    doc.para(
        "Each missing report was closed when Young Person D came back, and nobody looked at "
        "the pattern of where she went, who collected her and when."
    )
    doc.heading("What you can do", "practice_point", level=3)
    doc.bullet("Keep a running record of every missing episode, with times, places and "
               "any cars or people seen, and share it at each review.")  # fmt: skip
    doc.bullet("Ask for a strategy discussion when a child goes missing three times in a month.")
    doc.heading("2. Return home interviews", "learning", level=2)
    doc.para(
        "Only four of the fourteen return home interviews took place, and each was done by a "
        "different worker, so Young Person D never built a relationship with any of them."
    )
    doc.heading("What you can do", "practice_point", level=3)
    doc.bullet("Offer the interview within 72 hours, with the same worker each time where "
               "the young person agrees.")  # fmt: skip
    doc.bullet("Pass what the young person says to the allocated social worker on the same day.")
    doc.heading("Our plan", "recommendation")
    doc.table(
        ("Recommendation", "Lead agency", "By when"),
        [
            ("Agree one missing-from-care protocol across the two local authorities and the "
             "police.", "Safeguarding partnership", "September 2025"),
            ("Give every residential home a named police contact for missing children.",
             "Police", "July 2025"),
            ("Audit return home interviews every quarter and report the findings to the "
             "partnership.", "Children's services", "December 2025"),
        ],
        widths_cm=(9.5, 4.0, 3.0),
    )  # fmt: skip
    doc.heading("Questions for your team", "reflective_question")
    doc.bullet("Who in your team looks at the pattern across a child's missing episodes?")
    doc.bullet("How would you know if a young person was being collected by adults?")
    doc.save(path)
    return doc.record


# -- 32. A Markdown brief over two reviews, one named only by the child's pseudonym with the
# review type in brackets ("## Tia (LCSPR)"), numbered learning with nested "Practice point:"
# bullets, numbered themes each with a "What this means for practice" sub-heading ---------------
def markdown_tia_baby_u(path: Path) -> Record:
    t = BriefText()
    t.raw("# Pellow and Stourmouth Safeguarding Children Partnership")
    t.raw()
    t.raw("# Learning Brief: Neglect in Busy Households")
    t.raw()
    t.raw(f"*{marker('Pellow and Stourmouth Safeguarding Children Partnership', 'June 2025')}*")
    t.raw()
    t.heading("## About this brief", "About this brief", "summary")
    t.raw()
    t.point(
        "This brief shares the learning from two reviews completed in 2025: the Local Child "
        "Safeguarding Practice Review about Tia and the Rapid Review about Baby U. In both "
        "families several children were cared for by parents under great pressure."
    )
    t.raw()
    t.review("## Tia (LCSPR)", "Tia")
    t.record.start_section("Tia (LCSPR)", "summary")
    t.raw()
    t.point(
        "Tia was seven and the oldest of five children when her school raised concerns that "
        "she was hungry, tired and often late. Over two years, four referrals were closed "
        "after a single visit found the home tidy."
    )
    t.raw()
    t.heading("### What we learned from Tia's review", "What we learned from Tia's review",
              "learning")  # fmt: skip
    t.raw()
    items = [
        ("Each referral was judged on its own, and nobody read the history before visiting.",
         ["Practice point: read the chronology before every visit, not after it."]),
        ("Tia was never asked what a normal day at home was like for her.",
         ["Practice point: speak with the child alone and ask about meals, bedtime and school "
          "mornings.", "A tidy home on the day of a visit does not show how a child is cared "
          "for every day."]),
        ("Tia's younger brothers were not seen by any professional after they left nursery.",
         ["Practice point: see every child in the household, not only the one referred."]),
    ]  # fmt: skip
    for number, (text, subs) in enumerate(items, start=1):
        lines = [f"{number}. {text}"] + [f"    - {sub}" for sub in subs]
        t.point(lines, " ".join([text, *subs]))
    t.raw()
    t.review("## Baby U (Rapid Review)", "Baby U")
    t.record.start_section("Baby U (Rapid Review)", "summary")
    t.raw()
    t.point(
        "Baby U was four months old when she was admitted to hospital with a chest infection "
        "and was found to be underweight. She lived with her parents, who both smoked, and "
        "three older brothers in a two-bedroom flat."
    )
    t.raw()
    t.heading("### 1. Smoking and a crowded home", "1. Smoking and a crowded home", "learning")
    t.raw()
    t.point(
        "Professionals gave stop-smoking leaflets at three contacts but nobody linked the "
        "smoke in the flat with Baby U's chest infections or with where she slept."
    )
    t.raw()
    t.heading("#### What this means for practice", "What this means for practice",
              "practice_point")  # fmt: skip
    t.raw()
    t.point("- Ask where the baby sleeps and who smokes in the home at every contact.")
    t.point("- Refer the family to the stop-smoking service with their agreement, not only "
            "give a leaflet.")  # fmt: skip
    t.raw()
    t.heading("### 2. Weight and feeding", "2. Weight and feeding", "learning")
    t.raw()
    t.point(
        "Baby U's weight fell from the 50th to the 9th centile over three months. Two missed "
        "weigh-ins were not followed up because the family were seen as coping."
    )
    t.raw()
    t.heading("#### What this means for practice", "What this means for practice",
              "practice_point")  # fmt: skip
    t.raw()
    t.point("- Follow up every missed weigh-in for a baby whose weight is falling.")
    t.raw()
    t.heading("## Learning from both reviews", "Learning from both reviews", "learning")
    t.raw()
    shared = [
        ("In both families the parents' warmth and a clean home hid how little time they had "
         "for each child.", ["Look at each child's needs, not the family's as a whole."]),
        ("Neither family had been asked about money, although both were in rent arrears.",
         ["Ask about income and debt, and refer for advice where families agree."]),
    ]  # fmt: skip
    for number, (text, subs) in enumerate(shared, start=1):
        lines = [f"{number}. {text}"] + [f"    - {sub}" for sub in subs]
        t.point(lines, " ".join([text, *subs]))
    t.raw()
    t.heading("## Further reading", "Further reading", "further_information")
    t.raw()
    t.point("- [Pellow and Stourmouth neglect toolkit (fictional)](https://example.org/neglect)",
            "Pellow and Stourmouth neglect toolkit (fictional)")  # fmt: skip
    t.point("- [Safer sleep and smoking (fictional)](https://example.org/safer-sleep)",
            "Safer sleep and smoking (fictional)")  # fmt: skip
    t.save(path)
    return t.record


# -- 33. A thematic PDF over three reviews whose running header repeats its title and a
# "Learning" heading, one "Learning" heading at the top of a page, and learning the three
# reviews share ----------------------------------------------------------------------------
def thematic_parental_mental_health(path: Path) -> Record:
    pdf = BriefPDF(
        header_text="Brackley SCP  |  Thematic Learning Brief  |  Parental mental health"
    )
    pdf.add_page()
    pdf.title_line("Thematic Learning Brief", size=22)
    pdf.meta("Brackley Safeguarding Children Partnership", size=12)
    pdf.title_line("Parental mental health: learning from three reviews", size=15)
    pdf.meta(marker("Brackley Safeguarding Children Partnership", "July 2025"))
    pdf.heading("Introduction", "summary")
    pdf.para(
        "Between 2023 and 2025 Brackley Safeguarding Children Partnership completed three "
        "reviews in which a parent's mental illness was central: the reviews about Young "
        "Person S, Baby V and Child N2. This brief sets out what each review found and the "
        "learning they share."
    )
    reviews = [
        ("Young Person S (Local Child Safeguarding Practice Review)", "Young Person S",
         "Young Person S was fourteen and the main carer for her father, who has "
         "schizophrenia, when she took an overdose. Her school knew she was often absent "
         "but recorded it as truancy.",
         ["Nobody asked Young Person S what caring for her father involved or how it "
          "affected her sleep and schoolwork.",
          "Adult mental health services recorded that the father lived with his daughter "
          "but did not consider her needs as a young carer.",
          "Her absences were handled as an attendance matter, with fines, rather than as a "
          "sign that she needed help."]),
        ("Baby V (Rapid Review)", "Baby V",
         "Baby V was six weeks old when his mother, who had severe postnatal depression, "
         "was found with him on a bridge. Both were taken to safety by the police.",
         ["The mother told her midwife she felt 'numb' and was not sleeping, but the "
          "perinatal mental health referral was not marked as urgent.",
          "The father was not asked how the mother was coping or told who to contact if "
          "he was worried.",
          "The health visitor's first visit was delayed by two weeks and nobody checked "
          "that it had happened."]),
        ("Child N2 (Local Child Safeguarding Practice Review)", "Child N2",
         "Child N2 was nine when she was found to have been living for a month with her "
         "mother, who was in a psychotic episode, and without food in the house. She "
         "continued to go to school every day.",
         ["Child N2's teacher noticed she was hungry but accepted her explanation that "
          "her mother was ill with flu.",
          "The mother's care coordinator stopped visiting when she did not answer the "
          "door, and did not tell anyone that a child lived there.",
          "Child N2 had been told by her mother not to tell anyone at school, and said "
          "later that she was afraid she would be taken away."]),
    ]  # fmt: skip
    for index, (banner, review, summary, learning) in enumerate(reviews):
        pdf.heading(banner, "summary")
        pdf.record.review = review
        pdf.para(summary)
        if index == 2:
            pdf.add_page()  # this review's "Learning" heading opens page 2, under the header
        pdf.heading("Learning", "learning")
        for text in learning:
            pdf.item("•", text)
    pdf.heading("What the three reviews tell us", "learning")
    pdf.record.review = None
    for text in [
        "In all three reviews, adult services knew about the parent's illness but did not "
        "ask who else lived in the home.",
        "Children hid what was happening because they feared being separated from their parent.",
        "Each plan was about the adult's treatment, and none said who would check on the children.",
    ]:
        pdf.item("•", text)
    _require(pdf.page_no() == 2, path, "two pages")
    pdf.save(path)
    return pdf.record


# -- 35. A bite-size briefing (PDF): headings that name no role, '?' bullets, keywords line ---
def bite_size_child_z(path: Path) -> Record:
    pdf = BriefPDF(footer_text="Calderbrook Safeguarding Children Partnership · Bite-size")
    pdf.add_page()
    pdf.title_band("Bite-size briefing", "Learning from the LCSPR about Child Z")
    pdf.meta(marker("Calderbrook Safeguarding Children Partnership", "May 2025"))
    pdf.meta("Audience: all practitioners and managers working with children and families")
    pdf.heading("The issue", "summary")
    pdf.para(
        "Child Z was six when she was admitted to hospital weighing less than she had at "
        "her fourth birthday. She lived with her mother, who had a long history of alcohol "
        "misuse, and her two older brothers."
    )
    pdf.para(
        "Over eighteen months her school recorded that she was often hungry, and the family "
        "moved house three times. Each move closed the case with one health visiting team "
        "before the next team had met the family."
    )
    pdf.heading("How it shows itself", "learning")
    for text in [
        "Weight loss in a young child was recorded at each contact but never compared "
        "with earlier measurements.",
        "Frequent house moves meant that no single professional held the whole history.",
        "The mother's drinking was seen as an adult matter and not linked to the food and "
        "care Child Z was given.",
        "Child Z's quietness at school was taken as shyness rather than as a sign that "
        "something was wrong.",
    ]:
        pdf.item("•", text)
    pdf.heading("Ways to approach it", "practice_point")
    for text in [
        "Always plot a child's weight on the growth chart and look at the trend, not only "
        "the latest figure.",
        "Ask the family at every contact where they lived before and which services knew them.",
        "Notify the receiving health team in writing before closing a case when a family moves.",
        "Speak to the designated safeguarding lead when a child is often hungry at school.",
        "If you are unsure whether a concern meets the threshold, ask your safeguarding "
        "lead the same day.",
    ]:
        pdf.item("•", text)
    pdf.para("Keywords: neglect; growth; house moves; parental alcohol use", point=False)
    pdf.heading("Group activity", "reflective_question")
    for text in [
        "Discuss a family you know who have moved area recently: who holds their history?",
        "In your team, list the ways a child's weight is recorded in your service.",
        "Agree one change your team will make to how cases are handed over when a family moves.",
    ]:
        pdf.item("•", text)
    pdf.heading("How does this relate to my role?", "reflective_question")
    for text in [
        "How would you know that a child on your caseload was losing weight?",
        "Who would you tell if a family you work with moved without warning?",
        "When did you last ask a parent about their drinking and its effect on the children?",
    ]:
        pdf.item("?", text)
    pdf.meta("Published: May 2025 · Review completed: February 2025")
    pdf.save(path)
    _require(pdf.page_no() == 1, path, "one page")
    return pdf.record


# -- 36. A one-minute guide (DOCX): a contents list, 'Learning includes:' lead-ins -----------
def one_minute_guide_baby_m(path: Path) -> Record:
    d = BriefDocx()
    d.header_footer("Ashby Marsh Safeguarding Partnership – One minute guide", FICTIONAL)
    d.title_line("One minute guide")
    d.title_line("Rapid Review: Baby M", style="Subtitle")
    d.meta(marker("Ashby Marsh Safeguarding Partnership", "April 2025"))
    d.doc.add_heading("Contents", level=1)
    d.record.texts.append("Contents")
    d.contents_list([
        "The family's circumstances",
        "Learning includes",
        "Recommendations include",
        "Making it real",
    ])  # fmt: skip
    d.heading("The family's circumstances", "summary")
    d.para(
        "Baby M was born six weeks early and spent a month in the neonatal unit. Her parents "
        "were both nineteen and lived in a one-bedroom flat above a takeaway."
    )
    d.para(
        "At ten weeks she was brought to the emergency department with a swollen thigh. An "
        "x-ray showed a fracture that her parents could not explain, and she was placed "
        "with her grandmother."
    )
    d.para(
        "Before the injury the health visitor had seen a small bruise on her cheek, and the "
        "father had told the neonatal nurses that he found her crying hard to bear."
    )
    d.bold_line("Learning includes:", size=11)
    d.record.start_section("Learning includes:", "learning")
    for text in [
        "A bruise on a baby who cannot yet move on their own is a sign of possible abuse "
        "until it is shown to be something else.",
        "What a parent says about finding crying hard is important information to share "
        "with the community midwife and health visitor.",
        "Babies born early are at greater risk of harm because of the strain of a long "
        "stay in hospital on young parents.",
    ]:
        d.bullet(text)
    d.bold_line("Recommendations include:", size=11)
    d.record.start_section("Recommendations include:", "recommendation")
    for text in [
        "The neonatal unit should pass on any worry a parent voices about coping with "
        "crying in its discharge letter.",
        "Health visitors should use the bruising protocol for every mark on a non-mobile baby.",
    ]:
        d.bullet(text)
    d.heading("Making it real", "practice_point")
    for text in [
        "Ask both parents how they cope when the baby cries, and write down what they say.",
        "Refer any bruise on a non-mobile baby to children's social care the same day.",
        "Speak to the neonatal team before the first home visit when a baby was born early.",
    ]:
        d.bullet(text)
    d.para("Review completed: January 2025", point=False)
    d.para("Author: independent reviewer for the partnership (fictional)", point=False)
    d.save(path)
    return d.record


# -- 37. A seven-point briefing (DOCX): tables of numbered boxes, two to a row ---------------
def numbered_cells_young_person_k(path: Path) -> Record:
    d = BriefDocx()
    d.header_footer("Fenwick Cross Safeguarding Children Partnership", FICTIONAL)
    d.title_line("7 point briefing")
    d.title_line("LCSPR: Young Person K", style="Subtitle")
    d.meta(marker("Fenwick Cross Safeguarding Children Partnership", "March 2025"))
    d.heading("About the review", "summary")
    d.para(
        "Young Person K was fifteen when he was stabbed near a railway station two towns "
        "from home. He had been missing from home eleven times in the previous year."
    )
    d.heading("What the review found", "learning")
    d.numbered_cells([
        [("1", "Return home interviews were offered after only three of the eleven "
               "missing episodes."),
         ("2", "Young Person K's school exclusion left him with no structured day and no "
               "trusted adult.")],
        [("3", "Police intelligence about older men collecting him from home was not "
               "shared with his social worker."),
         ("4", "Cash and a second phone found in his room were not seen as signs of "
               "criminal exploitation.")],
        [("5", "Injuries to his hands were put down to fighting at school without anyone "
               "asking him how they happened."),
         ("6", "The transfer between two social workers left a gap of five weeks with no "
               "visit.")],
    ])  # fmt: skip
    d.heading("What practitioners should do", "practice_point")
    d.numbered_cells([
        [("7", "Offer a return home interview after every missing episode, however short."),
         ("8", "Record and share any sign that an older person is controlling a child's "
               "movements.")],
        [("9", "Ask a young person directly how an injury happened, on their own."),
         ("10", "Hand over a case in person when a social worker changes, with a visit "
                "booked.")],
    ], number_apart=True)  # fmt: skip
    d.heading("Questions for your team", "reflective_question")
    d.bullet("How would your service notice that a child was being exploited?")
    d.bullet("Who offers a return home interview in your area, and how soon?")
    d.save(path)
    return d.record


# -- 38. A learning summary (PDF): contents lines, 'What we learned', 'Findings include:',
#        'Key messages', 'Lessons' and metadata lines (Tags:, Review completed:) ------------
def learning_summary_child_y(path: Path) -> Record:
    pdf = BriefPDF(footer_text="Wendlebury Children's Safeguarding Partnership · " + FICTIONAL)
    pdf.add_page()
    pdf.title_line("Practice learning summary", size=18)
    pdf.title_line("Serious Case Review: Child Y", size=14)
    pdf.meta(marker("Wendlebury Children's Safeguarding Partnership", "June 2025"))
    pdf.title_line("Contents", size=12)
    pdf.contents_plain([
        "Background",
        "Findings include",
        "What we learned",
        "Key messages",
        "Lessons",
        "Over to you",
    ])  # fmt: skip
    pdf.heading("Background", "summary")
    pdf.para(
        "Child Y was eleven and had cerebral palsy. She used a wheelchair and communicated "
        "with an eye-gaze device. She lived with her father and his new partner."
    )
    pdf.para(
        "Her eye-gaze device was broken for seven months, and during that time she missed "
        "two thirds of her school days and her weight fell."
    )
    pdf.heading("Findings include:", "learning")
    for text in [
        "Without her device Child Y had no way to tell anyone what was happening at home.",
        "Her absence from school was accepted as a result of her disability and never "
        "followed up with a visit.",
        "Equipment services and the school did not know that each other had stopped seeing her.",
    ]:
        pdf.item("•", text)
    pdf.heading("What we learned", "learning")
    pdf.para(
        "A disabled child who cannot speak for herself depends on adults noticing what is "
        "missing: her equipment, her attendance and her weight."
    )
    pdf.para(
        "Professionals spoke to her father about Child Y but not to Child Y herself, even "
        "when she had her device."
    )
    pdf.para("Tags: disabled children; communication; school attendance", point=False)
    pdf.heading("Key messages", "learning")
    for text in [
        "Treat a broken communication aid as a safeguarding risk, not only an equipment fault.",
        "Disability is never the explanation for missing school without a visit to check.",
    ]:
        pdf.item("•", text)
    pdf.heading("Lessons", "learning")
    for text in [
        "A child's voice must be sought in the way they communicate, with the right help.",
        "Specialist services need to tell each other when a child stops attending.",
    ]:
        pdf.item("•", text)
    pdf.heading("Over to you", "reflective_question")
    for text in [
        "How do you hear the views of a child who does not use speech?",
        "Would you know if a disabled child you work with had stopped coming to school?",
    ]:
        pdf.item("?", text)
    pdf.meta("Review completed: March 2025 · Author: independent reviewer (fictional)")
    pdf.save(path)
    return pdf.record


# -- 39. Landscape thematic PDF over two reviews: "Case summary: X", "What we learned from X",
#        then a numbered shared-learning table ----------------------------------------------
def thematic_landscape_siblings_a2_b2_child_m3(path: Path) -> Record:
    pdf = BriefPDF(
        header_text="Ravensmoor Safeguarding Children Partnership · Thematic learning brief",
        footer_text=FICTIONAL,
        orientation="L",
    )
    pdf.add_page()
    pdf.title_line(
        "Siblings A2 and B2 (Rapid Review) and Child M3 (Local Child Safeguarding Practice Review)",
        size=16,
    )
    pdf.meta(marker("Ravensmoor Safeguarding Children Partnership", "September 2025"))
    pdf.para(
        "This thematic brief brings together two reviews in which children were living with "
        "domestic abuse that professionals knew about but did not see from the child's side.",
        point=False,
    )
    pdf.record.review = "Siblings A2 and B2"
    pdf.heading("Case summary: Siblings A2 and B2", "summary")
    pdf.para(
        "Siblings A2 and B2, aged six and four, lived with their mother and her partner. "
        "Police attended the home eight times in a year after reports of shouting and "
        "breaking glass."
    )
    pdf.para(
        "The rapid review was held after B2 was taken to hospital with a burn to her hand "
        "that her mother said came from the oven door."
    )
    pdf.heading("What we learned from Siblings A2 and B2", "learning")
    for text in [
        "Each police call-out was graded as standard risk on its own, and nobody looked at "
        "the eight incidents together.",
        "The children were asleep or at nursery when professionals visited, so nobody "
        "asked them what home was like at night.",
        "The nursery noticed that A2 hid under the table when men raised their voices but "
        "did not share this with the health visitor.",
    ]:
        pdf.item("•", text)
    pdf.record.review = "Child M3"
    pdf.heading("Case summary: Child M3", "summary")
    pdf.para(
        "Child M3 was eleven and the only child of a father who had been convicted of "
        "assaulting two former partners. She was living with him when she disclosed at "
        "school that he locked her mother out of the house."
    )
    pdf.heading("What we learned from Child M3", "learning")
    for text in [
        "The school's disclosure was passed to children's social care, but the father's "
        "convictions were not checked with probation before the visit.",
        "Child M3 was interviewed with her father in the next room and withdrew what she "
        "had told her teacher.",
        "The Clare's Law request made by her mother's family was not linked to the "
        "referral about the child.",
    ]:
        pdf.item("•", text)
    pdf.record.review = None
    pdf.heading("Part 3: Shared learning", "learning")
    pdf.data_table(
        ["No.", "Shared learning", "What this means for practice"],
        [
            ["1", "In both reviews the children's experience of abuse at home was not "
             "asked about directly.", "Speak with each child on their own, in a safe place, "
             "about what happens at home."],
            ["2", "Repeated incidents were assessed one at a time rather than as a pattern.",
             "Look at the history of call-outs before grading the risk of a new one."],
            ["3", "What one agency knew about a parent's violence did not reach the others.",
             "Check with police and probation before a home visit where abuse is suspected."],
            ["4", "Early years staff saw signs of fear but did not know who to tell.",
             "Nursery staff should report a child's fearful behaviour to their designated "
             "safeguarding lead the same day."],
        ],
        widths=(14, 118, 129),
    )  # fmt: skip
    pdf.heading("Reflective questions", "reflective_question")
    for text in [
        "How do you find out what a child's evenings and nights are like at home?",
        "When did you last look at the whole history of police call-outs to a family?",
    ]:
        pdf.item("•", text)
    pdf.heading("Further information", "further_information")
    pdf.para(
        "Ravensmoor domestic abuse practice guidance and the MARAC referral form, on the "
        "partnership website."
    )
    pdf.save(path)
    _require(pdf.w > pdf.h, path, "landscape pages")
    return pdf.record


# -- 40. Two reviews in one DOCX as "Part 1: X" / "Part 2: X", "Learning point N:" label
#        paragraphs over their body paragraph, a part common to both -----------------------
def two_reviews_parts_young_person_c4_baby_d4(path: Path) -> Record:
    d = BriefDocx()
    d.header_footer("Tillingham Safeguarding Children Partnership", FICTIONAL)
    d.title_line("Young Person C4 and Baby D4: learning from two reviews")
    d.meta(marker("Tillingham Safeguarding Children Partnership", "February 2025"))
    d.banner("Part 1: Young Person C4", "Young Person C4", table=False)
    d.heading("What happened", "summary", level=2)
    d.para(
        "Young Person C4 was sixteen, autistic and living in a supported lodging after "
        "leaving foster care. He went missing for four days and was found with adults who "
        "had been using his flat to sell drugs."
    )
    d.heading("Learning points", "learning", level=2)
    d.label_point(
        "Learning point 1: Offer an independent advocate.",
        "Young Person C4 was never offered an advocate when his placement changed, and he "
        "told the review he did not understand who was in charge of his care.",
    )
    d.label_point(
        "Learning point 2: Plan the move from care with the young person.",
        "His pathway plan was written in a week and did not say who he could call at night "
        "or at weekends.",
    )
    d.label_point(
        "Learning point 3: Treat a takeover of a young person's home as exploitation.",
        "Neighbours reported visitors at all hours to the landlord, who did not pass the "
        "concern on to the leaving care team.",
    )
    d.banner("Part 2: Baby D4", "Baby D4", table=False)
    d.heading("Learning from Baby D4's review", "learning", level=2)
    d.label_point(
        "Learning point 4: Ask about every adult in the household.",
        "Baby D4's mother's new partner had moved in a fortnight before the baby was "
        "injured, and no professional knew he was living there.",
    )
    d.label_point(
        "Learning point 5: A baby's bruise always needs a referral.",
        "A small bruise on Baby D4's thigh at ten weeks was recorded by the GP practice "
        "nurse but not referred under the bruising protocol.",
    )
    d.banner("Part 3: Learning from both reviews", None, table=False)
    d.heading("What both reviews tell us", "learning", level=2)
    d.bullet("In both reviews the people who saw the warning signs were not the people "
             "who held the case.")  # fmt: skip
    d.bullet("Changes of address were recorded by one agency and not shared with the others.")
    d.heading("Recommendations", "recommendation", level=2)
    for text in [
        "The leaving care service should offer every care leaver an independent advocate "
        "before a move.",
        "Health visitors should ask at every contact who else lives in the baby's home.",
        "The partnership should give landlords of supported lodgings a route for raising "
        "safeguarding concerns.",
    ]:
        d.numbered(text)
    d.save(path)
    return d.record


# -- 41. Narrow main column with "Learning point N:" label lines (one wrapping onto a second
#        line) over their paragraphs, and a sidebar box of wrapping en-dash bullets (PDF) ---
def learning_points_sidebar_young_person_f5(path: Path) -> Record:
    pdf = BriefPDF(
        header_text="Corriebrook Safeguarding Children Partnership · Young Person F5",
        header_from=2,
        footer_text=FICTIONAL,
    )
    pdf.set_right_margin(82)  # the main column is narrow: the sidebar sits to its right
    pdf.add_page()
    pdf.title_line("Rapid Review: Young Person F5", size=16)
    pdf.meta(marker("Corriebrook Safeguarding Children Partnership", "April 2025"))
    top = pdf.get_y()
    pdf.sidebar("What the review found", "learning", [
        "No return home interview was completed after six of the eleven missing episodes.",
        "Her learning disability was known to school but not recorded by the police.",
        "The strategy meeting was held without health or the school present.",
        "Nobody asked her who she was with while she was missing.",
    ], x=134, y=top, w=58, h=112, bullet="–", bold=True)  # fmt: skip
    pdf.heading("Background", "summary")
    pdf.para(
        "Young Person F5 was fifteen, had a moderate learning disability and lived with "
        "her grandmother. Over eight months she was reported missing eleven times, often "
        "returning with gifts and a new phone."
    )
    pdf.para(
        "In March she was found in a car with two adult men, forty miles from home, and "
        "told police she had gone with her boyfriend."
    )
    pdf.heading("Learning points", "learning")
    pdf.label_point(
        "Learning point 1: Offer an independent advocate.",
        "Young Person F5 was never offered an advocate, and she said she did not know she "
        "could ask for someone to speak up for her at meetings.",
    )
    pdf.label_point(
        "Learning point 2: Missing episodes are a pattern, not separate events.",
        "Each episode was closed when she came home, so the growing length of time she was "
        "away was not noticed.",
    )
    pdf.label_point(
        "Learning point 3: Learning disability is not in itself a risk, but unmet support "
        "needs can be.",
        "Her grandmother had asked for respite twice, and the request was refused because "
        "her needs were judged moderate.",
    )
    pdf.label_point(
        "Learning point 4: Gifts from adults need to be asked about.",
        "The phone and clothes she came home with were not linked to a risk of sexual "
        "exploitation until the March incident.",
    )
    pdf.heading("What to do", "practice_point")
    for text in [
        "Complete a return home interview after every missing episode, however short.",
        "Ask who the young person was with, where they went and how they got home.",
        "Include health and the school in every strategy meeting about exploitation.",
    ]:
        pdf.item("–", text, indent=5)
    pdf.heading("Questions for reflection", "reflective_question")
    pdf.item("•", "How do you adapt what you say for a young person with a learning disability?")
    pdf.item("•", "Who in your team would notice that missing episodes were getting longer?")
    pdf.save(path)
    return pdf.record


# -- 42. Plain-text brief over two reviews: "Case summary: X", "Learning from X's review",
#        "Learning point N:" label lines over their paragraphs, unnumbered shared learning -
def two_reviews_text_child_e6_child_g6(path: Path) -> Record:
    t = BriefText()
    t.raw("Learning from the reviews about Child E6 and Child G6")
    t.raw(marker("Hazelford Safeguarding Children Partnership", "October 2025"))
    t.raw()
    t.record.review = "Child E6"
    t.heading("Case summary: Child E6", "Case summary: Child E6", "summary")
    t.raw()
    t.point([
        "Child E6 was eight and lived with his mother, who misused alcohol. He was often",
        "late for school and was seen by a neighbour walking alone to the shop at night.",
    ])  # fmt: skip
    t.raw()
    t.heading("What we learned from Child E6", "What we learned from Child E6", "learning")
    t.raw()
    t.point(
        ["Learning point 1: Lateness can be a sign of neglect.",
         "His school recorded more than forty late marks in a year but treated each as an",
         "attendance issue for the office to follow up."],
        text="Learning point 1: Lateness can be a sign of neglect. His school recorded more "
        "than forty late marks in a year but treated each as an attendance issue for the "
        "office to follow up.",
    )  # fmt: skip
    t.raw()
    t.point(
        ["Learning point 2: Listen to neighbours and family.",
         "Two calls from a neighbour about Child E6 out alone at night were logged by the",
         "police but not passed to children's social care."],
        text="Learning point 2: Listen to neighbours and family. Two calls from a neighbour "
        "about Child E6 out alone at night were logged by the police but not passed to "
        "children's social care.",
    )  # fmt: skip
    t.raw()
    t.record.review = "Child G6"
    t.heading("Learning from Child G6's review", "Learning from Child G6's review", "learning")
    t.raw()
    t.point(
        ["Learning point 3: Check that a referral has been received.",
         "The GP surgery sent a referral about Child G6's weight loss by email to an old",
         "address, and nobody checked that it had arrived."],
        text="Learning point 3: Check that a referral has been received. The GP surgery sent "
        "a referral about Child G6's weight loss by email to an old address, and nobody "
        "checked that it had arrived.",
    )  # fmt: skip
    t.raw()
    t.point(
        ["Learning point 4: A child's own words belong in the record.",
         "Child G6 told a school nurse she was 'not allowed' to eat at home, and the note",
         "said only that she had a poor appetite."],
        text="Learning point 4: A child's own words belong in the record. Child G6 told a "
        "school nurse she was 'not allowed' to eat at home, and the note said only that she "
        "had a poor appetite.",
    )  # fmt: skip
    t.raw()
    t.record.review = None
    t.heading("Shared learning", "Shared learning", "learning")
    t.raw()
    t.point("- Neglect builds up over time: look at the whole history, not the latest event.")
    t.point("- Check that information sent to another agency has been received and acted on.")
    t.raw()
    t.heading("Questions for reflection", "Questions for reflection", "reflective_question")
    t.raw()
    t.point("- How would you know if a referral you sent had not arrived?")
    t.point("- How do you record what a child tells you in their own words?")
    t.save(path)
    return t.record


# -- 44. A learning brief (PDF): a contents list without page numbers whose entries are the
#        later headings without their numbers ("What happened" -> "2. What happened"), and a
#        further-information list whose items open with "›" ------------------------------
def contents_unnumbered_child_r7(path: Path) -> Record:
    pdf = BriefPDF(footer_text="Ashcombe Safeguarding Children Partnership · " + FICTIONAL)
    pdf.add_page()
    pdf.title_line("Learning brief", size=18)
    pdf.title_line("Local Child Safeguarding Practice Review: Child R7", size=14)
    pdf.meta(marker("Ashcombe Safeguarding Children Partnership", "August 2025"))
    pdf.title_line("Contents", size=12)
    pdf.contents_plain([
        "About this review",
        "What happened",
        "Learning points",
        "What professionals should do",
        "Questions to consider",
        "Further information",
    ])  # fmt: skip
    pdf.heading("1. About this review", "summary")
    pdf.para(
        "This review looked at the help given to Child R7, a fourteen-year-old girl who was "
        "exploited by older men she met through a gaming app, over the eighteen months "
        "before she was found in a flat in another county."
    )
    pdf.heading("2. What happened", "summary")
    pdf.para(
        "Child R7 went missing from her foster placement nine times. After each return the "
        "return home interview was offered by phone and she declined it every time."
    )
    pdf.para(
        "Her foster carer told the supervising social worker about new clothes and a second "
        "phone, but these were not shared at the multi-agency exploitation meeting."
    )
    pdf.heading("3. Learning points", "learning")
    for text in [
        "A return home interview offered only by phone is easy for a frightened child to "
        "refuse; it was never offered face to face by someone she knew.",
        "Gifts, a second phone and new older friends were each recorded, but nobody put them "
        "together as signs of grooming.",
        "The exploitation meeting heard from the police and the school but not from the "
        "foster carer, who knew most about her daily life.",
    ]:
        pdf.item("•", text)
    pdf.heading("4. What professionals should do", "practice_point")
    for text in [
        "Offer every return home interview in person, by a worker the child already trusts.",
        "Bring foster carers to exploitation meetings or take their written account.",
        "Record gifts, phones and new adult contacts together on one chronology.",
    ]:
        pdf.item("•", text)
    pdf.heading("5. Questions to consider", "reflective_question")
    for text in [
        "Who is the adult a missing child would be most willing to talk to?",
        "How do you hear from carers who cannot attend a multi-agency meeting?",
    ]:
        pdf.item("•", text)
    pdf.heading("6. Further information", "further_information")
    for text in [
        "Ashcombe SCP child exploitation protocol and screening tool, on the partnership website.",
        "Return home interviews: guidance for commissioned services (Ashcombe Council).",
    ]:
        pdf.item("›", text)
    pdf.save(path)
    return pdf.record


# -- 45. A thematic-style learning brief (DOCX): a contents list without numbers, headings
#        numbered in their text, a three-column theme table "Theme | What happened | What this
#        means for practice", and further reading in paragraphs opening with "»" ------------
def theme_table_practice_column_baby_s8(path: Path) -> Record:
    d = BriefDocx()
    d.header_footer("Kelderby Safeguarding Partnership – learning brief", FICTIONAL)
    d.title_line("Rapid Review: Baby S8")
    d.meta(marker("Kelderby Safeguarding Partnership", "September 2025"))
    d.heading("Contents", "other")
    d.contents_list([
        "Summary of the case",
        "Themes and learning",
        "Reflective questions",
        "Further reading",
    ])  # fmt: skip
    d.heading("1. Summary of the case", "summary")
    d.para(
        "Baby S8 was ten weeks old when she was admitted to hospital with a head injury. Her "
        "mother was nineteen and had left care a year earlier; she lived alone in a flat "
        "and her partner visited most evenings."
    )
    d.heading("2. Themes and learning", "learning")
    d.table(
        ["Theme", "What happened", "What this means for practice"],
        [
            ["Care leavers as parents", "The leaving-care personal adviser closed the case "
             "when the mother turned nineteen, a month before the birth.",
             "Keep a young parent who has left care open to the personal adviser through "
             "pregnancy and the first year."],
            ["The mother's partner", "The partner was never named in the health records, "
             "although a neighbour said he shouted at the baby.",
             "Find out the name and background of every adult who visits a new baby "
             "regularly."],
            ["Crying and coping", "The mother told the GP she sometimes put the baby in "
             "another room and walked away.",
             "Talk through a coping-with-crying plan with each carer, not only the mother."],
        ],
        widths_cm=[4.0, 6.5, 6.5],
    )  # fmt: skip
    d.heading("3. Reflective questions", "reflective_question")
    d.bullet("Do you know who visits the babies on your caseload in the evenings?")
    d.bullet("What happens to a care leaver's support when she becomes a parent?")
    d.heading("4. Further reading", "further_information")
    for text in [
        "Kelderby care leavers' local offer, available from the leaving-care team.",
        "Kelderby SP safer handling and coping-with-crying leaflet for parents and carers.",
    ]:
        d.doc.add_paragraph("» " + text)  # the glyph typed in the text, not Word's bullet
        d.record.add_point(text)
    d.save(path)
    return d.record


def _docx_xml(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


BRIEFS: tuple[Brief, ...] = (
    Brief("7mb-baby-r-boxes", "pdf", "7-minute briefing: seven numbered boxes on two pages",
          (("Baby R", "Rapid Review"),), seven_minute_boxes_baby_r),
    Brief("7mb-child-d-grid", "docx", "7-minute briefing: DOCX grid table of boxes",
          (("Child D", "LCSPR"),), seven_minute_grid_child_d),
    Brief("lcspr-young-person-e-two-column", "pdf",
          "two-column learning brief, running header/footer, page numbers",
          (("Young Person E", "LCSPR"),), two_column_young_person_e),
    Brief("scr-child-h-learning-points", "pdf",
          "'Learning point N:' paragraphs running across a page break",
          (("Child H", "SCR"),), learning_points_child_h),
    Brief("cspr-family-w-themes", "docx", "themes as headings, each with a 'Practice point:'",
          (("Family W", "CSPR"),), themes_family_w),
    Brief("lcspr-child-p-recommendations", "docx",
          "recommendations table No. | Recommendation | Agency (DOCX)",
          (("Child P", "LCSPR"),), recommendations_table_child_p),
    Brief("cspr-child-n-recommendations", "pdf",
          "recommendations table No. | Recommendation | Agency (PDF), good practice",
          (("Child N", "CSPR"),), recommendations_table_child_n),
    Brief("lcspr-siblings-f-g-table", "pdf",
          "learning table over two pages, header row repeated, running header",
          (("Siblings F and G", "LCSPR"),), learning_table_siblings_f_g),
    Brief("lcspr-child-b-lettered", "pdf", "lettered items (a)-(f) with hanging indents",
          (("Child B", "LCSPR"),), lettered_child_b),
    Brief("rapid-review-baby-l-checklist", "docx", "practitioner checklist of ballot-box items",
          (("Baby L", "Rapid Review"),), checklist_baby_l),
    Brief("thematic-non-mobile-babies", "pdf",
          "thematic brief over three rapid reviews with shared learning",
          (("Baby Q", "Rapid Review"), ("Baby Y", "Rapid Review"), ("Baby Z", "Rapid Review")),
          thematic_non_mobile_babies),
    Brief("rapid-review-child-k-summary", "pdf", "rapid-review summary",
          (("Child K", "Rapid Review"),), rapid_review_child_k),
    Brief("7mb-child-u-plain-text", "txt",
          "plain-text 7-minute briefing, numbered headings, items 3.1-3.5",
          (("Child U", None),), seven_minute_text_child_u),
    Brief("lcspr-young-person-x-allcaps", "txt",
          "ALL-CAPS headings, wrapped lines with hanging indents, repeated footer",
          (("Young Person X", "LCSPR"),), allcaps_young_person_x),
    Brief("lcspr-child-c-title-band", "pdf", "title band 'LEARNING BRIEF', subject below it",
          (("Child C", "LCSPR"),), title_band_child_c),
    Brief("two-reviews-child-s-child-v", "pdf",
          "two reviews in one document (banners) and their common learning",
          (("Child S", "LCSPR"), ("Child V", "Rapid Review")), two_reviews_child_s_v),
    Brief("scr-child-a-word-numbering", "docx",
          "Word list numbering from numbering.xml (restarted per list)",
          (("Child A", "SCR"),), word_numbering_child_a),
    Brief("rapid-review-baby-n-markdown", "md", "Markdown summary with a pipe table",
          (("Baby N", "Rapid Review"),), markdown_baby_n),
    Brief("7mb-child-t-shapes", "docx",
          "7-minute briefing drawn as text boxes (shapes with a VML fallback copy)",
          (("Child T", "Rapid Review"),), seven_minute_shapes_child_t),
    Brief("cspr-child-j-unruled-table", "pdf",
          "learning table without rules over two pages, header row repeated",
          (("Child J", "CSPR"),), unruled_table_child_j),
    Brief("lcspr-ellis-pseudonym", "pdf",
          "a review named only by the child's pseudonym ('Ellis's story'), no Child/Baby code",
          (("Ellis", "LCSPR"),), pseudonym_ellis),
    Brief("rapid-review-young-person-m-bullet-boxes", "pdf",
          "six drawn boxes of bullet lists with hanging indents, under a title band",
          (("Young Person M", "Rapid Review"),), bullet_boxes_young_person_m),
    Brief("lcspr-child-w-sidebar", "pdf",
          "narrow main column beside a shaded 'Key facts' sidebar, header from page 2",
          (("Child W", "LCSPR"),), sidebar_child_w),
    Brief("two-reviews-baby-h-child-q-banners", "docx",
          "two reviews in one DOCX under shaded banners (table cell, paragraph), shared learning",
          (("Baby H", "Rapid Review"), ("Child Q", "LCSPR")), two_reviews_banners_baby_h_child_q),
    Brief("lcspr-child-g-run-in-headings", "pdf",
          "bold run-in headings at paragraph start ('Learning:', 'What this means:')",
          (("Child G", "LCSPR"),), run_in_headings_child_g),
    Brief("rapid-review-baby-f-theme-table", "docx",
          "landscape DOCX with a 'Theme | Finding | Practice point' table",
          (("Baby F", "Rapid Review"),), theme_table_landscape_baby_f),
    Brief("lcspr-young-person-j-section-numbers", "txt",
          "'Section 1:' numbered sections, '-' bullets wrapped with a hanging indent",
          (("Young Person J", "LCSPR"),), section_numbers_young_person_j),
    Brief("cspr-family-k-contents", "pdf",
          "contents page with dot leaders, numbered sections and sub-sections (2, 2.1, 2.2)",
          (("Family K", "CSPR"),), contents_numbered_family_k),
    Brief("thematic-missing-education-allcaps", "txt",
          "ALL-CAPS thematic text brief: themes as headings, paragraphs, 'Practice point:' lines",
          (("Children missing from education", "Thematic"),), allcaps_thematic_missing_education),
    Brief("rapid-review-baby-e-left-sidebar", "pdf",
          "shaded left sidebar of headed facts beside the main column, a recommendation over "
          "the page break, running header repeating the title",
          (("Baby E", "Rapid Review"),), left_sidebar_baby_e),
    Brief("lcspr-young-person-d-topic-title", "docx",
          "review title 'Subject – topic', numbered themes with 'What you can do' "
          "sub-headings, a table whose header names the rows' role",
          (("Young Person D", "LCSPR"),), topic_title_young_person_d),
    Brief("two-reviews-tia-baby-u-markdown", "md",
          "Markdown over two reviews, one named by a pseudonym ('Tia (LCSPR)'), nested "
          "'Practice point:' bullets, 'What this means for practice' under numbered themes",
          (("Tia", "LCSPR"), ("Baby U", "Rapid Review")), markdown_tia_baby_u),
    Brief("thematic-parental-mental-health", "pdf",
          "thematic PDF over three reviews, running header repeating the title and "
          "'Learning', a 'Learning' heading at the top of page 2, shared learning",
          (("Young Person S", "LCSPR"), ("Baby V", "Rapid Review"), ("Child N2", "LCSPR")),
          thematic_parental_mental_health),
    Brief("bite-size-child-z", "pdf",
          "bite-size briefing: headings naming no role ('The issue', 'Ways to approach it', "
          "'Group activity'), '?' bullets, an Audience line and a Keywords line",
          (("Child Z", "LCSPR"),), bite_size_child_z),
    Brief("one-minute-guide-baby-m", "docx",
          "one-minute guide: a Contents list, bold 'Learning includes:' / 'Recommendations "
          "include:' lead-ins, 'Review completed:' and 'Author:' lines",
          (("Baby M", "Rapid Review"),), one_minute_guide_baby_m),
    Brief("7pb-young-person-k-numbered-cells", "docx",
          "7-point briefing: tables of numbered boxes two to a row ('1 text' | '2 text'), "
          "the number in the text or as a paragraph of its own",
          (("Young Person K", "LCSPR"),), numbered_cells_young_person_k),
    Brief("scr-child-y-learning-summary", "pdf",
          "practice learning summary: a Contents list without page numbers, 'Findings "
          "include:', 'What we learned', 'Key messages', 'Lessons', '?' bullets, Tags line",
          (("Child Y", "SCR"),), learning_summary_child_y),
    Brief("thematic-siblings-a2-b2-child-m3-landscape", "pdf",
          "landscape thematic PDF over two reviews named in the title, 'Case summary: X' and "
          "'What we learned from X' headings, a numbered 'Part 3: Shared learning' table",
          (("Siblings A2 and B2", "Rapid Review"), ("Child M3", "LCSPR")),
          thematic_landscape_siblings_a2_b2_child_m3),
    Brief("two-reviews-young-person-c4-baby-d4-parts", "docx",
          "two reviews as 'Part 1: X' / 'Part 2: X' banners, bold 'Learning point N:' label "
          "paragraphs over their body paragraph, a part common to both",
          (("Young Person C4", None), ("Baby D4", None)),
          two_reviews_parts_young_person_c4_baby_d4),
    Brief("rapid-review-young-person-f5-label-lines", "pdf",
          "narrow main column: bold 'Learning point N:' label lines (one wrapping) over their "
          "paragraphs, en-dash bullets wrapping in a sidebar box and in the column",
          (("Young Person F5", "Rapid Review"),), learning_points_sidebar_young_person_f5),
    Brief("two-reviews-child-e6-child-g6-text", "txt",
          "plain text over two reviews: 'Case summary: X', 'Learning from X's review', "
          "'Learning point N:' label lines over their wrapped paragraphs, shared learning",
          (("Child E6", None), ("Child G6", None)), two_reviews_text_child_e6_child_g6),
    Brief("lcspr-child-r7-contents-unnumbered", "pdf",
          "contents list without page numbers naming numbered headings ('What happened' -> "
          "'2. What happened'), further information as '›' items",
          (("Child R7", "LCSPR"),), contents_unnumbered_child_r7),
    Brief("rapid-review-baby-s8-practice-column", "docx",
          "contents list without numbers over numbered headings, a three-column theme table "
          "'Theme | What happened | What this means for practice', further reading as '»' "
          "paragraphs",
          (("Baby S8", "Rapid Review"),), theme_table_practice_column_baby_s8),
)  # fmt: skip
