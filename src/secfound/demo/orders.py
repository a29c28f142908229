"""The ``orders`` application of ``examples/`` (CloudFormation edition, Environment=prod),
deployed with boto3 calls into the sample organization's member account.

It mirrors ``examples/cloudformation/orders.yaml`` resource by resource, mistakes included,
so that the live half of ``secfound demo`` fails the checks the IaC half fails, on the same
things. Two additions, both what a real deployment has: the log bucket's policy that lets
S3 server access logging and CloudTrail write to it, and S3's defaults for new buckets
(moto predates them).
"""

from __future__ import annotations

import json
from typing import Any

ENVIRONMENT = "prod"  # the estate's Environment parameter
OFFICE_CIDR = "203.0.113.0/24"  # the estate's OfficeCidr parameter
BLOCK_PUBLIC_ACCESS = (
    "BlockPublicAcls",
    "IgnorePublicAcls",
    "BlockPublicPolicy",
    "RestrictPublicBuckets",
)


def new_bucket(s3: Any, name: str) -> None:
    """A bucket as S3 creates one today (Block Public Access on, ACLs disabled, since
    April 2023): moto predates those defaults, and the IaC half assumes them."""
    s3.create_bucket(Bucket=name)
    s3.put_public_access_block(
        Bucket=name, PublicAccessBlockConfiguration=dict.fromkeys(BLOCK_PUBLIC_ACCESS, True)
    )
    s3.put_bucket_ownership_controls(
        Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    )


def deploy_orders(session: Any, account: str, region: str) -> None:
    """``examples/cloudformation/orders.yaml`` with Environment=prod, deployed by hand."""
    key_arn = _data_key(session, account)
    _buckets(session, key_arn)
    _network(session)
    _identities(session)
    trail = session.client("cloudtrail")
    trail.create_trail(
        Name="orders-audit",
        S3BucketName=f"orders-{ENVIRONMENT}-access-logs",
        IsMultiRegionTrail=True,
        EnableLogFileValidation=True,
        KmsKeyId=key_arn,
    )
    trail.start_logging(Name="orders-audit")
    ec2 = session.client("ec2")
    zone = f"{region}a"
    ec2.create_volume(
        AvailabilityZone=zone, Size=50, VolumeType="gp3", Encrypted=True, KmsKeyId=key_arn
    )
    ec2.create_volume(AvailabilityZone=zone, Size=20, VolumeType="gp3", Encrypted=False)


def _data_key(session: Any, account: str) -> str:
    kms = session.client("kms")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccountAdministers",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }
    key = kms.create_key(Description="orders data", Policy=json.dumps(policy))["KeyMetadata"]
    kms.enable_key_rotation(KeyId=key["KeyId"])
    return str(key["Arn"])


def _buckets(session: Any, key_arn: str) -> None:
    s3 = session.client("s3")
    logs, data, assets = (f"orders-{ENVIRONMENT}-{n}" for n in ("access-logs", "data", "assets"))
    for name in (logs, data, assets):
        new_bucket(s3, name)
    # Real S3 and CloudTrail need this to write into a bucket-owner-enforced bucket; the
    # estate's templates leave it out, which is one thing a deployment adds.
    s3.put_bucket_policy(Bucket=logs, Policy=json.dumps(_log_delivery(logs)))
    s3.put_bucket_encryption(
        Bucket=data,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": key_arn,
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
    )
    s3.put_bucket_versioning(Bucket=data, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_logging(
        Bucket=data,
        BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": logs, "TargetPrefix": "orders/"}},
    )
    deny_http = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [f"arn:aws:s3:::{data}", f"arn:aws:s3:::{data}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }
    s3.put_bucket_policy(Bucket=data, Policy=json.dumps(deny_http))
    s3.put_bucket_ownership_controls(
        Bucket=assets, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]}
    )
    s3.put_public_access_block(
        Bucket=assets,
        PublicAccessBlockConfiguration=dict.fromkeys(BLOCK_PUBLIC_ACCESS, False),
    )
    s3.put_bucket_acl(Bucket=assets, ACL="public-read")


def _log_delivery(bucket: str) -> dict[str, Any]:
    def allow(service: str, action: str, resource: str) -> dict[str, Any]:
        return {
            "Effect": "Allow",
            "Principal": {"Service": service},
            "Action": action,
            "Resource": resource,
        }

    objects = f"arn:aws:s3:::{bucket}/*"
    return {
        "Version": "2012-10-17",
        "Statement": [
            allow("logging.s3.amazonaws.com", "s3:PutObject", objects),
            allow("cloudtrail.amazonaws.com", "s3:PutObject", objects),
            allow("cloudtrail.amazonaws.com", "s3:GetBucketAcl", f"arn:aws:s3:::{bucket}"),
        ],
    }


def _network(session: Any) -> None:
    ec2 = session.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    https_out = [
        {
            "IpProtocol": "tcp",
            "FromPort": 443,
            "ToPort": 443,
            "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "HTTPS out"}],
        }
    ]
    groups = {
        "orders web tier": [
            (443, "0.0.0.0/0", "HTTPS from anywhere"),
            (22, "0.0.0.0/0", "SSH for debugging"),
        ],
        "orders administration": [(22, OFFICE_CIDR, "SSH from the office")],
    }
    for description, rules in groups.items():
        group = ec2.create_security_group(
            GroupName=description.replace(" ", "-"), Description=description, VpcId=vpc
        )["GroupId"]
        ec2.authorize_security_group_ingress(
            GroupId=group,
            IpPermissions=[
                {
                    "IpProtocol": "tcp",
                    "FromPort": port,
                    "ToPort": port,
                    "IpRanges": [{"CidrIp": cidr, "Description": text}],
                }
                for port, cidr, text in rules
            ],
        )
        ec2.revoke_security_group_egress(
            GroupId=group,
            IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
        )
        ec2.authorize_security_group_egress(GroupId=group, IpPermissions=https_out)


def _identities(session: Any) -> None:
    iam = session.client("iam")
    name = f"orders-{ENVIRONMENT}"
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ec2.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    iam.create_role(RoleName=f"{name}-app", AssumeRolePolicyDocument=json.dumps(trust))
    data = f"arn:aws:s3:::{name}-data"
    iam.put_role_policy(
        RoleName=f"{name}-app",
        PolicyName="orders-data",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": "s3:*", "Resource": [data, f"{data}/*"]}
                ],
            }
        ),
    )
    iam.create_policy(
        PolicyName=f"{name}-deploy",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
            }
        ),
    )
