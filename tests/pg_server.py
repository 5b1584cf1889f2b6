"""A throw-away PostgreSQL server for the tests, started from the system's packages."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def find_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl (Debian keeps them under /usr/lib/postgresql)."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(os.path.realpath(on_path)).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return Path(found[0]).parent if found else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the `postgres` system user then."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class PostgresServer:
    """One server on a free loopback port, with a database made per test."""

    def __init__(self, binaries: Path, folder: Path) -> None:
        self.binaries = binaries
        self.data = folder / "data"
        self.port = free_port()
        self.folder = folder

    def start(self) -> None:
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(
            as_server_user(
                [str(self.binaries / "initdb"), "-D", str(self.data), "-U", "arf", "-A", "trust",
                 "-E", "UTF8", "--locale=C.UTF-8"]
            ),
            check=True,
            capture_output=True,
        )  # fmt: skip
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            as_server_user(
                [str(self.binaries / "pg_ctl"), "-D", str(self.data), "-o", options, "-w",
                 "-l", str(self.folder / "server.log"), "start"]
            ),
            check=True,
            capture_output=True,
        )  # fmt: skip

    def stop(self) -> None:
        subprocess.run(
            as_server_user([str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                            "stop"]),
            check=False,
            capture_output=True,
        )  # fmt: skip

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://arf@127.0.0.1:{self.port}/{database}"

    def admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=arf dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(statement)

    def password_role(self, name: str, password: str, database: str) -> str:
        """A login role that must give its password (the server trusts every other role);
        returns a URL for it without the password."""
        self.admin(f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
        self.admin(f"GRANT CONNECT ON DATABASE {database} TO {name}")
        hba = self.data / "pg_hba.conf"
        rule = f"host all {name} 127.0.0.1/32 scram-sha-256\n"
        hba.write_text(rule + hba.read_text(encoding="utf-8"), encoding="utf-8")
        self.admin("SELECT pg_reload_conf()")
        return f"postgresql+psycopg://{name}@127.0.0.1:{self.port}/{database}"

    @contextmanager
    def database(self) -> Iterator[str]:
        name = f"arf_{uuid.uuid4().hex[:12]}"
        self.admin(f"CREATE DATABASE {name}")
        try:
            yield self.url(name)
        finally:
            self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def running_server() -> Iterator[PostgresServer | None]:
    binaries = find_binaries()
    if binaries is None:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="arf-pg-"))
    server = PostgresServer(binaries, folder)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
