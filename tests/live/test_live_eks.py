"""Live EKS clusters: parity with the CloudFormation fixture, faults, and the checks."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

import boto3
import pytest
from live_env import ACCOUNT, REGION
from live_faults import fail_calls
from live_parity import (
    assert_same,
    by_field,
    cfn_objects,
    cfn_result,
    of_type,
    run_collectors,
    verdicts,
)

from secfound.model.aws.eks import Cluster
from secfound.model.location import CloudLocation
from secfound.model.values import Unresolved

COLLECTOR = "eks.clusters"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/eks"
SUBNETS = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
SECRETS_KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/secrets"
# Why a field cannot match, per cluster.
IGNORE: dict[str, dict[str, str]] = {
    "private": {"secrets_kms_key_arn": "!Ref SecretsKey has no value in the template"},
    "office": {"version": "the template leaves the version to EKS, which reports the one it chose"},
    "default": {
        "version": "the template leaves the version to EKS, which reports the one it chose"
    },
}


def _logging(*types: str) -> dict[str, Any]:
    return {"clusterLogging": [{"types": list(types), "enabled": True}]}


def _create_parity_clusters() -> None:
    """tests/parity/eks/template.yaml, created in moto."""
    eks = boto3.client("eks", region_name=REGION)
    eks.create_cluster(
        name="private",
        version="1.31",
        roleArn=ROLE,
        resourcesVpcConfig={
            "subnetIds": SUBNETS,
            "endpointPublicAccess": False,
            "endpointPrivateAccess": True,
        },
        encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": SECRETS_KEY}}],
        logging=_logging("api", "audit", "authenticator"),
    )
    eks.create_cluster(
        name="office",
        roleArn=ROLE,
        resourcesVpcConfig={
            "subnetIds": SUBNETS,
            "endpointPublicAccess": True,
            "publicAccessCidrs": ["203.0.113.0/24"],
        },
        logging=_logging("audit"),
    )
    eks.create_cluster(name="default", roleArn=ROLE, resourcesVpcConfig={"subnetIds": SUBNETS})


def _live() -> tuple[dict[str, Cluster], Any]:
    run = run_collectors(COLLECTOR)
    return by_field(of_type(run, Cluster), "name"), run


def test_clusters_match_the_cloudformation_fixture(aws: None) -> None:
    _create_parity_clusters()
    live, run = _live()
    cfn = {c.name: c for c in cfn_objects("eks").values() if isinstance(c, Cluster)}
    assert sorted(live) == sorted(cfn) == ["default", "office", "private"]
    for name, cluster in live.items():
        assert_same(cluster, cfn[name], ignore=IGNORE[name])
    private = live["private"]
    assert private.secrets_kms_key_arn == SECRETS_KEY
    assert private.address == f"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/private"
    assert private.location == CloudLocation(account=ACCOUNT, region=REGION, arn=private.address)
    assert live["default"].public_access_cidrs == ("0.0.0.0/0",)
    assert run.gaps == ()
    assert run.calls_by_operation["eks:DescribeCluster"] == 3


def test_checks_give_the_same_verdicts_as_on_the_template(aws: None) -> None:
    _create_parity_clusters()
    _, run = _live()
    name = attrgetter("name")
    live = verdicts(run.results, "aws.eks.", name)
    from_cfn = verdicts([cfn_result("eks")], "aws.eks.", name)
    assert live == from_cfn
    assert ("aws.eks.cluster_endpoint_not_public", "default", "failed") in live
    assert ("aws.eks.cluster_secrets_encrypted", "private", "passed") in live


def test_disabled_log_groups_are_not_enabled_types(aws: None) -> None:
    boto3.client("eks", region_name=REGION).create_cluster(
        name="quiet",
        roleArn=ROLE,
        resourcesVpcConfig={"subnetIds": SUBNETS},
        logging={
            "clusterLogging": [
                {"types": ["api"], "enabled": True},
                {"types": ["scheduler"], "enabled": False},
            ]
        },
    )
    live, _ = _live()
    assert live["quiet"].enabled_log_types == ("api",)


def _describe_fails(monkeypatch: pytest.MonkeyPatch, cluster: str, code: str) -> None:
    fail_calls(
        monkeypatch,
        "DescribeCluster",
        code=code,
        message="no",
        when=lambda params: params["name"] == cluster,
    )


def test_a_denied_describe_is_unresolved_and_a_gap(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_clusters()
    _describe_fails(monkeypatch, "default", "AccessDeniedException")
    live, run = _live()
    default = live["default"]
    assert default.address == f"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/default"
    assert isinstance(default.endpoint_public_access, Unresolved)
    assert live["office"].public_access_cidrs == ("203.0.113.0/24",)
    assert [(g.region, g.service, g.reason) for g in run.gaps] == [
        (REGION, "eks", "eks:DescribeCluster: AccessDeniedException: no")
    ]
    found = verdicts(run.results, "aws.eks.", attrgetter("name"))
    for check in ("cluster_endpoint_not_public", "cluster_secrets_encrypted"):
        assert (f"aws.eks.{check}", "default", "unknown") in found
        assert (f"aws.eks.{check}", "default", "passed") not in found


def test_a_cluster_deleted_meanwhile_is_skipped(aws: None, monkeypatch: pytest.MonkeyPatch) -> None:
    _create_parity_clusters()
    _describe_fails(monkeypatch, "office", "ResourceNotFoundException")
    live, run = _live()
    assert sorted(live) == ["default", "private"]
    assert run.gaps == ()
