"""SNS topic policy grants nothing to any principal without a narrowing condition

A statement that allows Principal "*" (or uses NotPrincipal) lets any AWS account publish
to the topic or subscribe an endpoint of its own to receive every message, unless a
condition ties it to a known source, account or organization (aws:SourceArn,
aws:SourceAccount, aws:SourceOwner, aws:PrincipalOrgID). A topic without a policy keeps
AWS's default, which admits the owning account only.

Remediation:
    CloudFormation: in the AWS::SNS::TopicPolicy, name the principals, or add a condition
    such as {StringEquals: {aws:SourceAccount: <account id>}}.
    Terraform: the same in aws_sns_topic_policy (or the topic's policy argument).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.sns import Topic


@check(
    severity=Severity.CRITICAL,
    objectives=["data-not-publicly-accessible"],
    checkov=["CKV_AWS_169"],
)
def topic_policy_not_public(topic: Topic) -> Verdict:
    if topic.policy is None:
        return passed("the topic keeps the default policy (owning account only)")
    public = topic.policy.public_allow_statements()
    if public:
        names = ", ".join(s.label() for s in public)
        return failed(f"the topic policy allows any principal without a condition: {names}")
    return passed("no statement of the topic policy is open to any principal")
