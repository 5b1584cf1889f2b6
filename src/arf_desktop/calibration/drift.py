"""Drift during a live round: each assessor's severity against agreed scores and seeded keys."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from arf_desktop.calibration.exercises import LABEL_TYPE, item_named, require_exercise
from arf_desktop.domain.calibration import severity
from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.domain.scoring import SUBMITTED, OrganisationRef, conflict_reasons
from arf_desktop.moderation.review import RoundReview, load_round
from arf_desktop.registers.interests import today
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import assessors as assessor_repo
from arf_desktop.storage import calibration as repo
from arf_desktop.storage import interests as interest_repo
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage import rounds as round_repo
from arf_desktop.storage import scores as score_repo
from arf_desktop.storage import submissions as submission_repo
from arf_desktop.storage.workspace import Workspace, WriteTx

DEFAULT_BAND = 0.5  # a mean difference beyond ±0.5 of a point marks an assessor


@dataclass(frozen=True)
class DriftLine:
    """An assessor's severity in a live round and what it rests on."""

    assessor: str
    items: int
    criteria: int
    seeded: int
    mean_difference: float
    outside: bool


@dataclass(frozen=True)
class Seeded:
    """Where a calibration item was slipped in: the organisation name it wears, for whom."""

    round_name: str
    assessor: str
    organisation: str
    submission_id: int


def _disguise(tx: WriteTx, round_id: int, assessor_id: int, salt: str) -> tuple[int, str]:
    """An organisation of the register with no submission in the round and no conflict."""
    conn = tx.connection
    assessor = assessor_repo.get_assessor(conn, assessor_id)
    assert assessor is not None
    chosen_round = round_repo.get_round(conn, round_id)
    taken = {s.organisation_id for s in submission_repo.round_submissions(conn, round_id)}
    taken |= set(repo.seeds_in_round(conn, round_id).values())
    declared = interest_repo.list_conflicts(conn)
    free = [
        o
        for o in org_repo.list_organisations(conn, include_inactive=False)
        if o.org_type != LABEL_TYPE
        and o.id not in taken
        and not conflict_reasons(
            assessor,
            OrganisationRef(o.id, o.name, o.icb),
            declared,
            chosen_round.same_icb_conflict,
            today(),
        )
    ]
    if not free:
        raise Refused("No organisation of the register is free to carry a seeded item.")
    rng = random.Random(hashlib.sha256(salt.encode()).hexdigest())
    picked = rng.choice(sorted(free, key=lambda o: o.name))
    return picked.id, picked.name


def seed_item(
    workspace: Workspace,
    actor: str,
    name: str,
    round_name: str,
    assessor_name: str,
    item: str | None = None,
) -> Seeded:
    """Slip a calibration item into an assessor's live allocation, looking like any other."""
    with workspace.write(actor) as tx:
        conn = tx.connection
        exercise = require_exercise(conn, name)
        chosen = item_named(conn, exercise, item)
        live = round_repo.find_round(conn, round_name)
        if live is None or live.id in repo.hidden_round_ids(conn):
            raise NotFound(f"There is no live round called “{round_name}”.")
        if live.framework_id != exercise.framework_id:
            raise Refused(f"“{exercise.name}” is for another framework version than {live.name}.")
        assessor = assessor_repo.find_assessor(conn, assessor_name)
        if assessor is None:
            raise NotFound(f"No assessor called “{assessor_name}”.")
        if not repo.key_entries(conn, exercise.id):
            raise Refused(f"Set the key of “{exercise.name}” before seeding it.")
        salt = f"{exercise.name}|{live.name}|{assessor.name}|{chosen.label}"
        org_id, org_name = _disguise(tx, live.id, assessor.id, salt)
        submission_id = submission_repo.insert_submission(tx, live.id, org_id)
        version_id = next(
            s.version_id
            for s in submission_repo.round_submissions(conn, exercise.round_id)
            if s.submission_id == chosen.submission_id
        )
        repo.copy_version(tx, version_id, submission_id, (chosen.label, org_name))
        repo.insert_seed(tx, exercise.id, chosen.submission_id, submission_id)
        allocation_repo.insert_allocations(
            tx, [(submission_id, assessor.id)], {"round": live.name, "mode": "by hand"}
        )
        tx.audit(
            "calibration.seed",
            "calibration",
            exercise.id,
            {"item": chosen.label, "round": live.name, "assessor": assessor.name,
             "shown_as": org_name, "submission": submission_id},
        )  # fmt: skip
        return Seeded(live.name, assessor.name, org_name, submission_id)


Differences = dict[str, list[tuple[str, int]]]  # assessor -> (item, own minus agreed score)


def drift(workspace: Workspace, review: RoundReview, band: float = DEFAULT_BAND) -> list[DriftLine]:
    """Each assessor's mean difference from the agreed scores, seeded items from their key."""
    differences: Differences = {}
    for entry in review.entries:
        for line in entry.review.lines:
            if line.effective is None:
                continue
            for assessor, score in line.scores.items():
                if score is not None:
                    item = f"live:{entry.review.submission_id}"
                    differences.setdefault(assessor, []).append((item, score - line.effective))
    return drift_from(workspace, review.round.id, differences, band)


def drift_from(
    workspace: Workspace, round_id: int, differences: Differences, band: float = DEFAULT_BAND
) -> list[DriftLine]:
    """`drift` from the live items' differences already worked out (added to here)."""
    seeded: dict[str, set[str]] = {}
    with workspace.read() as conn:
        for submission_id, key_submission in repo.seeds_of_round(conn, round_id).items():
            key = repo.key_for_submission(conn, key_submission)
            for facts in allocation_repo.list_allocations(conn, submission_id=submission_id):
                if facts.status != SUBMITTED:
                    continue
                item = f"seed:{submission_id}"
                seeded.setdefault(facts.assessor, set()).add(item)
                for cid, stored in score_repo.scores_for(conn, facts.id).items():
                    if stored.score is not None and cid in key:
                        differences.setdefault(facts.assessor, []).append(
                            (item, stored.score - key[cid])
                        )
    lines = []
    for assessor in sorted(differences, key=str.casefold):
        found = severity(assessor, differences[assessor], band)
        lines.append(
            DriftLine(
                assessor,
                found.items,
                found.criteria,
                len(seeded.get(assessor, ())),
                found.mean_difference,
                found.outside,
            )
        )
    return lines


def drift_for(workspace: Workspace, round_name: str, band: float = DEFAULT_BAND) -> list[DriftLine]:
    return drift(workspace, load_round(workspace, round_name), band)
