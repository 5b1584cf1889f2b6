"""Allocating assessors to submissions: automatically (balanced, never conflicted) or by hand."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.records import Round
from arf_desktop.domain.scoring import (
    AllocationImpossible,
    AllocationNeed,
    AllocationRow,
    Assessor,
    OrganisationRef,
    conflict_reasons,
    plan_allocation,
)
from arf_desktop.registers.interests import refuse_if_conflicted, today
from arf_desktop.registers.rounds import require_round
from arf_desktop.storage import allocations as repo
from arf_desktop.storage import assessors as assessor_repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import interests as interest_repo
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage import submissions as submission_repo
from arf_desktop.storage.allocations import AllocationFacts
from arf_desktop.storage.submissions import SubmissionFacts
from arf_desktop.storage.workspace import Workspace


@dataclass(frozen=True)
class AllocationResult:
    """What an automatic allocation did."""

    round_name: str
    per_submission: int
    added: tuple[tuple[str, str], ...]
    kept: int
    blocked: tuple[str, ...] = ()
    loads: dict[str, int] = field(default_factory=dict)


class RowBuilder:
    """Turns allocation facts into rows with progress totals and any conflict of interest."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.assessors = {a.id: a for a in assessor_repo.list_assessors(conn)}
        self.declared = interest_repo.list_conflicts(conn)
        self.day = today()
        self._frameworks: dict[int, Any] = {}  # read once per framework, not per allocation

    def total(self, facts: AllocationFacts) -> int:
        framework = self._frameworks.get(facts.framework_id)
        if framework is None:
            framework = framework_repo.get_framework(self.conn, facts.framework_id)
            self._frameworks[facts.framework_id] = framework
        return len(framework.criteria_up_to(facts.level_applied))

    def conflict(self, facts: AllocationFacts) -> str | None:
        reasons = conflict_reasons(
            self.assessors[facts.assessor_id],
            OrganisationRef(facts.organisation_id, facts.organisation, facts.icb),
            self.declared,
            facts.same_icb_conflict,
            self.day,
        )
        return "; ".join(reasons) or None

    def row(self, facts: AllocationFacts) -> AllocationRow:
        return to_row(facts, self.total(facts), self.conflict(facts))


def to_row(facts: AllocationFacts, total: int, conflict: str | None) -> AllocationRow:
    return AllocationRow(
        id=facts.id,
        round_id=facts.round_id,
        round_name=facts.round_name,
        submission_id=facts.submission_id,
        organisation_id=facts.organisation_id,
        organisation=facts.organisation,
        icb=facts.icb,
        assessor_id=facts.assessor_id,
        assessor=facts.assessor,
        status=facts.status,
        allocated_at=facts.allocated_at,
        submitted_at=facts.submitted_at,
        level_applied=facts.level_applied,
        scored=facts.scored,
        total=total,
        conflict=conflict,
    )


def _named_assessors(conn: Any, names: Sequence[str]) -> list[Assessor]:
    found: list[Assessor] = []
    missing = []
    for name in names:
        assessor = assessor_repo.find_assessor(conn, name)
        if assessor is None:
            missing.append(name)
        elif assessor.id not in {a.id for a in found}:
            found.append(assessor)
    if missing:
        known = ", ".join(a.name for a in assessor_repo.list_assessors(conn)) or "none yet"
        raise NotFound(
            f"No assessor called {', '.join(f'“{m}”' for m in missing)} (assessors: {known}). "
            "Add them with `arf-desktop assessor add NAME`."
        )
    inactive = [a.name for a in found if not a.active]
    if inactive:
        raise Refused(f"These assessors are deactivated: {', '.join(inactive)}.")
    return found


def _needs(
    conn: Any,
    chosen_round: Round,
    assessors: list[Assessor],
    submissions: list[SubmissionFacts],
    existing: dict[int, set[int]],
) -> tuple[list[AllocationNeed], list[str]]:
    """Who is already on each submission and who could be added; existing conflicted pairs."""
    everyone = {a.id: a for a in assessor_repo.list_assessors(conn)}
    declared = interest_repo.list_conflicts(conn)
    day = today()
    same_icb = chosen_round.same_icb_conflict
    needs, blocked = [], []
    for sub in submissions:
        organisation = OrganisationRef(sub.organisation_id, sub.organisation, sub.icb)
        on = existing.get(sub.submission_id, set())
        usable = set()
        for assessor_id in on:
            reasons = conflict_reasons(everyone[assessor_id], organisation, declared, same_icb, day)
            if reasons:
                blocked.append(f"{everyone[assessor_id].name} on {sub.organisation}: {reasons[0]}")
            else:
                usable.add(assessor_id)
        refusals, eligible = {}, []
        for assessor in assessors:
            reasons = conflict_reasons(assessor, organisation, declared, same_icb, day)
            if reasons:
                refusals[assessor.id] = "; ".join(reasons)
            elif assessor.id not in on or assessor.id in usable:
                eligible.append(assessor.id)
        needs.append(
            AllocationNeed(
                sub.submission_id, sub.organisation, frozenset(usable), tuple(eligible), refusals
            )
        )
    return needs, blocked


