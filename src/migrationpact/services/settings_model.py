"""Every ``MIGRATIONPACT_*`` variable the service reads, in one pydantic-settings object.

``EnvironmentSettings`` is the list an operator configures: one field per variable, named as
the variable without its ``MIGRATIONPACT_`` prefix (``public_url`` is
``MIGRATIONPACT_PUBLIC_URL``), with its type, its default and a description. Building it reads
the environment and checks every value; a value that cannot be used raises ``SettingsError``
with one line that names the variable, the same lines the service has always printed (``serve``
ends with them and exit code 2). ``services.settings.ServiceSettings`` is the service's view
derived from it (minutes as durations, the sign-in rate as two numbers, the production rules).

A few settings are families of variables, one per monitoring body (``FAMILIES``); the pure
packages that use them (``law``, ``store``, ``monitoring_store``) keep reading them by name,
with an explicit argument for tests, and they are listed here so that the documentation is
complete. ``settings_table`` writes the table of docs/operations.md from these declarations
(a test keeps the two equal).
"""

from __future__ import annotations

import base64
import functools
import os
import re
from typing import Any

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PREFIX = "MIGRATIONPACT_"
_RATE = re.compile(r"^\s*(\d{1,6})\s*/\s*(\d{1,6})\s*$")
_SWITCHES = ("password_signin", "cookie_secure", "demo", "allow_dev_issuer", "twin_runner")
_NUMBERS = (
    "future_skew_minutes",
    "lapse_interval_minutes",
    "max_body_bytes",
    "password_checks",
    "password_queue",
)
_WORDS = ("env", "log_format", "tracing")


class SettingsError(ValueError):
    """The settings cannot be used; the message is one line naming the setting."""


def variable(field: str) -> str:
    """The environment variable of ``field`` (``public_url`` → ``MIGRATIONPACT_PUBLIC_URL``)."""
    return PREFIX + field.upper()


