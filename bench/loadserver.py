"""The server under load: a fresh database, a users file, and ``migrationpact serve`` as a process.

``Server`` starts ``migrationpact serve`` in a process group of its own (so SIGKILL reaches the
uvicorn supervisor and every worker at once), waits for ``GET /v1/health``, and can be killed and
started again on the same port. The users file and the built-in issuer's signing key live in a
temporary directory that outlives the restarts, so tokens issued before a kill stay valid after
it (same key, same issuer URL).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import yaml
from sqlalchemy.engine import make_url

from migrationpact.auth.passwords import hash_password
from migrationpact.store.service import upgrade_database

#: username → (organisation, role) of the people the load generator signs in as.
PEOPLE: dict[str, tuple[str, str]] = {
    "load-ind": ("IND", "caseworker"),
    "load-kmar": ("KMar", "caseworker"),
}


_SEARCH_PATH = "-csearch_path="


def conninfo(url: str) -> str:
    """A libpq URL (``postgresql://…``) from a SQLAlchemy one (``postgresql+psycopg://…``)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_database(base: str, name: str, *, schema: bool = False) -> str:
    """Create database ``name`` on the server of ``base`` (or schema ``name`` in it); its URL."""
    url = make_url(conninfo(base))
    if schema:
        with psycopg.connect(conninfo(base), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
        place = url.update_query_dict({"options": f"{_SEARCH_PATH}{name}"})
        return place.render_as_string(hide_password=False)
    admin = url.set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop what ``create_database`` made: the database, or the schema named in ``url``."""
    parsed = make_url(conninfo(url))
    options = parsed.query.get("options")
    if isinstance(options, str) and options.startswith(_SEARCH_PATH):
        home = parsed.difference_update_query(["options"]).render_as_string(hide_password=False)
        with psycopg.connect(home, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{options.removeprefix(_SEARCH_PATH)}" CASCADE')
        return
    admin = parsed.set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def command() -> list[str]:
    """How to run the ``migrationpact`` command of this interpreter's environment."""
    beside = Path(sys.executable).parent / "migrationpact"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("migrationpact")
    return [found] if found else [sys.executable, "-m", "migrationpact"]


def upgrade(url: str) -> None:
    """What ``migrationpact db upgrade --database URL`` does, run in this process."""
    upgrade_database(url)


@dataclass
class Credentials:
    """The users file and the issuer key (in ``directory``) and each user's password."""

    directory: Path
    passwords: dict[str, str] = field(default_factory=dict)

    @property
    def users_file(self) -> Path:
        return self.directory / "users.yaml"

    @property
    def key_file(self) -> Path:
        return self.directory / "dev-issuer-key.pem"

    @classmethod
    def write(cls, directory: Path) -> Credentials:
        made = cls(directory, {name: secrets.token_urlsafe(18) for name in PEOPLE})
        users: list[dict[str, Any]] = [
            {
                "username": name,
                "name": f"Load generator ({org})",
                "organisation": org,
                "role": role,
                "password_hash": hash_password(made.passwords[name]),
                "language": "en",
            }
            for name, (org, role) in PEOPLE.items()
        ]
        made.users_file.write_text(yaml.safe_dump({"users": users}), encoding="utf-8")
        return made


class Server:
    """``migrationpact serve`` on ``port``, startable again after a kill."""

    def __init__(self, database: str, port: int, workers: int, creds: Credentials) -> None:
        self.database = database
        self.port = port
        self.workers = workers
        self.creds = creds
        self.base_url = f"http://127.0.0.1:{port}"
        self.log_path = creds.directory / "server.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MIGRATIONPACT_")}
        env["MIGRATIONPACT_USERS_FILE"] = str(self.creds.users_file)
        env["MIGRATIONPACT_DEV_KEY_FILE"] = str(self.creds.key_file)
        env["MIGRATIONPACT_PUBLIC_URL"] = self.base_url
        # The load measures the clients' writes; the lapse scheduler would add the system's own
        # events to the store the run checks (and its writes to the timings).
        env["MIGRATIONPACT_LAPSE_INTERVAL_MINUTES"] = "0"
        if env.pop("PYTHONDONTWRITEBYTECODE", None):
            # A deployed server runs from compiled bytecode (an installed wheel is compiled);
            # without it every start compiles the whole package again, about 0.5 s of CPU a
            # process. The bytecode goes to the run's temporary directory, not the source tree:
            # the first start writes it, the restart after the kill reads it.
            env["PYTHONPYCACHEPREFIX"] = str(self.creds.directory / "pycache")
        return env

    def start(self) -> None:
        """Start the process (in a new session: its own process group); does not wait."""
        self.starts += 1
        args = [*command(), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        args += ["--database", self.database, "--workers", str(self.workers)]
        with self.log_path.open("ab") as log:
            log.write(f"\n--- start {self.starts}: {' '.join(args)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                args, env=self._env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_healthy(self, timeout: float = 60.0) -> float:
        """Poll ``GET /v1/health`` until it answers 200; the seconds it took."""
        started = time.perf_counter()
        deadline = started + timeout
        with httpx.Client(base_url=self.base_url, timeout=2.0) as client:
            while time.perf_counter() < deadline:
                if self.process is not None and self.process.poll() is not None:
                    raise RuntimeError(f"the server exited with {self.process.returncode}: "
                                       f"{self.log_tail()}")  # fmt: skip
                try:
                    if client.get("/v1/health").status_code == 200:
                        return time.perf_counter() - started
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        raise RuntimeError(f"the server did not answer /v1/health in {timeout:g} s: "
                           f"{self.log_tail()}")  # fmt: skip

    def kill(self) -> None:
        """SIGKILL the whole process group: the supervisor and every worker, no clean-up."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._wait_port_free()

    def _wait_port_free(self, timeout: float = 10.0) -> None:
        """Until the port can be bound again (the workers, too, are gone); uvicorn's options."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    sock.bind(("127.0.0.1", self.port))
                    return
                except OSError:
                    time.sleep(0.01)

    def stop(self) -> None:
        """SIGTERM the process group (a clean shutdown), SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
        except ProcessLookupError:
            pass

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])

    def token(self, username: str) -> str:
        """A bearer token from the built-in issuer for one of ``PEOPLE``."""
        form = {
            "username": username,
            "password": self.creds.passwords[username],
            "grant_type": "password",
        }
        answer = httpx.post(f"{self.base_url}/v1/auth/token", data=form, timeout=30.0)
        if answer.status_code != 200:
            raise RuntimeError(f"POST /v1/auth/token for {username}: {answer.status_code} "
                               f"{answer.text[:300]}")  # fmt: skip
        token: str = answer.json()["access_token"]
        return token
