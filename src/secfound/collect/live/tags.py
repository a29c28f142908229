"""Resource tags as AWS list them (``[{"Key": k, "Value": v}]``), as a mapping.

Live resources carry their tags (``Resource.tags``) so the mutelist can mute findings by
tag, as teams mark sandboxes and accepted exceptions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def tags_of(item: Mapping[str, Any], key: str = "Tags") -> dict[str, str]:
    """``item[key]`` (a list of Key/Value pairs) as ``{key: value}``; absent means none."""
    pairs: Iterable[Mapping[str, Any]] = item.get(key) or ()
    return {str(p["Key"]): str(p.get("Value", "")) for p in pairs if "Key" in p}
