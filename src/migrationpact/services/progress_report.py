"""The implementation progress report: one use case that counts and gathers its sections.

``progress_report`` makes the report for a period (``2026-H2``, ``2026-Q3``, ``2026-07``:
``law.reporting_period``) in the structure of the government's letter to parliament of 22
January 2026: the monitoring mechanism, implementation at the IND (the new procedure,
screening, legal counselling, the border procedure), the reception directive (information,
the vulnerability check, the share of emergency locations), Dublin shelter locations (places
against the phase-in plan) and the legislative process (bill 36 871, from
``law.legislation``). Its figures are counted in SQL over the projections
(``store.progress``): aggregates only, no case and no person. The sections are built by
``services.progress_sections``; ``services.progress_report_document`` prints them.

Who may make it: whoever may read the statistics (``Action.STATISTICS_READ``: the ministry's
analysts, IND and COA supervisors, the monitoring bodies). The Dublin shelter plan is shown to
those the policy lets read it (``Action.RECEPTION_PLAN``); for others the section says so.

Refusals (``Invalid``, nothing made): a period that is not one, one that has not begun, or
one that ended before the Pact applied (12 June 2026). A period still running is counted up to
now and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.legislation import Bill, LegislationError, load_bill
from migrationpact.law.reporting_period import PeriodError, ReportingPeriod, parse_period
from migrationpact.law.rulebook import RuleBook
from migrationpact.law.rulebook.schema import Title
from migrationpact.monitoring.indicators import BY_ID
from migrationpact.monitoring.intake import Words
from migrationpact.monitoring.report.model import Section, Table
from migrationpact.reception.plan import month_of
from migrationpact.reception.regimes import default_book as regime_book
from migrationpact.services.errors import Forbidden, Invalid, refuse_unless
from migrationpact.services.progress_sections import (
    count_rows,
    legislation_section,
    monitoring_section,
    outcome_table,
    places_table,
    plan_table,
)
from migrationpact.services.progress_words import _, day, title
from migrationpact.services.reception_plan import plan_dublin_shelter
from migrationpact.services.recording import dutch_now
from migrationpact.store.eventstore import EventStore
from migrationpact.store.progress import (
    Window,
    deadline_outcomes,
    events_in,
    lapsed_in,
    places_by_location_type,
    running_on,
)

#: The day the Pact's screening and procedure rules apply (SR Art. 25, APR Art. 79(2)).
#: The Dublin rules (AMMR) apply from 1 July 2026; Dublin III counts in June (AMMR Art. 84(2)).
PACT_APPLIES = date(2026, 6, 12)
BILL = "36871"
#: The rules the monitoring mechanism's indicators count (``monitoring.indicators``): the same.
SCREENING = (*BY_ID["screening-border"].rules, *BY_ID["screening-territory"].rules)
BORDER = BY_ID["border-procedure"].rules
NEEDS = BY_ID["needs-assessment"].rules
INFORMATION = ("RCD-01",)
TRANSFER_PERIODS = ("AMMR-10", "AMMR-11", "AMMR-11b", "D3-09", "D3-10", "D3-11")
PROCEDURE_EVENTS = (
    "application_made",
    "application_registered",
    "application_lodged",
    "decision_taken",
    "decision_notified",
)
COUNSELLING_EVENTS = ("legal_counselling_requested", "legal_counselling_provided")
DUBLIN_EVENTS = (
    "take_charge_request_sent",
    "take_back_notification_sent",
    "take_charge_request_received",
    "transfer_decision_taken",
    "transfer_carried_out",
    "transferred_person_arrived",
)


@dataclass(frozen=True)
class ProgressReport:
    """The report of ``period`` as made on ``made_on``, counted up to ``counted_until``."""

    period: ReportingPeriod
    made_on: date
    counted_from: date
    counted_until: date
    complete: bool
    sections: tuple[Section, ...]


def reportable_period(text: str, today: date) -> ReportingPeriod:
    """The period ``text`` names, if a report can cover it on ``today``; else ``Invalid``."""
    try:
        period = parse_period(text)
    except PeriodError as exc:
        raise Invalid(str(exc), kind="invalid-period") from None
    if period.first > today:
        raise Invalid(f"{period.text} has not begun (today is {today})", kind="invalid-period")
    if period.last < PACT_APPLIES:
        raise Invalid(
            f"{period.text} ended before the Pact applied on {PACT_APPLIES}",
            kind="invalid-period",
        )
    return period


def reportable_periods(today: date) -> list[ReportingPeriod]:
    """Every period a report can cover on ``today``, newest first: the half-years, then the
    quarters, then the months (each from the one in which the Pact applied)."""
    found: list[ReportingPeriod] = []
    for year in range(today.year, PACT_APPLIES.year - 1, -1):
        texts = [f"{year}-H{h}" for h in (2, 1)] + [f"{year}-Q{q}" for q in (4, 3, 2, 1)]
        texts += [f"{year}-{m:02d}" for m in range(12, 0, -1)]
        for text in texts:
            period = parse_period(text)
            if period.first <= today and period.last >= PACT_APPLIES:
                found.append(period)
    order = {"half-year": 0, "quarter": 1, "month": 2}
    return sorted(found, key=lambda p: (order[p.kind], -p.first.toordinal()))


def progress_report(*, store: EventStore, principal: Principal, period: str) -> ProgressReport:
    """The progress report of ``period`` (see the module text)."""
    refuse_unless(principal, Action.STATISTICS_READ)
    now = dutch_now(store)
    reported = reportable_period(period, now.date())
    first = max(reported.first, PACT_APPLIES)
    end = datetime.combine(reported.last + timedelta(days=1), time())
    window = Window(first, reported.last, min(end, now))
    until = window.end.date() - timedelta(days=1) if window.end == end else now.date()
    try:
        bill = load_bill(BILL, book=store.law.book)
    except LegislationError as exc:
        raise Invalid(f"the record of bill {BILL} does not validate: {exc}") from None
    book = store.law.book
    sections = (
        monitoring_section(),
        _ind(store, window, book),
        _reception(store, window, book),
        _dublin(store, principal, window, reported, book),
        _legislation(bill, book, now.date()),
    )
    return ProgressReport(reported, now.date(), first, until, window.end == end, sections)


def _rule(book: RuleBook, rule_id: str, day: date) -> tuple[Title, list[LegalBasis]]:
    """A rule's title and legal basis as in force on ``day`` (else its newest version)."""
    version = book.version_on(rule_id, day) or book.versions(rule_id)[-1]
    return version.rule.title, [c.basis() for c in version.rule.legal_basis]


