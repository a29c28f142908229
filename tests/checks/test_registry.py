"""Whole-registry tests: every built-in check keeps the conventions of DESIGN.md ("A check")."""

from __future__ import annotations

import importlib
import inspect
import json
from collections import Counter

import pytest

from secfound.checks import Severity
from secfound.checks.registry import INDEX_FILE, CheckSpec, build_index, builtin_registry
from secfound.controls.objectives import load_objectives

SPECS = list(builtin_registry())
OBJECTIVES = load_objectives()


def _first_docstring_line(spec: CheckSpec) -> str:
    module = importlib.import_module(spec.module)
    return (inspect.getdoc(module) or "").strip().splitlines()[0]


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
class TestEveryCheck:
    def test_function_is_named_as_its_file(self, spec: CheckSpec) -> None:
        assert spec.module.rsplit(".", 1)[-1] == spec.function_name
        assert spec.id.rsplit(".", 1)[-1] == spec.function_name
        assert spec.load().__name__ == spec.function_name

    def test_title_states_the_passing_condition(self, spec: CheckSpec) -> None:
        raw = _first_docstring_line(spec)
        assert spec.title, "no title"
        assert not raw.endswith("."), f"title ends with a period: {raw!r}"
        assert "ensure" not in raw.lower(), f"title says Ensure: {raw!r}"
        assert raw[0].isupper(), f"title starts in lower case: {raw!r}"

    def test_rationale_is_present(self, spec: CheckSpec) -> None:
        assert len(spec.rationale.split()) >= 10, f"rationale too thin: {spec.rationale!r}"

    def test_remediation_covers_both_sources(self, spec: CheckSpec) -> None:
        assert "CloudFormation:" in spec.remediation
        assert "Terraform:" in spec.remediation

    def test_severity_is_set(self, spec: CheckSpec) -> None:
        assert isinstance(spec.severity, Severity)

    def test_objectives_exist(self, spec: CheckSpec) -> None:
        assert spec.objectives, "a check serves at least one objective"
        unknown = [o for o in spec.objectives if o not in OBJECTIVES]
        assert not unknown, f"objectives not in objectives.yaml: {unknown}"

    def test_checkov_ids_are_well_formed(self, spec: CheckSpec) -> None:
        for checkov_id in spec.checkov:
            assert checkov_id.startswith(("CKV_AWS_", "CKV2_AWS_")), checkov_id


def test_there_are_checks() -> None:
    assert len(SPECS) >= 27


def test_every_objective_is_used_by_a_check() -> None:
    # An objective no check can judge (a threat model, a review) is met by manual controls.
    used = {o for spec in SPECS for o in spec.objectives}
    unused = sorted(o for o in set(OBJECTIVES) - used if not OBJECTIVES[o].manual_controls)
    assert not unused, f"objectives met by neither a check nor manual controls: {unused}"


def test_ids_and_aliases_are_unique() -> None:
    names = Counter(name for spec in SPECS for name in (spec.id, *spec.aliases))
    duplicates = sorted(name for name, count in names.items() if count > 1)
    assert not duplicates, duplicates


def test_index_is_up_to_date() -> None:
    current = json.loads(INDEX_FILE.read_text(encoding="utf-8"))
    # Compared as JSON: the file holds lists where the specs hold tuples.
    assert current == json.loads(json.dumps(build_index())), (
        "index.json is stale: run python -m secfound.checks.registry --write-index"
    )
