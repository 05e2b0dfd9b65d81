"""The twin's outputs: a summary with bands, time series files, and a comparison of two runs.

``summary_lines(runs)`` gives the text the command line prints: the scenario, the law (edition,
amendments), the replications and seed, then each headline output over the horizon as its mean
and 95 % band (with the outputs of the other flows the scenario gives, ``headlines``), and the
list of figures that are estimates (status E) — every output rests on them.
``write_series(runs, folder)`` writes

* ``series.csv``: one row per output and month: mean, band, standard deviation, replications;
* ``replications.csv``: one row per output, month and replication, with the replication's seed;
* ``figures.csv``: every figure of the scenario with its status and source (URL and date);
* the same tables as Parquet when ``pyarrow`` is installed (it is not a dependency).

Every row of the series and of the replications carries ``estimates``: how many figures of the
scenario are estimates.
``compare_lines(base, alt)`` bands the difference ALT - BASE replication by replication (the two
runs must share their seeds).
"""

from __future__ import annotations

import csv
import importlib
import importlib.util
import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np

from migrationpact.twin.kernel import month_starts
from migrationpact.twin.montecarlo import Runs, band
from migrationpact.twin.scenario import Scenario

#: The outputs the summary shows, with their label and unit.
HEADLINES: tuple[tuple[str, str], ...] = (
    ("arrivals", "first applications"),
    ("decisions.positive", "first-instance decisions: protection"),
    ("decisions.negative", "first-instance decisions: rejection"),
    ("level.phase.ind_backlog", "IND backlog (mean waiting or in decision)"),
    ("days.arrival_to_decision", "days from arrival to first decision (mean)"),
    ("border.entered", "border-procedure entries"),
    ("level.phase.border", "border-procedure occupancy (mean)"),
    ("dublin.transfer_decisions", "transfer decisions"),
    ("dublin.transfers", "transfers carried out"),
    ("dublin.absconded", "absconded after a transfer decision"),
    ("dublin.responsibility_shifted", "transfers lapsed: the Netherlands responsible"),
    ("appeals.lodged", "appeals lodged"),
    ("appeals.late", "appeals lodged after the appeal period (late)"),
    ("level.reception.COL", "reception COL (mean occupancy)"),
    ("level.reception.AZC", "reception AZC (mean occupancy)"),
    ("level.reception.COL-AMV", "reception COL for unaccompanied minors (mean occupancy)"),
    ("level.reception.NIDOS", "reception Nidos, unaccompanied minors (mean occupancy)"),
    ("level.reception.GRENS", "reception border locations (mean occupancy)"),
    ("level.reception.DOL", "Dublin shelter places needed (mean occupancy)"),
    ("level.reception.NOODOPVANG", "emergency reception, over capacity (mean occupancy)"),
    ("cost.reception", "reception cost (EUR)"),
    ("returned", "returned after final rejection"),
)

#: The outputs of the flows besides first applications (``twin.flows``), by flow: shown for a
#: scenario that gives the flow, so the summary of one without them is as it was.
FLOW_HEADLINES: dict[str, tuple[tuple[str, str], ...]] = {
    "nareizigers": (
        ("nareizigers.arrived", "family members arrived (nareizigers)"),
        ("level.phase.nareizigers", "nareizigers in reception waiting for a home (mean)"),
        ("nareizigers.housed", "nareizigers housed"),
    ),
    "repeat": (
        ("repeat.lodged", "subsequent applications lodged"),
        ("repeat.inadmissible", "subsequent applications inadmissible (no new elements)"),
        ("repeat.examined", "subsequent applications examined in full"),
    ),
    "incoming_dublin": (
        ("dublin.incoming.requests", "take charge requests from other member states"),
        ("dublin.incoming.accepted", "incoming requests accepted"),
        ("dublin.incoming.arrived", "transfers to the Netherlands arrived"),
    ),
}
#: Every headline any scenario may show.
ALL_HEADLINES = (*HEADLINES, *(h for rows in FLOW_HEADLINES.values() for h in rows))


def flow_headlines(*scenarios: Scenario) -> tuple[tuple[str, str], ...]:
    """The headlines of each flow one of ``scenarios`` gives, in ``FLOW_HEADLINES``' order."""
    given = set().union(*(s.given_flows for s in scenarios))
    return tuple(h for flow, rows in FLOW_HEADLINES.items() if flow in given for h in rows)


def headlines(*scenarios: Scenario) -> tuple[tuple[str, str], ...]:
    """The headlines, then those of each flow one of ``scenarios`` gives."""
    return (*HEADLINES, *flow_headlines(*scenarios))


def _fmt(value: float) -> str:
    if math.isnan(value):
        return "–"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def _band_text(values: np.ndarray) -> str:
    mean, low, high = band(values)
    if len(values) < 2 or math.isnan(mean):
        return f"{_fmt(mean):>12}"
    return f"{_fmt(mean):>12}  [{_fmt(low)} – {_fmt(high)}]"


def _law_text(runs: Runs) -> list[str]:
    s = runs.scenario
    lines = [f"Law: rule book edition {s.edition.isoformat()}"]
    for a in s.amendments:
        if a.kind == "period":
            lines.append(f"  amendment: {a.rule} becomes {a.length} from {a.valid_from}")
        elif a.kind == "border-capacity":
            f = a.figures
            lines.append(
                f"  amendment: border places {f['border_places'].value:g}, annual maximum "
                f"{f['border_annual_maximum'].value:g}"
            )
        else:
            lines.append(f"  amendment: crisis decision {a.data.get('id')}")
    return lines


