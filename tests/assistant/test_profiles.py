"""Review profiles (assistant/profiles.py) and ``review-assistant corpus --review``."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from assistant.profiles import find_profiles, profile, profiles, role_of
from assistant.service import Assistant
from core.config import Settings
from core.models import Chunk
from ingest.manifest import Manifest
from ingest.pipeline import discover, parse_file
from tests.builders import CORPUS_DIR, memory_assistant
from tests.fakes import HashEmbedder
from ui.cli import app


@pytest.fixture(scope="module")
def chunks() -> list[Chunk]:
    files, _, _ = discover([CORPUS_DIR])
    manifest = Manifest.load(CORPUS_DIR)
    settings = Settings(index_dir=CORPUS_DIR.parent / "unused")
    return [c for f in files for c in parse_file(f, settings, manifest).chunks]


def test_what_the_labels_and_text_state(chunks: list[Chunk]) -> None:
    found = {p.review: p for p in profiles(chunks, {})}
    in14 = found["Serious Case Review IN14"]
    assert (in14.subject, in14.review_type, in14.year) == ("IN14", "SCR", None)
    x1x2 = found["Child X1/X2"]
    assert (x1x2.subject, x1x2.review_type) == ("Child X1/X2", "SCR")
    family_t = found["Family T"]
    # The text says SCRs are "now known as LCSPRs": still an SCR; the year is the title's.
    assert (family_t.review_type, family_t.year) == ("SCR", 2021)
    assert family_t.partnership == "Buckinghamshire Safeguarding Children Partnership"
    assert found["24 national serious case reviews"].review_type == "National"
    assert found["Nadiya"].subject == "Nadiya"
    audits = found["LSCB audits"]
    assert audits.partnership == "Leicestershire and Rutland Safeguarding Board"
    assert audits.review_type is None  # never guessed
    invisible = next(p for r, p in found.items() if r.startswith("The Myth of Invisible Men"))
    assert invisible.subject is None  # "(... referenced in Family T)" is not its subject


def test_summary_is_an_exact_quote_of_a_summary_point(chunks: list[Chunk]) -> None:
    for p in profiles(chunks, {}):
        if p.summary is None:
            continue
        assert p.summary_chunk is not None and p.summary in p.summary_chunk.text
        assert role_of(p.summary_chunk) == "summary"
        assert p.summary_chunk.review == p.review
    in14 = find_profiles("serious case review in14", chunks, {})[0]
    assert in14.summary is not None and in14.summary.startswith("This family had contact")


def test_counts_by_role_add_up_and_themes_are_counted(chunks: list[Chunk]) -> None:
    for p in profiles(chunks, {}):
        assert sum(n for _, n in p.roles) == p.learning_points > 0
    x1x2 = find_profiles("X1/X2", chunks, {})[0]
    roles = dict(x1x2.roles)
    assert roles["reflective_question"] >= 1 and roles["recommendation"] >= 1
    assert dict(x1x2.themes)["escalation"] >= 1


def test_registry_reviews_info_wins(chunks: list[Chunk]) -> None:
    record = {
        "source": "/x/in14.pdf",
        "reviews_info": {
            "Serious Case Review IN14": {
                "subject": "Child IN14",
                "review_type": "SCR",
                "partnership": "Northamptonshire Safeguarding Children Board",
                "year": 2016,
                "joint": False,
            }
        },
    }
    doc_id = next(c.doc_id for c in chunks if c.review == "Serious Case Review IN14")
    p = profile("Serious Case Review IN14", doc_id, chunks, record)
    assert (p.subject, p.partnership, p.year, p.source) == (
        "Child IN14",
        "Northamptonshire Safeguarding Children Board",
        2016,
        "/x/in14.pdf",
    )
    assert p.as_dict()["summary"]["section"] == p.summary_chunk.section  # type: ignore[union-attr]


def test_find_profiles(chunks: list[Chunk]) -> None:
    assert [p.review for p in find_profiles("Robyn", chunks, {})] == ["Robyn"]  # exact first
    assert len(find_profiles("national", chunks, {})) >= 2
    assert find_profiles("no such review", chunks, {}) == []


@pytest.fixture
def hashed(settings: Settings) -> Iterator[Assistant]:
    assistant = memory_assistant(settings, HashEmbedder())
    assert assistant.ingest().ok
    yield assistant


def test_corpus_review_cli(persisted: Assistant, settings: Settings) -> None:
    runner = CliRunner()
    args = ["corpus", "--index-dir", str(settings.index_dir), "--review"]
    shown = runner.invoke(app, [*args, "Family T"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    for needle in ("type: SCR", "year: 2021", "case summary: “", "learning points:", "source:"):
        assert needle in shown.output
    as_json = runner.invoke(app, [*args, "IN14", "--json"])
    payload = json.loads(as_json.output)
    assert payload[0]["summary"]["quote"].startswith("This family had contact")
    missing = runner.invoke(app, [*args, "Child Z"])
    assert missing.exit_code == 2 and "No review is called 'Child Z'" in missing.output
