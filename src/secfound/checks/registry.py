"""Finding checks and keeping them in a ``Registry`` that is passed to the engine.

Built-in checks are listed in ``index.json`` beside this module (generated from the
package by ``python -m secfound.checks.registry --write-index``; a test fails when it is
stale). Reading the index costs one small JSON load, so a scan imports only the check
modules for the resource types it actually met. Discovery proper (``discover_package``,
``discover_directory``) imports every module and reads its ``@check`` metadata; it builds
the index and loads user check folders.
"""

from __future__ import annotations

import fnmatch
import importlib
import importlib.util
import inspect
import json
import sys
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from secfound.checks import Severity, Verdict, meta_of
from secfound.errors import CheckDefinitionError, ConfigError
from secfound.model.resource import Resource

INDEX_FILE = Path(__file__).with_name("index.json")
BUILTIN_PACKAGE = "secfound.checks.aws"
BUILTIN_PREFIX = "aws"
# The subject type of a check annotated with the ``Resource`` base class: it judges every
# resource (a search for hard-coded secrets in properties, say).
ANY_RESOURCE = "*"


@dataclass(frozen=True)
class CheckSpec:
    """Everything known about one check without running it.

    ``subject_types`` are the resource types the check judges (from its first parameter's
    annotation; a union names several); ``context_types`` the types it asks for as context.
    """

    id: str
    module: str
    function_name: str
    title: str
    rationale: str
    remediation: str
    severity: Severity
    objectives: tuple[str, ...]
    subject_types: tuple[str, ...]
    context_types: tuple[str, ...] = ()
    checkov: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    source_file: str | None = None

    def load(self) -> Callable[..., Verdict]:
        """Import the check's module (once) and return the check function."""
        module = sys.modules.get(self.module)
        if module is None:
            if self.source_file is not None:
                module = _import_file(self.module, Path(self.source_file))
            else:
                module = importlib.import_module(self.module)
        function = getattr(module, self.function_name, None)
        if function is None or meta_of(function) is None:
            raise CheckDefinitionError(
                f"check {self.id}: {self.module}.{self.function_name} is gone"
            )
        return typing.cast(Callable[..., Verdict], function)

    def to_index(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.label
        data.pop("source_file")
        return data

    @classmethod
    def from_index(cls, data: Mapping[str, Any]) -> CheckSpec:
        values = dict(data)
        values["severity"] = Severity.parse(values["severity"])
        for key in ("objectives", "subject_types", "context_types", "checkov", "aliases"):
            values[key] = tuple(values.get(key, ()))
        return cls(**values)


@dataclass
class Registry:
    """The checks of one run, looked up by id, alias or resource type."""

    specs: dict[str, CheckSpec] = field(default_factory=dict)
    _aliases: dict[str, str] = field(default_factory=dict)

    def add(self, spec: CheckSpec) -> None:
        for name in (spec.id, *spec.aliases):
            owner = self._aliases.get(name) or (name if name in self.specs else None)
            if owner is not None:
                raise CheckDefinitionError(
                    f"check id {name!r} of {spec.module} collides with check {owner}"
                )
        self.specs[spec.id] = spec
        for alias in spec.aliases:
            self._aliases[alias] = spec.id

    def __iter__(self) -> Iterator[CheckSpec]:
        return iter(sorted(self.specs.values(), key=lambda s: s.id))

    def __len__(self) -> int:
        return len(self.specs)

    def canonical_id(self, check_id: str) -> str | None:
        """The current id for ``check_id`` (itself, or the check an alias points to)."""
        if check_id in self.specs:
            return check_id
        return self._aliases.get(check_id)

    def get(self, check_id: str) -> CheckSpec:
        canonical = self.canonical_id(check_id)
        if canonical is None:
            raise ConfigError(f"no check with id {check_id!r} (see 'secfound checks list')")
        return self.specs[canonical]

    def for_type(self, resource_type: str) -> list[CheckSpec]:
        """The checks judging ``resource_type``, with those judging every resource (``*``)."""
        return [
            s for s in self if resource_type in s.subject_types or ANY_RESOURCE in s.subject_types
        ]

    def select(self, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> Registry:
        """A registry narrowed by id or glob (``aws.s3.*``); aliases match too.

        A pattern that matches no check is an error: a typo must not silently run nothing.
        """
        for pattern in (*include, *exclude):
            if not any(_matches(pattern, s) for s in self.specs.values()):
                raise ConfigError(f"--check/--skip-check {pattern!r} matches no check")
        chosen = Registry()
        for spec in self:
            if include and not any(_matches(p, spec) for p in include):
                continue
            if any(_matches(p, spec) for p in exclude):
                continue
            chosen.add(spec)
        return chosen

    def merge(self, other: Registry) -> Registry:
        merged = Registry()
        for spec in (*self, *other):
            merged.add(spec)
        return merged


def _matches(pattern: str, spec: CheckSpec) -> bool:
    names = (spec.id, *spec.aliases, *spec.checkov)
    return any(fnmatch.fnmatchcase(n, pattern) for n in names)


# ---------------------------------------------------------------------------------------
# Built-in checks, from the index


def builtin_registry() -> Registry:
    """The built-in checks, read from ``index.json`` (no check module is imported)."""
    registry = Registry()
    data = json.loads(INDEX_FILE.read_text(encoding="utf-8"))
    for entry in data["checks"]:
        registry.add(CheckSpec.from_index(entry))
    return registry


def build_index() -> dict[str, Any]:
    registry = discover_package(BUILTIN_PACKAGE, prefix=BUILTIN_PREFIX)
    return {
        "generated_by": "python -m secfound.checks.registry --write-index",
        "checks": [spec.to_index() for spec in registry],
    }


def write_index() -> None:
    INDEX_FILE.write_text(json.dumps(build_index(), indent=1) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Discovery


def discover_package(package: str, *, prefix: str) -> Registry:
    """Import every check module under ``package``; ids are ``prefix.<path>``."""
    root_module = importlib.import_module(package)
    root = Path(next(iter(root_module.__path__)))
    registry = Registry()
    for path in _check_files(root):
        relative = path.relative_to(root).with_suffix("")
        module_name = ".".join((package, *relative.parts))
        module = importlib.import_module(module_name)
        check_id = ".".join((prefix, *relative.parts))
        registry.add(spec_from_module(module, check_id, source_file=None))
    return registry


def discover_directory(directory: Path, *, namespace: str = "custom") -> Registry:
    """Load a user's check folder written like the built-in ones; ids are ``namespace.<path>``."""
    if not directory.is_dir():
        raise ConfigError(f"checks folder {directory} does not exist")
    registry = Registry()
    for path in _check_files(directory):
        relative = path.relative_to(directory).with_suffix("")
        check_id = ".".join((namespace, *relative.parts))
        module_name = f"secfound_user_checks.{check_id}"
        module = _import_file(module_name, path)
        registry.add(spec_from_module(module, check_id, source_file=str(path)))
    return registry


def _check_files(root: Path) -> Iterable[Path]:
    for path in sorted(root.rglob("*.py")):
        if path.name.startswith("_") or "__pycache__" in path.parts:
            continue
        yield path


def _import_file(module_name: str, path: Path) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise CheckDefinitionError(f"{path}: cannot be imported as a check module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[module_name]
        raise CheckDefinitionError(f"{path}: importing the check failed: {exc}") from exc
    return module


def spec_from_module(
    module: types.ModuleType, check_id: str, *, source_file: str | None
) -> CheckSpec:
    """Read one check module; every breach of the convention is a ``CheckDefinitionError``."""
    function_name = check_id.rsplit(".", 1)[-1]
    where = source_file or module.__name__
    function = getattr(module, function_name, None)
    meta = meta_of(function)
    if function is None or meta is None:
        raise CheckDefinitionError(
            f"{where}: expected a function {function_name}() decorated with @check"
        )
    doc = inspect.getdoc(module) or inspect.getdoc(function) or ""
    title, rationale, remediation = split_docstring(doc)
    if not title:
        raise CheckDefinitionError(f"{where}: the docstring's first line must be the title")
    subjects, contexts = _parameter_types(function, where)
    return CheckSpec(
        id=check_id,
        module=module.__name__,
        function_name=function_name,
        title=title,
        rationale=rationale,
        remediation=remediation,
        severity=meta.severity,
        objectives=meta.objectives,
        subject_types=subjects,
        context_types=contexts,
        checkov=meta.checkov,
        aliases=meta.aliases,
        source_file=source_file,
    )


def split_docstring(doc: str) -> tuple[str, str, str]:
    """(title, rationale, remediation) from a check docstring."""
    lines = doc.strip().splitlines()
    if not lines:
        return "", "", ""
    title = lines[0].strip().rstrip(".")
    body = "\n".join(lines[1:]).strip()
    rationale, _, remediation = body.partition("Remediation:")
    return title, rationale.strip(), inspect.cleandoc(remediation) if remediation else ""


def _resource_types(annotation: Any, where: str) -> tuple[str, ...]:
    members = typing.get_args(annotation) if _is_union(annotation) else (annotation,)
    names: list[str] = []
    for member in members:
        if member is Resource:
            names.append(ANY_RESOURCE)
            continue
        resource_type = getattr(member, "resource_type", None)
        if not isinstance(member, type) or not resource_type:
            raise CheckDefinitionError(
                f"{where}: parameter type {member!r} is not a model resource class"
            )
        names.append(resource_type)
    return tuple(names)


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _parameter_types(
    function: Callable[..., Any], where: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    try:
        hints = typing.get_type_hints(function)
    except Exception as exc:
        raise CheckDefinitionError(f"{where}: cannot read the check's annotations: {exc}") from exc
    parameters = list(inspect.signature(function).parameters)
    if not parameters:
        raise CheckDefinitionError(f"{where}: a check takes the resource it judges")
    missing = [p for p in parameters if p not in hints]
    if missing:
        raise CheckDefinitionError(f"{where}: parameters {missing} need type annotations")
    subjects = _resource_types(hints[parameters[0]], where)
    contexts: list[str] = []
    for name in parameters[1:]:
        context = _resource_types(hints[name], where)
        if len(context) != 1:
            raise CheckDefinitionError(f"{where}: context parameter {name} must name one type")
        contexts.append(context[0])
    return subjects, tuple(contexts)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--write-index"]:
        write_index()
        print(f"wrote {INDEX_FILE}")
        return 0
    if args == ["--check-index"]:
        current = json.loads(INDEX_FILE.read_text(encoding="utf-8")) if INDEX_FILE.exists() else {}
        # Compared as JSON: the file holds lists where the specs hold tuples.
        if current != json.loads(json.dumps(build_index())):
            print("index.json is stale: run python -m secfound.checks.registry --write-index")
            return 1
        return 0
    print("usage: python -m secfound.checks.registry --write-index | --check-index")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
