"""AWS managed KMS keys read live are held as ``None``, as the templates hold a data store
that names no key (``secfound.collect.live.managed_keys``); a customer managed key stays
the key. One ``kms:ListAliases`` per account and region serves every collector; a denied
lookup leaves named keys unresolved, one gap, and never a pass."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from live_env import REGION
from live_faults import fail_calls
from live_parity import run_collectors

from secfound.checks.registry import builtin_registry
from secfound.collect.cloudformation import load_template
from secfound.engine import evaluate
from secfound.model.values import Unresolved

Create = Callable[[str, str], None]  # (name, key ARN or "") -> creates one resource


def _managed_arn(monkeypatch: pytest.MonkeyPatch, alias: str) -> str:
    """A key that ``ListAliases`` names ``alias/aws/<alias>``, as AWS names the key it
    manages for a service. (A fixture quirk: moto lists some AWS managed aliases, but their
    keys do not exist and its services refuse them; the alias is pointed at a real key.)"""
    from botocore.client import BaseClient

    key = boto3.client("kms", region_name=REGION).create_key()["KeyMetadata"]
    real = BaseClient._make_api_call

    def call(self: Any, operation: str, params: Any) -> Any:
        answer = real(self, operation, params)
        if operation == "ListAliases":
            name = f"alias/aws/{alias}"
            entries = answer.setdefault("Aliases", [])
            entries[:] = [e for e in entries if e.get("AliasName") != name]
            entries.append({"AliasName": name, "TargetKeyId": key["KeyId"]})
        return answer

    monkeypatch.setattr(BaseClient, "_make_api_call", call)
    return str(key["Arn"])


def _customer_key() -> str:
    return str(boto3.client("kms", region_name=REGION).create_key()["KeyMetadata"]["Arn"])


def _key(key: str) -> dict[str, str]:
    return {"KmsKeyId": key} if key else {}


def _rds(name: str, key: str) -> None:
    boto3.client("rds", region_name=REGION).create_db_instance(
        DBInstanceIdentifier=name,
        Engine="postgres",
        DBInstanceClass="db.t3.micro",
        MasterUsername="admin_user",
        MasterUserPassword="not-a-real-password-1",
        AllocatedStorage=20,
        StorageEncrypted=True,
        **_key(key),
    )


def _efs(name: str, key: str) -> None:
    boto3.client("efs", region_name=REGION).create_file_system(
        CreationToken=name, Encrypted=True, **_key(key)
    )


def _redshift(name: str, key: str) -> None:
    boto3.client("redshift", region_name=REGION).create_cluster(
        ClusterIdentifier=name,
        NodeType="ra3.xlplus",
        MasterUsername="admin",
        MasterUserPassword="NotReal-Password-1",
        Encrypted=True,
        **_key(key),
    )


def _opensearch(name: str, key: str) -> None:
    boto3.client("opensearch", region_name=REGION).create_domain(
        DomainName=name, EncryptionAtRestOptions={"Enabled": True, **_key(key)}
    )


def _elasticache(name: str, key: str) -> None:
    boto3.client("elasticache", region_name=REGION).create_replication_group(
        ReplicationGroupId=name,
        ReplicationGroupDescription=name,
        Engine="redis",
        CacheNodeType="cache.t3.micro",
        AtRestEncryptionEnabled=True,
        **_key(key),
    )


def _ecr(name: str, key: str) -> None:
    boto3.client("ecr", region_name=REGION).create_repository(
        repositoryName=name,
        encryptionConfiguration={"encryptionType": "KMS", **({"kmsKey": key} if key else {})},
    )


def _secret(name: str, key: str) -> None:
    boto3.client("secretsmanager", region_name=REGION).create_secret(
        Name=name, SecretString="not-a-secret", **_key(key)
    )


# service: (collector, aws/<alias>, create, CloudFormation type, properties, key property)
SERVICES: dict[str, tuple[str, str, Create, str, str, str]] = {
    "rds": (
        "rds.db_instances",
        "rds",
        _rds,
        "AWS::RDS::DBInstance",
        "{Engine: postgres, DBInstanceClass: db.t3.micro, StorageEncrypted: true%s}",
        "KmsKeyId",
    ),
    "efs": ("efs.file_systems", "elasticfilesystem", _efs, "AWS::EFS::FileSystem",
            "{Encrypted: true%s}", "KmsKeyId"),
    "redshift": ("redshift.clusters", "redshift", _redshift, "AWS::Redshift::Cluster",
                 "{NodeType: ra3.xlplus, Encrypted: true%s}", "KmsKeyId"),
    "opensearch": ("opensearch.domains", "es", _opensearch, "AWS::OpenSearchService::Domain",
                   "{EncryptionAtRestOptions: {Enabled: true%s}}", "KmsKeyId"),
    "elasticache": ("elasticache.replication_groups", "elasticache", _elasticache,
                    "AWS::ElastiCache::ReplicationGroup",
                    "{Engine: redis, AtRestEncryptionEnabled: true%s}", "KmsKeyId"),
    "ecr": ("ecr.repositories", "ecr", _ecr, "AWS::ECR::Repository",
            "{EncryptionConfiguration: {EncryptionType: KMS%s}}", "KmsKey"),
    "secretsmanager": ("secretsmanager.secrets", "secretsmanager", _secret,
                       "AWS::SecretsManager::Secret", "{Name: x%s}", "KmsKeyId"),
}  # fmt: skip


def _template_keys(tmp_path: Path, kind: str, properties: str, prop: str, key: str) -> list[Any]:
    """The ``kms_key_id`` of a template's two resources: one naming no key (AWS's), one
    naming ``key``."""
    template = tmp_path / "template.yaml"
    template.write_text(
        "Resources:\n"
        f"  Managed: {{Type: {kind}, Properties: {properties % ''}}}\n"
        f"  Customer: {{Type: {kind}, Properties: {properties % f', {prop}: {key!r}'}}}\n"
    )
    result = load_template(template, root=tmp_path)
    assert not result.errors, result.errors
    return [r.kms_key_id for r in sorted(result.resources, key=lambda r: r.address)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_an_aws_managed_key_is_none_and_a_customer_key_is_the_key(
    aws: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, service: str
) -> None:
    collector, alias, create, kind, properties, prop = SERVICES[service]
    managed, customer = _managed_arn(monkeypatch, alias), _customer_key()
    create("managed-store", managed)
    create("customer-store", customer)
    run = run_collectors(collector)
    live = sorted(
        (r.kms_key_id for unit in run.results for r in unit.resources),  # type: ignore[attr-defined]
        key=lambda k: k or "",
    )
    assert live == [None, customer]
    # what the templates hold: Customer names the key, Managed names none
    assert _template_keys(tmp_path, kind, properties, prop, customer) == [customer, None]
    assert run.gaps == ()
    assert run.calls_by_operation["kms:ListAliases"] == 1


def test_one_alias_lookup_serves_every_collector_of_a_region(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _rds("db", _managed_arn(monkeypatch, "rds"))
    _efs("fs", _managed_arn(monkeypatch, "elasticfilesystem"))
    _secret("token", _customer_key())
    run = run_collectors("rds.db_instances", "efs.file_systems", "secretsmanager.secrets")
    assert run.calls_by_operation["kms:ListAliases"] == 1
    assert run.gaps == ()


def test_a_trail_keeps_its_customer_key(aws: None) -> None:
    key = _customer_key()
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="trail-logs-bucket")
    boto3.client("cloudtrail", region_name=REGION).create_trail(
        Name="main", S3BucketName="trail-logs-bucket", KmsKeyId=key
    )
    run = run_collectors("cloudtrail.trails")
    (trail,) = [r for unit in run.results for r in unit.resources]
    assert trail.kms_key_id == key  # type: ignore[attr-defined]


def test_a_key_named_by_a_customer_alias_needs_no_lookup(aws: None) -> None:
    kms = boto3.client("kms", region_name=REGION)
    kms.create_alias(AliasName="alias/app", TargetKeyId=kms.create_key()["KeyMetadata"]["KeyId"])
    _secret("token", "alias/app")
    run = run_collectors("secretsmanager.secrets")
    (secret,) = [r for unit in run.results for r in unit.resources]
    assert secret.kms_key_id == "alias/app"  # type: ignore[attr-defined]
    assert "kms:ListAliases" not in run.calls_by_operation


def test_a_denied_lookup_is_unresolved_one_gap_and_never_a_pass(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    managed = _managed_arn(monkeypatch, "secretsmanager")
    _secret("managed", managed)
    _secret("customer", _customer_key())
    _rds("db", _managed_arn(monkeypatch, "rds"))
    fail_calls(monkeypatch, "ListAliases", code="AccessDeniedException", message="not allowed")
    run = run_collectors("secretsmanager.secrets", "rds.db_instances")
    keys = [r.kms_key_id for unit in run.results for r in unit.resources]  # type: ignore[attr-defined]
    assert len(keys) == 3 and all(isinstance(k, Unresolved) for k in keys)
    assert any(managed in k.expression for k in keys)
    assert [(g.service, g.reason) for g in run.gaps] == [
        ("kms", "kms:ListAliases: AccessDeniedException: not allowed")
    ]
    findings = evaluate(builtin_registry(), run.results).findings
    statuses = {
        f.status.value
        for f in findings
        if f.check_id == "aws.secretsmanager.secret_encrypted_with_kms_key"
    }
    assert statuses == {"unknown"}
