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
    json_ready,
    normalize_number,
    to_bool,
    to_list,
    to_number,
    to_string,
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


def arity(args: list[Any], low: int, high: int | None = None) -> None:
    high = low if high is None else high
    if not low <= len(args) <= high:
        wanted = str(low) if low == high else f"{low} to {high}"
        raise EvalError(f"takes {wanted} arguments, got {len(args)}")


def as_string(value: Any) -> str:
    if value is None:
        raise EvalError("null where a string is needed")
    return to_string(value)


def as_int(value: Any) -> int:
    number = to_number(value)
    if not isinstance(number, int):
        if math.isfinite(number) and number == int(number):
            return int(number)
        raise EvalError(f"{number} is not a whole number")
    return number


def known(value: Any) -> Any:
    if isinstance(value, Unresolved):
        value._refuse("evaluation")
    return value


# ---------------------------------------------------------------------------------------
# Strings


_FORMAT_VERB = re.compile(r"%(?:%|([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z]))")


def _format(_: FunctionContext, args: list[Any]) -> str:
    if not args:
        raise EvalError("format needs a format string")
    spec = as_string(args[0])
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
        if (width and int(width) > 1000) or (precision and int(precision) > 100):
            raise EvalError("format width or precision too large")
        python = "%" + (flags or "") + (width or "") + (("." + precision) if precision else "")
        if letter in ("s", "v"):
            if letter == "v" and isinstance(value, list | dict):
                return encode_json(value)
            return (python + "s") % as_string(value)
        if letter == "q":
            return (python + "s") % json.dumps(as_string(value), ensure_ascii=False)
        if letter == "t":
            return (python + "s") % ("true" if to_bool(value) else "false")
        if letter in ("d", "x", "X", "o", "b"):
            number = as_int(value)
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
    return as_string(args[0]).join(as_string(v) for v in items)


def _split(_: FunctionContext, args: list[Any]) -> list[str]:
    arity(args, 2)
    separator, text = as_string(args[0]), as_string(args[1])
    if separator == "":
        return list(text)
    return text.split(separator)


def _replace(_: FunctionContext, args: list[Any]) -> str:
    arity(args, 3)
    text, search, replacement = (as_string(a) for a in args)
    if len(search) > 1 and search.startswith("/") and search.endswith("/"):
        try:
            pattern = re.compile(search[1:-1])
        except re.error as exc:
            raise EvalError(f"bad regular expression: {exc}") from exc
        python_replacement = re.sub(r"\$\{?(\w+)\}?", r"\\g<\1>", replacement.replace("\\", "\\\\"))
        return pattern.sub(python_replacement, text)
    return text.replace(search, replacement)


def _substr(_: FunctionContext, args: list[Any]) -> str:
    arity(args, 3)
    text, offset, length = as_string(args[0]), as_int(args[1]), as_int(args[2])
    if offset < 0:
        offset = max(len(text) + offset, 0)
    if length < 0:
        return text[offset:]
    return text[offset : offset + length]


def _string_function(method: Callable[[str], Any]) -> FunctionSpec:
    def function(_: FunctionContext, args: list[Any]) -> Any:
        arity(args, 1)
        return method(as_string(args[0]))

    return FunctionSpec(function)


def _string_pair(method: Callable[[str, str], Any]) -> FunctionSpec:
    def function(_: FunctionContext, args: list[Any]) -> Any:
        arity(args, 2)
        return method(as_string(args[0]), as_string(args[1]))

    return FunctionSpec(function)


def _trim(_: FunctionContext, args: list[Any]) -> str:
    arity(args, 2)
    return as_string(args[0]).strip(as_string(args[1]))


def _indent(_: FunctionContext, args: list[Any]) -> str:
    arity(args, 2)
    spaces = as_int(args[0])
    if not 0 <= spaces <= 1000:
        raise EvalError("indent out of range")
    return ("\n" + " " * spaces).join(as_string(args[1]).split("\n"))


# ---------------------------------------------------------------------------------------
# Encoding


def _jsonencode(_: FunctionContext, args: list[Any]) -> Any:
    arity(args, 1)
    value = args[0]
    if isinstance(value, Unresolved):
        return value
    if contains_unresolved(value):
        return JsonText(json_ready(value), "jsonencode(...)")
    return encode_json(value)


def _jsondecode(_: FunctionContext, args: list[Any]) -> Any:
    arity(args, 1)
    value = args[0]
    if isinstance(value, JsonText):
        return value.value
    known(value)
    try:
        decoded = json.loads(as_string(value))
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
    arity(args, 1)
    return base64.b64encode(as_string(args[0]).encode("utf-8")).decode("ascii")


def _base64decode(_: FunctionContext, args: list[Any]) -> str:
    arity(args, 1)
    try:
        return base64.b64decode(as_string(args[0]), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError) as exc:
        raise EvalError(f"not base64 UTF-8 text: {exc}") from exc


def _hash(name: str) -> FunctionSpec:
    def function(_: FunctionContext, args: list[Any]) -> str:
        import hashlib

        arity(args, 1)
        return hashlib.new(name, as_string(args[0]).encode("utf-8")).hexdigest()

    return FunctionSpec(function)


# ---------------------------------------------------------------------------------------
# Networks


def _cidrsubnet(_: FunctionContext, args: list[Any]) -> str:
    arity(args, 3)
    import ipaddress

    network = ipaddress.ip_network(as_string(args[0]), strict=False)
    newbits, number = as_int(args[1]), as_int(args[2])
    prefix = network.prefixlen + newbits
    if newbits < 0 or prefix > network.max_prefixlen:
        raise EvalError("not enough address bits")
    if not 0 <= number < 2**newbits:
        raise EvalError("subnet number out of range")
    address = int(network.network_address) + (number << (network.max_prefixlen - prefix))
    return str(ipaddress.ip_network((address, prefix)))


def _cidrhost(_: FunctionContext, args: list[Any]) -> str:
    arity(args, 2)
    import ipaddress

    network = ipaddress.ip_network(as_string(args[0]), strict=False)
    number = as_int(args[1])
    if number < 0:
        number += network.num_addresses
    if not 0 <= number < network.num_addresses:
        raise EvalError("host number out of range")
    return str(network.network_address + number)


def _cidrnetmask(_: FunctionContext, args: list[Any]) -> str:
    arity(args, 1)
    import ipaddress

    network = ipaddress.ip_network(as_string(args[0]), strict=False)
    if network.version != 4:
        raise EvalError("only IPv4 networks have a netmask")
    return str(network.netmask)


# ---------------------------------------------------------------------------------------
# Files


def _file(ctx: FunctionContext, args: list[Any]) -> str:
    arity(args, 1)
    return ctx.read_file(as_string(args[0]))


def _fileexists(ctx: FunctionContext, args: list[Any]) -> bool:
    arity(args, 1)
    return ctx.resolve(as_string(args[0])).is_file()


def _filebase64(ctx: FunctionContext, args: list[Any]) -> str:
    return base64.b64encode(_file(ctx, args).encode("utf-8")).decode("ascii")


@cache
def FUNCTIONS() -> dict[str, FunctionSpec]:
    """The function table, built on first use (no import-time work)."""
    from secfound.collect.terraform.function_collections import collection_functions

    return {
        **collection_functions(),
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
