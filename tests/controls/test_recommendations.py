"""Version diffs of recommendation sources and the workload's standing on them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secfound.controls.catalog import Catalog, load_catalog
from secfound.controls.frameworks import (
    Framework,
    Practice,
    Release,
    Requirement,
    load_frameworks,
)
from secfound.controls.recommendations import (
    NOT_JUDGED,
    Adoption,
    VersionChanges,
    catalog_changes,
    judge,
    parse_adopted,
    release_changes,
    standing,
    version_changes,
)
from secfound.controls.status import ControlState, RequirementStatus
from secfound.errors import ConfigError

_HEAD = """\
schema_version: 1
id: {id}
title: Example benchmark
version: "{version}"
publisher: Example
source: https://example.com/benchmark
reference_key: {key}
id_pattern: "[0-9]+(\\\\.[0-9]+)*"
"""

_OLD = (
    _HEAD.format(id="ex-1.0", version="1.0", key="ex-1.0")
    + """\
requirements:
  - {id: "1.1", title: "Keep contacts", assessment: manual, profile: Level 1}
  - {id: "1.2", title: "Rotate keys", assessment: automated, profile: Level 1}
  - {id: "1.3", title: "Answer security questions", assessment: manual}
  - {id: "2.1", title: "Encrypt volumes", assessment: automated}
  - {id: "2.2", title: "Encrypt snapshots", assessment: automated}
  - {id: "3.1", title: "Log everything", assessment: automated, profile: Level 1}
"""
)

_NEW = (
    _HEAD.format(id="ex-2.0", version="2.0", key="ex")
    + """\
supersedes: ex-1.0
requirements:
  - {id: "1.1", title: "Keep contacts", assessment: manual, profile: Level 1, previous: ["1.1"]}
  - {id: "1.2", title: "Rotate access keys", assessment: manual, profile: Level 2,
     previous: ["1.2"]}
  - {id: "2.1", title: "Encrypt volumes and snapshots", assessment: automated,
     previous: ["2.1", "2.2"]}
  - {id: "3.1", title: "Log management events", assessment: automated, profile: Level 1,
     previous: ["3.1"]}
  - {id: "3.2", title: "Log data events", assessment: automated, profile: Level 1,
     previous: ["3.1"]}
  - {id: "4.1", title: "Use a delegated administrator", assessment: automated}
  - {id: "4.2", title: "Renumbered contacts", assessment: automated, previous: ["1.1"]}
"""
)


def _pair(tmp_path: Path, old: str = _OLD, new: str = _NEW) -> tuple[Framework, Framework]:
    (tmp_path / "ex-1.0.yaml").write_text(old, encoding="utf-8")
    (tmp_path / "ex-2.0.yaml").write_text(new, encoding="utf-8")
    loaded = {f.id: f for f in load_frameworks(tmp_path)}
    return loaded["ex-1.0"], loaded["ex-2.0"]


@pytest.fixture(scope="module")
def packaged() -> Catalog:
    return load_catalog()


def test_added_changed_retired_and_unchanged(tmp_path: Path) -> None:
    changes = version_changes(*_pair(tmp_path))
    assert (changes.older, changes.newer, changes.framework) == ("ex-1.0", "ex-2.0", "ex-2.0")
    assert [c.id for c in changes.added] == ["4.1"]
    assert [c.id for c in changes.retired] == ["1.3"]
    # 1.1 is continued twice (1.1 and 4.2): a split, so a change even where nothing else moved.
    assert [c.id for c in changes.unchanged] == []
    by_id = {c.id: c for c in changes.changed}
    assert list(by_id) == ["1.1", "1.2", "2.1", "3.1", "3.2", "4.2"]
    assert by_id["1.2"].details == (
        "title was 'Rotate keys'",
        "assessment automated → manual",
        "profile Level 1 → Level 2",
    )
    assert changes.counts() == {"added": 1, "changed": 6, "retired": 1, "unchanged": 0}


def test_a_merge_and_a_split(tmp_path: Path) -> None:
    changes = version_changes(*_pair(tmp_path))
    by_id = {c.id: c for c in changes.changed}
    merged = by_id["2.1"]
    assert merged.merge and not merged.split
    assert merged.previous == ("2.1", "2.2")
    assert merged.details == ("merges 2.1, 2.2",)
    assert by_id["3.1"].split and by_id["3.2"].split
    assert by_id["3.1"].details == ("3.1 split into 3.1, 3.2", "title was 'Log everything'")
    assert by_id["3.2"].details == (
        "3.1 split into 3.1, 3.2",
        "renumbered from 3.1",
        "title was 'Log everything'",
    )
    # Neither 2.2 (merged) nor 3.1 (split) is retired: something continues them.
    assert {c.id for c in changes.retired} == {"1.3"}


def test_a_renumbering_alone_is_a_change(tmp_path: Path) -> None:
    new = (
        _HEAD.format(id="ex-2.0", version="2.0", key="ex")
        + """\
