"""``migrationpact settings show``: the settings the service would start with, secrets masked.

It reads the environment exactly as ``serve`` does (``services.settings_model``), applies the
same checks, and prints every ``MIGRATIONPACT_*`` variable with its effective value (a default
shown as such, a secret as ``****``), then what a production installation should still change.
Settings that cannot be used end it with one line and exit code 2, as they end ``serve``; so an
operator can check a new configuration before restarting the service.
"""

from __future__ import annotations

import typer

from migrationpact.cli.errors import InputError
from migrationpact.cli.output import emit
from migrationpact.cli.store_common import JsonOption

app = typer.Typer(name="settings", help="Check the service's configuration.", no_args_is_help=True)


@app.command("show")
def show(as_json: JsonOption = False) -> None:
    """Print the effective settings (secrets masked); exit 2 when they cannot be used."""
    from migrationpact.services.settings import ServiceSettings, SettingsError
    from migrationpact.services.settings_model import effective, read_settings

    try:
        env = read_settings()
        service = ServiceSettings.from_environment(env)
        service.check()
    except SettingsError as exc:
        raise InputError(str(exc)) from None
    values = effective(env)
    advice = service.production_advice()
    width = max(len(name) for name in values)
    lines = [f"{name.ljust(width)}  {value or '(unset)'}" for name, value in values.items()]
    lines.append(f"The settings can be used ({service.environment}).")
    lines.extend(f"Production advice: {line}" for line in advice)
    emit(
        {"settings": values, "environment": service.environment, "advice": advice},
        "\n".join(lines),
        as_json=as_json,
    )
