"""Fixtures of the threat model tests: an in-process AWS (moto) and the real command line
in a subprocess. Other threats tests add their fixtures here; none is ever removed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

Runner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def aws() -> Iterator[None]:
    """An empty in-process AWS (moto) for the test, as in tests/live."""
    from moto import mock_aws

    with mock_aws():
        yield


@pytest.fixture
def secfound() -> Runner:
    """Run ``python -m secfound ARGS`` and return the completed process (never raises)."""

    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
        return subprocess.run(
            [sys.executable, "-m", "secfound", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run
