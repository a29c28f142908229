"""``secfound wa answer``: the plan from evidence, and the calls to the WA Tool.

moto does not mock the Well-Architected Tool, so each test stubs a real botocore client
(``botocore.stub.Stubber`` validates every parameter against the service model) and
asserts the exact parameters secfound sends.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber
from click.testing import CliRunner

from secfound.checks import Severity, Status
from secfound.cli.main import main
from secfound.cli.wa_cmd import WaClients
from secfound.controls.frameworks import load_framework
from secfound.controls.status import (
    ControlState,
    Evidence,
    EvidenceFinding,
    EvidenceRun,
    FailingResource,
    ObjectiveInput,
    RequirementInput,
    RequirementStatus,
    evaluate,
)
from secfound.errors import IntegrationError
from secfound.findings import Finding, ResourceRef, fingerprint
from secfound.integrations.wellarchitected.answer import (
    CHOICE_NOTES_MAX,
    NOTES_MAX,
    SUMMARY_MARK,
    ChoiceAction,
    apply_plan,
    live_answer,
    plan_answer,
    read_answer,
)
from secfound.model.location import CloudLocation
from secfound.report.model import RunReport, SeenResourceRef
from secfound.store.attestations import add_attestation
from secfound.store.database import open_store
from secfound.store.write import save_run

WORKLOAD = "0123456789abcdef0123456789abcdef"
ACCOUNT = "123456789012"
P = "sec_securely_operate_"
TODAY = date(2026, 3, 2)
RUN = EvidenceRun(
    id="1a2b3c4d-0000-0000-0000-000000000000",
    command="assess",
    started=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
    scope=(f"{ACCOUNT}/us-east-1",),
)
# The 2023-10-03 lens: it still has updated_recommendations, not reduce_management_scope.
OLD_LENS = [
    "multi_accounts",
    "aws_account",
    "control_objectives",
    "updated_threats",
    "updated_recommendations",
    "test_validate_pipeline",
    "threat_model",
    "implement_services_features",
    "no",
]


@pytest.fixture
def client() -> Any:
    return boto3.client("wellarchitected", region_name="us-east-1")


@pytest.fixture
def stub(client: Any) -> Iterator[Stubber]:
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def answer_response(
    names: list[str],
    *,
    selected: tuple[str, ...] = (),
    answers: tuple[dict[str, str], ...] = (),
    notes: str = "",
) -> dict[str, Any]:
    choices = [{"ChoiceId": P + name, "Title": name.replace("_", " ")} for name in names]
    return {
        "WorkloadId": WORKLOAD,
        "LensAlias": "wellarchitected",
        "Answer": {
            "QuestionId": "securely-operate",
            "PillarId": "security",
            "QuestionTitle": "How do you securely operate your workload?",
            "Choices": choices,
            "SelectedChoices": [P + name for name in selected],
            "ChoiceAnswers": list(answers),
            "IsApplicable": True,
            "Risk": "HIGH",
            "Notes": notes,
        },
    }


def get_params(lens: str = "wellarchitected", question: str = "securely-operate") -> dict[str, Any]:
    return {"WorkloadId": WORKLOAD, "LensAlias": lens, "QuestionId": question}


def requirement(
    name: str,
    state: ControlState,
    *,
    attested: bool | None = None,
    failing: tuple[FailingResource, ...] = (),
    reason: str = "",
) -> RequirementStatus:
    return RequirementStatus(
        framework="wa-sec01",
        id=P + name,
        title=name,
        state=state,
        reason=reason or str(state),
        checks=(),
        objectives=("some-objective",),
        attested=attested,
        failing=failing,
    )


def failing(check: str, resource: str) -> FailingResource:
    return FailingResource(check_id=check, resource=resource, run_id=RUN.id, message="no")


ROOT_NO_MFA = failing("aws.iam.root_user_has_mfa", f"arn:aws:iam::{ACCOUNT}:root")


def test_passing_is_selected_and_failing_unselected_with_the_failing_checks(
    client: Any, stub: Stubber
) -> None:
    statuses = [
        requirement("multi_accounts", ControlState.PASSING, reason="3 passing finding(s)"),
        requirement("aws_account", ControlState.FAILING, failing=(ROOT_NO_MFA,)),
        requirement("threat_model", ControlState.MANUAL, attested=True),
        requirement("updated_threats", ControlState.UNKNOWN, reason="1 finding(s) unjudged"),
        requirement("updated_recommendations", ControlState.MANUAL, attested=False),
    ]
    names = ["multi_accounts", "aws_account", "threat_model", "updated_threats"]
    names.append("updated_recommendations")
    stub.add_response("get_answer", answer_response(names, selected=("aws_account",)), get_params())
    live = read_answer(client, WORKLOAD, "wellarchitected")
    plan = plan_answer(
        live,
        statuses,
        workload_id=WORKLOAD,
        lens_alias="wellarchitected",
        evidence=[RUN],
        today=TODAY,
    )
    expected_updates = {
        P + "multi_accounts": {
            "Status": "SELECTED",
            "Notes": "secfound: passing: 3 passing finding(s)",
        },
        P + "aws_account": {
            "Status": "UNSELECTED",
            "Notes": f"secfound: failing: aws.iam.root_user_has_mfa on arn:aws:iam::{ACCOUNT}:root",
        },
        P + "threat_model": {
            "Status": "SELECTED",
            "Notes": "secfound: manual controls attested: manual",
        },
        P + "updated_threats": {
            "Status": "UNSELECTED",
            "Notes": "secfound: unknown: 1 finding(s) unjudged",
        },
        P + "updated_recommendations": {
            "Status": "UNSELECTED",
            "Notes": "secfound: manual (not attested): manual",
        },
    }
    stub.add_response(
        "update_answer",
        {"WorkloadId": WORKLOAD, "Answer": {"Risk": "HIGH", "SelectedChoices": []}},
        {
            **get_params(),
            "SelectedChoices": [P + "multi_accounts", P + "threat_model"],
            "ChoiceUpdates": expected_updates,
            "Notes": plan.notes,
        },
    )
    applied = apply_plan(client, plan)
    assert applied.risk == "HIGH"
    assert plan.notes.startswith(SUMMARY_MARK)
    assert RUN.id[:8] in plan.notes and "2026-03-02" in plan.notes
    assert "aws_account (failing, 1 resource(s))" in plan.notes


def test_a_lens_with_other_choices_keeps_the_users_state_for_them(
    client: Any, stub: Stubber
) -> None:
    # Our wa-sec01 knows reduce_management_scope (2024 lenses); the live lens is older and
    # has a choice of its own that secfound does not judge, selected by the user.
    statuses = [
        requirement("multi_accounts", ControlState.FAILING, failing=(ROOT_NO_MFA,)),
        requirement("updated_recommendations", ControlState.PASSING),
        requirement("reduce_management_scope", ControlState.PASSING),
    ]
    names = [*OLD_LENS, "custom_practice"]
    user_na = {
        "ChoiceId": P + "threat_model",
        "Status": "NOT_APPLICABLE",
        "Reason": "OTHER",
        "Notes": "no threat model yet, by decision",
    }
    response = answer_response(
        names, selected=("multi_accounts", "custom_practice"), answers=(user_na,)
    )
    stub.add_response("get_answer", response, get_params())
    plan = plan_answer(
        read_answer(client, WORKLOAD, "wellarchitected"),
        statuses,
        workload_id=WORKLOAD,
        lens_alias="wellarchitected",
        today=TODAY,
    )
    assert plan.missing == (P + "reduce_management_scope",)
    kept = {c.choice_id for c in plan.not_judged}
    assert P + "custom_practice" in kept and P + "threat_model" in kept
    assert P + "no" not in kept  # a rule of its own, not a choice secfound ignores
    assert P + "no" not in plan.selected_choices and P + "no" not in plan.choice_updates()
    stub.add_response(
        "update_answer",
        {"WorkloadId": WORKLOAD, "Answer": {"Risk": "MEDIUM"}},
        {
            **get_params(),
            # the user's own choice stays selected; the failing one is unselected
            "SelectedChoices": [P + "updated_recommendations", P + "custom_practice"],
            "ChoiceUpdates": {
                P + "multi_accounts": {"Status": "UNSELECTED", "Notes": ANY},
                P + "updated_recommendations": {"Status": "SELECTED", "Notes": ANY},
                # a user's NOT_APPLICABLE decision is sent back as it was
                P + "threat_model": {
                    "Status": "NOT_APPLICABLE",
                    "Reason": "OTHER",
                    "Notes": "no threat model yet, by decision",
                },
            },
            "Notes": ANY,
        },
    )
    apply_plan(client, plan)
    assert "reduce_management_scope" in plan.notes  # reported as not in this lens
    assert "custom_practice" in plan.notes


def test_none_of_these_is_never_selected_and_dropped_when_others_are() -> None:
    response = answer_response(["multi_accounts", "aws_account", "no"], selected=("no",))
    live = live_answer(response)
    passing = [requirement("multi_accounts", ControlState.PASSING)]
    plan = plan_answer(live, passing, workload_id=WORKLOAD, lens_alias="x", today=TODAY)
    none = next(c for c in plan.choices if c.choice_id == P + "no")
    assert none.action is ChoiceAction.UNSELECT
    assert plan.selected_choices == (P + "multi_accounts",)
    # Nothing passes: the user's "None of these" stays as they left it, never chosen by us.
    failing_only = [requirement("multi_accounts", ControlState.FAILING)]
    plan = plan_answer(live, failing_only, workload_id=WORKLOAD, lens_alias="x", today=TODAY)
    assert plan.selected_choices == (P + "no",)
    assert P + "no" not in plan.choice_updates()
    unselected = live_answer(answer_response(["multi_accounts", "no"]))
    plan = plan_answer(unselected, failing_only, workload_id=WORKLOAD, lens_alias="x", today=TODAY)
    assert plan.selected_choices == ()


def test_not_applicable_is_marked_only_when_asked() -> None:
    live = live_answer(answer_response(["multi_accounts"], selected=("multi_accounts",)))
    statuses = [requirement("multi_accounts", ControlState.NOT_APPLICABLE)]
    plain = plan_answer(live, statuses, workload_id=WORKLOAD, lens_alias="x", today=TODAY)
    assert plain.choice_updates()[P + "multi_accounts"]["Status"] == "UNSELECTED"
    marked = plan_answer(
        live, statuses, workload_id=WORKLOAD, lens_alias="x", today=TODAY, mark_not_applicable=True
    )
    update = marked.choice_updates()[P + "multi_accounts"]
    assert update["Status"] == "NOT_APPLICABLE" and update["Reason"] == "OUT_OF_SCOPE"
    assert marked.selected_choices == ()


def test_a_requirement_nothing_covers_is_left_to_the_user() -> None:
    live = live_answer(answer_response(["threat_model"], selected=("threat_model",)))
    statuses = [requirement("threat_model", ControlState.NOT_COVERED)]
    plan = plan_answer(live, statuses, workload_id=WORKLOAD, lens_alias="x", today=TODAY)
    assert plan.selected_choices == (P + "threat_model",)
    assert plan.choice_updates() == {}


def test_notes_fit_the_api_limits_and_keep_what_the_user_wrote() -> None:
    many = tuple(
        failing("aws.iam.user_with_console_password_has_mfa", f"arn:aws:iam::{ACCOUNT}:user/u{i}")
        for i in range(60)
    )
    statuses = [requirement("aws_account", ControlState.FAILING, failing=many)]
    earlier = f"Reviewed with the team in January.\n\n{SUMMARY_MARK} an older summary"
    live = live_answer(answer_response(["aws_account"], notes=earlier))
    plan = plan_answer(
        live, statuses, workload_id=WORKLOAD, lens_alias="x", evidence=[RUN] * 40, today=TODAY
    )
    notes = plan.choice_updates()[P + "aws_account"]["Notes"]
    assert len(notes) <= CHOICE_NOTES_MAX
    assert notes.endswith("more") and "+" in notes
    assert len(plan.notes) <= NOTES_MAX
    assert plan.notes.startswith("Reviewed with the team in January.")
    assert "an older summary" not in plan.notes
    assert plan.notes.count(SUMMARY_MARK) == 1
    # A user's note near the limit is cut, never the reason the request fails.
    crowded = live_answer(answer_response(["aws_account"], notes="x" * NOTES_MAX))
    plan = plan_answer(crowded, statuses, workload_id=WORKLOAD, lens_alias="x", today=TODAY)
    assert len(plan.notes) <= NOTES_MAX and SUMMARY_MARK in plan.notes


def test_the_plan_follows_evidence_judged_with_a_framework_file(tmp_path: Path) -> None:
    # A small framework file of our own, so the test does not depend on the packaged one.
    folder = tmp_path / "frameworks"
    folder.mkdir()
    (folder / "wa-mini.yaml").write_text(
        "schema_version: 1\nid: wa-mini\ntitle: mini\nversion: '1'\npublisher: test\n"
        "source: https://example.com\nreference_key: wamini\n"
        "id_pattern: 'sec_securely_operate_[a-z_]+'\n"
        "requirements:\n"
        f"  - {{id: {P}aws_account, title: account, checks: [aws.iam.root_user_has_mfa]}}\n"
        f"  - {{id: {P}multi_accounts, title: accounts, objectives: [separate]}}\n"
    )
    framework = load_framework(folder / "wa-mini.yaml")
    inputs = [
        RequirementInput(
            framework=framework.id, id=r.id, title=r.title, checks=r.checks, objectives=r.objectives
        )
        for r in framework.requirements
    ]
    objective = ObjectiveInput(id="separate", title="separate", checks=("aws.organizations.x",))
    evidence = Evidence(
        runs=(RUN,),
        findings=(
            EvidenceFinding(
                check_id="aws.iam.root_user_has_mfa",
                status="failed",
                suppressed=False,
                resource=ROOT_NO_MFA.resource,
                run_id=RUN.id,
            ),
            EvidenceFinding(
                check_id="aws.organizations.x",
                status="passed",
                suppressed=False,
                resource="o-1",
                run_id=RUN.id,
            ),
        ),
    )
    status = evaluate([objective], evidence, {}, requirements=inputs, today=TODAY)
    live = live_answer(answer_response(["aws_account", "multi_accounts"]))
    plan = plan_answer(
        live,
        status.requirements,
        workload_id=WORKLOAD,
        lens_alias="x",
        evidence=evidence.runs,
        today=TODAY,
    )
    assert plan.selected_choices == (P + "multi_accounts",)
    assert "aws.iam.root_user_has_mfa" in plan.choice_updates()[P + "aws_account"]["Notes"]


@pytest.mark.parametrize(
    ("code", "status", "extra", "words"),
    [
        (
            "AccessDeniedException",
            403,
            {},
            ["access denied", "wellarchitected:GetAnswer", "wellarchitected:UpdateAnswer"],
        ),
        (
            "ResourceNotFoundException",
            404,
            {"ResourceId": WORKLOAD, "ResourceType": "WORKLOAD"},
            ["not found in us-east-1", "--region"],
        ),
        ("ThrottlingException", 429, {}, ["throttled", "try again later"]),
    ],
)
def test_tool_errors_become_one_line(
    client: Any, stub: Stubber, code: str, status: int, extra: dict[str, str], words: list[str]
) -> None:
    stub.add_client_error(
        "get_answer",
        code,
        "nope",
        status,
        modeled_fields={"Message": "nope", **extra},
        expected_params=get_params(),
    )
    with pytest.raises(IntegrationError) as raised:
        read_answer(client, WORKLOAD, "wellarchitected")
    message = str(raised.value)
    assert "\n" not in message and raised.value.exit_code == 2
    for word in words:
        assert word in message


# -- the command line, on a stored run -------------------------------------------------


def _finding(check: str, status: Status, resource_type: str, arn: str) -> Finding:
    ref = ResourceRef(type=resource_type, address=arn)
    where = CloudLocation(account=ACCOUNT, region="us-east-1", arn=arn)
    return Finding(
        check_id=check,
        status=status,
        severity=Severity.HIGH,
        message=f"{check}: {status.value}",
        resource=ref,
        location=where,
        fingerprint=fingerprint(check, ref, where),
    )


@pytest.fixture
def stored(tmp_path: Path) -> str:
    """A stored assess run: the root user has no MFA; a database patches itself, and its
    manual control is attested."""
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    started = datetime.now(UTC) - timedelta(hours=1)
    findings = (
        _finding(
            "aws.iam.root_user_has_mfa",
            Status.FAILED,
            "AWS::IAM::RootUser",
            f"arn:aws:iam::{ACCOUNT}:root",
        ),
        _finding(
            "aws.rds.db_instance_minor_upgrades_automatic",
            Status.PASSED,
            "AWS::RDS::DBInstance",
            f"arn:aws:rds:us-east-1:{ACCOUNT}:db:orders",
        ),
    )
    report = RunReport(
        tool_version="0.1.0",
        command="assess",
        run_id=str(uuid.uuid4()),
        started=started,
        finished=started + timedelta(seconds=5),
        roots=(),
        source_units={},
        resource_count=len(findings),
        checks_run=2,
        findings=findings,
        gaps=(),
        resources=tuple(
            SeenResourceRef(resource=f.resource, location=f.location) for f in findings
        ),
    )
    engine = open_store(url)
    try:
        save_run(engine, report)
        add_attestation(
            engine,
            objective_id="software-patched-automatically",
            attested_by="platform team",
            expires_on=date.today() + timedelta(days=90),
            evidence_uri="https://tickets.example/OPS-1",
        )
    finally:
        engine.dispose()
    return url


def _invoke(client: Any, *args: str) -> Any:
    seam = WaClients(factory=lambda settings, region: client)
    return CliRunner().invoke(main, ["wa", "answer", *args], obj=seam, env={"COLUMNS": "200"})


def _lens_2024() -> list[str]:
    return [
        "multi_accounts",
        "aws_account",
        "control_objectives",
        "updated_threats",
        "reduce_management_scope",
        "automate_security_controls",
        "threat_model",
        "implement_services_features",
        "no",
    ]


def test_cli_answers_from_the_stored_run_and_records_a_milestone(
    client: Any, stub: Stubber, stored: str
) -> None:
    stub.add_response("get_answer", answer_response(_lens_2024()), get_params())
    stub.add_response(
        "update_answer",
        {
            "WorkloadId": WORKLOAD,
            "Answer": {"Risk": "HIGH", "SelectedChoices": [P + "reduce_management_scope"]},
        },
        {
            **get_params(),
            "SelectedChoices": [P + "reduce_management_scope"],
            "ChoiceUpdates": ANY,
            "Notes": ANY,
        },
    )
    stub.add_response(
        "create_milestone",
        {"WorkloadId": WORKLOAD, "MilestoneNumber": 4},
        {"WorkloadId": WORKLOAD, "MilestoneName": "evidence 2026-03", "ClientRequestToken": ANY},
    )
    done = _invoke(
        client,
        "--workload-id",
        WORKLOAD,
        "--db",
        stored,
        "--milestone",
        "evidence 2026-03",
        "--format",
        "json",
    )
    assert done.exit_code == 0, done.output
    document = json.loads(done.stdout)
    updates = document["plan"]["request"]["ChoiceUpdates"]
    assert updates[P + "aws_account"]["Status"] == "UNSELECTED"
    assert (
        f"aws.iam.root_user_has_mfa on arn:aws:iam::{ACCOUNT}:root"
        in (updates[P + "aws_account"]["Notes"])
    )
    assert updates[P + "reduce_management_scope"]["Status"] == "SELECTED"
    assert P + "no" not in updates
    assert document["applied"] == {
        "risk": "HIGH",
        "selected": [P + "reduce_management_scope"],
        "milestone": 4,
    }


def test_cli_dry_run_calls_no_update(client: Any, stub: Stubber, stored: str) -> None:
    stub.add_response("get_answer", answer_response(OLD_LENS), get_params())
    done = _invoke(client, "--workload-id", WORKLOAD, "--db", stored, "--dry-run")
    # The Stubber fails any call it was not given: only get_answer happened.
    assert done.exit_code == 0, done.output
    assert "Dry run: nothing was sent" in done.stdout
    assert "reduce_management_scope" in done.stdout  # ours, not in this older lens
    assert "aws.iam.root_user_has_mfa" in done.stdout


def test_cli_access_denied_is_one_line_and_exit_2(client: Any, stub: Stubber, stored: str) -> None:
    stub.add_client_error("get_answer", "AccessDeniedException", "User is not authorized", 403)
    done = _invoke(client, "--workload-id", WORKLOAD, "--db", stored)
    assert done.exit_code == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("secfound: error: access denied to ")
    assert done.stdout == ""


def test_cli_rejects_a_bad_workload_id_before_any_call(client: Any, stub: Stubber) -> None:
    done = _invoke(client, "--workload-id", "not-an-id")
    assert done.exit_code == 2 and "32 hex digits" in done.stderr


def test_cli_rejects_a_milestone_name_the_api_would_refuse(client: Any, stub: Stubber) -> None:
    done = _invoke(client, "--workload-id", WORKLOAD, "--milestone", "ab")
    assert done.exit_code == 2 and "3 to 100 characters" in done.stderr


def test_the_client_uses_the_live_session_settings() -> None:
    from secfound.collect.live.session import AccessSettings
    from secfound.errors import CredentialsError
    from secfound.integrations.wellarchitected.client import open_client

    made = open_client(AccessSettings(endpoint_url="http://127.0.0.1:9"), "eu-west-1")
    assert made.meta.region_name == "eu-west-1"
    assert made.meta.endpoint_url == "http://127.0.0.1:9"
    assert made.meta.config.retries["mode"] == "adaptive"
    with pytest.raises(CredentialsError, match="secfound-no-such-profile"):
        open_client(AccessSettings(profile="secfound-no-such-profile"), "us-east-1")
