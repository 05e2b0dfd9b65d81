"""migrationpact: runs a member state's implementation of the EU Pact on Migration and Asylum.

The package is organised by domain concept. ``migrationpact.law`` is the pure rule book that
every other part asks: period arithmetic (``law.periods``), public-holiday calendars
(``law.calendars``) and the legal citations they share (``law.legal_basis``).
"""

__version__ = "0.1.0"
