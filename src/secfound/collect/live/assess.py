"""Assessing accounts: every collector, for every account and region, concurrently.

One task is one collector in one account and region (a global collector runs once per
account, in the home region). Tasks run on a bounded thread pool: boto3 spends its time
waiting on the network, and its clients are thread-safe. The results come back grouped by
account and region, in a fixed order, whatever order the tasks finished in, so two runs
over the same estate report the same findings in the same order.

With ``org``, the accounts are the organization's (listed from the management account or
a delegated administrator), each entered through a role; an account whose role cannot be
assumed is a coverage gap, and the others are still assessed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from secfound.collect import SourceResult
from secfound.collect.live.collector import CollectorSpec, LiveContext, builtin_collectors
from secfound.collect.live.faults import error_code, fault_reason
from secfound.collect.live.session import (
    HOME_REGIONS,
    AccessSettings,
    AccountAccess,
    CallLog,
    open_account,
)
from secfound.collect.live.shared import SharedLookups
from secfound.collect.live.tags import TAG_ACTIONS, attach_tags
from secfound.collect.live.target import Target, partition_of
from secfound.findings import Gap
from secfound.model.resource import Resource

if TYPE_CHECKING:
    from secfound.controls.blueprint import Blueprint

Progress = Callable[[str], None]
DEFAULT_ROLE = "OrganizationAccountAccessRole"
DEFAULT_WORKERS = 16
PROGRESS_SECONDS = 2.0
# Calls the run makes itself, besides the collectors': who am I, which regions, which
# accounts, and the tags of what the collectors read (sts:AssumeRole into member accounts
# is printed apart, with its role).
CORE_ACTIONS = (
    "sts:GetCallerIdentity",
    "ec2:DescribeRegions",
    "organizations:ListAccounts",
    *TAG_ACTIONS,
)


@dataclass(frozen=True)
class AssessSettings:
    """What to assess: regions (empty: every region enabled for the account), the whole
    organization or the credentials' own account, how many calls run at once, and the
    account blueprint the collectors stamp on what they read (None: the packaged default)."""

    access: AccessSettings = field(default_factory=AccessSettings)
    regions: tuple[str, ...] = ()
    org: bool = False
    role_name: str = DEFAULT_ROLE
    # e.g. "arn:{partition}:iam::{account_id}:role/SecurityAudit"; wins over role_name
    role_arn_template: str | None = None
    workers: int = DEFAULT_WORKERS
    blueprint: Blueprint | None = None


@dataclass(frozen=True)
class Coverage:
    """Whether one collector could read one account and region."""

    account: str
    region: str
    service: str
    collector: str
    resources: int
    gaps: int


@dataclass(frozen=True)
class LiveRun:
    results: tuple[SourceResult, ...]
    gaps: tuple[Gap, ...]
    accounts: tuple[str, ...]
    regions: tuple[str, ...]
    coverage: tuple[Coverage, ...]
    api_calls: int
    calls_by_operation: dict[str, int]


def assess(
    settings: AssessSettings,
    collectors: Sequence[CollectorSpec] | None = None,
    progress: Progress | None = None,
) -> LiveRun:
    """Run ``collectors`` (default: all built-in ones) over the accounts and regions."""
    say = progress or (lambda _message: None)
    specs = tuple(collectors) if collectors is not None else builtin_collectors()
    home = settings.regions[0] if settings.regions else _default_region(settings.access)
    log = CallLog()
    main = open_account(settings.access, home, log)
    gaps: list[Gap] = []
    regions = settings.regions or _enabled_regions(main, home, gaps)
    accounts = [main]
    if settings.org:
        accounts = _organization_accounts(main, settings, home, gaps, say)
    say(
        f"assessing {len(accounts)} account(s) in {len(regions)} region(s) with "
        f"{len(specs)} collectors"
    )
    tasks = [
        (access, target, spec)
        for access in accounts
        for spec in specs
        for target in _targets(access.account_id, spec, regions, home)
    ]
    outcomes = _run_tasks(tasks, settings.workers, say, settings.blueprint)
    by_target: dict[Target, list[Resource]] = {}
    coverage: list[Coverage] = []
    for (_access, target, spec), (resources, task_gaps) in zip(tasks, outcomes, strict=True):
        by_target.setdefault(target, []).extend(resources)
        gaps.extend(task_gaps)
        coverage.append(
            Coverage(
                account=target.account_id,
                region=target.region,
                service=spec.service,
                collector=spec.id,
                resources=len(resources),
                gaps=len(task_gaps),
            )
        )
    # Tags for every resource whose collector did not read them (the mutelist's tags:).
    by_target, tag_gaps = attach_tags(
        by_target, {a.account_id: a.client for a in accounts}, settings.workers
    )
    gaps.extend(tag_gaps)
    results = tuple(
        SourceResult(root=str(target), kind="live", resources=tuple(by_target[target]))
        for target in sorted(by_target, key=lambda t: (t.account_id, t.region))
    )
    return LiveRun(
        results=results,
        gaps=tuple(gaps),
        accounts=tuple(a.account_id for a in accounts),
        regions=tuple(regions),
        coverage=tuple(coverage),
        api_calls=log.total,
        calls_by_operation=dict(log.calls),
    )


def _default_region(access: AccessSettings) -> str:
    import boto3

    region = boto3.Session(profile_name=access.profile).region_name
    return region or "us-east-1"


def _targets(
    account_id: str, spec: CollectorSpec, regions: Sequence[str], home: str
) -> Iterable[Target]:
    if spec.scope == "global":
        return (Target(account_id, HOME_REGIONS.get(partition_of(home), home)),)
    return (Target(account_id, region) for region in regions)


def _enabled_regions(access: AccountAccess, home: str, gaps: list[Gap]) -> tuple[str, ...]:
    """The regions enabled for the account; its home region alone when it may not ask."""
    try:
        answer = access.client("ec2", home).describe_regions(
            Filters=[{"Name": "opt-in-status", "Values": ["opt-in-not-required", "opted-in"]}]
        )
    except Exception as exc:
        if error_code(exc) is None:
            raise
        gaps.append(
            Gap(
                account=access.account_id,
                region=home,
                service="ec2",
                reason=fault_reason(exc, "ec2:DescribeRegions")
                + f" (assessed {home} only; name regions with --region)",
            )
        )
        return (home,)
    return tuple(sorted(r["RegionName"] for r in answer.get("Regions", [])))


def _organization_accounts(
    main: AccountAccess,
    settings: AssessSettings,
    home: str,
    gaps: list[Gap],
    say: Progress,
) -> list[AccountAccess]:
    """The management (or delegated administrator) account, and every active member
    account entered through its role."""
    from secfound.errors import SourceError

    client = main.client("organizations", home)
    members: list[str] = []
    try:
        for page in client.get_paginator("list_accounts").paginate():
            members.extend(
                str(a["Id"]) for a in page.get("Accounts", []) if a.get("Status") == "ACTIVE"
            )
    except Exception as exc:
        if error_code(exc) is None:
            raise
        reason = fault_reason(exc, "organizations:ListAccounts")
        raise SourceError(
            f"cannot list the organization's accounts ({reason}); "
            "run --org from the management account or a delegated administrator"
        ) from None
    accounts = [main]
    partition = partition_of(home)
    for account_id in sorted(set(members) - {main.account_id}):
        role_arn = (
            settings.role_arn_template.format(partition=partition, account_id=account_id)
            if settings.role_arn_template
            else f"arn:{partition}:iam::{account_id}:role/{settings.role_name}"
        )
        try:
            accounts.append(main.assume(role_arn, account_id, home))
        except Exception as exc:
            if error_code(exc) is None:
                raise
            gaps.append(
                Gap(
                    account=account_id,
                    region=home,
                    service="sts",
                    reason=fault_reason(exc, f"sts:AssumeRole {role_arn}")
                    + " (the account was not assessed)",
                )
            )
    say(f"organization: {len(members)} active account(s), {len(accounts)} entered")
    return accounts


_Outcome = tuple[list[Resource], list[Gap]]


def _run_tasks(
    tasks: Sequence[tuple[AccountAccess, Target, CollectorSpec]],
    workers: int,
    say: Progress,
    blueprint: Blueprint | None = None,
) -> list[_Outcome]:
    outcomes: list[_Outcome | None] = [None] * len(tasks)
    last = time.monotonic()
    shared = SharedLookups()  # one per run: what collectors ask once per account and region
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="secfound") as pool:
        futures = {
            pool.submit(_run_collector, access, target, spec, blueprint, shared): index
            for index, (access, target, spec) in enumerate(tasks)
        }
        for done, future in enumerate(as_completed(futures), start=1):
            outcomes[futures[future]] = future.result()
            now = time.monotonic()
            if now - last >= PROGRESS_SECONDS or done == len(tasks):
                say(f"collected {done}/{len(tasks)} (collector x account x region)")
                last = now
    return [outcome for outcome in outcomes if outcome is not None]


def _run_collector(
    access: AccountAccess,
    target: Target,
    spec: CollectorSpec,
    blueprint: Blueprint | None = None,
    shared: SharedLookups | None = None,
) -> _Outcome:
    """One collector on one target; a failure ends it as a gap, keeping what it yielded."""
    context = LiveContext(
        target=target, service=spec.service, clients=access.client, blueprint=blueprint
    )
    if shared is not None:
        context.shared = shared
    resources: list[Resource] = []
    try:
        for resource in spec.function(context):
            resources.append(resource)
    except Exception as exc:
        # An AWS fault, or a bug in the collector: either way the run goes on, and the
        # gap says which (a bug names the exception so it can be reported).
        if error_code(exc) is not None:
            reason = fault_reason(exc, spec.id)
        else:
            reason = f"collector {spec.id} failed: {type(exc).__name__}: {exc}"
        context.gaps.append(
            Gap(
                account=target.account_id,
                region=target.region,
                service=spec.service,
                reason=reason,
            )
        )
    return resources, context.gaps