def _basis(book: RuleBook, rule_ids: Sequence[str], day: date) -> list[LegalBasis]:
    return [b for r in rule_ids for b in _rule(book, r, day)[1]]


def _deadlines(
    store: EventStore,
    window: Window,
    book: RuleBook,
    table_id: str,
    caption: Words,
    rule_ids: Sequence[str],
    definition: Words,
) -> Table:
    """What became of the deadlines of ``rule_ids`` begun in the window, a row per rule."""
    rows = [
        (title(_rule(book, r, window.last)[0]), deadline_outcomes(store.engine, (r,), window))
        for r in rule_ids
    ]
    basis = _basis(book, rule_ids, window.last)
    return outcome_table(table_id, caption, rows, definition=definition, basis=basis)


def _events(store: EventStore, types: Sequence[str], window: Window) -> list[tuple[Words, int]]:
    from migrationpact.cases.events import CATALOGUE

    counted = events_in(store.engine, types, window)
    return [(_(CATALOGUE.labels[t]), counted[t]) for t in types]


def _ind(store: EventStore, window: Window, book: RuleBook) -> Section:
    day = window.last
    procedure = count_rows(
        "progress-procedure",
        _("The new asylum procedure: steps recorded in the period"),
        _("Step"),
        _events(store, PROCEDURE_EVENTS, window),
        definition=_("Events of the cases with a moment in the period, each counted once."),
        basis=_basis(book, ("APR-01", "APR-04", "APR-13"), day),
    )
    screening = _deadlines(
        store,
        window,
        book,
        "progress-screening",
        _("Screenings begun in the period and their time limit"),
        SCREENING,
        _(
            "Screenings whose time limit started in the period (7 days at the external border, "
            "3 days in the territory). Share in time: finished by the end of the time limit, of "
            "those whose time limit has ended (finished, lapsed, or still open past its end)."
        ),
    )
    counselling = count_rows(
        "progress-counselling",
        _("Legal counselling in the period"),
        _("Step"),
        _events(store, COUNSELLING_EVENTS, window),
        definition=_("Requests for free legal counselling, and counselling given, in the period."),
        basis=list(BY_ID["counselling"].basis),
    )
    month_ends = _month_ends(window)
    border = count_rows(
        "progress-border-occupancy",
        _("Applicants in the asylum border procedure"),
        _("Day"),
        [(d, running_on(store.engine, BORDER, m)) for d, m in month_ends],
        definition=_(
            "Cases whose border-procedure time limit was running at the end of the day (the "
            "last day of each month of the period, or today)."
        ),
        basis=_basis(book, BORDER, day),
    )
    return Section(
        "ind",
        _("Implementation at the IND"),
        intro=_(
            "The IND runs the new asylum procedure, screening (Reception and Preparation of "
            "Asylum, OVA) and legal counselling."
        ),
        tables=(procedure, screening, counselling, border),
        notes=(
            _(
                "Border-procedure occupancy against the adequate capacity: the Dutch adequate "
                "capacity of Implementing Decision (EU) 2024/2150 is not recorded in the system "
                "(it was not found in the sources read), so occupancy is not compared with it "
                "(APR Art. 46-47)."
            ),
        ),
    )


