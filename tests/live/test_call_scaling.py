"""No N+1: a live run's calls grow with the resources only where AWS leaves no choice.

The same account is built twice in moto, with k and then 2k resources of every kind the
collectors read, and every built-in collector runs on each. An operation whose count
grows with the estate is a call per resource; it must be on the allowlist of
``per_resource_calls.PER_RESOURCE`` (operations with no list or batch form, each with its
reason). Any other growing operation fails the test by name: the collector should read
that field from its list or batch call.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from typing import Any

import boto3
import pytest
from live_env import REGION
from per_resource_calls import PER_RESOURCE

from secfound.collect.live.actions import iam_action
from secfound.collect.live.assess import AssessSettings, LiveRun, assess
from secfound.collect.live.collector import builtin_collectors, required_actions

SMALL = 2
# Each of these model types must grow with the estate, or the comparison proves nothing.
GROWING_TYPES = (
    "User",
    "Role",
    "Group",
    "ManagedPolicy",
    "Bucket",
    "Vpc",
    "Subnet",
    "SecurityGroup",
    "Instance",
    "Volume",
    "LaunchTemplate",
    "Key",
    "Queue",
    "Topic",
    "Table",
    "DBInstance",
    "DBCluster",
    "Function",
    "Secret",
    "Repository",
    "LoadBalancer",
    "Trail",
    "FileSystem",
    "Cluster",  # EKS and Redshift
    "ReplicationGroup",
    "Domain",
    "Distribution",
    "Stage",
)


def _build(count: int) -> None:
    """``count`` of every kind, in one account and region (and an organization with
    ``count`` OUs, member accounts and SCPs around it)."""
    session = boto3.Session(region_name=REGION)
    role = _identities(session, count)
    key = _keys(session, count)
    subnets = _network(session, count)
    _compute(session, count, subnets, key, role)
    _data(session, count)
    _edge(session, count, subnets, role)
    _organization(session, count)


def _trust(service: str) -> str:
    allow = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [allow]})


def _identities(session: Any, count: int) -> str:
    iam = session.client("iam")
    document = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
        }
    )
    role = ""
    for n in range(count):
        policy = iam.create_policy(PolicyName=f"policy-{n}", PolicyDocument=document)
        created = iam.create_role(
            RoleName=f"role-{n}", AssumeRolePolicyDocument=_trust("lambda.amazonaws.com")
        )
        role = role or created["Role"]["Arn"]
        iam.attach_role_policy(RoleName=f"role-{n}", PolicyArn=policy["Policy"]["Arn"])
        iam.create_group(GroupName=f"group-{n}")
        iam.create_user(UserName=f"user-{n}")
        iam.create_login_profile(UserName=f"user-{n}", Password="Scaling-password-1!")
        iam.create_access_key(UserName=f"user-{n}")
        iam.add_user_to_group(GroupName=f"group-{n}", UserName=f"user-{n}")
    return str(role)


def _keys(session: Any, count: int) -> str:
    kms = session.client("kms")
    arns = [str(kms.create_key(Description=f"key {n}")["KeyMetadata"]["Arn"]) for n in range(count)]
    return arns[0]


def _network(session: Any, count: int) -> list[str]:
    ec2 = session.client("ec2")
    subnets: list[str] = []
    for n in range(count):
        vpc = ec2.create_vpc(CidrBlock=f"10.{n}.0.0/16")["Vpc"]["VpcId"]
        for zone, letter in enumerate("ab"):
            subnet = ec2.create_subnet(
                VpcId=vpc, CidrBlock=f"10.{n}.{zone}.0/24", AvailabilityZone=f"{REGION}{letter}"
            )
            subnets.append(subnet["Subnet"]["SubnetId"])
        ec2.create_security_group(GroupName=f"group-{n}", Description="scaling", VpcId=vpc)
    return subnets[:2]


def _compute(session: Any, count: int, subnets: list[str], key: str, role: str) -> None:
    ec2 = session.client("ec2")
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    for n in range(count):
        # Launched one at a time: one DescribeInstances page holds them all either way.
        ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, SubnetId=subnets[0])
        ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8, Encrypted=True, KmsKeyId=key)
        ec2.create_launch_template(
            LaunchTemplateName=f"template-{n}", LaunchTemplateData={"ImageId": image}
        )
        session.client("lambda").create_function(
            FunctionName=f"function-{n}",
            Runtime="python3.12",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": _code()},
        )


def _code() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def _data(session: Any, count: int) -> None:
    s3, rds = session.client("s3"), session.client("rds")
    for n in range(count):
        s3.create_bucket(Bucket=f"scaling-bucket-{n}")
        session.client("sqs").create_queue(QueueName=f"queue-{n}")
        session.client("sns").create_topic(Name=f"topic-{n}")
        session.client("secretsmanager").create_secret(Name=f"secret-{n}", SecretString="x")
        session.client("ecr").create_repository(repositoryName=f"repository-{n}")
        session.client("dynamodb").create_table(
            TableName=f"table-{n}",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        rds.create_db_instance(
            DBInstanceIdentifier=f"db-{n}",
            DBInstanceClass="db.t3.micro",
            Engine="postgres",
            MasterUsername="scaling",
            MasterUserPassword="scaling-password",
            AllocatedStorage=20,
        )
        rds.create_db_cluster(
            DBClusterIdentifier=f"cluster-{n}",
            Engine="aurora-postgresql",
            MasterUsername="scaling",
            MasterUserPassword="scaling-password",
        )
        session.client("efs").create_file_system(CreationToken=f"fs-{n}")
        session.client("redshift").create_cluster(
            ClusterIdentifier=f"warehouse-{n}",
            NodeType="ra3.xlplus",
            ClusterType="single-node",
            MasterUsername="scaling",
            MasterUserPassword="Scaling-password-1",
        )
        session.client("elasticache").create_replication_group(
            ReplicationGroupId=f"cache-{n}",
            ReplicationGroupDescription="scaling",
            Engine="redis",
            CacheNodeType="cache.t4g.small",
        )
        session.client("opensearch").create_domain(DomainName=f"domain-{n}")
        session.client("cloudtrail").create_trail(
            Name=f"trail-{n}", S3BucketName="scaling-bucket-0"
        )


def _edge(session: Any, count: int, subnets: list[str], role: str) -> None:
    elb, eks, api = session.client("elbv2"), session.client("eks"), session.client("apigateway")
    for n in range(count):
        elb.create_load_balancer(Name=f"balancer-{n}", Subnets=subnets)
        eks.create_cluster(
            name=f"cluster-{n}", roleArn=role, resourcesVpcConfig={"subnetIds": subnets}
        )
        api_id = api.create_rest_api(name=f"api-{n}")["id"]
        root = api.get_resources(restApiId=api_id)["items"][0]["id"]
        api.put_method(
            restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE"
        )
        api.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
        api.create_deployment(restApiId=api_id, stageName="prod")
        session.client("cloudfront").create_distribution(
            DistributionConfig={
                "CallerReference": f"distribution-{n}",
                "Comment": "",
                "Enabled": True,
                "Origins": {
                    "Quantity": 1,
                    "Items": [
                        {
                            "Id": "origin",
                            "DomainName": "origin.example.com",
                            "CustomOriginConfig": {
                                "HTTPPort": 80,
                                "HTTPSPort": 443,
                                "OriginProtocolPolicy": "https-only",
                            },
                        }
                    ],
                },
                "DefaultCacheBehavior": {
                    "TargetOriginId": "origin",
                    "ViewerProtocolPolicy": "redirect-to-https",
                    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
                },
            }
        )


def _organization(session: Any, count: int) -> None:
    org = session.client("organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    deny = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}
            ],
        }
    )
    for n in range(count):
        unit = org.create_organizational_unit(ParentId=root, Name=f"unit-{n}")
        unit_id = unit["OrganizationalUnit"]["Id"]
        member = org.create_account(AccountName=f"member-{n}", Email=f"member-{n}@example.com")
        org.move_account(
            AccountId=member["CreateAccountStatus"]["AccountId"],
            SourceParentId=root,
            DestinationParentId=unit_id,
        )
        policy = org.create_policy(
            Name=f"guardrail-{n}", Description="", Type="SERVICE_CONTROL_POLICY", Content=deny
        )
        org.attach_policy(PolicyId=policy["Policy"]["PolicySummary"]["Id"], TargetId=unit_id)


def _run(count: int) -> tuple[LiveRun, Counter[str]]:
    from moto import mock_aws

    with mock_aws():
        _build(count)
        run = assess(AssessSettings(regions=(REGION,)))
    kinds = Counter(type(r).__name__ for unit in run.results for r in unit.resources)
    return run, kinds


@pytest.fixture(scope="module")
def runs(monkeymodule: Any) -> tuple[tuple[LiveRun, Counter[str]], tuple[LiveRun, Counter[str]]]:
    return _run(SMALL), _run(2 * SMALL)


@pytest.fixture(scope="module")
def monkeymodule() -> Any:
    from botocore.client import BaseClient

    real = BaseClient._make_api_call

    def as_aws_answers(self: Any, operation: str, params: Any) -> Any:
        """ListBuckets with each bucket's region, as AWS answers it and moto does not
        (per_resource_calls.MOTO_ONLY); every bucket here is in REGION."""
        answer = real(self, operation, params)
        if operation == "ListBuckets":
            for entry in answer.get("Buckets", []):
                entry.setdefault("BucketRegion", REGION)
        return answer

    with pytest.MonkeyPatch.context() as patch:
        # in-process moto answers 404 for what it does not mock: nothing to retry
        patch.setenv("AWS_MAX_ATTEMPTS", "1")
        patch.setattr(BaseClient, "_make_api_call", as_aws_answers)
        yield patch


def test_the_estate_grows_in_every_kind(runs: Any) -> None:
    (_, small), (_, large) = runs
    flat = [kind for kind in GROWING_TYPES if large[kind] <= small[kind]]
    assert not flat, f"not built or not collected at both sizes: {flat}"


def test_calls_grow_only_where_aws_has_no_list_or_batch_call(runs: Any) -> None:
    (small, _), (large, _) = runs
    growing = sorted(
        op
        for op, calls in large.calls_by_operation.items()
        if calls > small.calls_by_operation.get(op, 0)
    )
    assert growing, "nothing grew: the estates did not differ"
    n_plus_one = [op for op in growing if op not in PER_RESOURCE]
    assert not n_plus_one, (
        f"called once per resource, though a list or batch call exists: {n_plus_one}"
    )


def test_the_allowlist_names_only_operations_collectors_declare() -> None:
    """A misspelt or stale entry excuses nothing today, and might excuse an N+1 later."""
    declared = {*required_actions(builtin_collectors()), "sts:AssumeRole"}
    stale = sorted(op for op in PER_RESOURCE if iam_action(op) not in declared)
    assert not stale, stale
    assert all(reason.strip() for reason in PER_RESOURCE.values())
