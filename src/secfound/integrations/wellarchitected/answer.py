"""Answer the WA Tool question ``securely-operate`` from evidence: read, plan, apply.

The choice ids of the question changed between lens versions (``..._updated_recommendations``
went, ``..._reduce_management_scope`` came), so nothing is assumed: ``get_answer`` gives the
live choices and their current state, and ``plan_answer`` decides per live choice from the
state of the wa-sec01 requirement of the same id:

* passing, or manual and attested → SELECTED, its notes saying why;
* failing, unknown, manual and not attested → UNSELECTED, its notes citing the failing
  checks and resources (unknown is never a pass);
* not applicable (nothing in scope) → NOT_APPLICABLE with reason OUT_OF_SCOPE when asked
  (``mark_not_applicable``), else UNSELECTED: no evidence is not a practice;
* a choice secfound does not know (another lens version), or a requirement nothing in
  secfound covers → kept as the user left it, reported as "not judged by secfound";
* a choice the user marked NOT_APPLICABLE in the Tool → kept: a recorded decision, like a
  suppression, with the evidence shown next to it;
* the "None of these" choice (id ending in ``_no``) is never selected; it is unselected
  only when some other choice ends up selected, which it contradicts.

Requirements of ours that the live lens lacks are reported. The question's notes get a
summary of the evidence (runs, dates, counts) in a block that starts with ``[secfound]``;
text the user wrote before that block is kept. Every note is cut to the API's limits
(botocore validates only minimum lengths, so a long note would fail at AWS).

``apply_plan`` sends the plan in one ``update_answer`` and, when asked, creates a milestone.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from secfound._version import __version__
from secfound.controls.status import ControlState, EvidenceRun, FailingResource, RequirementStatus
from secfound.integrations.wellarchitected.client import call

__all__ = [
    "CHOICE_NOTES_MAX",
    "NOTES_MAX",
    "QUESTION_ID",
    "AnswerPlan",
    "AppliedAnswer",
    "ChoiceAction",
    "ChoicePlan",
    "LiveAnswer",
    "LiveChoice",
    "apply_plan",
    "check_milestone_name",
    "cite_failing",
    "live_answer",
    "plan_answer",
    "read_answer",
]

QUESTION_ID = "securely-operate"
# The limits of the wellarchitected service model (botocore, API 2020-03-31):
# UpdateAnswer.Notes max 2084, ChoiceUpdate.Notes (ChoiceNotes) max 250.
NOTES_MAX = 2084
CHOICE_NOTES_MAX = 250
MILESTONE_NAME_MIN, MILESTONE_NAME_MAX = 3, 100
SUMMARY_MARK = "[secfound]"
_USER_NOTES_MAX = NOTES_MAX - 400  # what a user wrote keeps at most this, the summary the rest
_PREFIX = "sec_securely_operate_"

SELECTED, UNSELECTED, NOT_APPLICABLE = "SELECTED", "UNSELECTED", "NOT_APPLICABLE"


class ChoiceAction(enum.StrEnum):
    SELECT = "select"
    UNSELECT = "unselect"
    NOT_APPLICABLE = "not applicable"
    KEEP = "keep"  # the user's state stays: secfound does not judge this choice


_STATUS = {
    ChoiceAction.SELECT: SELECTED,
    ChoiceAction.UNSELECT: UNSELECTED,
    ChoiceAction.NOT_APPLICABLE: NOT_APPLICABLE,
}


@dataclass(frozen=True, kw_only=True)
class LiveChoice:
    """One choice of the live question, and what the workload's answer says of it."""

    id: str
    title: str
    status: str  # SELECTED | UNSELECTED | NOT_APPLICABLE
    reason: str | None = None
    notes: str = ""

    @property
    def is_none_of_these(self) -> bool:
        return self.id.endswith("_no")


@dataclass(frozen=True, kw_only=True)
class LiveAnswer:
    """The ``Answer`` of ``get_answer``, typed: only what planning needs."""

    question_id: str
    title: str
    choices: tuple[LiveChoice, ...]
    notes: str = ""
    is_applicable: bool = True
    risk: str | None = None


def live_answer(response: Mapping[str, Any]) -> LiveAnswer:
    """Read a ``get_answer`` response (the choices, the selection, each choice's answer)."""
    answer = response.get("Answer", {})
    selected = set(answer.get("SelectedChoices", ()))
    by_choice = {item.get("ChoiceId"): item for item in answer.get("ChoiceAnswers", ())}
    choices = []
    for choice in answer.get("Choices", ()):
        choice_id = str(choice["ChoiceId"])
        given = by_choice.get(choice_id, {})
        status = str(given.get("Status") or (SELECTED if choice_id in selected else UNSELECTED))
        if choice_id in selected:
            status = SELECTED
        choices.append(
            LiveChoice(
                id=choice_id,
                title=str(choice.get("Title", choice_id)),
                status=status,
                reason=given.get("Reason"),
                notes=str(given.get("Notes", "")),
            )
        )
    return LiveAnswer(
        question_id=str(answer.get("QuestionId", QUESTION_ID)),
        title=str(answer.get("QuestionTitle", "")),
        choices=tuple(choices),
        notes=str(answer.get("Notes", "")),
        is_applicable=bool(answer.get("IsApplicable", True)),
        risk=answer.get("Risk"),
    )


