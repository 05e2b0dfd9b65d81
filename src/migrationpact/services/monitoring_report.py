"""The annual report of the monitoring mechanism: one use case that gathers its sections.

``annual_report`` makes the report of one body (the files it keeps) or the joint report of both
(aggregate figures only), for a calendar year, as the figures stand on the day it is made; with
``public`` the public version (small counts suppressed, no lists of files:
``monitoring.report.suppression``). Only the monitors of the two bodies may make one: a body's
report by its own monitors, the joint report by either's. Making one is logged in the register's
log of reads (``report``), like every other read. The joint report opens both bodies' files, so
the process must hold both keys; a missing key is a clear refusal, not a report with a hole.

**Adding a section.** A report is the list of sections the ``SECTION_SOURCES`` give, in order.
A source is a function ``(ReportRequest) -> Sequence[Section]``: it reads what it needs from
``request.register`` for ``request.bodies`` and ``request.year`` and returns sections built from
``monitoring.report.model`` (``counts_table`` for counts, with totals where they add up;
``ListTable`` only when ``request.internal``). Append it to ``SECTION_SOURCES`` (one line); the
public version, the HTML, the PDF, the page and the command line need nothing more.
"""

from __future__ import annotations

from datetime import date

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action, decide
from migrationpact.monitoring.intake import default_intake
from migrationpact.monitoring.report import labels
from migrationpact.monitoring.report.files import file_sections
from migrationpact.monitoring.report.model import Report, Section
from migrationpact.monitoring.report.suppression import policy_on, public_version
from migrationpact.monitoring.vocabulary import BODIES
from migrationpact.monitoring_store.register import Register
from migrationpact.services.errors import Forbidden, Invalid
from migrationpact.services.monitoring import _authorise, _bad_input, _log, local_now
from migrationpact.services.monitoring_report_request import ReportRequest, SectionSource
from migrationpact.services.monitoring_report_sources import indicators_source, inspections_source

JOINT = "joint"
SCOPES: tuple[str, ...] = (*BODIES, JOINT)


def files_source(request: ReportRequest) -> list[Section]:
    return file_sections(
        request.files(),
        year=request.year,
        today=request.today,
        bodies=request.bodies,
        internal=request.internal,
    )


#: The report's sections, in order (see the module text to add one).
SECTION_SOURCES: list[SectionSource] = [files_source, inspections_source, indicators_source]


def first_year() -> int:
    """The first year the mechanism worked: that of the first intake rules in force."""
    return min(f.valid_from for f in default_intake().files).year


def annual_report(
    *,
    register: Register,
    principal: Principal,
    year: int,
    scope: str,
    public: bool = False,
    today: date | None = None,
) -> Report:
    """The report of ``scope`` (a body, or ``joint``) for ``year``."""
    if scope == JOINT:
        if not decide(principal, Action.MONITORING_FILES):
            _log(register, principal, "report", None, "denied")
            raise Forbidden(str(decide(principal, Action.MONITORING_FILES).reason))
        bodies: tuple[str, ...] = BODIES
    else:
        bodies = (_authorise(register, principal, scope, "report"),)
    day = today or local_now(register).date()
    if not first_year() <= year <= day.year:
        raise Invalid(
            f"a report covers a year from {first_year()} to {day.year}, not {year}",
            kind="invalid-report",
        )
    request = ReportRequest(register, year, bodies, scope != JOINT and not public, day)
    with _bad_input():  # a missing key, a file that does not open
        sections = tuple(s for source in SECTION_SOURCES for s in source(request))
    _log(register, principal, "report", None, "granted")
    report = Report(
        year=year,
        scope=scope,
        scope_name=labels.JOINT if scope == JOINT else labels.BODIES[scope],
        made_on=day,
        public=False,
        sections=sections,
    )
    return public_version(report, policy_on(day)) if public else report
