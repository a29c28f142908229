"""A module directory read into its declarations: variables, locals, resources, calls.

Files are read in lexical order, as Terraform does. A file that cannot be read or parsed
becomes an ``InputError`` and the module's other files are still used. Override files
(``override.tf``, ``*_override.tf``) change declarations made elsewhere; secfound does not
merge them yet and says so in a notice rather than count their resources twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from secfound.collect.files import read_source_text, relative_path
from secfound.collect.terraform.json_syntax import parse_json_body
from secfound.collect.terraform.parse import HclSyntaxError, parse_body
from secfound.collect.terraform.syntax import Attribute, Block, SourceFile
from secfound.errors import TemplateError
from secfound.findings import InputError

if TYPE_CHECKING:
    from tree_sitter import Parser


@dataclass(frozen=True)
class Declared:
    """A block and the file it is written in."""

    block: Block
    file: SourceFile


@dataclass(frozen=True)
class ModuleConfig:
    directory: Path
    files: tuple[SourceFile, ...] = ()
    variables: dict[str, Declared] = field(default_factory=dict)
    locals: dict[str, tuple[Attribute, SourceFile]] = field(default_factory=dict)
    resources: dict[tuple[str, str], Declared] = field(default_factory=dict)
    data: dict[tuple[str, str], Declared] = field(default_factory=dict)
    modules: dict[str, Declared] = field(default_factory=dict)
    outputs: dict[str, Declared] = field(default_factory=dict)
    errors: tuple[InputError, ...] = ()
    notices: tuple[str, ...] = ()
    unreadable: int = 0

    @property
    def resource_types(self) -> frozenset[str]:
        return frozenset(t for t, _ in self.resources)


def source_files(directory: Path) -> list[Path]:
    """The ``.tf`` and ``.tf.json`` files of a module directory, in lexical order."""
    try:
        entries = sorted(directory.iterdir(), key=lambda p: p.name)
    except OSError:
        return []
    return [p for p in entries if p.name.endswith((".tf", ".tf.json")) and p.is_file()]


def installed_modules(root_dir: Path) -> dict[str, Path]:
    """Module call key -> directory, from ``.terraform/modules/modules.json`` (``terraform init``).

    ``terraform init`` downloads registry and git modules under ``.terraform/modules`` and
    lists each call there by its key: the dotted names of the calls that lead to it
    (``net``, ``net.subnets``), ``Dir`` relative to the root module. A missing or unreadable
    manifest is no manifest: such modules stay unfetched, as before ``init``.
    """
    manifest = root_dir / ".terraform" / "modules" / "modules.json"
    try:
        document = json.loads(read_source_text(manifest, manifest.name))
    except (TemplateError, ValueError, RecursionError):
        return {}
    entries = document.get("Modules") if isinstance(document, dict) else None
    found: dict[str, Path] = {}
    for entry in entries if isinstance(entries, list) else ():
        if not isinstance(entry, dict):
            continue
        key, directory = entry.get("Key"), entry.get("Dir")
        if isinstance(key, str) and key and isinstance(directory, str) and directory:
            found[key] = (root_dir / directory).resolve()
    return found


def is_override(path: Path) -> bool:
    stem = path.name.removesuffix(".json").removesuffix(".tf")
    return stem == "override" or stem.endswith("_override")


def read_file(parser: Parser, path: Path, repo_root: Path) -> SourceFile | InputError:
    display = relative_path(path, repo_root)
    try:
        text = read_source_text(path, display)
        if path.name.endswith(".json"):
            body = parse_json_body(parser, text)
        else:
            body = parse_body(parser, text)
    except TemplateError as exc:
        return InputError(path=display, message=exc.message, line=exc.line, column=exc.column)
    except HclSyntaxError as exc:
        return InputError(path=display, message=exc.message, line=exc.line, column=exc.column)
    except RecursionError:
        return InputError(path=display, message="nested too deeply to parse")
    return SourceFile(path, display, body)


def load_config(parser: Parser, directory: Path, repo_root: Path) -> ModuleConfig:
    """Read every file of ``directory``; errors are collected, never raised."""
    files: list[SourceFile] = []
    errors: list[InputError] = []
    notices: list[str] = []
    for path in source_files(directory):
        if is_override(path):
            notices.append(
                f"{relative_path(path, repo_root)}: override files are not merged yet; skipped"
            )
            continue
        result = read_file(parser, path, repo_root)
        if isinstance(result, InputError):
            errors.append(result)
        else:
            files.append(result)
    unreadable = len(errors)
    config = ModuleConfig(directory=directory, files=tuple(files), notices=tuple(notices))
    for file in files:
        for block in file.body.blocks:
            _declare(config, block, file, errors)
    # The declaration tables were filled in place; errors now include declaration errors.
    return replace(config, errors=tuple(errors), unreadable=unreadable)


def _declare(
    config: ModuleConfig, block: Block, file: SourceFile, errors: list[InputError]
) -> None:
    labels = block.labels
    kind = block.type
    table: dict[str, Declared] | dict[tuple[str, str], Declared] | None = None
    key: str | tuple[str, str] | None = None
    if kind == "locals":
        for attribute in block.body.attributes:
            config.locals[attribute.name] = (attribute, file)
        return
    if kind in ("resource", "data") and len(labels) == 2:
        table, key = (
            (config.resources if kind == "resource" else config.data),
            (labels[0], labels[1]),
        )
    elif kind in ("variable", "module", "output") and len(labels) == 1:
        table = {"variable": config.variables, "module": config.modules, "output": config.outputs}[
            kind
        ]
        key = labels[0]
    elif kind in ("resource", "data", "variable", "module", "output"):
        errors.append(
            InputError(
                path=file.display,
                message=f"{kind} block with {len(labels)} label(s)",
                line=block.span.line,
                column=block.span.column,
            )
        )
        return
    if table is None or key is None:
        return  # terraform, provider, moved, import, check blocks: nothing to evaluate
    if key in table:
        errors.append(
            InputError(
                path=file.display,
                message=f"duplicate {kind} {'.'.join(key) if isinstance(key, tuple) else key}",
                line=block.span.line,
                column=block.span.column,
            )
        )
        return
    table[key] = Declared(block, file)  # type: ignore[index]
