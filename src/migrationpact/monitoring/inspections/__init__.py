"""Inspections of the monitoring register: visits to screening and border locations.

Besides handling signals, each body of the mechanism (the Inspectie Justitie en Veiligheid, the
College voor de Rechten van de Mens) visits the places where screening, the border procedure
and border detention happen: planned visits, announced or not. An *inspection* is one such
visit: it is planned at a location from the closed list (``data``: dated data, never code),
carried out on a day by named inspectors, and leads to findings (each naming the Charter rights
at stake) and recommendations to an authority (IND, KMar, COA, DJI, DTenV). The authority
responds within a time limit (dated data, counted with the period engine as the register's
other limits); the inspection closes when no recommendation waits for its response.

An inspection is a stream of its own, like a monitoring file: its events (``events``), its state
(``state``), a pure ``decide`` that applies one event or refuses it naming the rule (``IR-…``),
the time limits (``limits``) and the counts of a year for the annual report (``summary``). The
register stores it beside the files, sealed and hash-chained (``monitoring_store.inspections``).
"""
