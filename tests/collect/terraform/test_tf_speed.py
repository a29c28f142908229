"""Speed: one parser per load, nothing heavy imported, loads that take milliseconds."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from tf_helpers import load

import secfound.collect.terraform.load as load_module


def test_one_parser_per_load(monkeypatch: pytest.MonkeyPatch) -> None:
    made = []
    real = load_module.new_parser

    def counting() -> object:
        made.append(1)
        return real()

    monkeypatch.setattr(load_module, "new_parser", counting)
    result = load("modules/root")  # several files, modules and nested modules
    assert len(result.resources) > 5
    assert len(made) == 1


def test_import_pulls_in_nothing_heavy() -> None:
    code = (
        "import sys; import secfound.collect.terraform; "
        "heavy = {'boto3', 'botocore', 'sqlalchemy', 'yaml', 'rich', 'click', 'tree_sitter'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert output == "[]"


def test_loading_a_small_module_takes_milliseconds() -> None:
    load("iam")  # warm: tree-sitter loaded, function table built
    started = time.perf_counter()
    for _ in range(10):
        load("iam")
        load("s3")
    average = (time.perf_counter() - started) / 20
    assert average < 0.1, f"{average * 1000:.1f} ms per load"