class EnvironmentSettings(BaseSettings):
    """The service's configuration as the environment gives it (docs/operations.md)."""

    model_config = SettingsConfigDict(
        env_prefix=PREFIX, env_ignore_empty=True, extra="ignore", frozen=True
    )

    # --- where it runs -----------------------------------------------------------------------
    env: str = Field(
        default="development",
        description="`production` switches the production checks on (ServiceSettings.check); "
        "`development` otherwise.",
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Where users reach the service (`https://…` behind the reverse proxy); "
        "`serve` sets it from --host and --port when unset.",
    )
    database_url: str | None = Field(
        default=None,
        description="The case store: `sqlite:///path` or `postgresql+psycopg://app_user@…` "
        "(unset: SQLite `./migrationpact.db`).",
    )
    owner_database_url: str | None = Field(
        default=None,
        description="The store's owner role, for `db upgrade` and `db grant` "
        "(docs/store.md; unset: MIGRATIONPACT_DATABASE_URL).",
    )
    max_body_bytes: int = Field(
        default=1 << 20, description="The largest request body read, in bytes."
    )
    lapse_interval_minutes: int = Field(
        default=60,
        description="How often the server records the lapses due (once at start, then every "
        "so many minutes; `0`: never, run `cases lapse` instead).",
    )
    future_skew_minutes: int = Field(
        default=5, description="How far ahead of the server's clock a person may date an event."
    )
    organisation: str | None = Field(
        default=None,
        description="The organisation a command-line operator acts for (unset: the "
        "command's own default, e.g. IND).",
    )
    # --- sign-in -----------------------------------------------------------------------------
    oidc_issuer: str | None = Field(
        default=None,
        description="The OpenID Connect provider (docs/auth.md); unset: the built-in "
        "development issuer.",
    )
    oidc_jwks_url: str | None = Field(
        default=None, description="The provider's JWKS (unset: `<issuer>/.well-known/jwks.json`)."
    )
    oidc_audience: str = Field(
        default="migrationpact", description="The audience tokens must name."
    )
    oidc_client_id: str | None = Field(
        default=None, description="Web sign-in: the client id registered at the provider."
    )
    oidc_client_secret: SecretStr | None = Field(
        default=None, description="Web sign-in: the client's secret (masked by `settings show`)."
    )
    oidc_redirect_uri: str | None = Field(
        default=None, description="The callback (unset: `<public url>/auth/oidc/callback`)."
    )
    oidc_post_logout_uri: str | None = Field(
        default=None,
        description="Where the provider returns after signing out (unset: `<public url>/login`).",
    )
    oidc_scopes: str = Field(
        default="openid profile",
        description="The scopes asked for, separated by spaces (with `openid`).",
    )
    oidc_claims_file: str | None = Field(
        default=None,
        description="The claim mapping: claim values to organisation and role (unset: the "
        "claims `organisation` and `role` as they are).",
    )
    password_signin: bool | None = Field(
        default=None,
        description="`1`/`0`: the password sign-in form (unset: on, off in production).",
    )
    users_file: str | None = Field(default=None, description="The users file for password sign-in.")
    dev_key_file: str = Field(
        default=".migrationpact/dev-issuer-key.pem",
        description="The built-in issuer's signing key (created when missing).",
    )
    allow_dev_issuer: bool = Field(
        default=False,
        description="`1`: production may start with the built-in issuer (a test bed).",
    )
    cookie_secure: bool = Field(
        default=True, description="`0` only for plain-HTTP development hosts other than localhost."
    )
    demo: bool = Field(
        default=False, description="`1`: sign in the demo users (never in production)."
    )
    twin_runner: bool = Field(
        default=True,
        description="`0`: the server does not run the chain twin's queued runs (default `1`: one "
        "at a time; `services.twin_runner`).",
    )
    signin_rate: str = Field(
        default="20/60", description="Sign-in attempts per client: `ATTEMPTS/SECONDS`."
    )
    password_checks: int = Field(default=2, description="Password checks at once per process.")
    password_queue: int = Field(
        default=8, description="Attempts that may wait for a password check; more: 503."
    )
    # --- monitoring register -------------------------------------------------------------------
    monitor_database_url: str | None = Field(
        default=None,
        description="The monitoring register (docs/monitoring.md; unset: SQLite "
        "`./migrationpact-monitor.db`).",
    )
    monitor_key_dir: str | None = Field(
        default=None, description="The bodies' key files (unset: `./monitor-keys`)."
    )
    monitor_users_file: str | None = Field(
        default=None, description="The register's users file (monitors of the two bodies only)."
    )
    monitor_reads_public_key_dir: str | None = Field(
        default=None,
        description="Where `<BODY>.reads.pub` files seal the monitors' reads in the case "
        "store's access log.",
    )
    feed_key: SecretStr | None = Field(
        default=None,
        description="The case system's key that signs the monitoring feed (32 characters or more).",
    )
    # --- data ----------------------------------------------------------------------------------
    export_key: SecretStr | None = Field(
        default=None, description="Signs `cases export` files (32 characters or more)."
    )
    data_key: SecretStr | None = Field(
        default=None,
        description="The key-encryption key that wraps each case's personal-data key (base64 of "
        "32 bytes; `store.sealing`); unset: a development key, refused in production.",
    )
    crisis_register: str | None = Field(
        default=None, description="The crisis register file (unset: the shipped, empty one)."
    )
    rates_dir: str | None = Field(
        default=None, description="The directory of imported recognition-rate editions."
    )
    # --- observability -------------------------------------------------------------------------
    metrics_token: SecretStr | None = Field(
        default=None,
        description="The bearer token Prometheus scrapes `/metrics` with (unset: only clients "
        "on this machine may).",
    )
    log_format: str = Field(default="json", description="`json` (one object a line) or `text`.")
    tracing: str = Field(
        default="off", description="OpenTelemetry tracing: `off`, `console` or `otlp`."
    )

    @field_validator(*_SWITCHES, mode="before")
    @classmethod
    def _switch(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str):
            if value.strip() not in ("0", "1"):
                raise ValueError(
                    f"{variable(str(info.field_name))} must be 1 (on) or 0 (off), not {value!r}"
                )
            return value.strip() == "1"
        return value

    @field_validator(*_NUMBERS, mode="before")
    @classmethod
    def _number(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str):
            if not (value.strip().isascii() and value.strip().isdigit()):
                raise ValueError(
                    f"{variable(str(info.field_name))} must be a whole number, not {value!r}"
                )
            return int(value)
        return value

    @field_validator(*_WORDS, mode="before")
    @classmethod
    def _word(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("data_key")
    @classmethod
    def _data_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            try:
                raw = base64.b64decode(value.get_secret_value().strip(), validate=True)
            except ValueError:
                raw = b""
            if len(raw) != 32:
                raise ValueError(
                    "MIGRATIONPACT_DATA_KEY must be 32 bytes in base64 (44 characters)"
                )
        return value

    @field_validator("signin_rate")
    @classmethod
    def _rate(cls, value: str) -> str:
        if _RATE.match(value) is None:
            raise ValueError(
                f"MIGRATIONPACT_SIGNIN_RATE must be ATTEMPTS/SECONDS such as 20/60, not {value!r}"
            )
        return value

    @property
    def rate(self) -> tuple[int, int]:
        """The sign-in rate as (attempts, seconds)."""
        found = _RATE.match(self.signin_rate)
        assert found is not None  # checked when read
        return int(found.group(1)), int(found.group(2))


#: The settings that are a family of variables, one per monitoring body.
FAMILIES: dict[str, str] = {
    "MONITOR_KEY_<BODY>": "A body's key-encryption key, instead of its file in the key "
    "directory (base64, 32 bytes).",
    "MONITOR_READS_KEY_<BODY>": "A body's private key that opens its sealed reads, instead of "
    "its file.",
    "MONITOR_READS_PUBLIC_KEY_<BODY>": "A body's public key that seals its reads in the "
    "access log (or `<BODY>.reads.pub` in MIGRATIONPACT_MONITOR_READS_PUBLIC_KEY_DIR).",
}


def read_settings() -> EnvironmentSettings:
    """The settings in the environment now; ``SettingsError`` in one line if one is bad.

    The settings depend on the ``MIGRATIONPACT_`` variables only (names in any case), so one
    reading is kept per set of them: pydantic-settings inspects every field's type on each
    reading, which costs more than many commands' own work when the CLI runs in one process.
    """
    ours = tuple(sorted((k, v) for k, v in os.environ.items() if k.upper().startswith(PREFIX)))
    return _settings_of(ours)


@functools.lru_cache(maxsize=16)
def _settings_of(variables: tuple[tuple[str, str], ...]) -> EnvironmentSettings:
    try:
        return EnvironmentSettings()
    except ValidationError as exc:
        raise SettingsError(one_line(exc)) from None


def one_line(exc: ValidationError) -> str:
    """The first problem of ``exc`` as one line that names its variable."""
    first = exc.errors()[0]
    error = first.get("ctx", {}).get("error")
    if isinstance(error, ValueError):
        return str(error)
    name = variable(str(first["loc"][0])) if first["loc"] else PREFIX
    return f"{name}: {first['msg']}, not {first.get('input')!r}"


def secret_fields() -> tuple[str, ...]:
    """The fields whose values are secrets (never printed)."""
    return tuple(
        name
        for name, field in EnvironmentSettings.model_fields.items()
        if "SecretStr" in str(field.annotation)
    )


def effective(settings: EnvironmentSettings) -> dict[str, str | None]:
    """Every variable and its value as text, secrets masked (``****``), unset ones None."""
    shown: dict[str, str | None] = {}
    for name in EnvironmentSettings.model_fields:
        value = getattr(settings, name)
        text: str | None
        if isinstance(value, SecretStr):
            text = "****"
        elif isinstance(value, bool):
            text = "1" if value else "0"
        else:
            text = None if value is None else str(value)
        shown[variable(name)] = text
    return shown


def _default(name: str) -> str:
    default = EnvironmentSettings.model_fields[name].default
    if default is None:
        return "(unset)"
    if isinstance(default, bool):
        return "`1`" if default else "`0`"
    return f"`{default}`"


def _type(name: str) -> str:
    annotation = str(EnvironmentSettings.model_fields[name].annotation)
    if "SecretStr" in annotation:
        return "secret"
    for word, shown in (("bool", "switch 1/0"), ("int", "whole number")):
        if word in annotation:
            return shown
    return "text"


def settings_table() -> str:
    """The Markdown table of every setting for docs/operations.md."""
    rows = ["| Variable | Type | Default | Meaning |", "|---|---|---|---|"]
    for name, field in EnvironmentSettings.model_fields.items():
        rows.append(
            f"| `{variable(name)}` | {_type(name)} | {_default(name)} | {field.description} |"
        )
    for family, meaning in FAMILIES.items():
        rows.append(f"| `{PREFIX}{family}` | secret | (unset) | {meaning} |")
    return "\n".join(rows) + "\n"