def _scale_text(runs: Runs) -> list[str]:
    scale = runs.scenario.scale
    if scale == 1:
        return []
    return [f"Scaled: 1 in {1 / scale:,.0f} people simulated; the outputs below are theirs"]


def summary_lines(runs: Runs) -> list[str]:
    """The summary the command line prints (see the module text)."""
    s = runs.scenario
    n = len(runs.replications)
    lines = [
        f"Scenario {s.name}: {s.title}",
        f"{s.start.isoformat()}, {s.months} months; {n} replications from seed {runs.seed}",
        *_law_text(runs),
        *_scale_text(runs),
        f"Simulated people {_fmt(float(np.mean([r.people for r in runs.replications])))}, "
        f"case events decided {_fmt(float(np.mean([r.events for r in runs.replications])))} "
        "per replication",
        "",
        f"{'output over the horizon':<55}{'mean':>12}  [95 % band]",
    ]
    for name, label in headlines(s):
        lines.append(f"{label:<55}{_band_text(runs.total(name))}")
    lapses = [x for x in runs.names() if x.startswith("lapses.")]
    if lapses:
        lines += ["", "Deadlines lapsed (by rule):"]
        lines += [f"  {x.removeprefix('lapses.'):<53}{_band_text(runs.total(x))}" for x in lapses]
    lines += ["", *_estimates(runs)]
    return lines


def _estimates(runs: Runs) -> list[str]:
    names = runs.scenario.estimates()
    if not names:
        return ["Every figure of the scenario has a verified or derived source."]
    return [f"ESTIMATES: {len(names)} figures are estimates (status E), so is every output "
            f"resting on them: {', '.join(names)}"]  # fmt: skip


def compare_lines(base: Runs, alt: Runs) -> list[str]:
    """ALT - BASE for every headline, banded over paired replications."""
    if base.seed != alt.seed or len(base.replications) != len(alt.replications):
        raise ValueError("a comparison needs the same seed and number of replications")
    lines = [
        f"Compare {alt.scenario.name} with {base.scenario.name}: {len(base.replications)} paired "
        f"replications from seed {base.seed}",
        *("BASE " + x for x in _law_text(base)),
        *("ALT  " + x for x in _law_text(alt)),
        "",
        f"{'output over the horizon':<55}{'base':>12}{'alt':>12}{'alt - base':>12}  [95 % band]",
    ]
    lapses = sorted(x for x in {*base.names(), *alt.names()} if x.startswith("lapses."))
    shown = headlines(base.scenario, alt.scenario)
    rows = [*shown, *((x, f"lapsed: {x.removeprefix('lapses.')}") for x in lapses)]
    for name, label in rows:
        b, a = base.total(name), alt.total(name)
        diff = a - b
        lines.append(f"{label:<55}{_fmt(band(b)[0]):>12}{_fmt(band(a)[0]):>12}{_band_text(diff)}")
    names = sorted(set(base.scenario.estimates()) | set(alt.scenario.estimates()))
    if names:
        lines += [
            "",
            f"ESTIMATES: {len(names)} figures are estimates (status E): {', '.join(names)}",
        ]
    return lines


def _months(runs: Runs) -> list[date]:
    return month_starts(runs.scenario.start, runs.scenario.months)[:-1]


def _series_rows(runs: Runs) -> Iterator[list[object]]:
    estimates = len(runs.scenario.estimates())
    n = len(runs.replications)
    for name in runs.names():
        data = runs.stacked(name)
        for m, month in enumerate(_months(runs)):
            column = data[:, m]
            mean, low, high = band(column)
            known = column[~np.isnan(column)]
            sd = float(known.std(ddof=1)) if len(known) > 1 else math.nan
            yield [name, month.strftime("%Y-%m"), mean, low, high, sd, n, estimates]


def _replication_rows(runs: Runs) -> Iterator[list[object]]:
    estimates = len(runs.scenario.estimates())
    for name in runs.names():
        data = runs.stacked(name)
        for k, replication in enumerate(runs.replications):
            for m, month in enumerate(_months(runs)):
                row = [name, month.strftime("%Y-%m"), k + 1, replication.seed, data[k, m]]
                yield [*row, estimates]


def _figure_rows(runs: Runs) -> Iterator[list[object]]:
    s = runs.scenario
    for f in s.all_figures():
        source = s.sources[f.source]
        yield [f.name, f.value, f.status, f.source, source["url"], source["date"], f.note or ""]


TABLES = {
    "series": (
        ["output", "month", "mean", "ci_low", "ci_high", "sd", "replications", "estimates"],
        _series_rows,
    ),
    "replications": (
        ["output", "month", "replication", "seed", "value", "estimates"],
        _replication_rows,
    ),
    "figures": (["figure", "value", "status", "source", "url", "date", "note"], _figure_rows),
}


def write_series(runs: Runs, folder: Path) -> list[Path]:
    """Write the tables of the module text into ``folder``; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    parquet = importlib.util.find_spec("pyarrow") is not None
    for table, (header, rows_of) in TABLES.items():
        rows = list(rows_of(runs))
        path = folder / f"{table}.csv"
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        written.append(path)
        if parquet:
            written.append(_parquet(folder / f"{table}.parquet", header, rows))
    return written


def _parquet(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    pa = importlib.import_module("pyarrow")
    pq = importlib.import_module("pyarrow.parquet")
    columns = {h: [row[i] for row in rows] for i, h in enumerate(header)}
    pq.write_table(pa.table(columns), str(path))
    return path
