"""secfound raises every finding of pytm's cloud-architecture rules on the sample
workload: on the same element, citing one of the same CAPEC ids (tools/pytm/compare.py,
docs/threats-pytm.md). pytm runs from its own virtualenv (``make .venv-pytm/bin/python``);
outside CI the test skips when it is missing, under CI=true it never does.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / "tools" / "pytm" / "compare.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pytm_compare", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


compare = _load()


@pytest.fixture(scope="module")
def comparison() -> object:
    try:
        python = compare.pytm_python()
    except compare.ComparisonError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"pytm is missing under CI: {error}")
        pytest.skip(f"pytm is not installed: run `make .venv-pytm/bin/python` ({error})")
    return compare.compare(python)


def test_every_in_scope_pytm_finding_is_matched(comparison: object) -> None:
    unmatched = [f"{r.sid} on {r.element} (CAPEC {r.capec})" for r in comparison.unmatched]  # type: ignore[attr-defined]
    assert unmatched == [], "pytm findings secfound does not raise:\n" + "\n".join(unmatched)


def test_the_comparison_compares_something(comparison: object) -> None:
    counts = comparison.counts  # type: ignore[attr-defined]
    assert counts.get(compare.MATCHED, 0) >= 30, counts
    in_scope = {e.sid for e in comparison.scope if e.in_scope}  # type: ignore[attr-defined]
    matched = {r.sid for r in comparison.rows if r.verdict == compare.MATCHED}  # type: ignore[attr-defined]
    # Every in-scope rule of the list is matched on at least one element.
    wanted = {"DE01", "DE03", "CR01", "AC05", "CR06", "CR08", "AA01", "AC01", "AC02", "DE04"}
    assert wanted <= in_scope
    assert wanted - matched == set()


def test_the_committed_docs_tables_are_current(comparison: object) -> None:
    text = compare.DOC.read_text(encoding="utf-8")
    assert compare.with_tables(text, comparison) == text, "run `make pytm-compare`"


def test_the_scope_file_rejects_an_unknown_rule(tmp_path: Path) -> None:
    scope = tmp_path / "scope.yaml"
    scope.write_text(compare.SCOPE.read_text(encoding="utf-8"), encoding="utf-8")
    library = [{"sid": "ZZ01", "targets": ["Server"], "capec": [1]}]
    with pytest.raises(compare.ComparisonError, match="ZZ01"):
        compare.load_scope(library, scope)
