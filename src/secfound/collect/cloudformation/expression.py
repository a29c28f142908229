"""Source text for an expression, written the way a template author would (``!Ref Bucket``).

``Unresolved`` values carry this text so an ``unknown`` finding names what was not known.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

_MAX_TEXT = 200
_PLAIN = re.compile(r"[A-Za-z0-9_./:*@${}-][A-Za-z0-9_./:*@${}!+ -]*")


def expression_text(value: Any) -> str:
    """Short-form text of a raw template value, cut to a readable length."""
    text = _render(value, budget=[_MAX_TEXT * 2])
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"


def _render(value: Any, budget: list[int]) -> str:
    budget[0] -= 1
    if budget[0] < 0:
        return "…"
    if isinstance(value, Mapping):
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key in ("Ref", "Condition"):
                return f"!{key} {_render(arg, budget)}"
            if isinstance(key, str) and key.startswith("Fn::"):
                name = key[4:]
                if (
                    name == "GetAtt"
                    and isinstance(arg, list)
                    and all(isinstance(a, str) for a in arg)
                ):
                    return f"!GetAtt {'.'.join(arg)}"
                return f"!{name} {_render(arg, budget)}"
        items = ", ".join(f"{k}: {_render(v, budget)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_render(v, budget) for v in value) + "]"
    if isinstance(value, str):
        if _PLAIN.fullmatch(value) and not value.endswith(" "):
            return value
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)
