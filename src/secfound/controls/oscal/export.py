"""Writing the OSCAL files of ``secfound controls export --oscal DIR``.

Two steps, because they need different things: the catalog and the profiles need only
the catalog files and the checks (no store), the assessment results and the POA&M need
the judged evidence. Each file is written whole or not at all (a temporary file renamed
over the target), so a reader never sees half a document.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secfound.controls.oscal.catalog import catalog_document
from secfound.controls.oscal.common import CheckRef
from secfound.controls.oscal.poam import poam_document
from secfound.controls.oscal.profile import profile_document, profile_file_name
from secfound.controls.oscal.results import results_document
from secfound.errors import ConfigError

if TYPE_CHECKING:
    from secfound.checks.registry import Registry
    from secfound.controls.frameworks import Framework
    from secfound.controls.objectives import Objective
    from secfound.controls.status import ControlsStatus

__all__ = [
    "CATALOG_FILE",
    "POAM_FILE",
    "RESULTS_FILE",
    "Written",
    "check_refs",
    "select_frameworks",
    "write_catalog_files",
    "write_results_files",
]

CATALOG_FILE = "catalog.json"
RESULTS_FILE = "assessment-results.json"
POAM_FILE = "poam.json"


@dataclass(frozen=True, kw_only=True)
class Written:
    """A file the export wrote (or removed), for the command to print."""

    path: Path
    what: str
    removed: bool = False


def check_refs(registry: Registry) -> list[CheckRef]:
    """The checks as the documents need them, in registry order."""
    return [
        CheckRef(id=spec.id, title=spec.title, objectives=spec.objectives, aliases=spec.aliases)
        for spec in registry
    ]


def select_frameworks(frameworks: Sequence[Framework], wanted: Iterable[str]) -> list[Framework]:
    """The frameworks named (all when none is), or a ``ConfigError`` naming the unknown."""
    names = list(dict.fromkeys(wanted))
    if not names:
        return list(frameworks)
    by_id = {framework.id: framework for framework in frameworks}
    unknown = [name for name in names if name not in by_id]
    if unknown:
        raise ConfigError(
            f"no framework {', '.join(map(repr, unknown))}; known: {', '.join(sorted(by_id))}"
        )
    return [by_id[name] for name in names]


def write_catalog_files(
    directory: Path,
    objectives: Mapping[str, Objective],
    frameworks: Sequence[Framework],
    checks: Sequence[CheckRef],
    *,
    last_modified: datetime,
    version: str,
) -> list[Written]:
    """catalog.json and one profile-<framework>.json per framework."""
    directory.mkdir(parents=True, exist_ok=True)
    written = [
        _write(
            directory / CATALOG_FILE,
            catalog_document(objectives, checks, last_modified=last_modified, version=version),
            f"catalog of {len(objectives)} control objectives",
        )
    ]
    catalog_ids = list(objectives)
    for framework in frameworks:
        document = profile_document(
            framework,
            checks,
            catalog_ids,
            catalog_href=CATALOG_FILE,
            last_modified=last_modified,
            version=version,
        )
        props = document["profile"]["metadata"]["props"]
        missing = sum(1 for p in props if p["name"] == "requirement-not-covered")
        selections = document["profile"]["imports"][0].get("include-controls", ())
        included = sum(len(selection["with-ids"]) for selection in selections)
        written.append(
            _write(
                directory / profile_file_name(framework.id),
                document,
                f"profile {framework.id}: {included} objectives, "
                f"{missing} of {len(framework.requirements)} requirements not covered",
            )
        )
    return written


def write_results_files(
    directory: Path,
    status: ControlsStatus,
    objectives: Mapping[str, Objective],
    checks: Sequence[CheckRef],
    *,
    last_modified: datetime,
    version: str,
    owners: Mapping[str, str] | None = None,
    deadlines: Mapping[str, date] | None = None,
) -> list[Written]:
    """assessment-results.json, and poam.json when some objective fails.

    With no open failure there is no POA&M (OSCAL requires at least one item); a
    ``poam.json`` left by an earlier export is removed, since it would list failures
    that no longer hold.
    """
    directory.mkdir(parents=True, exist_ok=True)
    results = results_document(
        status, checks, catalog_href=CATALOG_FILE, last_modified=last_modified, version=version
    )
    counts = status.counts(status.objectives)
    summary = ", ".join(f"{value} {key}" for key, value in counts.items() if value)
    observations = len(status.evidence.findings)
    written = [
        _write(
            directory / RESULTS_FILE,
            results,
            f"assessment results: {observations} observations; objectives {summary}",
        )
    ]
    poam = poam_document(
        status,
        checks,
        last_modified=last_modified,
        version=version,
        objectives=objectives,
        owners=owners,
        deadlines=deadlines,
    )
    target = directory / POAM_FILE
    if poam is None:
        if target.exists():
            target.unlink()
            written.append(Written(path=target, what="no open failure any more", removed=True))
        return written
    items = len(poam["plan-of-action-and-milestones"]["poam-items"])
    written.append(_write(target, poam, f"POA&M: {items} failing objectives"))
    return written


def _write(path: Path, document: dict[str, Any], what: str) -> Written:
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return Written(path=path, what=what)
