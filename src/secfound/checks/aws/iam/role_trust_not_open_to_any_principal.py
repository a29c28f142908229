"""IAM role can be assumed only by named principals or under a narrowing condition

A trust policy that allows Principal "*" (or uses NotPrincipal) lets any AWS identity in
any account assume the role, unless a condition ties the request to a known account,
organization or external id (aws:PrincipalOrgID, aws:PrincipalAccount, sts:ExternalId…).
Whoever assumes the role gets all its permissions.

Remediation:
    CloudFormation: in AssumeRolePolicyDocument, name the trusted accounts, roles or services
    in Principal, or add a condition such as {StringEquals: {aws:PrincipalOrgID: <org id>}}.
    Terraform: the same in assume_role_policy of aws_iam_role.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.iam import Role
from secfound.model.values import known


@check(
    severity=Severity.CRITICAL,
    objectives=["role-assumption-limited-to-trusted-principals"],
    checkov=["CKV_AWS_60"],
)
def role_trust_not_open_to_any_principal(role: Role) -> Verdict:
    trust = known(role.trust_policy, "trust policy evaluation")
    public = trust.public_allow_statements()
    if public:
        names = ", ".join(s.label() for s in public)
        return failed(f"any principal may assume the role without a narrowing condition: {names}")
    return passed("the trust policy admits only named principals or narrowed callers")
