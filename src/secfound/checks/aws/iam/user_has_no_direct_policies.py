"""IAM user receives permissions only through groups

Permissions attached to users one by one drift apart and are hard to review or revoke;
given through groups (or, better, roles assumed by federated identities), each permission
set is defined once and a person's access follows their group membership. The user's
inline policies and managed policy attachments must be empty.

Remediation:
    CloudFormation: move the user's Policies and ManagedPolicyArns to an AWS::IAM::Group
    and list the group in the user's Groups.
    Terraform: replace aws_iam_user_policy and aws_iam_user_policy_attachment with
    aws_iam_group_policy (or _attachment) and aws_iam_user_group_membership.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.iam import User
from secfound.model.values import is_unresolved, known


@check(
    severity=Severity.LOW,
    objectives=["permissions-managed-centrally"],
    checkov=["CKV_AWS_40"],
)
def user_has_no_direct_policies(user: User) -> Verdict:
    inline, managed = user.inline_policies, user.managed_policy_arns
    # A non-empty list decides the question even when the other list is unresolved.
    if not is_unresolved(inline) and inline:
        return failed(f"inline policies are attached to the user ({len(inline)})")
    if not is_unresolved(managed) and managed:
        return failed(f"managed policies are attached to the user ({len(managed)})")
    # An unresolved list may hold a policy: unknown.
    known(inline, "policy list")
    known(managed, "policy list")
    return passed("no policy is attached to the user directly")
