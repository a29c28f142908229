"""The Terraform built-in functions secfound evaluates.

Each function takes already evaluated arguments. Its ``Tolerance`` says how it meets
unknown values: ``NONE`` functions are not called when any argument holds an ``Unresolved``
(the call is unknown); ``ELEMENTS`` functions work on collections whose elements may be
unknown (``length``, ``concat``, ``merge``); ``ALL`` functions handle unknowns themselves
(``jsonencode``). A function secfound does not know gives an ``Unresolved`` call, never an
error. ``file`` and friends read only inside the repository, through the size-limited
reader every source uses.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import ipaddress
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secfound.collect.files import read_source_text
from secfound.collect.terraform.values import (
    EvalError,
    JsonText,
    contains_unresolved,
    encode_json,
    hcl_equal,
    json_ready,
    normalize_number,
    to_bool,
    to_list,
    to_map,
    to_number,
    to_string,
    type_name,
)
from secfound.errors import TemplateError
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from tree_sitter import Parser


class FunctionContext:
    """What file functions need: where relative paths start and where reading must stop.

    Terraform resolves ``file("x")`` against the working directory, which is the root
    module's directory; modules use ``path.module`` to name their own files.
    """

    def __init__(self, base_dir: Path, repo_root: Path, parser: Parser) -> None:
        self.base_dir = base_dir
        self.repo_root = repo_root.resolve()
        self.parser = parser
        self.template_depth = 0

    def resolve(self, name: str) -> Path:
        path = Path(name)
        if not path.is_absolute():
            path = self.base_dir / path
        resolved = path.resolve()
        if not resolved.is_relative_to(self.repo_root):
            raise EvalError(f"{name}: outside the repository, not read")
        return resolved

    def read_file(self, name: str) -> str:
        path = self.resolve(name)
        if not path.is_file():
            raise EvalError(f"no file {name}")
        try:
            return read_source_text(path, name)
        except TemplateError as exc:
            raise EvalError(exc.message) from exc


class Tolerance(enum.Enum):
    NONE = "none"
    ELEMENTS = "elements"
    ALL = "all"


@dataclass(frozen=True)
class FunctionSpec:
    function: Callable[[FunctionContext, list[Any]], Any]
    tolerance: Tolerance = Tolerance.NONE


def _arity(args: list[Any], low: int, high: int | None = None) -> None:
    high = low if high is None else high
    if not low <= len(args) <= high:
        wanted = str(low) if low == high else f"{low} to {high}"
        raise EvalError(f"takes {wanted} arguments, got {len(args)}")


def _string(value: Any) -> str:
    if value is None:
        raise EvalError("null where a string is needed")
    return to_string(value)


def _int(value: Any) -> int:
    number = to_number(value)
    if not isinstance(number, int):
        if math.isfinite(number) and number == int(number):
            return int(number)
        raise EvalError(f"{number} is not a whole number")
    return number


def _known(value: Any) -> Any:
    if isinstance(value, Unresolved):
        value._refuse("evaluation")
    return value


# ---------------------------------------------------------------------------------------
# Strings


_FORMAT_VERB = re.compile(r"%(?:%|([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z]))")


def _format(_: FunctionContext, args: list[Any]) -> str:
    if not args:
        raise EvalError("format needs a format string")
    spec = _string(args[0])
    values = list(args[1:])
    position = 0

    def verb(match: re.Match[str]) -> str:
        nonlocal position
        if match.group(0) == "%%":
            return "%"
        flags, width, precision, letter = match.groups()
        if position >= len(values):
            raise EvalError("not enough arguments for the format string")
        value = values[position]
        position += 1
        if width and int(width) > 1000 or precision and int(precision) > 100:
            raise EvalError("format width or precision too large")
        python = "%" + (flags or "") + (width or "") + (("." + precision) if precision else "")
        if letter in ("s", "v"):
            if letter == "v" and isinstance(value, list | dict):
                return encode_json(value)
            return (python + "s") % _string(value)
        if letter == "q":
            return (python + "s") % json.dumps(_string(value), ensure_ascii=False)
        if letter == "t":
            return (python + "s") % ("true" if to_bool(value) else "false")
        if letter in ("d", "x", "X", "o", "b"):
            number = _int(value)
            if letter == "b":
                return (python + "s") % format(number, "b")
            return (python + letter) % number
        if letter in ("f", "e", "E", "g", "G"):
            return (python + letter) % float(to_number(value))
        raise EvalError(f"unsupported format verb %{letter}")

    out = _FORMAT_VERB.sub(verb, spec)
    if position < len(values):
        raise EvalError("too many arguments for the format string")
    return out


def _formatlist(ctx: FunctionContext, args: list[Any]) -> list[str]:
    if not args:
        raise EvalError("formatlist needs a format string")
    lengths = {len(a) for a in args[1:] if isinstance(a, list)}
    if len(lengths) > 1:
        raise EvalError("list arguments of formatlist must have the same length")
    count = lengths.pop() if lengths else 1
    return [
        _format(ctx, [args[0], *[a[i] if isinstance(a, list) else a for a in args[1:]]])
        for i in range(count)
    ]


def _join(_: FunctionContext, args: list[Any]) -> str:
    if len(args) < 2:
        raise EvalError("join takes a separator and lists")
    items = [item for lst in args[1:] for item in to_list(lst)]
    return _string(args[0]).join(_string(v) for v in items)


def _split(_: FunctionContext, args: list[Any]) -> list[str]:
    _arity(args, 2)
    separator, text = _string(args[0]), _string(args[1])
    if separator == "":
        return list(text)
    return text.split(separator)


def _replace(_: FunctionContext, args: list[Any]) -> str:
    _arity(args, 3)
    text, search, replacement = (_string(a) for a in args)
    if len(search) > 1 and search.startswith("/") and search.endswith("/"):
        try:
            pattern = re.compile(search[1:-1])
        except re.error as exc:
            raise EvalError(f"bad regular expression: {exc}") from exc
        python_replacement = re.sub(r"\$\{?(\w+)\}?", r"\\g<\1>", replacement.replace("\\", "\\\\"))
        return pattern.sub(python_replacement, text)
    return text.replace(search, replacement)


def _substr(_: FunctionContext, args: list[Any]) -> str:
    _arity(args, 3)
    text, offset, length = _string(args[0]), _int(args[1]), _int(args[2])
    if offset < 0:
        offset = max(len(text) + offset, 0)
    if length < 0:
        return text[offset:]
    return text[offset : offset + length]


def _string_function(method: Callable[[str], Any]) -> FunctionSpec:
    def function(_: FunctionContext, args: list[Any]) -> Any:
        _arity(args, 1)
        return method(_string(args[0]))

    return FunctionSpec(function)


def _string_pair(method: Callable[[str, str], Any]) -> FunctionSpec:
    def function(_: FunctionContext, args: list[Any]) -> Any:
        _arity(args, 2)
        return method(_string(args[0]), _string(args[1]))

    return FunctionSpec(function)


def _trim(_: FunctionContext, args: list[Any]) -> str:
    _arity(args, 2)
    return _string(args[0]).strip(_string(args[1]))


def _indent(_: FunctionContext, args: list[Any]) -> str:
    _arity(args, 2)
    spaces = _int(args[0])
    if not 0 <= spaces <= 1000:
        raise EvalError("indent out of range")
    return ("\n" + " " * spaces).join(_string(args[1]).split("\n"))


# ---------------------------------------------------------------------------------------
# Collections


def _concat(_: FunctionContext, args: list[Any]) -> list[Any]:
    return [item for lst in args for item in to_list(lst)]


def _merge(_: FunctionContext, args: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for arg in args:
        if arg is None:
            continue
        out.update(to_map(arg))
    return out


def _lookup(_: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2, 3)
    mapping, key = to_map(args[0]), _string(args[1])
    if key in mapping:
        return mapping[key]
    if len(args) == 3:
        return args[2]
    raise EvalError(f"no key {key!r}")


def _coalesce(_: FunctionContext, args: list[Any]) -> Any:
    for arg in args:
        if arg is not None and arg != "":
            return arg
    raise EvalError("no non-null, non-empty argument")


def _coalescelist(_: FunctionContext, args: list[Any]) -> Any:
    for arg in args:
        if to_list(arg):
            return arg
    raise EvalError("no non-empty list")


def _length(_: FunctionContext, args: list[Any]) -> int:
    _arity(args, 1)
    value = args[0]
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | dict):
        return len(value)
    raise EvalError(f"cannot take the length of a {type_name(value)}")


def _element(_: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    items, index = to_list(args[0]), _int(args[1])
    if not items:
        raise EvalError("element of an empty list")
    if index < 0:
        raise EvalError("negative index")
    return items[index % len(items)]


def _flatten(_: FunctionContext, args: list[Any]) -> list[Any]:
    _arity(args, 1)
    out: list[Any] = []

    def walk(value: Any, depth: int) -> None:
        if depth > 100:
            raise EvalError("lists nested too deeply")
        for item in to_list(value):
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append(_known(item))

    walk(args[0], 0)
    return out


def _distinct(_: FunctionContext, args: list[Any]) -> list[Any]:
    _arity(args, 1)
    out: list[Any] = []
    for item in to_list(args[0]):
        if not any(hcl_equal(item, seen) for seen in out):
            out.append(item)
    return out


def _keys(_: FunctionContext, args: list[Any]) -> list[str]:
    _arity(args, 1)
    return sorted(to_map(args[0]))


def _values(_: FunctionContext, args: list[Any]) -> list[Any]:
    _arity(args, 1)
    mapping = to_map(args[0])
    return [mapping[k] for k in sorted(mapping)]


def _contains(_: FunctionContext, args: list[Any]) -> bool:
    _arity(args, 2)
    return any(hcl_equal(item, args[1]) for item in to_list(args[0]))


def _compact(_: FunctionContext, args: list[Any]) -> list[str]:
    _arity(args, 1)
    return [_string(v) for v in to_list(args[0]) if v is not None and v != ""]


def _zipmap(_: FunctionContext, args: list[Any]) -> dict[str, Any]:
    _arity(args, 2)
    keys, values = to_list(args[0]), to_list(args[1])
    if len(keys) != len(values):
        raise EvalError("keys and values differ in length")
    return {_string(_known(k)): v for k, v in zip(keys, values, strict=True)}


def _range(_: FunctionContext, args: list[Any]) -> list[int | float]:
    _arity(args, 1, 3)
    numbers = [to_number(a) for a in args]
    start, stop, step = (0, numbers[0], 1) if len(numbers) == 1 else (numbers[0], numbers[1], 1)
    if len(numbers) == 3:
        step = numbers[2]
    if step == 0:
        raise EvalError("step of zero")
    out: list[int | float] = []
    value = start
    while (value < stop) if step > 0 else (value > stop):
        out.append(normalize_number(value))
        if len(out) > 1024:
            raise EvalError("more than 1024 elements")
        value += step
    return out


def _slice(_: FunctionContext, args: list[Any]) -> list[Any]:
    _arity(args, 3)
    items, start, end = to_list(args[0]), _int(args[1]), _int(args[2])
    if not 0 <= start <= end <= len(items):
        raise EvalError("slice out of range")
    return items[start:end]


def _reverse(_: FunctionContext, args: list[Any]) -> list[Any]:
    _arity(args, 1)
    return list(reversed(to_list(args[0])))


def _sort(_: FunctionContext, args: list[Any]) -> list[str]:
    _arity(args, 1)
    return sorted(_string(v) for v in to_list(args[0]))


def _one(_: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    items = to_list(args[0])
    if len(items) > 1:
        raise EvalError("more than one element")
    return items[0] if items else None


def _index(_: FunctionContext, args: list[Any]) -> int:
    _arity(args, 2)
    for position, item in enumerate(to_list(args[0])):
        if hcl_equal(item, args[1]):
            return position
    raise EvalError("value not in list")


def _tolist(_: FunctionContext, args: list[Any]) -> list[Any]:
    _arity(args, 1)
    return list(to_list(args[0]))


def _toset(_: FunctionContext, args: list[Any]) -> list[Any]:
    _arity(args, 1)
    unique = _distinct(_, [args[0]])
    if all(isinstance(v, str) for v in unique):
        return sorted(unique)
    return unique


def _tomap(_: FunctionContext, args: list[Any]) -> dict[str, Any]:
    _arity(args, 1)
    return dict(to_map(args[0]))


def _tostring(_: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return None if args[0] is None else to_string(args[0])


def _tonumber(_: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return None if args[0] is None else to_number(args[0])


def _tobool(_: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    return None if args[0] is None else to_bool(args[0])


def _setunion(_: FunctionContext, args: list[Any]) -> list[Any]:
    return _toset(_, [[v for a in args for v in to_list(a)]])


def _setintersection(_: FunctionContext, args: list[Any]) -> list[Any]:
    if not args:
        raise EvalError("needs at least one set")
    first = _toset(_, [args[0]])
    return [v for v in first if all(_contains(_, [a, v]) for a in args[1:])]


# ---------------------------------------------------------------------------------------
# Numbers


def _min_max(pick: Callable[..., Any]) -> FunctionSpec:
    def function(_: FunctionContext, args: list[Any]) -> Any:
        if not args:
            raise EvalError("needs at least one number")
        return pick(to_number(a) for a in args)

    return FunctionSpec(function)


def _number_function(method: Callable[[float], Any]) -> FunctionSpec:
    def function(_: FunctionContext, args: list[Any]) -> Any:
        _arity(args, 1)
        return normalize_number(method(to_number(args[0])))

    return FunctionSpec(function)


def _pow(_: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 2)
    base, exponent = to_number(args[0]), to_number(args[1])
    if abs(exponent) > 1024:
        raise EvalError("exponent too large")
    return normalize_number(float(base) ** float(exponent))


def _parseint(_: FunctionContext, args: list[Any]) -> int:
    _arity(args, 2)
    return int(_string(args[0]), _int(args[1]))


def _sum(_: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    items = to_list(args[0])
    if not items:
        raise EvalError("sum of an empty list")
    return normalize_number(sum(to_number(v) for v in items))


# ---------------------------------------------------------------------------------------
# Encoding


def _jsonencode(_: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    value = args[0]
    if isinstance(value, Unresolved):
        return value
    if contains_unresolved(value):
        return JsonText(json_ready(value), "jsonencode(...)")
    return encode_json(value)


def _jsondecode(_: FunctionContext, args: list[Any]) -> Any:
    _arity(args, 1)
    value = args[0]
    if isinstance(value, JsonText):
        return value.value
    _known(value)
    try:
        decoded = json.loads(_string(value))
    except ValueError as exc:
        raise EvalError(f"not JSON: {exc}") from exc
    return _numbers(decoded)


def _numbers(value: Any) -> Any:
    if isinstance(value, float):
        return normalize_number(value)
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return value


def _base64encode(_: FunctionContext, args: list[Any]) -> str:
    _arity(args, 1)
    return base64.b64encode(_string(args[0]).encode("utf-8")).decode("ascii")


def _base64decode(_: FunctionContext, args: list[Any]) -> str:
    _arity(args, 1)
    try:
        return base64.b64decode(_string(args[0]), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError) as exc:
        raise EvalError(f"not base64 UTF-8 text: {exc}") from exc


def _hash(name: str) -> FunctionSpec:
    def function(_: FunctionContext, args: list[Any]) -> str:
        _arity(args, 1)
        return hashlib.new(name, _string(args[0]).encode("utf-8")).hexdigest()

    return FunctionSpec(function)


# ---------------------------------------------------------------------------------------
# Networks


def _cidrsubnet(_: FunctionContext, args: list[Any]) -> str:
    _arity(args, 3)
    network = ipaddress.ip_network(_string(args[0]), strict=False)
    newbits, number = _int(args[1]), _int(args[2])
    prefix = network.prefixlen + newbits
    if newbits < 0 or prefix > network.max_prefixlen:
        raise EvalError("not enough address bits")
    if not 0 <= number < 2**newbits:
        raise EvalError("subnet number out of range")
    address = int(network.network_address) + (number << (network.max_prefixlen - prefix))
    return str(ipaddress.ip_network((address, prefix)))


def _cidrhost(_: FunctionContext, args: list[Any]) -> str:
    _arity(args, 2)
    network = ipaddress.ip_network(_string(args[0]), strict=False)
    number = _int(args[1])
    if number < 0:
        number += network.num_addresses
    if not 0 <= number < network.num_addresses:
        raise EvalError("host number out of range")
    return str(network.network_address + number)


def _cidrnetmask(_: FunctionContext, args: list[Any]) -> str:
    _arity(args, 1)
    network = ipaddress.ip_network(_string(args[0]), strict=False)
    if network.version != 4:
        raise EvalError("only IPv4 networks have a netmask")
    return str(network.netmask)


# ---------------------------------------------------------------------------------------
# Files


def _file(ctx: FunctionContext, args: list[Any]) -> str:
    _arity(args, 1)
    return ctx.read_file(_string(args[0]))


def _fileexists(ctx: FunctionContext, args: list[Any]) -> bool:
    _arity(args, 1)
    return ctx.resolve(_string(args[0])).is_file()


def _filebase64(ctx: FunctionContext, args: list[Any]) -> str:
    return base64.b64encode(_file(ctx, args).encode("utf-8")).decode("ascii")


@cache
def FUNCTIONS() -> dict[str, FunctionSpec]:  # noqa: N802 - reads as the table it returns
    """The function table, built on first use (no import-time work)."""
    elements = Tolerance.ELEMENTS
    return {
        "format": FunctionSpec(_format),
        "formatlist": FunctionSpec(_formatlist),
        "join": FunctionSpec(_join),
        "split": FunctionSpec(_split),
        "replace": FunctionSpec(_replace),
        "substr": FunctionSpec(_substr),
        "lower": _string_function(str.lower),
        "upper": _string_function(str.upper),
        "title": _string_function(str.title),
        "trimspace": _string_function(str.strip),
        "chomp": _string_function(lambda s: s.rstrip("\r\n")),
        "strrev": _string_function(lambda s: s[::-1]),
        "trim": FunctionSpec(_trim),
        "trimprefix": _string_pair(str.removeprefix),
        "trimsuffix": _string_pair(str.removesuffix),
        "startswith": _string_pair(str.startswith),
        "endswith": _string_pair(str.endswith),
        "strcontains": _string_pair(lambda a, b: b in a),
        "indent": FunctionSpec(_indent),
        "concat": FunctionSpec(_concat, elements),
        "merge": FunctionSpec(_merge, elements),
        "lookup": FunctionSpec(_lookup, elements),
        "coalesce": FunctionSpec(_coalesce),
        "coalescelist": FunctionSpec(_coalescelist, elements),
        "length": FunctionSpec(_length, elements),
        "element": FunctionSpec(_element, elements),
        "flatten": FunctionSpec(_flatten, elements),
        "distinct": FunctionSpec(_distinct),
        "keys": FunctionSpec(_keys, elements),
        "values": FunctionSpec(_values, elements),
        "contains": FunctionSpec(_contains),
        "compact": FunctionSpec(_compact),
        "zipmap": FunctionSpec(_zipmap, elements),
        "range": FunctionSpec(_range),
        "slice": FunctionSpec(_slice, elements),
        "reverse": FunctionSpec(_reverse, elements),
        "sort": FunctionSpec(_sort),
        "one": FunctionSpec(_one, elements),
        "index": FunctionSpec(_index),
        "tolist": FunctionSpec(_tolist, elements),
        "toset": FunctionSpec(_toset),
        "tomap": FunctionSpec(_tomap, elements),
        "tostring": FunctionSpec(_tostring),
        "tonumber": FunctionSpec(_tonumber),
        "tobool": FunctionSpec(_tobool),
        "setunion": FunctionSpec(_setunion),
        "setintersection": FunctionSpec(_setintersection),
        "min": _min_max(min),
        "max": _min_max(max),
        "abs": _number_function(abs),
        "ceil": _number_function(math.ceil),
        "floor": _number_function(math.floor),
        "signum": _number_function(lambda n: (n > 0) - (n < 0)),
        "pow": FunctionSpec(_pow),
        "parseint": FunctionSpec(_parseint),
        "sum": FunctionSpec(_sum),
        "jsonencode": FunctionSpec(_jsonencode, Tolerance.ALL),
        "jsondecode": FunctionSpec(_jsondecode, Tolerance.ALL),
        "base64encode": FunctionSpec(_base64encode),
        "base64decode": FunctionSpec(_base64decode),
        "md5": _hash("md5"),
        "sha1": _hash("sha1"),
        "sha256": _hash("sha256"),
        "sha512": _hash("sha512"),
        "cidrsubnet": FunctionSpec(_cidrsubnet),
        "cidrhost": FunctionSpec(_cidrhost),
        "cidrnetmask": FunctionSpec(_cidrnetmask),
        "file": FunctionSpec(_file),
        "fileexists": FunctionSpec(_fileexists),
        "filebase64": FunctionSpec(_filebase64),
    }
