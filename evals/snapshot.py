"""Parse snapshots: a readable golden file per document, reviewed in diffs (issue #12 item 7).

``python -m evals.snapshot``                  compare every seed and dev brief with its
                                               snapshot; print a diff and exit 1 on change
``python -m evals.snapshot --update``         rewrite the snapshots
``python -m evals.snapshot [--update] FILE``  only these files (doc id = file stem)

A snapshot (``tests/snapshots/<doc_id>.txt``) has a header (file, reviews, coverage, block
count) and one line per learning point::

    Child H › Learning points › Learning point 5: Strategy discussions must include … (p. 1)

(a point that also says what to do, :attr:`core.models.Block.practice`, shows "[+practice]"
after its label)

It replaces hand-written asserts on exact counts and labels: a parser change shows up as a
diff a person reads, and is accepted by regenerating with ``--update``.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from core.errors import ReviewAssistantError
from ingest.load import load_document
from ingest.manifest import Manifest
from ingest.structure import parse_structure

REPO = Path(__file__).resolve().parent.parent
# the seeds' pinned copy (corpus/ is the live library and may hold a user's uploads)
CORPUS = REPO / "tests" / "fixtures" / "seed-corpus"
SNAPSHOTS = REPO / "tests" / "snapshots"
FIRST_WORDS = 8
SUFFIXES = (".txt", ".md", ".pdf", ".docx")


def _words(text: str, n: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def snapshot_text(path: Path, manifest: Manifest | None = None) -> str:
    """The snapshot of one document, parsed as ingest parses it (its folder's manifest)."""
    manifest = Manifest.load(path.parent) if manifest is None else manifest
    document = load_document(path)
    meta = manifest.meta_for(document)
    result = parse_structure(document, meta, manifest.markers_for(document.doc_id))
    blocks = result.blocks
    infos = result.reviews
    coverage: float | None = result.coverage
    dropped = result.dropped
    if infos:
        reviews = [
            info.label + (f" ({info.review_type})" if info.review_type else "") for info in infos
        ]
    else:
        reviews = list(dict.fromkeys(b.review for b in blocks))
    lines = [
        f"# {document.doc_id} ({path.name})",
        f"# reviews: {' | '.join(reviews) if reviews else '(none)'}",
        f"# coverage: {'not measured' if coverage is None else f'{coverage:.3f}'}",
        f"# learning points: {len(blocks)}",
    ]
    lines.extend(f"# dropped: {_words(line, 12)}" for line in dropped)
    for block in blocks:
        page = block.page if block.page is not None else document.page_at(block.start)
        role = f" [{block.role}]" if block.role != "other" else ""
        where = f" (p. {page})" if page is not None else ""
        practice = " [+practice]" if block.practice else ""
        lines.append(
            f"{block.review} › {block.section}{role} › {block.label}{practice}: "
            f"{_words(block.text)}{where}"
        )
    return "\n".join(lines) + "\n"


def default_files(build_dir: Path) -> list[Path]:
    """The seed briefs (pinned copy) and the dev briefs (built into ``build_dir``)."""
    from evals.dev_briefs.build import build_all

    build_all(build_dir)
    corpus = sorted(p for p in CORPUS.iterdir() if p.suffix in SUFFIXES)
    return corpus + sorted(p for p in build_dir.iterdir() if p.suffix in SUFFIXES)


def compare(files: Iterable[Path], folder: Path = SNAPSHOTS) -> list[str]:
    """Unified diffs (one string per changed or missing snapshot); empty when all match."""
    diffs = []
    for path in files:
        name = f"{path.stem}.txt"
        new = snapshot_text(path).splitlines(keepends=True)
        target = folder / name
        old = (
            target.read_text(encoding="utf-8").splitlines(keepends=True) if target.is_file() else []
        )
        if old != new:
            diffs.append(
                "".join(difflib.unified_diff(old, new, f"snapshots/{name}", f"parsed {path.name}"))
            )
    return diffs


def update(files: Iterable[Path], folder: Path = SNAPSHOTS) -> list[Path]:
    """Rewrite the snapshots of ``files``; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for path in files:
        target = folder / f"{path.stem}.txt"
        target.write_text(snapshot_text(path), encoding="utf-8")
        written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; 0 when the snapshots match (or were updated), 1 on a change, 2 on error."""
    parser = argparse.ArgumentParser(
        prog="python -m evals.snapshot",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", type=Path, help="documents (default: all)")
    parser.add_argument("--update", action="store_true", help="rewrite the snapshots")
    parser.add_argument("--dir", type=Path, default=SNAPSHOTS, help="snapshot folder")
    args = parser.parse_args(argv)
    missing = [f for f in args.files if not f.is_file()]
    if missing:
        print(f"no such file: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="snapshot-briefs-") as tmp:
        try:
            files = list(args.files) or default_files(Path(tmp))
            if args.update:
                for path in update(files, args.dir):
                    print(path)
                return 0
            diffs = compare(files, args.dir)
        except ReviewAssistantError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    for diff in diffs:
        print(diff)
    if diffs:
        print(
            f"{len(diffs)} snapshot(s) changed; if the new parse is right, run "
            "`python -m evals.snapshot --update` and commit the diff",
            file=sys.stderr,
        )
        return 1
    print(f"{len(files)} snapshots match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
