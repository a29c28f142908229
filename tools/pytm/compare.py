"""Compare pytm's findings on the orders workload with the threats secfound raises.

The workload of ``examples/`` is modelled twice: ``examples/threatmodel.yaml`` for
secfound and ``tools/pytm/orders_tm.py`` for pytm, with every element named by the same
id. pytm runs in its own virtualenv (``make .venv-pytm/bin/python``), as a subprocess, so
it is never imported here. For each pytm finding the comparison decides:

* ``out of scope``: its rule is application level (``tools/pytm/scope.yaml``, with why);
* ``no CAPEC``: its rule cites no CAPEC id, so there is nothing to compare by;
* ``unasked``: it disappears once pytm's questions that secfound's model has no field
  for are answered (scope.yaml, ``unasked``): it rests on one of them alone;
* ``matched``: secfound raises a threat on the same element whose rule cites at least one
  of the finding's CAPEC ids;
* ``UNMATCHED``: none of the above; the script exits 1.

Usage (from the repository root, with secfound's virtualenv)::

    python tools/pytm/compare.py                 # the Markdown table
    python tools/pytm/compare.py --json          # a JSON summary
    python tools/pytm/compare.py --write         # regenerate docs/threats-pytm.md's tables
    python tools/pytm/compare.py --check         # exit 1 when those tables are stale

``--pytm PYTHON`` (or ``SECFOUND_PYTM``) names the interpreter that has pytm. Exit codes:
0 every in-scope finding matched (and, with ``--check``, the doc is current); 1 an
unmatched finding or a stale doc; 2 pytm is missing, or the scope file does not classify
exactly pytm's rules.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from secfound.threats.matcher import raise_threats
from secfound.threats.rules import load_rules
from secfound.threats.schema import load_model

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
MODEL = ROOT / "examples" / "threatmodel.yaml"
PYTM_MODEL = HERE / "orders_tm.py"
SCOPE = HERE / "scope.yaml"
DOC = ROOT / "docs" / "threats-pytm.md"
DEFAULT_PYTM = ROOT / ".venv-pytm" / "bin" / "python"
MARKERS = {
    "scope": ("<!-- pytm-scope:start -->", "<!-- pytm-scope:end -->"),
    "comparison": ("<!-- pytm-comparison:start -->", "<!-- pytm-comparison:end -->"),
}

MATCHED, UNMATCHED, NO_CAPEC, UNASKED, OUT = (
    "matched",
    "UNMATCHED",
    "no CAPEC",
    "unasked",
    "out of scope",
)


class ComparisonError(Exception):
    """pytm cannot run, or the scope file does not fit pytm's library (exit 2)."""


@dataclass(frozen=True)
class ScopeEntry:
    sid: str
    family: str
    in_scope: bool
    about: str
    reason: str
    capec: tuple[int, ...] = ()


@dataclass(frozen=True)
class Row:
    """One pytm finding and what secfound raises on the same element."""

    sid: str
    element: str
    capec: tuple[int, ...]
    verdict: str
    rules: tuple[str, ...] = ()  # secfound rules on the element citing one of the CAPEC ids
    rests_on: tuple[str, ...] = ()  # the unasked questions it rests on


@dataclass(frozen=True)
class Comparison:
    pytm_version: str
    scope: tuple[ScopeEntry, ...]
    unasked: dict[str, str]
    rows: tuple[Row, ...]
    threats: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def unmatched(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.verdict == UNMATCHED)


def pytm_python(explicit: str | None = None) -> Path:
    """The interpreter that has pytm: ``explicit``, ``SECFOUND_PYTM`` or ``.venv-pytm``."""
    candidate = Path(explicit or os.environ.get("SECFOUND_PYTM") or DEFAULT_PYTM)
    if not candidate.exists():
        raise ComparisonError(
            f"{candidate} does not exist: `make .venv-pytm/bin/python` installs pytm there"
        )
    return candidate


