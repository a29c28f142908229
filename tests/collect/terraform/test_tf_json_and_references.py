"""Terraform JSON syntax, and references between declared things."""

from __future__ import annotations

from tf_helpers import by_address, load

from secfound.model.aws.kms import Key
from secfound.model.aws.s3 import Bucket, PublicAccessBlock
from secfound.model.values import Unresolved


def test_tf_json_module_with_an_hcl_file_beside_it() -> None:
    result = load("json")
    assert result.errors == ()
    resources = by_address(result)
    data = resources["aws_s3_bucket.data"]
    assert isinstance(data, Bucket)
    assert data.name == "app-prod-data"
    assert data.versioning_enabled is True
    assert data.public_access_block == PublicAccessBlock(restrict_public_buckets=False)
    assert data.location.line == 8  # type: ignore[union-attr]
    key = resources["aws_kms_key.mixed"]
    assert isinstance(key, Key) and key.description == "app-prod key"


def test_references() -> None:
    result = load("references")
    refs = by_address(result)["aws_s3_bucket.refs"].properties
    arn = refs["key_arn"]
    assert isinstance(arn, Unresolved) and arn.identifier
    assert arn.expression == "aws_kms_key.key.arn"
    assert refs["key_desc"] == "referenced"  # an argument the key sets
    tags_all = refs["key_tags"]
    assert isinstance(tags_all, Unresolved) and not tags_all.identifier
    template = refs["template"]
    assert isinstance(template, Unresolved)
    assert template.template == "arn:aws:s3:::${aws_kms_key.key.key_id}/*"
    loop = refs["loop"]
    assert isinstance(loop, Unresolved) and "reference cycle" in loop.expression
    assert refs["ok"] == "fine"
    undeclared = refs["undeclared"]
    assert isinstance(undeclared, Unresolved) and "nope" in undeclared.expression
    data = refs["data_source"]
    assert isinstance(data, Unresolved) and not data.identifier
    assert (refs["path"], refs["workspace"]) == (".", "default")
    assert isinstance(refs["compare"], Unresolved)
    assert refs["either"] is True
