"""Expressions, templates and functions, through a real module and one expression at a time."""

from __future__ import annotations

from typing import Any

import pytest
from tf_helpers import FIXTURES, by_address, load

from secfound.collect.terraform.evaluate import Evaluator, Scope
from secfound.collect.terraform.functions import FunctionContext
from secfound.collect.terraform.parse import new_parser, parse_body
from secfound.model.values import Unresolved

EXPECTED_TAGS: dict[str, Any] = {
    "arithmetic": 5,
    "division": 3.5,
    "negative": -3,
    "comparison": True,
    "equality": True,
    "mixed_eq": False,
    "conditional": "many",
    "for_list": [30, 20],
    "for_map": {"alice": "ADMIN", "bob": "DEV", "carol": "DEV"},
    "grouped": {"admin": ["alice"], "dev": ["bob", "carol"]},
    "splat": ["a", "b"],
    "attr_splat": [1, 2],
    "index": "admin",
    "legacy_index": 1,
    "heredoc": "line app\n  indented\n",
    "flush": "first\n  second APP\n",
    "directives": "yes:3,1,2,",
    "stripped": "a b c",
    "escaped": 'dollar ${literal} percent %{x} quote " tab\t unicode é',
    "format": 'app-007-2.2-true-"q"',
    "formatlist": ["a=1", "b=2"],
    "join_split": "x+y+z",
    "concat": [1, 2, 3],
    "merge": {"a": 3, "b": 2},
    "lookup": "nobody",
    "coalesce": "second",
    "coalescelist": ["x"],
    "json_round": {"k": [1, "two", True, None]},
    "jsonencode": '{"a":"\\u003ctag\\u003e","b":1}',
    "try": "fallback",
    "can_ok": True,
    "can_not": False,
    "length": 5,
    "element": 1,
    "flatten": [1, 2, 3],
    "distinct": [1, 2, "2"],
    "keys": ["alice", "bob", "carol"],
    "values": ["admin", "dev", "dev"],
    "contains": True,
    "case": "abcDEF",
    "replace": "a_b_c",
    "regex_repl": "major 1",
    "substr": "erra",
    "trims": "[x][x][x]",
    "conversions": ["5", 6, True],
    "toset": ["a", "b"],
    "tomap": {"a": "1"},
    "compact": ["a", "b"],
    "zipmap": {"a": 1, "b": 2},
    "range": [1, 3, 5],
    "minmax": [1, 3, 4, 2, 1],
    "starts_ends": [True, True],
    "cidrsubnet": "10.0.2.0/24",
    "base64": "aGk=",
    "file": '{"Version": "2012-10-17"}\n',
    "templatefile": "Hello you! [a] [b]\n",
    "expand": 3,
}


@pytest.fixture(scope="module")
def tags() -> dict[str, Any]:
    result = load("expressions")
    assert result.errors == ()
    bucket = by_address(result)["aws_s3_bucket.probe"]
    assert bucket.properties["bucket"] == "app-bucket"
    return dict(bucket.properties["tags"])


@pytest.mark.parametrize("name", sorted(EXPECTED_TAGS))
def test_fixture_value(tags: dict[str, Any], name: str) -> None:
    assert tags[name] == EXPECTED_TAGS[name]


@pytest.mark.parametrize(
    ("name", "expression"),
    [
        ("unknown_fn", 'provider::aws::arn_parse("arn:aws:s3:::x")'),
        ("not_known", "uuid()"),
    ],
)
def test_unknown_functions_are_unresolved(tags: dict[str, Any], name: str, expression: str) -> None:
    value = tags[name]
    assert isinstance(value, Unresolved)
    assert value.expression == expression


# ---------------------------------------------------------------------------------------
# One expression at a time, with unknowns


def evaluate(text: str, **bindings: Any) -> Any:
    parser = new_parser()
    body = parse_body(parser, f"value = {text}\n")
    attribute = body.attribute("value")
    assert attribute is not None
    evaluator = Evaluator(FunctionContext(FIXTURES / "expressions", FIXTURES.parent, parser))
    return evaluator.value_of(attribute.expr, Scope(None, bindings))


UNKNOWN = Unresolved("var.x")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"${x}"', "x is itself"),
        ("x == 1", "x == 1"),
        ("x + 1", "x + 1"),
        ("!x", "!x"),
        ("-x", "-x"),
        ('x ? "a" : "b"', 'x ? "a" : "b"'),
        ("[for v in x : v]", "[for v in x : v]"),
        ("upper(x)", "upper(x)"),
        ("length(x)", "length(x)"),
        ("try(x, 1)", "try(x, 1)"),
        ("can(x)", "can(x)"),
        ("x.attr", "x.attr"),
        ("x[0]", "x[0]"),
        ("{ a = 1 }[x]", "{ a = 1 }[x]"),
    ],
)
def test_unknown_propagates(text: str, expected: str) -> None:
    value = evaluate(text, x=UNKNOWN)
    assert isinstance(value, Unresolved)
    if expected == "x is itself":
        assert value is UNKNOWN
    else:
        assert value.expression == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x && false", False),
        ("x || true", True),
        ("length([x, x])", 2),
        ("concat([x], [1])[1]", 1),
        ('lookup({ a = x, b = 2 }, "b")', 2),
        ("keys({ a = x })", ["a"]),
        ('try(nothing.here, "fallback")', "fallback"),
        ("can(nothing.here)", False),
    ],
)
def test_known_answers_despite_unknown_parts(text: str, expected: Any) -> None:
    assert evaluate(text, x=UNKNOWN, nothing={}) == expected