def _run_pytm(python: Path, *args: str) -> Any:
    done = subprocess.run(
        [str(python), str(PYTM_MODEL), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise ComparisonError(f"pytm failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def _pytm_version(python: Path) -> str:
    code = "import importlib.metadata as m; print(m.version('pytm'))"
    done = subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    return done.stdout.strip() or "unknown"


def load_scope(
    library: Sequence[dict[str, Any]], path: Path = SCOPE
) -> tuple[tuple[ScopeEntry, ...], dict[str, str]]:
    """The scope of every rule of pytm's ``library``, and the unasked questions.

    Every SID of the library must be classified and no other: a pytm upgrade that adds
    or drops a rule stops the comparison until someone decides.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    families, sids = data["families"], data["sids"]
    capec = {rule["sid"]: tuple(rule["capec"]) for rule in library}
    missing, stale = sorted(set(capec) - set(sids)), sorted(set(sids) - set(capec))
    if missing or stale:
        raise ComparisonError(
            f"{path}: classify pytm's rules {missing}; drop {stale}, which pytm lacks"
        )
    entries = []
    for sid in sorted(sids, key=_sid_key):
        entry, family = sids[sid], sid.rstrip("0123456789")
        if family not in families:
            raise ComparisonError(f"{path}: {sid}: no family {family!r}")
        default = families[family]
        scope = entry.get("scope", default["scope"])
        if scope not in ("in", "out"):
            raise ComparisonError(f"{path}: {sid}: scope is in or out, not {scope!r}")
        entries.append(
            ScopeEntry(
                sid=sid,
                family=family,
                in_scope=scope == "in",
                about=entry["about"],
                reason=entry.get("reason", default["reason"]),
                capec=capec[sid],
            )
        )
    return tuple(entries), {str(k): str(v) for k, v in data["unasked"].items()}


def _sid_key(sid: str) -> tuple[str, int]:
    family = sid.rstrip("0123456789")
    return family, int(sid[len(family) :] or 0)


def _secfound_capec() -> tuple[dict[tuple[str, int], set[str]], int]:
    """(element id, CAPEC number) -> the secfound rules raising a threat citing it there."""
    threats = raise_threats(load_model(MODEL), load_rules())
    cited: dict[tuple[str, int], set[str]] = defaultdict(set)
    for threat in threats:
        for capec in threat.rule.capec:
            cited[(threat.element_id, int(capec.removeprefix("CAPEC-")))].add(threat.rule.id)
    return cited, len(threats)


def compare(python: Path) -> Comparison:
    """Run pytm on its model and secfound on the model file, and compare finding by finding."""
    library = _run_pytm(python, "--library")
    scope, unasked = load_scope(library)
    by_sid = {entry.sid: entry for entry in scope}
    found = _run_pytm(python, "--json", "--unasked", ",".join(sorted(unasked)))
    cited, threats = _secfound_capec()
    rows = []
    for finding in found:
        sid, element, capec = finding["sid"], finding["element"], tuple(finding["capec"])
        rules = sorted(set().union(*(cited.get((element, c), set()) for c in capec)))
        rests_on = tuple(finding.get("rests_on", ()))
        if not by_sid[sid].in_scope:
            verdict = OUT
        elif not capec:
            verdict = NO_CAPEC
        elif rules:
            verdict = MATCHED
        elif rests_on:
            verdict = UNASKED
        else:
            verdict = UNMATCHED
        rows.append(Row(sid, element, capec, verdict, tuple(rules), rests_on))
    rows.sort(key=lambda r: (_sid_key(r.sid), r.element))
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.verdict] += 1
    return Comparison(
        pytm_version=_pytm_version(python),
        scope=scope,
        unasked=unasked,
        rows=tuple(rows),
        threats=threats,
        counts=dict(counts),
    )


# ---- output ---------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_scope(comparison: Comparison) -> str:
    """The scope of every pytm rule, family by family."""
    lines = ["| family | SID | about | CAPEC | scope | why |", "|---|---|---|---|---|---|"]
    for entry in comparison.scope:
        capec = ", ".join(map(str, entry.capec)) or "-"
        scope = "in" if entry.in_scope else "**out**"
        lines.append(
            f"| {entry.family} | {entry.sid} | {_cell(entry.about)} | {capec} | {scope} "
            f"| {_cell(entry.reason)} |"
        )
    lines += ["", "| question pytm asks | why secfound's model has no field for it |", "|---|---|"]
    lines += [f"| `{q}` | {_cell(why)} |" for q, why in sorted(comparison.unasked.items())]
    return "\n".join(lines)


def render_table(comparison: Comparison) -> str:
    """The comparison: one line per pytm rule and verdict, with the elements concerned."""
    about = {entry.sid: entry.about for entry in comparison.scope}
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in comparison.rows:
        groups[(row.sid, row.verdict)].append(row)
    lines = [
        f"pytm {comparison.pytm_version}: {len(comparison.rows)} findings of "
        f"{len({r.sid for r in comparison.rows})} rules; secfound: {comparison.threats} "
        "threats on the same model. "
        + ", ".join(f"{verdict}: {n}" for verdict, n in sorted(comparison.counts.items())),
        "",
        "| SID | about | CAPEC | elements (secfound rules citing the CAPEC there) | verdict |",
        "|---|---|---|---|---|",
    ]
    for (sid, verdict), rows in sorted(groups.items(), key=lambda g: (_sid_key(g[0][0]), g[0][1])):
        capec = ", ".join(str(c) for c in rows[0].capec) or "-"
        if verdict == OUT:
            elements = f"{len(rows)} elements"
        else:
            elements = "; ".join(_element(row) for row in rows)
        lines.append(f"| {sid} | {_cell(about[sid])} | {capec} | {elements} | {verdict} |")
    return "\n".join(lines)


def _element(row: Row) -> str:
    if row.rules:
        return f"`{row.element}` ({', '.join(row.rules)})"
    if row.rests_on:
        return f"`{row.element}` (rests on {', '.join(row.rests_on)})"
    return f"`{row.element}`"


def summary(comparison: Comparison) -> dict[str, Any]:
    return {
        "pytm": comparison.pytm_version,
        "findings": len(comparison.rows),
        "rules": len({r.sid for r in comparison.rows}),
        "secfound_threats": comparison.threats,
        "counts": comparison.counts,
        "in_scope_sids": sorted(e.sid for e in comparison.scope if e.in_scope),
        "unmatched": [asdict(r) for r in comparison.unmatched],
        "not_comparable": [asdict(r) for r in comparison.rows if r.verdict == NO_CAPEC],
        "unasked": [asdict(r) for r in comparison.rows if r.verdict == UNASKED],
        "matched": [asdict(r) for r in comparison.rows if r.verdict == MATCHED],
    }


def with_tables(text: str, comparison: Comparison) -> str:
    """``text`` with the scope and comparison tables replaced between their markers."""
    blocks = {"scope": render_scope(comparison), "comparison": render_table(comparison)}
    for name, (start, end) in MARKERS.items():
        head, found, rest = text.partition(start)
        _, found_end, tail = rest.partition(end)
        if not found or not found_end:
            raise ComparisonError(f"{DOC}: the markers {start} ... {end} are missing")
        text = f"{head}{start}\n{blocks[name]}\n{end}{tail}"
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pytm", help="the Python interpreter that has pytm")
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    parser.add_argument("--write", nargs="?", const=str(DOC), help="regenerate the doc's tables")
    parser.add_argument("--check", nargs="?", const=str(DOC), help="fail when they are stale")
    args = parser.parse_args(argv)
    try:
        comparison = compare(pytm_python(args.pytm))
        status = 1 if comparison.unmatched else 0
        if args.write:
            doc = Path(args.write)
            doc.write_text(with_tables(doc.read_text(encoding="utf-8"), comparison), "utf-8")
        if args.check:
            doc = Path(args.check)
            text = doc.read_text(encoding="utf-8")
            if with_tables(text, comparison) != text:
                print(f"{doc} is stale: run `make pytm-compare`", file=sys.stderr)
                status = 1
    except ComparisonError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(summary(comparison), sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif not (args.write or args.check):
        print(render_table(comparison))
    for row in comparison.unmatched:
        print(f"UNMATCHED {row.sid} on {row.element} (CAPEC {row.capec})", file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
