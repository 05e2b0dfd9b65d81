"""A scenario: what the twin simulates, every figure with its source and how sure it is.

A scenario file (YAML, ``twin/scenarios/*.yaml``) states the start month and the number of
months, the sources it cites (a key, a URL and a date each), and the figures: arrivals by
nationality and month, staffing, capacities, rates and costs. Every figure is written as

    dublin_share: {value: 0.27, status: D, source: aida_2024, note: 8,830 / 32,175}

with the status of the calibration notes (``../shared/data/calibration.md``): **V** seen in the
source, **D** derived from V figures, **E** estimated. An E figure is carried into every output
as an estimate. The law to simulate under is a rule-book edition plus amendments
(``twin.lawbuild``).

``read_scenario(path)`` refuses a bad file with a ``ScenarioError`` naming the line: an unknown
nationality (ISO 3166 via ``law.codes``), a rate below zero or above one, an unknown source,
rule id, rule-book edition or location type.

Arrivals are either ``per_month`` with twelve ``seasonality`` factors, or ``by_month``: one
figure for each simulated month (a back-test replays the published months). A scenario may
state who is already in the chain at its start (``initial``: the IND backlog, the status holders
waiting for a home, the reception residents; ``twin.initial``) and, for a back-test, the
published figures it is compared with and the tolerance (``backtest``; ``twin.backtest_data``).
A scenario may also give the flows besides first applications (``flows``: nareizigers, subsequent
applications and incoming Dublin transfers; ``twin.flow_data``); one without them runs as before.
``scale`` is the share of people a run simulates (``twin.backtest.scaled``); counts of a scaled
run are divided by it where they are compared with published ones. A scenario too large to run
whole in reasonable time states the share its runs use unless told otherwise (a top-level
``scale``, read into ``default_scale``; the shipped back-test runs at 1 in 4).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from migrationpact.twin.amendments import check_edition, read_amendments
from migrationpact.twin.backtest_data import Backtest, read_backtest
from migrationpact.twin.figures import Amendment, Figure, Nationality, Reader
from migrationpact.twin.flow_data import read_flows
from migrationpact.twin.located import LocatedDict, ScenarioError, load_located

__all__ = ["SCENARIOS", "Amendment", "Figure", "Nationality", "Scenario", "read_scenario"]

SCENARIOS = Path(__file__).parent / "scenarios"


@dataclass(frozen=True)
class Scenario:
    """A scenario as read and checked (see the module text)."""

    name: str
    title: str
    start: date
    months: int
    edition: date
    edition_line: int
    sources: dict[str, dict[str, str]]
    per_month: Figure | None
    seasonality: tuple[Figure, ...]
    nationalities: tuple[Nationality, ...]
    figures: dict[str, Figure]
    reception: dict[str, Figure]
    costs: dict[str, Figure]
    hires: tuple[tuple[int, Figure], ...]
    amendments: tuple[Amendment, ...]
    path: Path | None = None
    by_month: tuple[Figure, ...] = ()
    initial: dict[str, Figure] = field(default_factory=dict)
    backtest: Backtest | None = None
    scale: float = 1.0
    default_scale: float = 1.0
    #: The figures of the other flows by name (``repeat.share``; ``twin.flow_data``).
    flows: dict[str, Figure] = field(default_factory=dict)
    #: The nareizigers' twelve seasonal factors, January first (none: the same every month).
    flow_seasonality: tuple[Figure, ...] = ()

    def figure(self, name: str) -> float:
        return self.figures[name].value

    def calendar_month(self, month: int) -> int:
        """The calendar month of simulated month ``month`` (0 the first), January 0: the index
        of its seasonal factor."""
        return (self.start.month - 1 + month) % 12

    def arrivals_in(self, month: int) -> float:
        """The expected first applications in simulated month ``month`` (0 the first)."""
        if self.by_month:
            return self.by_month[month].value
        assert self.per_month is not None
        return self.per_month.value * self.seasonality[self.calendar_month(month)].value

    def nareizigers_in(self, month: int) -> float:
        """The expected nareizigers in simulated month ``month`` (0 without the flow)."""
        per_month = self.flows.get("nareizigers.per_month")
        if per_month is None:
            return 0.0
        if not self.flow_seasonality:
            return per_month.value
        return per_month.value * self.flow_seasonality[self.calendar_month(month)].value

    @property
    def given_flows(self) -> set[str]:
        """The flows besides first applications this scenario gives (``nareizigers``, …)."""
        return {name.partition(".")[0] for name in self.flows}

    def all_figures(self) -> list[Figure]:
        """Every figure the scenario states, for the list of sources and estimates."""
        found = [*([self.per_month] if self.per_month else []), *self.seasonality]
        found += [*self.by_month, *self.initial.values(), *self.figures.values()]
        for n in self.nationalities:
            found += [n.share, n.recognition]
        found += [*self.reception.values(), *self.costs.values(), *(f for _, f in self.hires)]
        for a in self.amendments:
            found += list(a.figures.values())
        return [*found, *self.flows.values(), *self.flow_seasonality]

    def estimates(self) -> list[str]:
        """The names of the figures that are estimates (status E), each once."""
        return sorted({f.name for f in self.all_figures() if f.estimate})


#: Figure names under each section, with what a value must be: a rate lies in [0, 1], a count
#: or a duration is at least zero.
RATES = {
    "border_share": "share of first applicants who arrive at the external border",
    "unaccompanied_share": "share of first applicants who are unaccompanied minors",
    "dublin_share": "share of first applicants for whom another state is asked to take charge",
    "take_charge_accepted": "share of take charge requests accepted (expressly or by silence)",
    "transfer_carried_out": "share of accepted transfers carried out within the time limit",
    "absconding": "share of people with a transfer decision who abscond",
    "appeal_rate": "share of negative decisions appealed",
    "appeal_upheld": "share of appeals the court upholds",
    "departure": "share of finally rejected people who leave (return) within the horizon",
}
DURATIONS = {
    "screening_days": "mean days of screening",
    "ind_days_per_decision": "caseworker days one first-instance decision takes",
    "training_lag_months": "months before a new caseworker produces",
    "court_days_per_appeal": "mean days an appeal is in hand at court",
    "appeal_filing_days": "mean days between notification and an appeal",
    "transfer_days": "mean days from transfer decision to transfer",
    "housing_days": "mean days a status holder waits for a municipal home",
    "return_days": "mean days from final rejection to departure",
}
COUNTS = {
    "screening_staff": "screenings (KMar and IND) in hand at once",
    "ind_caseworkers": "IND caseworkers deciding first-instance cases (one case at a time)",
    "border_places": "places for the border procedure (adequate capacity)",
    "border_annual_maximum": "applications in the border procedure a year at most",
    "court_capacity": "asylum appeals the courts have in hand at once",
}
SECTIONS = {"rates": RATES, "durations": DURATIONS, "staffing": COUNTS}
#: Counts a scenario may give under ``staffing``. ``housing_quota``: the homes municipalities
#: offer status holders a half-year (the *taakstelling*); with it a status holder waits in line
#: for one of them (homes come day by day, the quota spread over the half-year), without it a drawn
#: wait of ``housing_days``.
OPTIONAL_COUNTS = {
    "housing_quota": "homes municipalities offer status holders a half-year (the taakstelling)",
}
#: Who is in the chain when a scenario starts (``twin.initial``), each a count.
INITIAL = {
    "ind_backlog": "first applications waiting for an IND decision",
    "status_holders": "status holders in reception waiting for a municipal home",
    "reception_residents": "residents of reception (the backlog and status holders among them)",
}


def _months(r: Reader, doc: LocatedDict) -> int:
    months = r.number(doc, "months", "count")
    if months != int(months) or not 1 <= months <= 600:
        raise r.fail(doc.line_of("months"), f"months: a whole number from 1 to 600, not {months:g}")
    return int(months)


def read_scenario(path: Path) -> Scenario:
    """The scenario in ``path``, checked; a bad file: ``ScenarioError`` naming the line."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(name, 1, f"cannot read the file: {exc.strerror}") from None
    return parse_scenario(text, name, path)


