"""Turning domain errors into the CLI's single error line and exit code 2."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from typer.exceptions import TyperException


class InputError(TyperException):
    """Bad input: printed as one line, exit code 2."""

    exit_code = 2


@contextmanager
def reported(*errors: type[Exception]) -> Iterator[None]:
    """Re-raise the given domain errors as ``InputError`` with their message."""
    try:
        yield
    except errors as exc:
        raise InputError(str(exc)) from exc
