"""A background job that meets a closed folder or a full disk says which file and why."""

from __future__ import annotations

import errno
from pathlib import Path

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.ui.kit.task_runner import Task, Wording


def failure_of(work) -> str:
    task = Task(work, Wording())
    failed: list[str] = []
    task.signals.failed.connect(failed.append)
    task.run()  # on this thread: the signal is delivered at once
    return failed[0]


def test_an_os_error_names_the_file_and_the_reason(tmp_path: Path) -> None:
    target = tmp_path / "Letters" / "Letter to Ann.pdf"

    def work(_progress, _cancel):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    message = failure_of(work)
    assert message.startswith(f"{target} could not be written or read (No space left on device).")
    assert "unexpectedly" not in message and "nothing half-written was kept" in message


def test_a_user_facing_error_is_shown_as_it_is() -> None:
    def work(_progress, _cancel):
        raise UserFacingError("The workspace is read-only: w.arfdb (the file cannot be written).")

    assert failure_of(work).startswith("The workspace is read-only: w.arfdb")
