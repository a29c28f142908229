"""The mutelist: live findings muted by check, account, region, resource ARN and tags,
from ``.secfound.yaml`` or a file of its own; errors at file:line."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from secfound.checks import Severity, Status
from secfound.checks.registry import builtin_registry
from secfound.config import Config, MuteRule, load_config
from secfound.config_schema import load_mutelist
from secfound.errors import ConfigError
from secfound.findings import Finding, ResourceRef, fingerprint
from secfound.model.location import CloudLocation, FileLocation, Location
from secfound.suppress.apply import suppress_run

SSH = "aws.ec2.security_group_no_ssh_from_internet"
SANDBOX_GROUP = "arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1"
PROD_GROUP = "arn:aws:ec2:eu-west-1:222222222222:security-group/sg-2"


def _finding(address: str, location: Location, check: str = SSH) -> Finding:
    ref = ResourceRef(type="AWS::EC2::SecurityGroup", address=address)
    return Finding(
        check_id=check,
        status=Status.FAILED,
        severity=Severity.HIGH,
        message="port 22 open to the internet",
        resource=ref,
        location=location,
        fingerprint=fingerprint(check, ref, location),
    )


def _live(arn: str) -> Finding:
    _, _, _, region, account, _ = arn.split(":", 5)
    return _finding(arn, CloudLocation(account=account, region=region, arn=arn))


def _muted(
    rules: tuple[MuteRule, ...], findings: list[Finding], tags: dict[str, dict[str, str]]
) -> list[str | None]:
    outcome = suppress_run(
        findings,
        annotations={},
        roots=[],
        tags=tags,
        registry=builtin_registry(),
        config=Config(mutelist=rules),
        baseline=None,
        today=date.today(),
    )
    return [f.suppressed.by if f.suppressed else None for f in outcome.findings]


def test_a_rule_mutes_by_tag_and_keeps_the_finding_visible() -> None:
    rule = MuteRule(check=SSH, reason="sandbox", tags=(("Environment", "sand*"),), owner="sec")
    tags = {SANDBOX_GROUP: {"Environment": "sandbox"}, PROD_GROUP: {"Environment": "prod"}}
    findings = [_live(SANDBOX_GROUP), _live(PROD_GROUP)]
    outcome = suppress_run(
        findings,
        annotations={},
        roots=[],
        tags=tags,
        registry=builtin_registry(),
        config=Config(mutelist=(rule,)),
        baseline=None,
        today=date.today(),
    )
    sandbox, prod = outcome.findings
    assert sandbox.suppressed is not None
    assert (sandbox.suppressed.by, sandbox.suppressed.reason) == ("mutelist", "sandbox")
    assert sandbox.suppressed.owner == "sec"
    assert prod.suppressed is None


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (MuteRule(check=SSH, reason="r", accounts=("111111111111",)), ["mutelist", None]),
        (MuteRule(check=SSH, reason="r", regions=("us-*",)), [None, None]),
        (MuteRule(check=SSH, reason="r", resources=("*:security-group/sg-2",)), [None, "mutelist"]),
        (MuteRule(check="aws.ec2.*", reason="r"), ["mutelist", "mutelist"]),
        (MuteRule(check="aws.s3.*", reason="r"), [None, None]),
        (MuteRule(check=SSH, reason="r", tags=(("Team", "*"),)), [None, None]),
    ],
)
def test_accounts_regions_resources_and_checks_narrow_a_rule(
    rule: MuteRule, expected: list[str | None]
) -> None:
    findings = [_live(SANDBOX_GROUP), _live(PROD_GROUP)]
    assert _muted((rule,), findings, {}) == expected


def test_template_findings_are_never_muted() -> None:
    iac = _finding("AppGroup", FileLocation(path="app.yaml", line=3))
    assert _muted((MuteRule(check=SSH, reason="r"),), [iac], {}) == [None]


def test_an_expired_rule_mutes_nothing() -> None:
    expired = MuteRule(check=SSH, reason="r", until=date.today() - timedelta(days=1))
    assert _muted((expired,), [_live(SANDBOX_GROUP)], {}) == [None]


def test_mutelist_in_the_configuration_file(tmp_path: Path) -> None:
    path = tmp_path / ".secfound.yaml"
    path.write_text(
        "mutelist:\n"
        f"  - check: {SSH}\n"
        "    accounts: [111111111111]\n"
        "    tags: {Environment: sandbox}\n"
        "    reason: sandboxes are rebuilt nightly\n"
        "    until: 2099-01-31\n"
    )
    (rule,) = load_config(path).mutelist
    assert rule.accounts == ("111111111111",)
    assert rule.tags == (("Environment", "sandbox"),)
    assert rule.until == date(2099, 1, 31)
    assert (rule.line, rule.source) == (2, path)


def test_mutelist_in_its_own_file(tmp_path: Path) -> None:
    (tmp_path / "mute.yaml").write_text(
        f"mutelist:\n  - check: {SSH}\n    regions: [eu-west-1]\n    reason: accepted\n"
    )
    (tmp_path / ".secfound.yaml").write_text("mutelist: mute.yaml\n")
    (rule,) = load_config(tmp_path / ".secfound.yaml").mutelist
    assert (rule.regions, rule.source, rule.line) == (("eu-west-1",), tmp_path / "mute.yaml", 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"mutelist:\n  - check: {SSH}\n    reason: ' '\n", r"mute\.yaml:3: .*reason is required"),
        (
            f"mutelist:\n  - check: {SSH}\n    reason: r\n    acounts: [1]\n",
            r"mute\.yaml:4: .*acounts",
        ),
        ("mutelist:\n  - reason: r\n", r"mute\.yaml:2: .*check"),
        ("- just a list\n", r"mute\.yaml:1: a mutelist file is a mapping"),
    ],
)
def test_a_broken_mutelist_file_says_where(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mute.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_mutelist(path)


def test_a_rule_naming_no_check_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mute.yaml"
    path.write_text("mutelist:\n  - check: aws.ec2.no_such_check\n    reason: r\n")
    rules = load_mutelist(path)
    with pytest.raises(ConfigError, match=r"mute\.yaml:2: 'aws\.ec2\.no_such_check' matches no"):
        _muted(rules, [_live(SANDBOX_GROUP)], {})


def test_a_missing_mutelist_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / ".secfound.yaml").write_text("mutelist: nowhere.yaml\n")
    with pytest.raises(ConfigError, match=r"nowhere\.yaml: the mutelist file does not exist"):
        load_config(tmp_path / ".secfound.yaml")
