"""A user's own account blueprint: ``--blueprint FILE`` on ``assess`` and ``services``, and
``blueprint: FILE`` in .secfound.yaml, judged in-process against moto.

The blueprint decides which security services fail where they are off (BP08) and what the
organization is judged against (BP01); a bad file ends the command with exit 2 at its line,
before any AWS call.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner, Result
from live_env import ACCOUNT, OTHER_REGION, REGION

from secfound.cli.main import main

MACIE = "aws.services.macie_enabled"
INSPECTOR = "aws.services.inspector_enabled"
GUARDRAILS = "aws.organizations.guardrail_scps_attached"
# Expects Macie, and no longer Inspector (what the default blueprint expects instead).
MACIE_NOT_INSPECTOR = """\
version: 1
security_services:
  expected: [guardduty, macie]
  optional: [inspector]
"""
# A region restriction to eu-west-1, allowing what is global.
REGION_SCP = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Deny",
            "NotAction": ["iam:*", "organizations:*", "sts:*", "support:*"],
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": [OTHER_REGION]}},
        }
    ],
}


@pytest.fixture(autouse=True)
def _no_configured_db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SECFOUND_DB", raising=False)
    monkeypatch.chdir(tmp_path)  # no .secfound.yaml of the checkout is found


def _cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _assess(tmp_path: Path, *args: str, checks: tuple[str, ...]) -> tuple[Result, list[Any]]:
    """``assess`` of moto's account in one region; the findings of ``checks``."""
    out = tmp_path / "findings.json"
    selected = [option for check in checks for option in ("--check", check)]
    done = _cli(
        "assess",
        "--region",
        REGION,
        "--no-store",
        "--fail-on",
        "never",
        "--format",
        f"json:{out}",
        *selected,
        *args,
    )
    assert done.exit_code == 0, done.output
    return done, json.loads(out.read_text())["findings"]


def _macie_off() -> None:
    # moto says a session is ENABLED until one is enabled and disabled (AWS: off).
    macie = boto3.client("macie2", region_name=REGION)
    macie.enable_macie()
    macie.disable_macie()


def _statuses(findings: list[Any]) -> dict[str, str]:
    return {f["check_id"]: f["status"] for f in findings}


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- which services are expected ---------------------------------------------------------


def test_the_default_blueprint_expects_inspector_not_macie(aws: None, tmp_path: Path) -> None:
    _macie_off()
    _, findings = _assess(tmp_path, checks=(MACIE, INSPECTOR))
    assert _statuses(findings) == {INSPECTOR: "failed"}  # Macie is optional: no finding


def test_a_blueprint_that_expects_macie_fails_where_it_is_off(aws: None, tmp_path: Path) -> None:
    _macie_off()
    blueprint = _write(tmp_path / "blueprint.yaml", MACIE_NOT_INSPECTOR)
    done, findings = _assess(tmp_path, "--blueprint", str(blueprint), checks=(MACIE, INSPECTOR))
    # Inspector is off here too, but the blueprint no longer expects it: no failure.
    assert _statuses(findings) == {MACIE: "failed"}
    (macie,) = findings
    assert macie["location"] == {"account": ACCOUNT, "region": REGION, "arn": None}
    assert "where the blueprint expects it" in macie["message"]
    # Which file judged the run, and its content's hash, are said on stderr.
    digest = hashlib.sha256(blueprint.read_bytes()).hexdigest()
    assert f"secfound: blueprint {blueprint.resolve()} (sha256 {digest})" in done.stderr


def test_the_configuration_file_names_the_blueprint(aws: None, tmp_path: Path) -> None:
    _macie_off()
    _write(tmp_path / "blueprints" / "ours.yaml", MACIE_NOT_INSPECTOR)
    config = _write(
        tmp_path / "settings" / ".secfound.yaml", "blueprint: ../blueprints/ours.yaml\n"
    )
    _, findings = _assess(tmp_path, "--config", str(config), checks=(MACIE, INSPECTOR))
    assert _statuses(findings) == {MACIE: "failed"}


def test_services_marks_what_the_blueprint_expects(aws: None, tmp_path: Path) -> None:
    blueprint = _write(tmp_path / "blueprint.yaml", MACIE_NOT_INSPECTOR)
    args = ("services", "--region", REGION, "--blueprint", str(blueprint))
    done = _cli(*args, "--format", "json")
    assert done.exit_code == 0, done.output
    document = json.loads(done.stdout)
    assert document["blueprint"] == str(blueprint.resolve())
    expected = {s["id"] for s in document["services"] if s["expected"]}
    assert expected == {"guardduty", "macie"}
    cells = {(c["region"], c["service"]): c for c in document["inventory"]}
    assert cells[(REGION, "macie")]["expected"] is True
    assert cells[(REGION, "inspector")]["expected"] is False
    table = _cli(*args)
    assert table.exit_code == 0, table.output
    header = table.stdout.splitlines()[0].split()
    assert "macie*" in header and "inspector" in header and "securityhub" in header


