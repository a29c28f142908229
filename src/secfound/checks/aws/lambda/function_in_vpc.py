"""Lambda function is attached to a VPC

A function attached to a VPC reaches networks and the internet only through the subnets,
security groups, route tables and VPC endpoints its owners control, so its egress can be
limited and logged and private resources need not be exposed to it. Whether a function
needs this depends on the workload (one that only calls public AWS APIs may not), so this
standalone rule is low severity: suppress it, with a reason, for functions that do not.

Remediation:
    CloudFormation: VpcConfig: {SubnetIds: [<private subnets>], SecurityGroupIds: [<groups>]}
    on the AWS::Lambda::Function.
    Terraform: vpc_config { subnet_ids = [...], security_group_ids = [...] } on
    aws_lambda_function.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.awslambda import Function
from secfound.model.values import known


@check(
    severity=Severity.LOW,
    objectives=["workload-network-isolated"],
    checkov=["CKV_AWS_117"],
)
def function_in_vpc(function: Function) -> Verdict:
    subnets = known(function.vpc_subnet_ids, "subnet list")
    if subnets:
        return passed(f"attached to a VPC through {len(subnets)} subnet(s)")
    return failed("not attached to a VPC")
