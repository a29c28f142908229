"""A benchmark estate on a running moto_server: an AWS Organization of many accounts, each
with the resources a real workload account holds, in two regions.

``build_estate`` creates, over HTTP with fake credentials:

- the organization in the management account, its OUs laid out as the default blueprint
  (Security, Infrastructure, Workloads/Prod, Workloads/NonProd, Sandbox, PolicyStaging,
  Suspended), two SCPs, GuardDuty delegated to the security account, and the member
  accounts (log-archive and security-tooling under Security, a network account under
  Infrastructure, the rest workload accounts spread over Workloads/Prod,
  Workloads/NonProd and Sandbox, each tagged with its Environment);
- in every account (the management account included, as many estates have it):
  IAM users (some with a console password, some with access keys, some with MFA),
  roles, customer managed policies and groups, S3 buckets in both regions, a trail;
- in every account and region: VPCs with subnets in two zones and security groups,
  instances, EBS volumes, KMS keys, SQS queues, SNS topics, DynamoDB tables, RDS
  instances, Lambda functions, Secrets Manager secrets, ECR repositories, an application
  load balancer, a launch template and GuardDuty (on, suspended or absent).

Half of each kind is set up well and half is not, drawn from a seeded generator, so the
checks have both verdicts to give and two builds are the same estate. ``scale``
multiplies every count (``--scale 0.2`` for a quick look, ``2`` for a heavier account).
The accounts are built concurrently (a thread pool of ``BUILD_WORKERS``); the build time
is reported apart from any run on the estate.

    python bench/live_estate.py [--accounts 50] [--scale 1.0] [--endpoint URL]

Without ``--endpoint`` it starts a moto_server, builds, prints the counts and stops it.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from moto_server import FAKE_CREDENTIALS, seed, start_moto_server  # noqa: E402

REGIONS = ("us-east-1", "eu-west-1")
ROLE_NAME = "OrganizationAccountAccessRole"
MANAGEMENT_ACCOUNT = "123456789012"  # moto's default account
SEED = 20240501
BUILD_WORKERS = 8
# An Amazon Linux 2023 image moto ships (its list of public images).
IMAGE_FILTER = [{"Name": "name", "Values": ["al2023-ami-2023.*-x86_64"]}]
SPREAD_OUS = ("Workloads/Prod", "Workloads/NonProd", "Sandbox")
ENVIRONMENTS = {"Workloads/Prod": "prod", "Workloads/NonProd": "nonprod", "Sandbox": "sandbox"}
OU_PATHS = (
    "Security",
    "Infrastructure",
    "Workloads",
    "Workloads/Prod",
    "Workloads/NonProd",
    "Sandbox",
    "PolicyStaging",
    "Suspended",
)
BLOCK_PUBLIC_ACCESS = (
    "BlockPublicAcls",
    "IgnorePublicAcls",
    "BlockPublicPolicy",
    "RestrictPublicBuckets",
)


@dataclass(frozen=True)
class Counts:
    """How many of each kind: per account (IAM, S3) and per account and region."""

    users: int = 10
    roles: int = 8
    policies: int = 5
    groups: int = 2
    buckets: int = 8
    vpcs: int = 2
    security_groups: int = 10
    instances: int = 5
    volumes: int = 3
    keys: int = 3
    queues: int = 4
    topics: int = 3
    tables: int = 3
    db_instances: int = 2
    functions: int = 3
    secrets: int = 4
    repositories: int = 3
    load_balancers: int = 1
    launch_templates: int = 1

    def scaled(self, scale: float) -> Counts:
        """Every count times ``scale``, rounded; at least one VPC (the rest need one)."""
        values = {name: max(0, round(value * scale)) for name, value in vars(self).items()}
        values["vpcs"] = max(1, values["vpcs"])
        return Counts(**values)


@dataclass(frozen=True)
class Estate:
    """What ``build_estate`` made: the accounts to assess and what they hold."""

    endpoint: str
    management_account: str
    member_accounts: tuple[str, ...]
    regions: tuple[str, ...]
    role_name: str
    # Created resources by CloudFormation type name (defaults moto adds are not counted).
    resource_counts: Mapping[str, int] = field(default_factory=dict)
    build_seconds: float = 0.0

    @property
    def accounts(self) -> tuple[str, ...]:
        return (self.management_account, *self.member_accounts)

    @property
    def total_resources(self) -> int:
        return sum(self.resource_counts.values())


@dataclass(frozen=True)
class _Member:
    name: str
    ou: str
    environment: str


def build_estate(
    endpoint: str,
    accounts: int = 50,
    regions: tuple[str, ...] = REGIONS,
    scale: float = 1.0,
) -> Estate:
    """Build the organization and its ``accounts`` member accounts on ``endpoint`` (a
    running, empty moto_server), with ``Counts().scaled(scale)`` of everything."""
    import boto3

    started = time.perf_counter()
    seed(endpoint, SEED)
    counts = Counts().scaled(scale)
    management = boto3.Session(
        aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=regions[0],
    )
    members = _organization(management, endpoint, regions[0], accounts)
    sts = management.client("sts", region_name=regions[0], endpoint_url=endpoint)
    images = {
        region: _image(management.client("ec2", region_name=region, endpoint_url=endpoint))
        for region in regions
    }
    totals: Counter[str] = Counter()
    lock = threading.Lock()

    def build(index: int, account_id: str) -> None:
        session = _session(sts, account_id if index else None, regions[0])
        made = _account(
            _Clients(session, endpoint),
            account_id,
            regions,
            counts,
            images,
            random.Random(SEED + index),
        )
        with lock:
            totals.update(made)

    everyone = (MANAGEMENT_ACCOUNT, *members)
    with ThreadPoolExecutor(max_workers=BUILD_WORKERS, thread_name_prefix="estate") as pool:
        for future in [pool.submit(build, i, a) for i, a in enumerate(everyone)]:
            future.result()
    totals["AWS::Organizations::Account"] = len(everyone)
    return Estate(
        endpoint=endpoint,
        management_account=MANAGEMENT_ACCOUNT,
        member_accounts=tuple(members),
        regions=tuple(regions),
        role_name=ROLE_NAME,
        resource_counts=MappingProxyType(dict(sorted(totals.items()))),
        build_seconds=time.perf_counter() - started,
    )


class _Clients:
    """One client per service and region for one account (boto3 sessions are not
    thread-safe, so each account's builder has its own)."""

    def __init__(self, session: Any, endpoint: str) -> None:
        self._session = session
        self._endpoint = endpoint
        self._made: dict[tuple[str, str], Any] = {}

    def __call__(self, service: str, region: str) -> Any:
        key = (service, region)
        if key not in self._made:
            self._made[key] = self._session.client(
                service, region_name=region, endpoint_url=self._endpoint
            )
        return self._made[key]


def _session(sts: Any, account_id: str | None, region: str) -> Any:
    """A session of its own for one builder thread: the management account's
    (``account_id`` None), or a member's through its role (moto files what the role
    makes under the role ARN's account)."""
    import boto3

    if account_id is None:
        return boto3.Session(
            aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            region_name=region,
        )
    role = f"arn:aws:iam::{account_id}:role/{ROLE_NAME}"
    credentials = sts.assume_role(RoleArn=role, RoleSessionName="estate")["Credentials"]
    return boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=region,
    )


