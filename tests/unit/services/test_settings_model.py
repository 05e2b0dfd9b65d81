"""The settings object (``services.settings_model``): every variable read with its type and
default, bad values refused in one line naming the variable, the production rules, and the
table of docs/operations.md equal to the declarations."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from migrationpact.services.settings import ServiceSettings, SettingsError
from migrationpact.services.settings_model import (
    FAMILIES,
    EnvironmentSettings,
    effective,
    read_settings,
    secret_fields,
    settings_table,
    variable,
)

DOCS = Path(__file__).parents[3] / "docs" / "operations.md"

#: A good value for every variable and what the settings object makes of it.
GOOD: dict[str, tuple[str, object]] = {
    "env": (" Production ", "production"),
    "public_url": ("https://mp.example", "https://mp.example"),
    "database_url": ("postgresql+psycopg://s@db/mp", "postgresql+psycopg://s@db/mp"),
    "owner_database_url": ("postgresql+psycopg://o@db/mp", "postgresql+psycopg://o@db/mp"),
    "max_body_bytes": ("2048", 2048),
    "lapse_interval_minutes": ("0", 0),
    "future_skew_minutes": ("10", 10),
    "organisation": ("COA", "COA"),
    "oidc_issuer": ("https://idp.example", "https://idp.example"),
    "oidc_jwks_url": ("https://idp.example/k", "https://idp.example/k"),
    "oidc_audience": ("mp", "mp"),
    "oidc_client_id": ("client", "client"),
    "oidc_client_secret": ("s3cret", "s3cret"),
    "oidc_redirect_uri": ("https://mp.example/cb", "https://mp.example/cb"),
    "oidc_post_logout_uri": ("https://mp.example/bye", "https://mp.example/bye"),
    "oidc_scopes": ("openid groups", "openid groups"),
    "oidc_claims_file": ("/etc/claims.yaml", "/etc/claims.yaml"),
    "password_signin": ("0", False),
    "users_file": ("/etc/users.yaml", "/etc/users.yaml"),
    "dev_key_file": ("/var/key.pem", "/var/key.pem"),
    "allow_dev_issuer": ("1", True),
    "cookie_secure": ("0", False),
    "demo": ("1", True),
    "twin_runner": ("0", False),
    "signin_rate": ("5/30", "5/30"),
    "password_checks": ("3", 3),
    "password_queue": ("0", 0),
    "monitor_database_url": ("sqlite:///r.db", "sqlite:///r.db"),
    "monitor_key_dir": ("/keys", "/keys"),
    "monitor_users_file": ("/etc/monitors.yaml", "/etc/monitors.yaml"),
    "monitor_reads_public_key_dir": ("/pub", "/pub"),
    "feed_key": ("f" * 32, "f" * 32),
    "export_key": ("e" * 32, "e" * 32),
    "data_key": ("A" * 43 + "=", "A" * 43 + "="),
    "crisis_register": ("/etc/crisis.yaml", "/etc/crisis.yaml"),
    "rates_dir": ("/rates", "/rates"),
    "metrics_token": ("t0ken", "t0ken"),
    "log_format": ("TEXT", "text"),
    "tracing": ("Console", "console"),
}

DEFAULTS: dict[str, object] = {
    "env": "development",
    "public_url": "http://127.0.0.1:8000",
    "max_body_bytes": 1 << 20,
    "lapse_interval_minutes": 60,
    "future_skew_minutes": 5,
    "oidc_audience": "migrationpact",
    "oidc_scopes": "openid profile",
    "dev_key_file": ".migrationpact/dev-issuer-key.pem",
    "allow_dev_issuer": False,
    "cookie_secure": True,
    "demo": False,
    "twin_runner": True,
    "signin_rate": "20/60",
    "password_checks": 2,
    "password_queue": 8,
    "log_format": "json",
    "tracing": "off",
}

SWITCH, WHOLE = "1 (on) or 0 (off)", "a whole number"
#: A bad value of a variable and what it must be instead, as the refusal says it.
BAD: list[tuple[str, str, str]] = [
    ("PASSWORD_SIGNIN", "yes", SWITCH),
    ("COOKIE_SECURE", "false", SWITCH),
    ("DEMO", "2", SWITCH),
    ("ALLOW_DEV_ISSUER", "on", SWITCH),
    ("MAX_BODY_BYTES", "1MiB", WHOLE),
    ("FUTURE_SKEW_MINUTES", "-1", WHOLE),
    ("LAPSE_INTERVAL_MINUTES", "1.5", WHOLE),
    ("PASSWORD_CHECKS", "two", WHOLE),
    ("PASSWORD_QUEUE", "-3", WHOLE),
    ("SIGNIN_RATE", "20 per minute", "ATTEMPTS/SECONDS such as 20/60"),
]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No MIGRATIONPACT_* variable of the machine running the tests."""
    import os

    for name in list(os.environ):
        if name.startswith("MIGRATIONPACT_"):
            monkeypatch.delenv(name)


