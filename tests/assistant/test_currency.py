"""Currency notices: the bundled table, its validation, and notices on citations."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.currency import CURRENCY_FILE, default_rules, load_rules, matches, with_currency
from assistant.render import to_markdown
from core.errors import ConfigError
from core.models import Answer, Chunk, Citation
from tests.builders import text_chunk

# Every entry of assistant/data/currency.json needs at least one case here (checked below):
# wording older reviews use that must trigger it, and near-misses that must not.
CASES: dict[str, tuple[list[str], list[str]]] = {
    "working-together-pre-2023": (
        [
            "Working Together 2015 set out requirements for Local Safeguarding Children’s Boards",
            "Working together to Safeguard Children (2015) requires",
            "Changes to the Working Together 2018 Legislation",
            "as set out in Working Together to Safeguard Children 2013",
        ],
        ["Working Together to Safeguard Children 2023", "working together with families in 2015"],
    ),
    "lscb": (
        ["the LSCB multiagency audits", "LSCBs should", "Local Safeguarding Children Board"],
        ["the local safeguarding partners", "LSCBEE"],
    ),
    "serious-case-review": (
        ["Serious Case Review IN14", "national SCRs", "the SCR found"],
        ["a Local Child Safeguarding Practice Review", "SCREEN"],
    ),
    "ccg": (
        ["the CCG safeguarding team", "Clinical Commissioning Groups"],
        ["Integrated Care Board", "CCGX"],
    ),
}


def test_every_entry_has_a_test_case() -> None:
    ids = [rule.id for rule in default_rules()]
    assert sorted(ids) == sorted(CASES), "add a case to CASES for each new currency entry"


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_entry_matches_its_wording_and_not_near_misses(rule_id: str) -> None:
    rule = next(r for r in default_rules() if r.id == rule_id)
    hits, misses = CASES[rule_id]
    for text in hits:
        assert [r.id for r, _ in matches(text, [rule])] == [rule_id], text
    for text in misses:
        assert matches(text, [rule]) == [], text


def _write(tmp_path: Path, entries: object) -> Path:
    path = tmp_path / "currency.json"
    path.write_text(json.dumps({"entries": entries}), encoding="utf-8")
    return path


GOOD = json.loads(CURRENCY_FILE.read_text(encoding="utf-8"))["entries"][0]


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"pattern": "(unclosed"}, "entry 1 ('working-together-pre-2023'), field 'pattern'"),
        ({"pattern": "x?"}, "matches empty text"),
        ({"current": ""}, "field 'current' is missing or empty"),
        ({"since": 2023}, "field 'since' is missing or empty"),
        ({"replaced": "x"}, "unknown field 'replaced'"),
    ],
)
def test_bad_entry_names_the_entry_and_field(
    tmp_path: Path, change: dict[str, object], needle: str
) -> None:
    path = _write(tmp_path, [{**GOOD, **change}])
    with pytest.raises(ConfigError) as err:
        load_rules(path)
    assert needle in str(err.value) and str(path) in str(err.value)


def test_bad_table_shapes(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="entry 1 must be an object"):
        load_rules(_write(tmp_path, ["x"]))
    with pytest.raises(ConfigError, match="repeats an earlier entry"):
        load_rules(_write(tmp_path, [GOOD, GOOD]))
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid UTF-8 JSON"):
        load_rules(tmp_path / "broken.json")
    with pytest.raises(ConfigError, match="missing"):
        load_rules(tmp_path / "absent.json")


def _chunk(doc_id: str, text: str, ordinal: int = 0) -> Chunk:
    return text_chunk(
        text,
        chunk_id=f"{doc_id}-{ordinal}",
        doc_id=doc_id,
        doc_title=doc_id,
        review="Child Q",
        section="Learning",
        learning_point=f"Point {ordinal}",
        ordinal=ordinal,
    )


def test_citation_gets_passage_and_document_notices_and_keeps_its_quote() -> None:
    cited = _chunk("a", "Working Together 2015 requires the LSCB to audit.")
    other = _chunk("a", "Practitioners told the CCG named nurse.", 1)
    unrelated = _chunk("b", "Clinical Commissioning Group in another document.")
    quote = cited.text
    answer = Answer("q", False, "Audit [1].", citations=(Citation(1, cited, quote, 1.0),))
    annotated = with_currency(answer, [cited, other, unrelated])
    citation = annotated.citations[0]
    assert citation.quote == quote
    assert [(n.rule, n.where) for n in citation.currency] == [
        ("working-together-pre-2023", "passage"),
        ("lscb", "passage"),
        ("ccg", "document"),
    ]
    assert citation.as_dict()["currency"][0]["current"].endswith("2023")
    markdown = to_markdown(annotated)
    assert "Out of date: 'Working Together 2015'" in markdown and quote in markdown


def test_current_wording_gets_no_notice() -> None:
    chunk = _chunk("a", "Under Working Together 2023 the safeguarding partners decide.")
    answer = Answer("q", False, "x [1]", citations=(Citation(1, chunk, chunk.text, 1.0),))
    assert with_currency(answer, [chunk]).citations[0].currency == ()
    assert with_currency(replace(answer, citations=()), [chunk]).citations == ()
