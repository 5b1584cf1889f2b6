"""Errors that carry a message meant for the user, raised by any layer below the window."""

from __future__ import annotations


class UserFacingError(Exception):
    """Something the user can act on; the message says what happened and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(UserFacingError):
    """A named thing (round, organisation, assessor) does not exist."""


class Refused(UserFacingError):
    """The request breaks a rule (a conflict of interest, a missing rationale)."""
