"""The ``orders`` application of ``examples/`` (CloudFormation edition, Environment=prod),
deployed with boto3 calls into the sample organization's member account.

It mirrors ``examples/cloudformation/orders.yaml`` resource by resource, mistakes included,
so that the live half of ``secfound demo`` fails the checks the IaC half fails, on the same
things. What a real deployment adds, or AWS does and moto does not, is added here too:

- the log bucket's policy that lets S3 server access logging and CloudTrail write to it,
  and S3's defaults for new buckets (moto predates them);
- the VPC, its two subnets and the TLS certificate, which the template takes as parameters;
- the web servers the Auto Scaling group runs: moto does not apply a launch template's
  metadata options, interfaces and volumes to the instances it launches, so the demo
  launches two as AWS would and attaches them to the group;
- the rotation AWS turns on for the database password RDS keeps in Secrets Manager
  (every 7 days), which moto leaves off.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

ENVIRONMENT = "prod"  # the estate's Environment parameter
OFFICE_CIDR = "203.0.113.0/24"  # the estate's OfficeCidr parameter
BLOCK_PUBLIC_ACCESS = (
    "BlockPublicAcls",
    "IgnorePublicAcls",
    "BlockPublicPolicy",
    "RestrictPublicBuckets",
)
NAME = f"orders-{ENVIRONMENT}"
TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
PAYMENT_API_URL = "https://api.payments.example.com/v1/charges"


@dataclass(frozen=True)
class Network:
    """What the template takes as parameters (VPC, subnets) and the groups it creates,
    by their descriptions."""

    vpc: str
    subnets: tuple[str, ...]
    groups: dict[str, str]


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
    network = _network(session, region)
    _identities(session, account, region, key_arn)
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
    _web_tier(session, network, key_arn)
    _database(session, network, key_arn)
    _order_processing(session, account, region, key_arn)


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


def _network(session: Any, region: str) -> Network:
    """The VPC and subnets the template's parameters name, and its security groups."""
    ec2 = session.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = tuple(
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{i}.0/24", AvailabilityZone=f"{region}{z}")[
            "Subnet"
        ]["SubnetId"]
        for i, z in ((1, "a"), (2, "b"))
    )
    https_out = _rule(443, "0.0.0.0/0", "HTTPS out")
    # description -> (ingress from CIDRs, egress); rules between groups are added below.
    shapes = {
        "orders web tier": (
            [
                _rule(443, "0.0.0.0/0", "HTTPS from anywhere"),
                _rule(22, "0.0.0.0/0", "SSH for debugging"),
            ],
            [https_out],
        ),
        "orders administration": ([_rule(22, OFFICE_CIDR, "SSH from the office")], [https_out]),
        "orders load balancer": (
            [
                _rule(443, "0.0.0.0/0", "HTTPS from customers"),
                _rule(80, "0.0.0.0/0", "HTTP from customers"),
            ],
            [],
        ),
        "orders database": ([], [https_out]),
    }
    groups: dict[str, str] = {}
    for description, (ingress, egress) in shapes.items():
        group = ec2.create_security_group(
            GroupName=description.replace(" ", "-"), Description=description, VpcId=vpc
        )["GroupId"]
        groups[description] = group
        if ingress:
            ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=ingress)
        ec2.revoke_security_group_egress(
            GroupId=group,
            IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
        )
        if egress:
            ec2.authorize_security_group_egress(GroupId=group, IpPermissions=egress)
    web, balancer = groups["orders web tier"], groups["orders load balancer"]
    ec2.authorize_security_group_egress(
        GroupId=balancer, IpPermissions=[_between(80, web, "HTTP to the web servers")]
    )
    ec2.authorize_security_group_ingress(
        GroupId=web, IpPermissions=[_between(80, balancer, "HTTP from the load balancer")]
    )
    ec2.authorize_security_group_ingress(
        GroupId=groups["orders database"],
        IpPermissions=[_between(5432, web, "PostgreSQL from the web servers")],
    )
    return Network(vpc=vpc, subnets=subnets, groups=groups)


def _rule(port: int, cidr: str, description: str) -> dict[str, Any]:
    return {
        "IpProtocol": "tcp",
        "FromPort": port,
        "ToPort": port,
        "IpRanges": [{"CidrIp": cidr, "Description": description}],
    }


def _between(port: int, group: str, description: str) -> dict[str, Any]:
    return {
        "IpProtocol": "tcp",
        "FromPort": port,
        "ToPort": port,
        "UserIdGroupPairs": [{"GroupId": group, "Description": description}],
    }


