"""The evaluation runner: relevance, metrics on hand-made cases, the results schema, bad files."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from math import log2
from pathlib import Path
from typing import Any

import pytest

from assistant.scope import Scope
from core.config import Settings
from core.errors import ConfigError
from evals.configs import config_names, configurations, resolve_configs
from evals.judge import ProgressFn
from evals.metrics import (
    Evidence,
    QuestionOutcome,
    RankedJudgement,
    cited_sentences,
    hit_within_chars,
    is_relevant,
    normalise,
    percentile,
    ranking_metrics,
    review_matches,
    summarise,
)
from evals.questions import QuestionsFileError, load_questions
from evals.runner import eval_command, run_eval
from ingest.index import close_index
from tests.conftest import CORPUS
from tests.fakes import HashEmbedder

DEV_SET = Path(__file__).resolve().parents[2] / "evals" / "questions.jsonl"


# -- normalisation and relevance -----------------------------------------------------------


def test_normalise_folds_unicode_case_quotes_and_whitespace() -> None:
    assert normalise("  The  Child’s\u00a0“Voice”\n\tMATTERS ") == 'the child\'s "voice" matters'
    assert normalise("ﬁrst ‘look’") == "first 'look'"  # NFKC unfolds the ligature


def test_relevance_needs_the_doc_and_the_normalised_span() -> None:
    evidence = [Evidence("doc-a", "Child’s  voice"), Evidence("doc-b", "escalation policy")]
    assert is_relevant("doc-a", ["Hear the CHILD'S voice, always."], evidence)
    assert not is_relevant("doc-c", ["Hear the child's voice."], evidence)  # other doc
    assert not is_relevant("doc-a", ["the escalation policy"], evidence)  # span of doc-b
    # markup inside the span is not stripped (the gold spans are markup-free text)
    assert not is_relevant("doc-b", ["", "- Use the escalation <b>policy</b>"], evidence)
    # the cleaned text lacks it but the source text has it: still relevant
    assert is_relevant("doc-b", ["Use it.", "· Use the escalation\npolicy."], evidence)
    assert not is_relevant("doc-a", ["anything"], [])


def test_review_attribution_is_a_case_insensitive_substring() -> None:
    assert review_matches("9 national serious case reviews (précis)", ["PRÉCIS"])
    assert review_matches("Serious Case Review Child X1/X2", ["x1/x2"])
    assert not review_matches("Family T", ["IN14", "Nadiya"])
    assert not review_matches("", ["IN14"])
    assert not review_matches("Family T", [])


def test_cited_sentences_count_only_markers_that_resolve() -> None:
    claims = [(1,), (), (7,)]  # each sentence's markers: "One [1]." "Another." "Third [7]."
    assert cited_sentences(claims, [1, 2]) == (3, 1)
    assert cited_sentences(claims, [1, 7]) == (3, 2)
    assert cited_sentences([], [1]) == (0, 0)


def test_recall_within_chars_counts_where_a_relevant_passage_starts() -> None:
    def ranked(*items: tuple[int, bool]) -> list[RankedJudgement]:
        return [RankedJudgement(f"p{i}", rel, n) for i, (n, rel) in enumerate(items)]

    assert hit_within_chars(ranked((1499, False), (2000, True)))  # starts at char 1,499
    assert not hit_within_chars(ranked((1500, False), (10, True)))  # starts at char 1,500
    assert hit_within_chars(ranked((5000, True)))  # the first passage always starts at 0
    assert not hit_within_chars(ranked((10, False), (10, False)))
    assert not hit_within_chars([])


# -- metric computation on a tiny hand-made case -------------------------------------------


def _ranked(relevant_ranks: set[int], depth: int = 10, chars: int = 300) -> list[RankedJudgement]:
    return [RankedJudgement(f"p{r}", r in relevant_ranks, chars) for r in range(1, depth + 1)]


def test_ranking_metrics_known_values() -> None:
    ranked = {
        "q1": _ranked({1}),  # hit at 1
        "q2": _ranked({3, 4}),  # first hit at 3
        "q3": _ranked({7}),  # hit at 7: missed at 5, found at 10
        "q4": _ranked(set()),  # never found
    }
    got = ranking_metrics(ranked, [5, 10], 10)
    assert got["recall@5"] == pytest.approx(2 / 4)
    assert got["recall@10"] == pytest.approx(3 / 4)
    assert got["mrr@10"] == pytest.approx((1 + 1 / 3 + 1 / 7 + 0) / 4)
    # nDCG: the ideal ranking puts the retrieved relevant passages first
    q2 = (1 / log2(4) + 1 / log2(5)) / (1 + 1 / log2(3))
    q3 = (1 / log2(8)) / 1
    assert got["ndcg@10"] == pytest.approx((1 + q2 + q3 + 0) / 4)


def test_ranking_metrics_keep_our_order_when_scores_tie_and_handle_empty_runs() -> None:
    # ranx is given rank-derived scores, so the order of the list is what counts
    got = ranking_metrics({"q1": _ranked({2}), "q2": []}, [1, 2], 2)
    assert got == {
        "recall@1": 0.0,
        "recall@2": 0.5,
        "mrr@2": 0.25,
        "ndcg@2": pytest.approx((1 / log2(3)) / 2),
    }
    assert ranking_metrics({}, [5], 5)["recall@5"] == 0.0


def test_summarise_answer_metrics() -> None:
    outcomes = [
        QuestionOutcome(
            "q1",
            True,
            _ranked({1}),
            abstained=False,
            first_citation_relevant=True,
            first_citation_review_ok=True,
            sentences=4,
            cited_sentences=4,
            latency_ms=10,
        ),
        QuestionOutcome(
            "q2",
            True,
            _ranked({8}),
            abstained=False,
            first_citation_relevant=False,
            first_citation_review_ok=True,
            sentences=2,
            cited_sentences=1,
            latency_ms=20,
        ),
        QuestionOutcome("q3", True, _ranked(set()), abstained=True, latency_ms=30),
        QuestionOutcome("q4", False, _ranked({1}), abstained=True, latency_ms=40),
        QuestionOutcome(
            "q5",
            False,
            _ranked(set()),
            abstained=False,
            first_citation_relevant=False,
            first_citation_review_ok=False,
            sentences=2,
            cited_sentences=2,
            latency_ms=1000,
        ),
    ]
    m = summarise(outcomes, (5, 10), 10)
    assert m["recall@5"] == pytest.approx(1 / 3)  # answerable only; q4's "hit" is ignored
    assert m["recall@10"] == pytest.approx(2 / 3)
    assert m["mrr@10"] == pytest.approx((1 + 1 / 8) / 3, abs=1e-4)
    assert m["recall@1500c"] == pytest.approx(1 / 3)  # q2's hit starts at char 2,100
    assert m["answered_answerable"] == pytest.approx(2 / 3)
    assert m["abstained_unanswerable"] == pytest.approx(1 / 2)
    assert m["false_abstentions"] == 1
    assert m["citation_accuracy"] == pytest.approx(1 / 2)
    assert m["review_attribution"] == pytest.approx(1.0)
    assert m["cited_sentence_share"] == pytest.approx((4 + 1 + 2) / (4 + 2 + 2))
    assert m["latency_p50_ms"] == 30
    assert m["latency_p95_ms"] == pytest.approx(40 + 0.8 * 960)
    assert (m["questions"], m["answerable"], m["unanswerable"]) == (5, 3, 2)


def test_percentile_interpolates() -> None:
    assert percentile([], 50) == 0.0
    assert percentile([5], 95) == 5
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([10, 0, 20], 100) == 20


# -- the questions file --------------------------------------------------------------------


def test_the_dev_set_loads() -> None:
    questions = load_questions(DEV_SET)
    assert len(questions) == len({q.qid for q in questions}) > 100
    assert any(not q.answerable for q in questions)
    assert all(q.relevant for q in questions if q.answerable)


def _line(**fields: Any) -> str:
    record: dict[str, Any] = {
        "id": "q1",
        "question": "Who escalates?",
        "answerable": True,
        "relevant": [{"doc": "d", "contains": "line managers"}],
        "review_any": ["IN14"],
    }
    record.update(fields)
    return json.dumps({k: v for k, v in record.items() if v is not ...})


@pytest.mark.parametrize(
    ("lines", "line", "field", "words"),
    [
        (["", _line(), '{"id": "q2", "question": '], 3, None, "malformed JSON"),
        ([_line(answerable=...)], 1, "answerable", "missing field 'answerable'"),
        ([_line(), _line(id="q2", review_any=...)], 2, "review_any", "missing field"),
        ([_line(answerable="yes")], 1, "answerable", "must be true or false"),
        ([_line(relevant=[{"doc": "d"}])], 1, "relevant.contains", "relevant[1].contains"),
        ([_line(relevant=["d"])], 1, "relevant", "must be an object"),
        ([_line(question="  ")], 1, "question", "'question' is empty"),
        ([_line(), _line()], 2, "id", "duplicate id 'q1' (first used on line 1)"),
        (["[1, 2]"], 1, None, "JSON object"),
    ],
)
def test_bad_questions_files_name_file_line_and_field(
    tmp_path: Path, lines: list[str], line: int, field: str | None, words: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(QuestionsFileError) as caught:
        load_questions(path)
    error = caught.value
    assert (error.line, error.field) == (line, field)
    assert f"{path}, line {line}: " in str(error)
    assert words in str(error)


def test_missing_and_empty_questions_files(tmp_path: Path) -> None:
    with pytest.raises(QuestionsFileError, match="does not exist"):
        load_questions(tmp_path / "nope.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    with pytest.raises(QuestionsFileError, match="holds no questions"):
        load_questions(tmp_path / "empty.jsonl")


def test_suspicious_questions_only_warn(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text(
        _line(relevant=[]) + "\n" + _line(id="q2", answerable=False, review_any=[]) + "\n",
        encoding="utf-8",
    )
    warnings: list[str] = []
    assert len(load_questions(path, warnings.append)) == 2
    assert "line 1: 'q1' is answerable but lists no 'relevant'" in warnings[0]
    assert "line 2: 'q2' is unanswerable" in warnings[1]


def test_configuration_names() -> None:
    names = config_names()
    assert names == (
        "default",
        "hybrid",
        "hybrid-rrf",
        "hybrid-weighted",
        "bm25",
        "dense",
        "langchain-naive",
    )
    assert tuple(configurations()) == names
    assert resolve_configs([]) == list(names)
    assert resolve_configs(["bm25", "default", "bm25"]) == ["bm25", "default"]
    with pytest.raises(ConfigError, match=r"Unknown evaluation configuration.*nope"):
        resolve_configs(["nope"])


# -- a real run with the hash embedder -----------------------------------------------------

SUBSET = {"q01", "q08", "q19", "q31", "q53", "q66", "q76", "q82", "q99", "q104"}


@pytest.fixture(scope="module")
def small_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten dev questions plus one that names an unknown document."""
    folder = tmp_path_factory.mktemp("questions")
    lines = [
        line
        for line in DEV_SET.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line)["id"] in SUBSET
    ]
    lines.append(_line(id="q-unknown", relevant=[{"doc": "no-such-doc", "contains": "x y"}]))
    path = folder / "small.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hash_run(
    tmp_path_factory: pytest.TempPathFactory, small_set: Path
) -> Iterator[tuple[dict[str, Any], Path, list[str], Settings]]:
    folder = tmp_path_factory.mktemp("eval-run")
    settings = Settings(
        index_dir=folder / "index",
        corpus_dir=folder / "unused",
        feedback_db=folder / "feedback.sqlite3",
    )
    output = folder / "out" / "results.json"
    warnings: list[str] = []
    results = run_eval(
        small_set,
        settings,
        ["bm25", "langchain-naive", "default"],
        k=10,
        output=output,
        embedder=HashEmbedder(),
        corpus_dir=CORPUS,
        warn=warnings.append,
    )
    yield results, output, warnings, settings
    close_index(settings)


