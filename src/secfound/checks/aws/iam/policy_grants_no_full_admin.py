"""IAM policy grants no full administrative access ("*" on "*")

A statement that allows every action on every resource makes whoever holds it an
administrator of the account: able to read all data, erase all logs and grant themselves
anything else. Administrative access belongs to a few break-glass or provisioning roles,
granted knowingly, not to the policies of everyday identities. The AWS managed policy
AdministratorAccess attached to a role, user or group counts the same.

Remediation:
    CloudFormation: in PolicyDocument (AWS::IAM::ManagedPolicy, AWS::IAM::Policy, or a
    role's, user's or group's Policies), list the actions and resources needed instead of
    "*"; remove arn:aws:iam::aws:policy/AdministratorAccess from ManagedPolicyArns.
    Terraform: the same in the policy JSON of aws_iam_policy, aws_iam_role_policy &co, and
    in managed_policy_arns or aws_iam_*_policy_attachment.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.checks.aws.iam._policies import describe, policies_where
from secfound.model.aws.iam import Group, InlinePolicy, ManagedPolicy, Role, User
from secfound.model.policy import PolicyDocument
from secfound.model.values import Unresolved, definitely_matching, is_unresolved, matches_literal

ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"


@check(
    severity=Severity.HIGH,
    objectives=["least-privilege-permissions"],
    checkov=["CKV_AWS_1", "CKV_AWS_62"],
)
def policy_grants_no_full_admin(
    resource: ManagedPolicy | InlinePolicy | Role | User | Group,
) -> Verdict:
    admin = policies_where(resource, PolicyDocument.grants_full_admin)
    if admin:
        return failed(f"{describe(resource, admin)} allows every action on every resource")
    if not isinstance(resource, ManagedPolicy | InlinePolicy):
        attached = definitely_matching(resource.managed_policy_arns, _is_administrator_access)
        if attached:
            return failed(f"the AWS managed policy {attached[0]} is attached")
    return passed("no policy allows every action on every resource")


def _is_administrator_access(arn: str | Unresolved) -> bool:
    if is_unresolved(arn):
        # A policy this source declares is judged as a resource of its own.
        if arn.identifier:
            return False
        return matches_literal(arn, ADMINISTRATOR_ACCESS)
    # Every partition (aws, aws-cn, aws-us-gov) names it the same after the partition.
    return arn.endswith(":iam::aws:policy/AdministratorAccess")
