"""SAM templates: expanded with aws-sam-translator, offline, findings at the SAM lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from secfound.checks.registry import builtin_registry
from secfound.collect import SourceResult
from secfound.engine import evaluate
from secfound.errors import TemplateError
from secfound.model.aws.sqs import Queue
from secfound.model.location import FileLocation

from .conftest import TEMPLATES, by_address, load


@pytest.fixture(scope="module")
def result() -> SourceResult:
    return load("sam/function.yaml")


def test_generated_resources_keep_their_logical_ids(result: SourceResult) -> None:
    types = {r.address: r.resource_type for r in result.resources}
    assert types["Worker"] == "AWS::Lambda::Function"
    assert types["WorkerRole"] == "AWS::IAM::Role"
    assert types["ServerlessRestApiProdStage"] == "AWS::ApiGateway::Stage"
    assert types["ApiRole"] == "AWS::IAM::Role"
    assert not any("Transform" in n for n in result.notices)


def test_generated_resources_sit_at_the_sam_resource_line(result: SourceResult) -> None:
    lines = {r.address: r.location.line for r in result.resources}  # type: ignore[union-attr]
    assert lines["Worker"] == lines["WorkerRole"] == 11
    # The implicit API belongs to the function whose Api event asked for it.
    assert lines["ApiRole"] == lines["ServerlessRestApiProdStage"] == 27


def test_plain_resources_keep_their_own_lines(result: SourceResult) -> None:
    queue = by_address(result)["Jobs"]
    assert isinstance(queue, Queue) and queue.sqs_managed_sse_enabled is False
    assert queue.location == FileLocation(path="sam/function.yaml", line=6, column=3, end_line=9)


def test_checks_judge_the_expanded_template(result: SourceResult) -> None:
    findings = evaluate(builtin_registry(), [result]).findings
    failed = {
        (f.check_id, f.resource.address, getattr(f.location, "line", None))
        for f in findings
        if f.status == "failed"
    }
    assert ("aws.lambda.function_not_publicly_invocable", "Worker", 11) in failed
    assert ("aws.sqs.queue_encrypted_at_rest", "Jobs", 6) in failed


def test_a_translator_failure_is_a_template_error_at_the_resource() -> None:
    with pytest.raises(TemplateError) as caught:
        load("sam/broken.yaml")
    assert "SAM transform failed" in caught.value.message
    assert "[Worker]" in caught.value.message
    assert caught.value.line == 6


def test_sar_applications_fail_without_network(tmp_path: Path) -> None:
    (tmp_path / "app.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\n"
        "Resources:\n"
        "  App:\n"
        "    Type: AWS::Serverless::Application\n"
        "    Properties:\n"
        "      Location:\n"
        "        ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/x\n"
        "        SemanticVersion: 1.0.0\n"
    )
    from secfound.collect.cloudformation import load_template

    with pytest.raises(TemplateError, match="SAM transform failed"):
        load_template(tmp_path / "app.yaml", root=tmp_path)


SCRIPT = """
import json, sys
from pathlib import Path
from secfound.collect.cloudformation import load_template
load_template(Path(sys.argv[1]), root=Path(sys.argv[1]).parent)
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("samtranslator", "boto")))))
"""


@pytest.mark.parametrize(("name", "loaded"), [("plain.yaml", False), ("sam/function.yaml", True)])
def test_the_translator_is_imported_only_for_sam_templates(
    tmp_path: Path, name: str, loaded: bool
) -> None:
    path = TEMPLATES / name
    if name == "plain.yaml":
        path = tmp_path / name
        path.write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path)], capture_output=True, text=True, check=True
    )
    modules = json.loads(done.stdout)
    assert ("samtranslator" in modules) is loaded
    assert ("boto3" in modules) is loaded
