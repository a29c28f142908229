"""The Prowler half of the live benchmark (bench/prowler_runner.py), without Prowler: the
command and environment it builds, how it reads Prowler's outputs and log, the network
witness, and the run across accounts with a stand-in for the prowler executable."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import prowler_runner as runner  # noqa: E402

LOG = (
    '{"timestamp": "2026-01-01 10:00:00,000", "filename": "iam_service.py:973", '
    '"level": "ERROR", "module": "iam_service", "message": "us-east-1 -- '
    "ResponseParserError[959]: Unable to parse response, invalid XML received:\n"
    "b'<!doctype html>\\n<title>500 Internal Server Error</title>\\n'\"}\n"
    '{"timestamp": "2026-01-01 10:00:01,000", "filename": "s3_service.py:622", '
    '"level": "ERROR", "module": "s3_service", "message": "us-east-1 -- '
    'EndpointConnectionError[600]: Could not connect to the endpoint URL: "http://x/y""}\n'
    '{"timestamp": "2026-01-01 10:00:02,000", "filename": "check.py:750", '
    '"level": "ERROR", "module": "check", "message": "kms_cmk_rotation_enabled -- '
    "KeyError[12]: 'KeyRotationEnabled'\"}\n"
    '{"timestamp": "2026-01-01 10:00:03,000", "filename": "kms_service.py:61", '
    '"level": "ERROR", "module": "kms_service", "message": "eu-west-1 -- KeyError:61 -- '
    "'MultiRegion'\"}\n"
    '{"timestamp": "2026-01-01 10:00:04,000", "filename": "x.py:1", '
    '"level": "WARNING", "module": "x", "message": "not counted"}\n'
)


def test_member_account_command_assumes_the_role_with_no_retries() -> None:
    command = runner.prowler_command(
        Path("/p/prowler"),
        "111122223333",
        runner.role_arn("111122223333", "OrganizationAccountAccessRole"),
        ("us-east-1", "eu-west-1"),
        ("iam", "s3"),
        Path("/out"),
        Path("/log"),
    )
    assert command[:4] == [
        "/p/prowler",
        "aws",
        "--role",
        "arn:aws:iam::111122223333:role/OrganizationAccountAccessRole",
    ]
    joined = " ".join(command)
    assert "--region us-east-1 eu-west-1 --service iam s3 --excluded-check" in joined
    assert "--aws-retries-max-attempts 0" in joined
    assert "--output-formats json-ocsf" in joined
    assert "--ignore-exit-code-3" in command and "--no-banner" in command


def test_management_account_command_has_no_role() -> None:
    command = runner.prowler_command(
        Path("p"), "123456789012", None, ("us-east-1",), ("iam",), Path("o"), Path("l")
    )
    assert "--role" not in command


def test_environment_points_at_the_endpoint_and_drops_the_users_aws_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "production")
    monkeypatch.setenv("HTTPS_PROXY", "http://corporate:3128")
    env = runner.prowler_environment("http://127.0.0.1:5000", tmp_path / "home", tmp_path / "w")
    assert "AWS_PROFILE" not in env
    assert env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:5000"
    assert env["AWS_MAX_ATTEMPTS"] == "1"
    assert env["PROWLER_AWS_BOTO3_RETRIES_MAX_ATTEMPTS"] == "0"
    assert env["AWS_EC2_METADATA_DISABLED"] == "true"
    assert env["HTTPS_PROXY"].startswith("http://127.0.0.1:")
    assert env["HTTPS_PROXY"] == env["https_proxy"]
    assert env["NO_PROXY"] == "127.0.0.1,localhost"
    assert env["HOME"] == str(tmp_path / "home")


def test_log_errors_are_counted_by_kind(tmp_path: Path) -> None:
    log = tmp_path / "prowler.log"
    log.write_text(LOG)
    kinds, raising = runner.read_log(log)
    assert kinds == {
        "moto: not mocked (404/500)": 1,
        "connection failed": 1,
        "check raised": 1,
        "Prowler raised reading an answer": 1,
    }
    assert raising == ("kms_cmk_rotation_enabled",)


def test_a_request_refused_by_the_dead_proxy_is_its_own_kind() -> None:
    record = {"module": "awslambda_service", "message": "ProxyError: Unable to connect to proxy"}
    assert runner.classify_error(record) == runner.OFF_LOOPBACK


def test_a_missing_log_has_no_errors(tmp_path: Path) -> None:
    assert runner.read_log(tmp_path / "absent.log") == ({}, ())


def test_findings_are_counted_by_status(tmp_path: Path) -> None:
    (tmp_path / "prowler-1.ocsf.json").write_text(
        json.dumps([{"status_code": "FAIL"}, {"status_code": "PASS"}, {"status_code": "FAIL"}])
    )
    assert runner.read_findings(tmp_path) == (3, {"FAIL": 2, "PASS": 1}, True)
    assert runner.read_findings(tmp_path / "none") == (0, {}, False)


def test_checks_run_come_from_the_last_completed_progress_line() -> None:
    text = "-> Scan completed! |##| 73/73 [100%] in 2.9s\n"
    assert runner.checks_completed(text) == 73
    assert runner.checks_completed("no progress") is None


def _witness(tmp_path: Path, code: str) -> runner.NetAudit:
    base = tmp_path / "witness"
    env = {**os.environ, "PYTHONPATH": str(runner.PROWLER_SITE), "SECFOUND_NET_AUDIT": str(base)}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    return runner.read_net_audit(base)


def test_witness_records_lookups_and_connections_off_loopback_only(tmp_path: Path) -> None:
    # sys.audit raises the events socket calls raise, without touching the network
    audit = _witness(
        tmp_path,
        textwrap.dedent(
            """
            import socket, sys
            sys.audit("socket.getaddrinfo", "123.127.0.0.1", 80, 0, 0, 0, 0)
            sys.audit("socket.getaddrinfo", "127.0.0.1", 80, 0, 0, 0, 0)
            sys.audit("socket.getaddrinfo", "localhost", 80, 0, 0, 0, 0)
            with socket.socket() as s:
                sys.audit("socket.connect", s, ("203.0.113.5", 443))
                sys.audit("socket.connect", s, ("127.0.0.1", 443))
                sys.audit("socket.connect", s, ("::1", 443, 0, 0))
            """
        ),
    )
    assert audit.processes == 1
    assert audit.lookups == ("socket.getaddrinfo 123.127.0.0.1 80",)
    assert audit.connections == ("socket.connect 203.0.113.5 443",)
    assert not audit.verified


def test_witness_that_saw_nothing_verifies(tmp_path: Path) -> None:
    audit = _witness(tmp_path, "import socket; socket.getaddrinfo('127.0.0.1', 1)")
    assert audit.processes == 1 and audit.verified


def test_a_witness_that_never_loaded_verifies_nothing(tmp_path: Path) -> None:
    audit = runner.read_net_audit(tmp_path / "witness")
    assert audit.processes == 0 and not audit.verified


FAKE_PROWLER = """\
#!{python}
import json, sys
from pathlib import Path
args = sys.argv[1:]
def value(flag):
    return args[args.index(flag) + 1]
