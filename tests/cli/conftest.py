"""Helpers to run the real ``secfound`` command line in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Runner = Callable[..., subprocess.CompletedProcess[str]]


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


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty repository root (a .git folder marks it)."""
    (tmp_path / ".git").mkdir()
    return tmp_path
