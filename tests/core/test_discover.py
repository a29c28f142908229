"""Walking scanned paths: templates, Terraform folders, passed-over files, symlink loops."""

from __future__ import annotations

import os
from pathlib import Path

from secfound.discover import discover, repository_root


def test_classifies_and_skips_tool_folders(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "cfn").mkdir()
    (tmp_path / "cfn" / "app.yaml").write_text("Resources: {}\n")
    (tmp_path / "tf").mkdir()
    (tmp_path / "tf" / "main.tf").write_text("")
    (tmp_path / "tf" / "extra.tf.json").write_text("{}")
    (tmp_path / "tf" / ".terraform").mkdir()
    (tmp_path / "tf" / ".terraform" / "cached.tf").write_text("")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "pkg.json").write_text("{}")
    (tmp_path / "README.md").write_text("hi")
    found = discover([tmp_path], repository_root(tmp_path))
    assert [p.name for p in found.template_candidates] == ["app.yaml"]
    assert found.terraform_dirs == [(tmp_path / "tf").resolve()]
    assert any("README.md" in p for p in found.passed_over)
    assert not found.errors


def test_symlink_loops_are_errors_and_the_walk_goes_on(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "template.yaml").write_text("Resources: {}\n")
    os.symlink(tmp_path / "a", tmp_path / "a" / "loop")
    os.symlink(tmp_path / "self", tmp_path / "self")
    os.symlink(tmp_path / "missing", tmp_path / "dangling.yaml")
    found = discover([tmp_path], tmp_path)
    messages = {e.path: e.message for e in found.errors}
    assert "symlink loop" in messages["a/loop"]
    assert "symlink loop" in messages["self"]
    assert "dangling" in messages["dangling.yaml"]
    assert [p.name for p in found.template_candidates] == ["template.yaml"]


def test_excludes_by_glob(tmp_path: Path) -> None:
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.yaml").write_text("Resources: {}\n")
    (tmp_path / "new.yaml").write_text("Resources: {}\n")
    found = discover([tmp_path], tmp_path, exclude=["legacy*"])
    assert [p.name for p in found.template_candidates] == ["new.yaml"]


def test_repository_root_is_the_git_top_level(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    deep = tmp_path / "x" / "y"
    deep.mkdir(parents=True)
    assert repository_root(deep) == tmp_path.resolve()
    assert repository_root(deep / "file.yaml") == tmp_path.resolve()
