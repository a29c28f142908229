"""DynamoDB table is encrypted with a customer managed KMS key

Every table is encrypted at rest, by default with a key AWS owns, which leaves no record
of its use in the account and cannot be restricted or revoked. The AWS managed key
aws/dynamodb is logged but its policy cannot be changed. A customer managed key lets a key
policy decide who may read the data, records every use in CloudTrail and allows access to
be cut off by disabling the key.

Remediation:
    CloudFormation: SSESpecification: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId:
    <customer managed key>} on the AWS::DynamoDB::Table.
    Terraform: server_side_encryption { enabled = true, kms_key_arn = <key> } on
    aws_dynamodb_table.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.dynamodb import AWS_MANAGED_KEY_ALIAS, Table
from secfound.model.values import Unresolved, is_unresolved, matches_literal


@check(
    severity=Severity.LOW,
    objectives=["data-at-rest-encrypted-with-managed-keys"],
    checkov=["CKV_AWS_119"],
)
def table_encrypted_with_kms_key(table: Table) -> Verdict:
    key = table.kms_key_id
    if key is None:
        if table.sse_kms_enabled:
            return failed("encrypted with the AWS managed key aws/dynamodb")
        return failed("encrypted with a key AWS owns")
    if _is_aws_managed(key):
        return failed(f"encrypted with the AWS managed key {key}")
    if not table.sse_kms_enabled:
        return failed(f"KMS key {key} is named but SSE with KMS is not enabled")
    return passed(f"encrypted with KMS key {key}")


def _is_aws_managed(key: str | Unresolved) -> bool:
    if is_unresolved(key):
        # A key this source declares is customer managed.
        return not key.identifier and matches_literal(key, AWS_MANAGED_KEY_ALIAS)
    return key.lower().endswith(AWS_MANAGED_KEY_ALIAS)
