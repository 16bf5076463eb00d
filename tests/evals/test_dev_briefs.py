"""The fictional development briefs (issue #12 item 6).

Two kinds of test live here:

- always run (fast): the build is deterministic, every brief says it is fictional,
  ``expected.json`` still matches what the builders draw, and the question set is valid;
- parse targets, marked ``devbriefs``: each brief is loaded and structured with the
  project's own pipeline (no embedding) and checked against ``expected.json`` — every
  review found by its subject, learning-point count within 10%, section roles present,
  each point in its section's role, every learning point in exactly one block, nothing
  dropped, PDF pages right. They run in every test run (select them alone with
  ``-m devbriefs``). The parses the structurer does not get right yet are listed in
  :data:`KNOWN_GAPS` as strict xfails: each says what is wrong, and fails the run once it
  is fixed, so the list only shrinks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from evals.dev_briefs.briefs import BRIEFS, FICTIONAL
from evals.dev_briefs.build import EXPECTED, QUESTIONS, all_expectations, build_all
from evals.dev_briefs.writers import Record
from evals.metrics import normalise
from ingest.load import load_document
from ingest.manifest import Manifest
from ingest.structure import parse_structure

EXPECTATIONS: dict[str, Any] = json.loads(EXPECTED.read_text(encoding="utf-8"))
STEMS = [b.stem for b in BRIEFS]
COUNT_TOLERANCE = 0.10
PROBE_WORDS = 6


# -- always run ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Record]]:
    out = tmp_path_factory.mktemp("dev-briefs")
    return out, build_all(out)


@pytest.fixture(scope="module")
def built(build: tuple[Path, dict[str, Record]]) -> Path:
    return build[0]


@pytest.fixture(scope="module")
def records(build: tuple[Path, dict[str, Record]]) -> dict[str, Record]:
    return build[1]


def test_at_least_fifteen_briefs_in_several_formats() -> None:
    exts = [b.ext for b in BRIEFS]
    assert len(BRIEFS) >= 15
    assert len(set(STEMS)) == len(STEMS)
    assert exts.count("pdf") + exts.count("docx") > len(exts) / 2  # mostly as published
    assert {"pdf", "docx", "txt", "md"} <= set(exts)


def test_build_is_deterministic(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_all(again)
    names = sorted(p.name for p in built.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    changed = [n for n in names if (built / n).read_bytes() != (again / n).read_bytes()]
    assert not changed, f"these briefs differ between two builds: {changed}"


def _raw_text(path: Path) -> str:
    """The file's text by an independent reader (not the project's loaders)."""
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("stem", STEMS)
def test_every_brief_says_it_is_fictional(built: Path, stem: str) -> None:
    brief = next(b for b in BRIEFS if b.stem == stem)
    assert FICTIONAL in " ".join(_raw_text(built / brief.filename).split())


def test_expectations_match_the_builders(records: dict[str, Record]) -> None:
    regenerated = all_expectations(records)
    assert regenerated == EXPECTATIONS, (
        "evals/dev_briefs/expected.json is out of date with the builders: run "
        "`python -m evals.dev_briefs expect` and review the diff"
    )


def _questions() -> list[dict[str, Any]]:
    lines = QUESTIONS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_questions_are_valid(records: dict[str, Record]) -> None:
    questions = _questions()
    ids = [q["id"] for q in questions]
    assert len(ids) == len(set(ids))
    per_doc: dict[str, int] = {}
    for q in questions:
        if q["answerable"] is False:
            # a near-topic question the briefs do not answer: no gold passage, and the
            # answer type it expects ("related": say what is not stated, then related learning)
            assert q["relevant"] == [] and q["review_any"] == [], q["id"]
            assert q.get("expect") in ("related", "none"), q["id"]
            continue
        assert q["answerable"] is True
        brief = next(b for b in BRIEFS if b.stem == q["relevant"][0]["doc"])
        subjects = {subject for subject, _ in brief.reviews}
        assert set(q["review_any"]) <= subjects, q["id"]
        for entry in q["relevant"]:
            per_doc[entry["doc"]] = per_doc.get(entry["doc"], 0) + 1
            words = entry["contains"].split()
            assert 4 <= len(words) <= 12, (q["id"], entry["contains"])
            span = normalise(entry["contains"])
            holders = [p for p in records[entry["doc"]].points if span in normalise(p.text)]
            assert len(holders) == 1, (q["id"], entry["contains"], len(holders))
            assert span not in normalise(q["question"]), f"{q['id']} copies its span"
    # at least three answerable questions per brief (more where paraphrases were added)
    assert set(per_doc) == set(STEMS) and min(per_doc.values()) >= 3, per_doc


# -- parse targets (opt in with -m devbriefs) ---------------------------------------------
@dataclass(frozen=True)
class Parsed:
    blocks: tuple[Any, ...]
    reviews: tuple[Any, ...]
    coverage: float | None
    dropped: tuple[str, ...]
    document: Any

    def page(self, block: Any) -> int | None:
        """The page a citation of ``block`` shows (as the chunker works it out)."""
        return block.page if block.page is not None else self.document.page_at(block.start)


@pytest.fixture(scope="module")
def parsed(request: pytest.FixtureRequest, built: Path) -> Iterator[dict[str, Parsed]]:
    manifest = Manifest()  # no manifest entries: everything must come from the text
    out: dict[str, Parsed] = {}
    for brief in BRIEFS:
        document = load_document(built / brief.filename)
        meta = manifest.meta_for(document)
        result = parse_structure(document, meta, manifest.markers_for(document.doc_id))
        blocks = tuple(getattr(result, "blocks", result))
        out[brief.stem] = Parsed(
            blocks,
            tuple(getattr(result, "reviews", ())),
            getattr(result, "coverage", None),
            tuple(getattr(result, "dropped", ())),
            document,
        )
    yield out


def _norm(text: str) -> str:
    # table cells may come back joined by " | ", " — ", tabs or spaces: compare the words
    # only (tokens with no letter or digit dropped), padded so a probe matches whole words
    words = [w for w in normalise(text).split() if any(c.isalnum() for c in w)]
    return " " + " ".join(words) + " "


def _probe(text: str) -> str:
    return _norm(" ".join(_norm(text).split()[:PROBE_WORDS]))


def _points_blocks(stem: str, parsed: Parsed) -> list[Any]:
    """Blocks that are learning points: not the title, marker or other non-point lines."""
    skip = {_norm(t) for t in EXPECTATIONS[stem]["not_learning_points"]}
    return [b for b in parsed.blocks if _norm(b.text) not in skip]


def _holders(parsed: Parsed, text: str) -> list[Any]:
    probe = _probe(text)
    return [b for b in parsed.blocks if probe in _norm(b.text)]


devbriefs = pytest.mark.devbriefs

KNOWN_GAPS: dict[tuple[str, str], str] = {
    ("point_roles", "7mb-baby-r-boxes"): (
        "box 3 'Information' tells the case in the past tense after box 2 'Why it matters' "
        "(a key message, so learning): a story is read as the case summary only before any "
        "learning, so the box stays 'other'"
    ),
}
"""Parse targets the structurer misses today: (test, brief) -> what is wrong."""


def _stems(test: str, stems: list[str] | None = None) -> list[Any]:
    """``stems`` (default: every brief) with the known gaps of ``test`` as strict xfails."""
    return [
        pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[(test, s)]))
        if (test, s) in KNOWN_GAPS
        else s
        for s in (STEMS if stems is None else stems)
    ]


@devbriefs
@pytest.mark.parametrize("stem", _stems("reviews"))
def test_every_review_found_by_its_subject(parsed: dict[str, Parsed], stem: str) -> None:
    got = parsed[stem]
    labels = {b.review for b in got.blocks} | {
        r.subject or r.label for r in got.reviews if getattr(r, "subject", None)
    }
    missing = [
        review["subject"]
        for review in EXPECTATIONS[stem]["reviews"]
        if not any(review["subject"].lower() in label.lower() for label in labels)
    ]
    assert not missing, f"{stem}: reviews {missing} not found; review labels: {sorted(labels)}"


@devbriefs
@pytest.mark.parametrize("stem", _stems("belong", [b.stem for b in BRIEFS if len(b.reviews) > 1]))
def test_points_belong_to_their_review(
    parsed: dict[str, Parsed], records: dict[str, Record], stem: str
) -> None:
    wrong = []
    subjects = [r["subject"] for r in EXPECTATIONS[stem]["reviews"]]
    for point in records[stem].points:
        review = point.review or ""
        for block in _holders(parsed[stem], point.text):
            if review in subjects and review.lower() not in block.review.lower():
                wrong.append(f"{point.text[:40]!r}: {block.review!r} (expected {review})")
    assert not wrong, f"{stem}: points under the wrong review:\n" + "\n".join(wrong)


@devbriefs
@pytest.mark.parametrize("stem", _stems("count"))
def test_learning_point_count_within_ten_percent(parsed: dict[str, Parsed], stem: str) -> None:
    expected = EXPECTATIONS[stem]["learning_points"]
    got = len(_points_blocks(stem, parsed[stem]))
    assert abs(got - expected) <= COUNT_TOLERANCE * expected, (
        f"{stem}: {got} learning points where a reader counts {expected}"
    )


@devbriefs
@pytest.mark.parametrize("stem", _stems("roles"))
def test_section_roles_present(parsed: dict[str, Parsed], stem: str) -> None:
    got = {b.role for b in parsed[stem].blocks}
    missing = sorted(set(EXPECTATIONS[stem]["roles"]) - got)
    assert not missing, f"{stem}: section roles {missing} not found (found {sorted(got)})"


@devbriefs
@pytest.mark.parametrize("stem", _stems("one_block"))
def test_every_learning_point_in_exactly_one_block(
    parsed: dict[str, Parsed], records: dict[str, Record], stem: str
) -> None:
    problems = []
    for point in records[stem].points:
        holders = _holders(parsed[stem], point.text)
        if len(holders) != 1:
            problems.append(f"{len(holders)} blocks hold {_probe(point.text)!r}")
    probes = [_probe(point.text) for point in records[stem].points]
    for block in parsed[stem].blocks:
        held = [p for p in probes if p in _norm(block.text)]
        if len(held) > 1:
            problems.append(f"one block ({block.label!r}) holds {len(held)} points: {held}")
    assert not problems, f"{stem}:\n" + "\n".join(problems)


@devbriefs
@pytest.mark.parametrize("stem", _stems("dropped"))
def test_nothing_dropped(parsed: dict[str, Parsed], records: dict[str, Record], stem: str) -> None:
    got = parsed[stem]
    if got.coverage is not None:  # once the structurer reports coverage (#12 item 4)
        assert got.coverage == 1.0, f"{stem}: coverage {got.coverage}; dropped {got.dropped}"
    text = _norm(" ".join(b.text for b in got.blocks))
    lost = [p.text for p in records[stem].points if _probe(p.text) not in text]
    assert not lost, f"{stem}: learning points in no block: {[t[:50] for t in lost]}"


@devbriefs
@pytest.mark.parametrize("stem", _stems("pages", [b.stem for b in BRIEFS if b.ext == "pdf"]))
def test_pdf_pages(parsed: dict[str, Parsed], stem: str) -> None:
    wrong = []
    for sample in EXPECTATIONS[stem]["pages"]:
        holders = _holders(parsed[stem], sample["starts"])
        pages = [parsed[stem].page(b) for b in holders]
        if pages != [sample["page"]]:
            wrong.append(f"{sample['starts']!r}: pages {pages}, expected {sample['page']}")
    assert not wrong, f"{stem}:\n" + "\n".join(wrong)


@devbriefs
@pytest.mark.parametrize("stem", _stems("point_roles"))
def test_points_carry_their_sections_role(
    parsed: dict[str, Parsed], records: dict[str, Record], stem: str
) -> None:
    """Each learning point's block has the role a reader gives the section it stands in
    ("Ways to approach it" holds practice points, whatever the heading says); a section the
    writer leaves "other" is not checked."""
    wrong = []
    for point in records[stem].points:
        holders = _holders(parsed[stem], point.text)
        if point.role == "other" or len(holders) != 1:
            continue  # one block per point is checked above
        if holders[0].role != point.role:
            wrong.append(f"{_probe(point.text)!r}: {holders[0].role}, expected {point.role}")
    assert not wrong, f"{stem}:\n" + "\n".join(wrong)
