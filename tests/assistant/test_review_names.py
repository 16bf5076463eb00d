"""A review named by a one-letter subject is named only as a name ("Child A"), never by the
words "a child" that most practitioners' questions contain."""

from assistant.scope import ReviewNames

NAMES = ReviewNames(["Child A", "Family T", "Serious Case Review IN14", "Child X1/X2"])


def test_a_one_letter_subject_is_named_only_as_a_name() -> None:
    assert NAMES.named("What did the Child A review say about school?") == ("Child A",)
    assert NAMES.named("What did child A's review find?") == ("Child A",)
    assert NAMES.named("A child is off school for three days. What should we do?") == ()
    assert NAMES.named("Police went to a child's house last night.") == ()
    assert NAMES.named("Does it matter that a child in care is placed far away?") == ()


def test_other_names_still_match() -> None:
    assert NAMES.named("What did the T family's review say?") == ("Family T",)
    assert NAMES.named("in the family-t review, what about fathers?") == ("Family T",)
    assert NAMES.named("What did the IN14 bulletin say?") == ("Serious Case Review IN14",)
    assert NAMES.named("what did the x1/x2 brief recommend?") == ("Child X1/X2",)
