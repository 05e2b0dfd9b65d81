"""Where the demo's places are: approximate coordinates of the demo municipalities, the IND
offices the demo cases are handled at, and the municipalities where some families' relatives
live.

**Illustrative.** The coordinates are the centre of the main town of each municipality the demo
network uses, rounded to about a kilometre, typed in for the demo (not from a gazetteer): every
demo site in a municipality gets its point, so the kilometres to the IND offices are right to a
few kilometres, enough to show the proximity goal of placement at work. A real sites file
gives each site its own coordinates (``docs/reception.md``).

The IND office of a demo case follows from its id, not from the random stream of its track, so
the demo's other figures stay as they were: border cases go to Schiphol, the others mostly to
Ter Apel, the rest spread over Budel, Zevenaar, Den Bosch and Rijsbergen.
"""

from __future__ import annotations

import zlib

#: (latitude, longitude) of the main town of each municipality of the demo network.
POINTS: dict[str, tuple[float, float]] = {
    "GM1950": (52.88, 7.06), "GM1706": (51.27, 5.58), "GM0299": (51.93, 6.07),
    "GM0796": (51.69, 5.30), "GM0603": (52.04, 4.33), "GM0363": (52.37, 4.89),
    "GM0599": (51.92, 4.48), "GM0518": (52.08, 4.29), "GM0344": (52.09, 5.12),
    "GM0014": (53.22, 6.57), "GM0772": (51.44, 5.48), "GM0855": (51.56, 5.09),
    "GM0758": (51.59, 4.78), "GM0268": (51.84, 5.85), "GM0202": (51.99, 5.90),
    "GM0200": (52.21, 5.97), "GM0193": (52.52, 6.08), "GM0153": (52.22, 6.89),
    "GM0141": (52.36, 6.66), "GM0106": (52.99, 6.56), "GM0080": (53.20, 5.80),
    "GM0074": (52.96, 5.92), "GM0935": (50.85, 5.69), "GM0983": (51.37, 6.17),
    "GM0957": (51.19, 5.99), "GM0687": (51.50, 3.61), "GM0995": (52.52, 5.47),
    "GM0034": (52.37, 5.22), "GM0307": (52.16, 5.39), "GM0228": (52.04, 5.67),
    "GM0361": (52.63, 4.75), "GM0392": (52.39, 4.65), "GM0546": (52.16, 4.50),
    "GM0505": (51.81, 4.69), "GM0828": (51.77, 5.52), "GM0794": (51.48, 5.66),
    "GM0114": (52.79, 6.90), "GM0303": (52.53, 5.72), "GM0289": (51.97, 5.67),
    "GM0150": (52.26, 6.16), "GM0355": (52.09, 5.23), "GM0405": (52.64, 5.06),
    "GM0503": (52.01, 4.36), "GM0345": (52.03, 5.56), "GM0394": (52.30, 4.69),
    "GM0479": (52.44, 4.83), "GM0160": (52.58, 6.62), "GM0988": (51.25, 5.71),
    "GM0537": (52.20, 4.42), "GM0118": (52.72, 6.48),
}  # fmt: skip

#: The offices of the demo cases in the territory, each as often as it is named.
TERRITORY_OFFICES = ("ter-apel",) * 5 + ("budel", "budel", "zevenaar", "den-bosch", "rijsbergen")
BORDER_OFFICE = "schiphol"
#: Where the relatives of some demo families live (municipalities with a demo centre).
RELATIVES_LIVE_IN = ("GM0363", "GM0599", "GM0344", "GM0772", "GM0014", "GM0268", "GM0193")


def _number(key: str) -> int:
    """A stable number for ``key`` (the same on every run and machine)."""
    return zlib.crc32(key.encode("utf-8"))


def office_for(key: str, *, border: bool) -> str:
    """The IND office of the demo case (or family) ``key``.

    >>> office_for("DEMO-0001", border=True), office_for("DEMO-0001", border=False)
    ('schiphol', 'ter-apel')
    """
    return BORDER_OFFICE if border else TERRITORY_OFFICES[_number(key) % len(TERRITORY_OFFICES)]


def relatives_municipality(key: str) -> str | None:
    """Where relatives of the demo family ``key`` live in the Netherlands: for about a third of
    the families a municipality, else None."""
    n = _number(key)
    return RELATIVES_LIVE_IN[(n // 3) % len(RELATIVES_LIVE_IN)] if n % 3 == 1 else None