def test_template_hint_keeps_known_parts() -> None:
    value = evaluate('"arn:aws:s3:::${x}/*"', x=UNKNOWN)
    assert isinstance(value, Unresolved)
    assert value.template == "arn:aws:s3:::${var.x}/*"
    assert value.could_equal("*") is False


def test_join_keeps_a_template_hint() -> None:
    value = evaluate('join("/", ["a", x])', x=UNKNOWN)
    assert isinstance(value, Unresolved)
    assert value.template == "a/${var.x}"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('1 + "a"', "cannot convert"),
        ("1 / 0", "division by zero"),
        ('{ a = 1 }["b"]', "no key"),
        ("[1][3]", "out of range"),
        ("element([], 0)", "empty list"),
        ('jsondecode("{")', "not JSON"),
        ('format("%d")', "not enough arguments"),
        ("range(5000)", "1024"),
        ('file("/etc/passwd")', "outside the repository"),
        ('file("no-such-file.txt")', "no file"),
        ('cidrsubnet("10.0.0.0/30", 8, 1)', "not enough address bits"),
        ("undeclared_name", "unknown name"),
        ("[for v in null : v]", "null"),
    ],
)
def test_errors_become_unresolved_with_a_reason(text: str, reason: str) -> None:
    value = evaluate(text)
    assert isinstance(value, Unresolved)
    assert reason in value.expression


def test_jsonencode_with_unknown_keeps_the_structure() -> None:
    from secfound.collect.terraform.values import JsonText

    value = evaluate('jsonencode({ Resource = x, Action = "s3:*" })', x=UNKNOWN)
    assert isinstance(value, JsonText)
    assert value.value["Action"] == "s3:*"
    assert value.value["Resource"] is UNKNOWN
    assert '"${var.x}"' in value.placeholder_text()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 % 3", 2),
        ("-5 % 3", -2),
        ("2.5 * 2", 5),
        ("1.5e1", 15),
        ('"10" + 1', 11),
        ("!true", False),
        ('"a" != "b"', True),
        ("[1, 2] == [1, 2]", True),
        ("{ a = 1 } == { a = 2 }", False),
        ("true == 1", False),
        ("null == null", True),
        ('"${1 + 1}"', 2),
        ('"n=${1.5}"', "n=1.5"),
        ('"${true}!"', "true!"),
        ('[for i, v in ["a", "b"] : "${i}${v}"]', ["0a", "1b"]),
        ('{for s in ["x", "y"] : s => upper(s) if s != "y"}', {"x": "X"}),
        ("[[1, 2], [3]][*][0]", [1, 3]),
        ("null[*]", []),
        ('"a"[*]', ["a"]),
        ('format("%5s|%-3d|%x|%%", "ab", 7, 255)', "   ab|7  |ff|%"),
        ('split("", "abc")', ["a", "b", "c"]),
        ("slice([1, 2, 3], 1, 3)", [2, 3]),
        ("reverse([1, 2])", [2, 1]),
        ('sort(["b", "a"])', ["a", "b"]),
        ("one([4])", 4),
        ('index(["a", "b"], "b")', 1),
        ('setunion(["a"], ["b", "a"])', ["a", "b"]),
        ('setintersection(["a", "b"], ["b"])', ["b"]),
        ("signum(-3)", -1),
        ("pow(2, 10)", 1024),
        ('parseint("ff", 16)', 255),
        ("sum([1, 2.5])", 3.5),
        ('base64decode("aGk=")', "hi"),
        ('md5("a")', "0cc175b9c0f1b6a831c399e269772661"),
        ('cidrhost("10.0.0.0/24", 5)', "10.0.0.5"),
        ('cidrnetmask("10.0.0.0/12")', "255.240.0.0"),
        ('title("hello world")', "Hello World"),
        ('chomp("x\\n")', "x"),
        ('strrev("abc")', "cba"),
        ('indent(2, "a\\nb")', "a\n  b"),
        ('trim("--x--", "-")', "x"),
        ('fileexists("policy.json")', True),
        ('filebase64("policy.json")', "eyJWZXJzaW9uIjogIjIwMTItMTAtMTcifQo="),
        ("tostring(null)", None),
        ('strcontains("abc", "b")', True),
    ],
)
def test_expression(text: str, expected: Any) -> None:
    assert evaluate(text) == expected


def test_heredoc_with_directives_and_strip_markers() -> None:
    text = '<<-EOT\n    %{ for x in ["a", "b"] ~}\n    - ${x}\n    %{ endfor ~}\n    end\n    EOT'
    assert evaluate(text) == "- a\n- b\nend\n"
