"""Loading one Terraform root module into model objects, and finding the root modules.

The steps: read and parse the module's files (one tree-sitter parser for the whole load),
gather variable values, evaluate every resource instance of the module and the local
modules it calls, normalize the supported types, then merge configuring resources into
their targets through the join table.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from secfound.collect import SourceResult
from secfound.collect.files import read_source_text, relative_path
from secfound.collect.terraform.config import ModuleConfig, source_files
from secfound.collect.terraform.evaluate import Evaluator
from secfound.collect.terraform.functions import FunctionContext
from secfound.collect.terraform.joins import Target, apply_joins
from secfound.collect.terraform.module import MISSING, Instance, LoadState, ModuleInstance
from secfound.collect.terraform.parse import new_parser
from secfound.collect.terraform.resources import join_table, normalizers
from secfound.collect.terraform.resources.convert import TerraformResource
from secfound.collect.terraform.variables import declared_type, root_values
from secfound.errors import SourceError, TemplateError
from secfound.findings import InputError
from secfound.model.resource import Resource

_NO_VARIABLES: Mapping[str, str] = {}


class ModuleCache:
    """Called modules read once per scan, shared by the root modules that call them.

    Repositories call the same local modules from many root modules; without the cache
    each caller would read and parse them again. Only called modules are kept: a root
    module is read once anyway, and its syntax tree is freed when its load ends.
    """

    __slots__ = ("configs",)

    def __init__(self) -> None:
        self.configs: dict[tuple[Path, Path], ModuleConfig] = {}


def load_root_module(
    directory: Path,
    *,
    root: Path,
    var_files: Sequence[Path] = (),
    variables: Mapping[str, str] = _NO_VARIABLES,
    modules: ModuleCache | None = None,
) -> SourceResult:
    """Evaluate the root module in ``directory``; paths in results are relative to ``root``.

    A file that cannot be read or parsed becomes an ``InputError`` and the other files are
    still evaluated. Raises ``TemplateError`` only when no file at all could be read, and
    ``ConfigError`` for a bad ``--var-file`` or ``--var``. Pass one ``modules`` cache to the
    loads of one scan to read each called module once.
    """
    display = relative_path(directory, root)
    parser = new_parser()
    evaluator = Evaluator(FunctionContext(directory, root, parser))
    state = LoadState(
        parser=parser,
        evaluator=evaluator,
        root_dir=directory,
        repo_root=root,
        shared=(modules or ModuleCache()).configs,
    )
    config = state.config(directory)
    if not config.files:
        if config.unreadable:
            first = config.errors[0]
            raise TemplateError(
                f"no Terraform file could be read ({first.message})",
                path=first.path,
                line=first.line,
                column=first.column,
            )
        raise TemplateError("no .tf or .tf.json files", path=display)
    types = {}
    for name, declared in config.variables.items():
        type_attr = declared.block.body.attribute("type")
        types[name] = declared_type(type_attr.expr if type_attr is not None else None)
    given = root_values(
        parser, evaluator, directory, root, var_files, variables, types, state.errors
    )
    for name in sorted(set(variables) - set(config.variables)):
        state.notices.append(f"{display}: --var {name}: no variable {name!r} is declared here")
    module = ModuleInstance(state, config, given=lambda name: given.get(name, MISSING))
    resources = _normalize(state, module.managed_instances())
    return SourceResult(
        root=display,
        kind="terraform",
        resources=tuple(resources),
        errors=tuple(state.errors),
        notices=tuple(state.notices),
    )


def _normalize(state: LoadState, instances: list[Instance]) -> list[Resource]:
    table = normalizers()
    specs = join_table()
    resources: list[Resource] = []
    targets: dict[str, Target] = {}
    sources: list[TerraformResource] = []
    for instance in instances:
        if instance.type not in table and instance.type not in specs:
            continue
        try:
            arguments = instance.arguments()
        except RecursionError:
            state.errors.append(_error(instance, "nested too deeply to evaluate"))
            continue
        resource = TerraformResource(
            address=instance.address,
            type=instance.type,
            location=instance.location,
            arguments=arguments,
            conditional=instance.conditional,
        )
        if instance.type in specs:
            sources.append(resource)
            continue
        resources.append(table[instance.type](resource))
        targets[instance.address] = Target(instance.type, arguments)
    return apply_joins(specs, resources, targets, sources, state.identifier_of, state.notices)


def _error(instance: Instance, message: str) -> InputError:
    location = instance.location
    return InputError(
        path=location.path, message=f"{instance.address}: {message}", line=location.line
    )


def find_root_modules(directories: Sequence[Path]) -> list[Path]:
    """The directories to evaluate as root modules.

    Every given directory except those another given directory calls as a local module
    (``source = "./…"``): a called module is evaluated through its callers, with their
    inputs. Directories that only call each other in a cycle are kept, so the cycle is
    reported rather than the files skipped.
    """
    resolved = {d.resolve(): d for d in directories}
    parser = new_parser()
    calls: dict[Path, set[Path]] = {}
    for directory in resolved:
        calls[directory] = {
            (directory / source).resolve() for source in _local_sources(parser, directory)
        }
    called = {c for d, targets in calls.items() for c in targets if c != d}
    roots = [d for d in resolved if d not in called]
    reachable: set[Path] = set()
    pending = list(roots)
    while pending:
        current = pending.pop()
        if current in reachable:
            continue
        reachable.add(current)
        pending.extend(t for t in calls.get(current, ()) if t in resolved)
    for directory in sorted(resolved):
        if directory not in reachable:
            roots.append(directory)
            pending = [directory]
            while pending:
                current = pending.pop()
                if current in reachable:
                    continue
                reachable.add(current)
                pending.extend(t for t in calls.get(current, ()) if t in resolved)
    return sorted((resolved[d] for d in roots), key=str)


def _local_sources(parser: object, directory: Path) -> list[str]:
    """``source`` strings of the module calls in ``directory`` that point to local paths."""
    from secfound.collect.terraform.parse import HclSyntaxError, top_level_blocks
    from secfound.collect.terraform.syntax import Literal

    sources: list[str] = []
    for path in source_files(directory):
        try:
            text = read_source_text(path, path.name)
            if path.name.endswith(".json"):
                document = json.loads(text)
                modules = document.get("module", {}) if isinstance(document, dict) else {}
                entries = modules if isinstance(modules, list) else [modules]
                for entry in entries:
                    if isinstance(entry, dict):
                        for call in entry.values():
                            if isinstance(call, dict) and isinstance(call.get("source"), str):
                                sources.append(call["source"])
                continue
            if "module" not in text or "source" not in text:
                continue  # HCL cannot write a module call without both words: no parse needed
            blocks = top_level_blocks(parser, text, "module")  # type: ignore[arg-type]
        except (SourceError, HclSyntaxError, ValueError, RecursionError):
            continue
        for block in blocks:
            attribute = block.body.attribute("source")
            if attribute is not None and isinstance(attribute.expr, Literal):
                value = attribute.expr.value
                if isinstance(value, str):
                    sources.append(value)
    return [s for s in sources if s.startswith(("./", "../"))]
