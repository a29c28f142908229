"""``secfound recommendations`` and ``recommendations import`` end to end, in a subprocess."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Runner = Callable[..., subprocess.CompletedProcess[str]]

TEMPLATE = """resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
"""
STATES = {"passing", "failing", "unknown", "manual", "not applicable", "not covered"}

# A made-up next CIS version: 1.1 merges 5.0's 1.1 and 1.2, 1.2 is 5.0's 1.3 renumbered,
# 9.1 is new; the 60 other 5.0 recommendations are retired.
CIS_6 = """\
schema_version: 1
id: cis-aws-6.0
title: CIS Amazon Web Services Foundations Benchmark
version: "6.0.0"
publisher: Center for Internet Security
source: https://www.cisecurity.org/benchmark/amazon_web_services
reference_key: cis-6.0
id_pattern: "[0-9]+(\\\\.[0-9]+){1,2}"
supersedes: cis-aws-5.0
requirements:
  - id: "1.1"
    title: "Maintain current contact details"
    profile: Level 1
    assessment: manual
    previous: ["1.1", "1.2"]
    checks:
      - aws.account.alternate_contacts_registered
      - aws.account.security_contact_registered
  - id: "1.2"
    title: "Ensure no 'root' user account access key exists"
    profile: Level 1
    assessment: automated
    previous: ["1.3"]
    checks:
      - aws.iam.root_user_has_no_access_keys
  - id: "9.1"
    title: "Keep deleted data recoverable"
    profile: Level 1
    assessment: automated
    objectives:
      - data-recoverable-after-deletion
