"""Live parity: what a live collector reads from moto equals what the parity fixture's
CloudFormation template normalizes to (``tests/parity/<service>/template.yaml``; its
Terraform twin is held equal to it by ``tests/parity/test_parity.py``).

    cfn = cfn_objects("s3")                       # {"DataBucket": Bucket(...), ...}
    run = run_collectors("s3.buckets")            # assess() with only those collectors
    assert_same(by_field(of_type(run, Bucket), "name")["example-data"], cfn["DataBucket"])

Objects are compared as ``to_data(obj, identity=False)``: addresses and locations differ
by source by design. A field that cannot match (moto cannot represent it, or the template
leaves it unresolved) is left out by name, with the reason, so each exclusion says why.
"""

from __future__ import annotations

import difflib
import json
import pprint
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from secfound.collect import SourceResult
from secfound.collect.live.assess import AssessSettings, LiveRun, assess
from secfound.collect.live.collector import builtin_collectors
from secfound.model.build import to_data
from secfound.model.resource import Resource

PARITY = Path(__file__).resolve().parent.parent / "parity"
# Calls every run makes besides its collectors': who am I, and the tags of what was read
# (secfound.collect.live.tags), in the names botocore records them by.
RUN_CALLS = frozenset({"sts:GetCallerIdentity", "resource-groups-tagging-api:GetResources"})
R = TypeVar("R", bound=Resource)


def cfn_result(service: str) -> SourceResult:
    """``tests/parity/<service>/template.yaml`` loaded as the CloudFormation source does."""
    from secfound.collect.cloudformation import load_template

    result = load_template(PARITY / service / "template.yaml", root=PARITY)
    assert not result.errors, result.errors
    return result


def cfn_objects(service: str) -> dict[str, Resource]:
    """The resources of ``tests/parity/<service>/template.yaml``, by logical id."""
    return {resource.address: resource for resource in cfn_result(service).resources}


def verdicts(
    results: Iterable[SourceResult], checks: str, name_of: Callable[[Resource], Any]
) -> set[tuple[str, Any, str]]:
    """``(check id, name_of(resource), status)`` of every built-in check whose id starts
    with ``checks`` (``aws.s3.``), to compare the findings of two sources."""
    from secfound.checks.registry import builtin_registry
    from secfound.engine import evaluate

    units = list(results)
    named = {r.address: name_of(r) for unit in units for r in unit.resources}
    return {
        (f.check_id, named[f.resource.address], f.status.value)
        for f in evaluate(builtin_registry(), units).findings
        if f.check_id.startswith(checks)
    }


def template_properties(service: str, logical_id: str) -> dict[str, Any]:
    """The raw ``Properties`` of one resource of the fixture template, to create the same
    resource in moto. Intrinsic functions stay as their text (``"!Ref DataBucket"``)."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    def _tagged(loader: yaml.SafeLoader, tag: str, node: yaml.Node) -> str:
        return f"{tag} {getattr(node, 'value', '')}"

    _Loader.add_multi_constructor("!", _tagged)
    template = yaml.load((PARITY / service / "template.yaml").read_text(), Loader=_Loader)
    return dict(template["Resources"][logical_id].get("Properties", {}))


def run_collectors(*ids: str, regions: tuple[str, ...] = ("us-east-1",)) -> LiveRun:
    """``assess`` in the credentials' account with only the named collectors."""
    specs = [spec for spec in builtin_collectors() if spec.id in ids]
    assert sorted(spec.id for spec in specs) == sorted(ids), "unknown collector id"
    return assess(AssessSettings(regions=regions, workers=1), specs)


def of_type(run: LiveRun, kind: type[R]) -> list[R]:
    """Every resource of ``kind`` the run collected, in every account and region."""
    return [r for unit in run.results for r in unit.resources if isinstance(r, kind)]


def by_field(resources: Iterable[R], name: str) -> dict[Any, R]:
    """Resources keyed by one of their fields (``name``, ``description``)."""
    keyed: dict[Any, R] = {}
    for resource in resources:
        key = getattr(resource, name)
        assert key not in keyed, f"two resources with {name}={key!r}"
        keyed[key] = resource
    return keyed


def assert_same(live: Resource, cfn: Resource, ignore: Mapping[str, str] | None = None) -> None:
    """``live`` and ``cfn`` hold the same model, identifiers aside.

    ``ignore`` maps a field (a dotted path into the plain data: ``policy.version``) to the
    reason it cannot match; each ignored field must exist, so a stale exclusion fails.
    """
    assert type(live) is type(cfn), f"{type(live).__name__} != {type(cfn).__name__}"
    left = to_data(live, identity=False)
    right = to_data(cfn, identity=False)
    for path, reason in (ignore or {}).items():
        assert reason, f"say why {path} is left out"
        _drop(left, path)
        _drop(right, path)
    if left != right:
        diff = difflib.unified_diff(
            _lines(right), _lines(left), "cloudformation", "live", lineterm="", n=2
        )
        raise AssertionError(f"{cfn.address} differs from {live.address}:\n" + "\n".join(diff))


def _drop(data: dict[str, Any], path: str) -> None:
    *parents, last = path.split(".")
    for step in parents:
        data = data[step]
    assert last in data, f"no field {path} to ignore"
    del data[last]


def _lines(data: Any) -> list[str]:
    return pprint.pformat(json.loads(json.dumps(data, sort_keys=True)), width=88).splitlines()
