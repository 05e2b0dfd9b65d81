"""The case store on SQLite and PostgreSQL."""
