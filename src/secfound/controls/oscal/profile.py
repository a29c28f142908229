"""One OSCAL profile per framework: which secfound objectives answer its requirements.

The profile imports secfound's catalog (``catalog.json`` next to it) and includes every
objective some requirement cites, directly or through the objectives its checks serve.
The requirement ids travel as ``requirement`` properties (secfound's namespace) added to
each included control by ``modify.alters``: the property's value is the publisher's id,
its remarks the publisher's title, its class ``objective`` when the framework file names
the objective and ``check`` when the objective comes from a cited check.

A requirement mapped to nothing in the catalog cannot be attached to a control, and
OSCAL has no "requirement" element of its own in a profile. It is kept visible as a
``requirement-not-covered`` property of the profile's ``metadata``: a statement about the
profile as a whole, machine-readable where every OSCAL tool looks first. (Back-matter was
the other candidate, but back-matter resources stand for documents the profile cites;
naming a requirement there would suggest such a document exists.)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from secfound.controls.oscal.common import CheckRef, document_uuid, line, metadata, prop

if TYPE_CHECKING:
    from secfound.controls.frameworks import Framework, Requirement

__all__ = ["profile_document", "profile_file_name", "requirement_objectives"]


def profile_file_name(framework_id: str) -> str:
    return f"profile-{framework_id}.json"


def requirement_objectives(
    requirement: Requirement, checks: Sequence[CheckRef], catalog_ids: Sequence[str]
) -> dict[str, str]:
    """objective id -> how the requirement reaches it (``objective`` or ``check``), for
    the objectives of the catalog only, in catalog order."""
    by_id: dict[str, CheckRef] = {}
    for check in checks:
        by_id[check.id] = check
        for alias in check.aliases:
            by_id.setdefault(alias, check)
    found: dict[str, str] = {}
    for objective in requirement.objectives:
        found[objective] = "objective"
    for check_id in requirement.checks:
        cited = by_id.get(check_id)
        for objective in cited.objectives if cited is not None else ():
            found.setdefault(objective, "check")
    return {key: found[key] for key in catalog_ids if key in found}


def profile_document(
    framework: Framework,
    checks: Sequence[CheckRef],
    catalog_ids: Sequence[str],
    *,
    catalog_href: str,
    last_modified: datetime,
    version: str,
) -> dict[str, Any]:
    """The ``{"profile": ...}`` document of ``framework`` over the catalog at ``catalog_href``."""
    adds: dict[str, list[dict[str, Any]]] = {}
    not_covered: list[dict[str, Any]] = []
    for requirement in framework.requirements:
        reached = requirement_objectives(requirement, checks, catalog_ids)
        if not reached:
            not_covered.append(
                prop("requirement-not-covered", requirement.id, remarks=line(requirement.title))
            )
            continue
        for objective, how in reached.items():
            adds.setdefault(objective, []).append(
                prop("requirement", requirement.id, remarks=line(requirement.title), class_=how)
            )
    included = [objective for objective in catalog_ids if objective in adds]
    body: dict[str, Any] = {
        "imports": [_import(catalog_href, included, catalog_ids)],
        "merge": {"as-is": True},
    }
    if included:
        body["modify"] = {
            "alters": [
                {
                    "control-id": objective,
                    "adds": [{"position": "ending", "props": adds[objective]}],
                }
                for objective in included
            ]
        }
    covered = len(framework.requirements) - len(not_covered)
    props = [
        prop("framework", framework.id),
        prop("publisher", framework.publisher),
        prop("requirements", len(framework.requirements)),
        prop("requirements-covered", covered),
        *not_covered,
    ]
    return {
        "profile": {
            "uuid": document_uuid(f"profile:{framework.id}", {"body": body, "props": props}),
            "metadata": metadata(
                f"{framework.title} {framework.version}: secfound control objectives",
                last_modified=last_modified,
                version=framework.version,
                props=props,
                links=[{"href": framework.source, "rel": "reference", "text": framework.title}],
                remarks=(
                    f"{covered} of {len(framework.requirements)} requirements are met by "
                    "secfound objectives; each requirement-not-covered property names one "
                    "that nothing in secfound judges."
                ),
            ),
            **body,
        }
    }


def _import(href: str, included: Sequence[str], catalog_ids: Sequence[str]) -> dict[str, Any]:
    if included:
        return {"href": href, "include-controls": [{"with-ids": list(included)}]}
    # Nothing covered: OSCAL needs a selection, and "all but every one" selects none.
    return {
        "href": href,
        "include-all": {},
        "exclude-controls": [{"with-ids": list(catalog_ids)}],
    }
