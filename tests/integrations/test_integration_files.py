"""The pre-commit hook and the GitHub Action definitions are well formed and call what exists."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml
from click.testing import CliRunner

from secfound.cli.main import main

ROOT = Path(__file__).parents[2]


def test_pre_commit_hooks_are_complete_and_run_real_commands() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"secfound", "secfound-all"}
    for hook in hooks:
        for key in ("id", "name", "entry", "language"):
            assert hook.get(key), f"{hook.get('id')}: {key} is required by pre-commit"
        assert hook["language"] == "python"
        argv = shlex.split(hook["entry"])
        assert argv[0] == "secfound"
        help_run = CliRunner().invoke(main, [*argv[1:2], "--help"])
        assert help_run.exit_code == 0, f"{hook['id']}: `{hook['entry']}` is not a command"
    changed = next(h for h in hooks if h["id"] == "secfound")
    pattern = re.compile(changed["files"])
    for name in ("main.tf", "x.tf.json", "t.yaml", "t.yml", "t.json", "t.template"):
        assert pattern.search(name), name
    assert not pattern.search("README.md")


def test_github_action_runs_secfound_with_its_inputs() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    scripts = " ".join(step.get("run", "") for step in steps)
    used = set(re.findall(r"inputs\.([a-z-]+)", scripts))
    assert used <= set(action["inputs"]), f"undeclared inputs: {used - set(action['inputs'])}"
    assert "secfound scan" in scripts
    assert "github.action_path" in scripts, "the action installs secfound from its own source"
    for step in steps:
        if "run" in step:
            assert step.get("shell") == "bash", "composite run steps must name their shell"
