"""The monitoring register's storage: its own database, its own keys, behind the firewall.

The register (``migrationpact.monitoring``) keeps the monitoring bodies' files apart from the
case store: another database URL (``MIGRATIONPACT_MONITOR_DATABASE_URL``; by default the SQLite
file ``./migrationpact-monitor.db``), its own tables with their own schema version
(``tables``), append-only hash-chained events per file (``register``), and envelope encryption
of every record with the keeping body's key (``keys``, ``sealing``). Nothing of the case store
imports this package, and the case-handling system holds neither its URL nor its keys.
"""
