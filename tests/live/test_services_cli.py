"""``secfound services`` as a real process, against moto_server over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import pytest
from live_env import REGION

# Services moto_server does not mock: it answers 500, which botocore retries for minutes.
# Here they go to a loopback server that denies at once, as AWS does without permission.
UNMOCKED = ("DETECTIVE", "ACCESSANALYZER", "SECURITYLAKE", "AUDITMANAGER", "FMS")


class _Deny(BaseHTTPRequestHandler):
    def _deny(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b'{"__type": "AccessDeniedException", "message": "denied by the test"}'
        self.send_response(403)
        self.send_header("x-amzn-ErrorType", "AccessDeniedException")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _deny

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def denying_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Deny)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _services(
    moto_server: str, denying_server: str, *args: str
) -> subprocess.CompletedProcess[str]:
    # AWS_ENDPOINT_URL (what --endpoint-url sets, but overridable per service)
    endpoints = {f"AWS_ENDPOINT_URL_{name}": denying_server for name in UNMOCKED}
    return subprocess.run(
        [sys.executable, "-m", "secfound", "services", *args],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "AWS_ENDPOINT_URL": moto_server, **endpoints},
        timeout=300,
    )


@pytest.mark.e2e
def test_services_matrix_over_http(moto_server: str, denying_server: str) -> None:
    boto3.client("guardduty", region_name=REGION, endpoint_url=moto_server).create_detector(
        Enable=True
    )
    table = _services(moto_server, denying_server, "--region", REGION)
    assert table.returncode == 0, table.stderr
    header, row, global_row, legend = table.stdout.splitlines()
    columns = header.split()
    assert columns[:4] == ["account", "region", "guardduty*", "securityhub*"]
    cells = dict(zip(columns, row.split(), strict=True))
    assert cells["region"] == REGION
    assert cells["guardduty*"] == "enabled"
    assert cells["config*"] == "OFF"  # expected by the blueprint, and off
    assert cells["waf"] == "off"  # optional
    assert cells["detective"] == "unknown"  # denied
    assert global_row.split()[1] == "global"
    assert "expected by the blueprint" in legend
    assert (
        "secfound: gap 123456789012/us-east-1 detective:ListGraphs: AccessDeniedException"
        in table.stderr
    )

    done = _services(moto_server, denying_server, "--region", REGION, "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    cells_by = {(c["region"], c["service"]): c for c in document["inventory"]}
    assert cells_by[(REGION, "guardduty")]["state"] == "enabled"
    assert cells_by[(REGION, "guardduty")]["expected"] is True
    assert cells_by[(REGION, "cloudtrail")]["state"] == "off"
    assert cells_by[("global", "shield-advanced")]["state"] == "off"
    assert cells_by[(REGION, "detective")]["state"] == "unknown"
    assert cells_by[(REGION, "detective")]["reason"].startswith("detective:ListGraphs")
    services = {s["id"]: s for s in document["services"]}
    assert services["guardduty"]["objectives"] == ["threats-detected-continuously"]
    assert {g["service"] for g in document["gaps"]} >= {"detective", "accessanalyzer"}
