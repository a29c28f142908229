"""The objectives vocabulary loads, and a bad file is a ConfigError at its line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from secfound.controls.objectives import DEFAULT_PATH, Objective, load_objectives
from secfound.errors import ConfigError

ENTRY = """\
  - id: {id}
    title: A title
    statement: A statement.
    rationale: A rationale.
    type: {type}
    manual_controls: []
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "objectives.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _file(*entries: str) -> str:
    return "version: 1\nobjectives:\n" + "".join(entries)


def test_packaged_file_loads() -> None:
    objectives = load_objectives()
    assert objectives == load_objectives(DEFAULT_PATH)
    assert "data-not-publicly-accessible" in objectives
    first = objectives["data-not-publicly-accessible"]
    assert isinstance(first, Objective)
    assert first.type == "preventive"
    assert isinstance(first.manual_controls, tuple)
    for objective in objectives.values():
        assert objective.title and objective.statement and objective.rationale


def test_a_valid_file_keeps_file_order(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _file(
            ENTRY.format(id="b-first", type="detective"),
            ENTRY.format(id="a-second", type="responsive"),
        ),
    )
    objectives = load_objectives(path)
    assert list(objectives) == ["b-first", "a-second"]
    assert objectives["a-second"].type == "responsive"


def test_bad_type_names_the_line_of_the_entry(tmp_path: Path) -> None:
    entries = [
        ENTRY.format(id="fine-one", type="preventive"),
        ENTRY.format(id="bad-one", type="corrective"),
    ]
    path = _write(tmp_path, _file(*entries))
    with pytest.raises(ConfigError) as caught:
        load_objectives(path)
    # version (1), objectives (2), first entry (3-8), second entry: type is on line 13.
    assert caught.value.line == 13
    assert caught.value.path == str(path)
    assert "objectives[1].type" in str(caught.value)
    assert f"{path}:13:" in str(caught.value)


def test_missing_field_points_at_the_entry(tmp_path: Path) -> None:
    entry = "  - id: no-title\n    statement: s\n    rationale: r\n    type: preventive\n"
    path = _write(tmp_path, _file(ENTRY.format(id="fine-one", type="preventive"), entry))
    with pytest.raises(ConfigError) as caught:
        load_objectives(path)
    assert caught.value.line == 9
    assert "title" in str(caught.value)


def test_id_must_be_kebab_case(tmp_path: Path) -> None:
    path = _write(tmp_path, _file(ENTRY.format(id="Not_Kebab", type="preventive")))
    with pytest.raises(ConfigError) as caught:
        load_objectives(path)
    assert caught.value.line == 3


def test_unknown_key_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, _file(ENTRY.format(id="x-y", type="preventive") + "    owner: me\n"))
    with pytest.raises(ConfigError) as caught:
        load_objectives(path)
    assert caught.value.line == 9
    assert "owner" in str(caught.value)


def test_duplicate_id_is_an_error_at_the_second(tmp_path: Path) -> None:
    entries = [ENTRY.format(id="same-id", type="preventive")] * 2
    path = _write(tmp_path, _file(*entries))
    with pytest.raises(ConfigError) as caught:
        load_objectives(path)
    assert caught.value.line == 9
    assert "same-id" in str(caught.value)


def test_duplicate_key_in_an_entry_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, _file(ENTRY.format(id="x-y", type="preventive") + "    title: Again\n"))
    with pytest.raises(ConfigError) as caught:
        load_objectives(path)
    assert caught.value.line == 9


def test_manual_controls_must_be_a_list(tmp_path: Path) -> None:
    text = _file(ENTRY.format(id="x-y", type="preventive")).replace(
        "manual_controls: []", "manual_controls: review it"
    )
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_objectives(path)
    assert caught.value.line == 8


def test_wrong_version_is_an_error(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _file(ENTRY.format(id="x-y", type="preventive")).replace("version: 1", "version: 2"),
    )
    with pytest.raises(ConfigError) as caught:
        load_objectives(path)
    assert caught.value.line == 1


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "version: 1\nobjectives:\n  - id: [unclosed\n")
    with pytest.raises(ConfigError) as caught:
        load_objectives(path)
    assert caught.value.line is not None and caught.value.line >= 3


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_objectives(tmp_path / "absent.yaml")
    assert "absent.yaml" in str(caught.value)
