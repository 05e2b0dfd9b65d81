"""The report's part on the flows besides first applications, for a scenario that gives them.

The twin simulates, where a scenario gives them (``twin.flows``), the nareizigers (family members
admitted under asylum family reunification, who arrive later), subsequent applications and the
people other member states transfer to the Netherlands. ``flows_part(runs)`` shows them month by
month in one chart and its table: the nareizigers who arrived and those in reception waiting for
a home, the subsequent applications lodged and the incoming transfers that arrived. The same
figures are in ``series.csv`` and, over the horizon, in the results table
(``twin_report_words.headlines``).
"""

from __future__ import annotations

from migrationpact.services.progress_words import _
from migrationpact.services.twin_report import Part, chart_part, months_of, series_of
from migrationpact.twin.montecarlo import Runs

#: The outputs of the chart, by the flow that gives them.
SERIES = (
    ("nareizigers", "nareizigers.arrived"),
    ("nareizigers", "level.phase.nareizigers"),
    ("repeat", "repeat.lodged"),
    ("incoming_dublin", "dublin.incoming.arrived"),
)


def flows_part(runs: Runs) -> Part | None:
    """The month-by-month part of the flows ``runs``' scenario gives (None: it gives none)."""
    given = runs.scenario.given_flows
    codes = [code for flow, code in SERIES if flow in given]
    if not codes:
        return None
    title = _("Other flows per month: nareizigers, subsequent applications, transfers in")
    intro = _(
        "Nareizigers take a reception place until a municipality houses them; subsequent "
        "applications and people transferred here by another member state go through the "
        "procedure as applicants do. Arrivals are counts per month, those waiting a mean."
    )
    return chart_part("flows", title, intro, months_of(runs.scenario),
                      [series_of(runs, c) for c in codes], len(runs.replications),
                      _("People"))  # fmt: skip
