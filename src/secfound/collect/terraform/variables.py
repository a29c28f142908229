"""Root module variable values: tfvars files, ``--var-file`` and ``--var``, in Terraform's order.

Later sources override earlier ones: ``terraform.tfvars``, ``terraform.tfvars.json``,
``*.auto.tfvars`` and ``*.auto.tfvars.json`` in lexical order, then each ``--var-file``, then
each ``--var``. A ``--var`` value is parsed as an HCL expression when the variable declares
a type other than ``string`` (as Terraform does), else taken as the string it is. A bad file
in the module directory is an input error; a bad ``--var-file`` or ``--var`` is the user's
flag and a ``ConfigError``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secfound.collect.files import read_source_text, relative_path
from secfound.collect.terraform.evaluate import Evaluator, Scope
from secfound.collect.terraform.parse import HclSyntaxError, parse_body
from secfound.collect.terraform.syntax import Expr, Literal
from secfound.collect.terraform.values import (
    EvalError,
    normalize_number,
    to_bool,
    to_number,
    to_string,
)
from secfound.errors import ConfigError, TemplateError
from secfound.findings import InputError
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from tree_sitter import Parser


def declared_type(expr: Expr | None) -> str | None:
    """A variable's type constraint as text (``string``, ``list(string)``), or None."""
    if expr is None:
        return None
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value.strip()
    return "".join(expr.text.split())


def convert(value: Any, type_text: str | None, name: str) -> Any:
    """Terraform's conversion of a variable value to its declared primitive type."""
    if value is None or isinstance(value, Unresolved) or type_text in (None, "any"):
        return value
    try:
        if type_text == "string" and not isinstance(value, list | dict):
            return to_string(value)
        if type_text == "number":
            return to_number(value)
        if type_text == "bool":
            return to_bool(value)
    except EvalError as exc:
        return Unresolved(f"var.{name} ({exc})")
    return value


def directory_var_files(directory: Path) -> list[Path]:
    """The variable files Terraform loads on its own from the root module directory."""
    found = [directory / "terraform.tfvars", directory / "terraform.tfvars.json"]
    try:
        auto = sorted(
            (
                p
                for p in directory.iterdir()
                if p.name.endswith((".auto.tfvars", ".auto.tfvars.json"))
            ),
            key=lambda p: p.name,
        )
    except OSError:
        auto = []
    return [p for p in [*found, *auto] if p.is_file()]


def read_var_file(parser: Parser, evaluator: Evaluator, path: Path, display: str) -> dict[str, Any]:
    """Values of one tfvars file; raises ``TemplateError`` (or ``HclSyntaxError``) when bad."""
    text = read_source_text(path, display)
    if path.name.endswith(".json"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise HclSyntaxError(f"not JSON: {exc.msg}", exc.lineno, exc.colno) from exc
        if not isinstance(document, dict):
            raise HclSyntaxError("a .tfvars.json file must hold a JSON object", 1, 1)
        return {k: _json_numbers(v) for k, v in document.items()}
    body = parse_body(parser, text)
    if body.blocks:
        block = body.blocks[0]
        raise HclSyntaxError(
            f"blocks are not allowed in a variables file ({block.type})",
            block.span.line,
            block.span.column,
        )
    scope = Scope()
    return {a.name: evaluator.value_of(a.expr, scope) for a in body.attributes}


def _json_numbers(value: Any) -> Any:
    if isinstance(value, float):
        return normalize_number(value)
    if isinstance(value, dict):
        return {k: _json_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_numbers(v) for v in value]
    return value


def root_values(
    parser: Parser,
    evaluator: Evaluator,
    directory: Path,
    repo_root: Path,
    var_files: Sequence[Path],
    variables: Mapping[str, str],
    types: Mapping[str, str | None],
    errors: list[InputError],
) -> dict[str, Any]:
    """Every value given to the root module's variables, later sources winning."""
    values: dict[str, Any] = {}
    for path in directory_var_files(directory):
        display = relative_path(path, repo_root)
        try:
            values.update(read_var_file(parser, evaluator, path, display))
        except TemplateError as exc:
            errors.append(InputError(path=display, message=exc.message, line=exc.line))
        except HclSyntaxError as exc:
            errors.append(
                InputError(path=display, message=exc.message, line=exc.line, column=exc.column)
            )
    for path in var_files:
        display = relative_path(path, repo_root)
        if not path.is_file():
            raise ConfigError("--var-file: no such file", path=display)
        try:
            values.update(read_var_file(parser, evaluator, path, display))
        except TemplateError as exc:
            raise ConfigError(exc.message, path=display, line=exc.line) from exc
        except HclSyntaxError as exc:
            raise ConfigError(exc.message, path=display, line=exc.line) from exc
    for name, text in variables.items():
        values[name] = cli_value(parser, evaluator, name, text, types.get(name))
    return values


def cli_value(
    parser: Parser, evaluator: Evaluator, name: str, text: str, type_text: str | None
) -> Any:
    """A ``--var NAME=VALUE`` value: HCL for typed non-string variables, else the string."""
    if type_text in (None, "string"):
        return text
    try:
        body = parse_body(parser, f"value = {text}\n")
    except HclSyntaxError as exc:
        raise ConfigError(f"--var {name}: not a valid {type_text} value: {exc.message}") from exc
    attribute = body.attribute("value")
    if attribute is None or len(body.attributes) != 1 or body.blocks:
        raise ConfigError(f"--var {name}: not a valid {type_text} value")
    return evaluator.value_of(attribute.expr, Scope())
