"""Live benchmark: ``secfound assess --org`` on an organization of many accounts in moto_server.

moto_server runs as its own process on 127.0.0.1; ``live_estate.build_estate`` fills it
with an organization (default 50 member accounts, in OUs as the default blueprint lays
them out) holding a realistic workload in each account and in two regions. Then
``secfound assess --org --endpoint-url`` runs as a subprocess, as a user runs it, and
writes its JSON report and its API calls by operation (``--api-calls``).

It prints, for each run: wall time, secfound's and moto_server's CPU time, accounts x
regions, resources seen, findings, API calls, and calls per resource; then the calls by
operation and an N+1 verdict: every operation called more often than once per account
and region must be one of the per-resource operations AWS offers no list or batch call
for (the allowlist of tests/live/test_call_scaling.py, which proves the same on two
estate sizes). There are no timing targets: the numbers are moto's as much as secfound's.

moto_server answers HTTP 500 for the services it does not mock (Security Hub, Inspector,
Macie, ...), and botocore retries a 500 up to its attempt limit with backoff: the run sets
``AWS_MAX_ATTEMPTS`` (``--max-attempts``, default 1, as the end-to-end tests do) so that
the time measured is not backoff on calls no real account would fail.

    python bench/live_bench.py [--accounts 50] [--scale 1.0] [--workers 16] [--runs 1]
                               [--max-attempts 1] [--json summary.json]
                               [--with-prowler [--prowler PATH]]

``--with-prowler`` then runs Prowler on the same estate (``prowler_runner.run_prowler``)
and prints the comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests" / "live"))

from live_estate import REGIONS, Estate, build_estate, print_estate  # noqa: E402
from moto_server import FAKE_CREDENTIALS, MotoServer, run_moto_server  # noqa: E402
from per_resource_calls import MOTO_ONLY, PER_RESOURCE  # noqa: E402

RUN_TIMEOUT_SECONDS = 3600


@dataclass(frozen=True)
class Run:
    wall_seconds: float
    secfound_cpu_seconds: float
    moto_cpu_seconds: float
    exit_code: int
    resources: int
    findings: int
    by_status: dict[str, int]
    gaps: int
    errors: int
    api_calls: int
    calls_by_operation: dict[str, int]

    @property
    def calls_per_resource(self) -> float:
        return self.api_calls / self.resources if self.resources else 0.0


def _secfound() -> list[str]:
    script = Path(sys.executable).with_name("secfound")
    return [str(script)] if script.exists() else [sys.executable, "-m", "secfound"]


def assess_command(estate: Estate, workers: int, report: Path, calls: Path) -> list[str]:
    regions = [option for region in estate.regions for option in ("--region", region)]
    return [
        *_secfound(),
        "assess",
        "--org",
        "--endpoint-url",
        estate.endpoint,
        *regions,
        "--role-name",
        estate.role_name,
        "--workers",
        str(workers),
        "--no-store",
        "-q",
        "--format",
        "json",
        "-o",
        str(report),
        "--fail-on",
        "never",
        "--api-calls",
        str(calls),
    ]


def assess_environment(max_attempts: int) -> dict[str, str]:
    """Fake credentials and nothing of the user's AWS configuration."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return {
        **clean,
        **FAKE_CREDENTIALS,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_MAX_ATTEMPTS": str(max_attempts),
        "NO_COLOR": "1",
    }


def run_once(estate: Estate, server: MotoServer, workers: int, max_attempts: int) -> Run:
    with tempfile.TemporaryDirectory(prefix="secfound-live-bench-") as folder:
        report, calls = Path(folder) / "report.json", Path(folder) / "calls.json"
        command = assess_command(estate, workers, report, calls)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        moto_before = server.cpu_seconds()
        start = time.perf_counter()
        done = subprocess.run(
            command,
            env=assess_environment(max_attempts),
            capture_output=True,
            text=True,
            check=False,
            timeout=RUN_TIMEOUT_SECONDS,
        )
        wall = time.perf_counter() - start
        moto_cpu = server.cpu_seconds() - moto_before
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode not in (0, 1):
            raise SystemExit(f"secfound assess failed ({done.returncode}):\n{done.stderr[-3000:]}")
        document = json.loads(report.read_text())
        counted = json.loads(calls.read_text())
    by_status: dict[str, int] = document["run"]["summary"]["by_status"]
    return Run(
        wall_seconds=wall,
        secfound_cpu_seconds=(after.ru_utime + after.ru_stime)
        - (children.ru_utime + children.ru_stime),
        moto_cpu_seconds=moto_cpu,
        exit_code=done.returncode,
        resources=int(document["run"]["resources"]),
        findings=len(document["findings"]),
        by_status=dict(by_status),
        gaps=len(document["gaps"]),
        errors=len(document["errors"]),
        api_calls=int(counted["total"]),
        calls_by_operation=dict(counted["by_operation"]),
    )


# Calls an operation may take per collector that declares it and per target it runs on
# (pages, the three contact types of GetAlternateContact) before it looks per resource.
CALLS_PER_COLLECTOR_TARGET = 3


def call_bounds(estate: Estate) -> dict[str, int]:
    """For each IAM action the collectors declare: the calls a run makes without a call
    per resource (``CALLS_PER_COLLECTOR_TARGET`` per declaring collector and target)."""
    from secfound.collect.live.assess import CORE_ACTIONS
    from secfound.collect.live.collector import builtin_collectors

    accounts, regions = len(estate.accounts), len(estate.regions)
    bounds: dict[str, int] = dict.fromkeys(CORE_ACTIONS, accounts * regions)
    for spec in builtin_collectors():
        targets = accounts if spec.scope == "global" else accounts * regions
        for action in spec.actions:
            bounds[action] = bounds.get(action, 0) + CALLS_PER_COLLECTOR_TARGET * targets
    return bounds