def _image(ec2: Any) -> str:
    return str(ec2.describe_images(Owners=["amazon"], Filters=IMAGE_FILTER)["Images"][0]["ImageId"])


def _layout(accounts: int) -> list[_Member]:
    """The member accounts' names and OUs: the blueprint's fixed accounts, then
    workload accounts round-robin over the workload OUs."""
    fixed = [
        _Member("log-archive", "Security", "prod"),
        _Member("security-tooling", "Security", "prod"),
        _Member("network", "Infrastructure", "prod"),
    ]
    members = fixed[:accounts]
    for number in range(accounts - len(members)):
        ou = SPREAD_OUS[number % len(SPREAD_OUS)]
        members.append(_Member(f"workload-{number + 1:03d}", ou, ENVIRONMENTS[ou]))
    return members


def _organization(management: Any, endpoint: str, region: str, accounts: int) -> list[str]:
    """The organization, its OUs, SCPs and member accounts; the members' ids in order."""
    org = management.client("organizations", region_name=region, endpoint_url=endpoint)
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    ous: dict[str, str] = {"": root}
    for path in OU_PATHS:
        parent, _, name = path.rpartition("/")
        unit = org.create_organizational_unit(ParentId=ous[parent], Name=name)
        ous[path] = unit["OrganizationalUnit"]["Id"]
    _scps(org, root, ous["Workloads"])
    ids: list[str] = []
    for member in _layout(accounts):
        created = org.create_account(
            AccountName=member.name,
            Email=f"{member.name}@example.com",
            Tags=[{"Key": "Environment", "Value": member.environment}],
        )
        account_id = str(created["CreateAccountStatus"]["AccountId"])
        org.move_account(
            AccountId=account_id, SourceParentId=root, DestinationParentId=ous[member.ou]
        )
        ids.append(account_id)
        if member.name == "security-tooling":
            for principal in ("guardduty.amazonaws.com", "access-analyzer.amazonaws.com"):
                org.enable_aws_service_access(ServicePrincipal=principal)
                org.register_delegated_administrator(
                    AccountId=account_id, ServicePrincipal=principal
                )
    return ids


