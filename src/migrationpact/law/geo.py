"""Where a place is: WGS 84 latitude and longitude, checked where they enter.

A reception site and an IND office are placed by their coordinates (degrees, WGS 84, the GPS
datum), so that the placement can count the kilometres between them. A latitude lies in
[-90, 90], a longitude in [-180, 180]; anything else is refused where it is read. The places
this system knows are in the European Netherlands, so ``in_netherlands`` also catches the
commonest slip, latitude and longitude swapped (7.07, 52.88 is in the Indian Ocean).

>>> in_netherlands((52.88, 7.07)), in_netherlands((7.07, 52.88))
(True, False)
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

Latitude = Annotated[float, Field(ge=-90, le=90, description="degrees north (WGS 84)")]
Longitude = Annotated[float, Field(ge=-180, le=180, description="degrees east (WGS 84)")]
#: A point: (latitude, longitude).
Point = tuple[Latitude, Longitude]

#: A box around the European Netherlands, its islands and coastal waters (degrees), generous
#: by a few kilometres: South Limburg reaches 50.75 N, Schiermonnikoog 53.5 N, Zeeland 3.36 E,
#: the east of Groningen 7.23 E.
NETHERLANDS = ((50.6, 3.2), (53.7, 7.3))


def in_netherlands(point: tuple[float, float]) -> bool:
    """Whether ``point`` (latitude, longitude) lies in the box around the Netherlands."""
    (south, west), (north, east) = NETHERLANDS
    latitude, longitude = point
    return south <= latitude <= north and west <= longitude <= east
