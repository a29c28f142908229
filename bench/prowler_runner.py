"""Prowler on the live benchmark's estate: the peer run of ``make bench-live-prowler``.

``bench/live_bench.py --with-prowler`` builds the estate on moto_server, times
``secfound assess --org`` on it, then calls ``run_prowler`` on the same estate, regions and
services and prints the ratio. Prowler (pinned by the Makefile's ``PROWLER_VERSION``) lives
in its own virtual environment, ``.venv-prowler``: its dependencies would not resolve
beside secfound's.

How Prowler is run, and why, so that the comparison is fair and stays on 127.0.0.1:

- Once per account, as Prowler is run across an organization: the management account
  with the base credentials, each member account with ``--role
  arn:aws:iam::<account>:role/<role>`` (the role secfound's ``--org`` assumes).
  ``processes`` accounts run at once (default 2, the machine's cores); secfound runs in
  one process whose ``--workers`` threads share the same cores.
- ``--region`` names the estate's regions and ``--service`` the services both tools assess
  and moto serves (``PROWLER_SERVICES``); ``--excluded-check`` drops the two checks that
  download what they inspect from URLs AWS hands out (a function's code, an image's
  layers): against moto those URLs name AWS's own hosts, and secfound reads neither.
- Endpoint: botocore sends every call to ``AWS_ENDPOINT_URL``; Prowler 5.46 also builds its
  STS client from that variable (older releases hard-coded the regional STS host). S3
  Control is the exception, in botocore's endpoint rules: they put the account id in front
  of the host (``<account>.127.0.0.1``), which no resolver knows. secfound strips that
  prefix for a custom endpoint; for Prowler, ``bench/prowler_site/s3control_local.py`` does
  the same, loaded in its processes through botocore's client plugin setting
  (``BOTOCORE_EXPERIMENTAL__PLUGINS``), without touching Prowler.
- Retries: moto_server answers HTTP 500 for what it does not mock. secfound's run sets
  ``AWS_MAX_ATTEMPTS=1``; Prowler passes its own retry settings to botocore, which win
  over that variable, so it gets ``--aws-retries-max-attempts 0`` (no retry: one attempt).
  Each tool makes every call once, and neither spends time backing off.
- Credentials and network: fake keys, no shared config or credentials file,
  ``AWS_EC2_METADATA_DISABLED=true``, a home folder of its own, ``HTTP(S)_PROXY`` set to a
  dead port on 127.0.0.1 with ``NO_PROXY=127.0.0.1,localhost``, so a request that leaves
  loopback fails loudly; and ``bench/prowler_site/sitecustomize.py`` records, in every Prowler
  process, each lookup or connection to a host that is not loopback (``non_local``).
- Errors are counted, not hidden: every ERROR or CRITICAL line of Prowler's log, by kind
  (moto answering 500 or "not implemented", a connection failure, a check that raised).

Stand-alone, for a look at Prowler alone:

    .venv/bin/python bench/prowler_runner.py [--accounts 2] [--scale 0.3] [--tiny]
        [--processes 2] [--endpoint URL] [--keep DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PROWLER_BIN = REPO / ".venv-prowler" / "bin" / "prowler"
PROWLER_SITE = HERE / "prowler_site"  # what Prowler's processes load at start-up

# Prowler's names of the services secfound assesses that moto_server also serves
# (Access Analyzer, Firewall Manager, Detective, Audit Manager and Security Lake are
# assessed by secfound but not mocked by moto; Prowler has no check for some of them).
PROWLER_SERVICES = (
    "account",
    "apigateway",
    "awslambda",
    "cloudfront",
    "cloudtrail",
    "config",
    "dynamodb",
    "ec2",
    "ecr",
    "efs",
    "eks",
    "elasticache",
    "elbv2",
    "guardduty",
    "iam",
    "inspector2",
    "kms",
    "macie",
    "networkfirewall",
    "opensearch",
    "organizations",
    "rds",
    "redshift",
    "s3",
    "secretsmanager",
    "securityhub",
    "shield",
    "sns",
    "sqs",
    "vpc",
    "wafv2",
)
# Checks that fetch content from URLs the API returns (AWS hosts, even against moto).
EXCLUDED_CHECKS = (
    "awslambda_function_no_secrets_in_code",
    "ecr_repository_image_no_secrets",
)
DEFAULT_PROCESSES = 2
ACCOUNT_TIMEOUT_SECONDS = 30 * 60
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
}
_PROGRESS = re.compile(r"(\d+)/(\d+) \[100%\]")
_UNMOCKED = (
    "500 Internal Server Error",
    "404 Not Found",
    "InternalFailure",
    "Not yet implemented",
    "NotImplemented",
    "not yet implemented",
)
_PROXY = ("ProxyError", "Unable to connect to proxy")
_CONNECTION = ("EndpointConnectionError", "ConnectionError", "ConnectTimeout")
OFF_LOOPBACK = "request off loopback (refused by the dead proxy)"
_PYTHON_ERRORS = ("KeyError", "IndexError", "TypeError", "AttributeError", "ValueError")


class EstateLike(Protocol):
    """What ``run_prowler`` reads of ``live_estate.Estate``."""

    @property
    def management_account(self) -> str: ...
    @property
    def member_accounts(self) -> tuple[str, ...]: ...
    @property
    def regions(self) -> tuple[str, ...]: ...
    @property
    def role_name(self) -> str: ...


@dataclass(frozen=True)
class AccountRun:
    """One Prowler process: one account, every region and service asked for."""

    account: str
    exit_code: int  # -1: killed at ACCOUNT_TIMEOUT_SECONDS
    seconds: float
    checks_run: int | None  # None: Prowler printed no completed progress line
    findings: int
    by_status: Mapping[str, int]
    errors_by_kind: Mapping[str, int]
    raising_checks: tuple[str, ...]
    output_found: bool
    tail: str = ""  # the end of its output, kept when it did not finish cleanly

    @property
    def errors(self) -> int:
        return sum(self.errors_by_kind.values())

    @property
    def assessed(self) -> bool:
        return self.exit_code == 0 and self.output_found


@dataclass(frozen=True)
class NetAudit:
    """What the network witness saw in Prowler's processes."""

    processes: int  # processes in which the witness was loaded
    non_local: tuple[str, ...]  # "event host port", one per distinct lookup or connection

    @property
    def connections(self) -> tuple[str, ...]:
        """Connections or datagrams to a host that is not loopback."""
        return tuple(line for line in self.non_local if not line.startswith("socket.get"))

    @property
    def lookups(self) -> tuple[str, ...]:
        """Name lookups of a host that is not loopback (a query to the system resolver)."""
        return tuple(line for line in self.non_local if line.startswith("socket.get"))

    @property
    def verified(self) -> bool:
        """True only when the witness ran and saw nothing at all leave loopback."""
        return self.processes > 0 and not self.non_local


