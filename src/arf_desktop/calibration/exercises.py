"""Making calibration exercises: reference submissions in a hidden round, the key, assessors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from arf_desktop.domain.calibration import Tolerance, exercise_round
from arf_desktop.domain.errors import NotFound, Refused
from arf_desktop.registers.rounds import RoundDraft, create_round_in
from arf_desktop.storage import allocations as allocation_repo
from arf_desktop.storage import assessors as assessor_repo
from arf_desktop.storage import calibration as repo
from arf_desktop.storage import frameworks as framework_repo
from arf_desktop.storage import organisations as org_repo
from arf_desktop.storage import rounds as round_repo
from arf_desktop.storage import submissions as submission_repo
from arf_desktop.storage.calibration import Exercise, Item
from arf_desktop.storage.workspace import Workspace, WriteTx

LABEL_TYPE = "Calibration reference"
DEFAULT_TOLERANCE = Tolerance()


@dataclass(frozen=True)
class ExerciseSummary:
    """An exercise as `calibration list` shows it (never with the key's scores)."""

    name: str
    round_name: str
    items: tuple[str, ...]
    min_exact: float
    max_difference: int
    keyed: int
    criteria: int
    assessors: tuple[str, ...]


def require_exercise(conn: object, name: str) -> Exercise:
    found = repo.find_exercise(conn, name)  # type: ignore[arg-type]
    if found is None:
        known = ", ".join(e.name for e in repo.list_exercises(conn)) or "none yet"  # type: ignore[arg-type]
        raise NotFound(
            f"There is no calibration exercise called “{name}” (exercises: {known}). "
            "Make one with `arf-desktop calibration create NAME`."
        )
    return found


def _label_organisation(tx: WriteTx, label: str) -> int:
    found = org_repo.find_organisation(tx.connection, label)
    if found is not None:
        return found.id
    return org_repo.insert_organisation(tx, {"name": label, "org_type": LABEL_TYPE})


def _exercise_in(tx: WriteTx, name: str, framework_id: int, tolerance: Tolerance) -> Exercise:
    existing = repo.find_exercise(tx.connection, name)
    if existing is not None:
        if existing.framework_id != framework_id:
            raise Refused(
                f"The exercise “{existing.name}” is for another framework version; "
                "give the new reference submission an exercise of its own."
            )
        return existing
    problems = tolerance.problems()
    if problems:
        raise Refused("; ".join(problems) + ".")
    draft = RoundDraft(exercise_round(name), assessors_per_submission=1, framework_id=framework_id)
    hidden = create_round_in(tx, draft)
    repo.insert_exercise(
        tx,
        {
            "name": " ".join(name.split()),
            "round_id": hidden.id,
            "min_exact": str(tolerance.min_exact),
            "max_difference": tolerance.max_difference,
        },
    )
    found = repo.find_exercise(tx.connection, name)
    assert found is not None
    return found


def create_from_round(
    workspace: Workspace,
    actor: str,
    name: str,
    round_name: str,
    organisation: str,
    label: str | None = None,
    tolerance: Tolerance = DEFAULT_TOLERANCE,
) -> ExerciseSummary:
    """Copy a round's submission into the exercise (named NAME; made if new) under `label`."""
    if not name.strip():
        raise Refused("A calibration exercise needs a name.")
    with workspace.write(actor) as tx:
        conn = tx.connection
        source_round = round_repo.find_round(conn, round_name)
        if source_round is None:
            raise NotFound(f"There is no round called “{round_name}”.")
        source = next(
            (
                s
                for s in submission_repo.round_submissions(conn, source_round.id)
                if s.organisation.casefold() == " ".join(organisation.split()).casefold()
            ),
            None,
        )
        if source is None:
            raise NotFound(f"“{organisation}” has no submission in the round “{round_name}”.")
        exercise = _exercise_in(tx, name, source_round.framework_id, tolerance)
        shown = " ".join((label or "").split()) or source.organisation
        org_id = _label_organisation(tx, shown) if label else source.organisation_id
        if submission_repo.submission_id_for(conn, exercise.round_id, org_id) is not None:
            raise Refused(f"The exercise “{exercise.name}” already has an item called “{shown}”.")
        submission_id = submission_repo.insert_submission(tx, exercise.round_id, org_id)
        rename = (source.organisation, shown) if label else None
        repo.copy_version(tx, source.version_id, submission_id, rename)
        where = f"{source_round.name} / {source.organisation}"
        repo.insert_item(tx, exercise.id, submission_id, source.submission_id, where)
        tx.audit(
            "calibration.item",
            "calibration",
            exercise.id,
            {"item": shown, "source": where, "submission": submission_id},
        )
    return summary(workspace, exercise.name)


def create_from_workbook(
    workspace: Workspace,
    actor: str,
    name: str,
    workbook: Path,
    label: str | None = None,
    tolerance: Tolerance = DEFAULT_TOLERANCE,
) -> ExerciseSummary:
    """Import a training workbook as a reference submission of the exercise."""
    from arf_desktop.importers.batch import import_paths

    with workspace.write(actor) as tx:
        framework_id = framework_repo.current_framework_id(tx.connection)
        if framework_id is None:
            raise Refused("Load a framework before making a calibration exercise.")
        exercise = _exercise_in(tx, name, framework_id, tolerance)
        before = {
            s.submission_id
            for s in submission_repo.round_submissions(tx.connection, exercise.round_id)
        }
    result = import_paths(workspace, actor, [workbook], exercise.round_name)
    with workspace.write(actor) as tx:
        conn = tx.connection
        added = [
            s
            for s in submission_repo.round_submissions(conn, exercise.round_id)
            if s.submission_id not in before
        ]
        if not added:
            problems = (
                "; ".join(p.line() for f in result.files for p in f.problems) or "nothing imported"
            )
            raise Refused(f"{workbook.name} was not added to “{exercise.name}”: {problems}")
        for sub in added:
            if label:
                repo.relabel_submission(tx, sub.submission_id, _label_organisation(tx, label))
            repo.insert_item(tx, exercise.id, sub.submission_id, None, workbook.name)
            tx.audit(
                "calibration.item",
                "calibration",
                exercise.id,
                {"item": label or sub.organisation, "source": workbook.name},
            )
    return summary(workspace, exercise.name)


def item_named(conn: object, exercise: Exercise, label: str | None) -> Item:
    found = repo.items(conn, exercise.id)  # type: ignore[arg-type]
    if not found:
        raise Refused(f"The exercise “{exercise.name}” has no reference submission yet.")
    if label is None:
        if len(found) > 1:
            names = ", ".join(i.label for i in found)
            raise Refused(f"Say which item with --item ({names}).")
        return found[0]
    wanted = " ".join(label.split()).casefold()
    match = next((i for i in found if i.label.casefold() == wanted), None)
    if match is None:
        raise NotFound(f"“{exercise.name}” has no item called “{label}”.")
    return match


def set_key(
    workspace: Workspace,
    actor: str,
    name: str,
    criterion_id: str,
    score: int,
    rationale: str,
    item: str | None = None,
) -> int:
    """Set one definitive score with its rationale; return how many criteria are keyed."""
    rationale = " ".join(rationale.split())
    if not rationale:
        raise Refused("Each definitive score needs a rationale (--rationale TEXT).")
    with workspace.write(actor) as tx:
        conn = tx.connection
        exercise = require_exercise(conn, name)
        chosen = item_named(conn, exercise, item)
        framework = framework_repo.get_framework(conn, exercise.framework_id)
        criteria = [c.id for c in framework.criteria_up_to(chosen.level_applied)]
        cid = criterion_id.strip().upper()
        if cid not in criteria:
            raise Refused(
                f"{criterion_id} is not a criterion of {chosen.label} ({chosen.level_applied})."
            )
        if not framework.on_scale(score):
            raise Refused(framework.off_scale(score))
        repo.put_key(tx, exercise.id, chosen.submission_id, cid, score, rationale)
        tx.audit(
            "calibration.key", "calibration", exercise.id, {"item": chosen.label, "criterion": cid}
        )
        return len(repo.key_entries(conn, exercise.id))


def _agreed_key(workspace: Workspace, source_id: int, source: str) -> dict[str, tuple[int, str]]:
    """{criterion: (score, rationale)} the panel settled for a decided submission."""
    from arf_desktop.moderation.review import load_round

    with workspace.read() as conn:
        head = submission_repo.submission_head(conn, source_id)
    try:
        entry = load_round(workspace, head.round_name).entry(source_id)
    except KeyError:
        raise Refused(f"{source} is no longer in its round.") from None
    if not entry.decided:
        raise Refused(f"{source} has not been decided yet; decide it, or set the key by hand.")
    settled = {}
    for line in entry.review.lines:
        if line.effective is None:
            raise Refused(f"{source} has no agreed score for {line.criterion_id}.")
        why = line.agreed.rationale if line.agreed and line.agreed.rationale else ""
        settled[line.criterion_id] = (line.effective, why or "Every assessor gave this score.")
    return settled


def key_from_agreed(workspace: Workspace, actor: str, name: str, item: str | None = None) -> int:
    """Take the key from the source submission's agreed scores and their rationales."""
    with workspace.read() as conn:
        chosen = item_named(conn, require_exercise(conn, name), item)
    if chosen.source_submission_id is None:
        raise Refused(
            f"{chosen.label} came from a workbook, not a decided submission; "
            "set its key with --criterion ID --score S --rationale TEXT."
        )
    settled = _agreed_key(workspace, chosen.source_submission_id, chosen.source)
    with workspace.write(actor) as tx:
        exercise = require_exercise(tx.connection, name)
        for criterion_id, (score, why) in settled.items():
            repo.put_key(tx, exercise.id, chosen.submission_id, criterion_id, score, why)
        tx.audit(
            "calibration.key",
            "calibration",
            exercise.id,
            {"item": chosen.label, "from_agreed": chosen.source, "criteria": len(settled)},
        )
    return len(settled)


def assign(workspace: Workspace, actor: str, name: str, assessor_names: Sequence[str]) -> list[str]:
    """Allocate every item of the exercise to each named assessor; return who was added."""
    with workspace.write(actor) as tx:
        conn = tx.connection
        exercise = require_exercise(conn, name)
        found = repo.items(conn, exercise.id)
        if not found:
            raise Refused(f"The exercise “{exercise.name}” has no reference submission yet.")
        pairs, added = [], []
        for assessor_name in assessor_names:
            assessor = assessor_repo.find_assessor(conn, assessor_name)
            if assessor is None:
                raise NotFound(f"No assessor called “{assessor_name}”.")
            for chosen in found:
                if allocation_repo.find_allocation(conn, chosen.submission_id, assessor.id) is None:
                    pairs.append((chosen.submission_id, assessor.id))
                    if assessor.name not in added:
                        added.append(assessor.name)
        allocation_repo.insert_allocations(tx, pairs, {"calibration": exercise.name})
    return added


def summary(workspace: Workspace, name: str) -> ExerciseSummary:
    with workspace.read() as conn:
        exercise = require_exercise(conn, name)
        return _summary(conn, exercise)


def _summary(conn: object, exercise: Exercise) -> ExerciseSummary:
    framework = framework_repo.get_framework(conn, exercise.framework_id)  # type: ignore[arg-type]
    found = repo.items(conn, exercise.id)  # type: ignore[arg-type]
    assessors = sorted(
        {a.assessor for a in allocation_repo.list_allocations(conn, exercise.round_id)}
    )  # type: ignore[arg-type]
    return ExerciseSummary(
        name=exercise.name,
        round_name=exercise.round_name,
        items=tuple(i.label for i in found),
        min_exact=exercise.min_exact,
        max_difference=exercise.max_difference,
        keyed=len(repo.key_entries(conn, exercise.id)),  # type: ignore[arg-type]
        criteria=sum(len(framework.criteria_up_to(i.level_applied)) for i in found),
        assessors=tuple(assessors),
    )


def list_exercises(workspace: Workspace) -> list[ExerciseSummary]:
    with workspace.read() as conn:
        return [_summary(conn, e) for e in repo.list_exercises(conn)]
