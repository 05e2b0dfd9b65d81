"""The sections of the progress report, built from counts (``store.progress``) and data.

Each builder takes figures already counted and returns ``monitoring.report.model`` sections, in
the structure of the government's letter of 22 January 2026: the monitoring mechanism, the
IND, the reception directive, Dublin shelter locations, the legislative process. Every table
carries a note with what it counts (its definition) and the articles it rests on; where the
system holds no data for a figure the letter names, the section says so in words and shows no
number. Nothing here reads the store: ``services.progress_report`` does, then calls these.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache

from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.legislation import Bill
from migrationpact.monitoring.intake import Words
from migrationpact.monitoring.report.model import (
    CountTable,
    FigureColumn,
    ListTable,
    Section,
    counts_table,
)
from migrationpact.reception.plan import PhaseInPlan, parse_month
from migrationpact.services.progress_words import _, cited, day, month, title
from migrationpact.store.progress import Outcomes


@cache
def outcome_columns() -> tuple[Words, ...]:
    """The columns of an outcome table (read from the catalogue when a report is first made,
    not when the server imports this module)."""
    return (
        _("In time"),
        _("Late"),
        _("Lapsed"),
        _("Open past the end"),
        _("Still running"),
        _("Cancelled"),
    )


def outcome_table(
    table_id: str,
    caption: Words,
    rows: Sequence[tuple[Words, Outcomes]],
    *,
    definition: Words,
    basis: Sequence[LegalBasis],
) -> CountTable:
    """What became of deadlines that started in the period, a row per rule, with the share met
    in time of those whose end has come (met, lapsed, or open past their end)."""
    grid = [
        (label, (o.in_time, o.late, o.lapsed, o.overdue, o.running, o.cancelled))
        for label, o in rows
    ]
    total = Outcomes(*(sum(column) for column in zip(*(cells for _l, cells in grid), strict=True)))
    several = len(rows) > 1
    shares = tuple(o.share_in_time for _l, o in rows)
    if several:
        shares = (*shares, total.share_in_time)
    return counts_table(
        table_id,
        caption,
        _("Time limit"),
        outcome_columns(),
        grid,
        total_row=several,
        note=_("%(definition)s Legal basis: %(basis)s.", definition=definition, basis=cited(basis)),
        figures=(FigureColumn(_("Share in time"), "share", (0, 1, 2, 3), shares),),
    )


def count_rows(
    table_id: str,
    caption: Words,
    head: Words,
    rows: Sequence[tuple[Words, int]],
    *,
    definition: Words,
    basis: Sequence[LegalBasis],
) -> CountTable:
    """One count per row (no total: the rows count different things)."""
    return counts_table(
        table_id,
        caption,
        head,
        (_("Number"),),
        [(label, (n,)) for label, n in rows],
        note=_("%(definition)s Legal basis: %(basis)s.", definition=definition, basis=cited(basis)),
    )


def places_table(places: dict[bool, int], emergency_types: Sequence[Words]) -> CountTable:
    """Places in emergency and in other reception locations, with each one's share."""
    emergency, other = places.get(True, 0), places.get(False, 0)
    whole = emergency + other
    shares = tuple(n / whole if whole else None for n in (emergency, other, whole))
    kinds = Words(  # none marked in the regimes data: a dash rather than nothing
        en=", ".join(w.en for w in emergency_types) or "\u2013",
        nl=", ".join(w.nl for w in emergency_types) or "\u2013",
    )
    return counts_table(
        "progress-emergency-places",
        _("Reception places in emergency locations"),
        _("Locations"),
        (_("Places"),),
        [(_("Emergency locations"), (emergency,)), (_("Other locations"), (other,))],
        total_row=True,
        note=_(
            "Places of the open reception sites as they stand on the day the report is made "
            "(the site register keeps the current places, not their history). Emergency "
            "locations are the location types marked as such: %(kinds)s. Legal basis: "
            "%(basis)s.",
            kinds=kinds,
            basis=cited([LegalBasis("RCD", "19", "2")]),
        ),
        figures=(FigureColumn(_("Share"), "share", (0,), shares),),
    )


