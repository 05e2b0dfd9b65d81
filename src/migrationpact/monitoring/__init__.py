"""The independent monitoring mechanism's register (SR Art. 10, APR Art. 43(4)): pure core.

The Inspectie Justitie en Veiligheid and the College voor de Rechten van de Mens together form
the Dutch monitoring mechanism. Each keeps *monitoring files*: a file opens with a signal (from
a person, a lawyer, an NGO, staff of an executing organisation, or a body's own observation),
is routed to the body whose task it is (or referred out to the Nationale ombudsman or the
Kinderombudsman), is triaged by the Charter rights and the phase at stake, may be referred to
the competent authority, gets outcomes and is closed, and may be shared with the other body.

A file is a stream of its own, never a case: its events (``events``), its state (``state``) and
the pure ``decide`` (``decide``) that applies one event or refuses it naming the rule. Which
body gets which signal (``intake``) and how long handling may take (``limits``) are dated data
files, editable without code. The register's storage, encryption and keys live at the edge
(``migrationpact.monitoring_store``); this package reads only its own data files.
"""