# --- the organization section ------------------------------------------------------------


def _organization_restricted_to_eu_west_1() -> None:
    """moto's account as management account, a member, and a region SCP at the root."""
    org = boto3.client("organizations", region_name=REGION)
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    org.create_account(AccountName="shop-prod", Email="shop-prod@example.com")
    org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    policy = org.create_policy(
        Content=json.dumps(REGION_SCP),
        Description="regions",
        Name="regions",
        Type="SERVICE_CONTROL_POLICY",
    )["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=policy, TargetId=root)


@pytest.mark.parametrize(
    ("regions", "status"),
    [("[eu-west-1]", "passed"), ("[eu-central-1]", "failed")],
)
def test_the_organization_section_names_the_regions(
    aws: None, tmp_path: Path, regions: str, status: str
) -> None:
    _organization_restricted_to_eu_west_1()
    blueprint = _write(
        tmp_path / "org.yaml",
        f"version: 1\norganization:\n  guardrails: []\n  regions: {regions}\n",
    )
    _, findings = _assess(tmp_path, "--blueprint", str(blueprint), "-q", checks=(GUARDRAILS,))
    (finding,) = findings
    assert finding["status"] == status, finding["message"]
    if status == "failed":
        assert "deny-outside-regions" in finding["message"]
        assert "eu-central-1" in finding["message"]


def test_without_regions_no_region_restriction_is_judged(aws: None, tmp_path: Path) -> None:
    _organization_restricted_to_eu_west_1()
    _, findings = _assess(tmp_path, "-q", checks=(GUARDRAILS,))
    (finding,) = findings  # the default guardrails, which this SCP does not hold
    assert finding["status"] == "failed"
    assert "deny-outside-regions" not in finding["message"]


# --- bad files: exit 2 at the line, before any AWS call ---------------------------------


@pytest.fixture
def no_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any assessment started is a test failure: errors must come first."""
    from secfound.collect.live import assess as assess_module

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("AWS was called before the blueprint was validated")

    monkeypatch.setattr(assess_module, "assess", refuse)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "version: 1\nsecurity_services:\n  expected:\n    - guardduty\n    - macei\n",
            5,
            "unknown security service 'macei'; the catalog has guardduty",
        ),
        (
            "version: 1\nsecurity_services:\n  expected: [macie]\n  optional: [macie]\n",
            4,
            "security service 'macie' is already expected",
        ),
        ("version: 1\norganization:\n  regions: [Europe]\n", 3, "'Europe' is not a region"),
        ("version: 1\ncolour: blue\n", 2, "colour"),
        ("version: 2\n", 1, "version"),
        ("version: 1\nsecurity_services: [guardduty\n", None, "not valid YAML"),
    ],
)
@pytest.mark.parametrize("command", ["assess", "services"])
def test_a_bad_blueprint_is_exit_2_at_its_line(
    no_aws: None, tmp_path: Path, command: str, text: str, line: int | None, message: str
) -> None:
    blueprint = _write(tmp_path / "bad.yaml", text)
    done = _cli(command, "--region", REGION, "--blueprint", str(blueprint))
    assert done.exit_code == 2, done.output
    where = f"{blueprint.resolve()}:{line}" if line is not None else str(blueprint.resolve())
    assert f"secfound: error: {where}" in done.stderr
    assert message in done.stderr


def test_the_option_wins_over_the_configuration_file(no_aws: None, tmp_path: Path) -> None:
    _write(tmp_path / "good.yaml", MACIE_NOT_INSPECTOR)
    bad = _write(tmp_path / "bad.yaml", "version: 1\nsecurity_services: {expected: [nope]}\n")
    config = _write(tmp_path / ".secfound.yaml", "blueprint: good.yaml\n")
    done = _cli("assess", "--config", str(config), "--blueprint", str(bad))
    assert done.exit_code == 2, done.output
    assert f"{bad.resolve()}:2" in done.stderr and "'nope'" in done.stderr


def test_a_missing_file_named_by_the_configuration_is_exit_2(no_aws: None, tmp_path: Path) -> None:
    config = _write(tmp_path / ".secfound.yaml", "blueprint: blueprints/none.yaml\n")
    done = _cli("services", "--config", str(config))
    assert done.exit_code == 2, done.output
    assert str((tmp_path / "blueprints" / "none.yaml").resolve()) in done.stderr
    assert f"named by 'blueprint:' in {config}" in done.stderr


def test_a_missing_option_file_is_a_usage_error(no_aws: None, tmp_path: Path) -> None:
    done = _cli("assess", "--blueprint", str(tmp_path / "none.yaml"))
    assert done.exit_code == 2
    assert "does not exist" in done.stderr


def test_an_empty_blueprint_key_is_a_config_error(no_aws: None, tmp_path: Path) -> None:
    config = _write(tmp_path / ".secfound.yaml", "db: sqlite://\nblueprint: ''\n")
    done = _cli("assess", "--config", str(config))
    assert done.exit_code == 2, done.output
    assert f"{config}:2" in done.stderr
