"""One parametrized runner for every check's case file (tests/checks/aws/<service>/<check>.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from secfound.checks.cases import load_cases, run_case
from secfound.checks.registry import builtin_registry

CASES_ROOT = Path(__file__).parent


def _all_cases() -> list[pytest.param]:  # type: ignore[valid-type]
    params = []
    for spec in builtin_registry():
        path = CASES_ROOT.joinpath(*spec.id.split(".")).with_suffix(".yaml")
        if not path.exists():
            continue
        for case in load_cases(path):
            params.append(pytest.param(spec, case, path, id=f"{spec.id}::{case.name}"))
    return params


@pytest.mark.parametrize(("spec", "case", "path"), _all_cases())
def test_case(spec, case, path) -> None:  # type: ignore[no-untyped-def]
    status, message = run_case(spec, case, where=f"{path}:{case.line}")
    assert status == case.expected, f"{path}:{case.line} {case.name}: got {status} ({message})"
    if status.value != "not_applicable":
        assert message, f"{case.name}: a verdict must say why"


def test_every_check_has_a_case_file_with_pass_and_fail() -> None:
    problems = []
    for spec in builtin_registry():
        path = CASES_ROOT.joinpath(*spec.id.split(".")).with_suffix(".yaml")
        if not path.exists():
            problems.append(f"{spec.id}: no case file {path.relative_to(CASES_ROOT)}")
            continue
        names = [c.name for c in load_cases(path)]
        if not any(n.startswith("pass_") for n in names):
            problems.append(f"{spec.id}: no pass_ case")
        if not any(n.startswith("fail_") for n in names):
            problems.append(f"{spec.id}: no fail_ case")
    assert not problems, "\n".join(problems)
