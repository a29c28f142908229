"""Evaluating a module: its variables, locals, resources, data sources, calls and outputs.

Evaluation is lazy and memoized: a name is evaluated when something refers to it, once.
That is Terraform's dependency order without building the graph, and it lets a reference
cycle show up as what it is (``Unresolved`` naming the cycle) instead of a hang. Each
resource argument is evaluated on its own, so two security groups that refer to each
other's ``id`` (a computed attribute) do not form a cycle.

Local modules (``source = "./…"``) are evaluated with their caller's inputs, and so are
remote modules (registry, git) that ``terraform init`` already downloaded (listed in
``.terraform/modules/modules.json``); other remote modules are not fetched: their outputs
are ``Unresolved`` and one notice per module says so. A module that calls itself, directly
or not, and a source that does not exist are input errors at the ``module`` block.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secfound.collect.files import relative_path
from secfound.collect.terraform.config import (
    Declared,
    ModuleConfig,
    installed_modules,
    load_config,
)
from secfound.collect.terraform.evaluate import Evaluator, Scope
from secfound.collect.terraform.expansion import Expansion, InstanceKey, collection, expand
from secfound.collect.terraform.policy_document import policy_json, render_policy_document
from secfound.collect.terraform.syntax import Block, Body, SourceFile
from secfound.collect.terraform.values import EvalError, Namespace, is_identifier_attribute
from secfound.collect.terraform.variables import convert, declared_type
from secfound.findings import InputError
from secfound.model.location import FileLocation
from secfound.model.values import Unresolved

if TYPE_CHECKING:
    from tree_sitter import Parser

# Arguments that steer Terraform itself rather than configure the resource.
META_ARGUMENTS = frozenset(
    {"count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"}
)
MODULE_META = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})
MAX_MODULE_DEPTH = 32

# Resource types whose ``id`` is one of their own arguments (the AWS provider sets it so):
# ``aws_s3_bucket.b.id`` is the bucket's name when the configuration gives the name.
ID_IS_ARGUMENT = {
    "aws_s3_bucket": "bucket",
    "aws_iam_role": "name",
    "aws_iam_user": "name",
    "aws_iam_group": "name",
}

# What ``given`` answers for a variable its caller did not set.
MISSING = object()


@dataclass
class LoadState:
    """What every module instance of one root module load shares."""

    parser: Parser
    evaluator: Evaluator
    root_dir: Path
    repo_root: Path
    errors: list[InputError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    configs: dict[Path, ModuleConfig] = field(default_factory=dict)
    in_progress: set[tuple[Any, ...]] = field(default_factory=set)
    # id() of each Unresolved standing for a declared resource's id/arn/name -> its address.
    identifiers: dict[int, tuple[Unresolved, str]] = field(default_factory=dict)
    reported: set[tuple[Any, ...]] = field(default_factory=set)
    # Module call key (``net.subnets``) -> directory, read once from the root's manifest.
    installed: dict[str, Path] | None = None
    # Called modules' directories as read, kept across the root modules of one scan: a
    # module that many root modules call is read and parsed once, not once per caller.
    shared: dict[tuple[Path, Path], ModuleConfig] = field(default_factory=dict)
    _resolved: dict[Path, Path] = field(default_factory=dict)

    def resolve(self, path: Path) -> Path:
        """``path.resolve()``, asked of the file system once per path and load: module calls
        ask for the same few directories thousands of times."""
        known = self._resolved.get(path)
        if known is None:
            known = self._resolved[path] = path.resolve()
        return known

    def installed_module(self, key: str) -> Path | None:
        if self.installed is None:
            self.installed = installed_modules(self.root_dir)
        return self.installed.get(key)

    def config(self, directory: Path) -> ModuleConfig:
        key = self.resolve(directory)
        if key not in self.configs:
            if key == self.resolve(self.root_dir):
                config = load_config(self.parser, directory, self.repo_root)
            else:
                config = self.shared.get((key, self.repo_root)) or load_config(
                    self.parser, directory, self.repo_root
                )
                self.shared[key, self.repo_root] = config
            self.configs[key] = config
            self.errors.extend(config.errors)
            self.notices.extend(config.notices)
        return self.configs[key]

    def error_at(self, file: SourceFile, block: Block, message: str) -> None:
        key = (file.display, block.span.line, message)
        if key not in self.reported:
            self.reported.add(key)
            self.errors.append(
                InputError(
                    path=file.display,
                    message=message,
                    line=block.span.line,
                    column=block.span.column,
                )
            )

    def notice_once(self, key: tuple[Any, ...], message: str) -> None:
        if key not in self.reported:
            self.reported.add(key)
            self.notices.append(message)

    def identifier_of(self, value: Any) -> str | None:
        """The address of the declared resource ``value`` is the id/arn/name of, if any."""
        if isinstance(value, Unresolved):
            entry = self.identifiers.get(id(value))
            if entry is not None and entry[0] is value:
                return entry[1]
        return None


def location_of(file: SourceFile, block: Block) -> FileLocation:
    return FileLocation(
        path=file.display,
        line=block.span.line,
        column=block.span.column,
        end_line=block.span.end_line,
    )


class Instance:
    """One instance of a resource or data block, its arguments evaluated on demand."""

    def __init__(
        self,
        module: ModuleInstance,
        mode: str,
        declared: Declared,
        key: InstanceKey,
        conditional: bool,
    ) -> None:
        block = declared.block
        self.module = module
        self.mode = mode
        self.type, self.name = block.labels[0], block.labels[1]
        self.block = block
        self.file = declared.file
        self.conditional = conditional
        prefix = "data." if mode == "data" else ""
        self.address = f"{module.prefix}{prefix}{self.type}.{self.name}{key.suffix()}"
        self.scope = module.scope.bind(key.bindings)
        self._arguments: dict[str, Any] = {}
        self._names = _argument_names(block.body)

    @property
    def location(self) -> FileLocation:
        return location_of(self.file, self.block)

    def argument(self, name: str) -> Any:
        if name in self._arguments:
            return self._arguments[name]
        key = (id(self), "argument", name)
        state = self.module.state
        if key in state.in_progress:
            raise EvalError(f"reference cycle through {self.address}.{name}")
        state.in_progress.add(key)
        try:
            value = evaluate_argument(state.evaluator, self.block.body, name, self.scope)
        finally:
            state.in_progress.discard(key)
        self._arguments[name] = value
        return value

    def arguments(self) -> dict[str, Any]:
        """Every argument the block sets, blocks as lists of mappings."""
        return {name: self.argument(name) for name in self._names}

    def attribute(self, name: str, text: str) -> Any:
        is_document = self.mode == "data" and self.type == "aws_iam_policy_document"
        if is_document and name in ("json", "minified_json"):
            document = render_policy_document(self.arguments(), self.address)
            return policy_json(document, text)
        if name in self._names:
            return self.argument(name)
        alias = ID_IS_ARGUMENT.get(self.type) if self.mode == "managed" and name == "id" else None
        if alias is not None and alias in self._names:
            known = self.argument(alias)
            if isinstance(known, str):
                return known
        declared = self.mode == "managed" and is_identifier_attribute(name)
        value = Unresolved(f"{self.module.prefix}{text}", identifier=declared)
        if declared:
            self.module.state.identifiers[id(value)] = (value, self.address)
        return value

    def reference(self) -> Namespace:
        return Namespace(self.address, self.attribute, self.arguments)


def _argument_names(body: Body) -> list[str]:
    names: list[str] = [a.name for a in body.attributes if a.name not in META_ARGUMENTS]
    for block in body.blocks:
        name = block.labels[0] if block.type == "dynamic" and block.labels else block.type
        if name not in META_ARGUMENTS and name not in names:
            names.append(name)
    return names


def evaluate_argument(evaluator: Evaluator, body: Body, name: str, scope: Scope) -> Any:
    """One argument of a body: an attribute's value, or the list of blocks of that type."""
    attribute = body.attribute(name)
    if attribute is not None:
        return evaluator.value_of(attribute.expr, scope)
    blocks: list[Any] = []
    for block in body.blocks:
        if block.type == name:
            blocks.append(evaluate_body(evaluator, block.body, scope))
        elif block.type == "dynamic" and block.labels and block.labels[0] == name:
            expanded = _dynamic(evaluator, block, scope)
            if isinstance(expanded, Unresolved):
                return expanded
            blocks.extend(expanded)
    return blocks


