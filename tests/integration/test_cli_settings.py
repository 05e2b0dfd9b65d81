"""``migrationpact settings show``: the effective settings with secrets masked, exit code 2 and
one line when they cannot be used (docs/operations.md, "Settings")."""

from __future__ import annotations

import json

from tests.support.cli import RunCli

SECRETS = {
    "MIGRATIONPACT_OIDC_CLIENT_SECRET": "client-s3cret-value",
    "MIGRATIONPACT_METRICS_TOKEN": "metrics-t0ken-value",
    "MIGRATIONPACT_FEED_KEY": "feed-key-" + "x" * 32,
    "MIGRATIONPACT_EXPORT_KEY": "export-key-" + "y" * 32,
    "MIGRATIONPACT_DATA_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
}


def test_settings_show_prints_every_setting_with_the_secrets_masked(run_cli: RunCli) -> None:
    env = {
        **SECRETS,
        "MIGRATIONPACT_ENV": "production",
        "MIGRATIONPACT_PUBLIC_URL": "https://mp.example",
        "MIGRATIONPACT_OIDC_ISSUER": "https://idp.example",
        "MIGRATIONPACT_OIDC_CLIENT_ID": "migrationpact",
    }
    done = run_cli("settings", "show", env=env)
    assert done.returncode == 0, done.stderr
    for secret in SECRETS.values():
        assert secret not in done.stdout
    lines = done.stdout.splitlines()
    by_name = {line.split()[0]: line.split()[-1] for line in lines[:-1]}
    assert {by_name[name] for name in SECRETS} == {"****"}
    assert by_name["MIGRATIONPACT_DATABASE_URL"] == "(unset)"
    assert len(by_name) == 39  # every declared setting, one line each
    assert lines[-1] == "The settings can be used (production)."
    as_json = run_cli("settings", "show", "--json", env=env)
    shown = json.loads(as_json.stdout)
    assert {shown["settings"][name] for name in SECRETS} == {"****"}
    assert shown["settings"]["MIGRATIONPACT_PUBLIC_URL"] == "https://mp.example"
    assert (shown["environment"], shown["advice"]) == ("production", [])


def test_settings_show_gives_production_advice(run_cli: RunCli) -> None:
    env = {
        "MIGRATIONPACT_ENV": "production",
        "MIGRATIONPACT_ALLOW_DEV_ISSUER": "1",
        "MIGRATIONPACT_DATA_KEY": SECRETS["MIGRATIONPACT_DATA_KEY"],
    }
    done = run_cli("settings", "show", "--json", env=env)
    assert done.returncode == 0, done.stderr
    advice = json.loads(done.stdout)["advice"]
    assert any(line.startswith("MIGRATIONPACT_PUBLIC_URL is not https") for line in advice)


def test_settings_that_cannot_be_used_end_settings_show_in_one_line(run_cli: RunCli) -> None:
    for env, said in [
        ({"MIGRATIONPACT_MAX_BODY_BYTES": "big"}, "MIGRATIONPACT_MAX_BODY_BYTES must be a whole"),
        ({"MIGRATIONPACT_ENV": "production"}, "MIGRATIONPACT_ENV=production needs"),
        (
            {"MIGRATIONPACT_ENV": "production", "MIGRATIONPACT_ALLOW_DEV_ISSUER": "1"},
            "MIGRATIONPACT_ENV=production needs MIGRATIONPACT_DATA_KEY",
        ),
        ({"MIGRATIONPACT_DATA_KEY": "c2hvcnQ="}, "MIGRATIONPACT_DATA_KEY must be 32 bytes"),
    ]:
        done = run_cli("settings", "show", env=env)
        assert done.returncode == 2
        assert done.stdout == ""
        assert done.stderr.startswith(f"migrationpact: error: {said}")
        assert len(done.stderr.strip().splitlines()) == 1
