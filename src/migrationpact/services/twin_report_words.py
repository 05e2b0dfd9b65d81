"""The words of the chain twin's report: its outputs, numbers and bands in Dutch and English.

Every output of the twin (``twin.outputs``) has a code (``level.reception.DOL``); the report
never shows the code but its label from the translation catalogue (``LABELS``, message ids of
``services.progress_words._``). A deadline lapse is named by its rule's title from the rule
book (both languages kept there) and its consequence by the sentence ``cases.lapses`` records,
which the catalogue translates. Numbers are written the way each language writes them (``1.234``
in Dutch, ``1,234`` in English), a band as "low – high".

>>> number(1234.5).nl, number(1234.5).en, number(2.25).nl, exact(0.723).nl
('1.234', '1,234', '2,2', '0,723')
>>> percent(0.0523, signed=True).nl, percent(-0.1).en
('+5,2 %', '-10.0 %')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from babel.numbers import format_decimal

from migrationpact.cases.lapses import consequence_sentence
from migrationpact.law.rulebook import RuleBook
from migrationpact.monitoring.intake import Words
from migrationpact.services.progress_words import _
from migrationpact.services.translations import translations
from migrationpact.twin import outputs
from migrationpact.twin.scenario import Scenario

DASH = "\u2013"

#: The label of every output the report shows, by its code.
LABELS: dict[str, Words] = {
    "arrivals": _("first applications"),
    "decisions.positive": _("first-instance decisions: protection"),
    "decisions.negative": _("first-instance decisions: rejection"),
    "border.entered": _("border-procedure entries"),
    "dublin.transfer_decisions": _("transfer decisions"),
    "dublin.transfers": _("transfers carried out"),
    "dublin.absconded": _("absconded after a transfer decision"),
    "dublin.responsibility_shifted": _("transfers lapsed: the Netherlands responsible"),
    "appeals.lodged": _("appeals lodged"),
    "appeals.late": _("appeals lodged after the appeal period (late)"),
    "returned": _("returned after final rejection"),
    "cost.reception": _("reception cost (EUR)"),
    "level.phase.screening": _("in screening"),
    "level.phase.dublin": _("in the Dublin procedure"),
    "level.phase.ind_backlog": _("IND backlog (waiting or in decision)"),
    "level.phase.border": _("in the border procedure"),
    "level.phase.court": _("appeals at court"),
    "level.phase.housing": _("status holders waiting for a home"),
    "days.phase.screening": _("screening (days)"),
    "days.phase.dublin": _("Dublin procedure (days)"),
    "days.phase.ind_backlog": _("IND, from waiting to decision (days)"),
    "days.phase.border": _("border procedure (days)"),
    "days.phase.court": _("appeal at court (days)"),
    "days.phase.housing": _("waiting for a home (days)"),
    "days.arrival_to_decision": _("from arrival to first decision (days)"),
    "level.reception.COL": _("central reception (COL)"),
    "level.reception.COL-AMV": _("central reception for unaccompanied minors (COL-AMV)"),
    "level.reception.NIDOS": _("Nidos, unaccompanied minors"),
    "level.reception.AZC": _("asylum seekers' centre (AZC)"),
    "level.reception.GRENS": _("border location"),
    "level.reception.DOL": _("Dublin shelter (DOL)"),
    "level.reception.NOODOPVANG": _("emergency reception, over capacity"),
    # the other flows (``twin.flows``)
    "nareizigers.arrived": _("family members arrived (nareizigers)"),
    "nareizigers.housed": _("nareizigers housed"),
    "level.phase.nareizigers": _("nareizigers waiting for a home"),
    "days.phase.nareizigers": _("nareizigers, waiting for a home (days)"),
    "repeat.lodged": _("subsequent applications lodged"),
    "repeat.inadmissible": _("subsequent applications inadmissible (no new elements)"),
    "repeat.examined": _("subsequent applications examined in full"),
    "dublin.incoming.requests": _("take charge requests from other member states"),
    "dublin.incoming.accepted": _("incoming requests accepted"),
    "dublin.incoming.refused": _("incoming requests refused"),
    "dublin.incoming.arrived": _("transfers to the Netherlands arrived"),
}

#: The outputs of the results table, in its order (a level or a lead time: mean of the months).
HEADLINES = (
    "arrivals",
    "decisions.positive",
    "decisions.negative",
    "level.phase.ind_backlog",
    "days.arrival_to_decision",
    "border.entered",
    "level.phase.border",
    "dublin.transfer_decisions",
    "dublin.transfers",
    "dublin.absconded",
    "dublin.responsibility_shifted",
    "appeals.lodged",
    "appeals.late",
    "level.reception.DOL",
    "level.reception.NOODOPVANG",
    "cost.reception",
    "returned",
)


def headlines(*scenarios: Scenario) -> tuple[str, ...]:
    """The results table's outputs: ``HEADLINES``, then those of each flow one of
    ``scenarios`` gives (``twin.outputs.flow_headlines``)."""
    return (*HEADLINES, *(code for code, _label in outputs.flow_headlines(*scenarios)))


#: What the twin does not model (``docs/twin.md``, "Sources and uncertainty"), said plainly.
NOT_MODELLED = (
    _("The twin starts empty: no pending cases and no residents at the start, so backlogs and "
      "occupancy are those of the simulated cohort only."),
    _("Family reunification and repeat applications are not simulated; only first applications "
      "of the ten largest nationalities, their shares rescaled."),
    _("Dublin decisions and transfer decisions take no caseworker time; only outgoing requests "
      "are simulated, and no take back."),
    _("Families are not simulated as households."),
    _("Housing of status holders is one waiting time, not the municipal quota."),
    _("Return is a share and a delay, not the steps of the return procedure."),
    _("The bands cover the simulation's own randomness for fixed figures, not the uncertainty "
      "of the figures themselves: vary a figure in a second scenario and compare."),
)  # fmt: skip

#: In place of the lines of ``NOT_MODELLED`` on the flows besides first applications (the second
#: and third), for a scenario that gives any of them (``twin.flows``).
NOT_MODELLED_FLOWS = (
    _(
        "Nareizigers, subsequent applications and incoming Dublin transfers are simulated as far "
        "as the scenario gives them: nareizigers as an arrival stream of their own, not as the "
        "relatives of the simulated status holders; the preliminary examination of a subsequent "
        "application as a share examined in full, the others inadmissible. First applications are "
        "those of the ten largest nationalities, their shares rescaled."
    ),
    _(
        "Dublin decisions, transfer decisions and the replies to incoming requests take no "
        "caseworker time; incoming take back requests are simulated as take charge requests."
    ),
)
#: In place of the line of ``NOT_MODELLED`` on housing, for a scenario with a municipal quota.
NOT_MODELLED_QUOTA = _(
    "Housing follows one national quota a half-year, its homes spread evenly over the days; "
    "homes nobody waits for are kept for the next, and the municipalities' arrears are not "
    "simulated."
)


def not_modelled(scenarios: Sequence[Scenario]) -> tuple[Words, ...]:
    """What the twin does not model for ``scenarios`` (``NOT_MODELLED``, its lines on the flows
    and on housing replaced where one of them gives these)."""
    notes = list(NOT_MODELLED)
    if any(s.flows for s in scenarios):
        notes[1:3] = NOT_MODELLED_FLOWS
    if any("housing_quota" in s.figures for s in scenarios):
        notes[4] = NOT_MODELLED_QUOTA
    if scenarios and all(s.initial for s in scenarios):
        del notes[0]  # people in the chain at the start: it does not start empty
    return tuple(notes)


#: The back-test's comparisons (``twin.backtest``) and how a published figure is used.
BACKTEST_WHAT: dict[str, Words] = {
    "decisions": _("first-instance decisions"),
    "occupancy": _("reception occupancy"),
}
BACKTEST_USE: dict[str, Words] = {
    "calibration": _("calibration"),
    "hold-out": _("hold-out"),
}

STATUS = {
    "V": _("V: seen in the source"),
    "D": _("D: derived from seen figures"),
    "E": _("E: estimated"),
}


def number(value: float) -> Words:
    """A figure as each language writes it: whole from 100 on, else one decimal; NaN a dash."""
    if math.isnan(value):
        return Words(en=DASH, nl=DASH)
    shape = "#,##0" if abs(value) >= 100 else "#,##0.0"
    return Words(
        en=format_decimal(value, format=shape, locale="en"),
        nl=format_decimal(value, format=shape, locale="nl"),
    )


def percent(value: float, signed: bool = False) -> Words:
    """A share as a percentage with one decimal: '+5,2 %' / '+5.2 %'; NaN a dash."""
    if math.isnan(value):
        return Words(en=DASH, nl=DASH)
    shape = "+#,##0.0;-#,##0.0" if signed else "#,##0.0"
    return Words(
        en=format_decimal(100 * value, format=shape, locale="en") + " %",
        nl=format_decimal(100 * value, format=shape, locale="nl") + " %",
    )


def count(value: int) -> Words:
    """A whole number as each language writes it."""
    return Words(
        en=format_decimal(value, format="#,##0", locale="en"),
        nl=format_decimal(value, format="#,##0", locale="nl"),
    )


def exact(value: float) -> Words:
    """A figure of a scenario as it was given (up to six decimals)."""
    return Words(
        en=format_decimal(value, format="#,##0.######", locale="en"),
        nl=format_decimal(value, format="#,##0.######", locale="nl"),
    )


def banded(mean: float, low: float, high: float, replications: int) -> Words:
    """'1,234 (1,100 – 1,300)'; with one replication the mean alone (there is no band)."""
    m = number(mean)
    if replications < 2 or math.isnan(mean):
        return m
    lo, hi = number(low), number(high)
    return Words(en=f"{m.en} ({lo.en} {DASH} {hi.en})", nl=f"{m.nl} ({lo.nl} {DASH} {hi.nl})")


def label(code: str) -> Words:
    """The label of an output; a reception type the catalogue has no label for by its code."""
    if code in LABELS:
        return LABELS[code]
    kind = code.rpartition(".")[2]
    return _("location type %(code)s", code=kind)


def rule_words(book: RuleBook, rule_id: str) -> Words:
    """A rule by its title and id: 'Beroepstermijn (NL-APR-18)'."""
    versions = book.versions(rule_id) if rule_id in book.ids() else []
    if not versions:
        return Words(en=rule_id, nl=rule_id)
    title = versions[-1].rule.title
    return Words(en=f"{title.en} ({rule_id})", nl=f"{title.nl} ({rule_id})")


def consequence_words(code: str) -> Words:
    """The consequence a lapse has, as ``cases.lapses`` says it, in both languages."""
    text = consequence_sentence(code)
    return Words(en=translations("en").gettext(text), nl=translations("nl").gettext(text))


def day_text(value: date) -> Words:
    """A day as ISO 8601 is written the same in both languages; kept for the tables' cells."""
    text = value.isoformat()
    return Words(en=text, nl=text)