role = value("--role") if "--role" in args else None
with open({calls!r}, "a") as calls:
    calls.write(json.dumps(role) + "\\n")
if role and role.split(":")[4] == "222222222222":
    print("boom")
    sys.exit(1)
out = Path(value("--output-directory"))
out.mkdir(parents=True, exist_ok=True)
findings = [{{"status_code": "FAIL"}}, {{"status_code": "PASS"}}]
(out / (value("--output-filename") + ".ocsf.json")).write_text(json.dumps(findings))
Path(value("--log-file")).write_text(
    '{{"timestamp": "t", "filename": "f", "level": "ERROR", "module": "sqs_service", '
    '"message": "us-east-1 -- ClientError: 500 Internal Server Error"}}\\n'
)
print("-> Scan completed! |###| 5/5 [100%] in 0.1s")
"""


@dataclass(frozen=True)
class _Estate:
    management_account: str = "123456789012"
    member_accounts: tuple[str, ...] = ("111111111111", "222222222222")
    regions: tuple[str, ...] = ("us-east-1", "eu-west-1")
    role_name: str = "OrganizationAccountAccessRole"


def test_run_covers_every_account_and_reports_the_one_that_failed(tmp_path: Path) -> None:
    calls = tmp_path / "calls.jsonl"
    (tmp_path / "venv/lib/python3.11/site-packages/prowler-9.9.9.dist-info").mkdir(parents=True)
    fake = tmp_path / "venv/bin/prowler"
    fake.parent.mkdir()
    fake.write_text(FAKE_PROWLER.format(python=sys.executable, calls=str(calls)))
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    run = runner.run_prowler(
        fake, "http://127.0.0.1:1", _Estate(), ("iam",), tmp_path / "work", processes=2
    )
    roles = sorted(json.loads(line) or "" for line in calls.read_text().splitlines())
    assert roles == [
        "",
        "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole",
        "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole",
    ]
    assert run.version == "9.9.9"
    assert run.exit_codes == {"123456789012": 0, "111111111111": 0, "222222222222": 1}
    assert run.accounts_assessed == 2
    assert run.checks_run == 10
    assert run.findings == 4 and run.by_status == {"FAIL": 2, "PASS": 2}
    assert run.errors_by_kind == {"moto: not mocked (404/500)": 2}
    assert "boom" in run.accounts[2].tail
    document = run.to_json()
    assert document["accounts_total"] == 3 and document["processes"] == 2
    assert "--role" in document["command"]
    # the stand-in is a Python script: the witness loads in each of its processes
    assert document["net_audit"]["processes"] >= 3


def test_ratio_is_prowlers_wall_over_secfounds(tmp_path: Path) -> None:
    run = runner.ProwlerRun(
        version="x",
        wall_seconds=50.0,
        processes=2,
        regions=("us-east-1",),
        services=("iam",),
        excluded_checks=(),
        command=(),
        accounts=(),
        net=runner.NetAudit(processes=1, non_local=()),
    )
    assert runner.print_comparison(5.0, run) == pytest.approx(10.0)


def test_s3_control_plugin_drops_only_an_account_id_in_front_of_the_host() -> None:
    sys.path.insert(0, str(runner.PROWLER_SITE))
    import s3control_local

    @dataclass
    class _Request:
        url: str

    prefixed = _Request("http://123456789012.127.0.0.1:5000/v20180820/configuration/x")
    s3control_local.without_account_host(prefixed)
    assert prefixed.url == "http://127.0.0.1:5000/v20180820/configuration/x"
    named = _Request("http://s3-control.us-east-1.amazonaws.com/v20180820/x")
    s3control_local.without_account_host(named)
    assert named.url == "http://s3-control.us-east-1.amazonaws.com/v20180820/x"


def test_prowler_processes_load_the_s3_control_plugin(tmp_path: Path) -> None:
    env = runner.prowler_environment("http://127.0.0.1:1", tmp_path / "h", tmp_path / "w")
    name, module = env["BOTOCORE_EXPERIMENTAL__PLUGINS"].split("=")
    assert (runner.PROWLER_SITE / f"{module}.py").exists() and name
    assert str(runner.PROWLER_SITE) in env["PYTHONPATH"]
