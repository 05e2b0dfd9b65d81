"""The figures of the bodies' files for one year: signals, time limits, referrals, closings.

``file_sections`` counts from the files' states (opened by the edge with the bodies' keys):

- **Signals received** in the year (by the day a signal came in): by source, by channel, by
  phase (the triage's, else what the submitter indicated), by Charter right (a signal can
  concern several rights, so that table has no total), and the complaints referred out to the
  Nationale ombudsman or the Kinderombudsman.
- **Time limits** that started in the year (``monitoring.limits``): met on time, met late,
  still open and not yet due, still open past their due day, as they stood on the day the
  report is made. For a body's own (not public) report, the files over a limit by reference.
- **Referrals** made in the year, by authority: answered on time, answered late, awaiting an
  answer (due later, or overdue).
- **Files closed** in the year, by reason.

One body's report has one column of counts; the joint report (``bodies`` both) a column per body
and a total, aggregate figures only. Every count table has totals where they add up.

>>> from migrationpact.monitoring.decide import replay
>>> from migrationpact.monitoring.events import parse_monitoring_event as ev
>>> f = replay("M-1", [ev({"type": "signal_received", "occurred_at": "2026-12-04T10:00",
...     "received_at": "2026-12-04T09:00", "source": "ngo", "channel": "email",
...     "content": "Held 9 days.", "phase": "detention"}),
...     ev({"type": "routed", "occurred_at": "2026-12-04T10:00", "to": "InspectieJenV",
...     "rule": "IN-DET-01", "edition": "2026-06-12", "why": "detention", "verified": False})])
>>> s = file_sections([f], year=2026, today=date(2026, 12, 21), bodies=("InspectieJenV",))
>>> [(r.label.en, r.cells) for r in s[0].tables[0].rows if r.cells != (0,)]
[('a non-governmental organisation', (1,)), ('Total', (1,))]
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date

from migrationpact.monitoring.intake import Words
from migrationpact.monitoring.limits import Due, LimitsBook, default_limits, due
from migrationpact.monitoring.report import labels
from migrationpact.monitoring.report.model import (
    Chart,
    CountTable,
    ListTable,
    Section,
    Table,
    W,
    counts_table,
)
from migrationpact.monitoring.state import FileState
from migrationpact.monitoring.vocabulary import OUTSIDE_BODIES, RIGHTS

NONE = "-"
ON_TIME, LATE, OPEN, OVERDUE = "on-time", "late", "open", "overdue"
STANDING = {
    ON_TIME: W("met on time", "op tijd"),
    LATE: W("met late", "te laat"),
    OPEN: W("open, not yet due", "loopt nog"),
    OVERDUE: W("open, past its due day", "loopt nog, termijn verstreken"),
}
ANSWER = {
    ON_TIME: W("answered on time", "op tijd beantwoord"),
    LATE: W("answered late", "te laat beantwoord"),
    OPEN: W("awaiting an answer", "wacht op antwoord"),
    OVERDUE: W("awaiting an answer, overdue", "wacht op antwoord, termijn verstreken"),
}
UNVERIFIED_LIMITS = W(
    "The time limits are national placeholders, not yet verified against a source "
    "(docs/monitoring.md).",
    "De termijnen zijn nationale aannames die nog niet aan een bron zijn getoetst.",
)


def _columns(bodies: Sequence[str]) -> tuple[tuple[Words, ...], bool]:
    """One column of counts for one body; a column per body and their total for both."""
    if len(bodies) == 1:
        return (labels.NUMBER,), False
    return tuple(labels.BODIES[b] for b in bodies), True


def _count(
    table_id: str,
    caption: Words,
    head: Words,
    items: Iterable[tuple[str, Collection[str]]],
    keys: Mapping[str, Words],
    bodies: Sequence[str],
    *,
    total_row: bool = True,
    note: Words | None = None,
) -> CountTable:
    """A table of how many ``items`` (body, their keys) have each key, per body."""
    counts = {(key, body): 0 for key in keys for body in bodies}
    for body, found in items:
        for key in found:
            if (key, body) in counts:
                counts[key, body] += 1
    columns, total_column = _columns(bodies)
    rows = [(label, [counts[key, b] for b in bodies]) for key, label in keys.items()]
    return counts_table(
        table_id, caption, head, columns, rows,
        total_row=total_row, total_column=total_column, note=note,
    )  # fmt: skip


def _phase(f: FileState) -> str:
    if f.triage is not None:
        return f.triage.phase
    return (f.signal.phase if f.signal else None) or NONE


def _rights(f: FileState) -> tuple[str, ...]:
    if f.triage is not None:
        return f.triage.rights
    return f.signal.rights if f.signal else ()


def signals_section(files: Sequence[FileState], year: int, bodies: Sequence[str]) -> Section:
    got = [f for f in files if f.signal is not None and f.signal.received_at.year == year]

    def table(
        table_id: str,
        caption: Words,
        head: Words,
        key: Callable[[FileState], Collection[str]],
        keys: Mapping[str, Words],
        *,
        total_row: bool = True,
        note: Words | None = None,
    ) -> CountTable:
        items = ((f.body or "", key(f)) for f in got)
        return _count(table_id, caption, head, items, keys, bodies, total_row=total_row, note=note)

    referred = {body: labels.BODIES[body] for body in OUTSIDE_BODIES}
    tables: tuple[Table, ...] = (
        table("signals-source", W("Signals by source", "Signalen naar bron"),
              W("Source", "Bron"), lambda f: (f.signal.source,) if f.signal else (),
              labels.SOURCES),
        table("signals-channel", W("Signals by channel", "Signalen naar kanaal"),
              W("Channel", "Kanaal"), lambda f: (f.signal.channel,) if f.signal else (),
              labels.CHANNELS),
        table("signals-phase", W("Signals by phase", "Signalen naar fase"), W("Phase", "Fase"),
              lambda f: (_phase(f),), {**labels.PHASES, NONE: labels.NO_PHASE}),
        table("signals-right", W("Signals by Charter right at stake",
                                 "Signalen naar betrokken grondrecht uit het Handvest"),
              W("Charter right", "Grondrecht"), _rights,
              {code: labels.right(code) for code in RIGHTS}, total_row=False,
              note=W("A signal can concern several rights, so these counts do not add up.",
                     "Een signaal kan meer grondrechten betreffen; deze aantallen tellen dus "
                     "niet op.")),
        table("signals-referred-out",
              W("Complaints referred out to a complaint body",
                "Klachten doorverwezen naar een klachteninstantie"),
              W("Referred to", "Doorverwezen naar"),
              lambda f: (f.routing.referred_out,) if f.routing and f.routing.referred_out else (),
              referred),
    )  # fmt: skip
    return Section(
        "signals",
        W("Signals received", "Ontvangen signalen"),
        W(f"The signals that came in from 1 January to 31 December {year}.",
          f"De signalen die binnenkwamen van 1 januari tot en met 31 december {year}."),
        tables,
        chart=Chart("signals-phase", -1),
    )  # fmt: skip


def _standing(item: Due) -> str:
    if item.met_on is not None:
        return LATE if item.overdue else ON_TIME
    return OVERDUE if item.overdue else OPEN


def _dues(
    files: Sequence[FileState], year: int, today: date, book: LimitsBook | None
) -> list[tuple[str, Due]]:
    """Every limit of the files that started in ``year``, with the file's body."""
    return [
        (f.body or "", item)
        for f in files
        for item in due(f, today, book)
        if item.start.year == year
    ]


