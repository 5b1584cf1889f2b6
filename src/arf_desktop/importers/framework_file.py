"""Read a framework definition file, validate it against its JSON Schema, and build it."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from arf_desktop import paths
from arf_desktop.domain.errors import UserFacingError
from arf_desktop.domain.framework import Framework, FrameworkError, framework_from_dict

DEFAULT_FRAMEWORK = "arf-draft-2024.json"


class FrameworkFileError(UserFacingError):
    """A framework file that cannot be used; the message names the file and JSON path."""


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(paths.schema("framework.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def _json_path(parts: Any) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def validate_definition(data: Any, source: str) -> Framework:
    """Check a parsed definition; raise FrameworkFileError listing every problem with its path."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{_json_path(e.absolute_path)}: {e.message}" for e in errors[:20]]
        more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
        raise FrameworkFileError(
            f"{source} is not a valid framework definition{more}:\n  " + "\n  ".join(lines)
        )
    try:
        return framework_from_dict(data)
    except FrameworkError as error:
        raise FrameworkFileError(f"{source}: {error}") from error


def load_framework_file(path: Path) -> tuple[Framework, dict[str, Any]]:
    """Read and validate a framework JSON file; return the framework and its raw definition."""
    from arf_desktop.files.checks import FileProblem, read_json_file

    try:
        text = read_json_file(path, str(path)).decode("utf-8")
    except FileProblem as problem:
        joint = ": " if problem.code == "too_big" else " could not be read: "
        raise FrameworkFileError(f"{path}{joint}{problem.message}") from None
    except UnicodeDecodeError as error:
        raise FrameworkFileError(f"{path} is not UTF-8 text (byte {error.start}).") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FrameworkFileError(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from error
    return validate_definition(data, str(path)), data


def default_framework_path() -> Path:
    return paths.resource("frameworks", DEFAULT_FRAMEWORK)
