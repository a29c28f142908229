"""Fixtures of the report tests; the data behind them is in ``report_samples``."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from report_samples import (
    TOOLS,
    SarifTools,
    find_sarif_tools,
    sample_live_report,
    sample_report,
    sarif_validator,
)

from secfound.report.model import RunReport


@pytest.fixture
def report() -> RunReport:
    return sample_report()


@pytest.fixture
def live_report() -> RunReport:
    return sample_live_report()


@pytest.fixture(scope="session")
def sarif_tools() -> SarifTools:
    """The validator; skipped when absent on a developer's machine, an error in CI."""
    tools = find_sarif_tools()
    if tools is None:
        message = f"@microsoft/sarif-multitool is not installed under {TOOLS} (make sarif-tools)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + "; CI must validate SARIF", pytrace=False)
        pytest.skip(message)
    return tools


@pytest.fixture(scope="session")
def validate_sarif(sarif_tools: SarifTools) -> Callable[..., None]:
    """``validate_sarif(*paths)``: schema and multitool checks, one validator process."""
    return sarif_validator(sarif_tools)