def parse_scenario(text: str, name: str, path: Path | None = None) -> Scenario:
    """The scenario in ``text`` (``name`` for messages), checked as ``read_scenario`` does."""
    doc = load_located(text, name)
    r = Reader(name)
    sources = r.sources(doc)
    r.known_sources = set(sources)
    law = r.section(doc, "law")
    edition = r.day(law, "edition")
    check_edition(edition, name, law.line_of("edition"))
    months = _months(r, doc)
    start = r.day(doc, "start").replace(day=1)
    arrivals = r.section(doc, "arrivals")
    per_month, seasonality, by_month = _arrivals(r, arrivals, months)
    nationalities = r.nationalities(arrivals)
    figures: dict[str, Figure] = {}
    for section, names in SECTIONS.items():
        block = r.section(doc, section)
        kind = "rate" if section == "rates" else "count"
        for extra in sorted(set(block) - set(names) - {"hires", *OPTIONAL_COUNTS}):
            raise ScenarioError(name, block.line_of(extra), f"{section}.{extra}: unknown figure")
        for key in names:
            if key not in block:
                line = doc.line_of(section)
                raise ScenarioError(name, line, f"{section}.{key}: the figure is missing")
            figures[key] = r.figure(block, key, kind)
    flows, flow_seasonality = read_flows(r, doc)
    staffing = r.section(doc, "staffing")
    hires = r.hires(staffing) if "hires" in staffing else ()
    for key in OPTIONAL_COUNTS:
        if key in staffing:
            figures[key] = r.figure(staffing, key, "count")
    return Scenario(
        name=r.text(doc, "scenario"),
        title=r.text(doc, "title"),
        start=start,
        months=months,
        edition=edition,
        edition_line=law.line_of("edition"),
        sources=sources,
        per_month=per_month,
        seasonality=seasonality,
        nationalities=nationalities,
        figures=figures,
        reception=r.reception(r.section(doc, "reception"), "reception"),
        costs=r.reception(r.section(doc, "costs_per_day"), "costs_per_day"),
        hires=hires,
        amendments=read_amendments(r, law),
        path=path,
        by_month=by_month,
        initial=_initial(r, doc),
        backtest=read_backtest(r, doc, start, months) if "backtest" in doc else None,
        default_scale=_default_scale(r, doc),
        flows=flows,
        flow_seasonality=flow_seasonality,
    )


