"""Set up a development environment from a fresh clone, then open the demo or run the tests.

Usage: python3 .ci/quickstart.py demo | test [pytest args...]

Installs the system libraries Qt needs (and poppler-utils for the PDF checks) on
Debian-like systems when run as root, creates `.venv` beside the project,
installs the project with its test extras, and then either opens the app on the
demo workspace or runs ruff and the whole test suite.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".arf-installed"

# Debian packages: Qt's runtime libraries for the offscreen and xcb platforms,
# poppler-utils (pdftotext, pdftoppm) for reading PDFs back in tests, and
# binutils, which PyInstaller uses to inspect shared libraries, and the PostgreSQL
# server, which the tests start on a free loopback port to run the storage and
# service tests against a shared database as well as SQLite.
SYSTEM_PACKAGES = [
    "libegl1",
    "libgl1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libglib2.0-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-shape0",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-image0",
    "libxcb-xinerama0",
    "poppler-utils",
    "binutils",
    "postgresql",
]


def say(message: str) -> None:
    print(f"[quickstart] {message}", flush=True)


def missing_debian_packages() -> list[str]:
    """The system packages not installed yet (empty where dpkg is absent)."""
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for package in SYSTEM_PACKAGES:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package],
            capture_output=True,
            text=True,
            check=False,
        )
        if "install ok installed" not in result.stdout:
            missing.append(package)
    return missing


def install_system_packages() -> None:
    if not sys.platform.startswith("linux"):
        return
    missing = missing_debian_packages()
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        say("These system packages are missing: " + " ".join(missing))
        say("Install them with: sudo apt-get install -y " + " ".join(missing))
        return
    say("Installing system packages: " + " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        check=True,
        env=env,
    )


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def install_python_packages() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and venv_python().exists():
        return
    if not venv_python().exists():
        say(f"Creating a virtual environment in {VENV.name}/")
        venv.create(VENV, with_pip=True)
    say("Installing arf-desktop and its test tools (a few minutes the first time)")
    pip = [str(venv_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def run_tests(extra: list[str]) -> int:
    python = str(venv_python())
    say("ruff check")
    lint = subprocess.run([python, "-m", "ruff", "check", "src", "tests", "benchmarks"], cwd=ROOT)
    if lint.returncode != 0:
        return lint.returncode
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    say("pytest")
    return subprocess.run([python, "-m", "pytest", *extra], cwd=ROOT, env=env).returncode


def open_demo() -> int:
    return subprocess.run([str(venv_python()), "-m", "arf_desktop.app", "--demo"]).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test"}:
        print(__doc__)
        return 2
    if sys.version_info < (3, 11):
        say("ARF Desktop needs Python 3.11 or newer.")
        return 2
    install_system_packages()
    install_python_packages()
    if argv[0] == "test":
        return run_tests(argv[1:])
    return open_demo()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