@dataclass(frozen=True, kw_only=True)
class ChoicePlan:
    """What secfound will do with one live choice, and why."""

    choice_id: str
    title: str
    current: str
    action: ChoiceAction
    state: str | None  # the requirement's state; None when secfound does not judge it
    reason: str
    notes: str = ""
    failing: tuple[FailingResource, ...] = ()
    kept_reason: str | None = None  # a kept NOT_APPLICABLE choice's reason, sent back as is
    kept_notes: str = ""

    @property
    def status(self) -> str:
        """The status the choice has once the plan is applied."""
        return _STATUS.get(self.action, self.current)

    @property
    def changes(self) -> bool:
        return self.status != self.current

    def update(self) -> dict[str, str] | None:
        """Its ``ChoiceUpdates`` entry; None for a choice left alone."""
        if self.action is ChoiceAction.KEEP:
            if self.current != NOT_APPLICABLE:
                return None
            # Sent back unchanged: SelectedChoices replaces the whole selection, and a
            # user's NOT_APPLICABLE decision must survive it.
            kept = {"Status": NOT_APPLICABLE, "Notes": self.kept_notes}
            if self.kept_reason:
                kept["Reason"] = self.kept_reason
            return kept
        entry = {"Status": self.status, "Notes": self.notes}
        if self.action is ChoiceAction.NOT_APPLICABLE:
            entry["Reason"] = "OUT_OF_SCOPE"
        return entry

    def as_dict(self) -> dict[str, Any]:
        return {
            "choice": self.choice_id,
            "title": self.title,
            "current": self.current,
            "action": str(self.action),
            "status": self.status,
            "evidence": self.state,
            "reason": self.reason,
            "notes": self.notes,
            "failing": [item.as_dict() for item in self.failing],
        }


@dataclass(frozen=True, kw_only=True)
class AnswerPlan:
    """The whole answer secfound would give, before anything is sent."""

    workload_id: str
    lens_alias: str
    question_id: str
    question_title: str
    choices: tuple[ChoicePlan, ...]
    missing: tuple[str, ...]  # wa-sec01 requirements the live question does not have
    notes: str
    evidence: tuple[EvidenceRun, ...] = ()
    question_applicable: bool = True
    risk_before: str | None = None
    planned_on: date = field(default_factory=date.today)

    @property
    def selected_choices(self) -> tuple[str, ...]:
        return tuple(c.choice_id for c in self.choices if c.status == SELECTED)

    @property
    def not_judged(self) -> tuple[ChoicePlan, ...]:
        """Live choices whose state is the user's, not secfound's ("None of these" aside)."""
        return tuple(c for c in self.choices if c.action is ChoiceAction.KEEP and not _is_none(c))

    def choice_updates(self) -> dict[str, dict[str, str]]:
        updates = {}
        for choice in self.choices:
            entry = choice.update()
            if entry is not None:
                updates[choice.choice_id] = entry
        return updates

    def request(self) -> dict[str, Any]:
        """The parameters of the one ``update_answer`` call."""
        return {
            "WorkloadId": self.workload_id,
            "LensAlias": self.lens_alias,
            "QuestionId": self.question_id,
            "SelectedChoices": list(self.selected_choices),
            "ChoiceUpdates": self.choice_updates(),
            "Notes": self.notes,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "workload": self.workload_id,
            "lens": self.lens_alias,
            "question": self.question_id,
            "question_title": self.question_title,
            "question_applicable": self.question_applicable,
            "risk_before": self.risk_before,
            "planned_on": self.planned_on.isoformat(),
            "evidence": [
                {
                    "run": run.id,
                    "command": run.command,
                    "started": run.started.isoformat(),
                    "scope": list(run.scope),
                }
                for run in self.evidence
            ],
            "choices": [choice.as_dict() for choice in self.choices],
            "not_judged": [choice.choice_id for choice in self.not_judged],
            "missing_from_lens": list(self.missing),
            "request": self.request(),
        }


