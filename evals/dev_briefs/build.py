"""Build the development briefs and work out what a reader finds in them.

``python -m evals.dev_briefs build OUT_DIR``   write every brief into OUT_DIR
``python -m evals.dev_briefs expect``          rewrite expected.json from the briefs

``expected.json`` is committed and reviewed in diffs; a test checks it still matches what
the builders draw, so a brief and its expectations cannot drift apart.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evals.dev_briefs.briefs import BRIEFS, FICTIONAL, Brief
from evals.dev_briefs.writers import ROLES, Record

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "expected.json"
QUESTIONS = HERE / "questions.jsonl"
PAGES_PER_PDF = 6


def build_all(out_dir: Path, only: Sequence[str] = ()) -> dict[str, Record]:
    """Write every brief (or those named in ``only``) into ``out_dir``; their records by stem."""
    out_dir.mkdir(parents=True, exist_ok=True)
    records: dict[str, Record] = {}
    for brief in BRIEFS:
        if only and brief.stem not in only:
            continue
        records[brief.stem] = brief.build(out_dir / brief.filename)
    return records


def _first_words(text: str, n: int = 8) -> str:
    return " ".join(text.split()[:n])


def _page_samples(record: Record) -> list[dict[str, Any]]:
    """A few points with their page: first, last, and any that start a new page."""
    points = [p for p in record.points if p.page is not None]
    if not points:
        return []
    chosen = [points[0]]
    for before, after in itertools.pairwise(points):
        if after.page != before.page:
            chosen.extend([before, after])
    chosen.append(points[-1])
    seen: set[str] = set()
    samples = []
    for point in chosen:
        words = _first_words(point.text)
        if words in seen:
            continue
        seen.add(words)
        samples.append({"starts": words, "page": point.page})
    return samples[:PAGES_PER_PDF]


def expectations(brief: Brief, record: Record) -> dict[str, Any]:
    """What a reader finds in one brief."""
    roles = sorted({p.role for p in record.points if p.role in ROLES}, key=ROLES.index)
    sections: list[str] = []
    for point in record.points:
        if point.section and point.section not in sections:
            sections.append(point.section)
    point_texts = {p.text for p in record.points}
    headings = set(sections)
    not_points = [t for t in record.texts if t not in point_texts and t not in headings]
    entry: dict[str, Any] = {
        "file": brief.filename,
        "layout": brief.layout,
        "reviews": [{"subject": s, "type": t} for s, t in brief.reviews],
        "roles": roles,
        "learning_points": len(record.points),
        "sections": sections,
        "fictional_marker": FICTIONAL,
        "not_learning_points": not_points,
    }
    per_review: dict[str, int] = {}
    for point in record.points:
        if point.review:
            per_review[point.review] = per_review.get(point.review, 0) + 1
    if per_review:
        entry["learning_points_by_review"] = per_review
    if brief.ext == "pdf":
        entry["pages"] = _page_samples(record)
    return entry


def all_expectations(records: dict[str, Record]) -> dict[str, Any]:
    """expected.json's content for the built briefs."""
    out: dict[str, Any] = {
        "_about": (
            "FICTIONAL development briefs (issue #12 item 6), built by "
            "`python -m evals.dev_briefs build OUT_DIR`; keys are doc ids (file stems). "
            "learning_points counts what a reader counts: one per list item, table body "
            "row and body paragraph under a heading (titles, the fictional marker line, "
            "headings, table header rows, running headers and footers are not points). "
            "Regenerate with `python -m evals.dev_briefs expect` and review the diff."
        )
    }
    for brief in BRIEFS:
        if brief.stem in records:
            out[brief.stem] = expectations(brief, records[brief.stem])
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``build OUT_DIR`` or ``expect``."""
    parser = argparse.ArgumentParser(prog="python -m evals.dev_briefs", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="write every brief into OUT_DIR")
    build.add_argument("out_dir", type=Path)
    build.add_argument("--only", action="append", default=[], help="a brief's stem (repeat)")
    sub.add_parser("expect", help="rewrite expected.json from the builders")
    args = parser.parse_args(argv)
    if args.command == "build":
        known = {b.stem for b in BRIEFS}
        unknown = [s for s in args.only if s not in known]
        if unknown:
            print(f"unknown brief(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
            return 2
        records = build_all(args.out_dir, args.only)
        for stem in records:
            print(args.out_dir / next(b.filename for b in BRIEFS if b.stem == stem))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        records = build_all(Path(tmp))
    EXPECTED.write_text(
        json.dumps(all_expectations(records), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
