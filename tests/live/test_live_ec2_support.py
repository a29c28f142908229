"""Helpers for the EC2, VPC, CloudTrail and Config live tests (no tests here), on top of
the shared ``live_parity`` module.

``live_parity.assert_same`` leaves fields out; ``assert_matches`` compares every field.
The resources of a parity template are created in moto with the same settings,
collected, and compared with the CloudFormation objects as plain data
(``to_data(identity=False)``). Two things may differ, and only explicitly:

- identifiers: ids and ARNs AWS chose (a VPC id, a key ARN) are mapped back to the names
  the template gives them before comparing;
- live facts: where the template leaves a setting to AWS or to a parameter (the field is
  ``None`` or unresolved in the CloudFormation object), the test names the value AWS
  reports; a live fact never overrides a value the template sets.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from live_parity import RUN_CALLS, cfn_objects, of_type, run_collectors

from secfound.collect.live.assess import LiveRun
from secfound.collect.live.collector import builtin_collectors
from secfound.model.build import to_data
from secfound.model.resource import Resource

__all__ = ["assert_declared", "assert_matches", "by_id", "cfn_objects", "of_type", "run_collectors"]

Path_ = tuple[str | int, ...]
# Rule lists whose order means nothing (AWS returns a group's rules in its own order).
UNORDERED = frozenset({"ingress", "egress"})
# botocore's event names for services whose IAM prefix differs.
IAM_PREFIXES = {"config-service": "config"}
# Calls assess makes itself: the account it is in, and the tags of what it read.
CORE_CALLS = RUN_CALLS


def by_id(items: Iterable[Resource]) -> dict[str, Any]:
    """Live resources by the id at the end of their ARN (``sg-…``, ``vol-…``)."""
    return {r.address.rsplit("/", 1)[-1]: r for r in items}


def _renamed(value: Any, names: Mapping[str, Any]) -> Any:
    if isinstance(value, dict):
        return {
            k: _sorted(k, _renamed(v, names)) if k in UNORDERED else _renamed(v, names)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_renamed(v, names) for v in value]
    if isinstance(value, str):
        return names.get(value, value)
    return value


def _sorted(key: str, value: Any) -> Any:
    if isinstance(value, list):
        return sorted(value, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def _left_open(value: Any) -> bool:
    return value is None or (isinstance(value, dict) and set(value) == {"unresolved"})


def _with_fact(data: Any, path: Path_, value: Any) -> None:
    *parents, last = path
    target = data
    for step in parents:
        target = target[step]
    assert _left_open(target[last]), f"{path}: the template sets {target[last]!r}"
    target[last] = value


def assert_matches(
    live: Resource,
    cfn: Resource,
    names: Mapping[str, Any],
    facts: Mapping[Path_, Any] | None = None,
) -> None:
    """``live`` equals ``cfn`` once ids are named and the listed live facts filled in."""
    assert type(live) is type(cfn)
    expected = _renamed(to_data(cfn, identity=False), {})
    for path, value in (facts or {}).items():
        _with_fact(expected, path, value)
    got = _renamed(to_data(live, identity=False), names)
    assert got == expected, f"{cfn.address}: live {got} != template {expected}"


def assert_declared(run: LiveRun, collector_ids: Iterable[str]) -> None:
    """Every call of the run is an action the collectors declare (the shipped policy is
    made from the declarations), besides the run's own (who am I)."""
    ids = set(collector_ids)
    declared = {a for s in builtin_collectors() if s.id in ids for a in s.actions}
    called = {_iam_name(op) for op in run.calls_by_operation if op not in CORE_CALLS}
    assert called <= declared, f"undeclared: {sorted(called - declared)}"


def _iam_name(operation: str) -> str:
    """``config-service:DescribeX`` (botocore's event name) -> ``config:DescribeX``."""
    service, name = operation.split(":", 1)
    return f"{IAM_PREFIXES.get(service, service)}:{name}"
