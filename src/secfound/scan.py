"""``scan``: from paths to source results, one evaluation unit per template or root module.

Imports each source only when the walk found files for it, so a scan of a few templates
never loads the Terraform parser, and neither loads anything for the other.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from secfound.collect import SourceResult
from secfound.collect.files import MAX_SOURCE_BYTES, decode_source, relative_path
from secfound.discover import Discovery, discover, repository_root
from secfound.errors import TemplateError
from secfound.findings import InputError

Progress = Callable[[str], None]

# Markers that make an unreadable .json/.yaml file worth reporting rather than passing over.
_TEMPLATE_MARKERS = (b"AWSTemplateFormatVersion", b"Resources")
# Sections of ``terraform show -json`` output; with ``format_version``, a plan file.
_PLAN_MARKERS = (b'"planned_values"', b'"resource_changes"', b'"terraform_version"')


@dataclass(frozen=True)
class ScanInputs:
    """What to scan and with which values for parameters and variables."""

    paths: tuple[Path, ...]
    parameters: Mapping[str, str] = field(default_factory=dict)
    parameter_files: tuple[Path, ...] = ()
    var_files: tuple[Path, ...] = ()
    variables: Mapping[str, str] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    # Paths in findings are relative to this; default: each path's repository root.
    root: Path | None = None


@dataclass(frozen=True)
class Collected:
    """Everything the sources produced for one scan."""

    roots: tuple[str, ...]
    results: tuple[SourceResult, ...]
    errors: tuple[InputError, ...]
    passed_over: tuple[str, ...]

    @property
    def resource_count(self) -> int:
        return sum(len(r.resources) for r in self.results)


def collect(inputs: ScanInputs, progress: Progress | None = None) -> Collected:
    """Walk the paths and run every source on what it found."""
    say = progress or (lambda _message: None)
    groups: dict[Path, list[Path]] = {}
    for path in inputs.paths:
        root = inputs.root.resolve() if inputs.root is not None else repository_root(path)
        groups.setdefault(root, []).append(path)
    results: list[SourceResult] = []
    errors: list[InputError] = []
    passed_over: list[str] = []
    for root, paths in groups.items():
        found = discover(paths, root, exclude=inputs.exclude)
        errors.extend(found.errors)
        passed_over.extend(found.passed_over)
        say(
            f"found {len(found.template_candidates)} template candidate(s) and "
            f"{len(found.terraform_dirs)} Terraform folder(s) under {root}"
        )
        planned = _collect_cloudformation(found, inputs, results, errors, passed_over)
        _collect_terraform(found, inputs, results, errors, planned)
    for result in results:
        errors.extend(result.errors)
    return Collected(
        roots=tuple(str(r) for r in groups),
        results=tuple(results),
        errors=tuple(errors),
        passed_over=tuple(passed_over),
    )


def _collect_cloudformation(
    found: Discovery,
    inputs: ScanInputs,
    results: list[SourceResult],
    errors: list[InputError],
    passed_over: list[str],
) -> set[Path]:
    """Templates, and Terraform plan JSON; returns the root modules the plans stand for."""
    planned: set[Path] = set()
    if not found.template_candidates:
        return planned
    from secfound.collect import cloudformation

    for path in found.template_candidates:
        if _is_plan(path) and _collect_plan(path, found.root, results, errors, planned):
            continue
        display = relative_path(path, found.root)
        text = _template_text(path, display, errors, passed_over)
        if text is None:
            continue
        candidate = cloudformation.inspect_candidate(path, text)
        if not candidate.is_template:
            passed_over.append(f"{display} (not a CloudFormation template)")
            continue
        try:
            results.append(
                cloudformation.load_template(
                    path,
                    root=found.root,
                    parameters=inputs.parameters,
                    parameter_files=inputs.parameter_files,
                    document=candidate.document,
                )
            )
        except TemplateError as exc:
            errors.append(_input_error(exc))
    return planned


def _is_plan(path: Path) -> bool:
    """A ``.json`` file whose head names ``format_version`` and a plan section."""
    if path.suffix.lower() != ".json":
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return False
    return b'"format_version"' in head and any(marker in head for marker in _PLAN_MARKERS)


def _collect_plan(
    path: Path,
    root: Path,
    results: list[SourceResult],
    errors: list[InputError],
    planned: set[Path],
) -> bool:
    """Scan ``path`` as a Terraform plan; False when it is not one after all."""
    from secfound.collect.terraform import plan

    try:
        document = plan.read_plan(path, relative_path(path, root))
        if document is None:
            return False
        results.append(plan.load_plan(path, root=root, document=document))
    except TemplateError as exc:
        errors.append(_input_error(exc))
        return True
    config_dir = plan.plan_config_dir(path)
    if config_dir is not None:
        planned.add(config_dir.resolve())
    return True


def _template_text(
    path: Path, display: str, errors: list[InputError], passed_over: list[str]
) -> str | None:
    """The file's text when it may be a template; records why not otherwise."""
    try:
        with path.open("rb") as handle:
            head = handle.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        errors.append(InputError(path=display, message=f"cannot read: {exc.strerror or exc}"))
        return None
    looks_like = any(marker in head for marker in _TEMPLATE_MARKERS)
    if len(head) > MAX_SOURCE_BYTES:
        if looks_like:
            errors.append(
                InputError(
                    path=display,
                    message=f"file is over the {MAX_SOURCE_BYTES:,}-byte limit for a template",
                )
            )
        else:
            passed_over.append(f"{display} (larger than a template, no template keys)")
        return None
    try:
        return decode_source(head, display)
    except TemplateError as exc:
        if looks_like:
            errors.append(_input_error(exc))
        else:
            passed_over.append(f"{display} ({exc.message})")
        return None


def _collect_terraform(
    found: Discovery,
    inputs: ScanInputs,
    results: list[SourceResult],
    errors: list[InputError],
    planned: set[Path],
) -> None:
    if not found.terraform_dirs:
        return
    from secfound.collect import terraform

    modules = terraform.ModuleCache()
    for directory in terraform.find_root_modules(found.terraform_dirs):
        if directory.resolve() in planned:
            continue  # a plan beside the configuration stands for it, with exact values
        try:
            result = terraform.load_root_module(
                directory,
                root=found.root,
                var_files=inputs.var_files,
                variables=inputs.variables,
                modules=modules,
            )
            if directory.resolve() in found.partial_dirs:
                result = _given_files_only(result, found)
            results.append(result)
        except TemplateError as exc:
            errors.append(_input_error(exc))


def _given_files_only(result: SourceResult, found: Discovery) -> SourceResult:
    """Only the resources declared in the ``.tf`` files given one by one.

    Pre-commit passes the changed files: the whole module (its variables, locals, other
    files, the modules it calls) is still evaluated so values resolve as in a full scan,
    but findings are for what the given files declare.
    """
    given = {relative_path(p, found.root) for p in found.terraform_files}
    kept = tuple(r for r in result.resources if getattr(r.location, "path", None) in given)
    notices = result.notices
    if len(kept) < len(result.resources):
        notices = (
            *notices,
            f"{result.root}: {len(result.resources) - len(kept)} resource(s) of files not "
            "given were evaluated for context and are not reported",
        )
    return dataclasses.replace(result, resources=kept, notices=notices)


def _input_error(exc: TemplateError) -> InputError:
    return InputError(path=exc.path, message=exc.message, line=exc.line, column=exc.column)
