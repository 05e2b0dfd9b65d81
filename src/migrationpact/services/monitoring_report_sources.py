"""The annual report's sections of the inspections and of the indicators (``SECTION_SOURCES``).

``inspections_source`` counts each body's inspections of the year (``inspection_summary``, as
they stand on the day the report is made) and ``indicators_source`` reads the year's
indicators from the newest feed (``indicator_summary``); both turn them into sections in the
pure core (``monitoring.report.inspections``, ``monitoring.report.indicators``). The report's
use case has authorised the maker and logs the report; these only read.
"""

from __future__ import annotations

from datetime import UTC

from migrationpact.law.periods.moments import DUTCH_TIME
from migrationpact.monitoring.report.indicators import indicator_section
from migrationpact.monitoring.report.inspections import inspection_section, limits_verified
from migrationpact.monitoring.report.model import Section
from migrationpact.monitoring_store.feed import feed_readers, feed_rows
from migrationpact.services.monitoring_indicators import indicator_summary
from migrationpact.services.monitoring_inspections import inspection_summary
from migrationpact.services.monitoring_report_request import ReportRequest


def inspections_source(request: ReportRequest) -> list[Section]:
    """The inspections of ``request.bodies`` in the year: a column per body when both."""
    summaries = [
        inspection_summary(request.register, body, request.year, as_of=request.today)
        for body in request.bodies
    ]
    verified = limits_verified(request.year)
    return [inspection_section(summaries, request.year, verified=verified)]


def indicators_source(request: ReportRequest) -> list[Section]:
    """The indicators of the year from the newest feed: the same for every scope, opened with
    the key of a body the report is of (a feed imported without that body's key is not the
    body's to report: the section says so rather than the report failing)."""
    register = request.register
    feeds = feed_rows(register.engine)
    if not feeds:
        return [indicator_section([], request.year, made_on=None)]
    # The feed says when it was made in UTC; the report's days are Dutch ones.
    made = feeds[0].made_at.replace(tzinfo=UTC).astimezone(DUTCH_TIME).date()
    sealed_for = feed_readers(register.engine, feeds[0].id)
    readers = [b for b in request.bodies if b in sealed_for and b in register.keys.keys]
    if not readers:
        return [indicator_section([], request.year, made_on=made, shared=False)]
    rows = indicator_summary(register, request.year, body=readers[0])
    return [indicator_section(rows, request.year, made_on=made)]
