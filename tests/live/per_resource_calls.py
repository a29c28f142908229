"""The operations a live run may call once per resource (or per few resources), each with
the reason: AWS has no list or batch call that returns what the collector needs.

test_call_scaling.py fails on any other operation whose count grows with the number of
resources (an N+1); bench/live_bench.py judges an organization-wide run by the same list.
Names are botocore's event names (``elastic-load-balancing-v2:DescribeListeners``), as
``CallLog`` counts them.
"""

from __future__ import annotations

PER_RESOURCE: dict[str, str] = {
    # S3: ListBuckets returns names, dates and regions; each setting has its own Get.
    "s3:GetBucketEncryption": "default encryption is per bucket only",
    "s3:GetBucketVersioning": "versioning is per bucket only",
    "s3:GetObjectLockConfiguration": "Object Lock is per bucket only",
    "s3:GetPublicAccessBlock": "bucket-level Block Public Access is per bucket only",
    "s3:GetBucketOwnershipControls": "object ownership is per bucket only",
    "s3:GetBucketAcl": "the ACL is per bucket only",
    "s3:GetBucketLogging": "server access logging is per bucket only",
    "s3:GetBucketPolicy": "the bucket policy is per bucket only",
    # IAM: GetAccountAuthorizationDetails has users' policies and groups, not passwords;
    # the credential report has them but may be four hours old and is read apart.
    "iam:GetLoginProfile": "console password presence is per user (authorization details lack it)",
    # KMS: ListKeys returns ids and ARNs only.
    "kms:DescribeKey": "key manager, state and spec are per key only",
    "kms:GetKeyRotationStatus": "rotation is per key only",
    "kms:GetKeyPolicy": "the key policy is per key only",
    # SQS and SNS list URLs and ARNs; every attribute is a per-queue or per-topic read.
    "sqs:GetQueueAttributes": "ListQueues returns URLs only",
    "sns:GetTopicAttributes": "ListTopics returns ARNs only",
    # Lambda: ListFunctions has the configuration, not these three.
    "lambda:GetPolicy": "the resource policy is per function only",
    "lambda:GetFunctionUrlConfig": "the function URL is per function only",
    "lambda:GetFunctionConcurrency": "reserved concurrency is per function only",
    # DynamoDB: ListTables returns names only.
    "dynamodb:DescribeTable": "ListTables returns names only",
    "dynamodb:DescribeContinuousBackups": "point-in-time recovery is per table only",
    # EC2: DescribeVpcs leaves out the DNS attributes; one attribute per call.
    "ec2:DescribeVpcAttribute": "DNS support and hostnames are per VPC and attribute only",
    "ecr:GetRepositoryPolicy": "the repository policy is per repository only",
    # ELBv2: attributes and listeners take one load balancer; WAF one resource.
    "elastic-load-balancing-v2:DescribeLoadBalancerAttributes": "attributes are per load balancer",
    "elastic-load-balancing-v2:DescribeListeners": "listeners are asked per load balancer",
    "wafv2:GetWebACLForResource": "the web ACL association is per resource only",
    "cloudtrail:GetTrailStatus": "whether a trail logs is per trail only",
    "efs:DescribeFileSystemPolicy": "the file system policy is per file system only",
    "eks:DescribeCluster": "ListClusters returns names only",
    "redshift:DescribeLoggingStatus": "audit logging is per cluster only",
    "opensearch:DescribeDomains": "batched, five domains a call (the API's maximum)",
    "cloudfront:GetDistributionConfig": "ListDistributions leaves out logging and root object",
    "api-gateway:GetStages": "stages are listed per REST API",
    # Organizations: the tree is read a parent at a time; tags, content and targets of
    # accounts and policies each take one id.
    "organizations:ListAccountsForParent": "accounts are listed per OU",
    "organizations:ListOrganizationalUnitsForParent": "OUs are listed per parent",
    "organizations:ListTagsForResource": "an account's tags are per account only",
    "organizations:DescribePolicy": "ListPolicies leaves out the policy content",
    "organizations:ListTargetsForPolicy": "a policy's targets are per policy only",
    "organizations:ListDelegatedServicesForAccount": "services are per delegated administrator",
    # The run itself enters each member account once.
    "sts:AssumeRole": "one role session per member account",
}

# Called per resource against moto only: AWS answers ListBuckets (with MaxBuckets) with
# each bucket's BucketRegion, moto leaves it out, and the collector then asks each
# bucket's region. test_call_scaling.py gives its moto the field; the benchmark, which
# runs moto_server as it is, labels the calls instead of calling them an N+1.
MOTO_ONLY: dict[str, str] = {
    "s3:GetBucketLocation": "moto's ListBuckets has no BucketRegion (AWS's has)",
}
