"""Bills that implement the Pact, as dated, cited data: their stages and amendments.

One YAML file per bill in ``data/`` (``36871.yaml``: the Uitvoerings- en implementatiewet Asiel-
en migratiepact 2026). A bill has its stages in order (consultation, Council of State advice,
submission, parliamentary stages), each dated, with its source and whether that was verified;
the provisions the bill itself sets that change a rule of the rule book; and its amendments,
each linked to the rule ids it would change. ``load_bill`` validates a file on load: known
fields only, stages in date order, every rule id known to the rule book.

>>> bill = load_bill("36871")
>>> bill.number, bill.stages[0].kind, bill.stages[0].day.isoformat()
('36871', 'consultation', '2024-12-20')
"""

from migrationpact.law.legislation.record import (
    Amendment,
    Bill,
    LegislationError,
    Provision,
    Stage,
    load_bill,
    parse_bill,
)

__all__ = ["Amendment", "Bill", "LegislationError", "Provision", "Stage", "load_bill", "parse_bill"]
