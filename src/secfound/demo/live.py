"""The sample organization ``secfound demo`` assesses live: an insecure AWS Organization built
in an in-process moto, so that ``assess --org`` has something to find without an account.

What it holds, and why each part is there:

- the management account (moto's default, 123456789012) runs a workload of its own (an
  instance with IMDSv1 and a public address, and a bucket), has console users without MFA
  (one user with MFA, for contrast), a long-lived access key, no password policy and no
  organization trail: the account-foundation mistakes of SEC01 BP01/BP02. It does get EBS
  encryption by default and account-wide S3 Block Public Access right;
- the member account ``orders-prod`` runs the ``examples/`` application
  (``secfound.demo.orders``), mistakes and correct resources alike, so IaC and live
  evidence describe one application; it has neither account-wide guard;
- GuardDuty is on in the first region and off in the second, in both accounts;
- the default VPCs are gone, as in most landing zones, so the table is about the above.

Everything here runs inside ``offline_aws()``: moto in-process, fake credentials, none of
the user's AWS configuration, and any request moto would let through answered locally, so
the demo never reaches the network. moto's ids are seeded, so every demo run builds the
same accounts and resources and their findings line up in history.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from secfound.demo.orders import BLOCK_PUBLIC_ACCESS, deploy_orders, new_bucket

# The two regions the demo pins: assessing every region moto knows would take minutes.
DEMO_REGIONS = ("us-east-1", "eu-west-1")
MANAGEMENT_ACCOUNT = "123456789012"  # moto's default account
ROLE_NAME = "OrganizationAccountAccessRole"
SEED = 20230401  # any constant: the member account's id follows from it
# The variables the demo sets while moto runs; every other AWS_* variable is hidden.
FAKE_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "secfound-demo",
    "AWS_SECRET_ACCESS_KEY": "secfound-demo",
    "AWS_SESSION_TOKEN": "secfound-demo",
    "AWS_DEFAULT_REGION": DEMO_REGIONS[0],
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    # moto answers "Not yet implemented" for services it does not mock: no use retrying.
    "AWS_MAX_ATTEMPTS": "1",
}


class MotoMissing(RuntimeError):
    """moto is not installed: ``pip install 'secfound[demo]'`` brings it."""


@dataclass(frozen=True)
class SampleOrganization:
    """The accounts of the built organization, for the demo's summary and for tests."""

    management: str
    workload: str
    regions: tuple[str, ...]


@contextmanager
def offline_aws() -> Iterator[None]:
    """moto in-process with fake credentials; the user's AWS variables are put back after.

    Every ``AWS_*`` variable is hidden (a profile, an endpoint, dual-stack or FIPS endpoints
    would send calls elsewhere), the fake ones set, and a ``before-send`` handler after
    moto's answers any request moto does not claim (hosts outside amazonaws.com), so
    nothing leaves the process.
    """
    try:
        from moto import mock_aws
    except ImportError as exc:
        raise MotoMissing(str(exc)) from None
    from botocore.handlers import BUILTIN_HANDLERS

    saved = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}
    for key in saved:
        del os.environ[key]
    os.environ.update(FAKE_ENVIRONMENT)
    handler = ("before-send", _answer_locally)
    BUILTIN_HANDLERS.append(handler)
    try:
        with mock_aws():
            _same_ids_every_run()
            yield
    finally:
        BUILTIN_HANDLERS.remove(handler)
        for key in [k for k in os.environ if k.startswith("AWS_")]:
            del os.environ[key]
        os.environ.update(saved)


def _same_ids_every_run() -> None:
    """Seed moto's ids (accounts, detectors, keys), as its documented ``/moto-api/seed``
    endpoint does: each demo run then has the same scope and fingerprints, so history
    and diff line the runs up."""
    from moto.moto_api._internal import mock_random

    mock_random.seed(SEED)


def _answer_locally(request: Any, **_kwargs: Any) -> Any:
    """A 404 for a request moto left alone (moto answers first when it mocks the host)."""
    from botocore.awsrequest import AWSResponse
    from moto.core.botocore_stubber import MockRawResponse

    return AWSResponse(request.url, 404, {}, MockRawResponse("not available in the demo"))


