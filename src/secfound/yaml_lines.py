"""YAML files that come in (configuration, catalogs, blueprints): read them with their node
tree, and turn validation errors into ``ConfigError`` at the offending file:line.

Validators report an error at a path of keys and indexes (``("objectives", 3, "type")``);
``line_of`` walks the composed node tree along that path and returns the line of the
deepest node it reaches, so the user is pointed at the entry and not at the top of the
file. Duplicate keys are errors: YAML would otherwise keep the last one silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from secfound.errors import ConfigError

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml_with_nodes(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse ``path``; (data, root node). Syntax errors and duplicate keys are ``ConfigError``."""
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
    except ValueError as exc:  # an unquoted timestamp that is no date (2026-13-01)
        raise ConfigError(f"not valid YAML: {exc}", path=path, line=_bad_scalar(node)) from exc
    reject_duplicate_keys(node, path)
    return data, node


def _bad_scalar(node: yaml.Node | None) -> int | None:
    """The line of the first scalar PyYAML cannot construct (a date out of range)."""
    constructor = yaml.SafeLoader("")
    pending = [node]
    while pending:
        current = pending.pop(0)
        if isinstance(current, yaml.ScalarNode):
            try:
                constructor.construct_object(current)
            except ValueError:
                return int(current.start_mark.line) + 1
        elif isinstance(current, yaml.MappingNode):
            pending.extend(item for pair in current.value for item in pair)
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(current.value)
    return None


def reject_duplicate_keys(node: yaml.Node | None, path: Path) -> None:
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        line = key.start_mark.line + 1
                        raise ConfigError(f"key {key.value!r} appears twice", path=path, line=line)
                    seen.add(key.value)
                pending.append(value)
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(current.value)


def line_of(node: yaml.Node | None, location: Sequence[Any]) -> int | None:
    """The 1-based line of the node at ``location`` (or of its nearest existing parent)."""
    if node is None:
        return None
    current = node
    for step in location:
        child = _child(current, step)
        if child is None:
            break
        current = child
    return int(current.start_mark.line) + 1


def _child(node: yaml.Node, step: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(step):
                # A scalar value sits on its key's line; a nested block starts below it.
                return key if isinstance(value, yaml.ScalarNode) else value
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(step, int)
        and 0 <= step < len(node.value)
    ):
        child: yaml.Node = node.value[step]
        return child
    return None


def dotted(location: Sequence[Any]) -> str:
    """``objectives[3].type`` for the location ``("objectives", 3, "type")``."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "(top level)"


def validation_error(
    exc: ValidationError,
    node: yaml.Node | None,
    path: Path,
    model: type[BaseModel] | None = None,
) -> ConfigError:
    """One ``ConfigError`` for a pydantic error, at the line of the first problem.

    With ``model``, an unknown key is reported with the keys allowed at that place.
    """
    problems: list[tuple[int | None, str]] = []
    for error in exc.errors():
        location = tuple(error["loc"])
        message = f"{dotted(location)}: {error['msg']}"
        if error["type"] == "extra_forbidden" and model is not None:
            allowed = ", ".join(_allowed_keys(model, location[:-1]))
            message = f"unknown setting {location[-1]!r}; expected one of {allowed}"
        problems.append((line_of(node, location), message))
    first_line, first_message = problems[0]
    others = [f"line {line}: {message}" for line, message in problems[1:]]
    return ConfigError("; ".join([first_message, *others]), path=path, line=first_line)


def _allowed_keys(model: type[BaseModel], location: Sequence[Any]) -> list[str]:
    from pydantic import BaseModel

    current = model
    for step in location:
        field = current.model_fields.get(str(step))
        annotation = field.annotation if field else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            current = annotation
        else:
            break
    return sorted(current.model_fields)