def _identities(session: Any, account: str, region: str, key_arn: str) -> None:
    iam = session.client("iam")
    trust = _trust("ec2.amazonaws.com")
    iam.create_role(RoleName=f"{NAME}-app", AssumeRolePolicyDocument=json.dumps(trust))
    data = f"arn:aws:s3:::{NAME}-data"
    _inline(iam, f"{NAME}-app", "orders-data", [_allow("s3:*", [data, f"{data}/*"])])
    _inline(
        iam,
        f"{NAME}-app",
        "orders-queue",
        [
            _allow("sqs:SendMessage", f"arn:aws:sqs:{region}:{account}:{NAME}-orders"),
            _allow(["kms:GenerateDataKey", "kms:Decrypt"], key_arn),
        ],
    )
    iam.create_policy(
        PolicyName=f"{NAME}-deploy",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
            }
        ),
    )


def _trust(service: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
        ],
    }


def _allow(action: str | list[str], resource: str | list[str]) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def _inline(iam: Any, role: str, name: str, statements: list[dict[str, Any]]) -> None:
    iam.put_role_policy(
        RoleName=role,
        PolicyName=name,
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}),
    )


def _web_tier(session: Any, network: Network, key_arn: str) -> None:
    """The load balancer (HTTPS, and plain HTTP forwarded as it is: a deliberate mistake),
    its target group, and the web servers of the Auto Scaling group."""
    elb = session.client("elbv2")
    certificate = session.client("acm").request_certificate(DomainName="shop.example.com")
    balancer = elb.create_load_balancer(
        Name=f"{NAME}-web",
        Type="application",
        Scheme="internet-facing",
        Subnets=list(network.subnets),
        SecurityGroups=[network.groups["orders load balancer"]],
    )["LoadBalancers"][0]["LoadBalancerArn"]
    elb.modify_load_balancer_attributes(
        LoadBalancerArn=balancer,
        Attributes=[
            {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
            {"Key": "deletion_protection.enabled", "Value": "true"},
        ],
    )
    targets = elb.create_target_group(
        Name=f"{NAME}-web",
        Protocol="HTTP",
        Port=80,
        VpcId=network.vpc,
        TargetType="instance",
        HealthCheckPath="/health",
    )["TargetGroups"][0]["TargetGroupArn"]
    forward = [{"Type": "forward", "TargetGroupArn": targets}]
    elb.create_listener(
        LoadBalancerArn=balancer,
        Port=443,
        Protocol="HTTPS",
        SslPolicy=TLS_POLICY,
        Certificates=[{"CertificateArn": certificate["CertificateArn"]}],
        DefaultActions=forward,
    )
    elb.create_listener(LoadBalancerArn=balancer, Port=80, Protocol="HTTP", DefaultActions=forward)
    instances = _web_servers(session, network, key_arn)
    elb.register_targets(TargetGroupArn=targets, Targets=[{"Id": i} for i in instances])


def _web_servers(session: Any, network: Network, key_arn: str) -> list[str]:
    """The launch template, the Auto Scaling group, and its two instances, launched with
    the template's settings (moto would launch them without)."""
    iam = session.client("iam")
    profile = iam.create_instance_profile(InstanceProfileName=f"{NAME}-web")["InstanceProfile"]
    iam.add_role_to_instance_profile(InstanceProfileName=f"{NAME}-web", RoleName=f"{NAME}-app")
    ec2 = session.client("ec2")
    al2023 = [{"Name": "name", "Values": ["al2023-ami-2023.*-x86_64"]}]
    image = ec2.describe_images(Owners=["amazon"], Filters=al2023)["Images"][0]["ImageId"]
    web = network.groups["orders web tier"]
    settings: dict[str, Any] = {
        "ImageId": image,
        "InstanceType": "t3.small",
        "IamInstanceProfile": {"Arn": profile["Arn"]},
        "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"},
        "BlockDeviceMappings": [
            {
                "DeviceName": "/dev/xvda",
                "Ebs": {
                    "Encrypted": True,
                    "KmsKeyId": key_arn,
                    "VolumeSize": 20,
                    "VolumeType": "gp3",
                },
            }
        ],
    }
    ec2.create_launch_template(
        LaunchTemplateName=f"{NAME}-web",
        LaunchTemplateData={
            **settings,
            "NetworkInterfaces": [
                {"DeviceIndex": 0, "AssociatePublicIpAddress": False, "Groups": [web]}
            ],
        },
    )
    autoscaling = session.client("autoscaling")
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName=f"{NAME}-web",
        MinSize=0,
        MaxSize=4,
        DesiredCapacity=0,
        VPCZoneIdentifier=",".join(network.subnets),
        LaunchTemplate={"LaunchTemplateName": f"{NAME}-web", "Version": "$Latest"},
    )
    instances = [
        ec2.run_instances(
            **settings,
            MinCount=1,
            MaxCount=1,
            NetworkInterfaces=[
                {
                    "DeviceIndex": 0,
                    "SubnetId": subnet,
                    "AssociatePublicIpAddress": False,
                    "Groups": [web],
                }
            ],
        )["Instances"][0]["InstanceId"]
        for subnet in network.subnets
    ]
    autoscaling.attach_instances(AutoScalingGroupName=f"{NAME}-web", InstanceIds=instances)
    autoscaling.update_auto_scaling_group(AutoScalingGroupName=f"{NAME}-web", MinSize=2)
    return instances