def test_results_json_schema(hash_run: tuple[dict[str, Any], Path, list[str], Settings]) -> None:
    results, output, _, settings = hash_run
    assert json.loads(output.read_text(encoding="utf-8")) == results
    meta = results["meta"]
    assert {"questions_file", "k", "corpus", "index_dir", "date"} <= set(meta)
    assert meta["k"] == 10 and meta["corpus"] == str(CORPUS)
    assert meta["index_dir"] == str(settings.index_dir)
    assert list(results["configs"]) == ["bm25", "langchain-naive", "default"]
    library = meta["library"]
    seeds = {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in CORPUS.glob("*.txt")}
    assert {d: v["content_sha256"] for d, v in library["documents"].items()} == seeds
    assert len(library["fingerprint"]) == 64 and library["beyond_corpus"] == []
    for name, config in results["configs"].items():
        metrics = config["metrics"]
        for key in (
            "recall@5",
            "recall@10",
            "mrr@10",
            "ndcg@10",
            "recall@1500c",
            "answered_answerable",
            "abstained_unanswerable",
            "false_abstentions",
            "citation_accuracy",
            "review_attribution",
            "cited_sentence_share",
            "latency_p50_ms",
            "latency_p95_ms",
        ):
            assert isinstance(metrics[key], int | float), (name, key)
        for key, value in metrics.items():
            if key not in (
                "false_abstentions",
                "questions",
                "answerable",
                "unanswerable",
            ) and not key.startswith("latency"):
                assert 0.0 <= value <= 1.0, (name, key, value)
        assert (metrics["answerable"], metrics["unanswerable"]) == (9, 2)
        assert [q["id"] for q in config["questions"]][:2] == ["q01", "q08"]
        for q in config["questions"]:
            assert {"id", "question", "latency_ms", "retrieved", "answer"} <= set(q)
            assert len(q["retrieved"]) <= 10  # BM25 may find nothing for off-topic words
            assert [r["rank"] for r in q["retrieved"]] == list(range(1, len(q["retrieved"]) + 1))
            for r in q["retrieved"]:
                assert {"rank", "doc", "review", "learning_point", "text", "score"} <= set(r)
            answer = q["answer"]
            assert {"abstained", "text", "citations"} <= set(answer)
            for c in answer["citations"]:
                assert set(c) >= {"doc", "review", "learning_point", "quote"}


