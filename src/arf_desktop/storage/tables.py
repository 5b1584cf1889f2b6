"""Table definitions of the workspace schema (SQLAlchemy Core, portable to PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Subquery,
    Table,
    Text,
    UniqueConstraint,
    func,
    select,
)

metadata = MetaData()

schema_info = Table(
    "schema_info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(128), primary_key=True),
    Column("value", Text, nullable=False),
)

frameworks = Table(
    "frameworks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(100), nullable=False),
    Column("version", String(50), nullable=False),
    Column("name", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("definition", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("loaded_at", String(32), nullable=False),
    Column("loaded_by", String(200), nullable=False),
    UniqueConstraint("key", "version"),
)

organisations = Table(
    "organisations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False, unique=True),
    Column("icb", String(300)),
    Column("org_type", String(50), nullable=False),
    Column("code", String(20)),
    Column("contact_name", String(200)),
    Column("contact_email", String(200)),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", String(32), nullable=False),
)

rounds = Table(
    "rounds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("framework_id", ForeignKey("frameworks.id"), nullable=False),
    Column("opens_on", String(10)),
    Column("closes_on", String(10)),
    Column("assessors_per_submission", Integer, nullable=False, default=2),
    Column("same_icb_conflict", Boolean, nullable=False, default=False),
    Column("created_at", String(32), nullable=False),
    Column("status", String(20), nullable=False, server_default="open"),
    Column("submission_deadline", String(10)),
    Column("scoring_deadline", String(10)),
    Column("panel_date", String(10)),
    Column("resubmission_opens", String(10)),
    Column("resubmission_closes", String(10)),
)

submissions = Table(
    "submissions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("round_id", ForeignKey("rounds.id"), nullable=False),
    Column("organisation_id", ForeignKey("organisations.id"), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("withdrawn_at", String(32)),
    Column("withdrawn_by", String(200)),
    Column("withdrawn_reason", Text),
    UniqueConstraint("round_id", "organisation_id"),
)

submission_versions = Table(
    "submission_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("submission_id", ForeignKey("submissions.id"), nullable=False, index=True),
    Column("version_no", Integer, nullable=False),
    Column("level_applied", String(50), nullable=False),
    Column("cover", Text, nullable=False),
    Column("source_name", String(500), nullable=False),
    Column("source_sha256", String(64), nullable=False, index=True),
    Column("content_sha256", String(64), nullable=False),
    Column("template_version", String(20)),
    Column("warnings", Text, nullable=False, default="[]"),
    Column("imported_at", String(32), nullable=False),
    Column("imported_by", String(200), nullable=False),
    UniqueConstraint("submission_id", "version_no"),
)

evidence_rows = Table(
    "evidence_rows",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version_id", ForeignKey("submission_versions.id"), nullable=False, index=True),
    Column("criterion_id", String(20), nullable=False),
    Column("self_assessment", String(50)),
    Column("summary", Text, nullable=False, default=""),
    UniqueConstraint("version_id", "criterion_id"),
)

evidence_files = Table(
    "evidence_files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

evidence_links = Table(
    "evidence_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version_id", ForeignKey("submission_versions.id"), nullable=False, index=True),
    Column("criterion_id", String(20), nullable=False),
    Column("name", String(500), nullable=False),
    Column("file_id", ForeignKey("evidence_files.id")),
)

assessors = Table(
    "assessors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("organisation_id", ForeignKey("organisations.id")),
    Column("email", String(200)),
    Column("active", Boolean, nullable=False, default=True),
    Column("icb", String(300)),
    Column("created_at", String(32), nullable=False),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("assessor_id", ForeignKey("assessors.id"), nullable=False, index=True),
    Column("organisation_id", ForeignKey("organisations.id"), nullable=False, index=True),
    Column("kind", String(50), nullable=False),
    Column("reason", Text, nullable=False),
    Column("starts_on", String(10)),
    Column("ends_on", String(10)),
    Column("created_at", String(32), nullable=False),
)

allocations = Table(
    "allocations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("submission_id", ForeignKey("submissions.id"), nullable=False, index=True),
    Column("assessor_id", ForeignKey("assessors.id"), nullable=False, index=True),
    Column("status", String(20), nullable=False, default="allocated"),
    Column("allocated_at", String(32), nullable=False),
    Column("submitted_at", String(32)),
    UniqueConstraint("submission_id", "assessor_id"),
)

scores = Table(
    "scores",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("allocation_id", ForeignKey("allocations.id"), nullable=False),
    Column("criterion_id", String(20), nullable=False),
    Column("score", Integer),
    Column("comment", Text, nullable=False, default=""),
    Column("revision", Integer, nullable=False, default=1),
    Column("updated_at", String(32), nullable=False),
    Column("updated_by", String(200), nullable=False),
    Column("source", String(100)),
    UniqueConstraint("allocation_id", "criterion_id"),
)
# Each sheet's scores read from the index alone, without the rows' comments: the moderation
# queue reads every submitted sheet of a round. Added within format 2 (see `LATER_INDEXES`).
scores_sheet = Index(
    "ix_scores_sheet", scores.c.allocation_id, scores.c.criterion_id, scores.c.score
)

comment_bank = Table(
    "comment_bank",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("criterion_id", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(200), nullable=False),
    UniqueConstraint("criterion_id", "text"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(100), nullable=False),
    Column("entity", String(100), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("details", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

Index("ix_audit_entity", audit_log.c.entity, audit_log.c.entity_id)

# Indexes added to a table after its workspace format was released: a workspace of that format
# without them gains them when next opened for writing (see `schema.complete`).
LATER_INDEXES = (scores_sheet,)

# Personal values of audit entries, kept out of the hashed details: an entry's details hold
# {"pv": n, "h": sha256(salt || value)} for value n of entry `seq`. Erasing a value deletes
# its salt and replaces the value by its redacted form, so no hash changes.
audit_values = Table(
    "audit_values",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("n", Integer, primary_key=True, autoincrement=False),
    Column("salt", LargeBinary),
    Column("value", Text, nullable=False),
    Column("erased_at", String(32)),
)

# The hashes entries had before the log was resealed (entries written before personal values
# were sealed), so anchors made earlier are still checked; `reseal_seq` is the entry that
# records the reseal and commits to this list.
audit_resealed = Table(
    "audit_resealed",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", Integer, nullable=False, index=True),
    Column("old_hash", String(64), nullable=False),
    Column("reseal_seq", Integer, nullable=False),
)

agreed_scores = Table(
    "agreed_scores",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("submission_id", ForeignKey("submissions.id"), nullable=False),
    Column("criterion_id", String(20), nullable=False),
    Column("score", Integer, nullable=False),
    Column("rationale", Text, nullable=False, default=""),
    Column("feedback", Text, nullable=False, default=""),
    Column("revision", Integer, nullable=False, default=1),
    Column("updated_at", String(32), nullable=False),
    Column("updated_by", String(200), nullable=False),
    UniqueConstraint("submission_id", "criterion_id"),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("submission_id", ForeignKey("submissions.id"), nullable=False, unique=True),
    Column("version_id", ForeignKey("submission_versions.id"), nullable=False),
    Column("outcome", String(30), nullable=False),
    Column("level_awarded", String(50)),
    Column("computed_outcome", String(30), nullable=False),
    Column("computed_level", String(50)),
    Column("override_reason", Text, nullable=False, default=""),
    Column("panel_date", String(10)),
    Column("members", Text, nullable=False, default="[]"),
    Column("recusals", Text, nullable=False, default="[]"),
    Column("decided_at", String(32), nullable=False),
    Column("decided_by", String(200), nullable=False),
)

# -- offline exchange (work packs and score returns) ---------------------------------

exchange_origins = Table(
    "exchange_origins",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("coordinator_workspace", String(64), nullable=False),
    Column("remote_round_id", Integer, nullable=False),
    Column("remote_assessor_id", Integer, nullable=False),
    Column("round_id", ForeignKey("rounds.id"), nullable=False),
    Column("assessor_id", ForeignKey("assessors.id"), nullable=False),
    Column("pack_id", String(64), nullable=False),
    Column("pack_sequence", Integer, nullable=False),
    Column("pack_created", String(32), nullable=False),
    Column("imported_at", String(32), nullable=False),
    Column("imported_by", String(200), nullable=False),
    Column("return_key", String(64)),  # the pack's secret that authenticates returns (hex)
    UniqueConstraint("coordinator_workspace", "remote_round_id", "remote_assessor_id"),
)

# A secret issued with each work pack (its id is the pack's id): only a return authenticated
# with a live key issued to that assessor for that round is merged.
exchange_keys = Table(
    "exchange_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key_id", String(64), nullable=False, unique=True),
    Column("round_id", ForeignKey("rounds.id"), nullable=False),
    Column("assessor_id", ForeignKey("assessors.id"), nullable=False, index=True),
    Column("secret", String(64), nullable=False),
    Column("issued_at", String(32), nullable=False),
    Column("issued_by", String(200), nullable=False),
    Column("revoked_at", String(32)),
    Column("revoked_by", String(200)),
    Column("revoke_reason", Text),
)

exchange_ids = Table(
    "exchange_ids",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("coordinator_workspace", String(64), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("remote_id", Integer, nullable=False),
    Column("local_id", Integer, nullable=False),
    Column("revision_offset", Integer, nullable=False, default=0),
    UniqueConstraint("coordinator_workspace", "kind", "remote_id"),
)

exchange_merges = Table(
    "exchange_merges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("return_id", String(64), nullable=False, unique=True),
    Column("file_name", String(500), nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("round_id", ForeignKey("rounds.id"), nullable=False, index=True),
    Column("assessor_id", ForeignKey("assessors.id"), nullable=False),
    Column("assessor_workspace", String(64), nullable=False),
    Column("pack_id", String(64), nullable=False),
    Column("created", String(32), nullable=False),
    Column("records", Integer, nullable=False),
    Column("counts", Text, nullable=False),
    Column("audit_head_seq", Integer, nullable=False),
    Column("audit_head_hash", String(64), nullable=False),
    Column("merged_at", String(32), nullable=False),
    Column("merged_by", String(200), nullable=False),
)

exchange_bases = Table(
    "exchange_bases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("allocation_id", ForeignKey("allocations.id", ondelete="CASCADE"), nullable=False),
    Column("item", String(20), nullable=False),
    Column("remote_revision", Integer, nullable=False),
    Column("local_revision", Integer, nullable=False),
    Column("content", Text, nullable=False),
    Column("merge_id", ForeignKey("exchange_merges.id")),
    UniqueConstraint("allocation_id", "item"),
)

score_conflicts = Table(
    "score_conflicts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "allocation_id",
        ForeignKey("allocations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("item", String(20), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("candidates", Text, nullable=False),
    Column("status", String(20), nullable=False, default="open", index=True),
    Column("opened_at", String(32), nullable=False),
    Column("merge_id", ForeignKey("exchange_merges.id")),
    Column("resolved_at", String(32)),
    Column("resolved_by", String(200)),
    Column("chosen", Text),
    Column("note", Text, nullable=False, default=""),
)

exchange_sent = Table(
    "exchange_sent",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "allocation_id",
        ForeignKey("allocations.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    Column("pack_id", String(64), nullable=False),
    Column("sent_at", String(32), nullable=False),
)


# -- calibration (exercises on reference submissions, their definitive key) ----------------

calibration_exercises = Table(
    "calibration_exercises",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("round_id", ForeignKey("rounds.id"), nullable=False, unique=True),
    Column("label", String(300)),
    Column("min_exact", String(20), nullable=False),
    Column("max_difference", Integer, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(200), nullable=False),
)

calibration_items = Table(
    "calibration_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("exercise_id", ForeignKey("calibration_exercises.id"), nullable=False, index=True),
    Column("submission_id", ForeignKey("submissions.id"), nullable=False, unique=True),
    Column("source_submission_id", ForeignKey("submissions.id")),
    Column("source", String(500), nullable=False),
)

calibration_keys = Table(
    "calibration_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("exercise_id", ForeignKey("calibration_exercises.id"), nullable=False, index=True),
    Column("submission_id", ForeignKey("submissions.id"), nullable=False),
    Column("criterion_id", String(20), nullable=False),
    Column("score", Integer, nullable=False),
    Column("rationale", Text, nullable=False, default=""),
    Column("updated_at", String(32), nullable=False),
    Column("updated_by", String(200), nullable=False),
    UniqueConstraint("submission_id", "criterion_id"),
)

calibration_seeds = Table(
    "calibration_seeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("exercise_id", ForeignKey("calibration_exercises.id"), nullable=False, index=True),
    Column("key_submission_id", ForeignKey("submissions.id"), nullable=False),
    Column("submission_id", ForeignKey("submissions.id"), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(200), nullable=False),
)


def latest_versions() -> Subquery:
    """(submission_id, version_no) of each submission's newest version, to join against."""
    v = submission_versions
    return (
        select(v.c.submission_id, func.max(v.c.version_no).label("version_no"))
        .group_by(v.c.submission_id)
        .subquery()
    )
