"""Location types and their regimes, as dated and cited data (``data/<edition>/*.yaml``).

A *location type* (COL, POL, AZC, KWV, DOL, …) names a kind of reception location; its *regime*
says what living there means: the material reception conditions, the reporting duty, how far
the resident may move, the longest stay, who may be placed there, and on which articles it
rests. Like the rule book, the files are editions named by the day they take effect; a change
is a new edition, never an edit of an old one (``docs/reception.md``).

>>> from datetime import date
>>> book = default_book()
>>> book.regime("DOL").legal_basis[0].cite()
'RCD Art. 9(1)(a)'
>>> "COL" in book.codes(date(2026, 7, 1))
True
"""

from __future__ import annotations

from migrationpact.reception.regimes.loader import RegimeBook, RegimeError, default_book, load_book
from migrationpact.reception.regimes.schema import Regime, RegimeFile

__all__ = [
    "Regime",
    "RegimeBook",
    "RegimeError",
    "RegimeFile",
    "default_book",
    "load_book",
]