def test_naive_baseline_shape(hash_run: tuple[dict[str, Any], Path, list[str], Settings]) -> None:
    naive = hash_run[0]["configs"]["langchain-naive"]
    assert naive["metrics"]["abstained_unanswerable"] == 0.0  # it never abstains
    assert naive["metrics"]["review_attribution"] == 0.0  # it has no review labels
    for q in naive["questions"]:
        assert not q["answer"]["abstained"]
        assert len(q["answer"]["citations"]) == 1
        assert q["answer"]["citations"][0]["review"] == ""
        assert all(len(r["text"]) <= 1000 for r in q["retrieved"])


def test_relevance_flags_match_the_gold(
    hash_run: tuple[dict[str, Any], Path, list[str], Settings],
) -> None:
    bm25 = {q["id"]: q for q in hash_run[0]["configs"]["bm25"]["questions"]}
    # q01's wording shares "line managers"/"agree" with IN14's escalation point: BM25 finds it
    assert bm25["q01"]["first_relevant_rank"] is not None
    first = bm25["q01"]["retrieved"][bm25["q01"]["first_relevant_rank"] - 1]
    assert first["relevant"] and first["doc"] == "scr-in14-learning-bulletin"
    for qid in ("q99", "q104"):  # unanswerable: nothing is relevant
        assert bm25[qid]["first_relevant_rank"] is None
        assert not any(r["relevant"] for r in bm25[qid]["retrieved"])


