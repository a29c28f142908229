"""Terraform's collection and number functions (``concat``, ``merge``, ``flatten``, ``min``…).

Split from ``functions`` to keep each module small; the table in ``functions.FUNCTIONS``
lists them all. Elements may be unknown where a function's ``Tolerance`` allows it: these
functions never compare an unknown element (comparing one raises, and the call is
unknown).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from secfound.collect.terraform.functions import (
    FunctionContext,
    FunctionSpec,
    Tolerance,
    arity,
    as_int,
    as_string,
    known,
)
from secfound.collect.terraform.values import (
    EvalError,
    hcl_equal,
    normalize_number,
    to_bool,
    to_list,
    to_map,
    to_number,
    to_string,
    type_name,
)

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
    arity(args, 2, 3)
    mapping, key = to_map(args[0]), as_string(args[1])
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
    arity(args, 1)
    value = args[0]
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | dict):
        return len(value)
    raise EvalError(f"cannot take the length of a {type_name(value)}")


def _element(_: FunctionContext, args: list[Any]) -> Any:
    arity(args, 2)
    items, index = to_list(args[0]), as_int(args[1])
    if not items:
        raise EvalError("element of an empty list")
    if index < 0:
        raise EvalError("negative index")
    return items[index % len(items)]


def _flatten(_: FunctionContext, args: list[Any]) -> list[Any]:
    arity(args, 1)
    out: list[Any] = []

    def walk(value: Any, depth: int) -> None:
        if depth > 100:
            raise EvalError("lists nested too deeply")
        for item in to_list(value):
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append(known(item))

    walk(args[0], 0)
    return out


def _distinct(_: FunctionContext, args: list[Any]) -> list[Any]:
    arity(args, 1)
    out: list[Any] = []
    for item in to_list(args[0]):
        if not any(hcl_equal(item, seen) for seen in out):
            out.append(item)
    return out


def _keys(_: FunctionContext, args: list[Any]) -> list[str]:
    arity(args, 1)
    return sorted(to_map(args[0]))


def _values(_: FunctionContext, args: list[Any]) -> list[Any]:
    arity(args, 1)
    mapping = to_map(args[0])
    return [mapping[k] for k in sorted(mapping)]


def _contains(_: FunctionContext, args: list[Any]) -> bool:
    arity(args, 2)
    return any(hcl_equal(item, args[1]) for item in to_list(args[0]))


def _compact(_: FunctionContext, args: list[Any]) -> list[str]:
    arity(args, 1)
    return [as_string(v) for v in to_list(args[0]) if v is not None and v != ""]


def _zipmap(_: FunctionContext, args: list[Any]) -> dict[str, Any]:
    arity(args, 2)
    keys, values = to_list(args[0]), to_list(args[1])
    if len(keys) != len(values):
        raise EvalError("keys and values differ in length")
    return {as_string(known(k)): v for k, v in zip(keys, values, strict=True)}


def _range(_: FunctionContext, args: list[Any]) -> list[int | float]:
    arity(args, 1, 3)
    numbers = [to_number(a) for a in args]
    start: int | float = 0 if len(numbers) == 1 else numbers[0]
    stop: int | float = numbers[0] if len(numbers) == 1 else numbers[1]
    step: int | float = numbers[2] if len(numbers) == 3 else 1
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
    arity(args, 3)
    items, start, end = to_list(args[0]), as_int(args[1]), as_int(args[2])
    if not 0 <= start <= end <= len(items):
        raise EvalError("slice out of range")
    return items[start:end]


def _reverse(_: FunctionContext, args: list[Any]) -> list[Any]:
    arity(args, 1)
    return list(reversed(to_list(args[0])))


def _sort(_: FunctionContext, args: list[Any]) -> list[str]:
    arity(args, 1)
    return sorted(as_string(v) for v in to_list(args[0]))


def _one(_: FunctionContext, args: list[Any]) -> Any:
    arity(args, 1)
    items = to_list(args[0])
    if len(items) > 1:
        raise EvalError("more than one element")
    return items[0] if items else None


def _index(_: FunctionContext, args: list[Any]) -> int:
    arity(args, 2)
    for position, item in enumerate(to_list(args[0])):
        if hcl_equal(item, args[1]):
            return position
    raise EvalError("value not in list")


def _tolist(_: FunctionContext, args: list[Any]) -> list[Any]:
    arity(args, 1)
    return list(to_list(args[0]))


def _toset(_: FunctionContext, args: list[Any]) -> list[Any]:
    arity(args, 1)
    unique = _distinct(_, [args[0]])
    if all(isinstance(v, str) for v in unique):
        return sorted(unique)
    return unique


def _tomap(_: FunctionContext, args: list[Any]) -> dict[str, Any]:
    arity(args, 1)
    return dict(to_map(args[0]))


def _tostring(_: FunctionContext, args: list[Any]) -> Any:
    arity(args, 1)
    return None if args[0] is None else to_string(args[0])


def _tonumber(_: FunctionContext, args: list[Any]) -> Any:
    arity(args, 1)
    return None if args[0] is None else to_number(args[0])


def _tobool(_: FunctionContext, args: list[Any]) -> Any:
    arity(args, 1)
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
        arity(args, 1)
        return normalize_number(method(to_number(args[0])))

    return FunctionSpec(function)


def _pow(_: FunctionContext, args: list[Any]) -> Any:
    arity(args, 2)
    base, exponent = to_number(args[0]), to_number(args[1])
    if abs(exponent) > 1024:
        raise EvalError("exponent too large")
    return normalize_number(float(base) ** float(exponent))


def _parseint(_: FunctionContext, args: list[Any]) -> int:
    arity(args, 2)
    return int(as_string(args[0]), as_int(args[1]))


def _sum(_: FunctionContext, args: list[Any]) -> Any:
    arity(args, 1)
    items = to_list(args[0])
    if not items:
        raise EvalError("sum of an empty list")
    return normalize_number(sum(to_number(v) for v in items))


def collection_functions() -> dict[str, FunctionSpec]:
    """This module's part of the function table."""
    elements = Tolerance.ELEMENTS
    return {
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
    }
