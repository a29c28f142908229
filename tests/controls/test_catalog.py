"""load_catalog: the packaged catalog plus users' directories, clashes as errors at file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from secfound.controls.catalog import Catalog, load_catalog
from secfound.errors import ConfigError

_OBJECTIVES = """\
version: 1
objectives:
  - id: backups-tested
    title: Backups are restored in tests
    statement: Every backup set is restored in a test at least once a quarter.
    rationale: A backup that was never restored is a hope, not a control.
    type: responsive
    manual_controls:
      - Restore one backup set each quarter and record the result.
"""

_FRAMEWORK = """\
schema_version: 1
id: acme-policy
title: ACME security policy
version: "2025"
publisher: ACME
source: https://example.com/policy
reference_key: acme
id_pattern: "ACME-[0-9]+"
requirements:
  - id: ACME-1
    title: Backups are tested
    assessment: manual
    objectives: [backups-tested]
  - id: ACME-2
    title: Buckets keep versions
    checks: [aws.s3.bucket_versioning_enabled]
    objectives: [data-recoverable-after-deletion]
  - id: ACME-3
    title: Not decided yet
"""


def _catalog_dir(
    root: Path, objectives: str | None = _OBJECTIVES, framework: str = _FRAMEWORK
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if objectives is not None:
        (root / "objectives.yaml").write_text(objectives, encoding="utf-8")
    (root / "frameworks").mkdir(exist_ok=True)
    (root / "frameworks" / "acme-policy.yaml").write_text(framework, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def packaged() -> Catalog:
    return load_catalog()


def test_packaged_catalog(packaged: Catalog) -> None:
    assert set(packaged.frameworks) == {
        "aws-fsbp",
        "cis-aws-3.0",
        "cis-aws-5.0",
        "nist-800-53-r5",
        "wa-sec01",
    }
    assert packaged.objective("root-user-secured").type == "preventive"
    assert "aws.iam.root_user_has_hardware_mfa" in packaged.checks_for("root-user-secured")
    # Met by manual controls only: known, but no check serves it.
    assert packaged.checks_for("threat-model-maintained") == ()
    assert packaged.framework("cis-aws-5.0").supersedes == "cis-aws-3.0"
    superseding = packaged.superseded_by("cis-aws-3.0")
    assert superseding is not None and superseding.id == "cis-aws-5.0"
    assert packaged.superseded_by("cis-aws-5.0") is None


def test_unknown_ids_are_config_errors(packaged: Catalog) -> None:
    with pytest.raises(ConfigError, match=r"no framework .cis-aws-9\.0."):
        packaged.framework("cis-aws-9.0")
    with pytest.raises(ConfigError, match="no objective"):
        packaged.checks_for("no-such-objective")


def test_a_user_directory_adds_objectives_and_frameworks(tmp_path: Path, packaged: Catalog) -> None:
    catalog = load_catalog([_catalog_dir(tmp_path / "mine")])
    assert len(catalog.objectives) == len(packaged.objectives) + 1
    assert catalog.objective("backups-tested").manual_controls
    assert catalog.checks_for("backups-tested") == ()
    framework = catalog.framework("acme-policy")
    assert [r.covered for r in framework.requirements] == [True, True, False]
    assert framework.requirement("ACME-1").assessment == "manual"
    # The packaged frameworks are still there, unchanged.
    assert catalog.framework("aws-fsbp") == packaged.framework("aws-fsbp")


def test_a_directory_with_frameworks_only(tmp_path: Path) -> None:
    framework = _FRAMEWORK.replace(
        "objectives: [backups-tested]", "objectives: [root-user-secured]"
    )
    catalog = load_catalog([_catalog_dir(tmp_path / "fw", objectives=None, framework=framework)])
    assert "acme-policy" in catalog.frameworks


def test_a_clashing_objective_id_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = _OBJECTIVES + _OBJECTIVES.split("objectives:\n")[1].replace(
        "backups-tested", "root-user-secured"
    )
    directory = _catalog_dir(tmp_path / "clash", objectives=text)
    with pytest.raises(ConfigError) as caught:
        load_catalog([directory])
    assert caught.value.line == 10
    assert caught.value.path == str(directory / "objectives.yaml")
    assert "root-user-secured" in str(caught.value)


def test_a_clashing_framework_id_is_an_error_at_its_line(tmp_path: Path) -> None:
    first = _catalog_dir(tmp_path / "one")
    second = _catalog_dir(tmp_path / "two", objectives=None)
    with pytest.raises(ConfigError) as caught:
        load_catalog([first, second])
    assert caught.value.line == 2
    assert caught.value.path == str(second / "frameworks" / "acme-policy.yaml")


def test_a_user_file_may_not_replace_a_packaged_framework(tmp_path: Path) -> None:
    directory = _catalog_dir(tmp_path / "fsbp", objectives=None)
    (directory / "frameworks" / "aws-fsbp.yaml").write_text(
        _FRAMEWORK.replace("id: acme-policy", "id: aws-fsbp").replace(
            "objectives: [backups-tested]", ""
        ),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="framework id 'aws-fsbp' is already defined"):
        load_catalog([directory])


def test_a_user_framework_citing_nothing_known_is_an_error(tmp_path: Path) -> None:
    directory = _catalog_dir(tmp_path / "bad", objectives=None)
    with pytest.raises(ConfigError) as caught:
        load_catalog([directory])
    assert "backups-tested" in str(caught.value)
    assert caught.value.line == 13


def test_a_user_framework_may_supersede_a_packaged_one(tmp_path: Path) -> None:
    framework = _FRAMEWORK.replace(
        'id_pattern: "ACME-[0-9]+"\n', 'id_pattern: "ACME-[0-9]+"\nsupersedes: cis-aws-5.0\n'
    ).replace("    assessment: manual\n", '    assessment: manual\n    previous: ["1.1"]\n')
    catalog = load_catalog([_catalog_dir(tmp_path / "next", framework=framework)])
    assert catalog.framework("acme-policy").requirement("ACME-1").previous == ("1.1",)
    with pytest.raises(ConfigError, match=r"cis-aws-5\.0 does not have"):
        load_catalog(
            [_catalog_dir(tmp_path / "worse", framework=framework.replace('"1.1"', '"9.9"'))]
        )


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_a_directory_that_holds_no_catalog_is_an_error(tmp_path: Path, make: str) -> None:
    directory = tmp_path / "nothing"
    if make == "empty":
        directory.mkdir()
    with pytest.raises(ConfigError) as caught:
        load_catalog([directory])
    assert caught.value.path == str(directory)
