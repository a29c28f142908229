"""SAM templates (``Transform: AWS::Serverless-2016-10-31``) expanded into CloudFormation.

The expansion is aws-sam-translator's, the library CloudFormation's own transform is
built from, so what is checked is what would be deployed: a function's role, its function
URL and the URL's public permission, event source mappings, implicit APIs. It is imported
only here, for templates that declare the transform; it pulls boto3, which a plain template
scan must not pay for.

The translator runs offline. It needs a region only to fill ``AWS::Region`` and to pick
the partition of the ARNs it writes, so it is given a fixed one (``us-east-1``, partition
``aws``) through a stand-in for a boto3 session that has nothing but ``region_name``. The
one feature that calls AWS, nested applications from the Serverless Application Repository,
fails with a message instead of opening a connection.

Every generated resource keeps its generated logical id as its address (``FnRole``,
``FnUrl``: the names CloudFormation will show) and is located at the line of the SAM
resource it came from. The origin is exact: each SAM resource is given a marker in its
``Metadata`` that the translator copies onto what it generates (``passthrough_metadata``;
a SAM resource's own ``Metadata``, suppressions included, reaches its generated resources
the same way); resources a plugin creates for several (``ServerlessRestApi``) fall back
to the first SAM resource that asked for them, else the ``Resources`` section. Resources
the template declares as plain CloudFormation keep their own lines, property by property.
A translator failure is a ``TemplateError`` at the template with the translator's
messages (and the line of the resource it names), never a crash.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

from secfound.collect.cloudformation.tree import Mark, MarkedList, MarkedMap
from secfound.collect.cloudformation.yaml_reader import ReadResult
from secfound.errors import TemplateError

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
REGION = "us-east-1"
_ORIGIN = "SecfoundSamOrigin"  # Metadata marker; removed again after the expansion
_IMPLICIT = {"ServerlessRestApi": "Api", "ServerlessHttpApi": "HttpApi"}


class SamOffline(Exception):
    """Raised instead of a call to the Serverless Application Repository."""


def needs_expansion(template: Any) -> bool:
    """True when the template declares the SAM transform (alone or among others)."""
    if not isinstance(template, Mapping):
        return False
    transform = template.get("Transform")
    if isinstance(transform, str):
        return transform == SAM_TRANSFORM
    return isinstance(transform, list) and SAM_TRANSFORM in transform


def expand(read: ReadResult, path: str) -> ReadResult:
    """The template with SAM resources replaced by the CloudFormation they expand to."""
    template = read.document
    resources = template.get("Resources")
    if not isinstance(resources, MarkedMap):
        return read  # reported by the template loader as it would be without SAM
    plain = plain_copy(template)
    for logical_id, resource in plain["Resources"].items():
        if isinstance(resource, dict) and str(resource.get("Type", "")).startswith(
            "AWS::Serverless::"
        ):
            metadata = resource.get("Metadata")
            own = metadata if isinstance(metadata, dict) else {}
            resource["Metadata"] = {**own, _ORIGIN: logical_id}
    translated = _translate(plain, path, resources)
    out = MarkedMap(mark=template.mark)
    for key, value in translated.items():
        if key == "Resources":
            out[key] = _resources(value, resources, template)
        elif key in template and plain_copy(template[key]) == value:
            out[key] = template[key]
        else:
            out[key] = marked(value, template.mark_of(key))
        out.key_marks[key] = template.mark_of(key)
    return ReadResult(document=out, duplicates=read.duplicates)


def _translate(plain: dict[str, Any], path: str, resources: MarkedMap) -> dict[str, Any]:
    try:
        from samtranslator.model.exceptions import InvalidDocumentException
        from samtranslator.parser.parser import Parser
        from samtranslator.plugins.application.serverless_app_plugin import ServerlessAppPlugin
        from samtranslator.translator.translator import Translator
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise TemplateError(
            f"SAM template, but aws-sam-translator is missing: {exc}", path=path
        ) from None

    def offline() -> Any:
        raise SamOffline(
            "applications from the Serverless Application Repository need network access; "
            "secfound expands SAM templates offline"
        )

    session = SimpleNamespace(region_name=REGION)
    translator = Translator(
        None,
        Parser(),
        plugins=[ServerlessAppPlugin(sar_client_creator=offline)],
        boto_session=session,
    )
    try:
        result = translator.translate(plain, {}, passthrough_metadata=True)
    except InvalidDocumentException as exc:
        causes = [cause.message for cause in exc.causes] or [exc.message]
        line = _first_line(exc.causes, resources)
        raise TemplateError(
            "SAM transform failed: " + " ".join(causes), path=path, line=line
        ) from None
    except Exception as exc:  # the translator's own bugs must not end the scan
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        raise TemplateError(f"SAM transform failed: {message}", path=path) from None
    if not isinstance(result, dict) or not isinstance(result.get("Resources"), dict):
        raise TemplateError("SAM transform produced no Resources", path=path)
    return result


def _first_line(causes: Any, resources: MarkedMap) -> int | None:
    for cause in causes:
        logical_id = getattr(cause, "_logical_id", None)
        if isinstance(logical_id, str) and logical_id in resources:
            return resources.mark_of(logical_id).line
    return None


def _resources(translated: dict[str, Any], resources: MarkedMap, template: MarkedMap) -> MarkedMap:
    out = MarkedMap(mark=template.mark_of("Resources"))
    for logical_id, resource in translated.items():
        origin = _pop_origin(resource)
        if origin is None and logical_id in resources:
            original = resources[logical_id]
            if plain_copy(original) == resource:
                out[logical_id] = original  # untouched: keeps its property lines
                out.key_marks[logical_id] = resources.mark_of(logical_id)
                continue
            origin = logical_id
        origin = origin or _guess_origin(logical_id, resources)
        mark = resources.mark_of(origin) if origin is not None else out.mark
        out[logical_id] = marked(resource, mark)
        out.key_marks[logical_id] = mark
    return out


def _pop_origin(resource: Any) -> str | None:
    metadata = resource.get("Metadata") if isinstance(resource, dict) else None
    if not isinstance(metadata, dict) or _ORIGIN not in metadata:
        return None
    origin = metadata.pop(_ORIGIN)
    if not metadata:
        del resource["Metadata"]
    return origin if isinstance(origin, str) else None


def _guess_origin(logical_id: str, resources: MarkedMap) -> str | None:
    """The SAM resource a generated id most likely came from: longest prefix, else the first
    function whose events asked for the implicit API."""
    prefixes = [r for r in resources if logical_id.startswith(r)]
    if prefixes:
        return max(prefixes, key=len)
    for implicit, event_type in _IMPLICIT.items():
        if logical_id.startswith(implicit):
            for name, resource in resources.items():
                events = _events(resource)
                if any(isinstance(e, Mapping) and e.get("Type") == event_type for e in events):
                    return str(name)
    return None


def _events(resource: Any) -> list[Any]:
    properties = resource.get("Properties") if isinstance(resource, Mapping) else None
    events = properties.get("Events") if isinstance(properties, Mapping) else None
    return list(events.values()) if isinstance(events, Mapping) else []


def plain_copy(value: Any) -> Any:
    """A deep copy in plain dicts and lists (the translator changes what it is given)."""
    if isinstance(value, Mapping):
        return {str(k): plain_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_copy(v) for v in value]
    return value


def marked(value: Any, mark: Mark) -> Any:
    """``value`` in marked containers, every entry placed at ``mark``."""
    if isinstance(value, Mapping):
        out = MarkedMap(mark=mark)
        for key, item in value.items():
            out[key] = marked(item, mark)
            out.key_marks[key] = mark
        return out
    if isinstance(value, list):
        items = MarkedList([marked(v, mark) for v in value], mark=mark)
        items.item_marks = [mark] * len(items)
        return items
    return value
