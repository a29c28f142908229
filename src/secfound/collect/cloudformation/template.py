"""Loading one CloudFormation template into model objects.

Reading (YAML or JSON, with positions and guards), then parameters, conditions and
intrinsics, then one normalizer per supported resource type, then the joins that merge
configuring resources into the resource they configure. A problem with the whole file is
a ``TemplateError``; a problem confined to one resource or expression is an ``InputError``
in the result, and everything else is still returned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from secfound.collect import SourceResult
from secfound.collect.cloudformation.intrinsics import NO_VALUE, Resolver, Scope
from secfound.collect.cloudformation.joins import find_targets, joins
from secfound.collect.cloudformation.json_reader import read_json
from secfound.collect.cloudformation.parameters import load_parameter_file, parameter_values
from secfound.collect.cloudformation.resources import normalizers
from secfound.collect.cloudformation.tree import Mark, MarkedMap
from secfound.collect.cloudformation.yaml_reader import ReadResult, read_yaml
from secfound.collect.files import read_source_text, relative_path
from secfound.errors import TemplateError
from secfound.findings import InputError
from secfound.model.location import FileLocation
from secfound.model.resource import Resource
from secfound.model.values import Unresolved

TEMPLATE_SUFFIXES = frozenset({".json", ".yaml", ".yml", ".template"})
_MARKERS = ("Resources", "AWSTemplateFormatVersion")
_NO_PARAMETERS: Mapping[str, str] = MappingProxyType({})


def read_document(
    text: str, path: str, *, is_json: bool = False, first_only: bool = False
) -> ReadResult:
    """The document in ``text``: JSON when the file says so or starts with ``{``, else YAML."""
    if is_json:
        return read_json(text, path)
    if text.lstrip().startswith("{"):
        try:
            return read_json(text, path)
        except TemplateError as json_error:
            try:
                return read_yaml(text, path)  # a YAML flow mapping is not JSON
            except TemplateError:
                raise json_error from None
    return read_yaml(text, path, first_only=first_only)


@dataclass(frozen=True)
class Candidate:
    """Whether a file is a template, and its document when telling read the whole file.

    Telling a template from other YAML reads the document; ``load_template`` takes that
    document instead of reading the file a second time.
    """

    is_template: bool
    document: ReadResult | None = None


def looks_like_template(path: Path, text: str) -> bool:
    """True when ``path`` holds a CloudFormation template (or a broken attempt at one).

    It must have a template suffix and a top-level ``Resources`` or
    ``AWSTemplateFormatVersion`` key; a file that does not parse counts when that text
    appears in it, so a broken template is reported rather than passed over.
    """
    return inspect_candidate(path, text).is_template


def inspect_candidate(path: Path, text: str) -> Candidate:
    """``looks_like_template``, keeping the document read on the way when it is complete."""
    if path.suffix.lower() not in TEMPLATE_SUFFIXES:
        return Candidate(False)
    if not any(marker in text for marker in _MARKERS):
        return Candidate(False)
    try:
        document = read_document(
            text, str(path), is_json=path.suffix.lower() == ".json", first_only=True
        )
    except TemplateError:
        return Candidate(True)
    is_template = isinstance(document.document, Mapping) and any(
        marker in document.document for marker in _MARKERS
    )
    return Candidate(is_template, document if is_template and document.complete else None)


def load_template(
    path: Path,
    *,
    root: Path,
    parameters: Mapping[str, str] = _NO_PARAMETERS,
    parameter_files: Sequence[Path] = (),
    document: ReadResult | None = None,
) -> SourceResult:
    """The resources of the template at ``path``; locations are relative to ``root``.

    Parameter values come from defaults, then ``parameter_files`` in order, then
    ``parameters`` (``--param``). Raises ``TemplateError`` when the file cannot be read or
    parsed as a template; ``ConfigError`` when a parameter file is bad. ``document`` is the
    file's document when ``inspect_candidate`` already read it.
    """
    display = relative_path(path, root)
    if document is None:
        text = read_source_text(path, display)
        document = read_document(text, display, is_json=path.suffix.lower() == ".json")
    if isinstance(document.document, Mapping) and "Transform" in document.document:
        from secfound.collect.cloudformation import sam  # only then: the translator is heavy

        if sam.needs_expansion(document.document):
            document = sam.expand(document, display)
    overrides: dict[str, str] = {}
    for parameter_file in parameter_files:
        overrides.update(load_parameter_file(parameter_file))
    overrides.update(parameters)
    try:
        return _Evaluation(document, display, overrides).run()
    except RecursionError:
        raise TemplateError("the template nests too deeply to evaluate", path=display) from None


@dataclass(frozen=True)
class _Declared:
    """A resource as declared, its properties resolved."""

    logical_id: str
    type: str
    properties: Mapping[str, Any]
    location: FileLocation
    conditional: bool
    annotations: Mapping[str, Any]


# Metadata keys kept on the resource for suppressions (read, and judged, by secfound.suppress).
_ANNOTATION_KEYS = ("secfound", "checkov")


def _annotations(declaration: Mapping[str, Any]) -> Mapping[str, Any]:
    metadata = declaration.get("Metadata")
    if not isinstance(metadata, Mapping):
        return {}
    return {key: metadata[key] for key in _ANNOTATION_KEYS if key in metadata}


class _Evaluation:
    def __init__(self, document: ReadResult, path: str, overrides: Mapping[str, str]) -> None:
        self.document = document
        self.path = path
        self.overrides = overrides
        self.errors: list[InputError] = [
            InputError(path=path, message=f"duplicate key {d.key!r}", line=d.line, column=d.column)
            for d in document.duplicates
        ]
        self.notices: list[str] = []

    def error(self, message: str, mark: Mark) -> None:
        self.errors.append(
            InputError(
                path=self.path, message=message, line=mark.line or None, column=mark.column or None
            )
        )

    def run(self) -> SourceResult:
        template = self.document.document
        if template is None:
            raise TemplateError("the template is empty", path=self.path)
        if not isinstance(template, MarkedMap):
            mark = getattr(template, "mark", None)
            raise TemplateError(
                "a template is a mapping of sections (Resources, Parameters, ...)",
                path=self.path,
                line=mark.line if isinstance(mark, Mark) else None,
            )
        resources = template.get("Resources")
        if resources is None:
            self.error("the template has no Resources section", template.mark)
            resources = MarkedMap(mark=template.mark)
        if not isinstance(resources, MarkedMap):
            mark = template.mark_of("Resources")
            raise TemplateError(
                "Resources is not a mapping of logical ids to resources",
                path=self.path,
                line=mark.line,
                column=mark.column,
            )
        if "Transform" in template:
            self.notices.append(
                f"{self.path}: declares a Transform; resources it would generate are not checked"
            )
        resolver = Resolver(self._scope(template, resources))
        conditions = resolver.conditions
        for name in conditions.declared:
            conditions.named(name, template.mark)
        declared = [
            d
            for logical_id in resources
            if (d := self._declare(resolver, resources, logical_id)) is not None
        ]
        built = self._normalize(declared)
        self.errors.sort(key=lambda e: (e.line or 0, e.column or 0))
        return SourceResult(
            root=self.path,
            kind="cloudformation",
            resources=tuple(built.values()),
            errors=tuple(self.errors),
            notices=tuple(self.notices),
        )

    def _section(self, template: MarkedMap, name: str) -> Mapping[str, Any]:
        section = template.get(name)
        if section is None:
            return {}
        if not isinstance(section, Mapping):
            self.error(f"{name} is not a mapping", template.mark_of(name))
            return {}
        return section

    def _scope(self, template: MarkedMap, resources: MarkedMap) -> Scope:
        types = {
            logical_id: str(declaration.get("Type"))
            for logical_id, declaration in resources.items()
            if isinstance(declaration, Mapping)
        }
        parameters = parameter_values(
            template.get("Parameters"), self.overrides, self.path, self.errors
        )
        for name in self.overrides:
            if name not in parameters:
                self.notices.append(f"{self.path}: parameter {name!r} is not declared; ignored")
        return Scope(
            path=self.path,
            parameters=parameters,
            resources=types,
            mappings=self._section(template, "Mappings"),
            conditions=self._section(template, "Conditions"),
            errors=self.errors,
        )

    def _declare(
        self, resolver: Resolver, resources: MarkedMap, logical_id: str
    ) -> _Declared | None:
        mark = resources.mark_of(logical_id)
        declaration = resources[logical_id]
        if logical_id.startswith("Fn::ForEach::"):
            self.notices.append(
                f"{self.path}:{mark.line}: {logical_id} is not expanded; "
                "the resources it declares are not checked"
            )
            return None
        if not isinstance(declaration, Mapping):
            self.error(f"resource {logical_id} is not a mapping", mark)
            return None
        kind = declaration.get("Type")
        if not isinstance(kind, str) or not kind:
            self.error(f"resource {logical_id} has no Type", mark)
            return None
        conditional = False
        if "Condition" in declaration:
            name = declaration["Condition"]
            decision: bool | None = None
            if isinstance(name, str):
                decision = resolver.conditions.named(name, mark)
            else:
                self.error(f"resource {logical_id}: Condition must name a condition", mark)
            if decision is False:
                return None
            conditional = decision is None  # kept, and marked: it may not exist
        properties = resolver.resolve(declaration.get("Properties", MarkedMap()))
        if properties is NO_VALUE:
            properties = MarkedMap()
        if not isinstance(properties, Mapping):
            what = properties.expression if isinstance(properties, Unresolved) else "not a mapping"
            self.error(f"resource {logical_id}: Properties cannot be read ({what})", mark)
            return None
        location = FileLocation(
            path=self.path, line=mark.line, column=mark.column, end_line=mark.end_line
        )
        return _Declared(
            logical_id, kind, properties, location, conditional, _annotations(declaration)
        )

    def _normalize(self, declared: list[_Declared]) -> dict[str, Resource]:
        table = normalizers()
        built: dict[str, Resource] = {}
        for item in declared:
            normalizer = table.get(item.type)
            if normalizer is None:
                continue
            try:
                built[item.logical_id] = normalizer(
                    item.logical_id,
                    item.properties,
                    location=item.location,
                    conditional=item.conditional,
                )
                if item.annotations:
                    built[item.logical_id] = replace(
                        built[item.logical_id], annotations=item.annotations
                    )
            except Exception as exc:  # never crash on one resource; report it
                self._failed(item, exc)
        join_table = joins()
        for item in declared:
            join = join_table.get(item.type)
            if join is None:
                continue
            targets, missing = find_targets(join, item.properties, built)
            for name in missing:
                self.notices.append(
                    f"{item.location}: {item.logical_id} configures {name}, "
                    "which this template does not declare"
                )
            for target in targets:
                try:
                    merged = join.merge(built[target], item.properties)
                except Exception as exc:  # never crash on one resource; report it
                    self._failed(item, exc)
                    continue
                if item.conditional:
                    self.notices.append(
                        f"{item.location}: {item.logical_id} may not exist (its condition "
                        f"is undecided); {target} is checked as if it does"
                    )
                built[target] = merged
        return built

    def _failed(self, item: _Declared, exc: Exception) -> None:
        self.errors.append(
            InputError(
                path=self.path,
                message=f"{item.type} {item.logical_id} could not be read: "
                f"{type(exc).__name__}: {exc}",
                line=item.location.line,
                column=item.location.column,
            )
        )