@dataclass(frozen=True)
class ProwlerRun:
    """Prowler across the estate, as ``run_prowler`` ran it."""

    version: str
    wall_seconds: float
    processes: int
    regions: tuple[str, ...]
    services: tuple[str, ...]
    excluded_checks: tuple[str, ...]
    command: tuple[str, ...]  # one member account's command line, for the record
    accounts: tuple[AccountRun, ...]
    net: NetAudit
    settings: Mapping[str, str] = field(default_factory=dict)

    @property
    def accounts_assessed(self) -> int:
        return sum(1 for run in self.accounts if run.assessed)

    @property
    def checks_run(self) -> int:
        return sum(run.checks_run or 0 for run in self.accounts)

    @property
    def findings(self) -> int:
        return sum(run.findings for run in self.accounts)

    @property
    def by_status(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for run in self.accounts:
            total.update(run.by_status)
        return dict(sorted(total.items()))

    @property
    def errors_by_kind(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for run in self.accounts:
            total.update(run.errors_by_kind)
        return dict(sorted(total.items()))

    @property
    def errors(self) -> int:
        return sum(self.errors_by_kind.values())

    @property
    def raising_checks(self) -> dict[str, int]:
        """Checks that raised instead of judging, and in how many accounts."""
        return dict(sorted(Counter(c for run in self.accounts for c in run.raising_checks).items()))

    @property
    def stayed_local(self) -> bool:
        """The witness ran and saw nothing off loopback, and the proxy refused nothing."""
        return self.net.verified and not self.errors_by_kind.get(OFF_LOOPBACK)

    @property
    def exit_codes(self) -> dict[str, int]:
        return {run.account: run.exit_code for run in self.accounts}

    @property
    def seconds_per_account(self) -> float:
        """Wall time over accounts: what one more account adds at this parallelism."""
        return self.wall_seconds / len(self.accounts) if self.accounts else 0.0

    @property
    def process_seconds_per_account(self) -> float:
        """Mean wall time of one account's Prowler process."""
        if not self.accounts:
            return 0.0
        return sum(run.seconds for run in self.accounts) / len(self.accounts)

    def to_json(self) -> dict[str, Any]:
        """The summary ``live_bench.py --json`` stores under ``"prowler"``."""
        return {
            "version": self.version,
            "wall_seconds": round(self.wall_seconds, 2),
            "processes": self.processes,
            "regions": list(self.regions),
            "services": list(self.services),
            "excluded_checks": list(self.excluded_checks),
            "command": list(self.command),
            "settings": dict(self.settings),
            "accounts_total": len(self.accounts),
            "accounts_assessed": self.accounts_assessed,
            "seconds_per_account": round(self.seconds_per_account, 2),
            "process_seconds_per_account": round(self.process_seconds_per_account, 2),
            "checks_run": self.checks_run,
            "findings": self.findings,
            "by_status": self.by_status,
            "errors": self.errors,
            "errors_by_kind": self.errors_by_kind,
            "raising_checks": self.raising_checks,
            "exit_codes": self.exit_codes,
            "net_audit": {
                "processes": self.net.processes,
                "verified_local_only": self.stayed_local,
                "connections_off_loopback": list(self.net.connections),
                "lookups_off_loopback": list(self.net.lookups),
            },
            "per_account": [
                {**asdict(run), "by_status": dict(run.by_status)} for run in self.accounts
            ],
        }


def role_arn(account: str, role_name: str) -> str:
    return f"arn:aws:iam::{account}:role/{role_name}"


def prowler_command(
    prowler_bin: Path,
    account: str,
    role: str | None,
    regions: Sequence[str],
    services: Sequence[str],
    output: Path,
    log_file: Path,
    excluded_checks: Sequence[str] = EXCLUDED_CHECKS,
) -> list[str]:
    """One account's Prowler command line (``role`` None: the base credentials' account)."""
    command = [str(prowler_bin), "aws"]
    if role is not None:
        command += ["--role", role]
    command += ["--region", *regions, "--service", *services]
    if excluded_checks:
        command += ["--excluded-check", *excluded_checks]
    command += [
        "--output-formats",
        "json-ocsf",
        "--output-directory",
        str(output),
        "--output-filename",
        f"prowler-{account}",
        "--no-banner",
        "--no-color",
        "--ignore-exit-code-3",
        "--aws-retries-max-attempts",
        "0",
        "--log-level",
        "ERROR",
        "--log-file",
        str(log_file),
    ]
    return command


def _dead_port() -> int:
    """A loopback port nobody listens on: a proxy there refuses every connection."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prowler_environment(endpoint: str, home: Path, audit_base: Path) -> dict[str, str]:
    """Fake credentials, the endpoint, no retries, a dead proxy, the network witness, and
    nothing of the user's AWS configuration."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TZ")}
    proxy = f"http://127.0.0.1:{_dead_port()}"
    home.mkdir(parents=True, exist_ok=True)
    return {
        **keep,
        **FAKE_CREDENTIALS,
        "HOME": str(home),
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_MAX_ATTEMPTS": "1",
        "PROWLER_AWS_BOTO3_RETRIES_MAX_ATTEMPTS": "0",
        "HTTP_PROXY": proxy,
        "HTTPS_PROXY": proxy,
        "http_proxy": proxy,
        "https_proxy": proxy,
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        "NO_COLOR": "1",
        "PYTHONPATH": str(PROWLER_SITE),
        "BOTOCORE_EXPERIMENTAL__PLUGINS": "s3control_local=s3control_local",
        "SECFOUND_NET_AUDIT": str(audit_base),
    }


def classify_error(record: Mapping[str, Any]) -> str:
    """The kind of one ERROR or CRITICAL record of Prowler's JSON log."""
    message = str(record.get("message", ""))
    if record.get("module") == "check":
        return "check raised"
    if any(marker in message for marker in _PROXY):
        return OFF_LOOPBACK
    if any(marker in message for marker in _UNMOCKED):
        return "moto: not mocked (404/500)"
    if any(marker in message for marker in _CONNECTION):
        return "connection failed"
    if "AccessDenied" in message or "UnauthorizedOperation" in message:
        return "access denied"
    if any(f"{name}[" in message or f"{name}:" in message for name in _PYTHON_ERRORS):
        return "Prowler raised reading an answer"
    if "An error occurred (" in message:
        return "AWS error answer (e.g. not configured)"
    return "Prowler internal, other"


def _check_prefix(message: str) -> str | None:
    """The check id a failed check's log line starts with (``<check_id> - Error...``)."""
    match = re.match(r"([a-z0-9]+(?:_[a-z0-9]+)+) --? ", message)
    return match.group(1) if match else None


_RECORD = re.compile(
    r'\{"timestamp": "[^"]*", "filename": "(?P<filename>[^"]*)", '
    r'"level": "(?P<level>[A-Z]+)", "module": "(?P<module>[^"]*)", '
    r'"message": "(?P<message>.*)"\}\s*$',
    re.DOTALL,
)


def read_log(log_file: Path) -> tuple[dict[str, int], tuple[str, ...]]:
    """Errors by kind and the checks that raised, from Prowler's log file.

    Each record looks like a JSON object, but its message is written unescaped (quotes,
    the raw HTML body of a 500 over several lines), so records are split where the next
    one starts and read with a pattern, not a JSON parser."""
    if not log_file.exists():
        return {}, ()
    text = log_file.read_text(encoding="utf-8", errors="replace")
    kinds: Counter[str] = Counter()
    raising: list[str] = []
    for chunk in re.split(r"\n(?=\{\"timestamp\": )", text):
        if not chunk.strip():
            continue
        match = _RECORD.match(chunk.strip())
        if match is None:
            kinds["unreadable log record"] += 1
            continue
        if match["level"] not in ("ERROR", "CRITICAL"):
            continue
        record = match.groupdict()
        kind = classify_error(record)
        kinds[kind] += 1
        if kind == "check raised":
            check = _check_prefix(record["message"])
            if check:
                raising.append(check)
    return dict(kinds), tuple(sorted(set(raising)))


def read_findings(output: Path) -> tuple[int, dict[str, int], bool]:
    """Findings, their count by status, and whether an OCSF file was written."""
    files = sorted(output.glob("*.ocsf.json"))
    statuses: Counter[str] = Counter()
    for path in files:
        text = path.read_text(encoding="utf-8").strip()
        findings = json.loads(text) if text else []
        statuses.update(str(finding.get("status_code", "UNKNOWN")) for finding in findings)
    return sum(statuses.values()), dict(sorted(statuses.items())), bool(files)


def checks_completed(stdout: str) -> int | None:
    """The checks Prowler ran, from its last completed progress line (``73/73 [100%]``)."""
    found = _PROGRESS.findall(stdout)
    return int(found[-1][1]) if found else None


def read_net_audit(audit_base: Path) -> NetAudit:
    processes = 0
    seen: list[str] = []
    for path in sorted(audit_base.parent.glob(f"{audit_base.name}.*")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("loaded "):
                processes += 1
            elif line.strip():
                seen.append(line.strip())
    return NetAudit(processes=processes, non_local=tuple(sorted(set(seen))))


def prowler_version(prowler_bin: Path) -> str:
    """Prowler's version, from its venv's package metadata: ``prowler --version`` asks
    GitHub for the latest release, a request off loopback."""
    venv = prowler_bin.resolve().parent.parent
    found = sorted(venv.glob("lib/python*/site-packages/prowler-*.dist-info"))
    return found[-1].name.removeprefix("prowler-").removesuffix(".dist-info") if found else "?"


def _run_account(
    prowler_bin: Path,
    account: str,
    role: str | None,
    estate: EstateLike,
    services: Sequence[str],
    folder: Path,
    env: Mapping[str, str],
) -> AccountRun:
    output, log_file = folder / "out", folder / "prowler.log"
    command = prowler_command(
        prowler_bin, account, role, estate.regions, services, output, log_file
    )
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            env=dict(env),
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
            timeout=ACCOUNT_TIMEOUT_SECONDS,
        )
        exit_code, stdout = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as expired:
        exit_code = -1
        captured = expired.stdout or b""
        stdout = captured.decode(errors="replace") if isinstance(captured, bytes) else captured
    seconds = time.perf_counter() - start
    (folder / "stdout.txt").write_text(stdout, encoding="utf-8")
    findings, by_status, output_found = read_findings(output)
    kinds, raising = read_log(log_file)
    return AccountRun(
        account=account,
        exit_code=exit_code,
        seconds=seconds,
        checks_run=checks_completed(stdout),
        findings=findings,
        by_status=by_status,
        errors_by_kind=kinds,
        raising_checks=raising,
        output_found=output_found,
        tail="" if exit_code == 0 and output_found else stdout[-2000:],
    )


def run_prowler(
    prowler_bin: Path,
    endpoint: str,
    estate: EstateLike,
    services: Sequence[str] = PROWLER_SERVICES,
    workdir: Path | None = None,
    processes: int = DEFAULT_PROCESSES,
) -> ProwlerRun:
    """Prowler on every account of ``estate`` (management and members), ``processes``
    accounts at a time, all of them against ``endpoint`` only; timed from the first
    process's start to the last one's end. Outputs and logs stay under ``workdir`` (a
    temporary folder, removed after, when None)."""
    if not prowler_bin.exists():
        raise FileNotFoundError(f"{prowler_bin} not found: run `make .venv-prowler` first")
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="prowler-bench-") as folder:
            return run_prowler(prowler_bin, endpoint, estate, services, Path(folder), processes)
    workdir.mkdir(parents=True, exist_ok=True)
    version = prowler_version(prowler_bin)
    audit_base = workdir / "net-audit" / "witness"
    audit_base.parent.mkdir(parents=True, exist_ok=True)
    env = prowler_environment(endpoint, workdir / "home", audit_base)
    targets: list[tuple[str, str | None]] = [(estate.management_account, None)]
    targets += [(a, role_arn(a, estate.role_name)) for a in estate.member_accounts]
    for account, _ in targets:
        (workdir / account).mkdir(parents=True, exist_ok=True)
    workers = max(1, processes)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="prowler") as pool:
        futures = [
            pool.submit(_run_account, prowler_bin, a, r, estate, services, workdir / a, env)
            for a, r in targets
        ]
        accounts = tuple(future.result() for future in futures)
    wall = time.perf_counter() - start
    example = targets[1] if len(targets) > 1 else targets[0]
    command = prowler_command(
        prowler_bin,
        example[0],
        example[1],
        estate.regions,
        services,
        workdir / example[0] / "out",
        workdir / example[0] / "prowler.log",
    )
    settings = {k: env[k] for k in sorted(env) if k.startswith(("AWS_", "PROWLER_", "BOTOCORE_"))}
    settings["HTTPS_PROXY"] = env["HTTPS_PROXY"]
    settings["NO_PROXY"] = env["NO_PROXY"]
    return ProwlerRun(
        version=version,
        wall_seconds=wall,
        processes=workers,
        regions=tuple(estate.regions),
        services=tuple(services),
        excluded_checks=EXCLUDED_CHECKS,
        command=tuple(command),
        accounts=accounts,
        net=read_net_audit(audit_base),
        settings=settings,
    )