def _scps(org: Any, root: str, workloads: str) -> None:
    def deny(sid: str, actions: list[str], condition: dict[str, Any] | None = None) -> str:
        statement: dict[str, Any] = {"Sid": sid, "Effect": "Deny", "Action": actions}
        statement["Resource"] = "*"
        if condition:
            statement["Condition"] = condition
        return json.dumps({"Version": "2012-10-17", "Statement": [statement]})

    guardrails = {
        "deny-leaving-organization": (root, deny("NoLeaving", ["organizations:LeaveOrganization"])),
        "deny-root-user": (
            workloads,
            deny("NoRoot", ["*"], {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}),
        ),
    }
    for name, (target, content) in guardrails.items():
        policy = org.create_policy(
            Name=name, Description=name, Type="SERVICE_CONTROL_POLICY", Content=content
        )
        org.attach_policy(PolicyId=policy["Policy"]["PolicySummary"]["Id"], TargetId=target)


def _account(
    clients: _Clients,
    account_id: str,
    regions: tuple[str, ...],
    counts: Counts,
    images: Mapping[str, str],
    rng: random.Random,
) -> Counter[str]:
    """Everything in one account; the resources made, by type."""
    made: Counter[str] = Counter()
    home = regions[0]
    lambda_role = _iam(clients("iam", home), account_id, counts, rng, made)
    buckets = _buckets(clients, account_id, regions, counts, rng, made)
    if buckets:
        trail = clients("cloudtrail", home)
        trail.create_trail(Name="org-audit", S3BucketName=buckets[0], IsMultiRegionTrail=True)
        if rng.random() < 0.7:
            trail.start_logging(Name="org-audit")
        made["AWS::CloudTrail::Trail"] += 1
    for region in regions:
        _region(clients, account_id, region, counts, images[region], lambda_role, rng, made)
    return made