def allocate(
    workspace: Workspace,
    actor: str,
    round_name: str,
    assessor_names: Sequence[str],
    per_submission: int | None = None,
) -> AllocationResult:
    """Give every submission in the round N unconflicted assessors, balancing their load.

    All or nothing: when any submission cannot get N assessors without a conflict of
    interest, nothing is allocated and each such submission is named with the reasons.
    """
    chosen_round = require_round(workspace, round_name)
    wanted = per_submission or chosen_round.assessors_per_submission
    if wanted < 1:
        raise Refused("Assessors per submission must be at least 1.")
    with workspace.write(actor) as tx:
        conn = tx.connection
        assessors = _named_assessors(conn, assessor_names)
        if not assessors:
            raise Refused("Name at least one assessor to allocate (--assessor NAME).")
        submissions = submission_repo.round_submissions(conn, chosen_round.id)
        if not submissions:
            raise Refused(f"The round “{chosen_round.name}” has no submissions to allocate yet.")
        existing: dict[int, set[int]] = {}
        for submission_id, assessor_id in repo.pairs_in_round(conn, chosen_round.id):
            existing.setdefault(submission_id, set()).add(assessor_id)
        needs, blocked = _needs(conn, chosen_round, assessors, submissions, existing)
        load = Counter(a for subs in existing.values() for a in subs)
        names = {a.id: a.name for a in assessors}
        try:
            plan = plan_allocation(needs, wanted, load, names)
        except AllocationImpossible as impossible:
            raise Refused(
                "Nothing was allocated. "
                + "\n".join(f"{p}." for p in impossible.problems)
                + "\nName more assessors, or lower --per-submission."
            ) from None
        pairs = [(s, a) for s, picks in plan.items() for a in picks]
        repo.insert_allocations(
            tx,
            pairs,
            {"round": chosen_round.name, "per_submission": wanted, "mode": "automatic"},
        )
    by_id = {sub.submission_id: sub.organisation for sub in submissions}
    final = Counter(load)
    final.update(a for _, a in pairs)
    return AllocationResult(
        round_name=chosen_round.name,
        per_submission=wanted,
        added=tuple(sorted((by_id[s], names[a]) for s, a in pairs)),
        kept=sum(len(v) for v in existing.values()),
        blocked=tuple(blocked),
        loads={names[a]: final[a] for a in sorted(names, key=names.get)},  # type: ignore[arg-type]
    )


def allocate_by_hand(
    workspace: Workspace, actor: str, round_name: str, organisation: str, assessor_name: str
) -> AllocationRow:
    """Allocate one named assessor to one organisation's submission; refuse a conflict."""
    chosen_round = require_round(workspace, round_name)
    with workspace.write(actor) as tx:
        conn = tx.connection
        assessor = _named_assessors(conn, [assessor_name])[0]
        found = org_repo.find_organisation(conn, organisation)
        sub = next(
            (
                s
                for s in submission_repo.round_submissions(conn, chosen_round.id)
                if found and s.organisation == found.name
            ),
            None,
        )
        if sub is None:
            raise NotFound(
                f"“{organisation}” has no submission in the round “{chosen_round.name}”."
            )
        refuse_if_conflicted(
            conn,
            assessor,
            OrganisationRef(sub.organisation_id, sub.organisation, sub.icb),
            chosen_round.same_icb_conflict,
        )
        if repo.find_allocation(conn, sub.submission_id, assessor.id) is not None:
            raise Refused(f"{assessor.name} is already allocated to {sub.organisation}.")
        repo.insert_allocations(
            tx, [(sub.submission_id, assessor.id)], {"round": chosen_round.name, "mode": "by hand"}
        )
        allocation_id = repo.find_allocation(conn, sub.submission_id, assessor.id)
        facts = repo.get_allocation(conn, allocation_id)  # type: ignore[arg-type]
        assert facts is not None
        return RowBuilder(conn).row(facts)


def remove_allocation(workspace: Workspace, actor: str, allocation_id: int) -> None:
    """Take an allocation away; refused once any score has been recorded on it."""
    with workspace.write(actor) as tx:
        facts = repo.get_allocation(tx.connection, allocation_id)
        if facts is None:
            raise NotFound("That allocation no longer exists.")
        if facts.scored:
            raise Refused(
                f"{facts.assessor} has already scored {facts.scored} criteria for "
                f"{facts.organisation}; the allocation is kept so the scores stay traceable."
            )
        repo.delete_allocation(tx, allocation_id)
        tx.audit(
            "allocation.remove",
            "allocation",
            allocation_id,
            {
                "assessor": facts.assessor,
                "organisation": facts.organisation,
                "pair": [facts.submission_id, facts.assessor_id],
            },
        )


def list_allocations(
    workspace: Workspace, round_name: str | None = None, assessor_name: str | None = None
) -> list[AllocationRow]:
    round_id = require_round(workspace, round_name).id if round_name else None
    with workspace.read() as conn:
        assessor_id = None
        if assessor_name:
            assessor_id = _named_assessors(conn, [assessor_name])[0].id
        builder = RowBuilder(conn)
        return [builder.row(f) for f in repo.list_allocations(conn, round_id, assessor_id)]