def print_prowler_run(run: ProwlerRun) -> None:
    """How Prowler was run and what it did, errors included."""
    print(
        f"\nProwler {run.version}: {len(run.accounts)} accounts x {len(run.regions)} regions "
        f"({', '.join(run.regions)}), {len(run.services)} services, "
        f"{run.processes} accounts at a time"
    )
    print("  command (one member account):")
    print("    " + " ".join(run.command))
    print("  environment: " + " ".join(f"{k}={v}" for k, v in run.settings.items()))
    print(
        f"  wall {run.wall_seconds:.1f} s, {run.seconds_per_account:.1f} s per account "
        f"(one account's process: {run.process_seconds_per_account:.1f} s on average)"
    )
    print(
        f"  accounts assessed {run.accounts_assessed}/{len(run.accounts)}, checks run "
        f"{run.checks_run}, findings {run.findings} "
        f"({', '.join(f'{k} {v}' for k, v in run.by_status.items()) or 'none'})"
    )
    codes = Counter(run.exit_codes.values())
    print("  exit codes: " + ", ".join(f"{code} x{n}" for code, n in sorted(codes.items())))
    print(f"  errors logged: {run.errors}")
    for kind, number in run.errors_by_kind.items():
        print(f"    {kind}: {number}")
    if run.raising_checks:
        print(
            "  checks that raised (accounts): "
            + ", ".join(f"{check} ({n})" for check, n in run.raising_checks.items())
        )
    if not run.net.processes:
        print("  network witness: NOT LOADED, so requests off loopback are unverified")
    elif run.net.non_local:
        print(
            f"  network witness ({run.net.processes} processes): "
            f"{len(run.net.connections)} connection target(s) and "
            f"{len(run.net.lookups)} name lookup(s) off loopback:"
        )
        for line in run.net.non_local[:20]:
            print(f"    {line}")
    else:
        print(
            f"  network witness: {run.net.processes} Prowler processes, "
            "no lookup or connection off 127.0.0.1"
        )
    refused = run.errors_by_kind.get(OFF_LOOPBACK, 0)
    print(f"  dead proxy: {refused} request(s) off loopback refused")
    for account in run.accounts:
        if not account.assessed:
            print(f"  account {account.account} exit {account.exit_code}:\n{account.tail}")


