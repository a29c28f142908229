"""The generated indexes that keep start-up small, written and verified in one place.

- ``checks/index.json``: every built-in check's metadata, so a scan imports only the check
  modules for the resource types it meets;
- ``collect/cloudformation/resources/types.json`` and ``collect/terraform/resources/types.json``:
  which service module normalizes or joins each resource type.

``python -m secfound.indexes --write`` after adding a check or a resource type (``make
index``); ``--check`` (run by ``make test``) fails when any index is stale.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def _indexes() -> list[tuple[Path, Callable[[], dict[str, Any]]]]:
    from secfound.checks import registry
    from secfound.collect.cloudformation import resources as cfn
    from secfound.collect.terraform import resources as tf

    return [
        (registry.INDEX_FILE, registry.build_index),
        (cfn.INDEX_FILE, cfn.build_types_index),
        (tf.INDEX_FILE, tf.build_types_index),
    ]


def stale_indexes() -> list[Path]:
    """The index files whose content differs from what the code says now."""
    stale = []
    for path, build in _indexes():
        current = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        if current != json.loads(json.dumps(build())):
            stale.append(path)
    return stale


def write_indexes() -> list[Path]:
    written = []
    for path, build in _indexes():
        path.write_text(json.dumps(build(), indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--write"]:
        for path in write_indexes():
            print(f"wrote {path}")
        return 0
    if args == ["--check"]:
        stale = stale_indexes()
        for path in stale:
            print(f"{path} is stale: run python -m secfound.indexes --write (make index)")
        return 1 if stale else 0
    print("usage: python -m secfound.indexes --write | --check")
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
