"""The engine: verdicts become findings; unknown and error are never a pass; context by type."""

from __future__ import annotations

from pathlib import Path

import pytest

from secfound.checks import Status
from secfound.checks.registry import Registry, discover_directory
from secfound.collect import SourceResult
from secfound.engine import evaluate
from secfound.errors import CheckDefinitionError, ConfigError
from secfound.model.aws.account import Account
from secfound.model.aws.s3 import Bucket
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

CHECKS = Path(__file__).parent / "sample_checks"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return discover_directory(CHECKS, namespace="test")


def _bucket(address: str, name: object) -> Bucket:
    return Bucket(address=address, name=name, location=FileLocation(path="t.yaml", line=3))  # type: ignore[arg-type]


def _status(findings, address, check_id):  # type: ignore[no-untyped-def]
    return next(f for f in findings if f.resource.address == address and f.check_id == check_id)


def test_ids_come_from_the_path(registry: Registry) -> None:
    assert sorted(s.id for s in registry) == [
        "test.s3.bucket_matches_account_guard",
        "test.s3.bucket_named",
    ]
    assert registry.canonical_id("test.s3.old_name") == "test.s3.bucket_named"


def test_verdicts_unknown_and_error(registry: Registry) -> None:
    result = SourceResult(
        root="r",
        kind="cloudformation",
        resources=(
            _bucket("Named", "logs"),
            _bucket("Nameless", None),
            _bucket("FromParam", Unresolved("Ref BucketName")),
            _bucket("Broken", "boom"),
        ),
    )
    findings = evaluate(registry, [result]).findings
    check = "test.s3.bucket_named"
    assert _status(findings, "Named", check).status is Status.PASSED
    assert _status(findings, "Nameless", check).status is Status.FAILED
    unknown = _status(findings, "FromParam", check)
    assert unknown.status is Status.UNKNOWN
    assert "Ref BucketName" in unknown.message
    error = _status(findings, "Broken", check)
    assert error.status is Status.ERROR
    assert "the check itself broke" in error.message


def test_context_check_applies_only_with_its_context(registry: Registry) -> None:
    bucket = _bucket("Named", "logs")
    without = evaluate(registry, [SourceResult(root="r", kind="terraform", resources=(bucket,))])
    assert not [f for f in without.findings if "account_guard" in f.check_id]

    account = Account(address="account", s3_block_public_access=False)
    with_account = evaluate(
        registry, [SourceResult(root="r", kind="terraform", resources=(bucket, account))]
    )
    guard = [f for f in with_account.findings if "account_guard" in f.check_id]
    assert [f.status for f in guard] == [Status.FAILED]


def test_fingerprint_ignores_lines_and_aliases(registry: Registry) -> None:
    a = Bucket(address="B", name=None, location=FileLocation(path="x/t.yaml", line=3))
    b = Bucket(address="B", name=None, location=FileLocation(path="x/t.yaml", line=90))
    c = Bucket(address="B", name=None, location=FileLocation(path="y/t.yaml", line=3))
    fps = [
        evaluate(registry, [SourceResult(root="r", kind="cfn", resources=(r,))])
        .findings[0]
        .fingerprint
        for r in (a, b, c)
    ]
    assert fps[0] == fps[1]
    assert fps[0] != fps[2]


def test_select_by_glob_and_alias(registry: Registry) -> None:
    assert [s.id for s in registry.select(["test.s3.old_name"])] == ["test.s3.bucket_named"]
    assert [s.id for s in registry.select([], ["*named"])] == [
        "test.s3.bucket_matches_account_guard"
    ]
    with pytest.raises(ConfigError, match="matches no check"):
        registry.select(["test.s3.nothing_like_this"])


def test_id_collision_is_an_error(registry: Registry) -> None:
    with pytest.raises(CheckDefinitionError, match="collides"):
        registry.merge(discover_directory(CHECKS, namespace="test"))


def test_a_module_without_its_function_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "s3").mkdir()
    (tmp_path / "s3" / "wrong_name.py").write_text(
        '"""Title."""\nfrom secfound.checks import Severity, check, passed\n'
        "from secfound.model.aws.s3 import Bucket\n"
        "@check(severity=Severity.LOW, objectives=['x'])\n"
        "def other(bucket: Bucket):\n    return passed('x')\n"
    )
    with pytest.raises(CheckDefinitionError, match=r"wrong_name\(\)"):
        discover_directory(tmp_path)


def test_model_class_names_shared_by_services_must_be_given_by_type() -> None:
    from secfound.model.catalog import class_for

    assert class_for("Bucket").resource_type == "AWS::S3::Bucket"
    assert class_for("AWS::EKS::Cluster").__module__.endswith(".eks")
    with pytest.raises(KeyError, match="ambiguous"):
        class_for("Cluster")
