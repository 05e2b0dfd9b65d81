"""The calendar model: holiday rules from data, and the working-day questions asked of them.

A *working day* is any day that is not in the calendar's weekend and not a public holiday
(Reg. 1182/71 Art. 2(2); Atw Art. 1). Holidays come from three kinds of rule: a fixed date
(optionally moved when it falls on a Sunday, as King's Day is), a day relative to Western
Easter, and days equated with holidays by decree, listed one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from dateutil.easter import easter

from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.text import Text

MAX_YEAR = 2200


class CalendarError(ValueError):
    """A calendar is unknown, its data is invalid, or a date lies outside its coverage."""


@dataclass(frozen=True)
class HolidayRule:
    """One recurring holiday as the data file states it."""

    id: str
    name_en: str
    name_local: str
    rule: Literal["fixed", "easter"]
    basis: LegalBasis
    month: int | None = None
    day: int | None = None
    offset: int = 0
    if_sunday: int = 0
    valid_from: date | None = None
    valid_to: date | None = None
    # False when no text read confirms that the day is a holiday of this list.
    verified: bool = True

    def __post_init__(self) -> None:
        if self.rule == "fixed" and (self.month is None or self.day is None):
            raise ValueError(f"holiday {self.id}: a fixed rule needs month and day")
        if self.rule not in ("fixed", "easter"):
            raise ValueError(f"holiday {self.id}: unknown rule {self.rule!r}")

    def date_in(self, year: int) -> date | None:
        if self.rule == "easter":
            day = easter(year) + timedelta(days=self.offset)
        else:
            assert self.month is not None
            assert self.day is not None
            day = date(year, self.month, self.day)
            if day.weekday() == 6 and self.if_sunday:
                day += timedelta(days=self.if_sunday)
        if self.valid_from and day < self.valid_from:
            return None
        if self.valid_to and day > self.valid_to:
            return None
        return day


@dataclass(frozen=True)
class EquatedDay:
    """A day equated with a public holiday by decree (e.g. Atw Art. 3(3))."""

    day: date
    decree: str
    source: str
    verified: bool


@dataclass(frozen=True)
class Holiday:
    """A concrete non-working day other than a weekend day, with where it comes from."""

    day: date
    name: str
    name_local: str
    basis: LegalBasis | None = None
    decree: str | None = None
    verified: bool = True

    def describe(self) -> str:
        """The holiday's name (a message id: the catalog has the Dutch name), and the decree
        that equated it, if any."""
        if self.decree and self.verified:
            return Text("%(name)s (equated by %(decree)s)", name=self.name, decree=self.decree)
        if not self.verified and not self.decree:
            return Text("%(name)s (not verified as a holiday of this list)", name=self.name)
        if self.decree:
            return Text(
                "%(name)s (equated by %(decree)s; decree text not verified)",
                name=self.name,
                decree=self.decree,
            )
        return self.name


@dataclass(frozen=True)
class HolidayCalendar:
    """The non-working days of one member state, for the computation of time limits."""

    code: str
    name: str
    timezone: str
    weekend: frozenset[int]
    valid_from: date
    source: str
    rules: tuple[HolidayRule, ...]
    equated: tuple[EquatedDay, ...] = ()
    equated_years: tuple[int, int] | None = None
    equated_basis: LegalBasis | None = None
    # The member state whose holidays these are; one member state may have several lists (the
    # Atw's and the general one), and ``choices`` says which counting regime uses which.
    member_state: str = ""
    _years: dict[int, dict[date, Holiday]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def _year(self, year: int) -> dict[date, Holiday]:
        found = self._years.get(year)
        if found is not None:
            return found
        if year < self.valid_from.year or year > MAX_YEAR:
            raise CalendarError(
                f"calendar {self.code} covers {self.valid_from.year}–{MAX_YEAR}, not {year}"
            )
        days: dict[date, Holiday] = {}
        for rule in self.rules:
            day = rule.date_in(year)
            if day is not None:
                days.setdefault(
                    day,
                    Holiday(day, rule.name_en, rule.name_local, rule.basis, verified=rule.verified),
                )
        for eq in self.equated:
            if eq.day.year == year:
                days.setdefault(
                    eq.day,
                    Holiday(
                        eq.day,
                        "Day equated with a public holiday",
                        "Gelijkgestelde dag",
                        self.equated_basis,
                        eq.decree,
                        eq.verified,
                    ),
                )
        self._years[year] = dict(sorted(days.items()))
        return self._years[year]

    def holidays(self, year: int) -> list[Holiday]:
        """Every public holiday (weekend days excluded unless a holiday falls on one)."""
        return list(self._year(year).values())

    def holiday_on(self, day: date) -> Holiday | None:
        return self._year(day.year).get(day)

    def is_weekend(self, day: date) -> bool:
        return day.weekday() in self.weekend

    def is_working_day(self, day: date) -> bool:
        return not self.is_weekend(day) and day not in self._year(day.year)

    def why_not_working(self, day: date) -> str | None:
        """``None`` for a working day, else the reason in words (``'Sunday'``, ``"King's Day"``)."""
        holiday = self.holiday_on(day)
        if holiday is not None:
            return holiday.describe()
        if self.is_weekend(day):
            return day.strftime("%A")
        return None

    def next_working_day(self, day: date) -> date:
        """The first working day on or after ``day``."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_days_between(self, first: date, last: date) -> int:
        """Number of working days from ``first`` to ``last``, both included."""
        if last < first:
            return 0
        # Whole weeks hold a fixed number of working days; only the rest and the holidays in
        # range need looking at, which keeps long periods (years) as cheap as short ones.
        weeks, rest = divmod((last - first).days + 1, 7)
        count = weeks * (7 - len(self.weekend))
        count += sum((first.weekday() + i) % 7 not in self.weekend for i in range(rest))
        for year in range(first.year, last.year + 1):
            count -= sum(
                first <= day <= last and day.weekday() not in self.weekend
                for day in self._year(year)
            )
        return count

    def shift_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (before it when ``n`` is negative)."""
        step = timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        while remaining:
            day += step
            remaining -= self.is_working_day(day)
        return day

    def equated_days_known(self, year: int) -> bool:
        """Whether the decrees equating days with holidays are recorded for ``year``."""
        if self.equated_years is None:
            return True
        first, last = self.equated_years
        return first <= year <= last

    def holiday_dates(self, first_year: int, last_year: int) -> list[date]:
        """All holiday dates in the years given (inclusive), for vectorised computations."""
        return [d for year in range(first_year, last_year + 1) for d in self._year(year)]
