"""The moderation queue read lean, and the Statistics tab's figures read lean, equal what the
full round gives: on a real round, on each kind of database."""

from __future__ import annotations

import random

from arf_desktop.calibration.drift import drift
from arf_desktop.domain.scoring import SUBMITTED
from arf_desktop.moderation.agree import agree_score
from arf_desktop.moderation.decide import decide
from arf_desktop.moderation.panel_figures import panel_figures
from arf_desktop.moderation.queue import entry_detail, load_queue, queue_one
from arf_desktop.moderation.review import load_round
from arf_desktop.moderation.stats import round_statistics
from arf_desktop.registers.rounds import require_round
from arf_desktop.scoring.scores import record_comment
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage import tables
from tests.moderation.conftest import ASSESSORS, PANEL, ROUND, SUBMISSIONS, ModerationRound

FIGURES = (
    "submission_id",
    "organisation",
    "level_applied",
    "assessors",
    "allocated",
    "disagreements",
    "wide_spreads",
    "to_agree",
    "outcome_differs",
    "live",
    "awaiting",
    "risk",
)


def scored(r: ModerationRound) -> None:
    """Disagreements, wide spreads, a panel of two and agreed scores."""
    rng = random.Random(3)
    organisations = list(SUBMISSIONS)
    for number, organisation in enumerate(organisations):
        base = {c: rng.choice((1, 2, 2, 3)) for c in r.criteria(organisation)}
        for assessor in ASSESSORS:
            if number == 2 and assessor == ASSESSORS[2]:
                continue  # not submitted: a panel of two, awaiting the third
            scores = {c: min(3, max(0, v + rng.choice((0, 0, -1, 1)))) for c, v in base.items()}
            r.score(organisation, assessor, scores)
    review = load_round(r.workspace, ROUND)
    for entry in review.entries:
        for line in entry.review.lines[:3]:
            if line.given:
                agree_score(
                    r.workspace, PANEL, ROUND, entry.facts.organisation, line.criterion_id,
                    min(line.given), "Agreed at the panel.",
                )  # fmt: skip


def assert_queue_is_the_round(r: ModerationRound) -> None:
    queue, review = load_queue(r.workspace, ROUND), load_round(r.workspace, ROUND)
    assert [e.review.submission_id for e in queue.entries] == [
        e.review.submission_id for e in review.entries
    ]
    for row, entry in zip(queue.entries, review.entries, strict=True):
        for name in FIGURES:
            assert getattr(row.review, name) == getattr(entry.review, name), name
        assert (row.facts, row.decision) == (entry.facts, entry.decision)
        detail = entry_detail(r.workspace, queue, row)
        assert detail.entry == entry
        comments = score_repo.submitted_comments
        with r.workspace.read() as conn:
            assert detail.comments == comments(conn, queue.round.id, row.review.submission_id)


def test_the_queue_read_lean_is_the_round_read_whole(moderation_round: ModerationRound) -> None:
    r = moderation_round
    assert_queue_is_the_round(r)  # nothing scored yet
    scored(r)
    assert_queue_is_the_round(r)
    decided = load_round(r.workspace, ROUND).find(next(iter(SUBMISSIONS)))
    assert decided is not None
    for line in decided.review.lines:
        if line.effective is None:
            agree_score(
                r.workspace, PANEL, ROUND, decided.facts.organisation, line.criterion_id,
                max(line.given), "The minute was in the appendix.",
            )  # fmt: skip
    result = decide(
        r.workspace, PANEL, ROUND, decided.facts.organisation, "2026-03-01", ("Siân Evans",),
        adopt=True,
    )  # fmt: skip
    assert not result.refused
    assert_queue_is_the_round(r)


def test_one_submission_read_again_is_the_whole_queue(moderation_round: ModerationRound) -> None:
    r = moderation_round
    scored(r)
    queue = load_queue(r.workspace, ROUND)
    row = queue.find(list(SUBMISSIONS)[1])
    assert row is not None
    detail = entry_detail(r.workspace, queue, row).entry
    line = next(ln for ln in detail.review.lines if ln.effective is None and ln.given)
    agree_score(
        r.workspace, PANEL, ROUND, row.facts.organisation, line.criterion_id,
        max(line.given), "Seen at the panel.",
    )  # fmt: skip
    again = queue_one(r.workspace, queue, row.review.submission_id)
    assert again.entries == load_queue(r.workspace, ROUND).entries
    assert again.entries != queue.entries


