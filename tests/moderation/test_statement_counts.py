"""SQL statements per moderation read, counted on the workspace's real engine: a fixed few.

Loading a round reads the same statements however many submissions have scores: a query
per submission or per assessor would make the count grow; one submission's comments are
one statement.
"""

from __future__ import annotations

from arf_desktop.moderation.queue import entry_detail, load_queue
from arf_desktop.moderation.review import assessor_comments, load_round
from tests.moderation.conftest import ASSESSORS, ROUND, SUBMISSIONS, ModerationRound
from tests.scoring.test_statement_counts import statements


def test_loading_a_round_reads_as_much_for_any_number_of_submissions(
    moderation_round: ModerationRound, uniform
) -> None:
    r = moderation_round
    counts = []
    for organisation in SUBMISSIONS:  # one more submission scored and submitted each time
        for assessor in ASSESSORS:
            r.score(organisation, assessor, uniform(r, organisation, 2))
        with statements(r.workspace) as seen:
            review = load_round(r.workspace, ROUND)
        counts.append(len(seen))
        assert sum(bool(e.review.assessors) for e in review.entries) == len(counts)
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 8, counts


def test_one_submissions_comments_are_one_statement(
    moderation_round: ModerationRound, uniform
) -> None:
    r = moderation_round
    organisation = next(iter(SUBMISSIONS))
    for assessor in ASSESSORS:
        r.score(organisation, assessor, uniform(r, organisation, 1))  # comments below 2
    review = load_round(r.workspace, ROUND)
    entry = review.find(organisation)
    assert entry is not None
    with statements(r.workspace) as seen:
        said = assessor_comments(r.workspace, review.round.id, entry.review.submission_id)
    assert len(seen) == 1
    assert set(next(iter(said.values()))) == set(ASSESSORS)


def test_the_queue_reads_as_much_for_any_number_of_submissions(
    moderation_round: ModerationRound, uniform
) -> None:
    r = moderation_round
    counts = []
    for organisation in SUBMISSIONS:
        for assessor in ASSESSORS:
            r.score(organisation, assessor, uniform(r, organisation, 2))
        with statements(r.workspace) as seen:
            queue = load_queue(r.workspace, ROUND)
        counts.append(len(seen))
        assert sum(bool(e.review.assessors) for e in queue.entries) == len(counts)
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 7, counts  # one statement for all the round's scores
    with statements(r.workspace) as seen:
        detail = entry_detail(r.workspace, queue, queue.entries[0])
    assert len(seen) == 2  # one submission's scores with their comments, its agreed scores
    assert len(detail.entry.review.lines) == len(r.criteria(detail.entry.facts.organisation))
