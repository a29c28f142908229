"""Fuzzing: whatever the input, ``load_template`` returns a result or raises ``TemplateError``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secfound.collect import SourceResult
from secfound.collect.cloudformation import load_template, looks_like_template
from secfound.errors import TemplateError
from secfound.model.build import to_data

FUZZ = settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _load(folder: Path, name: str, content: bytes) -> SourceResult | TemplateError:
    path = folder / name
    path.write_bytes(content)
    try:
        result = load_template(path, root=folder)
    except TemplateError as exc:
        return exc
    assert isinstance(result, SourceResult)
    looks_like_template(path, content.decode("utf-8", "replace"))  # must not raise either
    return result


@FUZZ
@given(content=st.binary(max_size=400))
def test_random_bytes(workdir: Path, content: bytes) -> None:
    _load(workdir, "random.yaml", content)
    _load(workdir, "random.json", content)


_TOKENS = [
    "Resources:",
    "\n",
    "  ",
    "    ",
    "B:",
    "Type:",
    " AWS::S3::Bucket",
    " AWS::EC2::SecurityGroup",
    "Properties:",
    " !Ref",
    " !Sub",
    " !GetAtt",
    " !If",
    " !Join",
    " !Select",
    " !FindInMap",
    " !Equals",
    " !Condition",
    " !Base64",
    " !Cidr",
    " x",
    " B",
    " B.Arn",
    " AWS::NoValue",
    " &a",
    " *a",
    " [",
    "]",
    " {",
    "}",
    ",",
    ":",
    "- ",
    " '",
    '"',
    " ${B}",
    " 1",
    " true",
    " ~",
    "Conditions:",
    "C:",
    "Condition:",
    " C",
    "<<:",
    "? ",
    "---",
    "#",
    "\t",
    "Parameters:",
    "SecurityGroupIngress:",
    "IpProtocol:",
    "BucketName:",
    "Mappings:",
    " !!int",
    " !!bool",
    " !!float",
    " !!null",
    " !!binary",
    " !!map",
    " !!seq",
    " !!python/object:os.system",
    " !GetAZs",
    " &b",
    " *b",
]


@FUZZ
@given(tokens=st.lists(st.sampled_from(_TOKENS), max_size=60))
def test_token_soup(workdir: Path, tokens: list[str]) -> None:
    _load(workdir, "soup.yaml", "".join(tokens).encode())


_NAMES = st.sampled_from(["Env", "Missing", "Bucket", "Group", "AWS::Region", "AWS::NoValue"])
_LEAVES = st.one_of(
    st.text(max_size=8),
    st.integers(-5, 70000),
    st.booleans(),
    st.none(),
    _NAMES.map(lambda n: {"Ref": n}),
    st.sampled_from(["${Env}", "${Bucket.Arn}/*", "a${AWS::Region}", "${!x}"]).map(
        lambda s: {"Fn::Sub": s}
    ),
    st.sampled_from(["Bucket.Arn", "Missing.Arn", "Bucket"]).map(lambda s: {"Fn::GetAtt": s}),
    st.sampled_from(["IsProd", "Loop", "Nope"]).map(lambda c: {"Condition": c}),
)
_FUNCTIONS = st.sampled_from(
    [
        "Fn::Join",
        "Fn::Select",
        "Fn::Split",
        "Fn::If",
        "Fn::FindInMap",
        "Fn::Base64",
        "Fn::Cidr",
        "Fn::GetAZs",
        "Fn::ImportValue",
        "Fn::Length",
        "Fn::ToJsonString",
        "Fn::Equals",
        "Fn::And",
        "Fn::Or",
        "Fn::Not",
        "Fn::Sub",
        "Fn::GetAtt",
        "Ref",
        "Fn::Unknown",
    ]
)


def _trees(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(["A", "B", "CidrIp", "Status"]), children, max_size=3),
        st.tuples(_FUNCTIONS, st.lists(children, max_size=4)).map(lambda t: {t[0]: t[1]}),
        st.tuples(_FUNCTIONS, children).map(lambda t: {t[0]: t[1]}),
    )


_VALUES = st.recursive(_LEAVES, _trees, max_leaves=12)
_TYPES = st.sampled_from(
    [
        "AWS::S3::Bucket",
        "AWS::S3::BucketPolicy",
        "AWS::EC2::SecurityGroup",
        "AWS::EC2::SecurityGroupIngress",
        "AWS::IAM::Role",
        "AWS::IAM::User",
        "AWS::IAM::UserToGroupAddition",
        "AWS::KMS::Key",
        "AWS::CloudTrail::Trail",
        "AWS::EC2::Volume",
        "AWS::IAM::ManagedPolicy",
        "AWS::SNS::Topic",
    ]
)
_PROPERTY_NAMES = st.sampled_from(
    [
        "BucketName",
        "Bucket",
        "PolicyDocument",
        "SecurityGroupIngress",
        "SecurityGroupEgress",
        "GroupId",
        "IpProtocol",
        "FromPort",
        "Users",
        "GroupName",
        "Policies",
        "LoginProfile",
        "EnableKeyRotation",
        "KeyPolicy",
        "IsLogging",
        "Size",
        "Encrypted",
        "PublicAccessBlockConfiguration",
        "VersioningConfiguration",
        "LoggingConfiguration",
        "AssumeRolePolicyDocument",
        "MaxSessionDuration",
        "OwnershipControls",
        "BucketEncryption",
    ]
)
_RESOURCE = st.fixed_dictionaries(
    {"Type": _TYPES, "Properties": st.dictionaries(_PROPERTY_NAMES, _VALUES, max_size=5)},
    optional={"Condition": st.sampled_from(["IsProd", "Loop", "Unknown", "Nope"])},
)
_TEMPLATES = st.fixed_dictionaries(
    {
        "Parameters": st.just({"Env": {"Type": "String", "Default": "prod"}, "Region": {}}),
        "Mappings": st.just({"M": {"a": {"b": ["c"]}}}),
        "Conditions": st.just(
            {
                "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
                "Unknown": {"Fn::Equals": [{"Ref": "AWS::Region"}, "x"]},
                "Loop": {"Fn::Not": [{"Condition": "Loop"}]},
            }
        ),
        "Resources": st.dictionaries(
            st.sampled_from(["Bucket", "Group", "Role", "Rule", "Key", "Other"]),
            _RESOURCE,
            max_size=5,
        ),
    }
)


def _comparable(result: SourceResult | TemplateError) -> Any:
    if isinstance(result, TemplateError):
        return ("error", result.message)
    return (
        [to_data(r, identity=False) for r in result.resources],
        sorted(e.message for e in result.errors),
        [r.address for r in result.resources],
        [r.conditional for r in result.resources],
    )


@FUZZ
@given(template=_TEMPLATES)
def test_structured_templates_load_alike_in_json_and_yaml(
    workdir: Path, template: dict[str, Any]
) -> None:
    from_json = _load(workdir, "t.json", json.dumps(template, indent=1).encode())
    from_yaml = _load(workdir, "t.yaml", yaml.safe_dump(template, sort_keys=False).encode())
    assert not isinstance(from_json, TemplateError), from_json
    assert _comparable(from_json) == _comparable(from_yaml)