def print_comparison(secfound_wall_seconds: float, run: ProwlerRun) -> float:
    """Print and return how many times faster secfound was (Prowler's wall / secfound's)."""
    ratio = run.wall_seconds / secfound_wall_seconds if secfound_wall_seconds else 0.0
    print(
        f"\nsame estate, regions and services: secfound {secfound_wall_seconds:.1f} s, "
        f"Prowler {run.wall_seconds:.1f} s ({run.processes} processes): "
        f"secfound {ratio:.1f}x faster (target: 10x)"
    )
    if run.accounts_assessed < len(run.accounts):
        print(f"  note: Prowler assessed {run.accounts_assessed} of {len(run.accounts)} accounts")
    return ratio


# --- stand-alone -------------------------------------------------------------------------


@dataclass(frozen=True)
class TinyEstate:
    """A two-member organization with a few resources: enough to see Prowler run."""

    endpoint: str
    management_account: str
    member_accounts: tuple[str, ...]
    regions: tuple[str, ...] = ("us-east-1", "eu-west-1")
    role_name: str = "OrganizationAccountAccessRole"


def build_tiny_estate(endpoint: str, members: int = 2) -> TinyEstate:
    """An organization, ``members`` member accounts, and in each account a few users,
    buckets and security groups, built with boto3 on ``endpoint``."""
    import boto3

    regions = ("us-east-1", "eu-west-1")
    base = boto3.Session(
        aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=regions[0],
    )
    org = base.client("organizations", endpoint_url=endpoint)
    org.create_organization(FeatureSet="ALL")
    accounts: list[str] = []
    for number in range(members):
        status = org.create_account(AccountName=f"member-{number}", Email=f"m{number}@example.com")
        accounts.append(str(status["CreateAccountStatus"]["AccountId"]))
    sts = base.client("sts", endpoint_url=endpoint)
    sessions: list[Any] = [base]
    for account in accounts:
        arn = role_arn(account, "OrganizationAccountAccessRole")
        keys = sts.assume_role(RoleArn=arn, RoleSessionName="tiny")["Credentials"]
        sessions.append(
            boto3.Session(
                aws_access_key_id=keys["AccessKeyId"],
                aws_secret_access_key=keys["SecretAccessKey"],
                aws_session_token=keys["SessionToken"],
                region_name=regions[0],
            )
        )
    for session in sessions:
        iam = session.client("iam", endpoint_url=endpoint)
        for number in range(2):
            iam.create_user(UserName=f"user-{number}")
        iam.create_access_key(UserName="user-0")
        for region in regions:
            s3 = session.client("s3", region_name=region, endpoint_url=endpoint)
            account = session.client("sts", endpoint_url=endpoint).get_caller_identity()
            name = f"tiny-{account['Account']}-{region}"
            options: dict[str, Any] = {}
            if region != "us-east-1":
                options["CreateBucketConfiguration"] = {"LocationConstraint": region}
            s3.create_bucket(Bucket=name, **options)
            ec2 = session.client("ec2", region_name=region, endpoint_url=endpoint)
            vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
            group = ec2.create_security_group(GroupName="open-ssh", Description="t", VpcId=vpc)
            ec2.authorize_security_group_ingress(
                GroupId=group["GroupId"],
                IpPermissions=[
                    {
                        "IpProtocol": "tcp",
                        "FromPort": 22,
                        "ToPort": 22,
                        "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                    }
                ],
            )
    return TinyEstate(endpoint, "123456789012", tuple(accounts), regions)


def _stand_alone(args: argparse.Namespace, endpoint: str) -> ProwlerRun:
    estate: EstateLike
    if args.tiny:
        estate = build_tiny_estate(endpoint, args.accounts)
        print(f"tiny estate: {1 + len(estate.member_accounts)} accounts")
    else:
        from live_estate import build_estate, print_estate

        built = build_estate(endpoint, args.accounts, ("us-east-1", "eu-west-1"), args.scale)
        print_estate(built)
        estate = built
    services = tuple(args.services) if args.services else PROWLER_SERVICES
    return run_prowler(args.prowler, endpoint, estate, services, args.keep, args.processes)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--accounts", type=int, default=2, help="member accounts (default 2)")
    parser.add_argument("--scale", type=float, default=0.3, help="live_estate counts scale")
    parser.add_argument("--tiny", action="store_true", help="a few resources per account only")
    parser.add_argument("--processes", type=int, default=DEFAULT_PROCESSES)
    parser.add_argument("--services", nargs="+", help=f"default: {' '.join(PROWLER_SERVICES)}")
    parser.add_argument("--prowler", type=Path, default=PROWLER_BIN)
    parser.add_argument("--endpoint", help="a running, empty moto_server (default: start one)")
    parser.add_argument("--keep", type=Path, help="keep Prowler's outputs and logs here")
    parser.add_argument("--json", type=Path, help="write the run's summary as JSON here")
    args = parser.parse_args(list(argv) if argv is not None else None)
    sys.path.insert(0, str(HERE))
    if args.endpoint:
        run = _stand_alone(args, args.endpoint)
    else:
        from moto_server import start_moto_server

        with start_moto_server() as endpoint:
            run = _stand_alone(args, endpoint)
    print_prowler_run(run)
    if args.json is not None:
        args.json.write_text(json.dumps(run.to_json(), indent=2) + "\n")
        print(f"\nsummary written to {args.json}")
    return 0 if run.accounts_assessed == len(run.accounts) and run.stayed_local else 1


if __name__ == "__main__":
    sys.exit(main())
