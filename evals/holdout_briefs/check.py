"""Checks for the held-out briefs: spans, near-topic absences, counts, files readable.

Run on its own: python evals/holdout_briefs/check.py evals/holdout_briefs/briefs
(build.py calls it after writing). Exits non-zero on any failure.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    for a, b in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-")):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text.casefold()).strip()


def extract(path: Path) -> tuple[str, int | None]:
    """Text of a file as a reader gets it, and its page count (None when not paged)."""
    if path.suffix == ".pdf":
        import pypdf

        reader = pypdf.PdfReader(str(path))
        return "\n".join(p.extract_text() or "" for p in reader.pages), len(reader.pages)
    if path.suffix == ".docx":
        import docx

        d = docx.Document(str(path))
        parts = [p.text for p in d.paragraphs]
        parts += [p.text for s in d.sections for p in s.footer.paragraphs]
        return "\n".join(parts), None
    return path.read_text(encoding="utf-8"), None


def run(out: Path) -> None:
    sys.path.insert(0, str(HERE))
    import build

    errors: list[str] = []
    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    questions = [json.loads(line) for line in (HERE / "questions.jsonl").open(encoding="utf-8")]
    stems = {Path(n).stem: n for n in build.BRIEFS}
    texts = {}
    # files open, marker present, page counts, every point readable from the file
    for name in build.BRIEFS:
        text, pages = extract(out / name)
        texts[name] = text
        flat = fold(text)
        if build.FICTIONAL.lower() not in flat:
            errors.append(f"{name}: no fictional marker")
        if pages is not None and not 1 <= pages <= 3:
            errors.append(f"{name}: {pages} pages")
        missing = [
            p
            for p in build.point_texts(name)
            if fold(p.replace(" | ", " ")) not in flat and fold(p) not in flat
        ]
        words = len(text.split())
        print(
            f"{name}: pages={pages} words={words} points={len(build.point_texts(name))} "
            f"unreadable_points={len(missing)}"
        )
        for p in missing:
            # table rows come out cell by cell; accept when every cell is readable
            cells = p.split(" | ")
            if not all(fold(c) in flat for c in cells):
                errors.append(f"{name}: point not found in extracted text: {p[:60]}")
        if expected[name]["points"] != len(build.point_texts(name)):
            errors.append(f"{name}: expected points mismatch")
        if pages is None and words > 900:
            errors.append(f"{name}: {words} words, may exceed 3 pages")
    # docx: list numbering is Word numbering, not typed text
    import docx

    for name in build.BRIEFS:
        if name.endswith(".docx"):
            d = docx.Document(str(out / name))
            listed = [p for p in d.paragraphs if p.style.name.startswith("List")]
            if not listed or any(re.match(r"\s*(\d+[.)]|[•\-])", p.text) for p in listed):
                errors.append(f"{name}: list paragraphs missing or carry typed markers")
            numbered = [p for p in listed if p.style.name == "List Number"]
            if numbered and d.part.numbering_part is None:
                errors.append(f"{name}: no numbering part")
    # questions
    ids = [q["id"] for q in questions]
    if ids != [f"hb{i:02d}" for i in range(1, len(ids) + 1)]:
        errors.append("ids not hb01.. in order")
    per_doc: dict[str, list[int]] = {}
    for q, src in zip(questions, build.QUESTIONS, strict=True):
        doc = src["doc"]
        if doc not in stems:
            errors.append(f"{q['id']}: unknown doc {doc}")
            continue
        name = stems[doc]
        counts = per_doc.setdefault(doc, [0, 0])
        if q["answerable"]:
            counts[0] += 1
            for rel in q["relevant"]:
                span = rel["contains"]
                n_words = len(span.split())
                if not 4 <= n_words <= 12:
                    errors.append(f"{q['id']}: span has {n_words} words")
                if re.search(r"[<>*\t\[\]]", span):
                    errors.append(f"{q['id']}: span has markup")
                raw_hits = [p for p in build.point_texts(name) if span in p]
                hits = [p for p in build.point_texts(name) if fold(span) in fold(p)]
                if len(raw_hits) != 1 or len(hits) != 1:
                    errors.append(
                        f"{q['id']}: span in {len(raw_hits)} points (verbatim), "
                        f"{len(hits)} (folded): {span!r}"
                    )
                if fold(span) not in fold(texts[name]):
                    print(f"  note {q['id']}: span not on one extracted line run of {name}")
                # the paraphrase should not reuse the span's key wording wholesale
                shared = set(fold(span).split()) & set(fold(q["question"]).split())
                content = {w for w in shared if len(w) > 4}
                if len(content) >= 3:
                    print(f"  note {q['id']}: question shares words with span: {sorted(content)}")
            if not q["review_any"]:
                errors.append(f"{q['id']}: review_any empty")
            for label in q["review_any"]:
                if fold(label) not in fold(texts[name]) and label != "criminal exploitation":
                    errors.append(f"{q['id']}: review label {label!r} not in the brief")
        else:
            counts[1] += 1
            if q["relevant"] or q["review_any"] or q.get("expect") != "related":
                errors.append(f"{q['id']}: near-topic fields wrong")
            source = texts[name] + "\n" + "\n".join(build.point_texts(name))
            for pattern in src["absent"]:
                m = re.search(pattern, source, flags=re.IGNORECASE if pattern.islower() else 0)
                if m:
                    errors.append(f"{q['id']}: near-topic fact may be stated: {m.group(0)!r}")
    for doc, (a, n) in per_doc.items():
        if (a, n) != (3, 2):
            errors.append(f"{doc}: {a} answerable, {n} near-topic")
    if set(per_doc) != set(stems):
        errors.append("some brief has no questions")
    if errors:
        print("\n".join("ERROR " + e for e in errors))
        raise SystemExit(1)
    print(f"OK: {len(build.BRIEFS)} briefs, {len(questions)} questions")


if __name__ == "__main__":
    run(Path(sys.argv[1] if len(sys.argv) > 1 else HERE / "briefs"))
