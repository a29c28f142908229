"""Account password policy prevents reuse of the last 24 passwords

A password that may come back after a change is not really changed: a leaked old
password stays useful. Remembering 24 passwords (the most IAM allows) stops rotation
between a few favourites.

Remediation:
    CloudFormation: not expressible (no resource type for the password policy); run
    aws iam update-account-password-policy --password-reuse-prevention 24.
    Terraform: password_reuse_prevention = 24 on aws_iam_account_password_policy.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.account import AccountSettings
from secfound.model.values import known

REMEMBERED = 24


@check(severity=Severity.MEDIUM, objectives=["password-policy-strong"])
def password_policy_prevents_reuse(account: AccountSettings) -> Verdict:
    policy = known(account.password_policy, "password policy")
    if policy is None:
        return failed("the account has no password policy, so passwords may be reused")
    if policy.reuse_prevention is None:
        return failed("the password policy allows reusing passwords")
    if policy.reuse_prevention >= REMEMBERED:
        return passed(f"the last {policy.reuse_prevention} passwords cannot be reused")
    return failed(f"only the last {policy.reuse_prevention} passwords cannot be reused")
