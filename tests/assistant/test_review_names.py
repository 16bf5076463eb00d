"""A review named by a one-letter subject is named only as a name ("Child A"), never by the
words "a child" that most practitioners' questions contain."""

from pathlib import Path

from assistant.scope import ReviewNames, Scope, mention_keys
from core.config import Settings
from core.models import Chunk
from tests.builders import memory_assistant, text_chunk
from tests.fakes import HashEmbedder

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


# -- a named review the parser missed: absent only when the name occurs nowhere -------------


def _mention_chunk(doc: str, review: str, text: str, title: str = "Learning brief") -> Chunk:
    return text_chunk(
        text,
        chunk_id=f"{doc}::{len(text)}",
        doc_id=doc,
        doc_title=title,
        review=review,
        section="Learning",
        learning_point="Learning point 1",
        embed_text=f"{review} › Learning\n{text}",
        ordinal=0,
    )


def test_a_name_in_the_text_that_is_no_review_label_is_found_where_it_is_used() -> None:
    scope = Scope(
        [
            _mention_chunk("two", "Child K", "Child K missed school."),
            _mention_chunk("two", "Child K", "Child M was looked after by her brother."),
            _mention_chunk("other", "Young Person Q", "Ellis said nobody asked him."),
            _mention_chunk("third", "Baby R", "A child a teacher knew was hurt."),
        ]
    )
    assert scope.unknown_review("What did the Child M review say about her brother?") == "Child M"
    # tolerant: case, hyphens, a possessive, another word for a child with the same letter
    assert scope.mentioned_in("child-m") == ("two",)
    assert scope.mentioned_in("Young Person M") == ("two",)
    assert scope.mentioned_in("Ellis") == ("other",)
    # "a child a teacher knew" names no Child A; a name used nowhere is absent
    assert scope.mentioned_in("Child A") == ()
    assert scope.mentioned_in("Child Z") == ()
    # the mentions survive the scope's persisted form
    assert Scope.from_json(scope.to_json()).mentioned_in("Child M") == ("two",)
    assert "child m" in mention_keys("Child M's review", query=True)


def test_a_missed_second_review_is_answered_from_the_document_that_mentions_it(
    settings: Settings, tmp_path: Path
) -> None:
    brief = tmp_path / "briefs" / "two-children.txt"
    brief.parent.mkdir()
    brief.write_text(
        "Learning from a review: Child K\n\n"
        "KEY LEARNING\n\n"
        "- Child K's school did not share its worries about his hunger with the GP.\n"
        "- Child M, his sister, was caring for their grandmother most nights, and nobody "
        "asked her about it.\n",
        encoding="utf-8",
    )
    other = tmp_path / "briefs" / "other.txt"
    other.write_text(
        "Learning brief: Baby R\n\nKEY LEARNING\n\n- Speak to fathers in their own right.\n",
        encoding="utf-8",
    )
    assistant = memory_assistant(settings, HashEmbedder())
    assistant.ingest([brief, other])
    answer = assistant.ask("What did the Child M review say about caring for her grandmother?")
    assert answer.answer_type != "none"
    assert answer.citations and all(c.chunk.doc_id == "two-children" for c in answer.citations)
    assert any("Child M is mentioned in" in n.text for n in answer.notices)
    absent = assistant.ask("What did the Child Z review say about caring for a grandmother?")
    assert absent.answer_type == "none"
    assert absent.text == "There is no review called Child Z in this library."


def test_a_name_many_documents_mention_is_answered_from_them_with_one_search(
    settings: Settings, tmp_path: Path
) -> None:
    # More documents than MAX_DOC_SEARCHES mention "Child M" (no review's label): the answer
    # still comes only from them (one wider search kept to them, not a search per document).
    from assistant.service import MAX_DOC_SEARCHES

    folder = tmp_path / "briefs"
    folder.mkdir()
    paths = []
    for i in range(MAX_DOC_SEARCHES + 2):
        path = folder / f"brief-{i}.txt"
        path.write_text(
            f"Learning from a review: Child K{i}\n\nKEY LEARNING\n\n"
            f"- Child M, the sister of Child K{i}, was caring for their grandmother most "
            "nights, and nobody asked her about it.\n",
            encoding="utf-8",
        )
        paths.append(path)
    other = folder / "other.txt"
    other.write_text(
        "Learning brief: Baby R\n\nKEY LEARNING\n\n- What did the review say about caring for "
        "her grandmother? Caring for her grandmother was what she did.\n",
        encoding="utf-8",
    )
    assistant = memory_assistant(settings, HashEmbedder())
    assistant.ingest([*paths, other])
    answer = assistant.ask("What did the Child M review say about caring for her grandmother?")
    assert answer.answer_type != "none"
    assert answer.citations
    assert all(c.chunk.doc_id.startswith("brief-") for c in answer.citations)
