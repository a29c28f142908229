"""Account password policy requires passwords of at least 14 characters

Length is what makes a password resist guessing and offline cracking. Without a password
policy IAM accepts 8 characters; CIS asks for 14 or more.

Remediation:
    CloudFormation: not expressible (no resource type for the password policy); run
    aws iam update-account-password-policy --minimum-password-length 14.
    Terraform: minimum_password_length = 14 on aws_iam_account_password_policy.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.account import AccountSettings
from secfound.model.values import known

MINIMUM = 14


@check(severity=Severity.MEDIUM, objectives=["password-policy-strong"])
def password_policy_requires_14_characters(account: AccountSettings) -> Verdict:
    policy = known(account.password_policy, "password policy")
    if policy is None:
        return failed("the account has no password policy (IAM accepts 8 characters)")
    if policy.minimum_length >= MINIMUM:
        return passed(f"passwords need at least {policy.minimum_length} characters")
    return failed(f"passwords need only {policy.minimum_length} characters")
