"""The indicators page in words: the periods, the chart's title and axis, a quarter's name.

The indicators' own titles come in English and Dutch with them (``monitoring.indicators``), and
the articles are cited by the rule book's citations in the page's language; here are the few
words of the page that the catalogs translate.
"""

from __future__ import annotations

from migrationpact.web.labels import N_

PERIODS = {"month": N_("per month"), "quarter": N_("per quarter"), "year": N_("per year")}
QUARTER = N_("Q%(quarter)s %(year)s")
CHART_TITLE = N_("Share beyond the time limit, per period")
SHARE_AXIS = N_("Beyond the time limit (%)")
