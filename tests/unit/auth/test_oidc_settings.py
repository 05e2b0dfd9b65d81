"""The settings of sign-in: the provider's client, the claim mapping, the password form."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrationpact.services.settings import ServiceSettings, SettingsError

GOOD = "claim: groups\nrules:\n  - {value: g, organisation: IND, role: caseworker}\n"


def test_password_sign_in_is_off_in_production_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ServiceSettings().password_signin
    assert not ServiceSettings(environment="production").password_signin
    monkeypatch.setenv("MIGRATIONPACT_ENV", "production")
    assert not ServiceSettings.from_env().password_signin
    monkeypatch.setenv("MIGRATIONPACT_PASSWORD_SIGNIN", "1")
    assert ServiceSettings.from_env().password_signin  # a small installation, on purpose
    monkeypatch.delenv("MIGRATIONPACT_ENV")
    monkeypatch.setenv("MIGRATIONPACT_PASSWORD_SIGNIN", "0")
    assert not ServiceSettings.from_env().password_signin
    monkeypatch.setenv("MIGRATIONPACT_PASSWORD_SIGNIN", "yes")
    with pytest.raises(SettingsError, match="MIGRATIONPACT_PASSWORD_SIGNIN must be 1"):
        ServiceSettings.from_env()


def test_the_providers_client_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("MIGRATIONPACT_PUBLIC_URL", "https://mp.example")
    monkeypatch.setenv("MIGRATIONPACT_OIDC_ISSUER", "https://idp.example/realms/ind")
    monkeypatch.setenv("MIGRATIONPACT_OIDC_CLIENT_ID", "migrationpact")
    monkeypatch.setenv("MIGRATIONPACT_OIDC_CLIENT_SECRET", "s3cret")
    monkeypatch.setenv("MIGRATIONPACT_OIDC_SCOPES", "openid profile groups")
    monkeypatch.setenv("MIGRATIONPACT_OIDC_CLAIMS_FILE", str(claims))
    settings = ServiceSettings.from_env()
    settings.check()
    assert settings.oidc_signin
    assert settings.redirect_uri == "https://mp.example/auth/oidc/callback"
    assert settings.post_logout_uri == "https://mp.example/login"
    assert settings.oidc_scopes == ("openid", "profile", "groups")
    mapping = settings.claim_mapping()
    assert mapping is not None
    assert mapping.claim == "groups"
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"oidc_client_id": "mp", "oidc_client_secret": "s"}, "needs MIGRATIONPACT_OIDC_ISSUER"),
        ({"oidc_issuer": "https://idp.example", "oidc_client_id": "mp"}, "CLIENT_SECRET"),
        (
            {"oidc_issuer": "https://idp.example", "oidc_client_id": "mp",
             "oidc_client_secret": "s", "oidc_scopes": ("profile",)},
            "must include openid",
        ),
    ],
)  # fmt: skip
def test_an_incomplete_client_is_refused(values: dict[str, object], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        ServiceSettings(**values).check()  # type: ignore[arg-type]


def test_a_bad_claim_mapping_refuses_to_start_in_one_line(tmp_path: Path) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text(GOOD.replace("IND", "INDD"), encoding="utf-8")
    settings = ServiceSettings(oidc_issuer="https://idp.example", oidc_claims_file=claims)
    with pytest.raises(SettingsError) as refused:
        settings.check()
    assert str(refused.value).startswith("MIGRATIONPACT_OIDC_CLAIMS_FILE: ")
    assert "unknown organisation 'INDD'" in str(refused.value)
    assert "\n" not in str(refused.value)
