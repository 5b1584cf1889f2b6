"""The Exchange screen: work packs out, score returns in (button or drop), the conflict queue."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.exchange.edit_clashes import QueuedClash, list_queue, resolve_clash
from arf_desktop.exchange.keys import revoke_keys
from arf_desktop.exchange.merge import import_returns
from arf_desktop.exchange.overview import MergedReturn, merged_returns, packs_received
from arf_desktop.exchange.pack_import import PackImported, import_pack
from arf_desktop.exchange.packs import (
    PacksWritten,
    export_packs,
    pack_files,
    pack_name,
    rotate_key,
)
from arf_desktop.exchange.returns import RETURN_SUFFIX, export_return
from arf_desktop.exchange.sealed import sealed_file
from arf_desktop.files.names import windows_safe
from arf_desktop.files.output_guard import OutputPolicy, guarding
from arf_desktop.registers.rounds import list_rounds
from arf_desktop.scoring.allocation import list_allocations
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.exchange import dialogs as exchange_dialogs
from arf_desktop.ui.exchange import passphrase
from arf_desktop.ui.exchange.models import (
    CLASH_COLUMNS,
    DROP_HINT,
    MERGE_COLUMNS,
    exchange_paths,
    exchange_runner,
    heading,
)
from arf_desktop.ui.kit import dialogs, outputs
from arf_desktop.ui.kit.record_model import RecordTableModel
from arf_desktop.ui.kit.widgets import EmptyState, ScreenHeader, label, make_button, make_table


class ExchangeScreen(QWidget):
    """Coordinator: packs out, returns in, conflicts resolved. Assessor: pack in, return out."""

    job_finished = Signal(object)

    def __init__(self, workspace: Workspace, actor: Callable[[], str]) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAcceptDrops(True)
        self.workspace = workspace
        self.actor = actor
        self.from_pack = False
        self.runner = exchange_runner(self)
        self.runner.finished.connect(self._job_done)
        self.runner.failed.connect(self._job_failed)
        self.header = ScreenHeader("Exchange", "")
        self.round = QComboBox()
        self.round.setAccessibleName("Round")
        self.round.setMinimumWidth(240)
        self.header.add_action(self.round)
        self.export_button = make_button(
            "Export work packs…", "Export a work pack for every assessor of the round"
        )
        self.returns_button = make_button(
            "Import score returns…", "Import score returns from assessors"
        )
        self.revoke_button = make_button(
            "Revoke a key…", "Revoke an assessor's return key, for example after a lost laptop"
        )
        self.pack_button = make_button(
            "Import a work pack…", "Import a work pack from the coordinator", True
        )
        self.return_button = make_button(
            "Write score return…", "Write this workspace's scores as a return", True
        )
        self.hint = label(DROP_HINT, "subtitle", "How to import by dropping files")
        self.conflict_count = label("", "", "Conflicts waiting for a moderator")
        self.show_closed = QCheckBox("Show resolved conflicts")
        self.show_closed.setAccessibleName("Show resolved conflicts")
        self.resolve_button = make_button(
            "Resolve selected…", "Choose the value to keep for the selected conflict"
        )
        self.conflicts: RecordTableModel[QueuedClash] = RecordTableModel(CLASH_COLUMNS)
        self.conflict_table = make_table("Conflict queue")
        self.conflict_table.setModel(self.conflicts)
        self.values = label("", "", "Values of the selected conflict")
        self.values.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.merges: RecordTableModel[MergedReturn] = RecordTableModel(MERGE_COLUMNS)
        self.merge_table = make_table("Returns merged")
        self.merge_table.setModel(self.merges)
        self.origin = label("", "subtitle", "Where this workspace's round came from")
        self.empty = EmptyState(
            "No rounds to exchange yet",
            "Coordinators: import workbooks and allocate assessors, then export their work packs "
            "here. Assessors: import the work pack your coordinator sent with “Import a work "
            "pack…”, or drop it on this screen.",
        )
        self._build()
        self._connect()
        self.refresh()

    def _build(self) -> None:
        actions = QHBoxLayout()
        for widget in (self.export_button, self.returns_button, self.revoke_button):
            actions.addWidget(widget)
        actions.addSpacing(24)
        for widget in (self.pack_button, self.return_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        queue_row = QHBoxLayout()
        queue_row.addWidget(self.conflict_count, 1)
        queue_row.addWidget(self.show_closed)
        queue_row.addWidget(self.resolve_button)
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(heading("Conflict queue"))
        inner.addLayout(queue_row)
        inner.addWidget(self.conflict_table, 3)
        inner.addWidget(self.values)
        inner.addWidget(heading("Score returns merged"))
        inner.addWidget(self.merge_table, 2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(actions)
        layout.addWidget(self.hint)
        layout.addWidget(self.origin)
        layout.addWidget(self.stack, 1)
        order = [
            self.round, self.export_button, self.returns_button, self.revoke_button,
            self.pack_button,
            self.return_button, self.show_closed, self.resolve_button, self.conflict_table,
            self.merge_table,
        ]  # fmt: skip
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    def _connect(self) -> None:
        self.round.currentIndexChanged.connect(lambda _i: self._load())
        self.show_closed.toggled.connect(lambda _on: self._load())
        self.export_button.clicked.connect(self._ask_export)
        self.returns_button.clicked.connect(
            lambda: self.start_returns(exchange_dialogs.ask_return_files(self))
        )
        self.pack_button.clicked.connect(self._ask_pack)
        self.revoke_button.clicked.connect(self._ask_revoke)
        self.return_button.clicked.connect(self._ask_return)
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.conflict_table.activated.connect(lambda _index: self.resolve_selected())
        self.conflict_table.selectionModel().currentRowChanged.connect(lambda *_: self._buttons())

    # -- showing ----------------------------------------------------------------------
    def refresh(self) -> None:
        chosen = self.round.currentText()
        names = [r.name for r in list_rounds(self.workspace)]
        self.round.blockSignals(True)
        self.round.clear()
        self.round.addItems(names)
        if chosen in names:
            self.round.setCurrentText(chosen)
        self.round.blockSignals(False)
        self._load()

    def _load(self) -> None:
        name = self.round.currentText()
        self.stack.setCurrentIndex(1 if name else 0)
        conflicts = list_queue(self.workspace, name, self.show_closed.isChecked()) if name else []
        self.conflicts.set_records(conflicts)
        self.merges.set_records(merged_returns(self.workspace, name) if name else [])
        waiting = sum(1 for c in conflicts if c.status == "open")
        if waiting:
            self.conflict_count.setText(
                f"⚠ {waiting} score conflict{'s wait' if waiting != 1 else ' waits'} for a "
                "moderator: choose the value to keep."
            )
        else:
            self.conflict_count.setText("✔ No score conflicts are waiting.")
        self.conflict_count.setProperty("role", "status-bad" if waiting else "status-ok")
        self.conflict_count.style().unpolish(self.conflict_count)
        self.conflict_count.style().polish(self.conflict_count)
        received = packs_received(self.workspace, name) if name else []
        self.from_pack = bool(received)  # an assessor's copy: returns go out, not in
        self.origin.setVisible(self.from_pack)
        if received:
            first = received[0]
            self.origin.setText(
                f"This round came in a work pack for {first.assessor} (written "
                f"{first.pack_created[:16].replace('T', ' ')} UTC). Score it on the Scoring "
                "screen, then “Write score return…” and send the file to your coordinator."
            )
        self.header.subtitle.setText(
            f"Score returns merged: {len(self.merges.records())} · conflicts waiting: {waiting}"
            if name
            else "Send work packs to assessors and merge their score returns."
        )
        for table in (self.conflict_table, self.merge_table):
            table.resizeColumnsToContents()
        self._buttons()

    def _buttons(self) -> None:
        has_round = bool(self.round.currentText())
        idle = not self.runner.busy
        self.export_button.setEnabled(has_round and idle and not self.from_pack)
        self.returns_button.setEnabled(has_round and idle and not self.from_pack)
        self.revoke_button.setEnabled(has_round and idle and not self.from_pack)
        self.pack_button.setEnabled(idle)
        self.return_button.setEnabled(has_round and idle and self.from_pack)
        selected = self.selected_conflict()
        self.resolve_button.setEnabled(selected is not None and selected.status == "open")
        self.values.setText(
            "Values: " + "   ".join(f"{c.index + 1}. {c.label}" for c in selected.choices)
            if selected
            else "Select a conflict to see every value; “Resolve selected…” keeps one."
        )

    def selected_conflict(self) -> QueuedClash | None:
        index = self.conflict_table.currentIndex()
        return self.conflicts.record(index.row()) if index.isValid() else None

    # -- jobs -------------------------------------------------------------------------
    def _start(self, verb: str, title: str, work: Callable) -> bool:
        if self.runner.busy:
            dialogs.show_error(self, title, "Another exchange job is running; wait for it.")
            return False
        self.runner.verb = verb
        self.runner.start(title, work)
        self._buttons()
        return True

    def _ask_export(self) -> None:
        folder = exchange_dialogs.ask_pack_folder(self)
        if folder is None:
            return
        secret = passphrase.ask_new_passphrase(self)
        if secret is not None:
            self.start_export(folder, secret)

    def start_export(self, folder: Path, secret: str) -> bool:
        """Write every assessor's pack, each encrypted with the passphrase, in the background."""
        name, actor = self.round.currentText(), self.actor()
        try:
            planned = [(p, "work_pack") for p in pack_files(self.workspace, name, folder).values()]
        except UserFacingError as error:
            dialogs.show_error(self, "Work packs not written", error.message)
            return False
        policy = outputs.approve(self, self.workspace, planned)
        if policy is None:
            return False
        return self._start(
            "Writing the pack for",
            "Exporting work packs",
            outputs.guarded(
                policy,
                lambda progress, cancel: export_packs(
                    self.workspace, actor, name, folder, progress, cancel, secret
                ),
            ),
        )

    def start_returns(self, paths: Sequence[Path]) -> bool:
        if not paths:
            return False
        actor, files = self.actor(), list(paths)
        return self._start(
            "Merging",
            "Importing score returns",
            lambda progress, cancel: import_returns(self.workspace, actor, files, progress, cancel),
        )

    def _ask_pack(self) -> None:
        path = exchange_dialogs.ask_pack_file(self)
        if path is not None:
            self.start_pack(path)

    def start_pack(self, path: Path, secret: str | None = None) -> bool:
        """Import a pack in the background, asking first for its passphrase when encrypted."""
        if secret is None and sealed_file(path):
            secret = passphrase.ask_pack_passphrase(self, path)
            if secret is None:
                return False
        actor = self.actor()
        return self._start(
            "Importing",
            "Importing a work pack",
            lambda _p, _c: import_pack(self.workspace, actor, path, secret),
        )

    def _ask_return(self) -> None:
        name = self.round.currentText()
        target = exchange_dialogs.ask_return_target(
            self, windows_safe(f"{name} - scores{RETURN_SUFFIX}")
        )
        if target is not None:
            self.write_return(target)

    def write_return(self, target: Path) -> bool:
        policy = outputs.approve(self, self.workspace, [(target, "score_return")])
        if policy is None:
            return False
        try:
            with guarding(policy):
                written = export_return(
                    self.workspace, self.actor(), self.round.currentText(), target
                )
        except (UserFacingError, OSError) as error:
            dialogs.show_error(
                self, "Score return not written", getattr(error, "message", str(error))
            )
            return False
        dialogs.show_info(
            self,
            "Score return written",
            f"{written.scores} scores for {written.assessor} ({written.submitted} submissions "
            f"submitted) were written to {written.path}. Send this file to your coordinator.",
        )
        return True

    def _job_done(self, result: object) -> None:
        if isinstance(result, PacksWritten):
            dialogs.show_info(self, "Work packs written", exchange_dialogs.packs_text(result))
        elif isinstance(result, PackImported):
            dialogs.show_info(self, "Work pack imported", result.summary())
        else:
            exchange_dialogs.show_merge_report(self, result)  # type: ignore[arg-type]
        self.refresh()
        if isinstance(result, PackImported) and not result.unchanged:
            self.round.setCurrentText(result.round)
        self.job_finished.emit(result)

    def _job_failed(self, message: str) -> None:
        dialogs.show_error(self, "Exchange not completed", message)
        self._buttons()
        self.job_finished.emit(message)

    def _ask_revoke(self) -> None:
        round_name = self.round.currentText()
        names = sorted({a.assessor for a in list_allocations(self.workspace, round_name)})
        answer = exchange_dialogs.ask_revocation(self, round_name, names)
        if answer is not None:
            target = secret = None
            if answer[2]:
                target = exchange_dialogs.ask_pack_target(self, pack_name(round_name, answer[0]))
                secret = passphrase.ask_new_passphrase(self) if target is not None else None
                if secret is None:
                    return
            self.revoke_key(answer[0], answer[1], target, secret)

    def revoke_key(
        self, assessor: str, reason: str, new_pack: Path | None, secret: str | None = None
    ) -> bool:
        """Revoke the assessor's keys for the round; with a path, write a fresh pack there."""
        round_name = self.round.currentText()
        policy = OutputPolicy(outputs.workspace_files(self.workspace))
        if new_pack is not None:
            approved = outputs.approve(self, self.workspace, [(new_pack, "work_pack")])
            if approved is None:
                return False
            policy = approved
        try:
            if new_pack is None:
                done = revoke_keys(self.workspace, self.actor(), assessor, round_name, reason)
                text = f"{done.revoked} key(s) of {assessor} revoked for “{round_name}”."
            else:
                with guarding(policy):
                    written = rotate_key(
                        self.workspace, self.actor(), round_name, assessor, new_pack, reason,
                        secret,
                    )  # fmt: skip
                text = f"Keys of {assessor} revoked; new work pack written to {written.path}."
        except UserFacingError as error:
            dialogs.show_error(self, "Key not revoked", error.message)
            return False
        dialogs.show_info(self, "Return key revoked", text)
        return True

    # -- the conflict queue -----------------------------------------------------------------
    def resolve_selected(self) -> bool:
        conflict = self.selected_conflict()
        if conflict is None or conflict.status != "open":
            return False
        answer = exchange_dialogs.ask_choice(self, conflict)
        if answer is None:
            return False
        try:
            resolve_clash(self.workspace, self.actor(), conflict.id, answer[0], answer[1])
        except UserFacingError as error:
            dialogs.show_error(self, "Conflict not resolved", error.message)
            return False
        self._load()
        return True

    # -- drag and drop ------------------------------------------------------------------
    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if exchange_paths(event.mimeData()):
            event.acceptProposedAction()

    @override
    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if exchange_paths(event.mimeData()):
            event.acceptProposedAction()

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        if self.drop(event.mimeData()):
            event.acceptProposedAction()

    def drop(self, mime: QMimeData) -> bool:
        paths = exchange_paths(mime)
        packs = [p for p in paths if p.suffix.lower() == ".arfpack"]
        if packs:
            return self.start_pack(packs[0])
        return self.start_returns(paths)
