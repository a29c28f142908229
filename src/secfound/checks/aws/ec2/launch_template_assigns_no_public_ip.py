"""EC2 launch template assigns no public IPv4 address to its network interfaces

A template that associates public addresses gives one to every instance launched from it,
in whatever subnet, so each is reachable from the internet as soon as a rule or route
allows it. A template that does not say leaves the choice to the subnet, which
aws.ec2.subnet_assigns_no_public_ip judges.

Remediation:
    CloudFormation: remove AssociatePublicIpAddress: true (or set it to false) in
    LaunchTemplateData.NetworkInterfaces.
    Terraform: associate_public_ip_address = false (or leave it out) in the
    network_interfaces blocks of aws_launch_template.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.ec2 import LaunchTemplate, NetworkInterfaceSpec
from secfound.model.values import definitely_matching


def _assigns(spec: NetworkInterfaceSpec) -> bool:
    return spec.associates_public_ip is not None and bool(spec.associates_public_ip)


@check(
    severity=Severity.HIGH,
    objectives=["compute-not-directly-exposed"],
    checkov=["CKV_AWS_88"],
)
def launch_template_assigns_no_public_ip(template: LaunchTemplate) -> Verdict:
    public = definitely_matching(template.network_interfaces, _assigns)
    if public:
        indexes = ", ".join(str(s.device_index) for s in public if s.device_index is not None)
        where = f" (device index {indexes})" if indexes else ""
        return failed(f"the template assigns a public IPv4 address to a network interface{where}")
    return passed("the template assigns no public IPv4 address")