def plan_answer(
    live: LiveAnswer,
    requirements: Sequence[RequirementStatus],
    *,
    workload_id: str,
    lens_alias: str,
    evidence: Sequence[EvidenceRun] = (),
    mark_not_applicable: bool = False,
    today: date,
) -> AnswerPlan:
    """Decide every live choice from the requirement of the same id (module docstring)."""
    ours = {item.id: item for item in requirements}
    planned = [
        _keep(choice, "not judged by secfound (not a wa-sec01 requirement)")
        if choice.id not in ours or choice.is_none_of_these
        else _decide(choice, ours[choice.id], mark_not_applicable)
        for choice in live.choices
    ]
    anything_selected = any(c.status == SELECTED and not _is_none(c) for c in planned)
    planned = [_none_of_these(c, anything_selected) if _is_none(c) else c for c in planned]
    live_ids = {choice.id for choice in live.choices}
    missing = tuple(item.id for item in requirements if item.id not in live_ids)
    summary = _summary(planned, missing, evidence, today)
    return AnswerPlan(
        workload_id=workload_id,
        lens_alias=lens_alias,
        question_id=live.question_id,
        question_title=live.title,
        choices=tuple(planned),
        missing=missing,
        notes=_merge_notes(live.notes, summary),
        evidence=tuple(evidence),
        question_applicable=live.is_applicable,
        risk_before=live.risk,
        planned_on=today,
    )


def _is_none(plan: ChoicePlan) -> bool:
    return plan.choice_id.endswith("_no")


def _keep(choice: LiveChoice, reason: str, state: str | None = None) -> ChoicePlan:
    return ChoicePlan(
        choice_id=choice.id,
        title=choice.title,
        current=choice.status,
        action=ChoiceAction.KEEP,
        state=state,
        reason=reason,
        kept_reason=choice.reason,
        kept_notes=choice.notes,
    )


def _none_of_these(plan: ChoicePlan, anything_selected: bool) -> ChoicePlan:
    """Never selected by secfound; unselected when another selected choice contradicts it."""
    if plan.current == SELECTED and anything_selected:
        return ChoicePlan(
            choice_id=plan.choice_id,
            title=plan.title,
            current=plan.current,
            action=ChoiceAction.UNSELECT,
            state=None,
            reason="other choices are selected from evidence",
            notes="secfound: unselected: other choices are selected from evidence",
        )
    return ChoicePlan(
        choice_id=plan.choice_id,
        title=plan.title,
        current=plan.current,
        action=ChoiceAction.KEEP,
        state=None,
        reason='"None of these" is never selected by secfound',
        kept_reason=plan.kept_reason,
        kept_notes=plan.kept_notes,
    )


def _decide(choice: LiveChoice, status: RequirementStatus, mark_na: bool) -> ChoicePlan:
    state = status.state
    if state is ControlState.NOT_COVERED:
        return _keep(choice, "not judged by secfound: nothing in secfound covers it", str(state))
    if choice.status == NOT_APPLICABLE:
        return _keep(choice, f"marked not applicable in the Tool (evidence: {state})", str(state))
    failing: tuple[FailingResource, ...] = ()
    if state is ControlState.PASSING or (state is ControlState.MANUAL and status.attested):
        action = ChoiceAction.SELECT
        label = "passing" if state is ControlState.PASSING else "manual controls attested"
        notes = _fit(f"secfound: {label}: {status.reason}", CHOICE_NOTES_MAX)
    elif state is ControlState.NOT_APPLICABLE and mark_na:
        action = ChoiceAction.NOT_APPLICABLE
        notes = _fit(f"secfound: not applicable: {status.reason}", CHOICE_NOTES_MAX)
    else:
        action = ChoiceAction.UNSELECT
        failing = status.failing
        notes = _unselected_notes(status)
    return ChoicePlan(
        choice_id=choice.id,
        title=choice.title,
        current=choice.status,
        action=action,
        state=_state_label(status),
        reason=status.reason,
        notes=notes,
        failing=failing,
    )


def _state_label(status: RequirementStatus) -> str:
    if status.state is ControlState.MANUAL:
        return "manual (attested)" if status.attested else "manual (not attested)"
    return str(status.state)


def _unselected_notes(status: RequirementStatus) -> str:
    if status.state is ControlState.FAILING and status.failing:
        return cite_failing("secfound: failing:", status.failing, CHOICE_NOTES_MAX)
    if status.state is ControlState.NOT_APPLICABLE:
        text = "secfound: not selected, no resource in scope was judged (--mark-not-applicable)"
        return _fit(text, CHOICE_NOTES_MAX)
    label = _state_label(status)
    return _fit(f"secfound: {label}: {status.reason}", CHOICE_NOTES_MAX)


def cite_failing(prefix: str, failing: Sequence[FailingResource], limit: int) -> str:
    """``prefix`` and as many "check on resource" as fit in ``limit``, then "+N more"."""
    parts = [f"{item.check_id} on {item.resource}" for item in dict.fromkeys(failing)]
    text = prefix
    reserve = len("; +9999 more")
    shown = 0
    for part in parts:
        candidate = f"{text} {part}" if shown == 0 else f"{text}; {part}"
        left = len(parts) - shown - 1
        if len(candidate) + (reserve if left else 0) > limit:
            break
        text = candidate
        shown += 1
    if shown == 0 and parts:
        return _fit(f"{prefix} {parts[0]}", limit)
    if shown < len(parts):
        text += f"; +{len(parts) - shown} more"
    return _fit(text, limit)


