"""The annual report of the monitoring mechanism, as a structure (pure: no database, no HTML).

A report (``model.Report``) is a list of sections; a section has a title and an introduction in
Dutch and English, tables of counts and, optionally, a chart drawn from one of its tables. The
figures of the bodies' files (``files``), their inspections (``inspections``) and the
indicators from the case data (``indicators``) each make sections in that shape. The public
version (``suppression``) leaves out every table meant for the body only and hides small
counts, plus whatever a total would give away and any share or median resting on a hidden
count, by a dated policy (``data/suppression``). Turning a report into HTML or PDF is
the edge's work (``services.monitoring_report_document``).
"""
