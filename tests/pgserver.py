"""A real, throw-away PostgreSQL server for the archive tests: initdb + pg_ctl from Debian's `postgresql`.

PostgreSQL refuses to run as root, and CI runs as root: then every server command runs as the `postgres`
user (`runuser -u postgres --`) on a data folder that user owns. Administration goes through the Unix
socket (trust); the TCP port on 127.0.0.1 asks for passwords (scram-sha-256), like a real server.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def find_bindir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgServer:
    bindir: Path
    base: Path
    port: int
    as_user: str | None  # run server commands as this user (when we are root)

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", self.as_user, "--"] if self.as_user else []
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-E", "UTF8",
                  "--no-locale", "--auth-local=trust", "--auth-host=scram-sha-256")
        for attempt in range(5):  # the port was free when picked; another worker's server may take it first
            try:
                self._listen()
                return
            except subprocess.CalledProcessError:
                log = self.base / "server.log"
                taken = log.exists() and "Address already in use" in log.read_text(errors="replace")
                if attempt == 4 or not taken:
                    raise
                log.unlink()
                self.port = free_port()

    def _listen(self) -> None:
        options = (f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                  str(self.base / "server.log"), "-w", "-t", "60", "start")

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def admin_dsn(self, dbname: str = "postgres") -> str:
        """The superuser, through the socket: for setting up roles and databases in tests only."""
        return f"host={self.socket_dir} port={self.port} user=postgres dbname={dbname}"

    def url(self, user: str, password: str | None, dbname: str) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{dbname}"


def start_server() -> PgServer | None:
    bindir = find_bindir()
    if bindir is None:
        return None
    base = Path(tempfile.mkdtemp(prefix="aktorskab-pg-"))
    as_user = None
    if os.geteuid() == 0:
        as_user = "postgres"
        entry = pwd.getpwnam(as_user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
    base.chmod(0o700)
    server = PgServer(bindir, base, free_port(), as_user)
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        log = (base / "server.log").read_text(errors="replace") if (base / "server.log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr!r}\n{log}") from exc
    return server