def evaluate_body(evaluator: Evaluator, body: Body, scope: Scope) -> dict[str, Any]:
    return {n: evaluate_argument(evaluator, body, n, scope) for n in _argument_names(body)}


def _dynamic(evaluator: Evaluator, block: Block, scope: Scope) -> list[Any] | Unresolved:
    name = block.labels[0]
    for_each = block.body.attribute("for_each")
    contents = block.body.blocks_of("content")
    if for_each is None or not contents:
        return Unresolved(f"dynamic {name!r} block without for_each or content")
    iterator_attr = block.body.attribute("iterator")
    iterator = name
    if iterator_attr is not None:
        iterator = iterator_attr.expr.text.strip()
    collection_value = evaluator.value_of(for_each.expr, scope)
    if isinstance(collection_value, dict):
        pairs = [(k, collection_value[k]) for k in sorted(collection_value)]
    elif isinstance(collection_value, list):
        pairs = list(enumerate(collection_value))
    else:
        return Unresolved(f"dynamic {name!r}: for_each = {for_each.expr.text}")
    out = []
    for key, value in pairs:
        inner = scope.bind({iterator: {"key": key, "value": value}})
        out.append(evaluate_body(evaluator, contents[0].body, inner))
    return out


class ModuleInstance:
    """One instance of a module: the root, or one key of a module call."""

    def __init__(
        self,
        state: LoadState,
        config: ModuleConfig,
        *,
        prefix: str = "",
        given: Callable[[str], Any] | None = None,
        conditional: bool = False,
        ancestry: tuple[Path, ...] = (),
        call_path: tuple[str, ...] = (),
    ) -> None:
        self.state = state
        self.call_path = call_path  # module call names from the root: ("net", "subnets")
        self.config = config
        self.prefix = prefix
        self.given = given or (lambda name: MISSING)
        self.conditional = conditional
        self.ancestry = (*ancestry, state.resolve(config.directory))
        self.scope = Scope(self._resolve)
        self._memo: dict[tuple[str, ...], Any] = {}
        self._namespaces = {
            "var": Namespace("var", lambda n, t: self.variable(n)),
            "local": Namespace("local", lambda n, t: self.local(n)),
            "module": Namespace("module", self.module_reference),
            "data": Namespace("data", self._data_type),
        }

    # -- names ----------------------------------------------------------------------------

    def _resolve(self, name: str, text: str) -> Any:
        if name in self._namespaces:
            return self._namespaces[name]
        if name == "path":
            module_path = relative_path(self.config.directory, self.state.root_dir)
            return {"module": module_path, "root": ".", "cwd": "."}
        if name == "terraform":
            return {"workspace": "default"}
        if name in ("count", "each", "self"):
            return Unresolved(text)
        if name in self.config.resource_types:
            return Namespace(name, lambda n, t: self.resource_reference(name, n, t))
        raise EvalError(f"{name!r} is not declared in this module")

    def _memoized(self, key: tuple[str, ...], label: str, compute: Callable[[], Any]) -> Any:
        if key in self._memo:
            return self._memo[key]
        guard = (id(self), *key)
        if guard in self.state.in_progress:
            raise EvalError(f"reference cycle through {label}")
        self.state.in_progress.add(guard)
        try:
            value = compute()
        finally:
            self.state.in_progress.discard(guard)
        self._memo[key] = value
        return value

    def variable(self, name: str) -> Any:
        declared = self.config.variables.get(name)
        if declared is None:
            raise EvalError(f"no variable {name!r} is declared")
        return self._memoized(("var", name), f"var.{name}", lambda: self._variable(name, declared))

    def _variable(self, name: str, declared: Declared) -> Any:
        body = declared.block.body
        type_attr = body.attribute("type")
        type_text = declared_type(type_attr.expr if type_attr is not None else None)
        value = self.given(name)
        if value is MISSING:
            default = body.attribute("default")
            if default is None:
                return Unresolved(f"var.{name}")
            value = self.state.evaluator.value_of(default.expr, Scope())
        return convert(value, type_text, name)

    def local(self, name: str) -> Any:
        entry = self.config.locals.get(name)
        if entry is None:
            raise EvalError(f"no local value {name!r} is declared")
        attribute = entry[0]
        return self._memoized(
            ("local", name),
            f"local.{name}",
            lambda: self.state.evaluator.value_of(attribute.expr, self.scope),
        )

    # -- resources and data ---------------------------------------------------------------

    def instances(self, mode: str, type_: str, name: str) -> tuple[Expansion, list[Instance]]:
        table = self.config.resources if mode == "managed" else self.config.data
        declared = table[(type_, name)]
        return self._memoized(  # type: ignore[no-any-return]
            (mode, type_, name),
            f"{type_}.{name}",
            lambda: self._expand(mode, declared),
        )

    def _expand(self, mode: str, declared: Declared) -> tuple[Expansion, list[Instance]]:
        expansion = expand(self.state.evaluator, declared.block.body, self.scope)
        conditional = self.conditional or not expansion.known
        made = [Instance(self, mode, declared, key, conditional) for key in expansion.instances]
        return expansion, made

    def resource_reference(self, type_: str, name: str, text: str) -> Any:
        if (type_, name) not in self.config.resources:
            raise EvalError(f"no resource {type_}.{name} is declared")
        expansion, made = self.instances("managed", type_, name)
        return collection(expansion, [i.reference() for i in made], text)

    def _data_type(self, type_: str, text: str) -> Namespace:
        return Namespace(f"data.{type_}", lambda n, t: self.data_reference(type_, n, t))

    def data_reference(self, type_: str, name: str, text: str) -> Any:
        if (type_, name) not in self.config.data:
            raise EvalError(f"no data source {type_}.{name} is declared")
        expansion, made = self.instances("data", type_, name)
        return collection(expansion, [i.reference() for i in made], text)

    # -- module calls ---------------------------------------------------------------------

    def module_reference(self, name: str, text: str) -> Any:
        if name not in self.config.modules:
            raise EvalError(f"no module {name!r} is declared")
        children = self.children(name)
        if children is None:
            return Namespace(text, lambda n, t: Unresolved(t))
        expansion, made = children
        return collection(expansion, [c.outputs_namespace() for c in made], text)

    def children(self, name: str) -> tuple[Expansion, list[ModuleInstance]] | None:
        """The instances of one module call; None when the module cannot be evaluated."""
        return self._memoized(  # type: ignore[no-any-return]
            ("module", name), f"module.{name}", lambda: self._call(name)
        )

    def _call(self, name: str) -> tuple[Expansion, list[ModuleInstance]] | None:
        declared = self.config.modules[name]
        body, file, block = declared.block.body, declared.file, declared.block
        source_attr = body.attribute("source")
        source = self.state.evaluator.value_of(source_attr.expr, Scope()) if source_attr else None
        if not isinstance(source, str):
            self.state.error_at(file, block, f"module {name!r}: source must be a literal string")
            return None
        installed = self.state.installed_module(".".join((*self.call_path, name)))
        if installed is not None:
            source = str(installed)
        elif not source.startswith(("./", "../")) and source not in (".", ".."):
            self.state.notice_once(
                ("remote", file.display, block.span.line),
                f"{file.display}:{block.span.line}: module {name!r} comes from {source!r}, "
                "which is not fetched; its outputs are unresolved and its resources not scanned",
            )
            return None
        directory = self.state.resolve(self.config.directory / source)
        if not directory.is_dir():
            self.state.error_at(file, block, f"module {name!r}: source {source!r} does not exist")
            return None
        if directory in self.ancestry:
            chain = " -> ".join(
                relative_path(p, self.state.repo_root) for p in (*self.ancestry, directory)
            )
            self.state.error_at(file, block, f"module {name!r}: module cycle {chain}")
            return None
        if len(self.ancestry) >= MAX_MODULE_DEPTH:
            self.state.error_at(file, block, f"module {name!r}: modules nested too deeply")
            return None
        config = self.state.config(directory)
        expansion = expand(self.state.evaluator, body, self.scope)
        children = []
        for key in expansion.instances:
            scope = self.scope.bind(key.bindings)
            children.append(
                ModuleInstance(
                    self.state,
                    config,
                    prefix=f"{self.prefix}module.{name}{key.suffix()}.",
                    given=_inputs(self.state.evaluator, body, scope),
                    conditional=self.conditional or not expansion.known,
                    ancestry=self.ancestry,
                    call_path=(*self.call_path, name),
                )
            )
        return expansion, children

    def output(self, name: str, text: str) -> Any:
        declared = self.config.outputs.get(name)
        if declared is None:
            raise EvalError(f"{text}: the module has no output {name!r}")
        value_attr = declared.block.body.attribute("value")
        if value_attr is None:
            return None
        return self._memoized(
            ("output", name),
            text,
            lambda: self.state.evaluator.value_of(value_attr.expr, self.scope),
        )

    def outputs_namespace(self) -> Namespace:
        return Namespace(
            self.prefix.rstrip("."),
            self.output,
            lambda: {n: self.output(n, f"{self.prefix}{n}") for n in self.config.outputs},
        )

    # -- walking --------------------------------------------------------------------------

    def managed_instances(self) -> list[Instance]:
        """Every managed resource instance of this module and the modules it calls."""
        found: list[Instance] = []
        for type_, name in self.config.resources:
            found.extend(self.instances("managed", type_, name)[1])
        for call in self.config.modules:
            try:
                children = self.children(call)
            except EvalError as exc:
                declared = self.config.modules[call]
                self.state.error_at(declared.file, declared.block, str(exc))
                continue
            if children is None:
                continue
            for child in children[1]:
                found.extend(child.managed_instances())
        return found


def _inputs(evaluator: Evaluator, body: Body, scope: Scope) -> Callable[[str], Any]:
    memo: dict[str, Any] = {}

    def given(name: str) -> Any:
        if name in MODULE_META:
            return MISSING
        if name not in memo:
            attribute = body.attribute(name)
            memo[name] = MISSING if attribute is None else evaluator.value_of(attribute.expr, scope)
        return memo[name]

    return given
