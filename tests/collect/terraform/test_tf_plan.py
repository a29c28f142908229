"""Terraform plan JSON: exact values, unknown values, sensitive values, locations in the HCL.

The fixtures follow the documented ``terraform show -json`` format: ``plan/beside`` has the
configuration beside the plan (a local module, and a registry module installed under
``.terraform/modules``); ``plan/alone`` is a plan without its configuration.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tf_helpers import FIXTURES, by_address

from secfound.collect import SourceResult
from secfound.collect.terraform import load_root_module
from secfound.collect.terraform.plan import load_plan
from secfound.collect.terraform.plan_values import Sensitive, split_address
from secfound.errors import TemplateError
from secfound.model.aws.rds import DBInstance
from secfound.model.aws.s3 import Bucket
from secfound.model.aws.sqs import Queue
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved
from secfound.scan import ScanInputs, collect

BESIDE = FIXTURES / "plan" / "beside"


@pytest.fixture(scope="module")
def beside() -> SourceResult:
    return load_plan(BESIDE / "plan.json", root=FIXTURES)


@pytest.fixture(scope="module")
def alone() -> SourceResult:
    return load_plan(FIXTURES / "plan" / "alone" / "tfplan.json", root=FIXTURES)


def test_values_hcl_cannot_know_are_exact(beside: SourceResult) -> None:
    planned = by_address(beside)
    hcl = by_address(load_root_module(BESIDE, root=FIXTURES))
    bucket = planned["aws_s3_bucket.logs[1]"]
    assert isinstance(bucket, Bucket) and bucket.name == "logs-prod-1"
    from_hcl = hcl["aws_s3_bucket.logs[1]"]
    assert isinstance(from_hcl, Bucket) and isinstance(from_hcl.name, Unresolved)


def test_count_and_for_each_instances_keep_terraform_addresses(beside: SourceResult) -> None:
    assert set(by_address(beside)) == {
        "aws_kms_key.jobs",
        "aws_s3_bucket.logs[0]",
        "aws_s3_bucket.logs[1]",
        'aws_sqs_queue.jobs["a"]',
        'aws_sqs_queue.jobs["b"]',
        "module.remote.aws_s3_bucket.this",
        "module.store.aws_sqs_queue.this",
    }


def test_joins_follow_unknown_references_to_the_same_instance(beside: SourceResult) -> None:
    # bucket = aws_s3_bucket.logs[count.index].id is unknown in the plan: the configuration's
    # references say which bucket, as in HCL.
    for index in (0, 1):
        bucket = by_address(beside)[f"aws_s3_bucket.logs[{index}]"]
        assert isinstance(bucket, Bucket) and bucket.versioning_enabled is True
    assert not any("not merged" in n for n in beside.notices)


def test_unknown_configured_value_is_unresolved_identifier(beside: SourceResult) -> None:
    queue = by_address(beside)['aws_sqs_queue.jobs["a"]']
    assert isinstance(queue, Queue)
    assert isinstance(queue.kms_key_id, Unresolved)
    assert queue.kms_key_id.identifier
    assert queue.kms_key_id.expression == "aws_kms_key.jobs.arn"
    assert queue.sqs_managed_sse_enabled is False


def test_computed_values_the_configuration_leaves_out_keep_model_defaults(
    beside: SourceResult,
) -> None:
    # sqs_managed_sse_enabled is unknown in the plan but not written: the provider's default.
    queue = by_address(beside)['aws_sqs_queue.jobs["b"]']
    assert isinstance(queue, Queue)
    assert queue.kms_key_id is None
    assert queue.sqs_managed_sse_enabled is True
    assert "sqs_managed_sse_enabled" not in queue.properties


def test_unknown_without_configuration_is_unresolved(alone: SourceResult) -> None:
    group = by_address(alone)["aws_security_group.web"]
    vpc_id = group.properties["vpc_id"]
    assert isinstance(vpc_id, Unresolved) and vpc_id.identifier
    assert vpc_id.expression == "aws_security_group.web.vpc_id"


def test_locations_point_into_the_hcl_beside_the_plan(beside: SourceResult) -> None:
    resources = by_address(beside)
    assert resources['aws_sqs_queue.jobs["a"]'].location == FileLocation(
        path="plan/beside/main.tf", line=23, column=1, end_line=27
    )
    store = resources["module.store.aws_sqs_queue.this"].location
    assert isinstance(store, FileLocation)
    assert (store.path, store.line) == ("plan/beside/modules/queue/main.tf", 5)
    remote = resources["module.remote.aws_s3_bucket.this"].location
    assert isinstance(remote, FileLocation)
    assert (remote.path, remote.line) == ("plan/beside/.terraform/modules/remote/main.tf", 1)


def test_without_configuration_the_plan_file_is_the_location(alone: SourceResult) -> None:
    for resource in alone.resources:
        assert resource.location == FileLocation(path="plan/alone/tfplan.json")


def test_deleted_resources_and_data_sources_are_not_checked(alone: SourceResult) -> None:
    assert set(by_address(alone)) == {
        "aws_security_group.web",
        'module.db["main"].aws_db_instance.this',
    }


def test_sensitive_values_are_kept_but_never_printed(alone: SourceResult) -> None:
    db = by_address(alone)['module.db["main"].aws_db_instance.this']
    assert isinstance(db, DBInstance)
    password = db.properties["password"]
    assert isinstance(password, Sensitive) and password == "hunter2-but-longer"
    assert "hunter2" not in f"{password} {password!r} {password:>20} {db.properties}"
    assert db.kms_key_id is None  # "" is how providers record an unset string


def test_scan_routes_plans_and_skips_the_hcl_they_stand_for(tmp_path: Path) -> None:
    shutil.copytree(BESIDE, tmp_path / "stack")
    (tmp_path / ".git").mkdir()
    (tmp_path / "template.json").write_text(json.dumps({"Resources": {}}))
    collected = collect(ScanInputs(paths=(tmp_path,)))
    kinds = sorted((r.kind, r.root) for r in collected.results)
    assert kinds == [("cloudformation", "template.json"), ("terraform-plan", "stack/plan.json")]
    # Without the plan, the same folder is evaluated from its HCL.
    (tmp_path / "stack" / "plan.json").unlink()
    collected = collect(ScanInputs(paths=(tmp_path,)))
    assert sorted(r.kind for r in collected.results) == ["cloudformation", "terraform"]


def test_a_json_file_with_plan_words_but_not_a_plan_is_a_template_candidate(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    text = json.dumps({"Resources": {}, "Metadata": {"format_version": "planned_values"}})
    (tmp_path / "t.json").write_text(text)
    collected = collect(ScanInputs(paths=(tmp_path,)))
    assert [r.kind for r in collected.results] == ["cloudformation"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format_version": "2.0", "planned_values": {}}', "unsupported plan format_version"),
        ('{"format_version": "1.2", "planned_values": {', "not JSON"),
    ],
)
def test_bad_plans_are_input_errors(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "plan.json").write_text(text)
    collected = collect(ScanInputs(paths=(tmp_path,)))
    assert not collected.results
    assert [message in e.message for e in collected.errors] == [True]
    with pytest.raises(TemplateError):
        load_plan(tmp_path / "plan.json", root=tmp_path)


def test_module_addresses_with_awkward_keys() -> None:
    address = 'module.a["x].y"].module.b[2].aws_s3_bucket.c[0]'
    assert split_address(address) == ('module.a["x].y"].module.b[2].', ("a", "b"))
    assert split_address("aws_s3_bucket.c") == ("", ())


def test_a_sensitive_value_from_a_reference_is_not_a_literal(tmp_path: Path) -> None:
    resource = {
        "address": "aws_db_instance.db",
        "mode": "managed",
        "type": "aws_db_instance",
        "name": "db",
        "values": {"identifier": "db", "password": "from-tfvars-secret", "username": "admin"},
        "sensitive_values": {"password": True, "username": True},
    }
    expressions = {
        "password": {"references": ["var.db_password"]},
        "username": {"constant_value": "admin"},
    }
    plan = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": [resource]}},
        "configuration": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_db_instance.db",
                        "mode": "managed",
                        "type": "aws_db_instance",
                        "name": "db",
                        "expressions": expressions,
                    }
                ]
            }
        },
    }
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    (db,) = load_plan(tmp_path / "plan.json", root=tmp_path).resources
    password = db.properties["password"]
    assert isinstance(password, Unresolved)
    assert password.expression == "aws_db_instance.db.password (sensitive)"
    assert isinstance(db.properties["username"], Sensitive)


def test_the_secrets_check_does_not_print_a_sensitive_value(alone: SourceResult) -> None:
    from secfound.checks.registry import builtin_registry
    from secfound.engine import evaluate

    findings = evaluate(builtin_registry(), [alone]).findings
    secrets = [f for f in findings if f.check_id.endswith("hard_coded_secrets")]
    assert any(f.status == "failed" for f in secrets)  # no configuration: it may be a literal
    # The check's own mask (at most 4 characters and the length) is all that shows.
    assert not any("hunter2" in f.message for f in findings)
