"""Start-up benchmark: `secfound scan` on one small template, the pre-commit case.

Runs the real console script N times (wall clock, start-up included) with and without a
.secfound.yaml beside the template and prints min / median / max. The design target is
under 0.3 s (0.4 s with a configuration file) on the project's 2-core machines.

    python bench/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent


def _secfound() -> list[str]:
    script = Path(sys.executable).with_name("secfound")
    return [str(script)] if script.exists() else [sys.executable, "-m", "secfound"]


def _time(command: list[str], runs: int) -> list[float]:
    subprocess.run(command, capture_output=True, check=False)  # warm the file cache
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        timings.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"scan failed ({done.returncode}): {done.stderr.decode()}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        (repo / ".git").mkdir()
        shutil.copy(HERE / "fixtures" / "small" / "template.yaml", repo / "template.yaml")
        command = [*_secfound(), "scan", str(repo / "template.yaml"), "-q", "--fail-on", "never"]
        plain = _time(command, args.runs)
        (repo / ".secfound.yaml").write_text("fail_on: high\nskip_checks: []\n")
        with_config = _time(command, args.runs)
    for label, timings in (("no config", plain), ("with .secfound.yaml", with_config)):
        print(
            f"scan small template, {label:>20}: min {min(timings):.3f}s  "
            f"median {statistics.median(timings):.3f}s  max {max(timings):.3f}s  "
            f"({len(timings)} runs)"
        )


if __name__ == "__main__":
    main()
