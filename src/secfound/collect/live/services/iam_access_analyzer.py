"""IAM Access Analyzer: the analyzers of each region, so a check can say a region has none.

Analyzers are regional: one external-access analyzer (type ACCOUNT, or ORGANIZATION from
the management or delegated administrator account) per region reports resources shared
outside the zone of trust. The unused- and internal-access types are listed too, with
their type, and judged apart by the checks.
"""

from __future__ import annotations

from collections.abc import Iterator

from secfound.collect.live.collector import LiveContext, collector
from secfound.model.aws.account import AccessAnalyzers, Analyzer


@collector(service="accessanalyzer", actions=["access-analyzer:ListAnalyzers"])
def analyzers(ctx: LiveContext) -> Iterator[AccessAnalyzers]:
    found: list[Analyzer] = []
    for page in ctx.client().get_paginator("list_analyzers").paginate():
        found.extend(
            Analyzer(
                name=str(item.get("name", "")),
                type=str(item.get("type", "")),
                status=str(item.get("status", "")),
            )
            for item in page.get("analyzers", [])
        )
    address = ctx.target.arn("access-analyzer", "analyzers")
    yield AccessAnalyzers(
        address=address,
        location=ctx.location(address),
        analyzers=tuple(sorted(found, key=lambda a: a.name)),
    )