def _iam(iam: Any, account_id: str, counts: Counts, rng: random.Random, made: Counter[str]) -> str:
    """Users, roles, policies and groups; the ARN of a role Lambda may assume."""

    def document(actions: list[str] | str, resource: str = "*") -> str:
        allow = {"Effect": "Allow", "Action": actions, "Resource": resource}
        return json.dumps({"Version": "2012-10-17", "Statement": [allow]})

    def trust(service: str) -> str:
        allow = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
        return json.dumps({"Version": "2012-10-17", "Statement": [allow]})

    policies: list[str] = []
    for number in range(counts.policies):
        actions: list[str] | str = "*" if rng.random() < 0.3 else ["s3:GetObject", "sqs:*"]
        created = iam.create_policy(
            PolicyName=f"app-policy-{number}", PolicyDocument=document(actions)
        )
        policies.append(created["Policy"]["Arn"])
        made["AWS::IAM::ManagedPolicy"] += 1
    role_arn = ""
    for number in range(max(1, counts.roles)):
        service = "lambda.amazonaws.com" if number == 0 else "ec2.amazonaws.com"
        name = f"app-role-{number}"
        created = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust(service))
        role_arn = role_arn or created["Role"]["Arn"]
        if policies:
            iam.attach_role_policy(RoleName=name, PolicyArn=rng.choice(policies))
        if rng.random() < 0.4:
            iam.put_role_policy(RoleName=name, PolicyName="inline", PolicyDocument=document("s3:*"))
        made["AWS::IAM::Role"] += 1
    groups = [f"team-{number}" for number in range(counts.groups)]
    for group in groups:
        iam.create_group(GroupName=group)
        if policies:
            iam.attach_group_policy(GroupName=group, PolicyArn=rng.choice(policies))
        made["AWS::IAM::Group"] += 1
    for number in range(counts.users):
        name = f"user-{number:02d}"
        iam.create_user(UserName=name)
        made["AWS::IAM::User"] += 1
        if groups:
            iam.add_user_to_group(GroupName=rng.choice(groups), UserName=name)
        if rng.random() < 0.6:
            iam.create_login_profile(UserName=name, Password=f"Bench-password-{number}!")
            if rng.random() < 0.5:
                device = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)
                iam.enable_mfa_device(
                    UserName=name,
                    SerialNumber=device["VirtualMFADevice"]["SerialNumber"],
                    AuthenticationCode1="123456",
                    AuthenticationCode2="654321",
                )
        if rng.random() < 0.4:
            iam.create_access_key(UserName=name)
    if rng.random() < 0.5:
        iam.update_account_password_policy(MinimumPasswordLength=14, RequireSymbols=True)
    return role_arn


def _buckets(
    clients: _Clients,
    account_id: str,
    regions: tuple[str, ...],
    counts: Counts,
    rng: random.Random,
    made: Counter[str],
) -> list[str]:
    """Buckets spread over the regions (names are global: the account id is in them)."""
    names: list[str] = []
    for number in range(counts.buckets):
        region = regions[number % len(regions)]
        s3 = clients("s3", region)
        name = f"bench-{account_id}-{number:02d}"
        options: dict[str, Any] = {}
        if region != "us-east-1":
            options["CreateBucketConfiguration"] = {"LocationConstraint": region}
        s3.create_bucket(Bucket=name, **options)
        names.append(name)
        made["AWS::S3::Bucket"] += 1
        good = rng.random() < 0.6
        s3.put_public_access_block(
            Bucket=name, PublicAccessBlockConfiguration=dict.fromkeys(BLOCK_PUBLIC_ACCESS, good)
        )
        if good:
            s3.put_bucket_encryption(
                Bucket=name,
                ServerSideEncryptionConfiguration={
                    "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]
                },
            )
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        if rng.random() < 0.3:
            deny_http = {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
            s3.put_bucket_policy(
                Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [deny_http]})
            )
    return names


def _region(
    clients: _Clients,
    account_id: str,
    region: str,
    counts: Counts,
    image: str,
    lambda_role: str,
    rng: random.Random,
    made: Counter[str],
) -> None:
    """The regional resources of one account."""
    detector = rng.random()
    if detector < 0.85:  # else: GuardDuty was never turned on here
        clients("guardduty", region).create_detector(Enable=detector < 0.7)
        made["AWS::GuardDuty::Detector"] += 1
    keys = _keys(clients("kms", region), counts, rng, made)
    subnets = _network(clients("ec2", region), region, counts, rng, made)
    _compute(clients("ec2", region), region, counts, image, subnets, keys, rng, made)
    _messaging(clients, region, counts, keys, rng, made)
    _data(clients, region, counts, keys, rng, made)
    zipped = _function_code()
    lam = clients("lambda", region)
    for number in range(counts.functions):
        lam.create_function(
            FunctionName=f"handler-{number}",
            Runtime=rng.choice(["python3.12", "python3.8", "nodejs20.x"]),
            Role=lambda_role,
            Handler="index.handler",
            Code={"ZipFile": zipped},
        )
        made["AWS::Lambda::Function"] += 1
    ecr = clients("ecr", region)
    for number in range(counts.repositories):
        ecr.create_repository(
            repositoryName=f"service-{number}",
            imageTagMutability=rng.choice(["MUTABLE", "IMMUTABLE"]),
            imageScanningConfiguration={"scanOnPush": rng.random() < 0.5},
        )
        made["AWS::ECR::Repository"] += 1
    _load_balancers(clients, region, counts, subnets, rng, made)
    del account_id  # every name above is per account already


