"""The secrets detector against a corpus of false-positive bait and one of real leaks.

Every bait entry must give no finding; every leak must give exactly the kinds it lists,
and no reported text may contain a property value of 8 characters or more.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from secfound.checks.aws.general._secrets import find_secrets, mask
from secfound.checks.cases import _CaseLoader
from secfound.model.values import Unresolved

HERE = Path(__file__).parent


class _CorpusLoader(_CaseLoader):
    """The case-file loader (with ``!unresolved``) plus ``!join [a, b]``."""


def _join(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return "".join(str(part) for part in loader.construct_sequence(node))  # type: ignore[arg-type]


_CorpusLoader.add_constructor("!join", _join)


def _load(name: str) -> list[Any]:
    entries = yaml.load((HERE / name).read_text(encoding="utf-8"), Loader=_CorpusLoader)
    return [pytest.param(e, id=e["note"]) for e in entries]


def _leaves(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ("Name", "name", "Key", "key"):  # names are reported, values never
                yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    elif isinstance(value, Unresolved):
        yield value.template or ""
    elif isinstance(value, str | int) and not isinstance(value, bool):
        yield str(value)


@pytest.mark.parametrize("entry", _load("secrets_false_positive_bait.yaml"))
def test_bait_is_not_a_secret(entry: dict[str, Any]) -> None:
    assert find_secrets(entry["properties"]) == []


@pytest.mark.parametrize("entry", _load("secrets_true_positives.yaml"))
def test_leak_is_found_and_masked(entry: dict[str, Any]) -> None:
    hits = find_secrets(entry["properties"])
    assert sorted(h.kind for h in hits) == sorted(entry["kinds"])
    reported = " ".join(h.describe() for h in hits)
    for leaf in _leaves(entry["properties"]):
        for part in leaf.splitlines() or [leaf]:
            if len(part) >= 8:
                assert part not in reported


def test_corpora_are_large_enough() -> None:
    assert len(_load("secrets_false_positive_bait.yaml")) >= 40
    assert len(_load("secrets_true_positives.yaml")) >= 25


@pytest.mark.parametrize(
    ("secret", "masked"),
    [
        ("AKIAQ3EGRTY5NBV2LXQ7", "AKIA…(20 chars)"),
        ("hunter2", "h…(7 chars)"),
        ("abc", "…(3 chars)"),
        ("x" * 100, "xxxx…(100 chars)"),
    ],
)
def test_mask_keeps_at_most_four_characters(secret: str, masked: str) -> None:
    assert mask(secret) == masked