def _short(choice_id: str) -> str:
    return choice_id.removeprefix(_PREFIX)


def _summary(
    planned: Sequence[ChoicePlan],
    missing: Sequence[str],
    evidence: Sequence[EvidenceRun],
    today: date,
) -> str:
    lines = [
        f"{SUMMARY_MARK} SEC 1 answered from evidence on {today.isoformat()} by "
        f"secfound {__version__}."
    ]
    if evidence:
        runs = "; ".join(
            f"{run.id[:8]} {run.command} {run.started.strftime('%Y-%m-%d %H:%M')}"
            + (
                f" ({', '.join(run.scope[:2])}{', …' if len(run.scope) > 2 else ''})"
                if run.scope
                else ""
            )
            for run in evidence
        )
        lines.append(f"Evidence runs: {runs}.")
    else:
        lines.append("Evidence runs: none stored.")
    groups: dict[str, list[str]] = {"Selected": [], "Unselected": [], "Not applicable": []}
    kept: list[str] = []
    for choice in planned:
        if choice.action is ChoiceAction.KEEP:
            if not _is_none(choice):
                kept.append(_short(choice.choice_id))
            continue
        name = _short(choice.choice_id)
        if choice.action is ChoiceAction.UNSELECT and choice.state:
            resources = len({item.resource for item in choice.failing})
            name += f" ({choice.state}{f', {resources} resource(s)' if resources else ''})"
        key = {
            ChoiceAction.SELECT: "Selected",
            ChoiceAction.UNSELECT: "Unselected",
            ChoiceAction.NOT_APPLICABLE: "Not applicable",
        }[choice.action]
        groups[key].append(name)
    for key, names in groups.items():
        if names:
            lines.append(f"{key}: {', '.join(names)}.")
    if kept:
        lines.append(
            f"Left as they were (not judged, or marked not applicable): {', '.join(kept)}."
        )
    if missing:
        lines.append(f"Not in this lens: {', '.join(_short(m) for m in missing)}.")
    lines.append("Details: secfound controls status --framework wa-sec01.")
    return "\n".join(lines)


def _merge_notes(existing: str, summary: str) -> str:
    """The user's own notes (before any earlier secfound block), then the new summary."""
    user = existing.split(SUMMARY_MARK, 1)[0].rstrip()
    if not user:
        return _fit(summary, NOTES_MAX)
    user = _fit(user, _USER_NOTES_MAX)
    return f"{user}\n\n{_fit(summary, NOTES_MAX - len(user) - 2)}"


def _fit(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking the cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True, kw_only=True)
class AppliedAnswer:
    """What the Tool said after the update: the question's risk, and the milestone made."""

    risk: str | None
    selected: tuple[str, ...]
    milestone_number: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "risk": self.risk,
            "selected": list(self.selected),
            "milestone": self.milestone_number,
        }


def read_answer(
    client: Any, workload_id: str, lens_alias: str, question_id: str = QUESTION_ID
) -> LiveAnswer:
    """The live question and its current answer (``get_answer``)."""
    response = call(
        client,
        "get_answer",
        WorkloadId=workload_id,
        LensAlias=lens_alias,
        QuestionId=question_id,
    )
    return live_answer(response)


def apply_plan(
    client: Any,
    plan: AnswerPlan,
    *,
    milestone: str | None = None,
    token: Callable[[], str] = lambda: str(uuid.uuid4()),
) -> AppliedAnswer:
    """One ``update_answer`` with the plan; then ``create_milestone`` when named."""
    response = call(client, "update_answer", **plan.request())
    answer = response.get("Answer", {})
    number = None
    if milestone is not None:
        made = call(
            client,
            "create_milestone",
            WorkloadId=plan.workload_id,
            MilestoneName=milestone,
            ClientRequestToken=token(),
        )
        number = made.get("MilestoneNumber")
    return AppliedAnswer(
        risk=answer.get("Risk"),
        selected=tuple(answer.get("SelectedChoices", plan.selected_choices)),
        milestone_number=int(number) if number is not None else None,
    )


def check_milestone_name(name: str) -> str | None:
    """Why ``name`` cannot be a milestone name (the API's 3 to 100 characters), or None."""
    stripped = name.strip()
    if not MILESTONE_NAME_MIN <= len(stripped) <= MILESTONE_NAME_MAX:
        return (
            f"a milestone name has {MILESTONE_NAME_MIN} to {MILESTONE_NAME_MAX} characters, "
            f"not {len(stripped)}"
        )
    return None
