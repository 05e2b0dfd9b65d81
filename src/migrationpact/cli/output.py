"""Printing results: plain text for people, one JSON object for machines."""

from __future__ import annotations

import json
from typing import Any

import typer


def emit(data: dict[str, Any], text: str, *, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        typer.echo(text)