def _default_scale(r: Reader, doc: LocatedDict) -> float:
    if "scale" not in doc:
        return 1.0
    share = r.number(doc, "scale", "rate")
    if share == 0:
        raise r.fail(doc.line_of("scale"), "scale: a share above 0 and at most 1, not 0")
    return share


def _arrivals(
    r: Reader, arrivals: LocatedDict, months: int
) -> tuple[Figure | None, tuple[Figure, ...], tuple[Figure, ...]]:
    """``per_month`` and ``seasonality``, or ``by_month`` (one figure a month), not both."""
    if "by_month" in arrivals:
        if "per_month" in arrivals or "seasonality" in arrivals:
            line = arrivals.line_of("by_month")
            raise r.fail(line, "arrivals: by_month, or per_month with seasonality, not both")
        return None, (), r.figure_list(arrivals, "by_month", months)
    per_month = r.figure(arrivals, "per_month", "count")
    return per_month, r.figure_list(arrivals, "seasonality", 12), ()


def _initial(r: Reader, doc: LocatedDict) -> dict[str, Figure]:
    if "initial" not in doc:
        return {}
    block = r.section(doc, "initial")
    for extra in sorted(set(block) - set(INITIAL)):
        raise ScenarioError(r.name, block.line_of(extra), f"initial.{extra}: unknown figure")
    return {key: r.figure(block, key, "count", f"initial.{key}") for key in INITIAL if key in block}
