"""What one recorded event changed, as the case page shows it: before → after, in words."""

from __future__ import annotations

from migrationpact.cases import AnyEvent
from migrationpact.law.law import Law
from migrationpact.web.recording import deadline_changes
from tests.unit.cases.helpers import ev, in_territory

LODGED = [*in_territory(), ev("application_lodged", "2026-07-13T10:00")]


def _shown(events: list[AnyEvent], language: str = "nl") -> dict[str, str]:
    rows = deadline_changes("C-1", events, len(events), Law.default(), language)
    return {row["key"]: f"{row['before']} → {row['after']}" for row in rows}


def test_lodging_meets_apr_04_and_starts_apr_13() -> None:
    shown = _shown(LODGED)
    # APR-13: 6 months from Mon 13 Jul 2026 (APR 35(3), APR 73) → Wed 13 Jan 2027.
    assert shown == {"APR-04": "lopend → nagekomen", "APR-13": "— → wo 13 jan 2027"}
    assert _shown(LODGED, "en")["APR-13"] == "— → Wed 13 Jan 2027"


def test_an_extension_moves_the_due_date() -> None:
    extended = [
        *LODGED,
        ev("examination_extended", "2026-12-01T10:00", extension="APR-14", ground="complex-issues"),
    ]
    # APR-14 adds at most 6 months to APR-13 (APR 35(5)), counted from its end, Wed 13 Jan 2027
    # (APR 73: the same date six months on) → Tue 13 Jul 2027, a working day.
    assert _shown(extended)["APR-13"] == "wo 13 jan 2027 → di 13 jul 2027"


def test_a_stopped_clock_shows_its_status_and_a_restart_the_new_date() -> None:
    stopped = [
        *LODGED,
        ev("clock_suspended", "2026-08-03T10:00", deadlines=["APR-13"], reason="court order",
           legal_basis=[{"instrument": "APR", "article": "46"}]),
    ]  # fmt: skip
    assert _shown(stopped)["APR-13"] == "lopend → opgeschort"
    resumed = [*stopped, ev("clock_resumed", "2026-08-13T10:00")]
    # Stopped 3 Aug, restarted 13 Aug: ten days later than Wed 13 Jan 2027 is Sat 23 Jan,
    # which moves to the next working day (APR 73), Mon 25 Jan 2027.
    assert _shown(resumed)["APR-13"] == "opgeschort → lopend, ma 25 jan 2027"


def test_an_event_the_case_does_not_have_changes_nothing() -> None:
    assert deadline_changes("C-1", LODGED, 9, Law.default(), "nl") == []
