"""``migrationpact users unlock`` and the production guard of ``migrationpact serve``.

An administrator lifts every sign-in lock of a username, and the unlock is in the access log
(F6 of the December 2026 probe asked for an unlock). ``serve`` with ``MIGRATIONPACT_ENV=production``
refuses the built-in development issuer unless told (the probe's informational I3). On SQLite
and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.stored_failures import StoredFailures
from migrationpact.auth.users import User, UserDirectory
from migrationpact.services.settings import ServiceSettings, SettingsError
from migrationpact.store.database import make_engine, read_transaction
from migrationpact.store.tables import access_log
from tests.support.cli import RunCli
from tests.support.passwords import CHEAP

ANN = User("ann", "Ann de Vries", Organisation.IND, Role.CASEWORKER, CHEAP.hash("ann-password"))


def test_an_administrator_unlocks_a_username_and_it_is_logged(db_url: str, run_cli: RunCli) -> None:
    engine = make_engine(db_url)
    directory = UserDirectory([ANN], failure_record=StoredFailures(engine))
    for client in ("10.0.0.1", "10.0.0.2"):
        for _ in range(5):
            directory.attempt("ann", "wrong", client)
    assert directory.locked("ann", "10.0.0.1")
    assert directory.locked("ann", "10.0.0.2")
    done = run_cli("users", "unlock", "ann", "--database", db_url)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.strip() == "Unlocked ann: 10 failed sign-in(s) forgotten."
    assert directory.failures("ann") == 0
    assert directory.authenticate("ann", "ann-password", "10.0.0.1") == ANN
    with read_transaction(engine) as conn:
        rows = conn.execute(select(access_log).where(access_log.c.action == "sign-in.unlocked"))
        logged = rows.all()
    engine.dispose()
    assert len(logged) == 1
    assert logged[0].resource == "user:ann"
    assert logged[0].actor.startswith("cli:")


def test_production_refuses_to_serve_with_the_development_issuer(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIGRATIONPACT_PUBLIC_URL", "http://127.0.0.1:8000")  # serve sets it
    done = run_cli("serve", env={"MIGRATIONPACT_ENV": "production"})
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "--allow-dev-issuer" in done.stderr


def test_production_settings_need_an_oidc_issuer_or_an_explicit_allowance() -> None:
    with pytest.raises(SettingsError, match="development issuer is refused"):
        ServiceSettings(environment="production").check()
    ServiceSettings(environment="production", allow_dev_issuer=True).check()
    ServiceSettings(environment="production", oidc_issuer="https://idp.example").check()
    ServiceSettings().check()  # development: the built-in issuer as before


def test_sign_in_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIGRATIONPACT_SIGNIN_RATE", "5/30")
    monkeypatch.setenv("MIGRATIONPACT_PASSWORD_CHECKS", "3")
    monkeypatch.setenv("MIGRATIONPACT_ENV", "Production")
    settings = ServiceSettings.from_env()
    assert (settings.signin_rate, settings.signin_rate_seconds) == (5, 30)
    assert (settings.password_checks, settings.production) == (3, True)
    monkeypatch.setenv("MIGRATIONPACT_SIGNIN_RATE", "lots")
    with pytest.raises(SettingsError, match="ATTEMPTS/SECONDS"):
        ServiceSettings.from_env()
