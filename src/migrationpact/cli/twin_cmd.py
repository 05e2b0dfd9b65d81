"""``migrationpact twin run SCENARIO`` and ``twin compare BASE ALT``: the chain twin.

``run`` reads and checks the scenario (a shipped name such as ``base``, or a YAML file), runs
``--replications`` replications from ``--seed`` on a local Dask cluster (or on the scheduler at
``--scheduler ADDRESS``; ``--sequential`` runs them one after another in this process), prints
the summary with 95 % bands and, with ``--out DIR``, writes the time series (``twin.outputs``).
``--scale S`` simulates a share S of the people (``twin.backtest.scaled``); a back-test scenario
(``backtest-2023-2025``) also prints its comparison with the published figures.
``compare`` runs both scenarios with the same seeds and prints ALT - BASE with bands, each at
``--scale`` or at the scale both state (two different stated scales: one line asking for
``--scale``, since the differences must come from the same people).
Both write the chain-effects report with ``--report FILE`` (``--lang nl|en``, ``--format
html|pdf``; ``services.twin_report``), from the replications just run: the report needs every
replication's series, which ``--out`` keeps only as CSV, so it is made by the run itself.

A bad scenario is one line naming the file and line, exit code 2; nothing runs and nothing is
written (``docs/twin.md``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from migrationpact.cli.errors import InputError
from migrationpact.law.periods.moments import dutch_today

if TYPE_CHECKING:
    from migrationpact.services.twin_report import TwinReport
    from migrationpact.twin.scenario import Scenario

app = typer.Typer(
    name="twin",
    help="The chain twin: simulate the asylum chain on the production rules.",
    no_args_is_help=True,
)

Replications = Annotated[
    int, typer.Option("--replications", "-n", min=1, help="How many replications.")
]
Seed = Annotated[int, typer.Option("--seed", help="The run's seed (same seed, same result).")]
Scheduler = Annotated[
    str | None,
    typer.Option("--scheduler", help="Address of a running Dask scheduler (default: local)."),
]
Sequential = Annotated[
    bool, typer.Option("--sequential", help="Run the replications here, one after another.")
]

ReportFile = Annotated[
    Path | None, typer.Option("--report", help="Write the chain-effects report to this file.")
]
Language = Annotated[str, typer.Option("--lang", help="The report's language: nl or en.")]
Format = Annotated[str, typer.Option("--format", help="The report's format: html or pdf.")]
ScaleOption = Annotated[
    float | None,
    typer.Option(
        "--scale",
        help="Simulate this share of the people (above 0, at most 1); by default the "
        "scenario's own scale (1, or what it states).",
    ),
]


def _share(scale: float | None) -> float | None:
    if scale is not None and not 0 < scale <= 1:
        raise InputError(f"--scale is a share above 0 and at most 1, not {scale:g}")
    return scale


def _check_report(report: Path | None, language: str, format_: str) -> None:
    """Refuse a bad report option before anything runs."""
    from migrationpact.services.twin_report_document import FORMATS, LANGUAGES

    if format_ not in FORMATS:
        raise InputError(f"--format is html or pdf, not {format_!r}")
    if language not in LANGUAGES:
        raise InputError(f"--lang is nl or en, not {language!r}")
    if report is not None and not report.parent.is_dir():
        raise InputError(f"--report: there is no directory {report.parent}")


def _write_report(made: TwinReport, report: Path, language: str, format_: str) -> None:
    from migrationpact.services.twin_report_document import write_report

    write_report(made, report, language, format_)
    typer.echo(f"report written to {report}")


def _scenario_path(text: str) -> Path:
    from migrationpact.twin.scenario import SCENARIOS

    path = Path(text)
    if not path.exists() and (SCENARIOS / f"{text}.yaml").exists():
        return SCENARIOS / f"{text}.yaml"
    return path


def _read(text: str) -> Scenario:
    from migrationpact.twin.located import ScenarioError
    from migrationpact.twin.scenario import read_scenario

    try:
        return read_scenario(_scenario_path(text))
    except ScenarioError as exc:
        raise InputError(str(exc)) from exc


@app.command("run")
def run(
    scenario: Annotated[str, typer.Argument(help="A scenario file, or a shipped name (base).")],
    replications: Replications = 10,
    seed: Seed = 1,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the time series into this folder.")
    ] = None,
    scheduler: Scheduler = None,
    sequential: Sequential = False,
    report: ReportFile = None,
    language: Language = "nl",
    format_: Format = "html",
    scale: ScaleOption = None,
) -> None:
    """Run a scenario: summary with 95 % bands; time series with --out; report with --report."""
    from migrationpact.twin.backtest import as_run
    from migrationpact.twin.montecarlo import run_many
    from migrationpact.twin.outputs import summary_lines, write_series

    checked = as_run(_read(scenario), _share(scale))
    if out is not None and out.exists() and not out.is_dir():
        raise InputError(f"{out}: not a folder")
    _check_report(report, language, format_)
    runs = run_many(checked, replications, seed, scheduler=scheduler, parallel=not sequential)
    for line in summary_lines(runs):
        typer.echo(line)
    if checked.backtest is not None:
        from migrationpact.twin.backtest import backtest
        from migrationpact.twin.backtest import summary_lines as backtest_lines

        for line in backtest_lines(backtest(runs)):
            typer.echo(line)
    if out is not None:
        for path in write_series(runs, out):
            typer.echo(f"wrote {path}")
    if report is not None:
        from migrationpact.services.twin_report_backtest import scenario_report

        _write_report(scenario_report(runs, dutch_today()), report, language, format_)


@app.command("compare")
def compare(
    base: Annotated[str, typer.Argument(help="The base scenario (file or shipped name).")],
    alt: Annotated[str, typer.Argument(help="The alternative scenario.")],
    replications: Replications = 10,
    seed: Seed = 1,
    scheduler: Scheduler = None,
    sequential: Sequential = False,
    report: ReportFile = None,
    language: Language = "nl",
    format_: Format = "html",
    scale: ScaleOption = None,
) -> None:
    """Run two scenarios with the same seeds and show ALT - BASE with 95 % bands."""
    from migrationpact.twin.backtest import as_run
    from migrationpact.twin.montecarlo import run_many
    from migrationpact.twin.outputs import compare_lines

    share = _share(scale)
    first, second = _read(base), _read(alt)
    if (first.start, first.months) != (second.start, second.months):
        raise InputError(f"{alt}: another start or number of months than {base}")
    if share is None and first.default_scale != second.default_scale:
        # The same people on both sides, or the differences are not the amendment's.
        raise InputError(
            f"{base} states a scale of {first.default_scale:g} and {alt} one of "
            f"{second.default_scale:g}: give --scale"
        )
    first, second = as_run(first, share), as_run(second, share)
    _check_report(report, language, format_)
    runs = [
        run_many(s, replications, seed, scheduler=scheduler, parallel=not sequential)
        for s in (first, second)
    ]
    for line in compare_lines(runs[0], runs[1]):
        typer.echo(line)
    if report is not None:
        from migrationpact.services.twin_report_compare import compare_report

        _write_report(compare_report(runs[0], runs[1], dutch_today()), report, language, format_)
