"""Line numbers for errors in YAML files that come in (configuration, catalogs, blueprints).

Validators report an error at a path of keys and indexes (``("checks", 2)``); ``line_of``
walks the composed YAML node tree along that path and returns the line of the deepest node
it reaches, so the user is pointed at the offending entry and not at the top of the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from secfound.errors import ConfigError

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml_with_nodes(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse ``path``; (data, root node). Syntax errors are ``ConfigError`` at file:line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=path) from exc
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(
            f"not valid YAML: {problem}", path=path, line=mark.line + 1 if mark else None
        ) from exc
    return data, node


def line_of(node: yaml.Node | None, location: Sequence[str | int]) -> int | None:
    """The 1-based line of the node at ``location`` (or of its nearest existing parent)."""
    if node is None:
        return None
    current = node
    for step in location:
        child: yaml.Node | None = None
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                if key.value == str(step):
                    child = value if not isinstance(value, yaml.ScalarNode) else key
                    break
        elif (
            isinstance(current, yaml.SequenceNode)
            and isinstance(step, int)
            and 0 <= step < len(current.value)
        ):
            child = current.value[step]
        if child is None:
            break
        current = child
    return int(current.start_mark.line) + 1
