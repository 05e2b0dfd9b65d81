"""Which holiday list a counting regime uses in a member state: a dated, cited setting.

A member state can have more than one list of non-working days. The Netherlands has the list of
the Algemene termijnenwet (Art. 3: the general holidays, plus Good Friday and days equated by
Royal Decree, both only "for the purposes of this Act") and the general public holidays, which
Reg. 1182/71 Art. 2(1) and the Pact's counting articles (APR Art. 73, AMMR Art. 75, RBPR
Art. 11) may mean instead. Which one a regime uses is a legal choice, so it is data:
``data/choices/<member state>.toml`` holds entries, each naming the regimes, the list, the date
from which it applies, the provision it rests on, why, and whether a text read settles it.

>>> from datetime import date
>>> choice = choose_calendar("NL", "pact", date(2027, 4, 30))
>>> choice.calendar, choice.verified
('NL', False)
>>> choose_calendar("NL", "nl", date(2027, 4, 30)).basis.cite()
'Atw Art. 3'
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from migrationpact.law.calendars.model import CalendarError, HolidayCalendar
from migrationpact.law.calendars.registry import available_calendars, get_calendar
from migrationpact.law.legal_basis import LegalBasis


@dataclass(frozen=True)
class CalendarChoice:
    """One entry of the setting: from ``valid_from``, ``regimes`` count with ``calendar``."""

    member_state: str
    regimes: frozenset[str]
    calendar: str
    valid_from: date
    basis: LegalBasis
    reason: str  # an English sentence, and the message id of its Dutch translation
    verified: bool


def has_choices(member_state: str) -> bool:
    """Whether a setting exists for ``member_state`` (its code names a member state)."""
    return bool(_choices(member_state.upper()))


def choose_calendar(member_state: str, regime: str, on: date) -> CalendarChoice:
    """The entry in force on ``on`` for ``regime``; ``CalendarError`` when there is none."""
    found = [
        c for c in _choices(member_state.upper()) if regime in c.regimes and c.valid_from <= on
    ]
    if not found:
        raise CalendarError(
            f"no holiday list is chosen for regime {regime!r} in {member_state} on {on.isoformat()}"
        )
    return max(found, key=lambda c: c.valid_from)


def choices(member_state: str) -> tuple[CalendarChoice, ...]:
    """Every entry of the setting of ``member_state``, oldest first (none: an empty tuple)."""
    return _choices(member_state.upper())


@cache
def _choices(member_state: str) -> tuple[CalendarChoice, ...]:
    path = resources.files("migrationpact.law.calendars") / "data" / "choices"
    source = path / f"{member_state}.toml"
    if not source.is_file():
        return ()
    return parse_choices(member_state, tomllib.loads(source.read_text(encoding="utf-8")))


def parse_choices(member_state: str, data: dict[str, Any]) -> tuple[CalendarChoice, ...]:
    """The entries of one setting file, oldest first."""
    try:
        entries = tuple(
            CalendarChoice(
                member_state=member_state,
                regimes=frozenset(c["regimes"]),
                calendar=c["calendar"],
                valid_from=c["valid_from"],
                basis=LegalBasis(**c["basis"]),
                reason=c["reason"],
                verified=c["verified"],
            )
            for c in data.get("choice", [])
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CalendarError(f"invalid holiday-list setting for {member_state}: {exc}") from exc
    return tuple(sorted(entries, key=lambda c: c.valid_from))


def calendar_for(
    calendar: HolidayCalendar | str, regime: str, on: date
) -> tuple[HolidayCalendar, CalendarChoice | None]:
    """The list to count with, and the entry of the setting that chose it.

    A member state's code (``"NL"``, or its calendar) is resolved through its setting; any other
    list (``"NL-EU"``) is used as given, with no entry.
    """
    code = calendar if isinstance(calendar, str) else calendar.code
    if has_choices(code):
        choice = choose_calendar(code, regime, on)
        return get_calendar(choice.calendar), choice
    return (get_calendar(calendar) if isinstance(calendar, str) else calendar), None


@cache
def lists_of(member_state: str) -> tuple[HolidayCalendar, ...]:
    """Every holiday list shipped for ``member_state``."""
    found = (get_calendar(code) for code in available_calendars())
    return tuple(c for c in found if c.member_state == member_state)
