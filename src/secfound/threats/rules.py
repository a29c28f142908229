"""Threat rule files: the packaged library (``threats/rules/*.yaml``) and the user's own.

A rule file is versioned data (docs/threats.md, "Rules")::

    version: 1
    pack: secfound-core          # with the version: pack "secfound-core@1" on each rule
    rules:
      - id: SF-FLOW-002          # stable forever: threat ids and decisions derive from it
        title: ...
        applies_to: flow         # component | flow | actor | boundary
        stride: information-disclosure
        likelihood: 3            # 1..5; impact_floor (1..5) is optional
        capec: [CAPEC-117]
        cwe: [CWE-319]
        attack: [T1040]
        mitigations: [data-in-transit-encrypted]   # control objective ids
        when: {all: [{field: encrypted, is: false}, {carries: {at_least: confidential}}]}

Everything is checked when the files are loaded, each error a ``ConfigError`` at the
file's line: unknown keys, a condition naming a field its element kind lacks, mitigations
that are no objective of the catalog, and a rule id defined twice (across every file
loaded). Ids starting ``SF-`` belong to secfound's packaged rules, so a later release
cannot collide with a user's rule.

``python -m secfound.threats.rules --write`` regenerates the library table in
docs/threats.md; ``--check`` fails when it is stale.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from secfound.errors import ConfigError
from secfound.threats.matcher import compile_condition
from secfound.threats.threat import Rule, Stride
from secfound.yaml_lines import line_of, load_yaml_with_nodes, validation_error

__all__ = [
    "PACKAGED_DIR",
    "load_rule_file",
    "load_rules",
    "packaged_rule_files",
    "render_table",
]

PACKAGED_DIR = Path(__file__).with_name("rules")
DOCS_FILE = Path(__file__).resolve().parents[3] / "docs" / "threats.md"
RESERVED_PREFIX = "SF-"
RULE_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-[0-9]{3,}$"

StrideValue = Literal[
    "spoofing",
    "tampering",
    "repudiation",
    "information-disclosure",
    "denial-of-service",
    "elevation-of-privilege",
]


class _RuleEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    id: str = Field(pattern=RULE_ID)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    applies_to: Literal["component", "flow", "actor", "boundary"]
    stride: StrideValue
    likelihood: int = Field(ge=1, le=5)
    impact_floor: int = Field(default=1, ge=1, le=5)
    capec: list[str] = Field(default_factory=list)
    cwe: list[str] = Field(default_factory=list)
    attack: list[str] = Field(default_factory=list)
    mitigations: list[str] = Field(min_length=1)
    references: list[str] = Field(default_factory=list)
    when: dict[str, Any]


class _RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    version: Literal[1]
    pack: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    rules: list[dict[str, Any]]


_ID_PATTERNS = {
    "capec": (r"CAPEC-<n>", r"^CAPEC-[1-9][0-9]*$"),
    "cwe": (r"CWE-<n>", r"^CWE-[1-9][0-9]*$"),
    "attack": (r"T<nnnn> or T<nnnn>.<nnn>", r"^T[0-9]{4}(\.[0-9]{3})?$"),
}


def packaged_rule_files() -> tuple[Path, ...]:
    return tuple(sorted(PACKAGED_DIR.glob("*.yaml")))


def _packaged_objectives() -> frozenset[str]:
    from secfound.controls.objectives import load_objectives

    return frozenset(load_objectives())


def load_rules(
    extra: Sequence[Path] = (),
    *,
    objectives: Collection[str] | None = None,
    packaged: bool = True,
) -> tuple[Rule, ...]:
    """The packaged rules (unless ``packaged`` is false) and those of ``extra`` (rule
    files, or directories whose ``*.yaml``/``*.yml`` files are read in name order).

    ``objectives``: the objective ids mitigations may name (default: the packaged
    objectives; pass the catalog's when the user has objectives of their own).
    """
    known = _packaged_objectives() if objectives is None else frozenset(objectives)
    files = [(p, True) for p in packaged_rule_files()] if packaged else []
    for given in extra:
        entry = Path(given)
        if entry.is_dir():
            found = sorted([*entry.glob("*.yaml"), *entry.glob("*.yml")])
            files += [(p, False) for p in found]
        elif entry.is_file():
            files.append((entry, False))
        else:
            raise ConfigError("no such rule file or directory", path=entry)
    rules: dict[str, Rule] = {}
    for path, builtin in files:
        for rule in load_rule_file(path, objectives=known, builtin=builtin):
            first = rules.get(rule.id)
            if first is not None:
                raise ConfigError(
                    f"rule id {rule.id!r} is already defined at {first.source}:{first.line}",
                    path=path,
                    line=rule.line,
                )
            rules[rule.id] = rule
    return tuple(rules.values())


def load_rule_file(
    path: Path,
    *,
    objectives: Collection[str] | None = None,
    builtin: bool = False,
) -> tuple[Rule, ...]:
    """The rules of one file, validated and with their conditions compiled."""
    known = _packaged_objectives() if objectives is None else frozenset(objectives)
    data, root = load_yaml_with_nodes(path)
    if not isinstance(data, dict):
        raise ConfigError("a rule file is a mapping with version, pack and rules", path=path)
    try:
        parsed = _RuleFile.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, root, path, _RuleFile) from None
    rules: list[Rule] = []
    seen: dict[str, int | None] = {}
    for index, raw in enumerate(parsed.rules):
        at = ("rules", index)
        extra = sorted(set(raw) - set(_RuleEntry.model_fields))
        if extra:
            allowed = ", ".join(sorted(_RuleEntry.model_fields))
            raise ConfigError(
                f"unknown rule key {extra[0]!r}; expected one of {allowed}",
                path=path,
                line=line_of(root, (*at, extra[0])),
            )
        try:
            entry = _RuleEntry.model_validate(raw)
        except ValidationError as exc:
            error = exc.errors()[0]
            location = (*at, *error["loc"])
            raise ConfigError(
                f"rules[{index}].{'.'.join(map(str, error['loc']))}: {error['msg']}",
                path=path,
                line=line_of(root, location),
            ) from None
        line = line_of(root, (*at, "id"))
        if entry.id.startswith(RESERVED_PREFIX) and not builtin:
            raise ConfigError(
                f"rule id {entry.id!r}: ids starting {RESERVED_PREFIX} are secfound's own",
                path=path,
                line=line,
            )
        if entry.id in seen:
            raise ConfigError(
                f"rule id {entry.id!r} is already defined at line {seen[entry.id]}",
                path=path,
                line=line,
            )
        seen[entry.id] = line
        _check_ids(entry, root, path, at)
        for position, objective in enumerate(entry.mitigations):
            if objective not in known:
                raise ConfigError(
                    f"mitigation {objective!r} is no control objective of the catalog",
                    path=path,
                    line=line_of(root, (*at, "mitigations", position)),
                )
        condition = compile_condition(
            entry.when, entry.applies_to, path=path, root=root, location=(*at, "when")
        )
        rules.append(
            Rule(
                id=entry.id,
                title=entry.title,
                description=entry.description,
                applies_to=entry.applies_to,
                stride=Stride(entry.stride),
                likelihood=entry.likelihood,
                impact_floor=entry.impact_floor,
                capec=tuple(entry.capec),
                cwe=tuple(entry.cwe),
                attack=tuple(entry.attack),
                mitigations=tuple(entry.mitigations),
                condition=condition,
                references=tuple(entry.references),
                pack=f"{parsed.pack}@{parsed.version}",
                source=path,
                line=line,
            )
        )
    return tuple(rules)


def _check_ids(entry: _RuleEntry, root: Any, path: Path, at: tuple[Any, ...]) -> None:
    for key, (shape, pattern) in _ID_PATTERNS.items():
        for position, value in enumerate(getattr(entry, key)):
            if not re.match(pattern, value):
                raise ConfigError(
                    f"{key} id {value!r} is not of the form {shape}",
                    path=path,
                    line=line_of(root, (*at, key, position)),
                )


# ---- the library table in docs/threats.md ---------------------------------------------

TABLE_START = "<!-- rules-table:start (python -m secfound.threats.rules --write) -->"
TABLE_END = "<!-- rules-table:end -->"


def render_table(rules: Sequence[Rule]) -> str:
    """The markdown table of ``rules``: id, title, element, STRIDE, CAPEC, ATT&CK."""
    lines = [
        f"{len(rules)} rules.",
        "",
        "| Id | Title | Applies to | STRIDE | CAPEC | ATT&CK |",
        "|---|---|---|---|---|---|",
    ]
    for rule in sorted(rules, key=lambda r: r.id):
        title = rule.title.replace("|", "\\|")
        lines.append(
            f"| `{rule.id}` | {title} | {rule.applies_to} | {rule.stride.value} "
            f"| {', '.join(rule.capec)} | {', '.join(rule.attack)} |"
        )
    return "\n".join(lines)


def _with_table(text: str, table: str) -> str:
    start, end = text.find(TABLE_START), text.find(TABLE_END)
    if start < 0 or end < start:
        raise ConfigError(f"the markers {TABLE_START} ... {TABLE_END} are missing", path=DOCS_FILE)
    return f"{text[: start + len(TABLE_START)]}\n{table}\n{text[end:]}"


def main(argv: Sequence[str] | None = None) -> int:
    """``--write`` regenerates the table in docs/threats.md; ``--check`` reports drift."""
    args = list(sys.argv[1:] if argv is None else argv)
    text = DOCS_FILE.read_text(encoding="utf-8")
    wanted = _with_table(text, render_table(load_rules()))
    if args == ["--write"]:
        DOCS_FILE.write_text(wanted, encoding="utf-8")
        return 0
    if args == ["--check"]:
        if wanted != text:
            print(f"{DOCS_FILE} is stale: run python -m secfound.threats.rules --write")
            return 1
        return 0
    print("usage: python -m secfound.threats.rules --write | --check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
