"""``python -m migrationpact`` runs the command line."""

from migrationpact.cli.main import main

main()
