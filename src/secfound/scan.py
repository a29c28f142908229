"""``scan``: from paths to source results, one evaluation unit per template or root module.

Imports each source only when the walk found files for it, so a scan of a few templates
never loads the Terraform parser, and neither loads anything for the other.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

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
    # Processes to spread the work over (secfound.workers); None: one per core.
    jobs: int | None = None


@dataclass(frozen=True)
class Collected:
    """Everything the sources produced for one scan (or for one share of it)."""

    roots: tuple[str, ...]
    results: tuple[SourceResult, ...]
    errors: tuple[InputError, ...]
    passed_over: tuple[str, ...]
    # Each result's position among all the scan's units: results of processes that split
    # the scan (secfound.workers) merge back into the order of a single-process scan.
    order: tuple[int, ...] = ()

    @property
    def resource_count(self) -> int:
        return sum(len(r.resources) for r in self.results)


class Claims(Protocol):
    """Units handed out to whichever process asks first (``secfound.workers``)."""

    def claim(self, unit: int) -> bool: ...


@dataclass(frozen=True)
class Share:
    """One process's part of a scan split over ``count`` processes. With ``claims``, the
    units it claims first (a process that is ahead takes more); without, every
    ``count``-th unit (template or root module) from ``index``. Share 0 also reports what
    the walk found (passed-over files, unreadable folders)."""

    index: int
    count: int
    claims: Claims | None = None

    def owns(self, unit: int) -> bool:
        if self.claims is not None:
            return self.claims.claim(unit)
        return unit % self.count == self.index


def discover_inputs(inputs: ScanInputs, progress: Progress | None = None) -> list[Discovery]:
    """Walk the paths, grouped by repository root."""
    say = progress or (lambda _message: None)
    groups: dict[Path, list[Path]] = {}
    for path in inputs.paths:
        root = inputs.root.resolve() if inputs.root is not None else repository_root(path)
        groups.setdefault(root, []).append(path)
    found: list[Discovery] = []
    for root, paths in groups.items():
        discovery = discover(paths, root, exclude=inputs.exclude)
        say(
            f"found {len(discovery.template_candidates)} template candidate(s) and "
            f"{len(discovery.terraform_dirs)} Terraform folder(s) under {root}"
        )
        found.append(discovery)
    return found


def unit_count(found: Sequence[Discovery]) -> int:
    """How many units a scan of ``found`` numbers: every template candidate and every
    Terraform root module."""
    return sum(len(d.template_candidates) + len(root_modules_of(d)) for d in found)


def root_modules_of(found: Discovery) -> list[Path]:
    """The Terraform folders evaluated as root modules (the others are called by them)."""
    if found.root_modules is None:
        if found.terraform_dirs:
            from secfound.collect.terraform import find_root_modules

            found.root_modules = find_root_modules(found.terraform_dirs)
        else:
            found.root_modules = []
    return found.root_modules


def collect(
    inputs: ScanInputs,
    progress: Progress | None = None,
    *,
    found: Sequence[Discovery] | None = None,
    share: Share | None = None,
) -> Collected:
    """Run every source on what the walk found (walking first unless ``found`` is given);
    with ``share``, only on the units of that share."""
    if found is None:
        found = discover_inputs(inputs, progress)
    units = _Units(share)
    errors: list[InputError] = []
    passed_over: list[str] = []
    for discovery in found:
        if share is None or share.index == 0:
            errors.extend(discovery.errors)
            passed_over.extend(discovery.passed_over)
        planned = _collect_cloudformation(discovery, inputs, units, errors, passed_over)
        _collect_terraform(discovery, inputs, units, errors, planned)
    for _unit, result in units.results:
        errors.extend(result.errors)
    return Collected(
        roots=tuple(str(d.root) for d in found),
        results=tuple(result for _unit, result in units.results),
        errors=tuple(errors),
        passed_over=tuple(passed_over),
        order=tuple(unit for unit, _result in units.results),
    )


class _Units:
    """Numbers the units in walk order (the same in every share) and keeps the results of
    the units this share owns."""

    def __init__(self, share: Share | None) -> None:
        self.share = share
        self.results: list[tuple[int, SourceResult]] = []
        self._next = 0

    def take(self) -> tuple[int, bool]:
        """The next unit's number, and whether this share evaluates it."""
        unit = self._next
        self._next += 1
        return unit, self.share is None or self.share.owns(unit)


def _collect_cloudformation(
    found: Discovery,
    inputs: ScanInputs,
    units: _Units,
    errors: list[InputError],
    passed_over: list[str],
) -> set[Path]:
    """Templates, and Terraform plan JSON; returns the root modules the plans stand for.

    Every share reads every plan: a plan decides which Terraform folders no share reads.
    """
    planned: set[Path] = set()
    if not found.template_candidates:
        return planned
    from secfound.collect import cloudformation

    for path in found.template_candidates:
        unit, owned = units.take()
        if _is_plan(path):
            kept: list[SourceResult] = []
            noted: list[InputError] = []
            if _collect_plan(path, found.root, kept, noted, planned):
                if owned:
                    units.results.extend((unit, result) for result in kept)
                    errors.extend(noted)
                continue
        if not owned:
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
            result = cloudformation.load_template(
                path,
                root=found.root,
                parameters=inputs.parameters,
                parameter_files=inputs.parameter_files,
                document=candidate.document,
            )
        except TemplateError as exc:
            errors.append(_input_error(exc))
        else:
            units.results.append((unit, result))
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
    units: _Units,
    errors: list[InputError],
    planned: set[Path],
) -> None:
    if not found.terraform_dirs:
        return
    from secfound.collect import terraform

    modules = terraform.ModuleCache()
    for directory in root_modules_of(found):
        unit, owned = units.take()
        if not owned or directory.resolve() in planned:
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
            units.results.append((unit, result))
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
