"""``docs/checks.md``: the check library as a page, generated from the registry.

One section per service, one table row per check: id, title, severity, resource types,
objectives and references (FSBP and CIS from the framework files, Checkov ids).
``python -m secfound.checks.docs --write`` (``make docs``) regenerates the page; a test
fails when it is stale, so the page never drifts from the code.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from itertools import groupby
from pathlib import Path

from secfound.checks.registry import CheckSpec, Registry, builtin_registry

DOCS_FILE = Path(__file__).resolve().parents[3] / "docs" / "checks.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _references(spec: CheckSpec, found: Mapping[str, Mapping[str, list[str]]]) -> str:
    mine = found.get(spec.id, {})
    parts = [f"{key.upper()} {', '.join(ids)}" for key, ids in sorted(mine.items()) if ids]
    if spec.checkov:
        parts.append(f"Checkov {', '.join(spec.checkov)}")
    return "; ".join(parts)


def render_markdown(registry: Registry, found: Mapping[str, Mapping[str, list[str]]]) -> str:
    """The page for ``registry`` with the framework references ``found`` per check."""
    lines = [
        "# Checks",
        "",
        "Generated from the check registry by `make docs` "
        "(`python -m secfound.checks.docs --write`); do not edit by hand.",
        "",
        f"{len(registry)} checks.",
    ]

    def service(spec: CheckSpec) -> str:
        return spec.id.split(".")[1] if spec.id.count(".") >= 2 else spec.id

    for name, specs in groupby(sorted(registry, key=lambda s: (service(s), s.id)), key=service):
        lines += [
            "",
            f"## {name}",
            "",
            "| Id | Title | Severity | Resource types | Objectives | References |",
            "|---|---|---|---|---|---|",
        ]
        for spec in specs:
            row = (
                f"`{spec.id}`",
                _cell(spec.title),
                spec.severity.label,
                ", ".join(spec.subject_types).replace("*", "any resource"),
                ", ".join(spec.objectives),
                _cell(_references(spec, found)),
            )
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def current_markdown() -> str:
    """The page as the built-in checks and packaged framework files make it today."""
    from secfound.controls.frameworks import references_by_check

    registry = builtin_registry()
    return render_markdown(registry, references_by_check(registry))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--write"]:
        DOCS_FILE.write_text(current_markdown(), encoding="utf-8")
        print(f"wrote {DOCS_FILE}")
        return 0
    if args == ["--check"]:
        stale = (
            not DOCS_FILE.exists() or DOCS_FILE.read_text(encoding="utf-8") != current_markdown()
        )
        if stale:
            print("docs/checks.md is stale: run make docs")
            return 1
        return 0
    print("usage: python -m secfound.checks.docs --write | --check")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
