"""What a section source of the annual report is asked for (``ReportRequest``), and its type.

Kept apart from the report's use case (``services.monitoring_report``), which lists the
sources, so that a source in a module of its own (``services.monitoring_report_sources``) can
name the request without importing the use case back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from migrationpact.monitoring.report.model import Section
from migrationpact.monitoring.state import FileState
from migrationpact.monitoring_store.register import Register


@dataclass(frozen=True)
class ReportRequest:
    """What a section source is asked for: the files of ``bodies`` in ``year``."""

    register: Register
    year: int
    bodies: tuple[str, ...]
    #: One body's own report, not public: lines about single files may be shown.
    internal: bool
    today: date

    def files(self) -> list[FileState]:
        """Every file the bodies keep (closed ones too), opened with the keeper's key."""
        found = []
        for body in self.bodies:
            for reference in self.register.references(body, include_closed=True):
                row = self.register.file_row(reference)
                if row is not None and row.body == body:
                    found.append(self.register.state(reference, body))
        return found


SectionSource = Callable[[ReportRequest], Sequence[Section]]
