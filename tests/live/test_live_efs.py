"""Live EFS file systems: parity with tests/parity/efs, a denied policy read, the checks."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import boto3
import pytest
from live_env import ACCOUNT, REGION
from live_faults import fail_calls
from live_parity import (
    RUN_CALLS,
    assert_same,
    cfn_objects,
    cfn_result,
    of_type,
    run_collectors,
    template_properties,
    verdicts,
)

from secfound.collect.live.collector import builtin_collectors
from secfound.model.aws.efs import FileSystem
from secfound.model.location import CloudLocation
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

COLLECTOR = "efs.file_systems"
SCRATCH_LEFT_OPEN = {"encrypted": "!Ref EncryptScratch has no value in the template"}


def _arn(file_system_id: str) -> str:
    return f"arn:aws:elasticfilesystem:{REGION}:{ACCOUNT}:file-system/{file_system_id}"


def _create_parity_file_systems() -> tuple[dict[str, str], str]:
    """tests/parity/efs/template.yaml, created in moto: logical id by live ARN, and the
    ARN of alias/efs (AWS names a file system's key by ARN)."""
    kms = boto3.client("kms", region_name=REGION)
    key = str(kms.create_key()["KeyMetadata"]["Arn"])
    kms.create_alias(AliasName="alias/efs", TargetKeyId=key)
    efs = boto3.client("efs", region_name=REGION)
    shared = efs.create_file_system(CreationToken="shared", Encrypted=True, KmsKeyId=key)
    scratch = efs.create_file_system(CreationToken="scratch")  # EncryptScratch chosen false
    opened = efs.create_file_system(CreationToken="open")
    for logical_id, created in (("SharedFs", shared), ("OpenFs", opened)):
        policy = template_properties("efs", logical_id)["FileSystemPolicy"]
        efs.put_file_system_policy(FileSystemId=created["FileSystemId"], Policy=json.dumps(policy))
    logical = {"SharedFs": shared, "ScratchFs": scratch, "OpenFs": opened}
    return {_arn(fs["FileSystemId"]): name for name, fs in logical.items()}, key


def _live() -> tuple[list[FileSystem], Any]:
    run = run_collectors(COLLECTOR)
    return of_type(run, FileSystem), run


def test_file_systems_match_the_template(aws: None) -> None:
    logical, key = _create_parity_file_systems()
    found, run = _live()
    live = {logical[fs.address]: fs for fs in found}
    cfn = cfn_objects("efs")
    assert sorted(live) == ["OpenFs", "ScratchFs", "SharedFs"]
    shared = live["SharedFs"]
    assert shared.kms_key_id == key
    assert_same(dataclasses.replace(shared, kms_key_id="alias/efs"), cfn["SharedFs"])
    assert_same(live["ScratchFs"], cfn["ScratchFs"], ignore=SCRATCH_LEFT_OPEN)
    assert live["ScratchFs"].encrypted is False
    assert live["ScratchFs"].policy is None
    assert_same(live["OpenFs"], cfn["OpenFs"])
    assert shared.location == CloudLocation(account=ACCOUNT, region=REGION, arn=shared.address)
    assert run.gaps == ()
    assert run.calls_by_operation["efs:DescribeFileSystems"] == 1
    assert run.calls_by_operation["efs:DescribeFileSystemPolicy"] == 3


def _namer(logical: dict[str, str]) -> Any:
    def name(resource: Resource) -> str:
        return logical.get(resource.address, resource.address)

    return name


def test_checks_give_the_same_verdicts_as_on_the_template(aws: None) -> None:
    logical, _ = _create_parity_file_systems()
    _, run = _live()
    name = _namer(logical)
    live = verdicts(run.results, "aws.efs.", name)
    from_cfn = verdicts([cfn_result("efs")], "aws.efs.", name)
    encrypted = "aws.efs.file_system_encrypted"
    assert (encrypted, "ScratchFs", "unknown") in from_cfn
    from_cfn = (from_cfn - {(encrypted, "ScratchFs", "unknown")}) | {
        (encrypted, "ScratchFs", "failed")
    }
    assert live == from_cfn
    assert ("aws.efs.file_system_requires_tls", "SharedFs", "passed") in live
    assert ("aws.efs.file_system_policy_not_public", "OpenFs", "failed") in live


def _deny_policy(monkeypatch: pytest.MonkeyPatch, code: str, arn: str) -> None:
    file_system_id = arn.rsplit("/", 1)[-1]
    fail_calls(
        monkeypatch,
        "DescribeFileSystemPolicy",
        code=code,
        message="not allowed",
        when=lambda params: params["FileSystemId"] == file_system_id,
    )


def test_a_denied_policy_read_is_unresolved_and_a_gap(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    logical, _ = _create_parity_file_systems()
    scratch = next(arn for arn, name in logical.items() if name == "ScratchFs")
    _deny_policy(monkeypatch, "AccessDeniedException", scratch)
    found, run = _live()
    live = {logical[fs.address]: fs for fs in found}
    assert isinstance(live["ScratchFs"].policy, Unresolved)
    assert live["ScratchFs"].encrypted is False  # the listing still says
    assert [(g.region, g.service, g.reason) for g in run.gaps] == [
        (
            REGION,
            "efs",
            "elasticfilesystem:DescribeFileSystemPolicy: AccessDeniedException: not allowed",
        )
    ]
    found_verdicts = verdicts(run.results, "aws.efs.", _namer(logical))
    # No policy would pass "not public"; an unread one must not.
    assert ("aws.efs.file_system_policy_not_public", "ScratchFs", "unknown") in found_verdicts
    assert ("aws.efs.file_system_requires_tls", "ScratchFs", "unknown") in found_verdicts


def test_a_file_system_deleted_meanwhile_is_skipped(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    logical, _ = _create_parity_file_systems()
    opened = next(arn for arn, name in logical.items() if name == "OpenFs")
    _deny_policy(monkeypatch, "FileSystemNotFound", opened)
    found, run = _live()
    assert sorted(logical[fs.address] for fs in found) == ["ScratchFs", "SharedFs"]
    assert run.gaps == ()


def test_the_collector_calls_only_what_it_declares(aws: None) -> None:
    _create_parity_file_systems()
    _, run = _live()
    (spec,) = [s for s in builtin_collectors() if s.id == COLLECTOR]
    called = {
        "elasticfilesystem:" + op.split(":", 1)[1]
        for op in run.calls_by_operation
        if op.startswith("efs:")
    }
    own = {a for a in spec.actions if a.startswith("elasticfilesystem:")}
    assert called == own
    # kms:ListAliases only when a file system names a key that may be AWS's (managed_keys)
    assert set(run.calls_by_operation) - RUN_CALLS <= {"efs:" + a.split(":", 1)[1] for a in own} | {
        "kms:ListAliases"
    }
    assert set(spec.actions) == own | {"kms:ListAliases"}
