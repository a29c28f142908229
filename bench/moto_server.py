"""moto_server as a real process on 127.0.0.1, for the live benchmarks.

``bench/live_bench.py`` and the Prowler comparison both assess an estate over HTTP, as
they would assess AWS: the estate lives in a separate moto_server process, so the time
moto spends answering is not hidden inside the assessing process, and both tools pay
the same price per call.

    with start_moto_server() as endpoint:   # "http://127.0.0.1:<free port>"
        ...

``run_moto_server`` yields the process too, for a benchmark that reads its CPU time.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Fake credentials: moto accepts any, and the benchmark must never reach AWS.
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}
START_SECONDS = 60.0


def free_port() -> int:
    """A TCP port nobody listens on now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class MotoServer:
    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """User and system CPU time the server has used so far (Linux /proc)."""
        try:
            with open(f"/proc/{self.pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        # utime and stime are fields 14 and 15 of stat(5), in clock ticks
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def start_moto_server(log: Path | None = None) -> Iterator[str]:
    """Start moto_server on a free port, wait until it answers, yield its URL; stop it
    after. ``log`` keeps its request log (default: discarded)."""
    with run_moto_server(log) as server:
        yield server.url


@contextmanager
def run_moto_server(log: Path | None = None) -> Iterator[MotoServer]:
    """``start_moto_server``, yielding the process's id with the URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    sink = log.open("wb") if log is not None else subprocess.DEVNULL
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=sink,
        stderr=subprocess.STDOUT,
        env={**os.environ, **FAKE_CREDENTIALS, "MOTO_PORT": str(port)},
    )
    try:
        _wait_until_up(url, server)
        yield MotoServer(url=url, pid=server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        if log is not None and not isinstance(sink, int):
            sink.close()


def _wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    """Until moto's own API answers (a listening socket alone may not serve yet)."""
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"{url}/moto-api/data.json", timeout=2):
                return
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"moto_server exited with {server.returncode}") from None
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"moto_server did not answer within {START_SECONDS:.0f} s"
                ) from None
            time.sleep(0.2)


def seed(url: str, value: int) -> None:
    """Seed moto's id generator (its documented ``/moto-api/seed``), so the same estate
    gets the same ids run after run."""
    request = urllib.request.Request(f"{url}/moto-api/seed?a={value}", method="POST")
    with urllib.request.urlopen(request, timeout=10):
        pass
