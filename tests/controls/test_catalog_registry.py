"""The whole catalog against the whole check registry, and the new schema fields' errors.

Hundreds of requirements cite checks and objectives by id; one test per rule keeps them
honest: every cited id exists, every objective is met by something, every check serves an
objective, the CIS files hold exactly the publisher's list, and version links resolve.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from secfound.checks.registry import builtin_registry
from secfound.controls.frameworks import Framework, load_frameworks, references_by_check
from secfound.controls.objectives import load_objectives
from secfound.errors import ConfigError

# The publishers' lists (CIS AWS Foundations Benchmark v5.0.0 and v3.0.0).
CIS_5_0_IDS = {
    *(f"1.{i}" for i in range(1, 22)),
    *("2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.3.1"),
    *(f"3.{i}" for i in range(1, 10)),
    *(f"4.{i}" for i in range(1, 17)),
    *("5.1.1", "5.1.2", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7"),
}
CIS_3_0_IDS = {
    *(f"1.{i}" for i in range(1, 23)),
    *("2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.2.1", "2.3.1", "2.3.2", "2.3.3", "2.4.1"),
    *(f"3.{i}" for i in range(1, 10)),
    *(f"4.{i}" for i in range(1, 17)),
    *(f"5.{i}" for i in range(1, 7)),
}
WA_CHOICES = {
    f"sec_securely_operate_{name}"
    for name in (
        "multi_accounts",
        "aws_account",
        "control_objectives",
        "updated_threats",
        "updated_recommendations",
        "reduce_management_scope",
        "test_validate_pipeline",
        "automate_security_controls",
        "threat_model",
        "implement_services_features",
    )
}

FRAMEWORKS = {f.id: f for f in load_frameworks()}
OBJECTIVES = load_objectives()
REGISTRY = builtin_registry()


def test_every_framework_file_loads() -> None:
    assert set(FRAMEWORKS) == {
        "aws-fsbp",
        "cis-aws-3.0",
        "cis-aws-5.0",
        "nist-800-53-r5",
        "wa-sec01",
    }
    assert all(f.requirements for f in FRAMEWORKS.values())


@pytest.mark.parametrize("framework", FRAMEWORKS.values(), ids=lambda f: f.id)
def test_every_cited_check_and_objective_exists(framework: Framework) -> None:
    missing = [
        f"{r.id}: {c}"
        for r in framework.requirements
        for c in r.checks
        if not REGISTRY.canonical_id(c)
    ]
    missing += [
        f"{r.id}: {o}" for r in framework.requirements for o in r.objectives if o not in OBJECTIVES
    ]
    assert missing == []


def test_references_resolve_over_the_whole_catalog() -> None:
    found = references_by_check(REGISTRY, FRAMEWORKS.values(), OBJECTIVES)
    # Every check is cited by some framework, at least through its objectives.
    assert {spec.id for spec in REGISTRY} <= set(found)


def test_every_objective_is_met_by_a_check_or_manual_controls() -> None:
    served = {objective for spec in REGISTRY for objective in spec.objectives}
    unmet = [o.id for o in OBJECTIVES.values() if o.id not in served and not o.manual_controls]
    assert unmet == []
    assert len(OBJECTIVES) >= 40


def test_every_check_serves_an_objective_that_exists() -> None:
    for spec in REGISTRY:
        assert spec.objectives, spec.id
        assert set(spec.objectives) <= set(OBJECTIVES), spec.id


@pytest.mark.parametrize(
    ("framework_id", "ids"), [("cis-aws-5.0", CIS_5_0_IDS), ("cis-aws-3.0", CIS_3_0_IDS)]
)
def test_cis_files_hold_every_recommendation(framework_id: str, ids: set[str]) -> None:
    framework = FRAMEWORKS[framework_id]
    assert [r.id for r in framework.requirements if r.id in ids] == [
        r.id for r in framework.requirements
    ]
    assert {r.id for r in framework.requirements} == ids
    for requirement in framework.requirements:
        assert requirement.covered, requirement.id
        assert requirement.assessment in ("automated", "manual"), requirement.id
        assert requirement.profile in ("Level 1", "Level 2"), requirement.id
        assert requirement.section, requirement.id


@pytest.mark.parametrize("framework_id", ["cis-aws-5.0", "cis-aws-3.0"])
def test_manual_cis_recommendations_rest_on_manual_controls(framework_id: str) -> None:
    for requirement in FRAMEWORKS[framework_id].requirements:
        if requirement.checks:
            continue
        assert requirement.objectives, requirement.id
        for objective in requirement.objectives:
            assert OBJECTIVES[objective].manual_controls, (requirement.id, objective)


def test_cis_5_continues_cis_3() -> None:
    newer, older = FRAMEWORKS["cis-aws-5.0"], FRAMEWORKS["cis-aws-3.0"]
    assert newer.supersedes == older.id
    older_ids = {r.id for r in older.requirements}
    continued = {p for r in newer.requirements for p in r.previous}
    assert continued <= older_ids
    # 1.3 (security questions) was retired; 2.2.4 (RDS Multi-AZ) and 5.1.2 (CIFS) are new.
    assert older_ids - continued == {"1.3"}
    assert {r.id for r in newer.requirements if not r.previous} == {"2.2.4", "5.1.2"}
    assert newer.requirement("1.3").previous == ("1.4",)
    assert newer.requirement("5.1.1").previous == ("2.2.1",)


def test_wa_file_is_keyed_on_choice_ids_with_each_release_numbering() -> None:
    framework = FRAMEWORKS["wa-sec01"]
    assert {r.id for r in framework.requirements} == WA_CHOICES
    assert all(r.objectives for r in framework.requirements)
    dates = [release.date for release in framework.releases]
    assert dates == sorted(dates) and "2022-03-31" in dates and "2024-06-27" in dates
    for release in framework.releases:
        assert sorted(p.number for p in release.practices) == [f"BP0{i}" for i in range(1, 9)]
    first, last = framework.releases[0], framework.releases[-1]
    pipeline, scope = (
        "sec_securely_operate_test_validate_pipeline",
        "sec_securely_operate_reduce_management_scope",
    )
    assert first.practice(pipeline) is not None and last.practice(pipeline) is None
    practice = last.practice(scope)
    assert practice is not None and practice.number == "BP05"


def test_nist_controls_map_to_objectives() -> None:
    framework = FRAMEWORKS["nist-800-53-r5"]
    assert len(framework.requirements) >= 40
    assert framework.requirement("SC-28").title == "Protection of Information at Rest"
    assert framework.requirement("AC-2(1)").title == "Automated System Account Management"
    for requirement in framework.requirements:
        assert requirement.objectives and not requirement.checks, requirement.id


def test_fsbp_lists_uncovered_controls_instead_of_omitting_them() -> None:
    framework = FRAMEWORKS["aws-fsbp"]
    covered = [r for r in framework.requirements if r.covered]
    assert len(covered) >= 85
    assert any(not r.covered for r in framework.requirements)
    assert not framework.requirement("GuardDuty.5").covered
    assert framework.requirement("S3.8").checks == ("aws.s3.bucket_blocks_public_access",)


# ----------------------------------------------------------------- schema errors at file:line

_OLD = """\
schema_version: 1
id: old-fw
title: Old
version: "1"
publisher: Nobody
source: https://example.com/old
reference_key: old
id_pattern: "D\\\\.[0-9]+"
requirements:
  - id: D.1
    title: Buckets keep versions
    checks: [aws.s3.bucket_versioning_enabled]
