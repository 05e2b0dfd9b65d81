"""The chain twin's runs as jobs: start, list, read (docs/twin.md)."""
