"""Baseline files: the findings a repository already had, so that only new ones fail.

A baseline holds fingerprints. A fingerprint hashes the check id, the resource type and
address *and the file's path*, so the same violation on a resource of the same name in
another file is a new finding, not hidden by the old one (Checkov's baseline leaves the
path out, and one violation hides another of the same name elsewhere: its issue #7647).
The check id, address and path are written beside each fingerprint for the people who
review the file; only the fingerprint is matched.

    {"secfound_baseline": 1, "created": "2026-11-28T10:00:00+00:00",
     "tool": {"name": "secfound", "version": "0.1.0"},
     "findings": [{"fingerprint": "…", "check_id": "…", "address": "…", "path": "…"}]}
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from secfound.checks import Status
from secfound.errors import ConfigError
from secfound.findings import Finding

BASELINE_VERSION = 1
DEFAULT_BASELINE = ".secfound-baseline.json"
_FINGERPRINT_RE = re.compile(r"^[0-9a-f]{16,64}$")


@dataclass(frozen=True)
class Baseline:
    """A loaded baseline: where it came from, when it was made, what it holds."""

    path: str
    created: str
    fingerprints: frozenset[str]

    @property
    def reason(self) -> str:
        return f"in baseline {self.path} created {self.created[:10]}"


def baseline_entries(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """The findings a baseline keeps: every one that is not passed and not suppressed."""
    entries: dict[str, dict[str, Any]] = {}
    for finding in findings:
        if finding.status is Status.PASSED or finding.suppressed is not None:
            continue
        entries[finding.fingerprint] = {
            "fingerprint": finding.fingerprint,
            "check_id": finding.check_id,
            "address": finding.resource.address,
            "path": getattr(finding.location, "path", None),
            "status": finding.status.value,
        }
    return sorted(entries.values(), key=lambda e: (str(e["path"]), e["address"], e["check_id"]))


def write_baseline(
    path: Path, findings: Sequence[Finding], *, tool_version: str, created: datetime
) -> int:
    """Write the baseline file; returns how many findings it holds."""
    entries = baseline_entries(findings)
    document = {
        "secfound_baseline": BASELINE_VERSION,
        "created": created.isoformat(timespec="seconds"),
        "tool": {"name": "secfound", "version": tool_version},
        "findings": entries,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write the baseline: {exc}", path=path) from exc
    return len(entries)


def load_baseline(path: Path) -> Baseline:
    """Read and check a baseline file; every problem is a ``ConfigError`` at file:line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the baseline: {exc}", path=path) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"not a baseline (invalid JSON: {exc.msg})", path=path, line=exc.lineno
        ) from None
    problem = _problem(data)
    if problem is not None:
        location, message = problem
        raise ConfigError(message, path=path, line=_line_of(text, location))
    fingerprints = frozenset(entry["fingerprint"] for entry in data["findings"])
    return Baseline(path=str(path), created=str(data.get("created", "")), fingerprints=fingerprints)


def _problem(data: Any) -> tuple[tuple[Any, ...], str] | None:
    """(where, what) for the first thing wrong with a baseline document, or None."""
    if not isinstance(data, dict) or "secfound_baseline" not in data:
        return (
            (),
            "not a secfound baseline (no secfound_baseline key); "
            "create one with 'secfound baseline create'",
        )
    version = data["secfound_baseline"]
    if version != BASELINE_VERSION:
        return ("secfound_baseline",), (
            f"baseline version {version!r} is not one this secfound reads ({BASELINE_VERSION})"
        )
    findings = data.get("findings")
    if not isinstance(findings, list):
        return ("findings",), "findings must be a list"
    for index, entry in enumerate(findings):
        if not isinstance(entry, dict):
            return ("findings", index), f"findings[{index}] must be an object"
        value = entry.get("fingerprint")
        if not isinstance(value, str) or not _FINGERPRINT_RE.match(value):
            return ("findings", index), f"findings[{index}] has no valid fingerprint"
    return None


def _line_of(text: str, location: Sequence[Any]) -> int | None:
    """The line of ``location`` in the file, read with the YAML composer (JSON is YAML)."""
    import yaml

    from secfound.yaml_lines import line_of

    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    return line_of(node, location)