"""

_NEW = """\
schema_version: 1
id: new-fw
title: New
version: "2"
publisher: Nobody
source: https://example.com/new
reference_key: new
id_pattern: "D\\\\.[0-9]+"
supersedes: old-fw
requirements:
  - id: D.1
    title: Buckets keep versions
    assessment: automated
    profile: Level 1
    section: Storage
    previous:
      - D.1
    checks: [aws.s3.bucket_versioning_enabled]
  - id: D.2
    title: Something nobody checks yet
"""


def _write(tmp_path: Path, new: str = _NEW, old: str = _OLD) -> Path:
    (tmp_path / "old-fw.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "new-fw.yaml").write_text(new, encoding="utf-8")
    return tmp_path


def test_a_valid_pair_loads_with_the_new_fields(tmp_path: Path) -> None:
    frameworks = {f.id: f for f in load_frameworks(_write(tmp_path))}
    first, second = frameworks["new-fw"].requirements
    assert (first.assessment, first.profile, first.section, first.previous) == (
        "automated",
        "Level 1",
        "Storage",
        ("D.1",),
    )
    assert first.covered and not second.covered
    assert frameworks["new-fw"].supersedes == "old-fw"


@pytest.mark.parametrize(
    ("old", "new", "line", "message", "culprit"),
    [
        ("    assessment: automated", "    assessment: sometimes", 13, "assessment", "new-fw"),
        ("      - D.1\n", "      - D.9\n", 17, "old-fw does not have", "new-fw"),
        ("supersedes: old-fw", "supersedes: no-such-fw", 9, "no known framework", "new-fw"),
        ("supersedes: old-fw\n", "", 16, "supersedes no framework", "new-fw"),
        ("    profile: Level 1", "    profile: ''", 14, "profile", "new-fw"),
        # Two files may not share a key: their citations would merge in `checks list`.
        ("reference_key: new", "reference_key: old", 2, "reference_key 'old'", "old-fw"),
    ],
)
def test_bad_new_field_is_an_error_at_its_line(
    tmp_path: Path, old: str, new: str, line: int, message: str, culprit: str
) -> None:
    assert old in _NEW
    with pytest.raises(ConfigError) as caught:
        load_frameworks(_write(tmp_path, _NEW.replace(old, new)))
    assert caught.value.line == line, str(caught.value)
    assert message in str(caught.value)
    assert caught.value.path is not None and caught.value.path.endswith(f"{culprit}.yaml")


_RELEASES = """\
releases:
  - date: "2022-03-31"
    practices:
      D.1: {number: BP01, title: Keep versions}
      D.2: {number: BP02, title: Something}
"""


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("      D.2: {number: BP02", "      D.7: {number: BP02", 14, "no requirement"),
        ("      D.2: {number: BP02", "      D.2: {number: BP01", 14, "gives BP01 to both"),
        ('  - date: "2022-03-31"', "  - date: 2022-03-31", 11, "date"),
    ],
)
def test_bad_release_table_is_an_error_at_its_line(
    tmp_path: Path, old: str, new: str, line: int, message: str
) -> None:
    text = _NEW.replace("requirements:\n", _RELEASES + "requirements:\n")
    assert load_frameworks(_write(tmp_path, text))[0].releases[0].practice("D.2") is not None
    assert old in text
    with pytest.raises(ConfigError) as caught:
        load_frameworks(_write(tmp_path, text.replace(old, new)))
    assert caught.value.line == line, str(caught.value)
    assert message in str(caught.value)
