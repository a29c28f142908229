"""Live ECR repositories: parity with the CloudFormation fixture, faults, and the checks."""

from __future__ import annotations

import json
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
    template_properties,
    verdicts,
)

from secfound.model.aws.ecr import Repository
from secfound.model.location import CloudLocation
from secfound.model.values import Unresolved

COLLECTOR = "ecr.repositories"
# LegacyRepository's ScanOnPush is a parameter without a default in the template.
UNRESOLVED_SCAN = {"scan_on_push": "!Ref ScanLegacy has no value in the template"}


def _policy(logical_id: str) -> str:
    return json.dumps(template_properties("ecr", logical_id)["RepositoryPolicyText"])


def _create_parity_repositories() -> None:
    """tests/parity/ecr/template.yaml, created in moto."""
    ecr = boto3.client("ecr", region_name=REGION)
    ecr.create_repository(
        repositoryName="app",
        imageTagMutability="IMMUTABLE",
        imageScanningConfiguration={"scanOnPush": True},
        encryptionConfiguration={"encryptionType": "KMS", "kmsKey": "alias/images"},
    )
    ecr.set_repository_policy(repositoryName="app", policyText=_policy("AppRepository"))
    ecr.create_repository(repositoryName="legacy")
    ecr.create_repository(
        repositoryName="public",
        imageTagMutability="MUTABLE",
        encryptionConfiguration={"encryptionType": "AES256"},
    )
    ecr.set_repository_policy(repositoryName="public", policyText=_policy("PublicRepository"))


def _live() -> tuple[dict[str, Repository], Any]:
    run = run_collectors(COLLECTOR)
    return by_field(of_type(run, Repository), "name"), run


def test_repositories_match_the_cloudformation_fixture(aws: None) -> None:
    _create_parity_repositories()
    live, run = _live()
    cfn = {r.name: r for r in cfn_objects("ecr").values() if isinstance(r, Repository)}
    assert sorted(live) == sorted(cfn) == ["app", "legacy", "public"]
    for name, repository in live.items():
        assert_same(repository, cfn[name], ignore=UNRESOLVED_SCAN if name == "legacy" else None)
    assert live["legacy"].scan_on_push is False  # AWS's default
    assert live["legacy"].policy is None
    app = live["app"]
    assert app.address == f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/app"
    assert app.location == CloudLocation(account=ACCOUNT, region=REGION, arn=app.address)
    assert run.gaps == ()
    assert run.calls_by_operation["ecr:GetRepositoryPolicy"] == 3


def test_checks_give_the_same_verdicts_as_on_the_template(aws: None) -> None:
    _create_parity_repositories()
    _, run = _live()
    name = attrgetter("name")
    live = verdicts(run.results, "aws.ecr.", name)
    from_cfn = verdicts([cfn_result("ecr")], "aws.ecr.", name)
    scan = "aws.ecr.repository_scans_on_push"
    assert (scan, "legacy", "unknown") in from_cfn
    assert live == (from_cfn - {(scan, "legacy", "unknown")}) | {(scan, "legacy", "failed")}
    assert ("aws.ecr.repository_policy_not_public", "public", "failed") in live


def _answer(monkeypatch: pytest.MonkeyPatch, repository: str, code: str) -> None:
    fail_calls(
        monkeypatch,
        "GetRepositoryPolicy",
        code=code,
        message="no",
        when=lambda params: params["repositoryName"] == repository,
    )


def test_a_denied_policy_read_is_unresolved_and_a_gap(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_repositories()
    _answer(monkeypatch, "public", "AccessDeniedException")
    live, run = _live()
    assert isinstance(live["public"].policy, Unresolved)
    assert live["public"].image_tag_mutability == "MUTABLE"  # the listing is still read
    assert [(g.region, g.service, g.reason) for g in run.gaps] == [
        (REGION, "ecr", "ecr:GetRepositoryPolicy: AccessDeniedException: no")
    ]
    found = verdicts(run.results, "aws.ecr.repository_policy_not_public", attrgetter("name"))
    assert ("aws.ecr.repository_policy_not_public", "public", "unknown") in found
    assert ("aws.ecr.repository_policy_not_public", "public", "passed") not in found


def test_a_repository_deleted_meanwhile_is_skipped(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create_parity_repositories()
    _answer(monkeypatch, "legacy", "RepositoryNotFoundException")
    live, run = _live()
    assert sorted(live) == ["app", "public"]
    assert run.gaps == ()
