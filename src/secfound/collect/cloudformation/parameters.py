"""Template parameters: values from defaults, parameter files and ``--param``, and their files.

A parameter's value is its ``Default``, overridden by parameter files (later files win)
and then by ``--param KEY=VALUE``. A parameter with no value at all is ``Unresolved``, as
is one whose type reads SSM (``AWS::SSM::Parameter::Value<...>``): its value lives in
Parameter Store. List types (``CommaDelimitedList``, ``List<...>``) give lists, as ``Ref``
does in CloudFormation; every other type gives text (a ``Number`` is text to ``Ref`` too).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from secfound.collect.cloudformation.conditions import as_text
from secfound.collect.cloudformation.json_reader import read_json
from secfound.collect.cloudformation.tree import MarkedList, MarkedMap
from secfound.collect.cloudformation.yaml_reader import read_yaml
from secfound.collect.files import read_source_text
from secfound.errors import ConfigError, TemplateError
from secfound.findings import InputError
from secfound.model.values import Unresolved


def _is_list_type(kind: str) -> bool:
    return kind == "CommaDelimitedList" or kind.startswith("List<")


def parameter_values(
    declared: Any, overrides: Mapping[str, str], path: str, errors: list[InputError]
) -> dict[str, Any]:
    """Each declared parameter's value, for ``Ref`` to read."""
    if declared is None:
        return {}
    if not isinstance(declared, MarkedMap):
        line = getattr(declared, "mark", None)
        errors.append(
            InputError(path=path, message="Parameters is not a mapping", line=line and line.line)
        )
        return {}
    values: dict[str, Any] = {}
    for name, definition in declared.items():
        mark = declared.mark_of(name)
        if not isinstance(definition, Mapping):
            errors.append(
                InputError(
                    path=path,
                    message=f"parameter {name!r} is not a mapping",
                    line=mark.line,
                    column=mark.column,
                )
            )
            values[name] = Unresolved(f"!Ref {name}")
            continue
        kind = definition.get("Type")
        kind = kind if isinstance(kind, str) else "String"
        raw = overrides.get(name, definition.get("Default"))
        text = raw if isinstance(raw, str) else as_text(raw)
        if text is None or kind.startswith("AWS::SSM::Parameter::Value<"):
            source = f" (from SSM parameter {text})" if text is not None else ""
            values[name] = Unresolved(f"!Ref {name}{source}")
        elif _is_list_type(kind):
            values[name] = [item.strip() for item in text.split(",")] if text else []
        else:
            values[name] = text
    return values


def load_parameter_file(path: Path) -> dict[str, str]:
    """Parameter values from a file, in either form AWS tools write.

    The AWS CLI's ``[{"ParameterKey": "K", "ParameterValue": "V"}, ...]`` or a template
    configuration's ``{"Parameters": {"K": "V"}}``; JSON or YAML. A file that is neither is
    a ``ConfigError`` naming the file and line.
    """
    display = str(path)
    try:
        text = read_source_text(path, display)
        stripped = text.lstrip()
        reader = read_json if stripped.startswith(("[", "{")) else read_yaml
        document = reader(text, display).document
    except TemplateError as exc:
        raise ConfigError(exc.message, path=display, line=exc.line) from None
    if isinstance(document, MarkedMap) and isinstance(document.get("Parameters"), MarkedMap):
        parameters = document["Parameters"]
        return {
            str(key): _file_value(value, display, parameters.mark_of(key).line)
            for key, value in parameters.items()
        }
    if isinstance(document, MarkedList):
        out: dict[str, str] = {}
        for index, item in enumerate(document):
            line = document.mark_of(index).line
            if not (isinstance(item, Mapping) and isinstance(item.get("ParameterKey"), str)):
                raise ConfigError(
                    "each entry needs ParameterKey and ParameterValue", path=display, line=line
                )
            if "ParameterValue" not in item:
                if item.get("UsePreviousValue") is True:
                    continue  # the deployed value, which a scan cannot know: stays unresolved
                raise ConfigError(
                    f"parameter {item['ParameterKey']!r} has no ParameterValue",
                    path=display,
                    line=line,
                )
            out[item["ParameterKey"]] = _file_value(item["ParameterValue"], display, line)
        return out
    raise ConfigError(
        'expected [{"ParameterKey": ..., "ParameterValue": ...}] or {"Parameters": {...}}',
        path=display,
        line=getattr(document, "mark", None) and document.mark.line,
    )


def _file_value(value: Any, path: str, line: int) -> str:
    if isinstance(value, list) and all(as_text(v) is not None for v in value):
        return ",".join(str(as_text(v)) for v in value)
    text = as_text(value)
    if text is None:
        raise ConfigError(f"parameter value {value!r} is not text", path=path, line=line)
    return text