def limits_section(
    files: Sequence[FileState],
    year: int,
    today: date,
    bodies: Sequence[str],
    *,
    internal: bool,
    book: LimitsBook | None = None,
) -> Section:
    dues = _dues(files, year, today, book)
    order = [limit.id for f in (book or default_limits()).files for limit in f.limits]
    titles: dict[str, Words] = {}
    for _, item in sorted(dues, key=lambda d: (order.index(d[1].limit), d[1].limit)):
        titles.setdefault(item.limit, item.title)
    grid = {limit: dict.fromkeys(STANDING, 0) for limit in titles}
    for _, item in dues:
        grid[item.limit][_standing(item)] += 1
    rows = [(titles[limit], list(grid[limit].values())) for limit in titles]
    tables: list[Table] = [
        counts_table("limits", W("Time limits that started in the year",
                                  "Termijnen die in het jaar begonnen"),
                     W("Time limit", "Termijn"), tuple(STANDING.values()), rows,
                     total_column=True)
    ]  # fmt: skip
    if internal:
        late = [
            (f_ref, item.title, item.due, item.met_on)
            for f_ref, item in sorted(((i.reference, i) for _, i in dues), key=lambda p: p[0])
            if item.overdue
        ]
        tables.append(
            ListTable(
                "limits-late",
                W("Files over a time limit", "Dossiers over een termijn"),
                (W("File", "Dossier"), W("Time limit", "Termijn"), W("Due", "Uiterlijk"),
                 W("Met on", "Voldaan op")),
                tuple(late),
                W("No file went over a time limit.", "Geen dossier ging over een termijn."),
            )
        )  # fmt: skip
    notes = () if all(item.verified for _, item in dues) else (UNVERIFIED_LIMITS,)
    return Section(
        "limits",
        W("Triage and handling times", "Termijnen van beoordeling en afhandeling"),
        W(f"How the files met their time limits that started in {year}, as they stood on "
          f"the day this report was made.",
          f"Hoe de dossiers hun termijnen haalden die in {year} begonnen, zoals ze ervoor "
          f"stonden op de dag dat dit verslag werd gemaakt."),
        tuple(tables),
        notes=notes,
    )  # fmt: skip


