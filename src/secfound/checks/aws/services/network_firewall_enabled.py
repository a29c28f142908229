"""Network Firewall is deployed where the blueprint expects it

Network Firewall filters traffic between VPCs and to the internet with stateful rules
and domain lists, where security groups cannot name domains.

Remediation:
    CloudFormation: AWS::NetworkFirewall::Firewall and AWS::NetworkFirewall::FirewallPolicy.
    Terraform: aws_networkfirewall_firewall and aws_networkfirewall_firewall_policy.
    CLI: aws network-firewall create-firewall, then route the VPC's traffic through its endpoints.
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService


@check(
    severity=Severity.LOW, objectives=["network-ingress-restricted", "workload-network-isolated"]
)
def network_firewall_enabled(service: SecurityService) -> Verdict:
    return expected_on(service, "network-firewall")
