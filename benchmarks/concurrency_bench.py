"""Five assessor processes and a moderator writing at once for a minute, on both databases."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 60.0


def run(location: str) -> None:
    from arf_desktop.importers.framework_file import default_framework_path, load_framework_file
    from arf_desktop.registers.setup import init_workspace
    from arf_desktop.storage.workspace import Workspace
    from tests.moderation import conftest as fixtures
    from tests.storage.concurrent_panel import run_panel

    init_workspace(location, "Benchmark")
    framework = load_framework_file(default_framework_path())[0]
    with Workspace.open(location) as workspace:
        round_ = fixtures.moderation_round.__wrapped__(workspace, framework)
        figures = run_panel(round_, SECONDS)
    print(
        f"{workspace.engine.dialect.name:>10}: {figures.transactions} transactions in "
        f"{figures.seconds:.1f} s ({figures.transactions / figures.seconds:.0f}/s), "
        f"{figures.retries} retries, {figures.audit_entries} audit entries verified, "
        "no lost update, no error"
    )


def main() -> None:
    from tests.pg_server import running_server

    with tempfile.TemporaryDirectory() as folder:
        run(str(Path(folder) / "panel.arfdb"))
    with running_server() as server:
        if server is None:
            print("postgresql: no server installed here")
            return
        with server.database() as url:
            run(url)


if __name__ == "__main__":
    main()
