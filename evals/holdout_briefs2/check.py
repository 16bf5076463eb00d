"""Checks for the blind8 briefs: spans, near-topic absences, counts, layouts, files readable.

Run on its own: python evals/holdout_briefs2/check.py evals/holdout_briefs2/briefs
(build.py calls it after writing). Exits non-zero on any failure.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROLES = {
    "background",
    "learning",
    "recommendations",
    "good_practice",
    "practice_points",
    "reflective_questions",
    "further_information",
}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    for a, b in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-")):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text.casefold()).strip()


def docx_blocks(path: Path) -> list[tuple[str, object]]:
    """Body paragraphs and table cells in document order, then footer paragraphs."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(str(path))
    out: list[tuple[str, object]] = []
    for el in d.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(el, d)
            out.append((p.text, p))
        elif tag == "tbl":
            for row in Table(el, d).rows:
                seen = []
                for cell in row.cells:
                    if cell._tc in seen:
                        continue
                    seen.append(cell._tc)
                    for p in cell.paragraphs:
                        out.append((p.text, p))
    for s in d.sections:
        for p in s.footer.paragraphs:
            out.append((p.text, p))
    return out


def extract(path: Path) -> tuple[str, int | None, list[str]]:
    """Text of a file as a reader gets it, its page count (None when not paged), page texts."""
    if path.suffix == ".pdf":
        import pypdf

        reader = pypdf.PdfReader(str(path))
        pages = [p.extract_text() or "" for p in reader.pages]
        return "\n".join(pages), len(pages), pages
    if path.suffix == ".docx":
        text = "\n".join(t for t, _p in docx_blocks(path))
        return text, None, [text]
    text = path.read_text(encoding="utf-8")
    return text, None, [text]


def layout_checks(name: str, path: Path, text: str, pages: list[str], build) -> list[str]:
    """The layout each brief claims is really there."""
    errs: list[str] = []
    if name == "cspr-baby-k-learning-on-a-page.pdf":
        import pypdf

        page = pypdf.PdfReader(str(path)).pages[0]
        if not (len(pages) == 1 and page.mediabox.width > page.mediabox.height):
            errs.append("learning on a page is not one landscape page")
        for head in ("Context", "Learning", "Actions"):
            if head not in text:
                errs.append(f"column header {head} missing")
    elif name == "lcspr-young-person-r-timeline.pdf":
        for when in ("March 2024", "April 2024", "June 2024", "September 2024", "November 2024"):
            if when not in text:
                errs.append(f"timeline date {when} missing")
    elif name == "rapid-review-child-v-key-messages.pdf":
        flat = fold(text)
        for n, (head, body) in enumerate(build.BRIEFS[name]["sections"][1][3], start=1):
            if fold(f"{n} {head} {body}") not in flat:
                errs.append(f"key message {n} not read as number, headline, body")
    elif name == "lcspr-family-z-learning-brief.pdf":
        target = build.BRIEFS[name]["straddle"]
        roman = [sec for sec in build.BRIEFS[name]["sections"] if sec[2] == "roman"][0]
        point = roman[3][target]
        on_one_page = [i for i, p in enumerate(pages) if fold(point) in fold(p)]
        words = point.split()
        head, tail = " ".join(words[:6]), " ".join(words[-6:])
        first = [i for i, p in enumerate(pages) if fold(head) in fold(p)]
        last = [i for i, p in enumerate(pages) if fold(tail) in fold(p)]
        if on_one_page or not first or not last or last[0] != first[0] + 1:
            errs.append("the straddling learning point does not continue across the page break")
        n = len(pages)
        for k in range(1, n + 1):
            if f"Page {k} of {n}" not in pages[k - 1]:
                errs.append(f"footer 'Page {k} of {n}' missing on page {k}")
            if "LCSPR Family Z" not in pages[k - 1]:
                errs.append(f"running header missing on page {k}")
        for i in range(1, 9):
            if f"({['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii'][i - 1]})" not in text:
                errs.append(f"roman numeral {i} missing")
    elif name == "spotlight-private-fostering-leo.docx":
        import docx

        d = docx.Document(str(path))
        if len(d.tables) != 2 or len(d.tables[0].rows) != 1 or len(d.tables[0].columns) != 1:
            errs.append("case-study box (1x1 table) or myth table missing")
        elif [c.text for c in d.tables[1].rows[0].cells] != ["Myth", "Reality"]:
            errs.append("Myth | Reality header missing")
        heads = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
        if not {"So what?", "Now what?"} <= set(heads):
            errs.append("So what? / Now what? headings missing")
    elif name == "cspr-child-e-learning-brief.docx":
        blocks = docx_blocks(path)
        styled = [
            t
            for t, p in blocks
            if p.style is not None and re.match(r"(Heading|Title|List)", p.style.name)
        ]
        if styled:
            errs.append(f"heading/list styles used: {styled[:2]}")
        typed = [t for t, _p in blocks if re.match(r"\d\) ", t)]
        if len(typed) != 7:
            errs.append(f"{len(typed)} typed '1)' points, expected 7")
        voices = [p for t, p in blocks if t.startswith("\u201c")]
        if len(voices) != 3 or not all(all(r.italic for r in p.runs) for p in voices):
            errs.append("voice-of-the-child italic call-outs missing")
        bold_heads = [
            t
            for t, p in blocks
            if p.runs
            and all(r.bold for r in p.runs)
            and p.runs[0].font.size
            and p.runs[0].font.size.pt >= 14
        ]
        if len(bold_heads) < 5:
            errs.append("direct-formatted headings missing")
    elif name == "practice-bulletin-23-baby-n-child-y.txt":
        lines = text.splitlines()
        unders = [i for i, l in enumerate(lines) if re.fullmatch(r"=+", l)]
        if len(unders) < 3 or any(len(lines[i]) != len(lines[i - 1]) for i in unders):
            errs.append("==== underlined headings missing")
        if sum(1 for l in lines if l.startswith("* ")) < 14:
            errs.append("* bullets missing")
        if not lines[0].startswith("From:") or not any(l.startswith("Subject:") for l in lines):
            errs.append("mail header missing")
        if max(len(l) for l in lines) > 90:
            errs.append("lines not hard-wrapped")
    elif name == "sibling-group-m-learning-brief.md":
        lines = text.splitlines()
        if (
            not re.fullmatch(r"=+", lines[1])
            or sum(1 for l in lines if re.fullmatch(r"-{3,}", l)) < 4
        ):
            errs.append("setext headings missing")
        if any(l.startswith("#") for l in lines):
            errs.append("ATX heading used")
        if not any(l.startswith("> **Key message:**") for l in lines):
            errs.append("Key message blockquote missing")
        if sum(1 for l in lines if l.startswith("    - ")) != 5:
            errs.append("nested list items missing")
    return errs


