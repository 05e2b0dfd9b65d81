"""The case store: the I/O edge where events are recorded and projections kept.

* ``database`` — URLs (``MIGRATIONPACT_DATABASE_URL``, default SQLite) and engines;
* ``tables`` — the ``events`` table and the ``case_states`` / ``deadlines`` projections;
* ``projections`` and ``states`` — a state's projection rows, and reading a state back from them;
* ``migrate`` and ``migrations/`` — Alembic, run by ``migrationpact db upgrade``;
* ``hashing`` — the per-case SHA-256 chain;
* ``eventstore`` — ``EventStore``: append (one transaction, optimistic concurrency,
  idempotency, hash chain, projections), batches, import, rebuild, verify, lapses;
* ``worklist`` — the worklist in SQL with keyset paging;
* ``service`` — keyword-only functions the CLI and API call.

The pure domain (``migrationpact.cases``) decides; this package only records and reads.
See docs/store.md.
"""
