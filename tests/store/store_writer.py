"""A separate process that stores one run: ``python store_writer.py URL COUNT [options]``.

Options:
    --run-id ID         the run's id (default: a new UUID)
    --go FILE           wait until FILE exists before writing (start writers together)
    --pause-after-first-batch MARKER
                        test hook: once the first batch of findings is inside the open
                        transaction, create MARKER and sleep, so a test can SIGKILL the
                        process half-way through storing a run

Exits 0 once the run is committed and prints the run id.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event
from store_samples import big_report

from secfound.store.database import open_store
from secfound.store.write import save_run


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("count", type=int)
    parser.add_argument("--run-id")
    parser.add_argument("--go", type=Path)
    parser.add_argument("--pause-after-first-batch", type=Path)
    args = parser.parse_args()
    report = big_report(args.count, run_id=args.run_id)
    engine = open_store(args.url)
    if args.pause_after_first_batch is not None:
        marker: Path = args.pause_after_first_batch

        @event.listens_for(engine, "after_cursor_execute")
        def _pause(*call: Any) -> None:
            statement = str(call[2])
            if statement.startswith("INSERT INTO findings"):
                marker.write_text("in transaction\n")
                time.sleep(600)

    if args.go is not None:
        deadline = time.monotonic() + 60
        while not args.go.exists():
            if time.monotonic() > deadline:
                return 3
            time.sleep(0.005)
    print(save_run(engine, report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
