"""A sign-in flood beside a normal read: does a case read stay quick; how many passwords checked?

The service runs in this process (``httpx.ASGITransport``) on a fresh SQLite store with a few demo
cases and one IND caseworker whose password hash has the production cost (argon2id, 64 MiB, three
passes). First a case read is timed alone; then again while waves of bad sign-ins run at once,
each from its own address and for a username nobody has (so neither the per-client rate nor the
lock stops them: only the password gate does, as in finding F1 of the December 2026 probe).
Last, a burst of parallel wrong passwords for the caseworker from one address (finding F5).
Every password check is counted.

    python -m bench signin       # make bench
    python -m bench.signin [--flood N] [--reads N] [--burst N]

Exit 0 when the burst checked at most five passwords and the reads all answered 200, whatever
the times; 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from migrationpact.auth import users as users_module
from migrationpact.auth.passwords import hash_password, verify_password
from migrationpact.auth.tokens import DevIssuer
from migrationpact.demo.load import load_demo
from migrationpact.server import build_services, create_app
from migrationpact.services.settings import ServiceSettings
from migrationpact.store import service

BASE = "https://bench.test"
PASSWORD = "bench-password-2026"
CASE = "DEMO-0001"


@dataclass(frozen=True)
class Settings:
    flood: int = 50  # bad sign-ins at once, in every wave
    reads: int = 40  # case reads timed alone, and again under the flood
    burst: int = 50  # parallel wrong passwords for one username from one address
    hasher: Callable[[str], str] = hash_password  # the production cost by default


@dataclass
class Report:
    alone: list[float] = field(default_factory=list)
    flooded: list[float] = field(default_factory=list)
    read_statuses: Counter[int] = field(default_factory=Counter)
    flood_statuses: Counter[int] = field(default_factory=Counter)
    flood_checked: int = 0
    burst_statuses: Counter[int] = field(default_factory=Counter)
    burst_checked: int = 0

    @property
    def ok(self) -> bool:
        return self.burst_checked <= 5 and set(self.read_statuses) == {200}


class Counting:
    """Wraps ``verify_password`` in the user directory: counts the checks."""

    def __init__(self) -> None:
        self.checked = 0
        self._lock = threading.Lock()
        self._real = verify_password

    def __call__(self, password_hash: str, password: str) -> bool:
        with self._lock:
            self.checked += 1
        return self._real(password_hash, password)

    def take(self) -> int:
        with self._lock:
            taken, self.checked = self.checked, 0
        return taken


def run(settings: Settings, workdir: Path) -> Report:
    users_file = workdir / "users.yaml"
    users_file.write_text(
        "users:\n  - username: ind-caseworker\n    name: Bench\n    organisation: IND\n"
        f"    role: caseworker\n    password_hash: '{settings.hasher(PASSWORD)}'\n",
        encoding="utf-8",
    )
    url = f"sqlite:///{workdir / 'signin.db'}"
    service.upgrade_database(url)
    configured = ServiceSettings(public_url=BASE, database_url=url, users_file=users_file)
    issuer = DevIssuer.generate(issuer=BASE)
    services = build_services(configured, issuer=issuer)
    load_demo(store=services.store, cases=2)
    user = services.users.get("ind-caseworker")
    assert user is not None
    bearer = {"Authorization": f"Bearer {issuer.sign(user, audience=configured.audience)}"}
    app = create_app(configured, services=services)
    counting = Counting()
    setattr(users_module, "verify_password", counting)  # noqa: B010 - count every check
    try:
        return asyncio.run(_measure(app, bearer, settings, counting))
    finally:
        setattr(users_module, "verify_password", verify_password)  # noqa: B010
        services.door.gate.close()
        services.store.engine.dispose()


def _client(app: object, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=transport, base_url=BASE, timeout=300)


async def _measure(
    app: object, bearer: dict[str, str], settings: Settings, counting: Counting
) -> Report:
    report = Report()
    async with _client(app, "10.1.0.1") as reader:

        async def read() -> float:
            started = time.perf_counter()
            answer = await reader.get(f"/v1/cases/{CASE}", headers=bearer)
            report.read_statuses[answer.status_code] += 1
            return time.perf_counter() - started

        await read()  # warm up
        report.read_statuses.clear()
        report.alone = [await read() for _ in range(settings.reads)]
        done = asyncio.Event()

        async def flood() -> None:
            wave = 0
            while not done.is_set():
                wave += 1
                answers = await asyncio.gather(
                    *(
                        _bad_sign_in(app, f"10.2.{wave % 250}.{n % 250}")
                        for n in range(settings.flood)
                    )
                )
                report.flood_statuses.update(answers)

        flooding = asyncio.create_task(flood())
        await asyncio.sleep(0.05)  # let the first wave in
        report.flooded = [await read() for _ in range(settings.reads)]
        done.set()
        await flooding
        report.flood_checked = counting.take()

    async with _client(app, "10.3.0.1") as attacker:
        answers = await asyncio.gather(
            *(
                attacker.post(
                    "/v1/auth/token", data={"username": "ind-caseworker", "password": f"w{n}"}
                )
                for n in range(settings.burst)
            )
        )
    report.burst_statuses.update(a.status_code for a in answers)
    report.burst_checked = counting.take()
    return report


async def _bad_sign_in(app: object, address: str) -> int:
    async with _client(app, address) as client:
        answer = await client.post(
            "/v1/auth/token", data={"username": f"x{uuid.uuid4().hex}", "password": "p"}
        )
        return answer.status_code


def _ms(seconds: Sequence[float]) -> str:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1000:7.1f} ms, p99 {p99 * 1000:7.1f} ms"


def render(report: Report, settings: Settings) -> str:
    def statuses(counted: Counter[int]) -> str:
        return ", ".join(f"{code}: {n}" for code, n in sorted(counted.items()))

    attempts = sum(report.flood_statuses.values())
    return "\n".join(
        [
            f"case read alone        ({len(report.alone)} reads): {_ms(report.alone)}",
            f"case read under flood  ({len(report.flooded)} reads): {_ms(report.flooded)}",
            f"flood: {attempts} bad sign-ins in waves of {settings.flood} from as many "
            f"addresses ({statuses(report.flood_statuses)}); passwords checked: "
            f"{report.flood_checked}",
            f"burst: {settings.burst} wrong passwords for one user from one address "
            f"({statuses(report.burst_statuses)}); passwords checked: {report.burst_checked} "
            "(at most 5)",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.signin", description=__doc__)
    parser.add_argument("--flood", type=int, default=Settings.flood)
    parser.add_argument("--reads", type=int, default=Settings.reads)
    parser.add_argument("--burst", type=int, default=Settings.burst)
    args = parser.parse_args(argv if argv is not None else [])
    settings = Settings(flood=args.flood, reads=args.reads, burst=args.burst)
    with tempfile.TemporaryDirectory(prefix="mp-signin-") as workdir:
        report = run(settings, Path(workdir))
    print(render(report, settings))
    if not report.ok:
        print("FAILED: the burst checked more than 5 passwords, or a read failed")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
