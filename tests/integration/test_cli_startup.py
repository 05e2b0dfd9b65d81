"""The command line imports only what the subcommand it runs needs.

Timing a start-up is a benchmark's job (``bench/cli.py``); here a fresh interpreter says which
heavy modules it has loaded, which does not depend on how busy the machine is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version

import pytest

from tests.support.cli import RunCli

#: Modules that only the web server, the store, the routing engine or the batch engine need.
HEAVY = (
    "uvicorn",
    "fastapi",
    "sqlalchemy",
    "numpy",
    "migrationpact.store",
    "migrationpact.law.routing",
    "migrationpact.server",
    "matplotlib",
    "weasyprint",
)


def loaded_after(code: str) -> list[str]:
    """The ``HEAVY`` modules a fresh interpreter has loaded after running ``code``."""
    listed = f"sorted(m for m in {HEAVY!r} if m in sys.modules)"
    probe = f"{code}\nimport json, sys\nprint(json.dumps({listed}))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_importing_the_command_line_loads_no_subcommand() -> None:
    assert loaded_after("import migrationpact.cli.main") == []


@pytest.mark.parametrize(
    "args",
    [
        ["period", "--from", "2026-08-31", "--length", "2 months"],
        ["--version"],
    ],
)
def test_a_light_command_runs_without_the_heavy_modules(args: list[str]) -> None:
    run = (
        "from migrationpact.cli.main import app\n"
        f"try:\n    app({args!r}, standalone_mode=False)\nexcept SystemExit:\n    pass"
    )
    assert loaded_after(run) == []


def test_the_web_app_draws_charts_only_when_a_page_has_one() -> None:
    """Building the server (every page's routes) does not load matplotlib; drawing does."""
    assert "matplotlib" not in loaded_after(
        "from migrationpact.server import create_app\nimport migrationpact.web.views"
    )
    drawn = (
        "from datetime import date\nfrom migrationpact.web.charts import need_chart\n"
        "need_chart([date(2027, 1, 1)], [3], 'nl')"
    )
    assert "matplotlib" in loaded_after(drawn)


def test_a_store_command_loads_the_store() -> None:
    """The probe can fail: a command that needs the store does load it."""
    run = (
        "from migrationpact.cli.main import app\n"
        "try:\n    app(['db', 'status', '--database', 'sqlite://'], standalone_mode=False)\n"
        "except BaseException:\n    pass"
    )
    assert "sqlalchemy" in loaded_after(run)


def test_version_prints_the_installed_package_version(run_cli: RunCli) -> None:
    done = run_cli("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"migrationpact {version('migrationpact')}\n"


def test_weasyprint_is_loaded_only_to_print_a_pdf() -> None:
    """The monitor commands and the pages do not load WeasyPrint; printing a report does."""
    assert "weasyprint" not in loaded_after(
        "import migrationpact.cli.monitor_cmd\nimport migrationpact.web.monitoring_report"
    )
    printed = (
        "from datetime import date\n"
        "from migrationpact.monitoring.report.model import Report, W\n"
        "from migrationpact.services.monitoring_report_document import report_pdf\n"
        "report_pdf(Report(2026, 'CRM', W('x', 'x'), date(2026, 12, 1), False, ()), 'nl')"
    )
    assert "weasyprint" in loaded_after(printed)
