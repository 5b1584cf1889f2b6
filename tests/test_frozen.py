"""The PyInstaller build: it builds from the spec and its own self-test passes.

Slow (about a minute): skip it locally with `-m "not frozen"`; CI runs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.frozen


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("frozen")
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
         str(ROOT / "arf_desktop.spec")],
        check=True,
        cwd=work,
        timeout=900,
    )  # fmt: skip
    return work / "dist" / "arf-desktop"


def clean_environment() -> dict[str, str]:
    """No project paths: the bundle must find everything inside itself."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "ARF_DESKTOP"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = str(Path(env.get("TMPDIR", "/tmp")))
    return env


def test_frozen_self_test_passes(bundle: Path, tmp_path: Path) -> None:
    executable = bundle / ("arf-desktop.exe" if sys.platform == "win32" else "arf-desktop")
    result = subprocess.run(
        [str(executable), "self-test", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        env=clean_environment(),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    names = {check["name"] for check in report["checks"]}
    assert {"workspace", "workbook import", "scoring and statistics", "audit chain",
            "main window"} <= names  # fmt: skip
    assert report["passed"], report


def test_bundle_holds_the_data_and_not_the_test_tools(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "resources" / "frameworks" / "arf-draft-2024.json").exists()
    assert (internal / "schemas" / "framework.schema.json").exists()
    assert list((internal / "resources" / "fonts").glob("*.ttf"))
    for unwanted in ("numpy", "scipy", "sklearn", "statsmodels", "pytest", "hypothesis"):
        assert not (internal / unwanted).exists(), unwanted
    assert (bundle / "arf-desktop-window").exists() or (bundle / "arf-desktop-window.exe").exists()
