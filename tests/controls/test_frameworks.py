"""Framework files: well-formed, citing only checks that exist, errors at file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from secfound.checks.registry import builtin_registry
from secfound.controls.frameworks import load_framework, load_frameworks, references_by_check
from secfound.controls.objectives import load_objectives
from secfound.errors import ConfigError

ID_SHAPES = {
    "aws-fsbp": re.compile(
        r"(Account|APIGateway|CloudFront|CloudTrail|Config|DynamoDB|EC2|ECR|"
        r"EFS|EKS|ELB|ElastiCache|ES|GuardDuty|IAM|Inspector|KMS|Lambda|Macie|Opensearch|"
        r"RDS|Redshift|S3|SecretsManager|SNS|SQS|WAF)\.[1-9][0-9]*"
    ),
    "cis-aws-3.0": re.compile(r"[1-5](\.[1-9][0-9]?){1,2}"),
    "cis-aws-5.0": re.compile(r"[1-5](\.[1-9][0-9]?){1,2}"),
    "nist-800-53-r5": re.compile(r"[A-Z]{2}-[1-9][0-9]?(\([1-9][0-9]?\))?"),
    "wa-sec01": re.compile(r"sec_securely_operate_[a-z]+(_[a-z]+)*"),
}


def test_packaged_frameworks_load() -> None:
    frameworks = {f.id: f for f in load_frameworks()}
    assert set(frameworks) >= {
        "aws-fsbp",
        "cis-aws-3.0",
        "cis-aws-5.0",
        "nist-800-53-r5",
        "wa-sec01",
    }
    assert {f.reference_key for f in frameworks.values()} >= {
        "fsbp",
        "cis",
        "cis-3.0",
        "nist",
        "wa",
    }


@pytest.mark.parametrize("framework", load_frameworks(), ids=lambda f: f.id)
def test_requirement_ids_are_well_formed(framework) -> None:  # type: ignore[no-untyped-def]
    shape = ID_SHAPES[framework.id]
    for requirement in framework.requirements:
        assert shape.fullmatch(requirement.id), requirement.id
        assert requirement.title.strip() == requirement.title and requirement.title
        # Neither checks nor objectives is allowed: the requirement is "not covered".
        assert requirement.covered == bool(requirement.checks or requirement.objectives)


@pytest.mark.parametrize("framework", load_frameworks(), ids=lambda f: f.id)
def test_every_cited_check_and_objective_exists(framework) -> None:  # type: ignore[no-untyped-def]
    registry = builtin_registry()
    objectives = load_objectives()
    for requirement in framework.requirements:
        for check_id in requirement.checks:
            assert registry.canonical_id(check_id), f"{requirement.id}: {check_id}"
        for objective in requirement.objectives:
            assert objective in objectives, f"{requirement.id}: {objective}"


def test_references_by_check() -> None:
    found = references_by_check(builtin_registry())
    recorder = found["aws.config.recorder_enabled"]
    assert recorder["fsbp"] == ["Config.1"] and recorder["cis"] == ["3.3"]
    assert recorder["cis-3.0"] == ["3.3"]
    # Objective-only frameworks reach checks through the objectives the checks serve.
    assert "CM-8" in recorder["nist"] and recorder["wa"] == [
        "sec_securely_operate_control_objectives"
    ]
    assert "IAM.1" in found["aws.iam.policy_grants_no_full_admin"]["fsbp"]


def test_objective_mapping_cites_every_serving_check(tmp_path: Path) -> None:
    path = tmp_path / "demo-fw.yaml"
    path.write_text(
        _FILE.replace(
            "checks: [aws.s3.bucket_versioning_enabled]", "objectives: [secrets-kept-out-of-code]"
        )
    )
    found = references_by_check(builtin_registry(), [load_framework(path)])
    assert found == {"aws.general.resource_has_no_hard_coded_secrets": {"demo": ["D.1"]}}


_FILE = """\
schema_version: 1
id: demo-fw
title: Demo
version: "1"
publisher: Nobody
source: https://example.com/demo
reference_key: demo
id_pattern: "D\\\\.[0-9]+"
requirements:
  - id: D.1
    title: Buckets keep versions
    checks: [aws.s3.bucket_versioning_enabled]
"""


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("  - id: D.1", "  - id: X.1", 10, "does not match"),
        ("    title: Buckets keep versions", "    titel: Buckets keep versions", 10, "titel"),
        ("reference_key: demo", "reference_key: Demo!", 7, "reference_key"),
        ("id: demo-fw", "id: other", 2, "file name"),
    ],
)
def test_bad_file_is_an_error_at_its_line(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    path = tmp_path / "demo-fw.yaml"
    assert old in _FILE
    path.write_text(_FILE.replace(old, new))
    with pytest.raises(ConfigError) as caught:
        load_framework(path)
    assert caught.value.line == line, str(caught.value)
    assert message in str(caught.value)


def test_unknown_check_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "demo-fw.yaml"
    path.write_text(_FILE.replace("aws.s3.bucket_versioning_enabled", "aws.s3.no_such_check"))
    with pytest.raises(ConfigError) as caught:
        references_by_check(builtin_registry(), [load_framework(path)])
    assert caught.value.line == 12
    assert "no_such_check" in str(caught.value)


def test_duplicate_requirement_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "demo-fw.yaml"
    path.write_text(
        _FILE + "  - id: D.1\n    title: Again\n    checks: [aws.s3.bucket_versioning_enabled]\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_framework(path)
    assert caught.value.line == 13
