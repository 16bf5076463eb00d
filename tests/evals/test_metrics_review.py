"""Review attribution matches labels whatever their case and accents."""

from evals.metrics import review_matches


def test_review_match_ignores_case_and_accents() -> None:
    assert review_matches("Precis of 9 serious case review executive summaries", ["précis"])
    assert review_matches("Serious Case Review IN14", ["in14"])
    assert not review_matches("Family T", ["précis", "IN14"])