supersedes: ex-1.0
requirements:
  - {id: "1.1", title: "Keep contacts", assessment: manual, profile: Level 1, previous: ["1.1"]}
  - {id: "1.5", title: "Rotate keys", assessment: automated, profile: Level 1, previous: ["1.2"]}
"""
    )
    changes = version_changes(*_pair(tmp_path, new=new))
    assert [c.id for c in changes.unchanged] == ["1.1"]
    (renumbered,) = changes.changed
    assert (renumbered.id, renumbered.previous, renumbered.details) == (
        "1.5",
        ("1.2",),
        ("renumbered from 1.2",),
    )
    assert [c.id for c in changes.retired] == ["1.3", "2.1", "2.2", "3.1"]


def test_the_packaged_cis_diff_is_what_the_data_says(packaged: Catalog) -> None:
    changes = version_changes(packaged.framework("cis-aws-3.0"), packaged.framework("cis-aws-5.0"))
    assert {c.id for c in changes.added} == {"2.2.4", "5.1.2"}
    assert {c.id for c in changes.retired} == {"1.3"}
    assert not any(c.merge or c.split for c in changes.changed)
    counts = changes.counts()
    assert counts["added"] + counts["changed"] + counts["unchanged"] == 63
    assert counts["retired"] + counts["changed"] + counts["unchanged"] == 62
    by_id = {c.id: c for c in changes.changed}
    assert by_id["1.3"].details == ("renumbered from 1.4",)
    assert by_id["5.1.1"].previous == ("2.2.1",)
    assert "2.1.2" in by_id and "profile Level 1 → Level 2" in by_id["2.1.2"].details


def test_the_wa_release_diffs(packaged: Catalog) -> None:
    diffs = release_changes(packaged.framework("wa-sec01"))
    assert [(d.older, d.newer) for d in diffs] == [
        ("wa-sec01@2022-03-31", "wa-sec01@2023-10-03"),
        ("wa-sec01@2023-10-03", "wa-sec01@2024-06-27"),
        ("wa-sec01@2024-06-27", "wa-sec01@2024-11-06"),
    ]
    first, second, third = diffs
    assert {c.id for c in first.changed} == {
        "sec_securely_operate_aws_account",
        "sec_securely_operate_threat_model",
    }
    assert not first.added and not first.retired
    assert {(c.number, c.id) for c in second.added} == {
        ("BP05", "sec_securely_operate_reduce_management_scope"),
        ("BP06", "sec_securely_operate_automate_security_controls"),
    }
    assert [c.id for c in second.retired] == ["sec_securely_operate_test_validate_pipeline"]
    (merged,) = second.changed
    assert merged.id == "sec_securely_operate_updated_threats" and merged.merge
    assert merged.previous == (
        "sec_securely_operate_updated_threats",
        "sec_securely_operate_updated_recommendations",
    )
    assert third.listed == () and len(third.unchanged) == 8


def _release(date: str, *practices: tuple[str, str, str]) -> Release:
    return Release(
        date=date,
        practices=tuple(Practice(choice_id=c, number=n, title=t) for c, n, t in practices),
    )


def _framework_with(*releases: Release) -> Framework:
    ids = {p.choice_id for r in releases for p in r.practices}
    return Framework(
        id="wa-x",
        title="WA",
        version="1",
        publisher="p",
        source="https://example.com",
        reference_key="wa-x",
        requirements=tuple(Requirement(id=i, title=i) for i in sorted(ids)),
        path=Path("wa-x.yaml"),
        releases=releases,
    )


def test_releases_renumber_and_a_leaving_practice_without_a_host_is_retired() -> None:
    framework = _framework_with(
        _release("2024-01-01", ("a", "BP01", "Do alpha"), ("b", "BP02", "Watch beta logs")),
        _release("2023-01-01", ("a", "BP02", "Do alpha"), ("b", "BP01", "Watch beta logs")),
        _release("2025-01-01", ("a", "BP01", "Do alpha and gamma"), ("c", "BP02", "New")),
    )
    first, second = release_changes(framework)  # sorted by date, whatever the file order
    assert first.older == "wa-x@2023-01-01"
    assert {c.id: c.details for c in first.changed} == {
        "a": ("renumbered from BP02",),
        "b": ("renumbered from BP01",),
    }
    # "a" gained "gamma", which "b"'s title lacks: b is retired, not merged.
    assert [c.id for c in second.retired] == ["b"]
    assert [c.id for c in second.added] == ["c"]
    assert not second.changed[0].merge


def test_adopted_entries() -> None:
    adoption = parse_adopted(["cis-aws-5.0", "wa-sec01:sec_x", " ", "a:b:c"])
    assert adoption.frameworks == {"cis-aws-5.0"}
    assert adoption.requirements == {("wa-sec01", "sec_x"), ("a", "b:c")}
    assert adoption.covers("cis-aws-5.0", "2.2.4")
    assert adoption.covers("wa-sec01", "sec_x")
    assert not adoption.covers("wa-sec01", "sec_y")
    assert adoption.as_list() == ["cis-aws-5.0", "a:b:c", "wa-sec01:sec_x"]


def test_unknown_adopted_entries_are_reported(packaged: Catalog) -> None:
    adoption = parse_adopted(["cis-aws-5.0", "cis-aws-9.0", "cis-aws-5.0:9.9", "cis-aws-5.0:2.2.4"])
    assert adoption.unknown(packaged) == ("cis-aws-9.0", "cis-aws-5.0:9.9")


def _status(state: ControlState, attested: bool | None = None) -> RequirementStatus:
    return RequirementStatus(
        framework="ex-2.0",
        id="4.1",
        title="t",
        state=state,
        reason=f"because {state}",
        checks=(),
        objectives=(),
        attested=attested,
    )


@pytest.mark.parametrize(
    ("state", "attested", "listed", "adopted", "by", "attention"),
    [
        (ControlState.PASSING, None, False, True, "evidence", False),
        (ControlState.FAILING, None, False, False, None, True),
        (ControlState.FAILING, None, True, True, "config", True),  # adopted, not met
        (ControlState.UNKNOWN, None, True, True, "config", True),  # unknown is never a pass
        (ControlState.UNKNOWN, None, False, False, None, True),
        (ControlState.NOT_APPLICABLE, None, False, False, None, True),
        (ControlState.NOT_APPLICABLE, None, True, True, "config", False),
        (ControlState.MANUAL, True, False, True, "evidence", False),
        (ControlState.MANUAL, False, False, False, None, True),
        (ControlState.NOT_COVERED, None, True, True, "config", False),
    ],
)
def test_standing(
    state: ControlState,
    attested: bool | None,
    listed: bool,
    adopted: bool,
    by: str | None,
    attention: bool,
) -> None:
    adoption = parse_adopted(["ex-2.0:4.1"] if listed else ["ex-2.0:4.2"])
    found = standing("ex-2.0", "4.1", _status(state, attested), adoption)
    assert (found.state, found.adopted, found.adopted_by) == (str(state), adopted, by)
    assert found.needs_attention is attention
    assert found.reason == f"because {state}"
    assert found.attested is attested


def test_standing_without_evidence() -> None:
    assert standing("ex-2.0", "4.1", None, Adoption()).as_dict() == {
        "state": NOT_JUDGED,
        "adopted": False,
        "adopted_by": None,
        "attested": None,
        "needs_attention": True,
        "reason": "",
    }
    whole = standing("ex-2.0", "4.1", None, parse_adopted(["ex-2.0"]))
    assert whole.adopted and whole.adopted_by == "config" and not whole.needs_attention


def test_judge_attaches_standings_to_added_and_changed_only(tmp_path: Path) -> None:
    changes = version_changes(*_pair(tmp_path))
    statuses = {"4.1": _status(ControlState.PASSING), "1.2": _status(ControlState.FAILING)}
    judged = judge(changes, statuses, parse_adopted(["ex-2.0:2.1"]))
    assert judged.judged and not changes.judged
    assert all(c.standing is not None for c in judged.added + judged.changed)
    assert all(c.standing is None for c in judged.retired + judged.unchanged)
    by_id = {c.id: c.standing for c in judged.added + judged.changed}
    assert by_id["4.1"] is not None and by_id["4.1"].adopted_by == "evidence"
    assert by_id["2.1"] is not None and by_id["2.1"].adopted_by == "config"
    assert by_id["1.2"] is not None and by_id["1.2"].state == "failing"
    assert by_id["3.1"] is not None and by_id["3.1"].state == NOT_JUDGED
    attention = {c.id for c in judged.attention}
    assert attention == {"1.1", "1.2", "3.1", "3.2", "4.2"}
    assert judged.counts()["needs_attention"] == 5
    document = json.loads(json.dumps(judged.as_dict(include_unchanged=True)))
    assert document["counts"]["needs_attention"] == 5
    assert [c["kind"] for c in document["changes"]].count("retired") == 1


def test_catalog_changes(packaged: Catalog) -> None:
    everything = catalog_changes(packaged)
    assert (everything[0].older, everything[0].newer) == ("cis-aws-3.0", "cis-aws-5.0")
    assert {c.framework for c in everything} == {"cis-aws-5.0", "wa-sec01"}
    assert [c.newer for c in catalog_changes(packaged, "cis-aws-5.0")] == ["cis-aws-5.0"]
    with pytest.raises(ConfigError, match="supersedes no framework"):
        catalog_changes(packaged, "aws-fsbp")
    with pytest.raises(ConfigError, match="no framework 'nope'"):
        catalog_changes(packaged, "nope")


@settings(deadline=None, max_examples=60)
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=7), max_size=3),
        min_size=1,
        max_size=8,
    )
)
def test_every_older_requirement_is_continued_or_retired(links: list[list[int]]) -> None:
    older = _plain("old", [f"o{i}" for i in range(8)], None)
    newer_reqs = tuple(
        Requirement(id=f"n{i}", title="t", previous=tuple(f"o{j}" for j in dict.fromkeys(prev)))
        for i, prev in enumerate(links)
    )
    newer = replace(_plain("new", [], "old"), requirements=newer_reqs)
    changes = version_changes(older, newer)
    continued = {p for r in newer_reqs for p in r.previous}
    assert {c.id for c in changes.retired} == {f"o{i}" for i in range(8)} - continued
    assert len(changes.added) + len(changes.changed) + len(changes.unchanged) == len(links)
    assert all(c.merge == (len(c.previous) > 1) for c in changes.changed)


def _plain(framework_id: str, ids: list[str], supersedes: str | None) -> Framework:
    return Framework(
        id=framework_id,
        title="t",
        version="1",
        publisher="p",
        source="https://example.com",
        reference_key=framework_id,
        requirements=tuple(Requirement(id=i, title="t") for i in ids),
        path=Path(f"{framework_id}.yaml"),
        supersedes=supersedes,
    )


def test_version_changes_round_trip_as_json(packaged: Catalog) -> None:
    changes: VersionChanges = catalog_changes(packaged, "cis-aws-5.0")[0]
    document = changes.as_dict()
    assert json.loads(json.dumps(document)) == document
    assert len(document["changes"]) == 2 + 52 + 1
    assert len(changes.as_dict(include_unchanged=True)["changes"]) == 64
