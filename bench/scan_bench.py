"""Scan benchmark: `secfound scan` on a repository-shaped corpus, against a parse-only floor
and, with ``--with-checkov``, against Checkov on the same files in the same run.

The start-up benchmark (bench/startup.py) covers the pre-commit case; this one covers the
CI case, where a repository's thousands of files make parsing, Terraform evaluation and
module expansion the cost. Each command runs in its own process, timed from spawn to exit
(start-up included), and its memory is sampled over its whole process tree: Checkov forks
workers, so the peak of one process would understate it.

Memory is reported twice: "peak RSS" is the kernel's high-water mark of the largest single
process (``wait4``), "peak PSS" the highest sampled sum over the process tree with shared
pages divided among their sharers (what forked workers really add). The targets use the
larger of the two for each tool.

Checkov runs once per part by default (``--checkov-runs``): one run takes ten minutes or
more on a 2-core machine, and its spread is small beside the ratios measured.

The parse floor reads every file and parses it with secfound's own parsers, keeping
positions (tree-sitter-hcl to the syntax tree, the libyaml event reader, the JSON reader),
without evaluation: what no scan can go below.

    python bench/scan_bench.py [--corpus DIR] [--runs 3] [--with-checkov]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PEERS = REPO / ".venv-peers"
sys.path.insert(0, str(HERE))

import corpus as corpus_module  # noqa: E402

CHECKOV_CAP_SECONDS = 20 * 60
SAMPLE_SECONDS = 0.1
TARGETS = {
    "speed-up": 20.0,
    "speed-up, module-heavy": 50.0,
    "memory vs Checkov": 0.5,
    "vs parse floor": 3.0,
}


@dataclass
class Run:
    wall: float
    cpu: float  # user + system seconds of the process and the children it waited for
    max_rss_kb: int
    peak_pss_kb: int
    capped: bool = False

    @property
    def peak_kb(self) -> int:
        """The memory figure the targets use: the larger of the two peaks."""
        return max(self.max_rss_kb, self.peak_pss_kb)


@dataclass
class Measurement:
    tool: str
    part: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return statistics.median(r.peak_kb for r in self.runs) / 1024

    @property
    def pss_mb(self) -> float:
        return statistics.median(r.peak_pss_kb for r in self.runs) / 1024

    @property
    def rss_mb(self) -> float:
        return statistics.median(r.max_rss_kb for r in self.runs) / 1024

    @property
    def capped(self) -> bool:
        return any(r.capped for r in self.runs)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(p) for p in handle.read().split())
        except OSError:
            continue
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_pss_kb(pid: int) -> int:
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        total += _pss_kb(current)
        pending.extend(_children(current))
    return total


def measure(command: Sequence[str], *, env: dict[str, str] | None = None, cap: float = 0) -> Run:
    """Run ``command`` to completion (or ``cap`` seconds); its wall and CPU time and peaks."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=stderr, env=env, start_new_session=True
        )
        peak = 0
        done = threading.Event()
        killed = threading.Event()

        def sample() -> None:
            # Reading PSS walks the page tables: often at first, then once a second, so
            # that sampling a long run does not slow it down.
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_pss_kb(process.pid))
                elapsed = time.perf_counter() - start
                done.wait(SAMPLE_SECONDS if elapsed < 10 else 1.0)

        def kill() -> None:
            killed.set()
            os.killpg(process.pid, 9)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timer = threading.Timer(cap, kill) if cap else None
        if timer is not None:
            timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if timer is not None:
            timer.cancel()
        done.set()
        sampler.join()
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1) and not killed.is_set():
            stderr.seek(0)
            tail = stderr.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"{' '.join(command)} failed ({code}):\n{tail}")
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss_kb=usage.ru_maxrss,
        peak_pss_kb=peak,
        capped=killed.is_set(),
    )


def _secfound() -> list[str]:
    script = Path(sys.executable).with_name("secfound")
    return [str(script)] if script.exists() else [sys.executable, "-m", "secfound"]


def secfound_command(path: Path) -> list[str]:
    options = ["--format", "json", "-o", "/dev/null", "-q", "--fail-on", "never"]
    return [*_secfound(), "scan", str(path), *options]


def floor_command(path: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--parse-floor", str(path)]


def checkov_command(path: Path, output: Path) -> list[str]:
    checkov = PEERS / "bin" / "checkov"
    return [
        "sh",
        "-c",
        f'exec "{checkov}" -d "{path}" --framework cloudformation terraform -o json '
        f'--compact --quiet --skip-download > "{output}"',
    ]


def parse_floor(root: Path) -> None:
    """Read and parse every template and Terraform file under ``root``; print the counts."""
    from secfound.collect.cloudformation.json_reader import read_json
    from secfound.collect.cloudformation.yaml_reader import read_yaml
    from secfound.collect.files import read_source_text
    from secfound.collect.terraform.json_syntax import parse_json_body
    from secfound.collect.terraform.parse import new_parser, parse_body

    parser = new_parser()
    counts = {"hcl": 0, "yaml": 0, "json": 0}
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder, name)
            if name.endswith(".tf"):
                parse_body(parser, read_source_text(path, name))
                counts["hcl"] += 1
            elif name.endswith(".tf.json"):
                parse_json_body(parser, read_source_text(path, name))
                counts["hcl"] += 1
            elif name.endswith((".yaml", ".yml", ".template")):
                read_yaml(read_source_text(path, name), name)
                counts["yaml"] += 1
            elif name.endswith(".json") and name != "corpus.json":
                read_json(read_source_text(path, name), name)
                counts["json"] += 1
    print(json.dumps(counts))


