"""Parse check of a held-out brief set against what a reader counts (issue #12).

``python -m evals.parse_check evals/holdout_briefs3`` parses every brief in ``DIR/briefs`` as
ingest does (no manifest entries) and compares it with ``DIR/expected.json``::

    {"<file name>": {"reviews": ["Child S"], "points": 16,
                     "roles": ["background", "learning", "further_information"]}, ...}

Per brief it reports whether every review a reader names is found by its subject (a part
labelled as an overview, or as joint to several reviews, is allowed beside them), whether the
learning-point count is within 10% of the reader's, whether every role is found, and whether
coverage is full; then the totals (``reviews / counts / roles / coverage``). ``-v`` lists the
points. Exit status 0 (it measures; it does not gate).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.models import Structure
from ingest.load import load_document
from ingest.manifest import Manifest
from ingest.structure import parse_structure

COUNT_TOLERANCE = 0.10
"""A count within this share of the reader's is right (the issue's "within 10%")."""

_ROLES = {
    "background": "summary",
    "summary": "summary",
    "learning": "learning",
    "recommendations": "recommendation",
    "good_practice": "good_practice",
    "practice_points": "practice_point",
    "reflective_questions": "reflective_question",
    "further_information": "further_information",
}
"""The role names of ``expected.json`` -> the product's section roles."""


@dataclass(frozen=True)
class BriefCheck:
    """One brief's parse against the reader's expectations."""

    name: str
    reviews: tuple[str, ...]
    points: int
    expected_points: int
    missing_roles: tuple[str, ...]
    coverage: float
    reviews_ok: bool

    @property
    def count_ok(self) -> bool:
        return abs(self.points - self.expected_points) <= COUNT_TOLERANCE * self.expected_points

    @property
    def roles_ok(self) -> bool:
        return not self.missing_roles

    @property
    def coverage_ok(self) -> bool:
        return self.coverage >= 0.999


def _is_extra_part(label: str) -> bool:
    """A part a reader does not name as a review of its own: the overview of a collection,
    or learning joint to several reviews ("Child A, Child U and Young Person P")."""
    return label.endswith("(overview)") or " and " in label


def check_brief(path: Path, expected: dict[str, Any]) -> tuple[BriefCheck, Structure]:
    """Parse ``path`` as ingest does and compare it with its ``expected`` entry."""
    document = load_document(path)
    manifest = Manifest.load(path.parent)
    structure = parse_structure(
        document, manifest.meta_for(document), manifest.markers_for(document.doc_id)
    )
    labels = tuple(info.label for info in structure.reviews) or tuple(
        dict.fromkeys(b.review for b in structure.blocks)
    )
    # capitals aside: "Sibling Group M" is the review a reader calls "Sibling group M"
    wanted = {str(r).casefold() for r in expected.get("reviews", [])}
    found = {label.casefold() for label in labels}
    own = {label.casefold() for label in labels if not _is_extra_part(label)}
    roles = {b.role for b in structure.blocks}
    missing = tuple(
        str(r) for r in expected.get("roles", []) if _ROLES.get(str(r), str(r)) not in roles
    )
    check = BriefCheck(
        name=path.name,
        reviews=labels,
        points=len(structure.blocks),
        expected_points=int(expected.get("points", 0)),
        missing_roles=missing,
        coverage=structure.coverage if structure.coverage is not None else 1.0,
        reviews_ok=wanted <= found and not own - wanted,
    )
    return check, structure


def check_set(folder: Path) -> list[tuple[BriefCheck, Structure]]:
    """Every brief of ``folder/expected.json`` (files in ``folder/briefs``)."""
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return [
        check_brief(folder / "briefs" / name, entry)
        for name, entry in expected.items()
        if not name.startswith("_")
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print each brief's check and the totals."""
    parser = argparse.ArgumentParser(prog="python -m evals.parse_check", description=__doc__)
    parser.add_argument("folder", type=Path, help="A set: expected.json and briefs/.")
    parser.add_argument("-v", "--verbose", action="store_true", help="List every point.")
    args = parser.parse_args(argv)
    results = check_set(args.folder)
    for check, structure in results:
        print(
            f"{check.name}: reviews {'ok' if check.reviews_ok else list(check.reviews)}; "
            f"points {check.points}/{check.expected_points}"
            f"{'' if check.count_ok else ' (off by more than 10%)'}; "
            f"roles {'ok' if check.roles_ok else 'missing ' + ', '.join(check.missing_roles)}; "
            f"coverage {check.coverage:.3f}"
        )
        if args.verbose:
            for block in structure.blocks:
                print(f"    {block.review} › {block.section} [{block.role}] › {block.label}")
    n = len(results)
    totals = [
        sum(1 for c, _ in results if ok(c))
        for ok in (
            lambda c: c.reviews_ok,
            lambda c: c.count_ok,
            lambda c: c.roles_ok,
            lambda c: c.coverage_ok,
        )
    ]
    print("reviews / counts / roles / coverage: " + ", ".join(f"{t}/{n}" for t in totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
