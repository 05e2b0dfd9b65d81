"""The figures of the flows besides first applications, as a scenario states them (``flows``).

A scenario may give, under a top-level ``flows`` section, any of three flows that
``twin.flows`` simulates; a scenario without the section (or without one of them) runs exactly
as it did before the flows were added. Each figure is written as every other figure is
(``{value, status, source}``) and is named ``<flow>.<figure>`` in the outputs and messages:

* ``nareizigers``: family members admitted under asylum family reunification (*nareis*), who
  arrive later: ``per_month`` and, optionally, twelve ``seasonality`` factors (January first);
* ``repeat``: subsequent applications (APR Art. 55-56): ``share`` of the finally rejected people
  who stay and lodge one, after ``delay_days`` on average from the end of their reception;
  ``new_elements``, the share the preliminary examination finds new elements in (examined in
  full; the others inadmissible, APR Art. 38(1)(c)); optionally ``per_month``, subsequent
  applications of people rejected before the scenario starts;
* ``incoming_dublin``: take charge requests other member states send the Netherlands:
  ``requests_per_month``, the share ``accepted``, ``reply_days`` (mean days to the Dutch reply),
  the share of accepted requests ``transferred`` and ``transfer_days`` (mean days from the
  acceptance to the person's arrival).

A rate must lie in [0, 1] and a count or a number of days be at least zero; an unknown flow or
figure, or a missing one, is refused at its line (``ScenarioError``), as everywhere else.
"""

from __future__ import annotations

from migrationpact.twin.figures import Figure, Reader
from migrationpact.twin.located import LocatedDict, ScenarioError

#: Each flow's figures: their kind (a rate in [0, 1], else a count or days, >= 0) and meaning.
FLOWS: dict[str, dict[str, tuple[str, str]]] = {
    "nareizigers": {
        "per_month": ("count", "family members (asylum family reunification) arriving a month"),
    },
    "repeat": {
        "share": ("rate", "share of finally rejected people who stay and apply again"),
        "delay_days": ("count", "mean days from the end of reception to the new application"),
        "new_elements": ("rate", "share of subsequent applications examined in full"),
        "per_month": ("count", "subsequent applications a month of people rejected earlier"),
    },
    "incoming_dublin": {
        "requests_per_month": ("count", "take charge requests from other states a month"),
        "accepted": ("rate", "share of incoming requests the Netherlands accepts"),
        "reply_days": ("count", "mean days from an incoming request to the Dutch reply"),
        "transferred": ("rate", "share of accepted requests whose person is transferred here"),
        "transfer_days": ("count", "mean days from the acceptance to the person's arrival"),
    },
}
#: The flows' counts of people a month (a scaled run takes its share of them).
PER_MONTH = ("nareizigers.per_month", "repeat.per_month", "incoming_dublin.requests_per_month")
#: The figures a flow may leave out.
OPTIONAL = {"repeat.per_month"}
#: Seasonal factors of a flow (twelve, January first), where a flow may give them.
SEASONAL = ("nareizigers",)


def read_flows(r: Reader, doc: LocatedDict) -> tuple[dict[str, Figure], tuple[Figure, ...]]:
    """The figures of ``doc``'s ``flows`` by name, and the nareizigers' seasonal factors (none
    when not given); both empty for a scenario without flows."""
    if "flows" not in doc:
        return {}, ()
    block = r.section(doc, "flows")
    for extra in sorted(set(block) - set(FLOWS)):
        raise ScenarioError(r.name, block.line_of(extra), f"flows.{extra}: unknown flow")
    found: dict[str, Figure] = {}
    seasonality: tuple[Figure, ...] = ()
    for flow, names in FLOWS.items():
        if flow not in block:
            continue
        figures = r.section(block, flow)
        allowed = {*names, *(("seasonality",) if flow in SEASONAL else ())}
        for extra in sorted(set(figures) - allowed):
            line = figures.line_of(extra)
            raise ScenarioError(r.name, line, f"flows.{flow}.{extra}: unknown figure")
        for key, (kind, _meaning) in names.items():
            name = f"{flow}.{key}"
            if key in figures:
                found[name] = r.figure(figures, key, kind, name)
            elif name not in OPTIONAL:
                line = block.line_of(flow)
                raise ScenarioError(r.name, line, f"flows.{name}: the figure is missing")
        if "seasonality" in figures:
            seasonality = r.figure_list(figures, "seasonality", 12, f"{flow}.seasonality")
    return found, seasonality
