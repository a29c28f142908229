"""A small history with known answers, written straight into the tables.

Scope "repo" has six daily runs r0..r5; each letter is one fingerprint, each column one
run (F failing, P passed, U unknown, E error, S failing but suppressed, - absent,
x absent from a run that reported an input error on its file):

    A  F F P P F F    high     fixed r2, reopened r4
    B  P P P P P P    high
    C  F F F F F F    critical never fixed
    D  - - F F - -    medium   opened r2, fixed r4 by disappearing
    E  F U F P P P    low      unknown holds: fixed r3
    F  F S F P P F    medium   suppression holds: fixed r3, reopened r5
    G  F F x P P P    low      unreadable file holds: fixed r3
    H  P F P F P F    high     fixed r2 and r4, reopened r3 and r5
    I  P P P P E P    info

Scope "other" has three runs, half a day after r0, r1 and r2, in which A fails and Z
passes. Every run's count columns are computed from its findings, as ``save_run`` does.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert

from secfound.store.tables import Run, StoredFinding, StoredInputError

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)

ROWS = {
    "A": "FFPPFF",
    "B": "PPPPPP",
    "C": "FFFFFF",
    "D": "--FF--",
    "E": "FUFPPP",
    "F": "FSFPPF",
    "G": "FFxPPP",
    "H": "PFPFPF",
    "I": "PPPPEP",
}
CHECKS = {
    "A": ("aws.s3.bucket_versioning_enabled", "high"),
    "B": ("aws.s3.bucket_versioning_enabled", "high"),
    "H": ("aws.s3.bucket_versioning_enabled", "high"),
    "C": ("aws.iam.root_user_has_hardware_mfa", "critical"),
    "D": ("aws.sqs.queue_encrypted_with_kms", "medium"),
    "F": ("aws.sqs.queue_encrypted_with_kms", "medium"),
    "E": ("aws.s3.bucket_logging_enabled", "low"),
    "G": ("aws.s3.bucket_logging_enabled", "low"),
    "I": ("aws.s3.bucket_tagged", "info"),
    "Z": ("aws.s3.bucket_tagged", "info"),
}
OTHER_ROWS = {"A": "FFF", "Z": "PPP"}
_STATUS = {
    "F": ("failed", None),
    "P": ("passed", None),
    "U": ("unknown", None),
    "E": ("error", None),
    "S": ("failed", "baseline"),
}


def fp(letter: str) -> str:
    """The fingerprint of a letter: 32 hex digits, as secfound's are."""
    return hashlib.sha256(letter.encode()).hexdigest()[:32]


def path_of(letter: str) -> str:
    return f"infra/{letter.lower()}.tf"


def run_id(scope: str, index: int) -> str:
    prefix = {"repo": "a", "other": "b"}.get(scope, "c")
    return f"{prefix}{index:07x}-0000-4000-8000-{index:012x}"


@dataclass(frozen=True)
class Scenario:
    repo_key: str
    other_key: str
    repo_runs: tuple[str, ...]
    other_runs: tuple[str, ...]


def _run_row(
    rid: str, key: str, scope: list[str], started: datetime, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    status = Counter(r["status"] for r in rows)
    failing = Counter(
        r["severity"] for r in rows if r["status"] == "failed" and r["suppressed_by"] is None
    )
    return {
        "id": rid,
        "command": "scan",
        "scope_key": key,
        "scope": scope,
        "started": started,
        "finished": started + timedelta(seconds=5),
        "tool_version": "0.1.0",
        "sources": {"terraform": 1},
        "resource_count": len(rows),
        "checks_run": len({r["check_id"] for r in rows}),
        "passed": status["passed"],
        "failed": sum(failing.values()),
        "unknown": status["unknown"],
        "errored": status["error"],
        "suppressed": sum(1 for r in rows if r["suppressed_by"] is not None),
        **{f"failed_{s}": failing[s] for s in ("critical", "high", "medium", "low", "info")},
        "input_errors": 0,
        "gaps": 0,
    }


def _finding_row(rid: str, letter: str, code: str) -> dict[str, Any]:
    status, suppressed_by = _STATUS[code]
    check_id, severity = CHECKS.get(letter) or _generated_check(letter)
    return {
        "run_id": rid,
        "fingerprint": fp(letter),
        "check_id": check_id,
        "status": status,
        "severity": severity,
        "message": f"{letter} is {status}",
        "resource_type": "AWS::S3::Bucket",
        "resource_address": f"aws_s3_bucket.{letter.lower()}",
        "path": path_of(letter),
        "line": 3,
        "end_line": 9,
        "account": None,
        "region": None,
        "arn": None,
        "conditional": False,
        "evidence": None,
        "suppressed_by": suppressed_by,
        "suppression_reason": "accepted" if suppressed_by else None,
        "suppression_owner": None,
        "suppression_until": None,
    }


def _generated_check(name: str) -> tuple[str, str]:
    digit = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    return f"aws.s3.generated_{digit % 3}", ("high", "medium", "low")[digit % 3]


def write_scope(
    engine: Engine,
    scope: str,
    key: str,
    table: dict[str, str],
    offset: timedelta,
) -> tuple[str, ...]:
    count = len(next(iter(table.values())))
    ids = []
    with engine.begin() as connection:
        for index in range(count):
            rid = run_id(scope, index)
            findings = [
                _finding_row(rid, letter, codes[index])
                for letter, codes in table.items()
                if codes[index] in _STATUS
            ]
            unreadable = [path_of(letter) for letter, codes in table.items() if codes[index] == "x"]
            run = _run_row(rid, key, [f"/work/{scope}"], START + index * DAY + offset, findings)
            run["input_errors"] = len(unreadable)
            connection.execute(insert(Run), [run])
            if findings:
                connection.execute(insert(StoredFinding), findings)
            if unreadable:
                connection.execute(
                    insert(StoredInputError),
                    [
                        {"run_id": rid, "path": p, "line": 1, "column": 1, "message": "bad"}
                        for p in unreadable
                    ],
                )
            ids.append(rid)
    return tuple(ids)


def write_scenario(engine: Engine) -> Scenario:
    repo_key = hashlib.sha256(b"repo").hexdigest()
    other_key = hashlib.sha256(b"other").hexdigest()
    other_runs = write_scope(engine, "other", other_key, OTHER_ROWS, timedelta(hours=12))
    repo_runs = write_scope(engine, "repo", repo_key, ROWS, timedelta(0))
    return Scenario(repo_key, other_key, repo_runs, other_runs)
