"""Security services are administered from the blueprint's security account

A delegated administrator manages a security service (GuardDuty, Security Hub, Inspector,
IAM Access Analyzer…) for every account of the organization. Without one, the service is
run from the management account, if at all, so the security team needs daily access to
the one account no SCP restricts; delegated to another account, findings and settings live
where the security team does not. The blueprint names the services and the account.

Remediation:
    From the management account: aws organizations register-delegated-administrator
    --account-id <security-tooling> --service-principal <service>.amazonaws.com (or the
    service's own enable-organization-admin-account), and deregister any other account.
    CloudFormation: AWS::GuardDuty / AWS::SecurityHub delegated admin resources where they
    exist (AWS::SecurityHub::DelegatedAdmin), else the CLI.
    Terraform: aws_organizations_delegated_administrator, aws_guardduty_organization_admin_account,
    aws_securityhub_organization_admin_account, aws_inspector2_delegated_admin_account.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.checks.aws.organizations._common import listing
from secfound.model.aws.organizations import Organization
from secfound.model.values import known


@check(severity=Severity.MEDIUM, objectives=["security-administered-centrally"])
def security_services_delegated(org: Organization) -> Verdict:
    blueprint = org.blueprint
    if not blueprint.delegated_services:
        return not_applicable("the blueprint expects no delegated security services")
    delegations = known(org.delegated_administrators, "delegated administrators")
    security = org.account_named(blueprint.security_account)
    if security is None:
        return failed(
            f"no account named {blueprint.security_account} (the blueprint's security "
            f"account) administers {', '.join(blueprint.delegated_services)}"
        )
    wanted = org.label(security)
    problems: list[str] = []
    for service in blueprint.delegated_services:
        admins = tuple(delegations.get(service, ()))
        if not admins:
            problems.append(f"{service} has no delegated administrator")
        elif security.id not in admins:
            others = ", ".join(_label(org, a) for a in admins)
            problems.append(f"{service} is delegated to {others}")
    if problems:
        return failed(f"{listing(problems)} (expected: {wanted}, the blueprint's security account)")
    return passed(f"administered from {wanted}: {', '.join(blueprint.delegated_services)}")


def _label(org: Organization, account_id: str) -> str:
    account = next((a for a in org.accounts if a.id == account_id), None)
    return org.label(account) if account is not None else account_id
