"""The model file shown in docs/threats.md loads: the documentation cannot drift from the
loader."""

from __future__ import annotations

import re
from pathlib import Path

from secfound.threats.schema import load_model

DOCS = Path(__file__).resolve().parents[2] / "docs" / "threats.md"


def test_the_documented_model_loads(tmp_path: Path) -> None:
    found = re.search(r"## The model file\n\n```yaml\n(.*?)```", DOCS.read_text(), re.S)
    assert found is not None
    path = tmp_path / "threatmodel.yaml"
    path.write_text(found.group(1))
    model = load_model(path)
    assert [c.id for c in model.components] == ["load-balancer", "orders-db"]
    assert model.flows[0].target == "load-balancer"
    assert model.accepted[0].threat == "SF-DS-002@orders-db"
