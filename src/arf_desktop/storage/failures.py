"""Plain words for what the system or the database refused: a full disk, a read-only file,
a server that turned the password away — never a driver's text with a password in it."""

from __future__ import annotations

import re
import sqlite3

from sqlalchemy.exc import ArgumentError, DBAPIError

from arf_desktop.domain.errors import UserFacingError
from arf_desktop.storage.file_access import os_reason

_PASSWORD_IN_URL = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*:)[^@\s]*@")
_PASSWORD_IN_DSN = re.compile(r"(?i)(password\s*=\s*)('[^']*'|\S+)")


def hide_password(text: str) -> str:
    """`text` with the password of any database URL or connection string in it replaced."""
    text = _PASSWORD_IN_URL.sub(lambda m: m.group("head") + "***@", text)
    return _PASSWORD_IN_DSN.sub(r"\1***", text)


def without_password(location: str) -> str:
    """A database URL as it may be shown: the password replaced by ***."""
    return hide_password(location)


def explain_os_error(error: OSError, what: str | None = None) -> str:
    """One line for a failed file operation, naming the file."""
    name = what or error.filename or "a file"
    reason = os_reason(error)
    return f"{name} could not be written or read: {reason}. Nothing half-written was kept."


def explain_database_error(error: DBAPIError, location: str) -> str:
    """One line for a database refusal, naming the workspace (password hidden)."""
    shown = without_password(location)
    text = str(error.orig).lower()
    if isinstance(error.orig, sqlite3.Error):
        if "readonly" in text or "read-only" in text:
            return (
                f"The workspace is read-only: {shown} (the file or its folder cannot be "
                "written). Nothing was changed."
            )
        if "disk is full" in text:
            return f"The disk holding {shown} is full; the change was not saved. Free some space."
        if "disk i/o error" in text:
            return (
                f"The disk reported an error while writing {shown} (it may be full or gone); "
                "the change was not saved."
            )
        if "unable to open" in text:
            return f"{shown} could not be opened: no permission, or the disk is not available."
        return f"{shown}: the database refused the change ({hide_password(str(error.orig))})."
    return explain_server_error(text, shown)


def explain_server_error(text: str, shown: str) -> str:
    if "permission denied" in text or "read-only transaction" in text:
        return (
            f"The workspace is read-only: {shown} (the database user may not change it). "
            "Nothing was changed."
        )
    if "password" in text or "authentication" in text:
        return (
            f"The database server refused the user name or password for {shown}. Check them "
            "(the password is never shown here)."
        )
    if "does not exist" in text and "database" in text:
        return f"The database named in {shown} does not exist on the server."
    unreachable = (
        "refused",
        "could not connect",
        "timeout",
        "timed out",
        "resolve",
        "unknown host",
    )
    if any(word in text for word in unreachable):
        return f"The database server for {shown} could not be reached. Is it running?"
    return f"The database server for {shown} reported a problem; nothing was changed."


def as_user_facing(error: BaseException, location: str) -> UserFacingError | None:
    """The error as a message for the user, or None when it is not one of the known kinds."""
    if isinstance(error, DBAPIError):
        return UserFacingError(explain_database_error(error, location))
    if isinstance(error, ArgumentError):
        return UserFacingError(
            f"{without_password(location)} is not a workspace file or database address "
            "(for example postgresql+psycopg://user@host/database)."
        )
    if isinstance(error, UserFacingError):
        return error
    if isinstance(error, OSError):
        return UserFacingError(explain_os_error(error))
    return None