def test_unknown_doc_ids_warn(hash_run: tuple[dict[str, Any], Path, list[str], Settings]) -> None:
    warnings = hash_run[2]
    assert any(
        "'q-unknown' names unknown doc id 'no-such-doc'" in w and ", line 11:" in w
        for w in warnings
    ), warnings
    assert hash_run[0]["meta"]["warnings"] == warnings


def test_eval_command_prints_the_table(
    tmp_path: Path,
    small_set: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import ingest.embed

    monkeypatch.setattr(ingest.embed, "load_embedder", lambda settings: HashEmbedder())
    monkeypatch.setenv("COLUMNS", "160")
    output = tmp_path / "results.json"
    reports: list[tuple[str, int, int]] = []
    opened: list[str] = []

    @contextmanager
    def bar() -> Iterator[ProgressFn]:
        opened.append("open")
        yield lambda name, done, total: reports.append((name, done, total))
        opened.append("closed")

    code = eval_command(
        small_set, 5, ["bm25", "dense"], output, tmp_path / "index", CORPUS, progress_bar=bar
    )
    out = capsys.readouterr().out
    assert code == 0
    # the caller's progress display is opened once around the run and told of every question
    assert opened == ["open", "closed"]
    assert {name for name, _, _ in reports} == {"bm25", "dense"}
    assert all(0 < done <= total for _, done, total in reports)
    assert ("dense", reports[-1][2], reports[-1][2]) == reports[-1]
    assert "bm25" in out and "dense" in out and "Recall@5" in out and "MRR@5" in out
    assert "Citation accuracy" in out and "Latency p95" in out
    assert json.loads(output.read_text(encoding="utf-8"))["meta"]["k"] == 5


def test_eval_command_reports_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(_line() + "\n" + _line(id="q2", relevant=...) + "\n", encoding="utf-8")
    assert eval_command(bad, 10, [], None, tmp_path / "index", CORPUS) == 2
    err = capsys.readouterr().err
    assert "bad.jsonl, line 2: missing field 'relevant'" in err
    assert eval_command(DEV_SET, 10, ["nope"], None, tmp_path / "index", CORPUS) == 2
    assert "Unknown evaluation configuration" in capsys.readouterr().err


def test_bm25_scope_check_sees_dense_evidence(
    tmp_path: Path, small_set: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The evidence threshold is on the dense similarity's scale: BM25 passages carry no dense
    # score, so judging them alone would abstain on (nearly) everything.
    seen: list[bool] = []
    real = Scope.decide

    def decide(self: Scope, question: str, passages: Any, threshold: float) -> Any:
        seen.append(all(p.dense_score is not None for p in passages))
        return real(self, question, passages, threshold)

    monkeypatch.setattr(Scope, "decide", decide)
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=tmp_path / "unused")
    try:
        run_eval(small_set, settings, ["bm25"], k=5, embedder=HashEmbedder(), corpus_dir=CORPUS)
    finally:
        close_index(settings)
    assert seen and all(seen)


def test_answer_type_metrics() -> None:
    """Near-topic questions (``expect`` "related") should not be answered ``direct``;
    answerable ones should; ``abstained_unanswerable`` counts only out-of-scope ones."""
    outcomes = [
        QuestionOutcome("a1", True, _ranked({1}), abstained=False, answer_type="direct"),
        QuestionOutcome("a2", True, _ranked({1}), abstained=False, answer_type="related"),
        QuestionOutcome(
            "n1",
            False,
            _ranked(set()),
            abstained=False,
            answer_type="related",
            expected_type="related",
        ),
        QuestionOutcome(
            "n2",
            False,
            _ranked(set()),
            abstained=False,
            answer_type="direct",
            expected_type="related",
        ),
        QuestionOutcome("n3", False, _ranked(set()), abstained=True, expected_type="related"),
        QuestionOutcome("o1", False, _ranked(set()), abstained=True),
    ]
    m = summarise(outcomes, (5, 10), 10)
    assert m["answerable_direct"] == pytest.approx(1 / 2)
    assert m["near_topic_not_direct"] == pytest.approx(2 / 3)
    assert m["unanswerable_not_direct"] == pytest.approx(3 / 4)
    assert m["abstained_unanswerable"] == 1.0
    assert m["near_topic"] == 3


def test_questions_file_expect_field(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    base = {
        "id": "q1",
        "question": "How often?",
        "answerable": False,
        "relevant": [],
        "review_any": [],
    }
    path.write_text(json.dumps({**base, "expect": "related"}) + "\n", encoding="utf-8")
    assert load_questions(path)[0].expected_type == "related"
    path.write_text(json.dumps({**base, "expect": "maybe"}) + "\n", encoding="utf-8")
    with pytest.raises(QuestionsFileError, match=r"line 1.*'expect'"):
        load_questions(path)
    path.write_text(
        json.dumps({**base, "answerable": True, "expect": "none"}) + "\n", encoding="utf-8"
    )
    with pytest.raises(QuestionsFileError, match="cannot expect"):
        load_questions(path)


def test_eval_records_and_warns_about_documents_beyond_the_corpus(
    tmp_path: Path, small_set: Path
) -> None:
    """An index holding more than the question set's corpus (e.g. a user's uploads) is
    named in a warning and in results.json, and changes the library fingerprint."""
    settings = Settings(
        index_dir=tmp_path / "index",
        corpus_dir=tmp_path / "unused",
        library_dir=tmp_path / "library",
        feedback_db=tmp_path / "feedback.sqlite3",
    )
    embedder = HashEmbedder()
    try:
        clean = run_eval(small_set, settings, ["bm25"], embedder=embedder, corpus_dir=CORPUS)
        extra = tmp_path / "uploads"
        extra.mkdir()
        (extra / "baby-q.txt").write_text(
            "Learning Brief: Baby Q\n\nKey learning\n\n- Practitioners must see where the "
            "baby sleeps at every visit.\n",
            encoding="utf-8",
        )
        from assistant.service import Assistant

        assert Assistant.open(settings, embedder=embedder).ingest([extra]).ok
        warnings: list[str] = []
        grown = run_eval(
            small_set,
            settings,
            ["bm25"],
            embedder=embedder,
            corpus_dir=CORPUS,
            warn=warnings.append,
        )
    finally:
        close_index(settings)
    assert any("baby-q" in w and "not in the corpus folder" in w for w in warnings), warnings
    assert grown["meta"]["library"]["beyond_corpus"] == ["baby-q"]
    assert grown["meta"]["library"]["fingerprint"] != clean["meta"]["library"]["fingerprint"]
