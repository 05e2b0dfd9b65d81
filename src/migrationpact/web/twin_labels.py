"""The chain twin's words on the pages: scenarios, statuses, reasons and headline outputs.

The scenario files and ``twin.outputs.ALL_HEADLINES`` say things in English for the command line;
the pages say them in the visitor's language from these message ids (``N_`` marks them for the
catalogs). A name with no label here (a scenario added later) is shown as it is; a test
checks every headline has one.

>>> OUTPUT_LABELS["arrivals"]
'First applications'
"""

from __future__ import annotations

from migrationpact.web.labels import N_

SCENARIO_LABELS = {
    "base": N_("Base: the 2025 influx under the Pact, one year from July 2026"),
    "amendment-example": N_(
        "Amendment example: a shorter appeal period, more border places and a fictional crisis"
    ),
    "small": N_("Small: 2 per cent of the base influx for three months (a run in seconds)"),
}

STATUS_LABELS = {
    "queued": N_("Waiting to run"),
    "running": N_("Running"),
    "done": N_("Finished"),
    "failed": N_("Failed"),
}

REASON_LABELS = {
    "abandoned": N_("The server process running it stopped; start the run again."),
    "error": N_("The calculation failed; the server's log says why."),
    "bad-scenario": N_("The scenario could not be read."),
}

OUTPUT_LABELS = {
    "arrivals": N_("First applications"),
    "decisions.positive": N_("First-instance decisions: protection"),
    "decisions.negative": N_("First-instance decisions: rejection"),
    "level.phase.ind_backlog": N_("IND backlog (mean waiting or in decision)"),
    "days.arrival_to_decision": N_("Days from arrival to first decision (mean)"),
    "border.entered": N_("Border-procedure entries"),
    "level.phase.border": N_("Border-procedure occupancy (mean)"),
    "dublin.transfer_decisions": N_("Transfer decisions"),
    "dublin.transfers": N_("Transfers carried out"),
    "dublin.absconded": N_("Absconded after a transfer decision"),
    "dublin.responsibility_shifted": N_("Transfers lapsed: the Netherlands responsible"),
    "appeals.lodged": N_("Appeals lodged"),
    "appeals.late": N_("Appeals lodged after the appeal period (late)"),
    "level.reception.COL": N_("Reception at a central reception location (mean occupancy)"),
    "level.reception.AZC": N_("Reception at an asylum seekers' centre (mean occupancy)"),
    "level.reception.COL-AMV": N_("Central reception for unaccompanied minors (mean occupancy)"),
    "level.reception.NIDOS": N_("Reception by Nidos, unaccompanied minors (mean occupancy)"),
    "level.reception.GRENS": N_("Reception at border locations (mean occupancy)"),
    "level.reception.DOL": N_("Dublin shelter places needed (mean occupancy)"),
    "level.reception.NOODOPVANG": N_("Emergency reception, over capacity (mean occupancy)"),
    "cost.reception": N_("Reception cost (euro)"),
    "returned": N_("Returned after final rejection"),
    # the other flows (``twin.outputs.FLOW_HEADLINES``), for a scenario that gives them
    "nareizigers.arrived": N_("Family members arrived (nareizigers)"),
    "level.phase.nareizigers": N_("Nareizigers in reception waiting for a home (mean)"),
    "nareizigers.housed": N_("Nareizigers housed"),
    "repeat.lodged": N_("Subsequent applications lodged"),
    "repeat.inadmissible": N_("Subsequent applications inadmissible (no new elements)"),
    "repeat.examined": N_("Subsequent applications examined in full"),
    "dublin.incoming.requests": N_("Take charge requests from other member states"),
    "dublin.incoming.accepted": N_("Incoming requests accepted"),
    "dublin.incoming.arrived": N_("Transfers to the Netherlands arrived"),
}

MONTHLY_LABELS = {
    "arrivals": N_("First applications"),
    "dublin.transfer_decisions": N_("Transfer decisions"),
    "level.phase.ind_backlog": N_("IND backlog (mean waiting or in decision)"),
}
