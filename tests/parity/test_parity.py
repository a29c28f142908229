"""One check, every source: the same resource in CloudFormation and in Terraform normalizes
to equal model objects (identifiers aside).

Each folder holds ``template.yaml`` and ``main.tf`` describing the same resources; a
CloudFormation logical id pairs with the Terraform resource whose name is its snake_case
(``DataBucket`` <-> ``aws_s3_bucket.data_bucket``). Unresolved values must be unresolved at
the same places on both sides; their expression text differs by source and is not compared.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from secfound.collect.cloudformation import load_template
from secfound.collect.terraform import load_root_module
from secfound.model.build import to_data
from secfound.model.resource import Resource

HERE = Path(__file__).parent
SERVICES = sorted(p.name for p in HERE.iterdir() if (p / "template.yaml").exists())


def _snake(logical_id: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", logical_id).lower()


def _masked(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"unresolved"}:
            return "<unresolved>"
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


def _by_name(resources: tuple[Resource, ...], key: Any) -> dict[str, Resource]:
    return {key(r): r for r in resources}


def test_every_service_has_a_fixture() -> None:
    assert {"s3", "iam", "ec2", "kms", "cloudtrail"} <= set(SERVICES)


@pytest.mark.parametrize("service", SERVICES)
def test_cloudformation_and_terraform_normalize_alike(service: str) -> None:
    folder = HERE / service
    cfn = load_template(folder / "template.yaml", root=HERE)
    tf = load_root_module(folder, root=HERE)
    assert not cfn.errors, cfn.errors
    assert not tf.errors, tf.errors

    cfn_resources = _by_name(cfn.resources, lambda r: _snake(r.address))
    tf_resources = _by_name(tf.resources, lambda r: r.address.rsplit(".", 1)[-1])
    assert sorted(cfn_resources) == sorted(tf_resources)
    assert cfn_resources, "the fixture declares resources"

    for name, from_cfn in cfn_resources.items():
        from_tf = tf_resources[name]
        assert type(from_cfn) is type(from_tf), name
        left = _masked(to_data(from_cfn, identity=False))
        right = _masked(to_data(from_tf, identity=False))
        assert left == right, f"{service}/{name} differs"


@pytest.mark.parametrize("service", SERVICES)
def test_locations_point_at_the_resource(service: str) -> None:
    folder = HERE / service
    for result, suffix in (
        (load_template(folder / "template.yaml", root=HERE), "template.yaml"),
        (load_root_module(folder, root=HERE), "main.tf"),
    ):
        for resource in result.resources:
            location = resource.location
            assert getattr(location, "path", "") == f"{service}/{suffix}"
            line = getattr(location, "line", None)
            assert line is not None
            text = (folder / suffix).read_text().splitlines()[line - 1]
            name = resource.address.rsplit(".", 1)[-1]
            assert name in text, f"{resource.address} points at line {line}: {text!r}"


@pytest.mark.parametrize("service", SERVICES)
def test_every_check_gives_the_same_verdicts_on_both_sources(service: str) -> None:
    """The parity that matters to users: the same findings whichever way it was written."""
    from secfound.checks.registry import builtin_registry
    from secfound.engine import evaluate

    folder = HERE / service
    registry = builtin_registry()
    verdicts = []
    for result, name_of in (
        (load_template(folder / "template.yaml", root=HERE), _snake),
        (load_root_module(folder, root=HERE), lambda a: a.rsplit(".", 1)[-1]),
    ):
        findings = evaluate(registry, [result]).findings
        verdicts.append(
            sorted((f.check_id, name_of(f.resource.address), f.status.value) for f in findings)
        )
    from_cfn, from_tf = verdicts
    assert from_cfn, "the fixture gives findings"
    assert from_cfn == from_tf
