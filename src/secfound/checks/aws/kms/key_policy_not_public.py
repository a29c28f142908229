"""KMS key policy grants nothing to any principal without a narrowing condition

A key policy statement that allows Principal "*" (or uses NotPrincipal) lets every AWS
identity use or manage the key, and so decrypt whatever it protects, unless a condition
ties the request to a known account, organization or service (kms:CallerAccount,
kms:ViaService, aws:PrincipalOrgID…). A key without an explicit policy gets the default key
policy, which trusts only the key's own account. Checkov's CKV_AWS_33 flags every wildcard
principal; secfound reads the condition, so "*" limited to one organization passes.

Remediation:
    CloudFormation: in KeyPolicy, name the principals (the account root, roles), or add a
    condition such as {StringEquals: {kms:CallerAccount: <account id>}}.
    Terraform: the same in the policy of aws_kms_key (or aws_kms_key_policy).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.kms import Key


@check(
    severity=Severity.CRITICAL,
    objectives=["data-not-publicly-accessible", "encryption-keys-access-restricted"],
    checkov=["CKV_AWS_33"],
)
def key_policy_not_public(key: Key) -> Verdict:
    if key.policy is None:
        return passed("the key uses the default key policy, which trusts only its account")
    public = key.policy.public_allow_statements()
    if public:
        names = ", ".join(s.label() for s in public)
        return failed(f"the key policy allows any principal without a condition: {names}")
    return passed("no statement of the key policy is open to any principal")
