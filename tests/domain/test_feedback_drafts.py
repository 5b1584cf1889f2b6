"""Which criteria need the panel's feedback, and drafts composed from the assessors' comments."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from arf_desktop.domain.feedback import distinct_comments, draft_feedback, needs_feedback
from arf_desktop.domain.moderation import Agreed, CriterionLine


def line(scores: dict[str, int | None], agreed: Agreed | None = None) -> CriterionLine:
    return CriterionLine("B-P1-02", scores, agreed, expected=len(scores))


def test_a_criterion_below_the_threshold_needs_feedback_until_it_has_some() -> None:
    assert needs_feedback(line({"A": 1, "B": 1}), 2)
    assert needs_feedback(line({"A": 1, "B": 2}, Agreed(1, "why", "  ")), 2)
    assert not needs_feedback(line({"A": 1, "B": 2}, Agreed(1, "why", "Board minutes missing.")), 2)
    assert not needs_feedback(line({"A": 2, "B": 2}), 2)  # met: feedback is welcome, not due
    assert not needs_feedback(line({"A": 3, "B": 3}), 2)
    assert not needs_feedback(line({"A": 1, "B": 2}), 2)  # not agreed yet: nothing to decide


def test_drafts_drop_repeats_and_names_and_end_in_full_stops() -> None:
    comments = [
        "Amara Okafor: the plan has no board approval",
        "The plan has no board approval.",
        "  the plan has NO board   approval  ",
        "No dated minutes; Łukasz Nowak — asked for them",
        "",
    ]
    names = ["Amara Okafor", "Łukasz Nowak"]
    assert distinct_comments(comments, names) == [
        "the plan has no board approval",
        "No dated minutes; asked for them",
    ]
    draft = draft_feedback(comments, names)
    assert draft == "The plan has no board approval. No dated minutes; asked for them."
    assert "Amara" not in draft and "Łukasz" not in draft


def test_a_comment_inside_a_longer_one_gives_way_to_it() -> None:
    short, longer = "No evidence of impact", "No evidence of impact on staff survey results."
    assert distinct_comments([short, longer]) == [longer]
    assert distinct_comments([longer, short]) == [longer]
    assert draft_feedback(["Exemplary!"]) == "Exemplary!"


@given(st.lists(st.text(max_size=40), max_size=6))
def test_a_draft_never_repeats_a_comment(comments: list[str]) -> None:
    kept = distinct_comments(comments)
    keys = [" ".join(k.casefold().split()).rstrip(".!?…:; ") for k in kept]
    assert len(keys) == len(set(keys))
    assert all(keys)
    for index, key in enumerate(keys):
        assert not any(key in other for j, other in enumerate(keys) if j != index)
