"""Checks for the blind9 briefs: formats, spans, near-topic absences, counts, layouts.

Run on its own: /work/venv/bin/python check.py [briefs-folder]
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
N_OUT_OF_SCOPE = 8


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


def _pdf_text_ops(path: Path) -> list[tuple[int, str, float, tuple]]:
    """(page, font resource, size, fill colour) of every text-showing operator."""
    import pypdf
    from pypdf.generic import ContentStream

    reader = pypdf.PdfReader(str(path))
    out = []
    for n, page in enumerate(reader.pages):
        state = {"font": None, "size": None, "colour": (0.0, 0.0, 0.0)}
        stack = []
        for operands, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"q":
                stack.append(dict(state))
            elif op == b"Q":
                state = stack.pop() if stack else state
            elif op == b"Tf":
                state["font"], state["size"] = str(operands[0]), float(operands[1])
            elif op == b"rg":
                state["colour"] = tuple(round(float(v), 3) for v in operands)
            elif op == b"g":
                state["colour"] = (round(float(operands[0]), 3),) * 3
            elif op in (b"Tj", b"TJ", b"'", b'"'):
                out.append((n, state["font"], state["size"], state["colour"]))
    return out


def _pdf_fragments(path: Path) -> list[tuple[int, str, float, float, float]]:
    """(page, text, x, y, size) of every text fragment pypdf reports."""
    import pypdf

    reader = pypdf.PdfReader(str(path))
    frags = []
    for n, page in enumerate(reader.pages):

        def visit(text, cm, tm, _font, size, n=n):
            if text.strip():
                frags.append((n, text, tm[4], tm[5], size))

        page.extract_text(visitor_text=visit)
    return frags


def layout_checks(name: str, path: Path, text: str, pages: list[str], build) -> list[str]:
    """The layout each brief claims is really there."""
    errs: list[str] = []
    brief = build.BRIEFS[name]
    if name == "cspr-child-s-online-exploitation.pdf":
        ops = _pdf_text_ops(path)
        fonts = {f for _n, f, _s, _c in ops}
        if len(fonts) != 1:
            errs.append(f"more than one font face used (bold or italic?): {fonts}")
        black = [(f, s) for _n, f, s, c in ops if c == (0.0, 0.0, 0.0)]
        teal = [(f, s) for _n, f, s, c in ops if c != (0.0, 0.0, 0.0) and s == 10]
        if not black or {s for _f, s in black} != {10.0}:
            errs.append(f"body text not all 10 pt: {sorted({s for _f, s in black})}")
        if len(teal) != len(brief["sections"]):
            errs.append(f"{len(teal)} coloured 10 pt headings, expected {len(brief['sections'])}")
        lines = [l.strip() for l in text.splitlines()]
        for heading, *_ in brief["sections"]:
            if heading.upper() not in lines:
                errs.append(f"capitalised heading {heading.upper()!r} not on its own line")
    elif name == "rapid-review-baby-h-strengths-and-development.pdf":
        if "Strengths Areas for development" not in text:
            errs.append("Strengths | Areas for development header row missing")
        rows = [s for s in brief["sections"] if s[2] == "table"][0][3]
        flat = fold(text)
        for good, gap in rows:
            if fold(good) not in flat or fold(gap) not in flat:
                errs.append(f"contrast row not read cell by cell: {good[:40]}")
            elif flat.index(fold(good)) > flat.index(fold(gap)):
                errs.append(f"strength read after its gap: {good[:40]}")
    elif name == "lcspr-young-person-j-summary.pdf":
        frags = _pdf_fragments(path)
        margin = [f for f in frags if re.fullmatch(r"\s*\d\s*", f[1]) and f[2] < 60 and f[4] == 15]
        # 7 learning + 3 recommendation numbers in the margin column, each alone
        if len(margin) != 10:
            errs.append(f"{len(margin)} margin numbers found alone, expected 10")
        body_x = {round(f[2]) for f in frags if len(f[1].strip()) > 30 and f[2] > 80}
        if not body_x:
            errs.append("no indented learning text")
        flat_pages = [fold(p) for p in pages]
        for n, ((s_i, i), note) in enumerate(brief["footnotes"].items(), start=1):
            point = brief["sections"][s_i][3][i]
            hit = [
                k
                for k, p in enumerate(flat_pages)
                if re.search(re.escape(fold(point)) + rf" ?{n}\b", p)
            ]
            if not hit:
                errs.append(f"footnote marker {n} does not follow its point")
            elif fold(f"{n} {note}") not in flat_pages[hit[0]]:
                errs.append(f"footnote {n} not at the foot of the page of its marker")
        note_pages = {
            k
            for k, p in enumerate(pages)
            for n, note in enumerate(brief["footnotes"].values(), start=1)
            if fold(f"{n} {note}") in fold(p)
        }
        if len(pages) < 2 or len(note_pages) < 2:
            errs.append("footnotes do not sit at the foot of more than one page")
        sizes = {s for _p, _f, s, _c in _pdf_text_ops(path)}
        if not any(s < 6 for s in sizes):
            errs.append("superscript marker size missing")
    elif name == "lcspr-family-b-learning-table.docx":
        import docx

        d = docx.Document(str(path))
        if len(d.tables) != 1:
            errs.append("learning table missing")
        else:
            t = d.tables[0]
            first = {c._tc for c in t.rows[0].cells}
            if len(first) != 1 or t.rows[0].cells[0].text != brief["table_title"]:
                errs.append("merged heading row spanning all columns missing")
            if [c.text for c in t.rows[1].cells] != [
                "Learning",
                "What this means for you",
                "What you can do",
            ]:
                errs.append("Learning | What this means for you | What you can do header missing")
            if len(t.rows) != 2 + 6:
                errs.append(f"{len(t.rows) - 2} learning rows, expected 6")
    elif name == "cspr-amira-practice-tips.docx":
        import docx
        from docx.oxml.ns import qn

        d = docx.Document(str(path))
        h2 = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
        h3 = [p.text for p in d.paragraphs if p.style.name == "Heading 3"]
        themes = [s for s in brief["sections"] if s[2] == "pairs"][0][3]
        if h3 != [t for t, _b in themes]:
            errs.append("Heading 3 themes missing")
        if len(h2) != len(brief["sections"]) - 1:
            errs.append(f"{len(h2)} Heading 2 sections")
        boxed = [
            p
            for p in d.paragraphs
            if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None
        ]
        if len(boxed) != 4 or not all(p.text.startswith("Practice tip: ") for p in boxed):
            errs.append("four bordered 'Practice tip:' boxes missing")
        if any(p.style.name.startswith("List") for p in d.paragraphs):
            errs.append("list style used")
    elif name == "learning-from-rapid-reviews-q3-2025.docx":
        import docx

        d = docx.Document(str(path))
        paras = d.paragraphs
        for label, line, _secs in brief["boxes"]:
            idx = [
                i for i, p in enumerate(paras) if p.style.name == "Heading 2" and p.text == label
            ]
            if not idx:
                errs.append(f"Heading 2 {label!r} missing")
                continue
            nxt = paras[idx[0] + 1].text
            if nxt != line or not re.fullmatch(r"Review type: .+ \| Date: \d{1,2} \w+ 2025", nxt):
                errs.append(f"'Review type: | Date:' line missing under {label}")
        if len(brief["reviews"]) != 3:
            errs.append("digest does not cover three reviews")
    elif name == "lcspr-young-person-q-outline.txt":
        lines = text.splitlines()
        numbered = [re.match(r"^(\t*)(\d+(?:\.\d+)*)\t\S", l) for l in lines]
        numbered = [m for m in numbered if m]
        if any(len(m.group(1)) != m.group(2).count(".") for m in numbered):
            errs.append("outline depth does not match the tab indent")
        if sum(1 for m in numbered if m.group(2).count(".") == 2) != 6:
            errs.append("1.1.1-level items missing")
        if sum(1 for m in numbered if m.group(2).count(".") == 0) != len(brief["sections"]):
            errs.append("top-level headings missing")
        if max(len(l.expandtabs(8)) for l in lines[3:]) > 80:
            errs.append("outline lines not wrapped")
        if any(l.startswith("#") or re.fullmatch(r"[=-]{3,}", l) for l in lines):
            errs.append("markup headings used")
    elif name == "siblings-l-and-w-dental-neglect.md":
        lines = text.splitlines()
        if not lines[0].startswith("# ") or sum(1 for l in lines if l.startswith("## ")) < 4:
            errs.append("ATX headings missing")
        if any(re.fullmatch(r"[=-]{3,}", l) for l in lines):
            errs.append("setext heading used")
        if sum(1 for l in lines if re.match(r"^\*\*[^*]+\*\* — \S", l)) != 6:
            errs.append("'**Term** — text' lines missing")
        rows = [l for l in lines if l.startswith("| ")]
        if len(rows) != 5 or sum(1 for l in rows if "<br>" in l) < 2 or "|---|---|" not in lines:
            errs.append("GFM table with <br> cells missing")
        if "<details>" not in lines or not any(l.startswith("<summary>") for l in lines):
            errs.append("<details> block missing")
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
    if kinds != sorted([".pdf"] * 3 + [".docx"] * 3 + [".txt", ".md"]):
        errors.append(f"formats wrong: {kinds}")
    if not any(len(b["reviews"]) == 3 for b in build.BRIEFS.values()):
        errors.append("no brief covers three reviews")
    for name in build.BRIEFS:
        path = out / name
        text, n_pages, pages = extract(path)
        texts[name] = text
        flat = fold(text)
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
        if len(set(map(fold, points))) != len(points):
            errors.append(f"{name}: duplicate points")
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
    if ids != [f"hd{i:02d}" for i in range(1, len(ids) + 1)]:
        errors.append("ids not hd01.. in order")
    if len(set(q["question"] for q in questions)) != len(questions):
        errors.append("duplicate question text")
    allowed = {"id", "question", "answerable", "relevant", "expect", "review_any"}
    per_doc: dict[str, list[int]] = {}
    named: dict[str, int] = {}
    out_of_scope = 0
    seen_oos = False
    for q, src in zip(questions, build.QUESTIONS, strict=True):
        if set(q) - allowed:
            errors.append(f"{q['id']}: unknown fields {sorted(set(q) - allowed)}")
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
                # python-docx / raw file), whitespace collapsed
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
                if label not in build.BRIEFS[name]["reviews"]:
                    errors.append(f"{q['id']}: review label {label!r} not a review of the brief")
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
    if out_of_scope != N_OUT_OF_SCOPE:
        errors.append(f"{out_of_scope} out-of-scope questions, expected {N_OUT_OF_SCOPE}")
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