def _checkov_summary(output: Path) -> str:
    try:
        reports = json.loads(output.read_text())
    except (OSError, ValueError):
        return "no JSON output"
    if isinstance(reports, dict):
        reports = [reports]
    parts = []
    for report in reports:
        summary = report.get("summary", {})
        parts.append(
            f"{report.get('check_type')}: {summary.get('resource_count')} resources, "
            f"{summary.get('passed')} passed, {summary.get('failed')} failed"
        )
    return "; ".join(parts)


def _repeat(
    label: str, part: str, runs: int, once: Callable[[], Run], say: Callable[[str], None]
) -> Measurement:
    measurement = Measurement(label, part)
    for i in range(runs):
        run = once()
        measurement.runs.append(run)
        say(
            f"  {label:<8} {part:<12} run {i + 1}/{runs}: {run.wall:7.2f} s wall, "
            f"{run.cpu:7.2f} s CPU, peak RSS {run.max_rss_kb / 1024:5.0f} MB, "
            f"peak PSS {run.peak_pss_kb / 1024:5.0f} MB{' (CAPPED)' if run.capped else ''}"
        )
    return measurement


def _ensure_corpus(path: Path, seed: int) -> dict[str, object]:
    summary_file = path / "corpus.json"
    if summary_file.exists():
        summary: dict[str, object] = json.loads(summary_file.read_text())
        if summary.get("seed") == seed and summary.get("scale") == 1.0:
            return summary
    corpus_module.generate(path, seed=seed)
    result: dict[str, object] = json.loads(summary_file.read_text())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=corpus_module.DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--with-checkov", action="store_true")
    parser.add_argument("--checkov-runs", type=int, default=1)
    parser.add_argument("--parse-floor", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.parse_floor is not None:
        parse_floor(args.parse_floor)
        return
    summary = _ensure_corpus(args.corpus, args.seed)
    files = summary["files"]
    print(
        f"corpus {args.corpus} (seed {args.seed}): {summary['total_files']} files {files}, "
        f"{summary['module_call_files']} module-call files with {summary['module_calls']} calls"
    )
    parts = {"corpus": args.corpus, "module-heavy": args.corpus / corpus_module.MODULE_HEAVY}

    def say(message: str) -> None:
        print(message, flush=True)

    results: dict[tuple[str, str], Measurement] = {}
    for part, path in parts.items():
        subprocess.run(secfound_command(path), capture_output=True, check=False)  # warm caches
        results["secfound", part] = _repeat(
            "secfound", part, args.runs, lambda p=path: measure(secfound_command(p)), say
        )
        results["floor", part] = _repeat(
            "floor", part, args.runs, lambda p=path: measure(floor_command(p)), say
        )
    if args.with_checkov:
        for part, path in parts.items():
            results["checkov", part] = _checkov(path, args.checkov_runs, part, say)
    _report(results, parts, args.with_checkov)


def _checkov(path: Path, runs: int, part: str, say: Callable[[str], None]) -> Measurement:
    if not (PEERS / "bin" / "checkov").exists():
        raise SystemExit("Checkov is not installed: run `make peers` (or `make bench-checkov`)")
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE"}
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "checkov.json"
        measurement = _repeat(
            "checkov",
            part,
            runs,
            lambda: measure(checkov_command(path, output), env=env, cap=CHECKOV_CAP_SECONDS),
            say,
        )
        measurement.note = _checkov_summary(output)
    say(f"  checkov   {part:<13} {measurement.note}")
    return measurement


def _report(
    results: dict[tuple[str, str], Measurement], parts: dict[str, Path], checkov: bool
) -> None:
    runs = {len(m.runs) for m in results.values()}
    print()
    print(f"medians of {'/'.join(str(r) for r in sorted(runs))} runs; memory = max(RSS, PSS)")
    print("| tool | part | wall | CPU | peak memory | peak RSS | peak PSS |")
    print("|---|---|---|---|---|---|---|")
    for (tool, part), m in results.items():
        walls = [r.wall for r in m.runs]
        spread = f" ({min(walls):.2f} to {max(walls):.2f})" if len(walls) > 1 else ""
        capped = " (capped)" if m.capped else ""
        print(
            f"| {tool} | {part} | {m.wall:.2f} s{spread}{capped} | {m.cpu:.2f} s "
            f"| {m.peak_mb:.0f} MB | {m.rss_mb:.0f} MB | {m.pss_mb:.0f} MB |"
        )
    print()
    for part in parts:
        ours, floor = results["secfound", part], results["floor", part]
        ratio = ours.wall / floor.wall
        limit = TARGETS["vs parse floor"]
        print(
            f"{part}: secfound / parse floor, wall = {ratio:.2f}x "
            f"(CPU {ours.cpu / floor.cpu:.2f}x; target <= {limit:.0f}x: {_met(ratio <= limit)})"
        )
        if not checkov:
            continue
        theirs = results["checkov", part]
        speed = theirs.wall / ours.wall
        target = TARGETS["speed-up, module-heavy" if part == "module-heavy" else "speed-up"]
        at_least = ">= " if theirs.capped else ""
        print(
            f"{part}: Checkov / secfound, wall = {at_least}{speed:.1f}x "
            f"(CPU {theirs.cpu / ours.cpu:.1f}x; target >= {target:.0f}x: {_met(speed >= target)})"
        )
        memory = ours.peak_mb / theirs.peak_mb
        limit = TARGETS["memory vs Checkov"]
        print(
            f"{part}: secfound / Checkov, peak memory = {memory:.2f} "
            f"(target <= {limit}: {_met(memory <= limit)})"
        )


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


if __name__ == "__main__":
    main()