def _reception(store: EventStore, window: Window, book: RuleBook) -> Section:
    day = window.last
    information = _deadlines(
        store,
        window,
        book,
        "progress-reception-information",
        _("Reception information given in time"),
        INFORMATION,
        _(
            "Applications made in the period: the information on reception conditions given "
            "within its time limit, of those whose time limit has ended."
        ),
    )
    needs = _deadlines(
        store,
        window,
        book,
        "progress-needs-assessment",
        _("Special reception needs assessed within 30 days"),
        NEEDS,
        _(
            "Applications made in the period: the assessment of special reception needs "
            "completed within 30 days, of those whose 30 days have ended."
        ),
    )
    regimes = regime_book()
    types = regimes.at(day)
    places: dict[bool, int] = {}
    for code, n in places_by_location_type(store.engine, day).items():
        emergency = code in types and types[code].emergency
        places[emergency] = places.get(emergency, 0) + n
    emergency_types = [title(r.label) for r in types.values() if r.emergency]
    return Section(
        "reception",
        _("The reception directive"),
        intro=_(
            "COA gives applicants information on reception, assesses special reception needs "
            "(the vulnerability check) and shelters Dublin claimants after a transfer decision."
        ),
        tables=(information, needs, places_table(places, emergency_types)),
    )


def _dublin(
    store: EventStore,
    principal: Principal,
    window: Window,
    period: ReportingPeriod,
    book: RuleBook,
) -> Section:
    counted = _events(store, DUBLIN_EVENTS, window)
    counted.append(
        (_("Transfer periods lapsed"), lapsed_in(store.engine, TRANSFER_PERIODS, window))
    )
    transfers = count_rows(
        "progress-dublin",
        _("Dublin requests, transfer decisions and transfers in the period"),
        _("Step"),
        counted,
        definition=_(
            "Events with a moment in the period; transfer periods lapsed: the time limit for "
            "carrying out a transfer ran out unmet in the period (responsibility passes)."
        ),
        basis=_basis(book, TRANSFER_PERIODS, window.last),
    )
    tables: tuple[Table, ...] = (transfers,)
    notes: tuple[Words, ...] = ()
    try:
        plan = plan_dublin_shelter(
            store=store, principal=principal, start=period.first, months=period.months
        )
    except Forbidden:
        notes = (_("The Dublin shelter phase-in plan is not open to your role."),)
    except Invalid:
        notes = (_("No phase-in plan can be made for this period."),)
    else:
        months = [f"{m:%Y-%m}" for m in _months(period)]
        limit = _(
            "transfer time limit %(rule)s", rule=title(_rule(book, "AMMR-10", window.last)[0])
        )
        tables = (*tables, plan_table(plan, months, limit))
    return Section(
        "dublin",
        _("Dublin shelter locations"),
        intro=_(
            "Dublin claimants whose application is to be examined in another member state are "
            "sheltered after the transfer decision in Dublin shelter locations, which COA "
            "builds up according to a phase-in plan."
        ),
        tables=tables,
        notes=notes,
    )


def _legislation(bill: Bill, book: RuleBook, today: date) -> Section:
    titles = {r: title(_rule(book, r, today)[0]) for r in bill.rule_ids()}
    return legislation_section(bill, titles, today)


def _months(period: ReportingPeriod) -> list[date]:
    found, current = [], month_of(period.first)
    while current <= period.last:
        found.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return found


def _month_ends(window: Window) -> list[tuple[Words, datetime]]:
    """The end of each month of the window up to its end, and the window's end itself."""
    found: list[tuple[Words, datetime]] = []
    current = month_of(window.first)
    while True:
        following = (current + timedelta(days=32)).replace(day=1)
        moment = datetime.combine(following, time())
        if moment >= window.end:
            break
        found.append((day(following - timedelta(days=1)), moment))
        current = following
    last = (
        window.end.date() - timedelta(days=1) if window.end.time() == time() else window.end.date()
    )
    found.append((day(last), window.end))
    return found
