"""The blueprint's organization section: defaults, adaptation, and errors at file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from secfound.controls.blueprint import load_blueprint
from secfound.errors import ConfigError
from secfound.model.aws.organizations import GUARDRAILS, ExpectedOU, OrganizationBlueprint


def _load(tmp_path: Path, text: str) -> OrganizationBlueprint:
    path = tmp_path / "blueprint.yaml"
    path.write_text("version: 1\n" + text)
    return load_blueprint(path).organization


def _error(tmp_path: Path, text: str) -> ConfigError:
    with pytest.raises(ConfigError) as error:
        _load(tmp_path, text)
    return error.value


def test_the_default_follows_the_recommended_structure() -> None:
    organization = load_blueprint().organization
    assert [o.path for o in organization.ous] == [
        "Security",
        "Infrastructure",
        "Workloads/Prod",
        "Workloads/NonProd",
        "Sandbox",
        "PolicyStaging",
        "Suspended",
    ]
    assert organization.ou("security") == ExpectedOU(
        path="Security", accounts=("log-archive", "security-tooling")
    )
    assert organization.guardrails == tuple(GUARDRAILS)
    assert organization.regions == ()
    assert organization == OrganizationBlueprint()


def test_a_blueprint_without_the_section_keeps_the_default(tmp_path: Path) -> None:
    assert _load(tmp_path, "security_services: {expected: [guardduty]}\n") == (
        OrganizationBlueprint()
    )


def test_one_key_adapts_and_the_rest_stays(tmp_path: Path) -> None:
    organization = _load(tmp_path, "organization:\n  regions: [eu-west-1, eu-central-1]\n")
    assert organization.regions == ("eu-west-1", "eu-central-1")
    assert organization.ous == OrganizationBlueprint().ous


def test_placement_is_the_deepest_listed_ou() -> None:
    organization = OrganizationBlueprint()
    assert organization.placement("Workloads/Prod/Payments") == organization.ou("Workloads/Prod")
    assert organization.placement("Workloads") is None
    assert organization.placement("") is None


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("organization:\n  regions: []\n  colour: blue\n", "unknown setting 'colour'", 4),
        (
            "organization:\n  guardrails:\n    - deny-leaving-organization\n    - deny-fun\n",
            "unknown guardrail 'deny-fun'",
            5,
        ),
        ("organization:\n  regions: [eu-west-1, Europe]\n", "'Europe' is not a region", 3),
        (
            "organization:\n  ous:\n    - path: Core\n    - path: core\n",
            "OU 'core' is listed twice",
            5,
        ),
        (
            "organization:\n  ous:\n    - {path: Core, accounts: [audit]}\n"
            "  suspended_ou: Closed\n  security_account: audit\n",
            "suspended_ou 'Closed' is not an OU",
            5,
        ),
        (
            "organization:\n  security_account: auditor\n",
            "security_account 'auditor' is not among the accounts",
            3,
        ),
        (
            "organization:\n  ous:\n    - {path: Core, environment: production}\n",
            "environment",
            4,
        ),
        (
            "organization:\n  delegated_services: [guardduty]\n",
            "'guardduty' is not a service principal",
            3,
        ),
    ],
)
def test_errors_name_the_line(tmp_path: Path, text: str, message: str, line: int) -> None:
    error = _error(tmp_path, text)
    assert message in str(error)
    assert error.line == line
    assert error.path is not None and Path(error.path).name == "blueprint.yaml"
