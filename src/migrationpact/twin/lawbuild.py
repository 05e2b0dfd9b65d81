"""The law a scenario runs under: a rule-book edition plus an amendment overlay, as one ``Law``.

The **edition** is the date of one of the rule book's edition directories: the book is built
from that edition and the older ones only, as it stood on that day. The **amendments** change
it in memory, the way the rule book itself changes: a *period* amendment restates one rule with
another length from a day on (a new edition of its file, never an edit of the old one), so
every deadline a simulated case starts on or after that day follows the amended length and
carries another rule-set version; a *crisis* amendment records a Council implementing decision
(the crisis register's fields) whose derogations the cases made in its period name; a
*border-capacity* amendment sets other border-procedure places and annual maximum, which the
kernel's capacity model feeds to routing as the facts ``border_capacity_reached`` and
``annual_maximum_reached``.
"""

from __future__ import annotations

from migrationpact.law.crisis import CrisisRegister
from migrationpact.law.law import Law
from migrationpact.law.rulebook import RuleBook
from migrationpact.law.rulebook.loader import DATA_DIR
from migrationpact.twin.amendments import book_until, files_until, restated
from migrationpact.twin.located import ScenarioError
from migrationpact.twin.scenario import Scenario


def build_law(scenario: Scenario) -> Law:
    """The ``Law`` the scenario's cases are decided under (see the module text)."""
    files = files_until(scenario.edition)
    book = book_until(scenario.edition)
    periods = [a for a in scenario.amendments if a.kind == "period"]
    for n, amendment in enumerate(periods, start=1):
        files.append(restated(book, amendment, n))
    try:
        amended = RuleBook(files, DATA_DIR) if periods else book
    except ValueError as exc:  # the rule book's own consistency checks
        raise ScenarioError(scenario.name, periods[0].line, str(exc)) from None
    decisions = [dict(a.data) for a in scenario.amendments if a.kind == "crisis"]
    crises = CrisisRegister.from_data({"decisions": decisions}, scenario.name)
    return Law.default().replace(book=amended, crises=crises)
