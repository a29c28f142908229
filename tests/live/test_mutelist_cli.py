"""``secfound assess --mutelist``: a live finding muted by tag stays in the report, marked
as muted with its reason, and no longer fails the run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from live_env import REGION

SSH = "aws.ec2.security_group_no_ssh_from_internet"


def _open_group(moto_server: str, name: str, environment: str) -> str:
    ec2 = boto3.client("ec2", region_name=REGION, endpoint_url=moto_server)
    group_id = ec2.create_security_group(
        GroupName=name,
        Description=f"{name} group",
        TagSpecifications=[
            {
                "ResourceType": "security-group",
                "Tags": [{"Key": "Environment", "Value": environment}],
            }
        ],
    )["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=group_id,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )
    return str(group_id)


@pytest.mark.e2e
def test_a_muted_finding_is_kept_and_marked(moto_server: str, tmp_path: Path) -> None:
    sandbox = _open_group(moto_server, "sandbox", "sandbox")
    prod = _open_group(moto_server, "prod", "prod")
    mutelist = tmp_path / "mute.yaml"
    mutelist.write_text(
        "mutelist:\n"
        f"  - check: {SSH}\n"
        "    tags: {Environment: sandbox}\n"
        "    reason: sandboxes are rebuilt nightly\n"
        "    owner: platform\n"
    )
    report = tmp_path / "live.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "secfound",
            "assess",
            "--endpoint-url",
            moto_server,
            "--region",
            REGION,
            "--mutelist",
            str(mutelist),
            "--no-store",
            "--check",
            SSH,
            "--format",
            f"json:{report}",
        ],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "AWS_MAX_ATTEMPTS": "1"},
        timeout=300,
    )
    findings = {
        f["location"]["arn"].rsplit("/", 1)[-1]: f
        for f in json.loads(report.read_text())["findings"]
        if f["check_id"] == SSH
    }
    assert findings[sandbox]["status"] == "failed"
    assert findings[sandbox]["suppressed"]["by"] == "mutelist"
    assert findings[sandbox]["suppressed"]["reason"] == "sandboxes are rebuilt nightly"
    assert findings[sandbox]["suppressed"]["owner"] == "platform"
    assert "suppressed" not in findings[prod]
    assert done.returncode == 1, done.stderr  # the prod group still fails the run