def test_every_declared_setting_has_a_good_value_here() -> None:
    assert set(GOOD) == set(EnvironmentSettings.model_fields)


def test_every_variable_is_read_with_its_type(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, (raw, _) in GOOD.items():
        monkeypatch.setenv(variable(name), raw)
    settings = read_settings()
    for name, (_, expected) in GOOD.items():
        value = getattr(settings, name)
        if name in secret_fields():
            assert value.get_secret_value() == expected, name
        else:
            assert value == expected, name


def test_unset_and_empty_variables_take_their_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIGRATIONPACT_PUBLIC_URL", "")  # empty counts as unset
    settings = read_settings()
    for name in EnvironmentSettings.model_fields:
        assert getattr(settings, name) == DEFAULTS.get(name), name
    assert settings.rate == (20, 60)


@pytest.mark.parametrize(("name", "raw", "shape"), BAD)
def test_a_bad_value_is_refused_in_one_line(
    monkeypatch: pytest.MonkeyPatch, name: str, raw: str, shape: str
) -> None:
    monkeypatch.setenv(f"MIGRATIONPACT_{name}", raw)
    with pytest.raises(SettingsError) as refused:
        ServiceSettings.from_env()
    assert str(refused.value) == f"MIGRATIONPACT_{name} must be {shape}, not {raw!r}"


def test_the_service_view_is_derived_from_the_object(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("future_skew_minutes", "lapse_interval_minutes", "signin_rate", "users_file"):
        monkeypatch.setenv(variable(name), GOOD[name][0])
    monkeypatch.setenv("MIGRATIONPACT_OIDC_CLIENT_SECRET", "s3cret")
    service = ServiceSettings.from_env()
    assert service.future_skew == timedelta(minutes=10)
    assert service.lapse_interval is None  # 0: the scheduler never runs
    assert (service.signin_rate, service.signin_rate_seconds) == (5, 30)
    assert service.users_file == Path("/etc/users.yaml")
    assert service.oidc_client_secret == "s3cret"
    assert (
        ServiceSettings.from_env(public_url="https://x.example").public_url == "https://x.example"
    )


def test_production_refuses_the_demo_and_an_unknown_mode() -> None:
    with pytest.raises(SettingsError, match=r"^MIGRATIONPACT_DEMO=1 is refused"):
        ServiceSettings(environment="production", allow_dev_issuer=True, demo=True).check()
    with pytest.raises(SettingsError) as refused:
        ServiceSettings(environment="prodution").check()
    assert str(refused.value) == (
        "MIGRATIONPACT_ENV must be development or production, not 'prodution'"
    )
    ServiceSettings(demo=True).check()  # development: the demo as before


def test_production_advice_names_what_to_fix() -> None:
    assert ServiceSettings().production_advice() == []  # not in production
    loose = ServiceSettings(environment="production", allow_dev_issuer=True)
    assert [line.split()[0] for line in loose.production_advice()] == [
        "MIGRATIONPACT_PUBLIC_URL",
        "MIGRATIONPACT_ALLOW_DEV_ISSUER=1:",
        "MIGRATIONPACT_METRICS_TOKEN",
    ]
    tight = ServiceSettings(
        environment="production",
        public_url="https://mp.example",
        oidc_issuer="https://idp.example",
        metrics_token="t",
    )
    tight.check()
    assert tight.production_advice() == []
    assert (
        "MIGRATIONPACT_PASSWORD_SIGNIN=1"
        in ServiceSettings(
            environment="production", password_signin_setting=True, oidc_issuer="https://i"
        ).production_advice()[1]
    )


def test_secrets_are_masked_in_the_effective_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in secret_fields():
        monkeypatch.setenv(variable(name), GOOD[name][0])
    shown = effective(read_settings())
    assert set(secret_fields()) == {
        "oidc_client_secret", "feed_key", "export_key", "metrics_token", "data_key"
    }  # fmt: skip
    for name in secret_fields():
        assert shown[variable(name)] == "****"
    assert shown["MIGRATIONPACT_DATABASE_URL"] is None
    assert shown["MIGRATIONPACT_COOKIE_SECURE"] == "1"


def test_the_docs_table_equals_the_settings_object() -> None:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("<!-- settings-table:start -->\n") + len("<!-- settings-table:start -->\n")
    end = text.index("<!-- settings-table:end -->")
    assert text[start:end] == settings_table()
    for family in FAMILIES:
        assert f"MIGRATIONPACT_{family}" in text[start:end]
