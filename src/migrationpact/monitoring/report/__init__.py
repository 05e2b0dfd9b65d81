"""The annual report of the monitoring mechanism, as a structure (pure: no database, no HTML).

A report (``model.Report``) is a list of sections; a section has a title and an introduction in
Dutch and English, tables of counts and, optionally, a chart drawn from one of its tables. The
figures of the bodies' files (``files``) are one source of sections; others (inspections,
indicators) add their own sections in the same shape. The public version (``suppression``)
leaves out every table meant for the body only and hides small counts, plus whatever a total
would give away, by a dated policy (``data/suppression``). Turning a report into HTML or PDF is
the edge's work (``services.monitoring_report_document``).
"""
