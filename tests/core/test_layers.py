"""Dependencies point one way: cli -> report/engine -> checks -> model <- collect.

Read from the source with ``ast`` so the rule holds for imports inside functions too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parents[2] / "src" / "secfound"

# package -> secfound packages it must never import
FORBIDDEN = {
    "model": (
        "secfound.collect",
        "secfound.checks",
        "secfound.engine",
        "secfound.cli",
        "secfound.report",
        "secfound.scan",
        "secfound.config",
    ),
    "checks/aws": (
        "secfound.collect",
        "secfound.cli",
        "secfound.report",
        "secfound.scan",
        "boto3",
        "botocore",
    ),
    "collect": ("secfound.checks", "secfound.engine", "secfound.cli", "secfound.report"),
    "engine.py": (
        "secfound.collect.cloudformation",
        "secfound.collect.terraform",
        "secfound.cli",
        "secfound.report",
    ),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _files(target: str) -> list[Path]:
    path = SRC / target
    return [path] if path.is_file() else sorted(path.rglob("*.py"))


@pytest.mark.parametrize("target", sorted(FORBIDDEN))
def test_no_import_against_the_flow(target: str) -> None:
    problems = []
    for file in _files(target):
        for name in _imports(file):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[target]):
                problems.append(f"{file.relative_to(SRC)} imports {name}")
    assert not problems, "\n".join(problems)


def test_no_module_over_800_lines() -> None:
    long = [
        f"{p.relative_to(SRC)}: {n}"
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 800
    ]
    assert not long, long


def test_no_eval_or_exec() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("eval", "exec")
            ):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not offenders, offenders
