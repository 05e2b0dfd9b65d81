"""Alembic migration environment of the store (run through ``migrationpact.store.migrate``)."""