def test_score_sheets_are_the_submitted_scores(moderation_round: ModerationRound) -> None:
    r = moderation_round
    scored(r)
    round_id = require_round(r.workspace, ROUND).id
    with r.workspace.read() as conn:
        sheets = score_repo.submitted_score_sheets(conn, round_id)
        rows = score_repo.submitted_scores(conn, round_id)
        one = next(iter(sheets))
        alone = score_repo.submitted_score_sheets(conn, round_id, one)
    expected: dict[int, dict[str, dict[str, int | None]]] = {}
    for submission_id, assessor, criterion_id, score in rows:
        expected.setdefault(submission_id, {}).setdefault(assessor, {})[criterion_id] = score
    assert sheets == expected
    assert alone == {one: expected[one]}
    assert as_sheets(r) == sheets


def as_sheets(r: ModerationRound) -> dict[int, dict[str, dict[str, int | None]]]:
    """The round's score lists read as sheets; sheets of the same criteria share their ids."""
    round_id = require_round(r.workspace, ROUND).id
    with r.workspace.read() as conn:
        lists = score_repo.submitted_score_lists(conn, round_id)
    layouts = [ids for found in lists.values() for ids, _ in found.values()]
    assert len({id(ids) for ids in layouts}) == len(set(layouts))  # the same ids: one tuple
    return {
        sid: {name: dict(zip(ids, scores, strict=True)) for name, (ids, scores) in found.items()}
        for sid, found in lists.items()
    }


def test_the_statistics_tab_figures_are_the_rounds(moderation_round: ModerationRound) -> None:
    r = moderation_round
    scored(r)
    review = load_round(r.workspace, ROUND)
    full, lines = round_statistics(review), drift(r.workspace, review)
    figures, drifted = panel_figures(r.workspace, ROUND)
    assert drifted == lines and lines
    assert set(full) - set(figures) == {"per_principle"}
    for key, value in figures.items():
        if key == "per_criterion":
            assert value == [
                {"criterion": c["criterion"], "exact_agreement": c["exact_agreement"]}
                for c in full["per_criterion"]
            ]
        else:
            assert value == full[key], key
    assert figures["items"] and figures["pairwise"] and figures["severity"]


def test_score_sheets_keep_empty_sheets_and_unscored_criteria(
    moderation_round: ModerationRound,
) -> None:
    """An allocation marked submitted with no score rows reads as an empty sheet, and a
    criterion with only a comment reads as None, on each kind of database."""
    r = moderation_round
    first, second = list(SUBMISSIONS)[:2]
    ids = r.criteria(first)
    r.score(first, ASSESSORS[0], {cid: 2 for cid in ids[1:]}, submit_now=False)
    record_comment(r.workspace, ASSESSORS[0], r.allocations[(first, ASSESSORS[0])], ids[0], "?")
    with r.workspace.write(PANEL) as tx:
        for allocation in (r.allocations[first, ASSESSORS[0]], r.allocations[second, ASSESSORS[2]]):
            allocation_repo.set_status(tx, allocation, SUBMITTED)
    round_id = require_round(r.workspace, ROUND).id
    with r.workspace.read() as conn:
        sheets = score_repo.submitted_score_sheets(conn, round_id)
    queue = load_queue(r.workspace, ROUND)
    first_id, second_id = (queue.find(name).review.submission_id for name in (first, second))  # type: ignore[union-attr]
    assert sheets[first_id] == {ASSESSORS[0]: {ids[0]: None, **{cid: 2 for cid in ids[1:]}}}
    assert sheets[second_id] == {ASSESSORS[2]: {}}
    assert as_sheets(r) == sheets
    assert_queue_is_the_round(r)


def test_score_lists_read_criteria_holding_the_separators(
    moderation_round: ModerationRound,
) -> None:
    """A criterion id with a comma or semicolon (none in a framework, but stored text is
    text) is read back whole."""
    r = moderation_round
    organisation = next(iter(SUBMISSIONS))
    r.score(organisation, ASSESSORS[1], {cid: 3 for cid in r.criteria(organisation)})
    allocation = r.allocations[organisation, ASSESSORS[1]]
    with r.workspace.write(PANEL) as tx:
        tx.execute(
            tables.scores.insert().values(
                allocation_id=allocation, criterion_id="X,1;2", score=2, comment="", revision=1,
                updated_at="2026-01-01T00:00:00Z", updated_by=PANEL, source="test",
            )
        )  # fmt: skip
    round_id = require_round(r.workspace, ROUND).id
    with r.workspace.read() as conn:
        sheets = score_repo.submitted_score_sheets(conn, round_id)
    assert sheets[next(iter(sheets))][ASSESSORS[1]]["X,1;2"] == 2
    assert as_sheets(r) == sheets
