"""The ``migrationpact`` command line: one entry point, a subcommand per feature."""
