"""Detective is on where the blueprint expects it

Detective keeps a behaviour graph that turns a GuardDuty finding into an investigation
with its cause and scope.

Remediation:
    CloudFormation: AWS::Detective::Graph (administrator), AWS::Detective::MemberInvitation.
    Terraform: aws_detective_graph, aws_detective_member.
    CLI: aws detective create-graph, or add the account from the Detective administrator.
"""

from secfound.checks import Severity, Verdict, check
from secfound.checks.aws.services._expected import expected_on
from secfound.model.aws.services import SecurityService


@check(severity=Severity.LOW, objectives=["audit-events-monitored"])
def detective_enabled(service: SecurityService) -> Verdict:
    return expected_on(service, "detective")
