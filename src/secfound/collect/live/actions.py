"""From the API operation botocore calls to the IAM action that authorizes it.

``CallLog`` records each call as botocore names it in its events: the hyphenated service
id and the operation (``s3-control:GetPublicAccessBlock``). Collectors declare IAM
actions (``s3:GetAccountPublicAccessBlock``), because that is what the policy
``secfound permissions`` prints must grant. The two mostly agree; this module holds the
cases where they do not, so that a test can check every recorded call against the policy:

- a service whose IAM prefix is not its botocore service id (``SERVICE_PREFIXES``);
- an operation whose IAM action has another name (``OPERATIONS``, mostly S3, whose API
  predates IAM's naming);
- API Gateway, whose IAM actions are the HTTP methods on resource paths
  (``apigateway:GET``), not operations.

Sources: the AWS Service Authorization Reference ("Actions, resources, and condition keys
for Amazon S3", "... for Amazon API Gateway Management") and botocore's service models
(``service_id``; the event names are ``service_id.hyphenize()``). Only the read-only
operations ``assess`` may call need to be here; an operation missing from the table falls
back to its own name, and the permissions test says which one, if that is wrong.
"""

from __future__ import annotations

# botocore event service name (and the boto3 client name, where it differs) -> IAM prefix.
SERVICE_PREFIXES = {
    "accessanalyzer": "access-analyzer",
    "api-gateway": "apigateway",
    "apigatewayv2": "apigateway",
    "auto-scaling": "autoscaling",
    "cloudwatch-events": "events",
    "cloudwatch-logs": "logs",
    "cognito-identity-provider": "cognito-idp",
    "config-service": "config",
    "directory-service": "ds",
    "docdb": "rds",  # DocumentDB's management API is authorized as rds:*
    "efs": "elasticfilesystem",
    "elastic-load-balancing": "elasticloadbalancing",
    "elastic-load-balancing-v2": "elasticloadbalancing",
    "elasticloadbalancingv2": "elasticloadbalancing",
    "elasticsearch-service": "es",
    "elb": "elasticloadbalancing",
    "elbv2": "elasticloadbalancing",
    "emr": "elasticmapreduce",
    "eventbridge": "events",
    "neptune": "rds",  # so is Neptune's
    "resource-groups-tagging-api": "tag",
    "resourcegroupstaggingapi": "tag",
    "opensearch": "es",
    "route-53": "route53",
    "s3-control": "s3",
    "s3control": "s3",
    "secrets-manager": "secretsmanager",
    "service-catalog": "servicecatalog",
    "sesv2": "ses",
    "sfn": "states",
    "sso-admin": "sso",
    "stepfunctions": "states",
}

# "service:Operation" (botocore's names) -> IAM action, where the action is named otherwise.
OPERATIONS = {
    "s3-control:GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock",
    "s3:GetBucketAccelerateConfiguration": "s3:GetAccelerateConfiguration",
    "s3:GetBucketAnalyticsConfiguration": "s3:GetAnalyticsConfiguration",
    "s3:GetBucketCors": "s3:GetBucketCORS",
    "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
    "s3:GetBucketIntelligentTieringConfiguration": "s3:GetIntelligentTieringConfiguration",
    "s3:GetBucketInventoryConfiguration": "s3:GetInventoryConfiguration",
    "s3:GetBucketLifecycle": "s3:GetLifecycleConfiguration",
    "s3:GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
    "s3:GetBucketMetricsConfiguration": "s3:GetMetricsConfiguration",
    "s3:GetBucketNotificationConfiguration": "s3:GetBucketNotification",
    "s3:GetBucketReplication": "s3:GetReplicationConfiguration",
    "s3:GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
    "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
    "s3:HeadBucket": "s3:ListBucket",
    "s3:ListBuckets": "s3:ListAllMyBuckets",
    "s3:ListObjectVersions": "s3:ListBucketVersions",
    "s3:ListObjects": "s3:ListBucket",
    "s3:ListObjectsV2": "s3:ListBucket",
}

# Services authorized by HTTP method: every read is "GET" on some resource path.
HTTP_METHOD_SERVICES = frozenset({"apigateway"})


def iam_action(operation: str) -> str:
    """The IAM action for a botocore ``service:Operation`` (``s3:ListBuckets`` ->
    ``s3:ListAllMyBuckets``); an IAM action passes through unchanged."""
    service, sep, name = operation.partition(":")
    if not sep or not service or not name:
        raise ValueError(f"{operation!r}: expected service:Operation")
    renamed = OPERATIONS.get(operation)
    if renamed is not None:
        return renamed
    prefix = SERVICE_PREFIXES.get(service, service)
    if prefix in HTTP_METHOD_SERVICES:
        # apigateway:GET covers every read (GetRestApis, GetStages…); a write keeps its
        # operation name, which no policy grants, so a test would catch it.
        return f"{prefix}:GET" if name.startswith("Get") or name == "GET" else operation
    return f"{prefix}:{name}"


# Read-only by name: what assess may be granted. GenerateCredentialReport only asks IAM to
# prepare the credential report that GetCredentialReport reads; sts:AssumeRole enters
# member accounts; apigateway:GET is API Gateway's read.
READ_ONLY_PREFIXES = ("Get", "List", "Describe", "BatchGet")
READ_ONLY_EXCEPTIONS = frozenset(
    {
        "iam:GenerateCredentialReport",
        "sts:AssumeRole",
        "sts:GetCallerIdentity",
        "apigateway:GET",
    }
)


def is_read_only(action: str) -> bool:
    """Whether an IAM action only reads, judged by its name (``sts:AssumeRole`` counts: it
    is how ``assess --org`` enters member accounts)."""
    if action in READ_ONLY_EXCEPTIONS:
        return True
    _, _, name = action.partition(":")
    return name.startswith(READ_ONLY_PREFIXES)
