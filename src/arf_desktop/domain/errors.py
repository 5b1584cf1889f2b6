"""Errors that carry a message meant for the user, raised by any layer below the window."""

from __future__ import annotations

import errno


class UserFacingError(Exception):
    """Something the user can act on; the message says what happened and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(UserFacingError):
    """A named thing (round, organisation, assessor) does not exist."""


class Refused(UserFacingError):
    """The request breaks a rule (a conflict of interest, a missing rationale)."""


OS_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is larger than the system allows (is the disk or quota full?)",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "no permission",
    errno.EPERM: "the system does not allow it",
    errno.EISDIR: "it is a folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENOENT: "it does not exist",
    errno.EIO: "the disk reported an error",
}


def os_reason(error: OSError) -> str:
    """Why a file operation failed, in words (a full disk, no permission, ...)."""
    return OS_REASONS.get(error.errno or 0, error.strerror or type(error).__name__)


class WriteFailed(UserFacingError, OSError):
    """A file could not be written whole; what was written of it was removed.

    Also an OSError, so code that handles a failed write of one file goes on as before.
    """

    def __init__(self, path: object, error: OSError) -> None:
        UserFacingError.__init__(
            self, f"{path} could not be written: {os_reason(error)}. Nothing half-written was kept."
        )
        self.errno = error.errno
        self.strerror = error.strerror
        self.filename = str(path)