"""


@pytest.fixture(autouse=True)
def _own_user_data(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test its own user data folder: an import into the user's catalog directory
    must not reach other tests' catalogs."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    monkeypatch.delenv("SECFOUND_DB", raising=False)
    return folder


@pytest.fixture
def stored(secfound: Runner, repo: Path) -> str:
    (repo / "main.tf").write_text(TEMPLATE)
    db = f"sqlite:///{repo / 'runs.db'}"
    done = secfound("scan", str(repo), "--db", db, "-q", "--format", "json")
    assert done.returncode == 1, done.stderr
    return db


def _json(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _source(document: dict[str, Any], newer: str) -> dict[str, Any]:
    (found,) = [s for s in document["sources"] if s["newer"] == newer]
    return found


def _items(source: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in source["changes"] if c["kind"] == kind}


def test_without_a_store_states_are_not_judged(secfound: Runner, repo: Path) -> None:
    document = _json(secfound("recommendations", "--format", "json", cwd=repo))
    assert document["evidence"]["judged"] is False
    assert "no run store" in document["evidence"]["note"]
    cis = _source(document, "cis-aws-5.0")
    assert set(_items(cis, "added")) == {"2.2.4", "5.1.2"}
    assert set(_items(cis, "retired")) == {"1.3"}
    assert "unchanged" not in {c["kind"] for c in cis["changes"]}
    standings = [c["standing"] for c in cis["changes"] if c["kind"] != "retired"]
    assert standings and all(s["state"] == "not judged" and s["needs_attention"] for s in standings)
    releases = [s["newer"] for s in document["sources"] if s["framework"] == "wa-sec01"]
    assert releases == ["wa-sec01@2023-10-03", "wa-sec01@2024-06-27", "wa-sec01@2024-11-06"]


def test_states_come_from_the_stored_runs(secfound: Runner, stored: str, repo: Path) -> None:
    document = _json(
        secfound(
            "recommendations",
            "--db",
            stored,
            "--framework",
            "cis-aws-5.0",
            "--format",
            "json",
            cwd=repo,
        )
    )
    assert document["evidence"]["judged"] is True and len(document["evidence"]["runs"]) == 1
    (cis,) = document["sources"]
    status = _json(
        secfound(
            "controls",
            "status",
            "--db",
            stored,
            "--framework",
            "cis-aws-5.0",
            "--format",
            "json",
            cwd=repo,
        )
    )
    states = {r["id"]: r["state"] for r in status["requirements"]["items"]}
    judged = [c for c in cis["changes"] if c["kind"] in ("added", "changed")]
    assert {c["standing"]["state"] for c in judged} <= STATES
    assert all(c["standing"]["state"] == states[c["id"]] for c in judged)
    # The bucket has no MFA delete: 2.1.2 changed in 5.0 and is not met.
    changed = _items(cis, "changed")
    assert changed["2.1.2"]["standing"]["state"] == "failing"
    assert changed["2.1.2"]["standing"]["needs_attention"] is True
    passing = [c for c in judged if c["standing"]["state"] == "passing"]
    assert passing and all(c["standing"]["adopted_by"] == "evidence" for c in passing)
    attention = sum(c["standing"]["needs_attention"] for c in judged)
    assert cis["counts"]["needs_attention"] == attention


def test_a_whole_framework_adopted_in_the_config(secfound: Runner, stored: str, repo: Path) -> None:
    (repo / ".secfound.yaml").write_text("adopted:\n  - cis-aws-5.0\n")
    document = _json(secfound("recommendations", "--db", stored, "--format", "json", cwd=repo))
    assert document["adopted"] == ["cis-aws-5.0"] and document["unknown_adopted"] == []
    cis = _source(document, "cis-aws-5.0")
    judged = [c for c in cis["changes"] if c["kind"] in ("added", "changed")]
    assert all(c["standing"]["adopted"] and c["standing"]["adopted_by"] == "config" for c in judged)
    # Adopted but failing still needs attention; adopted and not failing does not.
    assert {c["id"] for c in judged if c["standing"]["needs_attention"]} == {
        c["id"] for c in judged if c["standing"]["state"] in ("failing", "unknown")
    }
    assert "2.1.2" in {c["id"] for c in judged if c["standing"]["needs_attention"]}
    # The WA practices are not part of that adoption.
    wa = _source(document, "wa-sec01@2024-06-27")
    assert not any(c["standing"]["adopted_by"] == "config" for c in _items(wa, "added").values())
    table = secfound("recommendations", "--db", stored, "--framework", "cis-aws-5.0", cwd=repo)
    assert table.returncode == 0, table.stderr
    assert "yes (config)" in table.stdout and "cis-aws-3.0 → cis-aws-5.0" in table.stdout


def test_an_unknown_adopted_id_is_a_warning(secfound: Runner, repo: Path) -> None:
    (repo / ".secfound.yaml").write_text("adopted: [cis-aws-9.0, 'cis-aws-5.0:2.2.4']\n")
    done = secfound("recommendations", "--framework", "cis-aws-5.0", "--format", "json", cwd=repo)
    assert "warning" in done.stderr and "cis-aws-9.0" in done.stderr
    document = _json(done)
    assert document["unknown_adopted"] == ["cis-aws-9.0"]
    added = _items(document["sources"][0], "added")
    assert added["2.2.4"]["standing"]["adopted"] is True
    assert added["5.1.2"]["standing"]["adopted"] is False


def test_all_lists_the_unchanged_too(secfound: Runner, repo: Path) -> None:
    args = ("recommendations", "--framework", "cis-aws-5.0", "--format", "json")
    plain = _json(secfound(*args, cwd=repo))["sources"][0]
    everything = _json(secfound(*args, "--all", cwd=repo))["sources"][0]
    unchanged = [c for c in everything["changes"] if c["kind"] == "unchanged"]
    assert len(unchanged) == everything["counts"]["unchanged"] > 0
    assert len(everything["changes"]) == len(plain["changes"]) + len(unchanged)


def test_a_framework_without_versions_is_refused(secfound: Runner, repo: Path) -> None:
    done = secfound("recommendations", "--framework", "aws-fsbp", cwd=repo)
    assert done.returncode == 2
    assert "supersedes no framework" in done.stderr and "cis-aws-5.0" in done.stderr
    done = secfound("recommendations", "--framework", "nope", cwd=repo)
    assert done.returncode == 2 and "no framework 'nope'" in done.stderr


def test_import_then_show_the_new_version(secfound: Runner, tmp_path: Path, repo: Path) -> None:
    source = tmp_path / "cis-aws-6.0.yaml"
    source.write_text(CIS_6)
    catalog = tmp_path / "catalog"
    done = secfound("recommendations", "import", str(source), "--catalog", str(catalog), cwd=repo)
    assert done.returncode == 0, done.stderr
    copied = catalog / "frameworks" / "cis-aws-6.0.yaml"
    assert copied.read_text() == CIS_6
    assert "imported cis-aws-6.0" in done.stdout
    assert "1 added, 2 changed, 60 retired, 0 unchanged" in done.stdout
    assert "merges 1.1, 1.2" in done.stdout and "renumbered from 1.3" in done.stdout

    document = _json(
        secfound(
            "recommendations",
            "--framework",
            "cis-aws-6.0",
            "--catalog",
            str(catalog),
            "--format",
            "json",
            cwd=repo,
        )
    )
    (six,) = document["sources"]
    assert (six["older"], six["newer"]) == ("cis-aws-5.0", "cis-aws-6.0")
    assert set(_items(six, "added")) == {"9.1"}
    assert _items(six, "changed")["1.1"]["merge"] is True
    assert len(_items(six, "retired")) == 60

    # Once imported, the same id is refused unless --replace.
    again = secfound("recommendations", "import", str(source), "--catalog", str(catalog), cwd=repo)
    assert again.returncode == 2
    assert f"{source}:2:" in again.stderr and "--replace" in again.stderr
    source.write_text(CIS_6.replace('title: "Keep deleted', 'title: "Keep removed'))
    replaced = secfound(
        "recommendations", "import", str(source), "--catalog", str(catalog), "--replace", cwd=repo
    )
    assert replaced.returncode == 0, replaced.stderr
    assert "Keep removed" in copied.read_text()


def test_import_into_the_user_catalog_is_loaded_everywhere(
    secfound: Runner, tmp_path: Path, repo: Path, _own_user_data: Path
) -> None:
    source = tmp_path / "next-cis.yaml"  # the file name need not be the id
    source.write_text(CIS_6)
    done = secfound("recommendations", "import", str(source), cwd=repo)
    assert done.returncode == 0, done.stderr
    assert (_own_user_data / "secfound" / "catalog" / "frameworks" / "cis-aws-6.0.yaml").is_file()
    document = _json(secfound("recommendations", "--format", "json", cwd=repo))
    assert {s["newer"] for s in document["sources"]} >= {"cis-aws-5.0", "cis-aws-6.0"}
    status = secfound(
        "controls", "status", "--framework", "cis-aws-6.0", "--format", "json", cwd=repo
    )
    assert "no runs are stored yet" in status.stderr  # the framework is known, the store empty


@pytest.mark.parametrize(
    ("before", "after", "line", "message"),
    [
        ('previous: ["1.3"]', 'previous: ["1.99"]', 23, "continues '1.99', which cis-aws-5.0"),
        (
            "aws.iam.root_user_has_no_access_keys",
            "aws.iam.no_such_check",
            25,
            "cites no such check 'aws.iam.no_such_check'",
        ),
        ("supersedes: cis-aws-5.0", "supersedes: cis-aws-4.0", 9, "no known framework"),
        ("id: cis-aws-6.0", "id: cis-aws-5.0", 2, "is a packaged framework"),
        ("assessment: automated\n    previous", "assessment: sometimes\n    previous", 22, ""),
        ('version: "6.0.0"', 'version: "6.0.0"\nversion: "6.1"', 5, "appears twice"),
    ],
)
def test_a_bad_file_is_refused_at_its_line_and_nothing_is_copied(
    secfound: Runner,
    tmp_path: Path,
    repo: Path,
    before: str,
    after: str,
    line: int,
    message: str,
) -> None:
    assert before in CIS_6
    source = tmp_path / "cis-aws-6.0.yaml"
    source.write_text(CIS_6.replace(before, after, 1))
    catalog = tmp_path / "catalog"
    done = secfound("recommendations", "import", str(source), "--catalog", str(catalog), cwd=repo)
    assert done.returncode == 2
    assert f"{source}:{line}:" in done.stderr
    assert message in done.stderr
    assert "secfound-import-" not in done.stderr  # never the staged copy's path
    assert not catalog.exists()


def test_import_of_a_missing_file(secfound: Runner, tmp_path: Path, repo: Path) -> None:
    catalog = tmp_path / "catalog"
    missing = tmp_path / "nope.yaml"
    done = secfound("recommendations", "import", str(missing), "--catalog", str(catalog), cwd=repo)
    assert done.returncode == 2 and str(missing) in done.stderr
    assert not catalog.exists()


def test_the_group_lists_import(secfound: Runner) -> None:
    done = secfound("recommendations", "--help")
    assert done.returncode == 0 and "import" in done.stdout
