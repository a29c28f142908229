"""SQS queue policy grants nothing to any principal without a narrowing condition

A statement that allows Principal "*" (or uses NotPrincipal) lets any AWS account, or
anyone on the internet, send, read or delete messages unless a condition ties it to a
known source, account or organization (aws:SourceArn for an SNS topic or S3 bucket,
aws:SourceAccount, aws:PrincipalOrgID, aws:SourceVpce). A queue without a policy admits
only its own account's IAM principals.

Remediation:
    CloudFormation: in the AWS::SQS::QueuePolicy, name the principals, or add a condition
    such as {ArnEquals: {aws:SourceArn: <topic ARN>}}.
    Terraform: the same in aws_sqs_queue_policy (or the queue's policy argument).
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.sqs import Queue


@check(
    severity=Severity.CRITICAL,
    objectives=["data-not-publicly-accessible"],
    checkov=["CKV_AWS_168"],
)
def queue_policy_not_public(queue: Queue) -> Verdict:
    if queue.policy is None:
        return passed("the queue has no policy")
    public = queue.policy.public_allow_statements()
    if public:
        names = ", ".join(s.label() for s in public)
        return failed(f"the queue policy allows any principal without a condition: {names}")
    return passed("no statement of the queue policy is open to any principal")
