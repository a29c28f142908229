"""The sample workload's threat model (examples/threatmodel.yaml) names real resources.

A component's evidence is the stored findings on the resources it names; an address the
templates do not produce would leave the component with no evidence, silently. So every
IaC address in the model must be a resource the scan of examples/ reports, and every AWS
component must name its resources in both editions (CloudFormation and Terraform).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from secfound.cli.run import scan_report, settings_from_options
from secfound.config import Config
from secfound.scan import ScanInputs
from secfound.threats.model import ThreatModel
from secfound.threats.schema import load_model

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture(scope="module")
def model() -> ThreatModel:
    return load_model(EXAMPLES / "threatmodel.yaml")


@pytest.fixture(scope="module")
def scanned() -> dict[str, set[str]]:
    """Resource addresses of the scan of each edition, by edition folder."""
    report = scan_report(
        "scan",
        ScanInputs(paths=(EXAMPLES,), root=EXAMPLES),
        settings_from_options(Config(), quiet=True),
    )
    found: dict[str, set[str]] = {}
    for finding in report.findings:
        edition = str(getattr(finding.location, "path", "")).split("/")[0]
        found.setdefault(edition, set()).add(finding.resource.address)
    return found


def test_the_model_covers_the_sample_workload(model: ThreatModel) -> None:
    components = {c.id: c for c in model.components}
    for expected in (
        "load-balancer",
        "web-servers",
        "orders-db",
        "orders-queue",
        "order-processor",
        "payment-api",
    ):
        assert expected in components, expected
    assert components["payment-api"].kind == "external-entity"
    assert not components["payment-api"].resources
    account = next(b for b in model.boundaries if b.kind == "account")
    assert account.aws_id is not None and len(account.aws_id) == 12
    unencrypted = {f.id for f in model.flows if f.encrypted is False}
    assert "load-balancer-to-web-servers" in unencrypted


def test_every_iac_address_is_a_scanned_resource(
    model: ThreatModel, scanned: dict[str, set[str]]
) -> None:
    every = scanned["cloudformation"] | scanned["terraform"]
    for component in model.components:
        iac = [r for r in component.resources if not r.startswith("arn:")]
        assert set(iac) <= every, (component.id, sorted(set(iac) - every))
        if component.resource_type is not None:
            assert set(iac) & scanned["cloudformation"], component.id
            assert set(iac) & scanned["terraform"], component.id
