"""Terraform plan JSON (``terraform show -json plan.out``) to the same model objects as HCL.

A plan holds what HCL evaluation can only approximate: every variable, data source,
``count`` and ``for_each`` decided, every module (remote ones included) expanded. It is read
from ``planned_values`` (the resource instances as they will be after apply); values
known only after apply (``after_unknown`` of ``resource_changes``) become ``Unresolved``
named ``<address>.<attribute>``. Such a value counts only where the configuration sets the
attribute (the plan's ``configuration`` block lists the expressions written per resource):
an attribute the configuration leaves out is one the provider computes, and stays absent
so the model's documented default applies, exactly as in the HCL source. The same rule
drops the empty strings providers record for unset arguments. An unknown value the
configuration builds from one reference to another declared resource (``bucket =
aws_s3_bucket.b.id``) stands for that resource's identifier, so the joins find their
target as they do in HCL. Values the plan marks sensitive keep their content where the
configuration writes them literally (a hard-coded password is still a finding) but print as
``(sensitive)`` (see ``plan_values.Sensitive``); where the configuration takes them from a
reference (a variable, a secret's data source) they are ``Unresolved``, as in HCL: the plan
knows them, the repository does not hold them.

The same normalizers and the same join table then run as for HCL. Locations point into
the HCL when the configuration is beside the plan (the folder of the plan file holds the
root module's ``.tf`` files, as where ``terraform plan`` runs): each resource's file and
line are found by address, through local module sources and ``.terraform/modules``;
otherwise a resource is located at the plan file, without a line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from secfound.collect import SourceResult
from secfound.collect.files import read_source_text, relative_path
from secfound.collect.terraform.joins import Target, apply_joins
from secfound.collect.terraform.plan_values import (
    is_plan_document,
    module_names,
    planned_arguments,
    resource_key,
)
from secfound.collect.terraform.resources import join_table, normalizers
from secfound.collect.terraform.resources.convert import TerraformResource
from secfound.errors import TemplateError
from secfound.findings import InputError
from secfound.model.location import FileLocation
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

__all__ = ["PLAN_MAX_BYTES", "is_plan_document", "load_plan", "plan_config_dir"]

# Plans of large configurations run to tens of megabytes: more than a template may be.
PLAN_MAX_BYTES = 64 * 1024 * 1024
_SUPPORTED_MAJOR = ("0", "1")


def read_plan(path: Path, display: str) -> dict[str, Any] | None:
    """The plan document at ``path``; None when the file is JSON but not a plan."""
    text = read_source_text(path, display, limit=PLAN_MAX_BYTES)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateError(
            f"not JSON: {exc.msg}", path=display, line=exc.lineno, column=exc.colno
        ) from exc
    except RecursionError:
        raise TemplateError("the plan nests too deeply to read", path=display) from None
    return document if is_plan_document(document) else None


def plan_config_dir(path: Path) -> Path | None:
    """The root module beside the plan file: its folder, when that holds ``.tf`` files."""
    from secfound.collect.terraform.config import source_files

    directory = path.parent
    return directory if source_files(directory) else None


def load_plan(path: Path, *, root: Path, document: Mapping[str, Any] | None = None) -> SourceResult:
    """The resources of the plan at ``path``; locations are relative to ``root``.

    Raises ``TemplateError`` when the file is not a readable plan of a supported version.
    """
    display = relative_path(path, root)
    if document is None:
        document = read_plan(path, display)
        if document is None:
            raise TemplateError("not a Terraform plan (no format_version)", path=display)
    version = str(document.get("format_version", ""))
    if version.split(".", 1)[0] not in _SUPPORTED_MAJOR:
        raise TemplateError(f"unsupported plan format_version {version!r}", path=display)
    notices: list[str] = []
    errors: list[InputError] = []
    locate = _Locator(path, root, display, document.get("configuration"))
    if locate.config_dir is not None:
        notices.append(
            f"{display}: locations point into {relative_path(locate.config_dir, root)}, "
            "whose HCL a scan checks through this plan rather than evaluate it again"
        )
    changes = _changes(document.get("resource_changes"))
    identifiers: dict[int, tuple[Unresolved, str]] = {}
    planned = document.get("planned_values")
    modules = planned.get("root_module") if isinstance(planned, Mapping) else None
    instances = list(_resources(modules)) if isinstance(modules, Mapping) else []
    if not isinstance(modules, Mapping):
        notices.append(f"{display}: the plan has no planned_values; nothing to check")
    addresses = {str(r.get("address")) for r in instances}
    table = normalizers()
    specs = join_table()
    resources: list[Resource] = []
    targets: dict[str, Target] = {}
    sources: list[TerraformResource] = []
    for raw in instances:
        address, type_ = str(raw.get("address")), str(raw.get("type"))
        if raw.get("mode", "managed") != "managed" or (type_ not in table and type_ not in specs):
            continue
        arguments = planned_arguments(
            raw,
            changes.get(address, {}),
            locate.expressions(raw),
            addresses,
            identifiers,
        )
        resource = TerraformResource(
            address=address, type=type_, location=locate.location(raw), arguments=arguments
        )
        if type_ in specs:
            sources.append(resource)
            continue
        try:
            resources.append(table[type_](resource))
        except Exception as exc:  # one unreadable resource must not end the scan
            errors.append(_failed(resource, exc))
            continue
        targets[address] = Target(type_, arguments)

    def identifier_of(value: Any) -> str | None:
        entry = identifiers.get(id(value)) if isinstance(value, Unresolved) else None
        return entry[1] if entry is not None and entry[0] is value else None

    built = apply_joins(specs, resources, targets, sources, identifier_of, notices)
    return SourceResult(
        root=display,
        kind="terraform-plan",
        resources=tuple(built),
        errors=tuple(errors),
        notices=tuple(notices),
    )


def _failed(resource: TerraformResource, exc: Exception) -> InputError:
    return InputError(
        path=resource.location.path,
        message=f"{resource.address} could not be read: {type(exc).__name__}: {exc}",
        line=resource.location.line,
    )


def _resources(module: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """Every resource instance of a planned module and, recursively, its child modules."""
    for resource in module.get("resources") or ():
        if isinstance(resource, Mapping) and resource.get("address") and resource.get("type"):
            yield resource
    for child in module.get("child_modules") or ():
        if isinstance(child, Mapping):
            yield from _resources(child)


def _changes(value: Any) -> dict[str, Mapping[str, Any]]:
    """Address -> the ``change`` object of ``resource_changes``."""
    found: dict[str, Mapping[str, Any]] = {}
    for entry in value if isinstance(value, list) else ():
        if isinstance(entry, Mapping) and isinstance(entry.get("change"), Mapping):
            found[str(entry.get("address"))] = entry["change"]
    return found


class _Locator:
    """Finds each instance's configuration: its expressions, and its HCL block if beside."""

    def __init__(self, path: Path, root: Path, display: str, configuration: Any) -> None:
        self.path = path
        self.root = root
        self.display = display
        root_module = (
            configuration.get("root_module") if isinstance(configuration, Mapping) else None
        )
        self.configuration: Mapping[str, Any] | None = (
            root_module if isinstance(root_module, Mapping) else None
        )
        self.config_dir = plan_config_dir(path)
        self._parser: Any = None
        self._configs: dict[Path, Any] = {}
        self._installed: dict[str, Path] | None = None

    def _module(self, names: tuple[str, ...]) -> Mapping[str, Any] | None:
        module = self.configuration
        for name in names:
            calls = module.get("module_calls") if module is not None else None
            call = calls.get(name) if isinstance(calls, Mapping) else None
            inner = call.get("module") if isinstance(call, Mapping) else None
            module = inner if isinstance(inner, Mapping) else None
        return module

    def expressions(self, raw: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """The resource's ``expressions`` from the configuration; None when not known."""
        names = module_names(str(raw.get("address")))
        module = self._module(names)
        if module is None:
            return None
        key = resource_key(raw)
        for declared in module.get("resources") or ():
            if isinstance(declared, Mapping) and resource_key(declared) == key:
                expressions = declared.get("expressions")
                return expressions if isinstance(expressions, Mapping) else {}
        return None

    def location(self, raw: Mapping[str, Any]) -> FileLocation:
        fallback = FileLocation(path=self.display)
        if self.config_dir is None:
            return fallback
        directory = self._directory(module_names(str(raw.get("address"))))
        if directory is None:
            return fallback
        config = self._config(directory)
        declared = config.resources.get((str(raw.get("type")), str(raw.get("name"))))
        if declared is None:
            return fallback
        from secfound.collect.terraform.module import location_of

        return location_of(declared.file, declared.block)

    def _directory(self, names: tuple[str, ...]) -> Path | None:
        from secfound.collect.terraform.config import installed_modules

        assert self.config_dir is not None
        directory = self.config_dir
        for depth, name in enumerate(names, start=1):
            if self._installed is None:
                self._installed = installed_modules(self.config_dir)
            installed = self._installed.get(".".join(names[:depth]))
            if installed is not None:
                directory = installed
                continue
            source = self._source(directory, name)
            if source is None or not source.startswith(("./", "../")):
                return None
            directory = (directory / source).resolve()
        return directory if directory.is_dir() else None

    def _source(self, directory: Path, name: str) -> str | None:
        from secfound.collect.terraform.syntax import Literal

        declared = self._config(directory).modules.get(name)
        attribute = declared.block.body.attribute("source") if declared is not None else None
        if attribute is not None and isinstance(attribute.expr, Literal):
            value = attribute.expr.value
            return value if isinstance(value, str) else None
        return None

    def _config(self, directory: Path) -> Any:
        """The module's declarations (errors ignored: the plan, not the HCL, is scanned)."""
        from secfound.collect.terraform.config import load_config
        from secfound.collect.terraform.parse import new_parser

        key = directory.resolve()
        if key not in self._configs:
            if self._parser is None:
                self._parser = new_parser()
            self._configs[key] = load_config(self._parser, directory, self.root)
        return self._configs[key]
