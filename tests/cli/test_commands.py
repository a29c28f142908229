"""``secfound demo``, ``checks list|show``, ``--help`` for every command, ``python -m``."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import click
import pytest

from secfound.cli.main import main

ROOT = Path(__file__).parents[2]


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*prefix, name)))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("command", _commands(main), ids=lambda c: " ".join(c) or "secfound")
def test_every_command_has_help(command: tuple[str, ...]) -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert len(result.output.splitlines()) > 3


def test_demo_reports_the_deliberate_mistakes_and_exits_zero(secfound) -> None:  # type: ignore[no-untyped-def]
    done = secfound("demo", "--format", "json", "-q")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["errors"] == []
    failed = {
        (f["check_id"], f["location"]["path"].split("/")[0])
        for f in report["findings"]
        if f["status"] == "failed"
    }
    for check in (
        "aws.s3.bucket_blocks_public_access",
        "aws.ec2.security_group_no_ssh_from_internet",
        "aws.iam.policy_grants_no_full_admin",
        "aws.iam.policy_grants_no_service_wildcard",
        "aws.cloudtrail.trail_sends_to_cloudwatch_logs",
        "aws.ec2.volume_encrypted",
        "aws.elbv2.load_balancer_redirects_http_to_https",
        "aws.elbv2.load_balancer_access_logs_enabled",
        "aws.elbv2.load_balancer_protected_by_waf",
        "aws.rds.db_instance_deletion_protected",
        "aws.secretsmanager.secret_rotation_enabled",
        "aws.lambda.function_in_vpc",
    ):
        assert (check, "cloudformation") in failed, check
        assert (check, "terraform") in failed, check
    table = secfound("demo")
    assert table.returncode == 0
    assert "failed" in table.stdout


def test_examples_are_the_bundled_estate() -> None:
    comparison = filecmp.dircmp(ROOT / "examples", ROOT / "src" / "secfound" / "demo" / "estate")
    pending = [comparison]
    while pending:
        current = pending.pop()
        assert not current.left_only and not current.right_only and not current.diff_files, (
            "examples/ and src/secfound/demo/estate/ differ: "
            f"{current.left_only} {current.right_only} {current.diff_files}"
        )
        pending.extend(current.subdirs.values())


def test_checks_list_and_show(secfound) -> None:  # type: ignore[no-untyped-def]
    listed = json.loads(secfound("checks", "list", "--format", "json").stdout)
    assert len(listed) >= 25
    entry = next(c for c in listed if c["id"] == "aws.s3.bucket_blocks_public_access")
    assert entry["resource_types"] == ["AWS::S3::Bucket"]
    assert entry["objectives"] and entry["severity"] == "high"
    references = entry["references"]
    assert set(references) >= {"fsbp", "cis", "checkov"}
    assert "S3.8" in references["fsbp"] and "2.1.4" in references["cis"]
    assert all(isinstance(ids, list) for ids in references.values())
    shown = secfound("checks", "show", "aws.s3.bucket_blocks_public_access")
    assert shown.returncode == 0 and "Remediation" in shown.stdout
    assert "fsbp:S3.8" in shown.stdout
    shown_json = json.loads(
        secfound("checks", "show", "aws.s3.bucket_blocks_public_access", "--format", "json").stdout
    )
    assert shown_json["references"]["cis"] == ["2.1.4"]
    missing = secfound("checks", "show", "aws.s3.no_such_check")
    assert missing.returncode == 2 and "no check" in missing.stderr
    table = secfound("checks", "list")
    assert "aws.s3.bucket_blocks_public_access" in table.stdout


def test_version(secfound) -> None:  # type: ignore[no-untyped-def]
    done = secfound("--version")
    assert done.returncode == 0 and "secfound" in done.stdout
