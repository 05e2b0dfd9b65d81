"""The service's settings: what the running service uses, derived from the environment.

Every ``MIGRATIONPACT_*`` variable, with its type, default and meaning, is declared once in
``services.settings_model.EnvironmentSettings`` (pydantic-settings; the table in
docs/operations.md is written from it). ``ServiceSettings.from_env`` reads that object and turns
it into the values the service works with: minutes as durations, the sign-in rate as two
numbers, paths as paths, the password form on or off by the mode. ``check`` holds every rule
that stops the service from starting, the production rules among them, each as one line naming
the variable; ``production_advice`` lists what a production installation should still fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from migrationpact.auth.claim_mapping import ClaimMapping, ClaimMappingError, load_claim_mapping
from migrationpact.services.settings_model import EnvironmentSettings, SettingsError, read_settings

__all__ = ["PRODUCTION", "ServiceSettings", "SettingsError"]

PRODUCTION = "production"
DEVELOPMENT = "development"


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
    #: Whether the key-encryption key of the personal-data keys is set (``store.sealing``);
    #: an application built in code answers for its own key.
    data_key_set: bool = True

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
        if self.environment not in (PRODUCTION, DEVELOPMENT):
            raise SettingsError(
                f"MIGRATIONPACT_ENV must be development or production, not {self.environment!r}"
            )
        if self.production and self.demo:
            raise SettingsError(
                "MIGRATIONPACT_DEMO=1 is refused with MIGRATIONPACT_ENV=production: the demo "
                "users sign in with published passwords"
            )
        if self.production and self.built_in_issuer and not self.allow_dev_issuer:
            raise SettingsError(
                "MIGRATIONPACT_ENV=production needs MIGRATIONPACT_OIDC_ISSUER: the built-in "
                "development issuer is refused (allow it with --allow-dev-issuer or "
                "MIGRATIONPACT_ALLOW_DEV_ISSUER=1)"
            )
        if self.production and not self.data_key_set:
            raise SettingsError(
                "MIGRATIONPACT_ENV=production needs MIGRATIONPACT_DATA_KEY: the development key "
                "would seal every person's data with a key anyone can read in the source"
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

    def production_advice(self) -> list[str]:
        """What a production installation should still change (empty: nothing, or not in
        production); ``settings show`` prints it, the service starts anyway."""
        if not self.production:
            return []
        advice = []
        if not self.https:
            advice.append("MIGRATIONPACT_PUBLIC_URL is not https: put the TLS proxy in front")
        if self.password_signin:
            advice.append("MIGRATIONPACT_PASSWORD_SIGNIN=1: people may sign in with a password")
        if not self.cookie_secure:
            advice.append("MIGRATIONPACT_COOKIE_SECURE=0: session cookies go over plain HTTP")
        if self.built_in_issuer:
            advice.append("MIGRATIONPACT_ALLOW_DEV_ISSUER=1: tokens come from the built-in issuer")
        if self.metrics_token is None:
            advice.append(
                "MIGRATIONPACT_METRICS_TOKEN unset: only this machine may scrape /metrics"
            )
        return advice

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
        """The settings in the environment (``SettingsError`` in one line if one is bad), with
        ``overrides`` (those not None) in place of what the environment says."""
        return cls.from_environment(read_settings(), **overrides)

    @classmethod
    def from_environment(cls, env: EnvironmentSettings, **overrides: object) -> ServiceSettings:
        """The service's view of the declared settings ``env``."""
        attempts, seconds = env.rate
        secret = env.oidc_client_secret
        values: dict[str, object] = {
            "database_url": env.database_url,
            "public_url": env.public_url,
            "audience": env.oidc_audience,
            "oidc_issuer": env.oidc_issuer,
            "oidc_jwks_url": env.oidc_jwks_url,
            "oidc_client_id": env.oidc_client_id,
            "oidc_client_secret": secret.get_secret_value() if secret else None,
            "oidc_redirect_uri": env.oidc_redirect_uri,
            "oidc_post_logout_uri": env.oidc_post_logout_uri,
            "oidc_scopes": tuple(env.oidc_scopes.split()),
            "oidc_claims_file": _path(env.oidc_claims_file),
            "password_signin_setting": env.password_signin,
            "users_file": _path(env.users_file),
            "dev_key_file": Path(env.dev_key_file),
            "cookie_secure": env.cookie_secure,
            "demo": env.demo,
            "future_skew": timedelta(minutes=env.future_skew_minutes),
            "max_body_bytes": env.max_body_bytes,
            "environment": env.env,
            "allow_dev_issuer": env.allow_dev_issuer,
            "signin_rate": attempts,
            "signin_rate_seconds": seconds,
            "password_checks": env.password_checks,
            "password_queue": env.password_queue,
            "lapse_interval": timedelta(minutes=env.lapse_interval_minutes) or None,
            "twin_runner": env.twin_runner,
            "monitor_database_url": env.monitor_database_url,
            "monitor_key_dir": _path(env.monitor_key_dir),
            "metrics_token": env.metrics_token.get_secret_value() if env.metrics_token else None,
            "log_format": env.log_format,
            "tracing": env.tracing,
            "data_key_set": env.data_key is not None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _path(text: str | None) -> Path | None:
    return Path(text) if text else None
