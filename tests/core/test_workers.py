"""A scan split over processes gives exactly what one process gives."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from secfound.checks.registry import builtin_registry
from secfound.errors import SecfoundError, TemplateError, WorkerError
from secfound.scan import ScanInputs
from secfound.workers import Evaluated, collect_and_evaluate

PARITY = Path(__file__).parents[1] / "parity"

ANNOTATED = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Metadata:
      secfound:
        ignore:
          - check: aws.sqs.queue_encrypted_with_kms
            reason: test data only
"""


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every parity folder (48 units of both sources), an annotated template, a broken
    template, a broken Terraform file and a file that is no template."""
    root = tmp_path_factory.mktemp("estate")
    shutil.copytree(PARITY, root / "parity", ignore=shutil.ignore_patterns("*.py"))
    (root / "annotated.yaml").write_text(ANNOTATED)
    (root / "broken.yaml").write_text("AWSTemplateFormatVersion: x\nResources: [\n")
    (root / "bad-tf").mkdir()
    (root / "bad-tf" / "main.tf").write_text('resource "aws_sqs_queue" "q" {\n  name = \n')
    (root / "notes.yaml").write_text("just: notes\n")
    return root


def _scan(estate: Path, jobs: int) -> Evaluated:
    return collect_and_evaluate(
        ScanInputs(paths=(estate,), root=estate), builtin_registry(), jobs=jobs, min_units=1
    )


@pytest.mark.parametrize("jobs", [2, 3])
def test_processes_give_what_one_process_gives(estate: Path, jobs: int) -> None:
    one = _scan(estate, 1)
    split = _scan(estate, jobs)
    assert len(one.units) > 40
    assert len(one.findings) > 300
    # Findings compare field by field, in order; locations and suppression input too.
    assert split.findings == one.findings
    assert [f.location for f in split.findings] == [f.location for f in one.findings]
    assert split.units == one.units
    assert split.errors == one.errors
    assert split.passed_over == one.passed_over
    assert split.annotations() == one.annotations()
    assert ("annotated.yaml", "Queue") in one.annotations()
    assert {e.path for e in one.errors} >= {"broken.yaml", "bad-tf/main.tf"}


def test_small_scans_stay_in_one_process(estate: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from secfound import workers

    def no_fork(*_args: object) -> None:
        raise AssertionError("forked for a small scan")

    monkeypatch.setattr(workers, "_fork_share", no_fork)
    small = estate / "parity" / "s3"
    result = collect_and_evaluate(
        ScanInputs(paths=(small,), root=estate), builtin_registry(), jobs=2
    )
    assert len(result.units) == 2


def test_an_error_in_a_worker_reaches_the_parent(
    estate: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secfound import workers

    real = workers.collect

    def failing(*args: object, **kwargs: object) -> object:
        share = kwargs.get("share")
        if share is not None and share.index == 1:
            raise TemplateError("the worker's own error", path="x.yaml", line=3)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "collect", failing)
    with pytest.raises(SecfoundError, match=r"x\.yaml:3: the worker's own error") as raised:
        _scan(estate, 2)
    assert raised.value.exit_code == TemplateError.exit_code


def test_a_dead_worker_is_an_error_not_a_short_report(
    estate: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secfound import workers

    real = workers.collect

    def dying(*args: object, **kwargs: object) -> object:
        share = kwargs.get("share")
        if share is not None and share.index == 1:
            os._exit(9)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "collect", dying)
    with pytest.raises(WorkerError, match="died"):
        _scan(estate, 2)
