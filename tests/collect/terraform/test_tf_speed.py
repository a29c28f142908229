"""Speed by construction: one parser per load, modules parsed once, nothing heavy imported.

Timings live in ``make bench-scan``; a timed unit test would only measure a busy machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tf_helpers import load

import secfound.collect.terraform.load as load_module


def test_one_parser_per_load(monkeypatch: pytest.MonkeyPatch) -> None:
    made = []
    real = load_module.new_parser

    def counting() -> object:
        made.append(1)
        return real()

    monkeypatch.setattr(load_module, "new_parser", counting)
    result = load("modules/root")  # several files, modules and nested modules
    assert len(result.resources) > 5
    assert len(made) == 1


def test_import_pulls_in_nothing_heavy() -> None:
    code = (
        "import sys; import secfound.collect.terraform; "
        "heavy = {'boto3', 'botocore', 'sqlalchemy', 'yaml', 'rich', 'click', 'tree_sitter'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert output == "[]"


def test_a_module_called_from_many_roots_is_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import secfound.collect.terraform.config as config_module
    from secfound.collect.terraform import ModuleCache, find_root_modules, load_root_module

    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "main.tf").write_text(
        'variable "name" {}\nresource "aws_sqs_queue" "q" {\n  name = var.name\n}\n'
    )
    for root in ("a", "b", "c"):
        (tmp_path / root).mkdir()
        (tmp_path / root / "main.tf").write_text(
            f'module "q" {{\n  source = "../mod"\n  name   = "{root}"\n}}\n'
        )
    parsed: list[str] = []
    real = config_module.parse_body

    def counting(parser: object, text: str) -> object:
        parsed.append(text)
        return real(parser, text)  # type: ignore[arg-type]

    monkeypatch.setattr(config_module, "parse_body", counting)
    roots = find_root_modules([tmp_path / d for d in ("a", "b", "c", "mod")])
    assert [r.name for r in roots] == ["a", "b", "c"]
    cache = ModuleCache()
    shared = [load_root_module(r, root=tmp_path, modules=cache) for r in roots]
    assert len(parsed) == 3 + 1  # each root once, the module once
    alone = [load_root_module(r, root=tmp_path) for r in roots]
    assert shared == alone
    assert [r.resources[0].address for r in shared] == ["module.q.aws_sqs_queue.q"] * 3


def test_module_blocks_found_without_converting_the_rest() -> None:
    from secfound.collect.terraform.parse import new_parser, parse_body, top_level_blocks
    from secfound.collect.terraform.syntax import Block

    text = (
        'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n'
        'module "one" {\n  source = "./one"\n  n = [for i in range(3) : i]\n}\n'
        'module two {\n  source = "../two"\n}\n'
    )
    parser = new_parser()

    def shape(block: Block) -> tuple[object, ...]:
        attributes = [(a.name, a.expr, a.span) for a in block.body.attributes]
        return (block.type, block.labels, block.span, attributes)

    found = [shape(b) for b in top_level_blocks(parser, text, "module")]
    assert found == [shape(b) for b in parse_body(parser, text).blocks_of("module")]
    assert [labels for _, labels, _, _ in found] == [("one",), ("two",)]
