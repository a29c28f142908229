"""Property tests: any text, any expression tree, only a result or a documented error."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secfound.collect import SourceResult
from secfound.collect.terraform import load_root_module
from secfound.errors import ConfigError, TemplateError

SETTINGS = settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])


def run(files: dict[str, str]) -> SourceResult | None:
    with TemporaryDirectory() as name:
        directory = Path(name)
        for file, text in files.items():
            (directory / file).write_text(text, encoding="utf-8")
        try:
            result = load_root_module(directory, root=directory)
        except (TemplateError, ConfigError):
            return None
        assert isinstance(result, SourceResult)
        return result


HCL_ALPHABET = st.sampled_from(
    [*list("abcxyz_019 .,:;=?!<>+-*/%&|\"'\\$~#{}[]()\n\t"), "${", "%{", "<<EOT\n", "EOT\n"]
)


@SETTINGS
@given(st.lists(HCL_ALPHABET, max_size=80).map("".join))
def test_random_text(text: str) -> None:
    run({"main.tf": text})


@SETTINGS
@given(st.text(max_size=200))
def test_random_unicode(text: str) -> None:
    run({"main.tf": text, "x.tf.json": text})


LEAVES = st.one_of(
    st.integers(-5, 5).map(str),
    st.sampled_from(
        [
            "true",
            "null",
            '"s"',
            '""',
            "var.v",
            "var.missing",
            "local.l",
            "local.self",
            "count.index",
            "each.key",
            "aws_s3_bucket.b.id",
            "aws_s3_bucket.b.bucket",
            "data.aws_iam_policy_document.d.json",
            "module.m.out",
            "path.module",
            "x",
        ]
    ),
)
FUNCTIONS = [
    "length",
    "upper",
    "jsonencode",
    "jsondecode",
    "concat",
    "merge",
    "tostring",
    "tonumber",
    "flatten",
    "keys",
    "try",
    "can",
    "format",
    "join",
    "element",
    "lookup",
    "coalesce",
    "toset",
    "range",
    "cidrsubnet",
    "replace",
    "nosuchfunction",
]


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(
            inner, st.sampled_from(["+", "-", "*", "/", "%", "==", "!=", "<", "&&", "||"]), inner
        ).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["!", "-"]), inner).map(lambda t: f"{t[0]}{t[1]}"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} ? {t[1]} : {t[2]})"),
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(inner, max_size=3).map(
            lambda items: "{" + ", ".join(f"k{i} = {v}" for i, v in enumerate(items)) + "}"
        ),
        st.tuples(st.sampled_from(FUNCTIONS), st.lists(inner, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        inner.map(lambda e: f'"pre-${{{e}}}-%{{if {e}}}y%{{endif}}"'),
        inner.map(lambda e: f"[for x in {e} : x]"),
        inner.map(lambda e: f"{{for k, x in {e} : k => x}}"),
        inner.map(lambda e: f"{e}[0]"),
        inner.map(lambda e: f"{e}[*].a"),
        inner.map(lambda e: f"({e}).attr"),
    )


EXPRESSIONS = st.recursive(LEAVES, _compound, max_leaves=12)

MODULE = """
variable "v" {{}}
locals {{
  l    = {expr}
  self = local.self
}}
data "aws_iam_policy_document" "d" {{
  statement {{
    actions   = [{expr}]
    resources = ["*"]
  }}
}}
resource "aws_s3_bucket" "b" {{
  count  = {expr} == 1 ? 1 : 2
  bucket = {expr}
  policy = {expr}
  versioning {{ enabled = {expr} }}
}}
resource "aws_security_group" "g" {{
  for_each = {expr}
  name     = {expr}
  ingress {{
    protocol    = {expr}
    from_port   = {expr}
    to_port     = {expr}
    cidr_blocks = {expr}
  }}
}}
resource "aws_s3_bucket_versioning" "v" {{
  bucket = {expr}
  versioning_configuration {{ status = {expr} }}
}}
module "m" {{
  source = "./"
  v      = {expr}
}}
output "out" {{
  value = {expr}
}}
"""


@SETTINGS
@given(EXPRESSIONS)
def test_random_expression_trees(expr: str) -> None:
    result = run({"main.tf": MODULE.format(expr=expr)})
    assert result is not None, "a syntactically valid module always loads"


JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 3),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(["x", "${var.v}", "${", "%{if true}a%{endif}", "${aws_s3_bucket.b.id}"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["a", "bucket", "//"]), inner)
    ),
    max_leaves=10,
)


@SETTINGS
@given(JSON_VALUES, JSON_VALUES)
def test_random_tf_json(body: object, local: object) -> None:
    import json

    document = {
        "variable": {"v": {}},
        "locals": {"l": local},
        "resource": {"aws_s3_bucket": {"b": body}, "aws_s3_bucket_policy": {"p": body}},
        "module": {"m": body},
    }
    run({"main.tf.json": json.dumps(document)})
