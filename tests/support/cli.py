"""The ``migrationpact`` command line, run in the test's own process.

``run_here`` calls the entry point that ``python -m migrationpact`` runs
(``migrationpact.cli.main.main``) with the arguments in ``sys.argv`` and the given environment
variables set for that one command, and answers what a process would: the exit code, standard
output and standard error. A new interpreter per command costs 0.7–1.7 s of start-up; what
only a real process shows (the entry point starts, exit codes 0, 1 and 2, one line on standard
error and nothing else) is tested once, in ``tests/integration/store/test_cli_cases.py``.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Sequence
from typing import Protocol

import pytest

from migrationpact.cli.main import main

Done = subprocess.CompletedProcess[str]


class RunCli(Protocol):
    """``run_cli("cases", "list", env={...})``: one command, answered as a process would."""

    def __call__(self, *args: str, env: Mapping[str, str] | None = None) -> Done: ...


def run_here(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: Sequence[str],
    env: Mapping[str, str] | None = None,
) -> Done:
    """Run ``migrationpact *args`` here; ``env`` holds only for this command."""
    capsys.readouterr()  # what the test printed before is not the command's output
    code: int | str | None = 0
    with monkeypatch.context() as patch:
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        patch.setattr(sys, "argv", ["migrationpact", *args])
        try:
            main()
        except SystemExit as exc:
            code = exc.code
    out, err = capsys.readouterr()
    if isinstance(code, str):  # as the interpreter does: the message on stderr, exit code 1
        return Done(list(args), 1, out, f"{err}{code}\n")
    return Done(list(args), code or 0, out, err)
