"""The cohort model: how many Dublin claimants are in a shelter in a month, and the places needed.

Everyone notified of a transfer decision in a month (a *cohort*) moves into a Dublin shelter
location and stays until one of three things ends the stay: the transfer (a share of the cohort,
after a mean stay), absconding (another share, after its mean stay), or, for everyone else, the
lapse of the transfer time limit (the rule book's period, AMMR Art. 46(1)). No stay is longer
than that limit. The model counts each cohort from the start of its decision month:
someone who stays ``s`` months is present all of the months at ages ``0 … ⌊s⌋ − 1`` and for the
fraction ``s − ⌊s⌋`` of the month after, so a month's figure is the mean number present in it.

The residents of a month are the sum over the cohorts still present; the places needed are the
residents divided by the planned occupancy, rounded up (COA does not plan every bed full).

A worked example: 100 decisions in January; 30 % transferred after 3 months, 20 % abscond after
1.5 months, the other 50 % stay the whole 6 months of the limit. In January (age 0) all are
there: 100. In February (age 1) the absconders are there for half the month: 30 + 10 + 50 = 90.
March: 30 + 50 = 80. April to June: 50. July: none.

>>> stay = Stay.of(transferred=(0.3, 3), absconded=(0.2, 1.5), limit_months=6)
>>> [round(100 * stay.present(age), 6) for age in range(7)]
[100.0, 90.0, 80.0, 50.0, 50.0, 50.0, 0.0]
>>> jan = date(2027, 1, 1)
>>> round(residents(lambda m: 100.0 if m == jan else 0.0, date(2027, 2, 1), stay), 6)
90.0
>>> places_needed(90.0, 0.96)  # 90 / 0.96 = 93.75
94
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from migrationpact.law.periods import add_months
from migrationpact.reception.plan.parameters import Parameters, TransferLimit

#: Float noise below this is not a person (so 2.0000000001 residents need 2 places, not 3).
_NOISE = 1e-9


@dataclass(frozen=True)
class Stay:
    """The ways a stay ends: ``(outcome, share of the cohort, months stayed)``."""

    outcomes: tuple[tuple[str, float, float], ...]

    @classmethod
    def of(
        cls,
        *,
        transferred: tuple[float, float],
        absconded: tuple[float, float],
        limit_months: float,
    ) -> Stay:
        """Transferred and absconded ``(share, mean months)``; the rest lapse at the limit."""
        lapsed = max(0.0, 1.0 - transferred[0] - absconded[0])
        return cls(
            (
                ("transferred", transferred[0], min(transferred[1], limit_months)),
                ("absconded", absconded[0], min(absconded[1], limit_months)),
                ("lapsed", lapsed, limit_months),
            )
        )

    @property
    def longest(self) -> int:
        """Months after its decision month in which a cohort can still be present."""
        return math.ceil(max(months for _, _, months in self.outcomes))

    def present(self, age: int) -> float:
        """The mean share of a cohort present in the month ``age`` months after its own."""
        return sum(share * min(1.0, max(0.0, months - age)) for _, share, months in self.outcomes)


def stay_from(parameters: Parameters, limit: TransferLimit) -> Stay:
    """The stay the planning parameters and the transfer time limit give."""
    p = parameters
    return Stay.of(
        transferred=(p.transferred_share.value, p.transferred_stay_months.value),
        absconded=(p.absconded_share.value, p.absconded_stay_months.value),
        limit_months=limit.months,
    )


def residents(decisions: Callable[[date], float], month: date, stay: Stay) -> float:
    """The mean number of Dublin claimants in a shelter in ``month``, from every cohort."""
    return sum(
        decisions(add_months(month, -age)) * stay.present(age) for age in range(stay.longest)
    )


def places_needed(residents: float, occupancy: float) -> int:
    """Places for ``residents`` at the planned ``occupancy`` (a share of places), rounded up."""
    return max(0, math.ceil(residents / occupancy - _NOISE))
