"""The server's process imports only what serving needs; what a rare request needs loads with it.

A server worker imports ``migrationpact.server`` and builds the application at every start,
including the restart after a crash, when every second counts against the service
(docs/benchmarks.md, "load"). The plotting, PDF, simulation and solver libraries and the
OpenID Connect client are imported by the use cases that need them, when first used, and the
translation catalogue is read by the first page or report that says something, not at import.
Timing this is the load benchmark's job; here a fresh interpreter says what it has loaded,
which does not depend on how busy the machine is.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Libraries a server must not load at start: charts and PDFs (reports), the chain twin's
#: simulation and parallel runs, the placement solver and its arrays, the OIDC client.
NOT_AT_START = (
    "matplotlib",
    "weasyprint",
    "dask",
    "distributed",
    "simpy",
    "scipy",
    "highspy",
    "numpy",
    "authlib",
)


def loaded_after(code: str) -> dict[str, object]:
    """What a fresh interpreter has after running ``code``: the ``NOT_AT_START`` modules it
    loaded and how many translation catalogues it has read."""
    probe = (
        f"{code}\nimport json, sys\n"
        "from migrationpact.services.translations import translations\n"
        f"heavy = sorted(m for m in {NOT_AT_START!r} if m in sys.modules)\n"
        "print(json.dumps({'heavy': heavy, 'catalogues': translations.cache_info().currsize}))"
    )
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize(
    "code",
    [
        "import migrationpact.server",
        "import migrationpact.cli.serve_cmd",
        "import migrationpact.monitor_app",
    ],
)
def test_starting_a_server_loads_no_heavy_library_and_reads_no_catalogue(code: str) -> None:
    assert loaded_after(code) == {"heavy": [], "catalogues": 0}


def test_the_probe_sees_a_heavy_library_and_a_catalogue() -> None:
    """The check can fail: asking for the solver loads it, a report's words read the catalogue."""
    found = loaded_after(
        "from migrationpact.reception.placement import place\n"
        "from migrationpact.services.progress_sections import outcome_columns\n"
        "outcome_columns()"
    )
    assert found["catalogues"] == 2
    assert isinstance(found["heavy"], list)
    assert {"highspy", "numpy"} <= set(found["heavy"])