def n_plus_one(run: Run, estate: Estate) -> tuple[list[str], list[str]]:
    """The operations called once per resource: those on the per-resource allowlist (or
    per resource against moto only), and the others, called beyond their bound (suspected
    N+1). tests/live/test_call_scaling.py is the proof; this is the same rule read off one
    estate."""
    from secfound.collect.live.actions import iam_action

    bounds = call_bounds(estate)
    known = PER_RESOURCE.keys() | MOTO_ONLY.keys()
    allowed = sorted(op for op in run.calls_by_operation if op in known)
    suspects = sorted(
        op
        for op, calls in run.calls_by_operation.items()
        if op not in known and calls > bounds.get(iam_action(op), 0)
    )
    return allowed, suspects


def print_runs(estate: Estate, runs: list[Run]) -> None:
    targets = len(estate.accounts) * len(estate.regions)
    print(
        f"\nsecfound assess --org: {len(estate.accounts)} accounts x {len(estate.regions)} "
        f"regions = {targets} targets"
    )
    header = (
        f"{'run':>3}  {'wall s':>8}  {'secfound cpu s':>14}  {'moto cpu s':>10}  "
        f"{'resources':>9}  {'findings':>8}  {'gaps':>5}  {'API calls':>9}  {'calls/res':>9}"
    )
    print(header)
    for number, run in enumerate(runs, start=1):
        print(
            f"{number:>3}  {run.wall_seconds:>8.1f}  {run.secfound_cpu_seconds:>14.1f}  "
            f"{run.moto_cpu_seconds:>10.1f}  {run.resources:>9}  {run.findings:>8}  "
            f"{run.gaps:>5}  {run.api_calls:>9}  {run.calls_per_resource:>9.2f}"
        )
    last = runs[-1]
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(last.by_status.items()))
    print(f"findings by status: {statuses}; errors: {last.errors}")
    print(f"\nAPI calls by operation (last run; per target = / {targets}):")
    allowed, suspects = n_plus_one(last, estate)
    width = max(len(op) for op in last.calls_by_operation)
    for op, calls in sorted(last.calls_by_operation.items(), key=lambda item: (-item[1], item[0])):
        mark = ""
        if op in PER_RESOURCE:
            mark = " *"
        elif op in MOTO_ONLY:
            mark = f" * (moto only: {MOTO_ONLY[op]})"
        elif op in suspects:
            mark = " N+1?"
        print(f"  {op:<{width}}  {calls:>7}  {calls / targets:>7.2f}{mark}")
    per_resource = sum(last.calls_by_operation[op] for op in allowed)
    print(
        f"\n* per-resource operations (no list or batch form): "
        f"{len(allowed)}, {per_resource} calls ({per_resource / max(1, last.api_calls):.0%})"
    )
    if suspects:
        print(f"N+1 suspected (per resource, not on the allowlist): {', '.join(suspects)}")
    else:
        print(
            "no N+1: every other operation stays within "
            f"{CALLS_PER_COLLECTOR_TARGET} calls per declaring collector and target"
        )


def summary(estate: Estate, runs: list[Run], workers: int, max_attempts: int) -> dict[str, Any]:
    """What ``--json`` writes: the estate, each run, the medians, the verdict."""
    _, suspects = n_plus_one(runs[-1], estate)
    return {
        "benchmark": "live",
        "estate": {
            "accounts": len(estate.accounts),
            "regions": list(estate.regions),
            "resources_created": estate.total_resources,
            "resource_counts": dict(estate.resource_counts),
            "build_seconds": round(estate.build_seconds, 2),
        },
        "settings": {"workers": workers, "max_attempts": max_attempts},
        "runs": [{**asdict(run), "calls_per_resource": run.calls_per_resource} for run in runs],
        "median_wall_seconds": statistics.median(run.wall_seconds for run in runs),
        "n_plus_one": suspects,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--accounts", type=int, default=50, help="member accounts (default 50)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count")
    parser.add_argument("--workers", type=int, default=16, help="secfound assess --workers")
    parser.add_argument("--runs", type=int, default=1, help="assess runs on the same estate")
    parser.add_argument(
        "--max-attempts", type=int, default=1, help="AWS_MAX_ATTEMPTS for the run (default 1)"
    )
    parser.add_argument("--json", type=Path, help="also write the summary as JSON here")
    parser.add_argument("--moto-log", type=Path, help="keep moto_server's request log here")
    parser.add_argument(
        "--with-prowler",
        action="store_true",
        help="then run Prowler on the same estate (bench/prowler_runner.py) and compare",
    )
    parser.add_argument("--prowler", type=Path, default=REPO / ".venv-prowler" / "bin" / "prowler")
    args = parser.parse_args(argv)
    peer: Any = None
    with run_moto_server(args.moto_log) as server:
        estate = build_estate(server.url, args.accounts, REGIONS, args.scale)
        print_estate(estate)
        runs = [
            run_once(estate, server, args.workers, args.max_attempts)
            for _ in range(max(1, args.runs))
        ]
        if args.with_prowler:
            from prowler_runner import run_prowler

            peer = run_prowler(args.prowler, server.url, estate)
    print_runs(estate, runs)
    ratio = None
    if peer is not None:
        from prowler_runner import print_comparison, print_prowler_run

        print_prowler_run(peer)
        ratio = print_comparison(statistics.median(run.wall_seconds for run in runs), peer)
    if args.json is not None:
        document = summary(estate, runs, args.workers, args.max_attempts)
        if peer is not None:
            document["prowler"] = peer.to_json()
            document["prowler_ratio"] = ratio
        args.json.write_text(json.dumps(document, indent=2, default=str) + "\n")
        print(f"\nsummary written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
