"""Routing: which procedure a case follows, and why, article by article.

Given the recorded facts of a case (``Facts``), ``route`` decides the screening and its referral,
whether the examination is accelerated, whether the asylum border procedure is mandatory,
optional or excluded, what follows a negative border decision, and whether the AMMR or Dublin III
decides responsibility. Each answer comes with an explanation tree (``Node``) whose every step
names its rule (ids of the legal-rules reference), the facts it used and its legal basis.
Recognition rates and thresholds are dated data shipped in ``data/``.

>>> from migrationpact.law.routing import parse_facts, route
>>> result = route(parse_facts({"entry": "in-territory", "applied_for_asylum": False}))
>>> result.screening, result.procedure, result.deadlines
('in-territory', 'none', ('SCR-03',))
"""

from migrationpact.law.routing.engine import RoutingResult, route
from migrationpact.law.routing.explain import Node, render_text
from migrationpact.law.routing.facts import FINDINGS, Facts, FactsError, parse_facts
from migrationpact.law.routing.parameters import Parameters, RoutingDataError
from migrationpact.law.routing.recognition import RateRow, RecognitionTable

__all__ = [
    "FINDINGS",
    "Facts",
    "FactsError",
    "Node",
    "Parameters",
    "RateRow",
    "RecognitionTable",
    "RoutingDataError",
    "RoutingResult",
    "parse_facts",
    "render_text",
    "route",
]
