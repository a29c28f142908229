"""What the report tests share: a ``RunReport`` with every kind of finding, and the SARIF
validator.

The report's texts are hostile on purpose: Markdown table syntax, XML metacharacters,
control characters XML 1.0 forbids, and text outside the Basic Multilingual Plane.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import jsonschema

from secfound.checks import Severity, Status
from secfound.findings import Finding, InputError, ResourceRef, Suppression, fingerprint
from secfound.model.location import CloudLocation, FileLocation, Location
from secfound.report.model import Gap, RunReport

PUBLIC = "aws.s3.bucket_blocks_public_access"
ENCRYPTED = "aws.sqs.queue_encrypted_at_rest"
ADMIN = "aws.iam.policy_grants_no_full_admin"
HOSTILE = 'a | b `tick` <tag attr="x"> & \x07bell\x1b[0m ünïcode 🔥 ]]>'


def make_finding(
    check_id: str,
    status: Status,
    severity: Severity,
    *,
    address: str = "Bucket",
    path: str = "stacks/app.yaml",
    line: int | None = 3,
    column: int | None = 5,
    end_line: int | None = 9,
    message: str = "the bucket allows public ACLs",
    suppressed: Suppression | None = None,
    location: Location | None = None,
) -> Finding:
    resource = ResourceRef(type="AWS::S3::Bucket", address=address)
    where = location or FileLocation(path=path, line=line, column=column, end_line=end_line)
    return Finding(
        check_id=check_id,
        status=status,
        severity=severity,
        message=message,
        resource=resource,
        location=where,
        fingerprint=fingerprint(check_id, resource, where),
        suppressed=suppressed,
    )


def make_report(findings: tuple[Finding, ...], **extra: object) -> RunReport:
    values: dict[str, object] = {
        "tool_version": "0.4.0",
        "command": "scan",
        "run_id": "6f1c1a1e-8d2b-4b8e-9d61-0c9b7f0e2a11",
        "started": datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC),
        "finished": datetime(2026, 11, 28, 12, 0, 2, 500000, tzinfo=UTC),
        "roots": (".",),
        "source_units": {"cloudformation": 2},
        "resource_count": 4,
        "checks_run": 3,
        "findings": findings,
        "titles": {PUBLIC: "S3 bucket blocks public access", ENCRYPTED: "SQS queue encrypts"},
    }
    values.update(extra)
    return RunReport(**values)  # type: ignore[arg-type]


def sample_report() -> RunReport:
    """Every status, both suppression kinds, a whole-file finding and two input errors."""
    findings = (
        make_finding(PUBLIC, Status.FAILED, Severity.HIGH),
        make_finding(PUBLIC, Status.PASSED, Severity.HIGH, address="Logs", message="blocked"),
        make_finding(
            ENCRYPTED,
            Status.UNKNOWN,
            Severity.MEDIUM,
            address="Queue",
            path="stacks/queue.yaml",
            line=12,
            column=None,
            end_line=None,
            message="KmsMasterKeyId is !Ref KeyParam, a parameter without a default",
        ),
        make_finding(
            ADMIN,
            Status.ERROR,
            Severity.CRITICAL,
            address="Policy",
            path="stacks/app.yaml",
            line=20,
            message="KeyError: 'Statement'",
        ),
        make_finding(
            ENCRYPTED,
            Status.FAILED,
            Severity.MEDIUM,
            address="Old Queue",
            path="legacy dir/ünï.yaml",
            message=HOSTILE,
            suppressed=Suppression(by="inline", reason="legacy | <queue> & `old`"),
        ),
        make_finding(
            PUBLIC,
            Status.FAILED,
            Severity.HIGH,
            address="Site",
            path="stacks/site.yaml",
            line=None,
            column=None,
            end_line=None,
            suppressed=Suppression(
                by="baseline", reason="accepted in review", owner="team-web", until="2027-01-31"
            ),
        ),
    )
    errors = (
        InputError(path="broken.yaml", message="mapping values are not allowed here", line=4),
        InputError(path="bad.tf", message=f"unexpected token {HOSTILE}", line=2, column=7),
    )
    return make_report(findings, errors=errors)


def sample_live_report() -> RunReport:
    """A live finding (no file) and a coverage gap."""
    where = CloudLocation(account="123456789012", region="eu-west-1", arn="arn:aws:s3:::logs")
    finding = make_finding(PUBLIC, Status.FAILED, Severity.HIGH, location=where)
    gap = Gap(account="123456789012", region="eu-west-1", service="s3", reason="AccessDenied")
    return make_report((finding,), command="assess", gaps=(gap,))


# ---------------------------------------------------------------------------------------
# The SARIF validator: `make sarif-tools` installs @microsoft/sarif-multitool (pinned in
# tools/sarif/package-lock.json); its platform package holds a self-contained executable
# and the SARIF 2.1.0 JSON schema the executable validates against.

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "sarif" / "node_modules" / "@microsoft"
_PLATFORMS = {"linux": "linux", "darwin": "darwin", "win32": "win32"}


@dataclass(frozen=True)
class SarifTools:
    multitool: Path
    schema: Path


def find_sarif_tools() -> SarifTools | None:
    platform = _PLATFORMS.get(sys.platform)
    if platform is None:
        return None
    folder = TOOLS / f"sarif-multitool-{platform}"
    binary = folder / ("Sarif.Multitool.exe" if platform == "win32" else "Sarif.Multitool")
    schema = folder / "sarif-2.1.0.json"
    if binary.is_file() and schema.is_file():
        return SarifTools(multitool=binary, schema=schema)
    return None


def _multitool(binary: Path, paths: Sequence[Path]) -> list[tuple[str, str, str]]:
    """Run ``validate`` with GitHub's and the default SARIF rules over ``paths`` in one
    process (start-up costs about two seconds) and return (level, rule id, text) of what
    it reported. The tool exits 0 even when rules fire, so its own SARIF log is read.
    """
    out = paths[0].with_name("validation.sarif")
    command = [str(binary), "validate", *map(str, paths), "--rule-kind", "Gh;Sarif"]
    command += ["--output", str(out), "--log", "ForceOverwrite"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and out.is_file(), f"{command}:\n{done.stdout}\n{done.stderr}"
    log = json.loads(out.read_text(encoding="utf-8"))
    found = []
    for run in log.get("runs", []):
        for invocation in run.get("invocations", []):
            for note in invocation.get("toolExecutionNotifications", []):
                found.append(("error", "tool", note.get("message", {}).get("text", "")))
        for result in run.get("results", []):
            # A result without a level is a warning (SARIF 3.27.10).
            level = result.get("level", "warning")
            message = result.get("message", {})
            text = message.get("text") or json.dumps(message.get("arguments", []))
            found.append((level, result.get("ruleId", "?"), text))
    return found


def sarif_validator(tools: SarifTools) -> Callable[..., None]:
    """A check of a SARIF file against the SARIF 2.1.0 schema and GitHub's ingestion rules."""
    schema = json.loads(tools.schema.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)

    def validate(*paths: Path) -> None:
        for path in paths:
            document = json.loads(path.read_text(encoding="utf-8"))
            problems = [
                f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)
            ]
            assert not problems, f"{path} is not valid SARIF 2.1.0:\n" + "\n".join(problems)
        # Any finding of GitHub's rules (GH...) is a reason GitHub would reject or degrade
        # the upload; of the general SARIF rules only errors count (warnings are advice,
        # such as SARIF2017 asking for a region on a finding about a whole file).
        messages = _multitool(tools.multitool, paths)
        bad = [m for m in messages if m[1].startswith("GH") or m[0] == "error"]
        assert not bad, f"sarif-multitool validate: {bad}"

    return validate
