"""A service on a test database with one IND caseworker and a case, reached from many addresses.

The sign-in tests send requests at once from the same or from different clients, so they talk to
the app through ``httpx.AsyncClient`` over ``ASGITransport``, which names the client's address
(the key of the sign-in rate and lock). ``CountingChecks`` stands in for ``verify_password``:
it counts the password checks and the threads they ran on, each taking about argon2's time so
that a burst is in flight at once.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from migrationpact.auth.passwords import verify_password
from migrationpact.auth.tokens import DevIssuer
from migrationpact.server import build_services, create_app
from migrationpact.services.container import Services
from migrationpact.services.settings import ServiceSettings
from tests.integration.web.world import populate
from tests.support.passwords import CHEAP

BASE = "https://testserver"
PASSWORD = "ann-password"
CASE = "C-TODAY"


class CountingChecks:
    """Counts password checks (and their threads' names); each takes about ``seconds``."""

    def __init__(self, seconds: float = 0.05) -> None:
        self.checked = 0
        self.threads: set[str] = set()
        self._seconds = seconds
        self._lock = threading.Lock()
        self._real = verify_password

    def __call__(self, password_hash: str, password: str) -> bool:
        with self._lock:
            self.checked += 1
            self.threads.add(threading.current_thread().name)
        time.sleep(self._seconds)
        return self._real(password_hash, password)


@dataclass
class Service:
    app: FastAPI
    services: Services
    issuer: DevIssuer

    def client(self, address: str = "10.0.0.1") -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=self.app, client=(address, 40000))
        return httpx.AsyncClient(transport=transport, base_url=BASE)

    def bearer(self, username: str = "ann") -> dict[str, str]:
        user = self.services.users.get(username)
        assert user is not None
        return {"Authorization": f"Bearer {self.issuer.sign(user, audience='migrationpact')}"}


def users_file(tmp_path: Path) -> Path:
    path = tmp_path / "users.yaml"
    path.write_text(
        "users:\n"
        "  - username: ann\n"
        "    name: Ann de Vries\n"
        "    organisation: IND\n"
        "    role: caseworker\n"
        f"    password_hash: '{CHEAP.hash(PASSWORD)}'\n",
        encoding="utf-8",
    )
    return path


def start(db_url: str, tmp_path: Path, **settings: Any) -> Service:
    """The service on ``db_url`` with ann (IND caseworker) and the case ``C-TODAY``."""
    configured = ServiceSettings(
        public_url=BASE, database_url=db_url, users_file=users_file(tmp_path), **settings
    )
    issuer = DevIssuer.generate(issuer=BASE)
    services = build_services(configured, issuer=issuer)
    populate(services.store)
    return Service(create_app(configured, services=services), services, issuer)


async def sign_in(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await client.post("/v1/auth/token", data={"username": username, "password": password})
