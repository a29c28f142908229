"""How a command ends on a ``SecfoundError``: one clear line on stderr, and its exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from secfound.errors import SecfoundError

F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(function: F) -> F:
    """Turn a ``SecfoundError`` into one clear line on stderr and its exit code."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except SecfoundError as exc:
            click.echo(f"secfound: error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]