def build_sample_organization(regions: tuple[str, ...] = DEMO_REGIONS) -> SampleOrganization:
    """Create the organization, its member account and their resources (inside
    ``offline_aws()``); the first region is the home of everything regional."""
    import boto3

    home = regions[0]
    management = boto3.Session(region_name=home)
    org = management.client("organizations")
    org.create_organization(FeatureSet="ALL")
    created = org.create_account(AccountName="orders-prod", Email="orders-prod@example.com")
    workload = str(created["CreateAccountStatus"]["AccountId"])
    role = f"arn:aws:iam::{workload}:role/{ROLE_NAME}"
    entered = management.client("sts").assume_role(RoleArn=role, RoleSessionName="demo-setup")
    credentials = entered["Credentials"]
    member = boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=home,
    )
    for session in (management, member):
        _without_default_vpcs(session, regions)
        session.client("guardduty", region_name=home).create_detector(Enable=True)
    _management_guards(management, regions)
    _management_workload(management)
    _people(management)
    deploy_orders(member, workload, home)
    return SampleOrganization(management=MANAGEMENT_ACCOUNT, workload=workload, regions=regions)


def _without_default_vpcs(session: Any, regions: tuple[str, ...]) -> None:
    """Delete the default VPCs, as landing zones do: the demo's table then shows the
    mistakes that matter rather than a page of default subnets."""
    for region in regions:
        ec2 = session.client("ec2", region_name=region)
        for vpc in ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]:
            vpc_id = vpc["VpcId"]
            only_this = [{"Name": "vpc-id", "Values": [vpc_id]}]
            for subnet in ec2.describe_subnets(Filters=only_this)["Subnets"]:
                ec2.delete_subnet(SubnetId=subnet["SubnetId"])
            attached = [{"Name": "attachment.vpc-id", "Values": [vpc_id]}]
            for gateway in ec2.describe_internet_gateways(Filters=attached)["InternetGateways"]:
                gateway_id = gateway["InternetGatewayId"]
                ec2.detach_internet_gateway(InternetGatewayId=gateway_id, VpcId=vpc_id)
                ec2.delete_internet_gateway(InternetGatewayId=gateway_id)
            ec2.delete_vpc(VpcId=vpc_id)


def _management_guards(session: Any, regions: tuple[str, ...]) -> None:
    """What the management account gets right: EBS encryption by default everywhere and
    account-wide S3 Block Public Access (the member account has neither)."""
    for region in regions:
        session.client("ec2", region_name=region).enable_ebs_encryption_by_default()
    session.client("s3control").put_public_access_block(
        AccountId=MANAGEMENT_ACCOUNT,
        PublicAccessBlockConfiguration=dict.fromkeys(BLOCK_PUBLIC_ACCESS, True),
    )


def _management_workload(session: Any) -> None:
    """A workload in the management account, which should run none: an instance that
    still answers IMDSv1, with a public address, and its reports bucket."""
    ec2 = session.client("ec2")
    al2023 = [{"Name": "name", "Values": ["al2023-ami-2023.*-x86_64"]}]
    image = ec2.describe_images(Owners=["amazon"], Filters=al2023)["Images"][0]["ImageId"]
    vpc = ec2.create_vpc(CidrBlock="10.10.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.10.1.0/24")["Subnet"]["SubnetId"]
    ec2.run_instances(
        ImageId=image,
        InstanceType="t3.micro",
        MinCount=1,
        MaxCount=1,
        NetworkInterfaces=[
            {"DeviceIndex": 0, "SubnetId": subnet, "AssociatePublicIpAddress": True}
        ],
        TagSpecifications=[
            {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "legacy-reports"}]}
        ],
    )
    new_bucket(session.client("s3"), f"legacy-reports-{MANAGEMENT_ACCOUNT}")


def _people(session: Any) -> None:
    """Console users without MFA, a long-lived access key, and one user done right."""
    iam = session.client("iam")
    for name in ("alice", "bob"):
        iam.create_user(UserName=name)
        iam.create_login_profile(UserName=name, Password="Demo-password-1!")
    iam.create_user(UserName="ci-deploy")
    iam.create_access_key(UserName="ci-deploy")
    iam.create_user(UserName="carol")
    iam.create_login_profile(UserName="carol", Password="Demo-password-2!")
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="carol")["VirtualMFADevice"]
    iam.enable_mfa_device(
        UserName="carol",
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )
