"""Control effectiveness per objective: the per-check trends of a scope, grouped.

BP03 asks for evidence that controls work "at a point in time and over a period". The
store already follows every finding through a scope's runs (``store/effectiveness.py``:
pass rate per run, time to fix, regressions, per check); an objective's trend is the sum
over the checks that name it. A finding of a check serving two objectives counts in both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from secfound.store.effectiveness import Effectiveness, GroupEffectiveness, RunCounts

__all__ = ["objective_effectiveness"]


def objective_effectiveness(
    result: Effectiveness, serving: Mapping[str, Sequence[str]]
) -> tuple[GroupEffectiveness, ...]:
    """One group per objective (in ``serving``'s order) whose checks were judged at all."""
    by_check = {group.key: group for group in result.by_check}
    groups: list[GroupEffectiveness] = []
    for objective_id, checks in serving.items():
        parts = [by_check[check] for check in dict.fromkeys(checks) if check in by_check]
        if not parts:
            continue
        per_run = tuple(
            RunCounts(
                run_id=run.id,
                started=run.started,
                passed=sum(part.per_run[index].passed for part in parts),
                failed=sum(part.per_run[index].failed for part in parts),
            )
            for index, run in enumerate(result.runs)
        )
        groups.append(
            GroupEffectiveness(
                key=objective_id,
                severity=None,
                per_run=per_run,
                fix_seconds=tuple(sorted(s for part in parts for s in part.fix_seconds)),
                regressed=tuple(f for part in parts for f in part.regressed),
            )
        )
    return tuple(groups)
