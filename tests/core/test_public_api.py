"""The public surface: every name in ``secfound.__all__`` resolves, and nothing loads early."""

from __future__ import annotations

import subprocess
import sys

import secfound


def test_all_names_resolve() -> None:
    for name in secfound.__all__:
        assert getattr(secfound, name) is not None, name


def test_import_is_light() -> None:
    code = (
        "import sys, secfound; "
        "heavy = [m for m in ('boto3', 'pydantic', 'sqlalchemy', 'rich', 'tree_sitter', 'yaml') "
        "if m in sys.modules]; print(heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
