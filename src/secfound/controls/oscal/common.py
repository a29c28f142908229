"""What every OSCAL document secfound writes shares: namespace, UUIDs, metadata, props.

The documents are plain JSON (dicts and lists), built without any OSCAL library at run
time; the tests validate them with compliance-trestle's models of the NIST schemas.

* **Namespace.** Every property or part secfound invents carries ``ns`` = ``NS``; OSCAL
  reserves names without a namespace for its own vocabulary, so only OSCAL's own names
  (``asset-id``) go without one.
* **UUIDs.** Version 5 UUIDs under ``UUID_NAMESPACE`` from stable keys (an objective id,
  a run id with a check and a resource): two exports of the same data name the same things
  the same way, and the assessment results and the POA&M give one observation the same
  UUID. A document's own UUID comes from a digest of its content, so it changes exactly
  when the content does, as OSCAL asks, and never between two exports of the same data.
* **Timestamps** are the only difference between two exports of the same data:
  ``metadata.last-modified``, which the caller passes in (pinned in tests).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "NS",
    "OSCAL_VERSION",
    "UUID_NAMESPACE",
    "CheckRef",
    "document_uuid",
    "line",
    "metadata",
    "prop",
    "stable_uuid",
    "timestamp",
    "tool_component",
    "tool_origin",
]

# The OSCAL model version the documents conform to (compliance-trestle 5.x's models).
OSCAL_VERSION = "1.2.1"
# The namespace of every property and part name secfound defines (docs/controls.md).
NS = "https://secfound.dev/ns/oscal"
UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, NS)

JSON = dict[str, Any]

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, kw_only=True)
class CheckRef:
    """What the documents say about a check: its id, title, the objectives it serves,
    and the old ids a framework file may still cite it by."""

    id: str
    title: str
    objectives: tuple[str, ...]
    aliases: tuple[str, ...] = ()


def stable_uuid(*key: str) -> str:
    """The same UUID for the same key, in every export (version 5, OSCAL's pattern)."""
    return str(uuid.uuid5(UUID_NAMESPACE, "\0".join(key)))


def document_uuid(kind: str, body: Mapping[str, Any]) -> str:
    """A document's UUID from its content (metadata excluded): new content, new UUID."""
    digest = hashlib.sha256(
        json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    return stable_uuid("document", kind, digest)


def timestamp(moment: datetime) -> str:
    """An OSCAL date-time: with its offset (UTC, written Z), whole seconds."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def line(text: str, fallback: str = "-") -> str:
    """``text`` as one line without surrounding spaces: what titles and prop values allow."""
    cleaned = _SPACE.sub(" ", text).strip()
    return cleaned or fallback


def prop(
    name: str,
    value: object,
    *,
    remarks: str | None = None,
    class_: str | None = None,
    ns: str | None = NS,
) -> JSON:
    """A property; ``ns=None`` only for a name from OSCAL's own vocabulary."""
    found: JSON = {"name": name}
    if ns is not None:
        found["ns"] = ns
    found["value"] = line(str(value))
    if class_ is not None:
        found["class"] = class_
    if remarks:
        found["remarks"] = remarks
    return found


def metadata(
    title: str,
    *,
    last_modified: datetime,
    version: str,
    props: Sequence[JSON] = (),
    links: Sequence[JSON] = (),
    remarks: str | None = None,
) -> JSON:
    """The ``metadata`` every OSCAL document starts with (empty lists are left out:
    OSCAL allows no empty arrays)."""
    found: JSON = {
        "title": line(title),
        "last-modified": timestamp(last_modified),
        "version": line(version),
        "oscal-version": OSCAL_VERSION,
    }
    if props:
        found["props"] = list(props)
    if links:
        found["links"] = list(links)
    if remarks:
        found["remarks"] = remarks
    return found


def tool_component(version: str) -> JSON:
    """secfound as the component that made the observations (the actor of ``origins``)."""
    return {
        "uuid": stable_uuid("component", "secfound"),
        "type": "software",
        "title": "secfound",
        "description": "secfound's checks judged the resources and stored each run as evidence.",
        "props": [prop("version", version, ns=None)],
        "status": {"state": "operational"},
    }


def tool_origin() -> JSON:
    """``origins`` entry naming secfound (``tool_component``) as the actor."""
    return {"actors": [{"type": "tool", "actor-uuid": stable_uuid("component", "secfound")}]}
