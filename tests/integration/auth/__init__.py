"""Web sessions on SQLite and PostgreSQL."""
