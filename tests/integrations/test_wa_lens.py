"""``secfound wa lens``: the custom lens document, held to the lens format's rules."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from secfound.cli.main import main
from secfound.controls.catalog import load_catalog
from secfound.controls.frameworks import Framework, load_framework
from secfound.errors import ConfigError
from secfound.integrations.wellarchitected.lens import (
    CHOICE_ID_MAX,
    HIGH_RISK_CHOICES,
    PILLAR_ID_MAX,
    QUESTION_ID_MAX,
    SCHEMA_VERSION,
    build_lens,
    evaluate_risk,
    holds,
    lens_problems,
    parse_condition,
)

P = "sec_securely_operate_"


@pytest.fixture(scope="module")
def wa() -> Framework:
    return load_catalog().framework("wa-sec01")


def _question(document: dict[str, Any]) -> dict[str, Any]:
    (pillar,) = document["pillars"]
    (question,) = pillar["questions"]
    result: dict[str, Any] = question
    return result


def test_the_lens_has_one_question_whose_choices_are_the_latest_practices(wa: Framework) -> None:
    document = build_lens(wa)
    assert lens_problems(document) == []
    assert document["schemaVersion"] == SCHEMA_VERSION == "2021-11-01"
    (pillar,) = document["pillars"]
    assert pillar["id"] == "security" and len(pillar["id"]) <= PILLAR_ID_MAX
    question = _question(document)
    assert len(question["id"]) <= QUESTION_ID_MAX
    latest = max(wa.releases, key=lambda r: r.date)
    expected = [p.choice_id for p in sorted(latest.practices, key=lambda p: p.number)]
    assert [c["id"] for c in question["choices"]] == expected
    for choice in question["choices"]:
        assert len(choice["id"]) <= CHOICE_ID_MAX
        assert choice["improvementPlan"]["displayText"]
        assert choice["helpfulResource"]["url"].startswith("https://")
    titles = {c["id"]: c["title"] for c in question["choices"]}
    assert titles[P + "multi_accounts"] == "BP01 Separate workloads using accounts"
    assert question["riskRules"][-1] == {"condition": "default", "risk": "HIGH_RISK"}


def test_an_older_release_has_the_choices_of_its_time(wa: Framework) -> None:
    ids = {c["id"] for c in _question(build_lens(wa, release="2022-03-31"))["choices"]}
    assert P + "updated_recommendations" in ids and P + "test_validate_pipeline" in ids
    assert P + "reduce_management_scope" not in ids
    with pytest.raises(ConfigError, match="no release 1999-01-01"):
        build_lens(wa, release="1999-01-01")


@settings(deadline=None, max_examples=150)
@given(st.data())
def test_risk_follows_the_selection(wa: Framework, data: st.DataObject) -> None:
    release = data.draw(st.sampled_from(sorted(r.date for r in wa.releases)))
    question = _question(build_lens(wa, release=release))
    ids = [c["id"] for c in question["choices"]]
    selected = data.draw(st.sets(st.sampled_from(ids)))
    high = {i for i in ids if i in HIGH_RISK_CHOICES}
    if selected == set(ids):
        expected = "NO_RISK"
    elif high <= selected:
        expected = "MEDIUM_RISK"
    else:
        expected = "HIGH_RISK"
    assert evaluate_risk(question, selected) == expected


def test_a_framework_without_releases_or_high_risk_practices(tmp_path: Path) -> None:
    (tmp_path / "mini.yaml").write_text(
        "schema_version: 1\nid: mini\ntitle: mini\nversion: '1'\npublisher: test\n"
        "source: https://example.com/mini\nreference_key: mini\nid_pattern: '[a-z_]+'\n"
        "requirements:\n  - {id: practice_a, title: A}\n  - {id: practice_b, title: B}\n"
    )
    question = _question(build_lens(load_framework(tmp_path / "mini.yaml")))
    assert [c["id"] for c in question["choices"]] == ["practice_a", "practice_b"]
    assert evaluate_risk(question, {"practice_a"}) == "MEDIUM_RISK"
    assert evaluate_risk(question, {"practice_a", "practice_b"}) == "NO_RISK"
    assert "not covered" in question["choices"][0]["improvementPlan"]["displayText"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda q: q["riskRules"].pop(), "exactly one default"),
        (lambda q: q["riskRules"].reverse(), "must come last"),
        (
            lambda q: q["riskRules"].insert(0, {"condition": "ghost && x", "risk": "NO_RISK"}),
            "names no choice ghost, x",
        ),
        (
            lambda q: q["riskRules"].insert(0, {"condition": "a && (b", "risk": "NO_RISK"}),
            "missing ')'",
        ),
        (lambda q: q["riskRules"][0].update(risk="LOW_RISK"), "LOW_RISK"),
        (lambda q: q["choices"][0].update(id="x" * 65), "longer than 64"),
        (lambda q: q["choices"][0].update(id="with-hyphen"), "only letters, digits"),
        (lambda q: q["choices"][1].update(id=q["choices"][0]["id"]), "used twice"),
        (lambda q: q["choices"][0].pop("improvementPlan"), "needs an improvementPlan"),
        (lambda q: q["choices"][0]["helpfulResource"].update(url="http://x"), "https://"),
        (lambda q: q.update(title="t" * 200), "longer than 128"),
    ],
)
def test_lens_problems_catch_what_the_tool_would_refuse(
    wa: Framework, change: Any, problem: str
) -> None:
    document = copy.deepcopy(build_lens(wa))
    change(_question(document))
    problems = lens_problems(document)
    assert any(problem in p for p in problems), problems


def test_conditions_are_parsed_not_evaluated_as_code() -> None:
    tree = parse_condition("!a || (b && c)")
    assert holds(tree, set()) and holds(tree, {"a", "b", "c"})
    assert not holds(tree, {"a", "b"})
    for bad in ("", "a &&", "a b", "__import__('os')", "a & b"):
        with pytest.raises(ValueError):
            parse_condition(bad)


def test_cli_writes_the_lens_file(tmp_path: Path, wa: Framework) -> None:
    target = tmp_path / "lens.json"
    runner = CliRunner()
    done = runner.invoke(
        main, ["wa", "lens", "-o", str(target), "--docs-url", "https://docs.example/wa"]
    )
    assert done.exit_code == 0, done.output
    written = json.loads(target.read_text())
    assert written == build_lens(wa, docs_url="https://docs.example/wa")
    assert all(
        c["improvementPlan"]["url"] == "https://docs.example/wa"
        for c in _question(written)["choices"]
    )
    done = runner.invoke(main, ["wa", "lens", "--release", "1999-01-01"])
    assert done.exit_code == 2 and "no release 1999-01-01" in done.stderr
    done = runner.invoke(main, ["wa", "lens", "--docs-url", "http://plain"])
    assert done.exit_code == 2 and "https://" in done.stderr
