"""The service's settings, read from the environment.

``MIGRATIONPACT_DATABASE_URL``   the store (default: SQLite ``./migrationpact.db``)
``MIGRATIONPACT_PUBLIC_URL``     where users reach the service (default http://127.0.0.1:8000)
``MIGRATIONPACT_OIDC_ISSUER``    an external OpenID Connect issuer; unset: the built-in one
``MIGRATIONPACT_OIDC_JWKS_URL``  its JWKS (default: ``<issuer>/.well-known/jwks.json``)
``MIGRATIONPACT_OIDC_AUDIENCE``  the audience tokens must name (default ``migrationpact``)
``MIGRATIONPACT_OIDC_CLIENT_ID``  web sign-in at the issuer: the client id registered there …
``MIGRATIONPACT_OIDC_CLIENT_SECRET``  … its secret, …
``MIGRATIONPACT_OIDC_REDIRECT_URI``  … the callback (default ``<public url>/auth/oidc/callback``)
``MIGRATIONPACT_OIDC_POST_LOGOUT_URI``  … where the issuer returns after signing out
                                 (default ``<public url>/login``)
``MIGRATIONPACT_OIDC_SCOPES``    … the scopes asked for (default ``openid profile``)
``MIGRATIONPACT_OIDC_CLAIMS_FILE``  the claim mapping: claim values to organisation and role
                                 (``auth.claim_mapping``; unset: the claims ``organisation``
                                 and ``role`` as they are)
``MIGRATIONPACT_PASSWORD_SIGNIN``  ``1``/``0``: the password sign-in form (default: on, off
                                 with ``MIGRATIONPACT_ENV=production``)
``MIGRATIONPACT_USERS_FILE``     the users file for password login (see docs/auth.md)
``MIGRATIONPACT_DEV_KEY_FILE``   the built-in issuer's signing key (created when missing)
``MIGRATIONPACT_COOKIE_SECURE``  ``0`` only for plain-HTTP development hosts other than localhost
``MIGRATIONPACT_DEMO``           ``1``: sign in the demo users (never in production)
``MIGRATIONPACT_FUTURE_SKEW_MINUTES``  how far ahead of the server's clock a person may date an
                                 event (default 5; ``services.recording``)
``MIGRATIONPACT_LAPSE_INTERVAL_MINUTES``  how often the server records the lapses due, once at
                                 start and then every so many minutes (default 60; ``0``: never,
                                 run ``cases lapse`` instead; ``services.scheduler``)
``MIGRATIONPACT_TWIN_RUNNER``    ``0``: the server does not run the chain twin's queued runs
                                 (default ``1``: one at a time; ``services.twin_runner``)
``MIGRATIONPACT_MAX_BODY_BYTES`` the largest request body read (default 1048576, 1 MiB)
``MIGRATIONPACT_ENV``            ``production``: refuse to start with the built-in issuer …
``MIGRATIONPACT_ALLOW_DEV_ISSUER``  … unless this is ``1`` (``serve --allow-dev-issuer``)
``MIGRATIONPACT_SIGNIN_RATE``    sign-in attempts per client: ``ATTEMPTS/SECONDS`` (``20/60``)
``MIGRATIONPACT_PASSWORD_CHECKS``  password checks at once per process (``2``) …
``MIGRATIONPACT_PASSWORD_QUEUE``   … and attempts that may wait for one (``8``); more: 503
``MIGRATIONPACT_MONITOR_DATABASE_URL``  the monitoring register (docs/monitoring.md; default
                                 SQLite ``./migrationpact-monitor.db``) …
``MIGRATIONPACT_MONITOR_KEY_DIR``  … and its bodies' key files (default ``./monitor-keys``)
``MIGRATIONPACT_MONITOR_READS_PUBLIC_KEY_<BODY>``  the bodies' public keys that seal their reads
                                 in the access log (or ``<BODY>.reads.pub`` in
                                 ``MIGRATIONPACT_MONITOR_READS_PUBLIC_KEY_DIR``); read by
                                 ``store.sealed_reads``, without them a monitor's read is refused
``MIGRATIONPACT_METRICS_TOKEN``  the bearer token Prometheus scrapes ``/metrics`` with; unset:
                                 only clients on this machine may (``services.metrics``)
``MIGRATIONPACT_LOG_FORMAT``     ``json`` (default: one object a line) or ``text``
                                 (``observe.logs``)
``MIGRATIONPACT_TRACING``        ``off`` (default), ``console`` or ``otlp`` (``observe.tracing``)
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from migrationpact.auth.claim_mapping import ClaimMapping, ClaimMappingError, load_claim_mapping

PRODUCTION = "production"
_LAPSES = "MIGRATIONPACT_LAPSE_INTERVAL_MINUTES"
_RATE = re.compile(r"^\s*(\d{1,6})\s*/\s*(\d{1,6})\s*$")


class SettingsError(ValueError):
    """The settings cannot be used; the message is one line naming the setting."""


@dataclass(frozen=True)
class ServiceSettings:
    database_url: str | None = None
    public_url: str = "http://127.0.0.1:8000"
    audience: str = "migrationpact"
    oidc_issuer: str | None = None
    oidc_jwks_url: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = field(default=None, repr=False)
    oidc_redirect_uri: str | None = None
    oidc_post_logout_uri: str | None = None
    oidc_scopes: tuple[str, ...] = ("openid", "profile")
    oidc_claims_file: Path | None = None
    #: The password sign-in form (None: on, except in production).
    password_signin_setting: bool | None = None
    users_file: Path | None = None
    dev_key_file: Path = Path(".migrationpact/dev-issuer-key.pem")
    cookie_secure: bool = True
    demo: bool = False
    future_skew: timedelta = timedelta(minutes=5)
    max_body_bytes: int = 1 << 20
    environment: str = "development"
    allow_dev_issuer: bool = False
    signin_rate: int = 20
    signin_rate_seconds: int = 60
    password_checks: int = 2
    password_queue: int = 8
    #: How often the lapse scheduler runs (None: not at all, as for an application built in code).
    lapse_interval: timedelta | None = None
    #: Whether the server runs the chain twin's queued runs (``services.twin_runner``); off for
    #: an application built in code, as the lapse scheduler.
    twin_runner: bool = False
    #: The monitoring register's database and key directory (None: the register's defaults,
    #: ``monitoring_store.register.register_url`` and ``keys.key_dir``; docs/monitoring.md).
    monitor_database_url: str | None = None
    monitor_key_dir: Path | None = None
    #: Who may scrape ``/metrics``: the holder of this token (None: clients on this machine).
    metrics_token: str | None = None
    #: The server's log lines: ``json`` (one object a line) or ``text``.
    log_format: str = "json"
    #: OpenTelemetry tracing: ``off``, ``console`` or ``otlp`` (``observe.tracing``).
    tracing: str = "off"

    @property
    def built_in_issuer(self) -> bool:
        """True when tokens come from the service's own development issuer."""
        return self.oidc_issuer is None

    @property
    def https(self) -> bool:
        """True when users reach the service over TLS (its public URL is ``https``)."""
        return self.public_url.lower().startswith("https://")

    @property
    def production(self) -> bool:
        """True when ``MIGRATIONPACT_ENV`` says the service runs in production."""
        return self.environment == PRODUCTION

    @property
    def password_signin(self) -> bool:
        """Whether people may sign in with a password (off in production unless set)."""
        if self.password_signin_setting is not None:
            return self.password_signin_setting
        return not self.production

    @property
    def oidc_signin(self) -> bool:
        """Whether the web pages sign people in at the OpenID Connect issuer."""
        return self.oidc_issuer is not None and self.oidc_client_id is not None

    def check(self) -> None:
        """``SettingsError`` when the service must not start with these settings."""
        if self.oidc_client_id is not None:
            if self.oidc_issuer is None:
                raise SettingsError(
                    "MIGRATIONPACT_OIDC_CLIENT_ID needs MIGRATIONPACT_OIDC_ISSUER: the provider "
                    "to sign in at"
                )
            if not self.oidc_client_secret:
                raise SettingsError(
                    "MIGRATIONPACT_OIDC_CLIENT_ID needs MIGRATIONPACT_OIDC_CLIENT_SECRET"
                )
            if "openid" not in self.oidc_scopes:
                raise SettingsError("MIGRATIONPACT_OIDC_SCOPES must include openid")
        if self.oidc_claims_file is not None:
            self.claim_mapping()
        if self.production and self.built_in_issuer and not self.allow_dev_issuer:
            raise SettingsError(
                "MIGRATIONPACT_ENV=production needs MIGRATIONPACT_OIDC_ISSUER: the built-in "
                "development issuer is refused (allow it with --allow-dev-issuer or "
                "MIGRATIONPACT_ALLOW_DEV_ISSUER=1)"
            )
        if self.signin_rate < 1 or self.signin_rate_seconds < 1:
            raise SettingsError("MIGRATIONPACT_SIGNIN_RATE needs at least 1 attempt per second")
        if self.log_format not in ("json", "text"):
            raise SettingsError(
                f"MIGRATIONPACT_LOG_FORMAT must be json or text, not {self.log_format!r}"
            )
        if self.tracing not in ("off", "console", "otlp"):
            raise SettingsError(
                f"MIGRATIONPACT_TRACING must be off, console or otlp, not {self.tracing!r}"
            )
        if self.password_checks < 1 or self.password_queue < 0:
            raise SettingsError(
                "MIGRATIONPACT_PASSWORD_CHECKS must be at least 1 and "
                "MIGRATIONPACT_PASSWORD_QUEUE at least 0"
            )

    def claim_mapping(self) -> ClaimMapping | None:
        """The claim mapping of ``oidc_claims_file`` (None: none set); ``SettingsError`` if
        the file is not a valid mapping."""
        if self.oidc_claims_file is None:
            return None
        try:
            return load_claim_mapping(self.oidc_claims_file)
        except ClaimMappingError as exc:
            raise SettingsError(f"MIGRATIONPACT_OIDC_CLAIMS_FILE: {exc}") from None

    @property
    def redirect_uri(self) -> str:
        """Where the issuer sends the browser back with the code."""
        return self.oidc_redirect_uri or self.public_url.rstrip("/") + "/auth/oidc/callback"

    @property
    def post_logout_uri(self) -> str:
        """Where the issuer sends the browser after signing out there."""
        return self.oidc_post_logout_uri or self.public_url.rstrip("/") + "/login"

    @classmethod
    def from_env(cls, **overrides: object) -> ServiceSettings:
        env = os.environ
        users = env.get("MIGRATIONPACT_USERS_FILE")
        values: dict[str, object] = {
            "database_url": env.get("MIGRATIONPACT_DATABASE_URL"),
            "public_url": env.get("MIGRATIONPACT_PUBLIC_URL", cls.public_url),
            "audience": env.get("MIGRATIONPACT_OIDC_AUDIENCE", cls.audience),
            "oidc_issuer": env.get("MIGRATIONPACT_OIDC_ISSUER"),
            "oidc_jwks_url": env.get("MIGRATIONPACT_OIDC_JWKS_URL"),
            "oidc_client_id": env.get("MIGRATIONPACT_OIDC_CLIENT_ID") or None,
            "oidc_client_secret": env.get("MIGRATIONPACT_OIDC_CLIENT_SECRET") or None,
            "oidc_redirect_uri": env.get("MIGRATIONPACT_OIDC_REDIRECT_URI") or None,
            "oidc_post_logout_uri": env.get("MIGRATIONPACT_OIDC_POST_LOGOUT_URI") or None,
            "oidc_scopes": tuple(env.get("MIGRATIONPACT_OIDC_SCOPES", "openid profile").split()),
            "oidc_claims_file": _path(env.get("MIGRATIONPACT_OIDC_CLAIMS_FILE")),
            "password_signin_setting": _switch(env, "MIGRATIONPACT_PASSWORD_SIGNIN"),
            "users_file": Path(users) if users else None,
            "dev_key_file": Path(env.get("MIGRATIONPACT_DEV_KEY_FILE", str(cls.dev_key_file))),
            "cookie_secure": env.get("MIGRATIONPACT_COOKIE_SECURE", "1") != "0",
            "demo": env.get("MIGRATIONPACT_DEMO", "0") == "1",
            "future_skew": _minutes(env.get("MIGRATIONPACT_FUTURE_SKEW_MINUTES"), cls.future_skew),
            "max_body_bytes": int(env.get("MIGRATIONPACT_MAX_BODY_BYTES", str(cls.max_body_bytes))),
            "environment": env.get("MIGRATIONPACT_ENV", cls.environment).strip().lower(),
            "allow_dev_issuer": env.get("MIGRATIONPACT_ALLOW_DEV_ISSUER", "0") == "1",
            "password_checks": _number(env, "MIGRATIONPACT_PASSWORD_CHECKS", cls.password_checks),
            "password_queue": _number(env, "MIGRATIONPACT_PASSWORD_QUEUE", cls.password_queue),
            "lapse_interval": timedelta(minutes=_number(env, _LAPSES, 60)) or None,
            "twin_runner": _switch(env, "MIGRATIONPACT_TWIN_RUNNER") is not False,
            "monitor_database_url": env.get("MIGRATIONPACT_MONITOR_DATABASE_URL"),
            "monitor_key_dir": _path(env.get("MIGRATIONPACT_MONITOR_KEY_DIR")),
            "metrics_token": env.get("MIGRATIONPACT_METRICS_TOKEN") or None,
            "log_format": env.get("MIGRATIONPACT_LOG_FORMAT", cls.log_format).strip().lower(),
            "tracing": env.get("MIGRATIONPACT_TRACING", cls.tracing).strip().lower(),
        }
        rate = env.get("MIGRATIONPACT_SIGNIN_RATE")
        if rate is not None:
            found = _RATE.match(rate)
            if found is None:
                raise SettingsError(
                    "MIGRATIONPACT_SIGNIN_RATE must be ATTEMPTS/SECONDS such as 20/60, "
                    f"not {rate!r}"
                )
            values["signin_rate"], values["signin_rate_seconds"] = map(int, found.groups())
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _switch(env: os._Environ[str], name: str) -> bool | None:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return None
    if raw.strip() not in ("0", "1"):
        raise SettingsError(f"{name} must be 1 (on) or 0 (off), not {raw!r}")
    return raw.strip() == "1"


def _path(text: str | None) -> Path | None:
    return Path(text) if text else None


def _minutes(text: str | None, default: timedelta) -> timedelta:
    """A number of minutes from the environment (``default`` when not set)."""
    if text is None or not text.strip():
        return default
    minutes = int(text)
    if minutes < 0:
        raise ValueError(f"MIGRATIONPACT_FUTURE_SKEW_MINUTES must be 0 or more, got {text!r}")
    return timedelta(minutes=minutes)


def _number(env: os._Environ[str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None:
        return default
    if not (raw.strip().isascii() and raw.strip().isdigit()):
        raise SettingsError(f"{name} must be a whole number, not {raw!r}")
    return int(raw)