def _database(session: Any, network: Network, key_arn: str) -> None:
    """PostgreSQL, encrypted with the data key, private, backed up for 7 days, its
    password kept by RDS in Secrets Manager; no deletion protection (a deliberate mistake)."""
    rds = session.client("rds")
    rds.create_db_subnet_group(
        DBSubnetGroupName=f"{NAME}-db",
        DBSubnetGroupDescription="orders database subnets",
        SubnetIds=list(network.subnets),
    )
    created = rds.create_db_instance(
        DBInstanceIdentifier=f"{NAME}-db",
        Engine="postgres",
        DBInstanceClass="db.t4g.medium",
        AllocatedStorage=50,
        StorageEncrypted=True,
        KmsKeyId=key_arn,
        PubliclyAccessible=False,
        DBSubnetGroupName=f"{NAME}-db",
        VpcSecurityGroupIds=[network.groups["orders database"]],
        MultiAZ=True,
        BackupRetentionPeriod=7,
        EnableIAMDatabaseAuthentication=True,
        EnableCloudwatchLogsExports=["postgresql"],
        MasterUsername="orders",
        ManageMasterUserPassword=True,
        MasterUserSecretKmsKeyId=key_arn,
    )["DBInstance"]
    # AWS rotates the password it manages every 7 days from the start; moto does not.
    session.client("secretsmanager").rotate_secret(
        SecretId=created["MasterUserSecret"]["SecretArn"],
        RotationRules={"AutomaticallyAfterDays": 7},
    )


def _order_processing(session: Any, account: str, region: str, key_arn: str) -> None:
    """The orders queue (encrypted with the data key), the payment provider's API key in
    Secrets Manager (never rotated: a deliberate mistake), and the order processor that
    reads the queue and calls the provider (outside the VPC: a deliberate mistake)."""
    sqs = session.client("sqs")
    queue_url = sqs.create_queue(
        QueueName=f"{NAME}-orders",
        Attributes={"KmsMasterKeyId": key_arn, "VisibilityTimeout": "60"},
    )["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    secret = session.client("secretsmanager").create_secret(
        Name=f"{NAME}/payment-api-key",
        Description="The payment provider's API key; its value is set outside this template.",
        KmsKeyId=key_arn,
    )["ARN"]
    iam = session.client("iam")
    role = iam.create_role(
        RoleName=f"{NAME}-processor",
        AssumeRolePolicyDocument=json.dumps(_trust("lambda.amazonaws.com")),
    )["Role"]["Arn"]
    function = f"{NAME}-order-processor"
    logs = f"arn:aws:logs:{region}:{account}:log-group:/aws/lambda/{function}:*"
    _inline(
        iam,
        f"{NAME}-processor",
        "orders-processing",
        [
            _allow(
                ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], queue_arn
            ),
            _allow("secretsmanager:GetSecretValue", secret),
            _allow("kms:Decrypt", key_arn),
            _allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], logs),
        ],
    )
    lam = session.client("lambda")
    lam.create_function(
        FunctionName=function,
        Description="Charges each queued order through the payment provider's API.",
        Runtime="python3.12",
        Handler="index.handler",
        Role=role,
        Timeout=30,
        TracingConfig={"Mode": "Active"},
        Environment={
            "Variables": {"PAYMENT_API_URL": PAYMENT_API_URL, "PAYMENT_API_KEY_SECRET_ARN": secret}
        },
        Code={"ZipFile": _processor_zip()},
    )
    lam.create_event_source_mapping(EventSourceArn=queue_arn, FunctionName=function, BatchSize=10)


def _processor_zip() -> bytes:
    """A stand-in for the order processor's code: moto keeps the package and never runs it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return None\n")
    return buffer.getvalue()