def referrals_section(
    files: Sequence[FileState],
    year: int,
    today: date,
    *,
    book: LimitsBook | None = None,
) -> Section:
    grid = {authority: dict.fromkeys(ANSWER, 0) for authority in labels.AUTHORITIES}
    for _, item in _dues(files, year, today, book):
        if item.authority is not None:
            grid[item.authority][_standing(item)] += 1
    rows = [(labels.AUTHORITIES[a], list(counts.values())) for a, counts in grid.items()]
    table = counts_table(
        "referrals", W("Referrals by authority", "Doorverwijzingen naar instantie"),
        W("Authority", "Instantie"), tuple(ANSWER.values()), rows,
        total_row=True, total_column=True,
    )  # fmt: skip
    return Section(
        "referrals",
        W("Referrals to the competent authorities", "Doorverwijzingen naar de bevoegde instanties"),
        W(f"The referrals made in {year} and whether the authority answered within the time "
          "limit.",
          f"De doorverwijzingen in {year} en of de instantie binnen de termijn antwoordde."),
        (table,),
    )  # fmt: skip


def closed_section(files: Sequence[FileState], year: int, bodies: Sequence[str]) -> Section:
    closed = [
        (f.body or "", (f.close_reason or "",))
        for f in files
        if f.closed_at is not None and f.closed_at.year == year
    ]
    table = _count("closed", W("Files closed by reason", "Gesloten dossiers naar reden"),
                   W("Reason", "Reden"), closed, labels.CLOSE_REASONS, bodies)  # fmt: skip
    return Section(
        "closed",
        W("Files closed", "Gesloten dossiers"),
        W(f"The files closed in {year}, whenever their signal came in.",
          f"De dossiers die in {year} werden gesloten, ongeacht wanneer het signaal binnenkwam."),
        (table,),
    )  # fmt: skip


def file_sections(
    files: Sequence[FileState],
    *,
    year: int,
    today: date,
    bodies: Sequence[str],
    internal: bool = False,
    book: LimitsBook | None = None,
) -> list[Section]:
    """The sections of ``files`` (those kept by ``bodies``) for ``year``; ``internal``: with
    the list of files over a limit (one body's own report only)."""
    return [
        signals_section(files, year, bodies),
        limits_section(files, year, today, bodies, internal=internal, book=book),
        referrals_section(files, year, today, book=book),
        closed_section(files, year, bodies),
    ]
