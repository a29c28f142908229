"""Check case files: one YAML file per check, one case per key, the verdict in its name.

    pass_kms_key:           {kms_key_id: alias/app}
    pass_key_from_variable: {kms_key_id: !unresolved var.key_id}
    fail_sqs_owned:         {sqs_managed_sse: true}

The case name starts with the expected status (``pass_``, ``fail_``, ``unknown_``,
``error_``, ``na_`` for not applicable). The value holds the subject's fields; the reserved
key ``_context`` maps context type names (``Account``) to their fields, and ``_type`` picks
the subject's class when the check judges several types (or every type: then it is
required). The field ``properties`` holds the source's own properties.
``!unresolved TEXT`` stands for a value that could not be resolved;
``!unresolved {expression: TEXT, identifier: true}`` or
``!unresolved {expression: TEXT, template: "arn:${...}"}`` adds the hints a source gives
(see ``secfound.model.values.Unresolved``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from secfound.checks import Status
from secfound.errors import ConfigError
from secfound.model.values import Unresolved

PREFIXES = {
    "pass_": Status.PASSED,
    "fail_": Status.FAILED,
    "unknown_": Status.UNKNOWN,
    "error_": Status.ERROR,
    "na_": Status.NOT_APPLICABLE,
}


@dataclass(frozen=True)
class Case:
    name: str
    expected: Status
    fields: Mapping[str, Any]
    context: Mapping[str, Mapping[str, Any]]
    subject_type: str | None
    line: int


class _CaseLoader(yaml.SafeLoader):
    """SafeLoader with ``!unresolved``; the pure-Python loader keeps marks for errors."""


def _unresolved(loader: yaml.SafeLoader, node: yaml.Node) -> Unresolved:
    if isinstance(node, yaml.MappingNode):
        # The long form carries a source's hints: {expression, template, identifier}.
        hints = loader.construct_mapping(node)
        unknown = {str(k) for k in hints} - {"expression", "template", "identifier"}
        if unknown or "expression" not in hints:
            raise yaml.constructor.ConstructorError(
                None, None, "!unresolved takes expression, template and identifier", node.start_mark
            )
        return Unresolved(
            str(hints["expression"]),
            template=hints.get("template"),
            identifier=bool(hints.get("identifier", False)),
        )
    return Unresolved(str(loader.construct_scalar(node)))  # type: ignore[arg-type]


_CaseLoader.add_constructor("!unresolved", _unresolved)


def load_cases(path: Path) -> list[Case]:
    """Read a case file; errors name the file and line."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_CaseLoader)
        data = yaml.load(text, Loader=_CaseLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(str(exc), path=path, line=mark.line + 1 if mark else None) from exc
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise ConfigError("a case file is a mapping of case names to fields", path=path)
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    cases: list[Case] = []
    for name, body in data.items():
        line = lines.get(name, 1)
        expected = next((s for p, s in PREFIXES.items() if str(name).startswith(p)), None)
        if expected is None:
            raise ConfigError(
                f"case {name!r} must start with one of {', '.join(PREFIXES)}", path=path, line=line
            )
        fields = dict(body or {})
        context = fields.pop("_context", {}) or {}
        subject_type = fields.pop("_type", None)
        cases.append(Case(str(name), expected, fields, context, subject_type, line))
    return cases


def run_case(spec: Any, case: Case, *, where: str) -> tuple[Status, str]:
    """Build the case's objects and run the check through the engine; (status, message)."""
    from secfound.engine import run_check
    from secfound.model.build import build
    from secfound.model.catalog import class_for

    subject_name = case.subject_type or spec.subject_types[0]
    if subject_name == "*":
        raise ConfigError(f"{where}: {spec.id} judges every resource; give the case a _type")
    if (
        case.subject_type is not None
        and "*" not in spec.subject_types
        and _type_of(subject_name) not in spec.subject_types
    ):
        raise ConfigError(f"{where}: _type {subject_name} is not judged by {spec.id}")
    fields = {"address": case.name, **case.fields}
    subject = build(class_for(subject_name), fields, where=where)
    context: dict[str, Any] = {}
    for type_name, ctx_fields in case.context.items():
        cls = class_for(type_name)
        context[cls.resource_type] = build(
            cls, {"address": type_name, **ctx_fields}, where=f"{where}._context.{type_name}"
        )
    finding = run_check(spec, spec.load(), subject, context)
    if finding is None:
        return Status.NOT_APPLICABLE, ""
    return finding.status, finding.message


def _type_of(name: str) -> str:
    from secfound.model.catalog import class_for

    return class_for(name).resource_type