def plan_table(plan: PhaseInPlan, months: Sequence[str], limit: Words) -> CountTable:
    """The Dublin shelter places needed and planned per month of the period, with the gap."""
    rows = [
        (month(parse_month(row.month)), (row.needed, row.capacity, max(row.gap, 0)))
        for row in plan.rows
        if row.month in months
    ]
    source = plan.forecast.get("source")
    forecast = (
        _("forecast from the open cases")
        if source == "cases"
        else _("forecast from a file given by the planner")
    )
    return counts_table(
        "progress-dublin-shelter",
        _("Dublin shelter places against the phase-in plan"),
        _("Month"),
        (_("Places needed"), _("Places available"), _("Shortfall")),
        rows,
        note=_(
            "Places needed: the plan's estimate of residents after a transfer decision "
            "(%(forecast)s; %(limit)s). Places available: the places of the Dublin shelter "
            "locations open in the month. Shortfall: needed minus available, where above 0. "
            "Legal basis: %(basis)s.",
            forecast=forecast,
            limit=limit,
            basis=cited([LegalBasis("RCD", "21"), LegalBasis("AMMR", "46", "1")]),
        ),
    )


def stages_table(bill: Bill, until: date) -> ListTable:
    """The bill's stages reached by ``until``, each with its paper and whether it is verified."""
    return ListTable(
        "progress-bill-stages",
        _("Stages of bill %(number)s", number=_spaced(bill.number)),
        (_("Day"), _("Stage"), _("Document"), _("Checked against a source")),
        tuple(
            (
                s.day,
                title(s.title),
                s.document or "\u2013",
                _yes_no(s.verified),
            )
            for s in bill.stages_until(until)
        ),
        _("No stage recorded."),
    )


def changes_table(bill: Bill, titles: dict[str, Words]) -> tuple[ListTable, ListTable]:
    """What the bill sets, and its amendments, each with the rules of the rule book it would
    change (by title and id)."""

    def rules(ids: Sequence[str]) -> Words:
        named = [(titles[r], r) for r in ids]
        return Words(
            en="; ".join(f"{w.en} ({r})" for w, r in named),
            nl="; ".join(f"{w.nl} ({r})" for w, r in named),
        )

    provisions = ListTable(
        "progress-bill-provisions",
        _("What the bill sets that changes a time limit"),
        (_("Provision"), _("Rules it changes"), _("Checked against a source")),
        tuple((title(p.title), rules(p.rules), _yes_no(p.verified)) for p in bill.provisions),
        _("No provision recorded."),
    )
    amendments = ListTable(
        "progress-bill-amendments",
        _("Amendments"),
        (_("Tabled on"), _("Amendment"), _("Rules it would change"), _("Checked against a source")),
        tuple(
            (a.tabled_on, title(a.title), rules(a.rules), _yes_no(a.verified))
            for a in bill.amendments
        ),
        title(bill.note) if bill.note is not None else _("No amendment recorded."),
    )
    return provisions, amendments


def _yes_no(flag: bool) -> Words:
    return _("yes") if flag else _("no, not yet verified")


def _spaced(number: str) -> str:
    """A bill's number as parliament writes it: 36871 → 36 871."""
    return f"{number[:2]} {number[2:]}"


def monitoring_section() -> Section:
    """The monitoring mechanism: what it is, and why its files are not counted here."""
    return Section(
        "monitoring",
        _("The monitoring mechanism"),
        intro=_(
            "Since 12 June 2026 an independent mechanism monitors compliance with Union and "
            "international law, including the Charter, during screening and the asylum border "
            "procedure. The Inspectorate of Justice and Security and the Netherlands Institute "
            "for Human Rights form it, each within its existing mandate."
        ),
        notes=(
            _(
                "The mechanism's files (signals, complaints, inspections) are kept in the bodies' "
                "own register, which the case-handling system cannot read. Their numbers are "
                "published by the bodies in their joint public annual report; this report shows "
                "none of them. The time limits the mechanism watches (screening, the border "
                "procedure, the special-needs assessment) are counted in the sections below "
                "with the same rules as its indicators."
            ),
        ),
    )


def legislation_section(bill: Bill, titles: dict[str, Words], today: date) -> Section:
    """The bill's stages by ``today``, what it sets and its amendments (``titles``: of the
    rules they change, by id)."""
    provisions, amendments = changes_table(bill, titles)
    return Section(
        "legislation",
        _("The legislative process"),
        intro=_(
            "Bill %(number)s, %(title)s, as recorded on %(day)s. Stages and changes that could "
            "not be checked against a primary source are marked.",
            number="36 871",
            title=title(bill.title),
            day=day(bill.recorded_on),
        ),
        tables=(stages_table(bill, today), provisions, amendments),
    )