def _keys(kms: Any, counts: Counts, rng: random.Random, made: Counter[str]) -> list[str]:
    arns: list[str] = []
    for number in range(counts.keys):
        key = kms.create_key(Description=f"data key {number}")["KeyMetadata"]
        if rng.random() < 0.6:
            kms.enable_key_rotation(KeyId=key["KeyId"])
        arns.append(str(key["Arn"]))
        made["AWS::KMS::Key"] += 1
    return arns


def _network(
    ec2: Any, region: str, counts: Counts, rng: random.Random, made: Counter[str]
) -> list[str]:
    """VPCs with a subnet in each of two zones, and security groups; the subnets of the
    first VPC (instances and the load balancer go there)."""
    first: list[str] = []
    groups_per_vpc = -(-counts.security_groups // counts.vpcs)
    made_groups = 0
    for number in range(counts.vpcs):
        vpc = ec2.create_vpc(CidrBlock=f"10.{number}.0.0/16")["Vpc"]["VpcId"]
        made["AWS::EC2::VPC"] += 1
        subnets = [
            ec2.create_subnet(
                VpcId=vpc,
                CidrBlock=f"10.{number}.{zone}.0/24",
                AvailabilityZone=f"{region}{letter}",
            )["Subnet"]["SubnetId"]
            for zone, letter in enumerate("ab")
        ]
        made["AWS::EC2::Subnet"] += len(subnets)
        first = first or subnets
        for _ in range(groups_per_vpc):
            if made_groups == counts.security_groups:
                break
            group = ec2.create_security_group(
                GroupName=f"tier-{made_groups}", Description="bench tier", VpcId=vpc
            )["GroupId"]
            made_groups += 1
            made["AWS::EC2::SecurityGroup"] += 1
            port = rng.choice([22, 443, 3389, 5432])
            cidr = "0.0.0.0/0" if rng.random() < 0.3 else "10.0.0.0/8"
            ec2.authorize_security_group_ingress(
                GroupId=group,
                IpPermissions=[
                    {
                        "IpProtocol": "tcp",
                        "FromPort": port,
                        "ToPort": port,
                        "IpRanges": [{"CidrIp": cidr}],
                    }
                ],
            )
    return first


def _compute(
    ec2: Any,
    region: str,
    counts: Counts,
    image: str,
    subnets: list[str],
    keys: list[str],
    rng: random.Random,
    made: Counter[str],
) -> None:
    """Instances in two launches (IMDSv2 required or not), loose volumes, templates."""
    required = counts.instances // 2
    for tokens, number in (("required", required), ("optional", counts.instances - required)):
        if number:
            ec2.run_instances(
                ImageId=image,
                InstanceType="t3.micro",
                MinCount=number,
                MaxCount=number,
                SubnetId=subnets[0],
                MetadataOptions={"HttpTokens": tokens, "HttpEndpoint": "enabled"},
            )
            made["AWS::EC2::Instance"] += number
    for _ in range(counts.volumes):
        encrypted = rng.random() < 0.6
        options: dict[str, Any] = {"Encrypted": encrypted}
        if encrypted and keys:
            options["KmsKeyId"] = rng.choice(keys)
        ec2.create_volume(AvailabilityZone=f"{region}a", Size=20, VolumeType="gp3", **options)
        made["AWS::EC2::Volume"] += 1
    for number in range(counts.launch_templates):
        ec2.create_launch_template(
            LaunchTemplateName=f"fleet-{number}",
            LaunchTemplateData={
                "ImageId": image,
                "MetadataOptions": {"HttpTokens": rng.choice(["required", "optional"])},
            },
        )
        made["AWS::EC2::LaunchTemplate"] += 1


def _messaging(
    clients: _Clients,
    region: str,
    counts: Counts,
    keys: list[str],
    rng: random.Random,
    made: Counter[str],
) -> None:
    sqs, sns = clients("sqs", region), clients("sns", region)
    for number in range(counts.queues):
        attributes = {"KmsMasterKeyId": rng.choice(keys)} if keys and rng.random() < 0.5 else {}
        sqs.create_queue(QueueName=f"jobs-{number}", Attributes=attributes)
        made["AWS::SQS::Queue"] += 1
    for number in range(counts.topics):
        attributes = {"KmsMasterKeyId": rng.choice(keys)} if keys and rng.random() < 0.5 else {}
        sns.create_topic(Name=f"events-{number}", Attributes=attributes)
        made["AWS::SNS::Topic"] += 1
    secrets = clients("secretsmanager", region)
    for number in range(counts.secrets):
        options = {"KmsKeyId": rng.choice(keys)} if keys and rng.random() < 0.5 else {}
        secrets.create_secret(Name=f"app/secret-{number}", SecretString="bench", **options)
        made["AWS::SecretsManager::Secret"] += 1


def _data(
    clients: _Clients,
    region: str,
    counts: Counts,
    keys: list[str],
    rng: random.Random,
    made: Counter[str],
) -> None:
    dynamodb, rds = clients("dynamodb", region), clients("rds", region)
    for number in range(counts.tables):
        options: dict[str, Any] = {}
        if keys and rng.random() < 0.5:
            options["SSESpecification"] = {
                "Enabled": True,
                "SSEType": "KMS",
                "KMSMasterKeyId": rng.choice(keys),
            }
        dynamodb.create_table(
            TableName=f"orders-{number}",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            **options,
        )
        made["AWS::DynamoDB::Table"] += 1
    for number in range(counts.db_instances):
        rds.create_db_instance(
            DBInstanceIdentifier=f"db-{number}",
            DBInstanceClass="db.t3.micro",
            Engine="postgres",
            MasterUsername="bench",
            MasterUserPassword="bench-password",
            AllocatedStorage=20,
            StorageEncrypted=rng.random() < 0.6,
            PubliclyAccessible=rng.random() < 0.2,
        )
        made["AWS::RDS::DBInstance"] += 1


def _load_balancers(
    clients: _Clients,
    region: str,
    counts: Counts,
    subnets: list[str],
    rng: random.Random,
    made: Counter[str],
) -> None:
    elb = clients("elbv2", region)
    for number in range(counts.load_balancers):
        arn = elb.create_load_balancer(Name=f"web-{number}", Subnets=subnets)["LoadBalancers"][0][
            "LoadBalancerArn"
        ]
        made["AWS::ElasticLoadBalancingV2::LoadBalancer"] += 1
        vpc = clients("ec2", region).describe_subnets(SubnetIds=subnets[:1])["Subnets"][0]["VpcId"]
        group = elb.create_target_group(Name=f"web-{number}", Protocol="HTTP", Port=80, VpcId=vpc)
        target = group["TargetGroups"][0]["TargetGroupArn"]
        elb.create_listener(
            LoadBalancerArn=arn,
            Protocol="HTTP",
            Port=80,
            DefaultActions=[{"Type": "forward", "TargetGroupArn": target}],
        )
        if rng.random() < 0.5:
            elb.modify_load_balancer_attributes(
                LoadBalancerArn=arn,
                Attributes=[
                    {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"}
                ],
            )


def _function_code() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def print_estate(estate: Estate) -> None:
    accounts = len(estate.accounts)
    print(
        f"estate: {accounts} accounts ({len(estate.member_accounts)} members) x "
        f"{len(estate.regions)} regions, {estate.total_resources} resources, "
        f"built in {estate.build_seconds:.1f} s"
    )
    width = max(len(kind) for kind in estate.resource_counts)
    for kind, number in estate.resource_counts.items():
        print(f"  {kind:<{width}}  {number:>6}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--accounts", type=int, default=50, help="member accounts")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count")
    parser.add_argument("--endpoint", help="a running, empty moto_server (default: start one)")
    args = parser.parse_args(argv)
    if args.endpoint:
        print_estate(build_estate(args.endpoint, args.accounts, REGIONS, args.scale))
        return 0
    with start_moto_server() as endpoint:
        print_estate(build_estate(endpoint, args.accounts, REGIONS, args.scale))
    return 0


if __name__ == "__main__":
    sys.exit(main())
