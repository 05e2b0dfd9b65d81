"""Finds and loads the calendar data files shipped in ``data/``; each is parsed once."""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from migrationpact.law.calendars.model import (
    CalendarError,
    EquatedDay,
    HolidayCalendar,
    HolidayRule,
)
from migrationpact.law.legal_basis import LegalBasis


def available_calendars() -> list[str]:
    """Codes of every calendar shipped with the system, e.g. ``['NL']``."""
    files = resources.files("migrationpact.law.calendars") / "data"
    return sorted(f.name.removesuffix(".toml") for f in files.iterdir() if f.name.endswith(".toml"))


def get_calendar(code: str) -> HolidayCalendar:
    """The calendar with this code (case-insensitive); ``CalendarError`` when there is none."""
    return _load(code.upper())


@cache
def _load(code: str) -> HolidayCalendar:
    if code not in available_calendars():
        known = ", ".join(available_calendars())
        raise CalendarError(f"unknown calendar {code!r} (known: {known})")
    path = resources.files("migrationpact.law.calendars") / "data" / f"{code}.toml"
    return parse_calendar(tomllib.loads(path.read_text(encoding="utf-8")))


def parse_calendar(data: dict[str, Any]) -> HolidayCalendar:
    """Build a calendar from the parsed contents of one data file."""
    try:
        rules = tuple(
            HolidayRule(
                id=h["id"],
                name_en=h["name"]["en"],
                name_local=h["name"].get(data.get("language", "en"), h["name"]["en"]),
                rule=h["rule"],
                month=h.get("month"),
                day=h.get("day"),
                offset=h.get("offset", 0),
                if_sunday=h.get("if_sunday", 0),
                basis=LegalBasis(**h["basis"]),
                valid_from=h.get("valid_from"),
                valid_to=h.get("valid_to"),
                verified=h.get("verified", True),
            )
            for h in data.get("holiday", [])
        )
        equated = tuple(
            EquatedDay(
                day=e["date"], decree=e["decree"], source=e["source"], verified=e["verified"]
            )
            for e in data.get("equated", [])
        )
        equated_basis = data.get("equated_basis")
        first, last = data.get("equated_years", [None, None])
        valid_from: date = data["valid_from"]
        return HolidayCalendar(
            code=data["code"],
            name=data["name"],
            timezone=data["timezone"],
            weekend=frozenset(data["weekend"]),
            valid_from=valid_from,
            source=data["source"],
            rules=rules,
            equated=equated,
            equated_years=(first, last) if first is not None else None,
            equated_basis=LegalBasis(**equated_basis) if equated_basis else None,
            member_state=data.get("member_state", data["code"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CalendarError(f"invalid calendar data: {exc}") from exc
