"""The ingest plan without any store, parser or file: files + registry -> actions."""

from __future__ import annotations

from pathlib import Path

from ingest.plan import (
    GONE,
    NOT_REBUILT,
    NOW_A_LINK,
    Candidate,
    FileAction,
    Removal,
    plan_ingest,
)

FOLDER = Path("/library")


def file(doc_id: str, content: str | None) -> Candidate:
    return Candidate(FOLDER / f"{doc_id}.txt", doc_id, content)


def record(doc_id: str, content: str, folder: Path = FOLDER) -> dict[str, str]:
    return {"doc_hash": content, "source": str(folder / f"{doc_id}.txt")}


def actions(plan_files: tuple[FileAction, ...]) -> dict[str, tuple[str, str]]:
    return {f.candidate.doc_id: (f.action, f.twin) for f in plan_files}


def test_add_update_skip() -> None:
    registry = {"kept": record("kept", "k"), "changed": record("changed", "old")}
    files = [file("kept", "k"), file("changed", "new"), file("fresh", "f"), file("big", None)]
    plan = plan_ingest(files, registry, seen_ids={f.doc_id for f in files}, folders=[FOLDER])
    assert actions(plan.files) == {
        "kept": ("skip", ""),
        "changed": ("update", ""),
        "fresh": ("add", ""),
        "big": ("add", ""),  # too big to hash: read (and refused) when indexed
    }
    assert [f.candidate.doc_id for f in plan.of("skip")] == ["kept"]
    assert plan.removals == ()


def test_duplicates_of_held_content_and_of_each_other() -> None:
    registry = {"original": record("original", "x")}
    files = [file("original", "x"), file("copy", "x"), file("new-a", "y"), file("new-b", "y")]
    plan = plan_ingest(files, registry, seen_ids={f.doc_id for f in files}, folders=[FOLDER])
    assert actions(plan.files) == {
        "original": ("skip", ""),
        "copy": ("duplicate", "original"),
        "new-a": ("add", ""),
        "new-b": ("duplicate", "new-a"),  # the first of two new copies is kept
    }


def test_content_given_up_in_the_same_run_is_not_a_duplicate() -> None:
    """A renamed file (old name gone from the folder) and content moved away from a changed
    document are added, not lost as duplicates."""
    registry = {"old-name": record("old-name", "r"), "edited": record("edited", "e")}
    files = [file("new-name", "r"), file("edited", "e2"), file("moved", "e")]
    plan = plan_ingest(
        files,
        registry,
        seen_ids={f.doc_id for f in files},
        folders=[FOLDER],
        exists=lambda path: False,
    )
    assert actions(plan.files) == {
        "new-name": ("add", ""),
        "edited": ("update", ""),
        "moved": ("add", ""),
    }
    assert plan.removals == (Removal("old-name", FOLDER / "old-name.txt", GONE),)


def test_removals_only_for_files_gone_from_an_ingested_folder() -> None:
    elsewhere = Path("/elsewhere")
    registry = {
        "gone": record("gone", "g"),
        "present": record("present", "p"),
        "outside": record("outside", "o", folder=elsewhere),
        "failed": record("failed", "f"),
    }
    present = {FOLDER / "present.txt"}

    def plan(remove_missing: bool = True) -> tuple[Removal, ...]:
        return plan_ingest(
            [],
            registry,
            seen_ids={"failed"},  # met but failed: keeps its previous version
            folders=[FOLDER],
            remove_missing=remove_missing,
            exists=lambda path: path in present,
        ).removals

    assert plan() == (Removal("gone", FOLDER / "gone.txt", GONE),)
    assert plan(remove_missing=False) == ()


def test_a_refused_link_is_removed_even_when_missing_files_are_kept() -> None:
    registry = {"linked": record("linked", "l"), "other": record("other", "o")}
    plan = plan_ingest(
        [],
        registry,
        seen_ids=set(),
        folders=[FOLDER],
        remove_missing=False,
        refused={"linked"},
    )
    assert plan.removals == (Removal("linked", FOLDER / "linked.txt", NOW_A_LINK),)


def test_a_rebuild_removes_what_it_did_not_list() -> None:
    previous = {"listed": record("listed", "a"), "unlisted": record("unlisted", "b")}
    files = [file("listed", "a")]
    plan = plan_ingest(files, {}, seen_ids={"listed"}, folders=[FOLDER], rebuilt_over=previous)
    assert actions(plan.files) == {"listed": ("add", "")}  # re-indexed over the old index
    assert plan.removals == (Removal("unlisted", FOLDER / "unlisted.txt", NOT_REBUILT),)
