"""A sign-in flood cannot stall the service, guess past the lock, or lock the owner out.

Findings F1, F5 and F6 of the December 2026 probe, on SQLite and PostgreSQL: every password
check ran, unbounded, on the threads that serve every route; parallel attempts got 15–30
guesses past the five-attempt lock; and anyone could keep a named user locked out. Counts and
statuses are asserted, never wall-clock times.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from migrationpact.store.database import read_transaction
from migrationpact.store.tables import access_log
from tests.support.aio import run_async
from tests.support.signin import (
    CASE,
    PASSWORD,
    CountingChecks,
    Service,
    sign_in,
    start,
)


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> CountingChecks:
    counting = CountingChecks()
    monkeypatch.setattr("migrationpact.auth.users.verify_password", counting)
    return counting


async def _flood(service: Service, usernames: list[str]) -> tuple[Counter[int], int, set[str]]:
    """Bad sign-ins for ``usernames`` all at once from one client, and a case read among
    them: the statuses, the read's status and the ``Retry-After`` values of the refusals."""
    async with service.client("10.0.0.66") as attacker, service.client("10.0.0.1") as reader:
        attempts = [sign_in(attacker, name, "wrong") for name in usernames]
        read = reader.get(f"/v1/cases/{CASE}", headers=service.bearer())
        *answers, case = await asyncio.gather(*attempts, read)
    refusals = {a.headers.get("Retry-After", "") for a in answers if a.status_code != 401}
    return Counter(a.status_code for a in answers), case.status_code, refusals


def test_fifty_parallel_bad_sign_ins_check_at_most_five_passwords(
    db_url: str, tmp_path: Path, checks: CountingChecks
) -> None:
    # Room for all fifty in the gate and the rate: only the lock may stop them.
    service = start(db_url, tmp_path, password_queue=100, signin_rate=1000)
    statuses, read, _ = run_async(_flood(service, ["ann"] * 50))
    assert read == 200
    assert checks.checked <= 5
    assert statuses[401] == 4  # the fifth failure answers "locked"
    assert statuses[429] == 46
    assert service.services.users.failures("ann") == 5
    assert checks.threads
    assert all(name.startswith("password") for name in checks.threads)


def test_a_flood_of_unknown_usernames_is_refused_before_hashing(
    db_url: str, tmp_path: Path, checks: CountingChecks
) -> None:
    service = start(db_url, tmp_path)  # the defaults: 2 checks + 8 waiting, 20 a minute
    names = [f"x{uuid.uuid4().hex}" for _ in range(50)]
    statuses, read, retry_after = run_async(_flood(service, names))
    assert read == 200
    assert set(statuses) <= {401, 429, 503}
    assert statuses[401] == checks.checked <= 10  # at most the gate's room was ever checked
    assert statuses[429] == 30  # over the client's rate of 20
    assert "" not in retry_after  # every refusal says when to come back
    assert checks.threads <= {f"password_{n}" for n in range(2)}


def test_a_full_gate_answers_503_with_retry_after_before_hashing(
    db_url: str, tmp_path: Path, checks: CountingChecks
) -> None:
    service = start(db_url, tmp_path, password_checks=1, password_queue=0)

    async def two_at_once() -> list[httpx.Response]:
        async with service.client("10.0.0.7") as one, service.client("10.0.0.8") as two:
            return list(await asyncio.gather(sign_in(one, "ann", "w1"), sign_in(two, "bob", "w2")))

    answers = run_async(two_at_once())
    assert sorted(a.status_code for a in answers) == [401, 503]
    busy = next(a for a in answers if a.status_code == 503)
    assert busy.headers["Retry-After"] == "1"
    assert busy.json()["type"].endswith("/busy")
    assert checks.checked == 1


def test_the_client_rate_limits_sign_in_per_address(db_url: str, tmp_path: Path) -> None:
    service = start(db_url, tmp_path, signin_rate=3, signin_rate_seconds=60)

    async def attempts() -> list[int]:
        async with service.client("10.0.0.9") as noisy, service.client("10.0.0.10") as other:
            codes = [(await sign_in(noisy, f"u{n}", "wrong")).status_code for n in range(4)]
            limited = await sign_in(noisy, "ann", PASSWORD)
            assert limited.headers["Retry-After"].isdigit()
            assert limited.json()["type"].endswith("/too-many-requests")
            codes.append(limited.status_code)
            codes.append((await sign_in(other, "ann", PASSWORD)).status_code)
            return codes

    assert run_async(attempts()) == [401, 401, 401, 429, 429, 200]


def test_a_stranger_cannot_lock_the_owner_out_and_the_lock_is_logged(
    db_url: str, tmp_path: Path
) -> None:
    service = start(db_url, tmp_path)
    service.services.users._delay_base = 0.0  # the progressive delay has a test of its own

    async def stranger_then_owner() -> list[int]:
        async with service.client("10.0.0.66") as stranger, service.client("10.0.0.1") as owner:
            codes = [(await sign_in(stranger, "ann", f"guess{n}")).status_code for n in range(6)]
            codes.append((await sign_in(stranger, "ann", PASSWORD)).status_code)
            codes.append((await sign_in(owner, "ann", PASSWORD)).status_code)
            codes.append((await sign_in(stranger, "ann", PASSWORD)).status_code)
            return codes

    # Locked for the stranger's address (even the right password), not for the owner's; the
    # owner's sign-in does not lift the stranger's lock.
    assert run_async(stranger_then_owner()) == [401, 401, 401, 401, 429, 429, 429, 200, 429]
    with read_transaction(service.services.engine) as conn:
        rows = conn.execute(select(access_log).where(access_log.c.action == "sign-in.locked"))
        logged = rows.all()
    assert len(logged) == 1  # one row per lockout, not per refused attempt
    assert (logged[0].actor, logged[0].outcome, logged[0].organisation) == (
        "sign-in:ann", "denied", "IND",
    )  # fmt: skip
    assert "10.0.0.66" not in logged[0].purpose