def run(out: Path) -> None:
    sys.path.insert(0, str(HERE))
    import build

    errors: list[str] = []
    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    questions = [json.loads(line) for line in (HERE / "questions.jsonl").open(encoding="utf-8")]
    stems = {Path(n).stem: n for n in build.BRIEFS}
    texts: dict[str, str] = {}
    if sorted(expected) != sorted(build.BRIEFS):
        errors.append("expected.json does not list every brief")
    kinds = sorted(Path(n).suffix for n in build.BRIEFS)
    if kinds != sorted([".pdf"] * 4 + [".docx"] * 2 + [".txt", ".md"]):
        errors.append(f"formats wrong: {kinds}")
    if not any(len(b["reviews"]) == 2 for b in build.BRIEFS.values()):
        errors.append("no brief covers two reviews")
    for name in build.BRIEFS:
        path = out / name
        text, n_pages, pages = extract(path)
        texts[name] = text
        flat = fold(text)
        # the reader skips running headers and footers
        reading = text
        for pattern in build.RUNNING.get(name, []):
            reading = re.sub(pattern, " ", reading)
        flat_reading = fold(reading)
        if fold(build.FICTIONAL) not in flat:
            errors.append(f"{name}: no fictional marker")
        if n_pages is not None and not 1 <= n_pages <= 3:
            errors.append(f"{name}: {n_pages} pages")
        words = len(text.split())
        if n_pages is None and words > 900:
            errors.append(f"{name}: {words} words, may exceed 3 pages")
        points = build.point_texts(name)
        unreadable = []
        for p in points:
            if fold(p) in flat_reading or fold(p.replace(" | ", " ")) in flat_reading:
                continue
            cells = p.split(" | ")
            if len(cells) > 1 and all(fold(c) in flat_reading for c in cells):
                continue  # table rows come out cell by cell
            unreadable.append(p)
            errors.append(f"{name}: point not found in extracted text: {p[:70]}")
        print(
            f"{name}: pages={n_pages} words={words} points={len(points)} "
            f"unreadable_points={len(unreadable)}"
        )
        exp = expected.get(name, {})
        if exp.get("points") != len(points):
            errors.append(f"{name}: expected points mismatch")
        if exp.get("reviews") != build.BRIEFS[name]["reviews"]:
            errors.append(f"{name}: expected reviews mismatch")
        if not exp.get("roles") or not set(exp["roles"]) <= ROLES:
            errors.append(f"{name}: roles wrong")
        for label in build.BRIEFS[name]["reviews"]:
            if fold(label) not in flat:
                errors.append(f"{name}: review {label!r} not named in the text")
        errors += [f"{name}: {e}" for e in layout_checks(name, path, text, pages, build)]
    # questions
    ids = [q["id"] for q in questions]
    if ids != [f"hc{i:02d}" for i in range(1, len(ids) + 1)]:
        errors.append("ids not hc01.. in order")
    if len(set(q["question"] for q in questions)) != len(questions):
        errors.append("duplicate question text")
    per_doc: dict[str, list[int]] = {}
    named: dict[str, int] = {}
    out_of_scope = 0
    seen_oos = False
    for q, src in zip(questions, build.QUESTIONS, strict=True):
        if "doc" not in src:
            seen_oos = True
            out_of_scope += 1
            if q["answerable"] or q["relevant"] or q["review_any"] or "expect" in q:
                errors.append(f"{q['id']}: out-of-scope fields wrong")
            for name, text in texts.items():
                if fold(q["question"]) in fold(text):
                    errors.append(f"{q['id']}: out-of-scope question text in {name}")
            continue
        if seen_oos:
            errors.append(f"{q['id']}: brief question after the out-of-scope ones")
        doc = src["doc"]
        if doc not in stems:
            errors.append(f"{q['id']}: unknown doc {doc}")
            continue
        name = stems[doc]
        counts = per_doc.setdefault(doc, [0, 0])
        if q["answerable"]:
            counts[0] += 1
            if "expect" in q and q["expect"] != "direct":
                errors.append(f"{q['id']}: answerable with expect {q['expect']}")
            if len(q["relevant"]) != 1:
                errors.append(f"{q['id']}: expected one relevant entry")
            for rel in q["relevant"]:
                span = rel["contains"]
                if rel["doc"] != doc:
                    errors.append(f"{q['id']}: relevant doc mismatch")
                n_words = len(span.split())
                if not 4 <= n_words <= 12:
                    errors.append(f"{q['id']}: span has {n_words} words")
                if re.search(r"[<>*_`#\t\[\]]", span):
                    errors.append(f"{q['id']}: span has markup")
                raw_hits = [p for p in build.point_texts(name) if span in p]
                hits = [p for p in build.point_texts(name) if fold(span) in fold(p)]
                if len(raw_hits) != 1 or len(hits) != 1:
                    errors.append(
                        f"{q['id']}: span in {len(raw_hits)} points (verbatim), "
                        f"{len(hits)} (folded): {span!r}"
                    )
                # the span must be readable as it stands in the extracted text (pypdf /
                # python-docx / raw file), whitespace collapsed, no running header inside
                if fold(span) not in fold(texts[name]):
                    errors.append(f"{q['id']}: span not in the extracted text of {name}")
                shared = set(re.findall(r"[a-z']+", fold(span))) & set(
                    re.findall(r"[a-z']+", fold(q["question"]))
                )
                content = {w for w in shared if len(w) > 4}
                if len(content) >= 3:
                    errors.append(f"{q['id']}: question reuses span words {sorted(content)}")
            if not q["review_any"]:
                errors.append(f"{q['id']}: review_any empty")
            for label in q["review_any"]:
                if fold(label) not in fold(texts[name]):
                    errors.append(f"{q['id']}: review label {label!r} not in the brief")
                if fold(label) in fold(q["question"]):
                    named[doc] = named.get(doc, 0) + 1
        else:
            counts[1] += 1
            if q["relevant"] or q["review_any"] or q.get("expect") != "related":
                errors.append(f"{q['id']}: near-topic fields wrong")
            if not src.get("absent"):
                errors.append(f"{q['id']}: near-topic question has no absent patterns")
            source = texts[name] + "\n" + "\n".join(build.point_texts(name))
            for pattern in src["absent"]:
                m = re.search(pattern, source, flags=re.IGNORECASE if pattern.islower() else 0)
                if m:
                    errors.append(f"{q['id']}: near-topic fact may be stated: {m.group(0)!r}")
    for doc, (a, n) in per_doc.items():
        if (a, n) != (3, 2):
            errors.append(f"{doc}: {a} answerable, {n} near-topic")
        if not named.get(doc):
            errors.append(f"{doc}: no answerable question names the review")
    if set(per_doc) != set(stems):
        errors.append("some brief has no questions")
    if out_of_scope != 6:
        errors.append(f"{out_of_scope} out-of-scope questions, expected 6")
    if errors:
        print("\n".join("ERROR " + e for e in errors))
        raise SystemExit(1)
    n_ans = sum(a for a, _ in per_doc.values())
    n_near = sum(n for _, n in per_doc.values())
    print(
        f"OK: {len(build.BRIEFS)} briefs, {len(questions)} questions "
        f"({n_ans} answerable, {n_near} near-topic, {out_of_scope} out of scope)"
    )


if __name__ == "__main__":
    run(Path(sys.argv[1] if len(sys.argv) > 1 else HERE / "briefs"))
