"""VPC records its rejected traffic in flow logs

Flow logs are the record of who talked to what inside a VPC: they show port scans,
exfiltration and connections nobody expected, and are among the first evidence asked for
after an incident. A flow log passes when it records all traffic or rejected traffic; one
that records only accepted traffic misses the probes that were blocked. Flow logs count
when they name the VPC itself (AWS::EC2::FlowLog ResourceId, aws_flow_log vpc_id).

Remediation:
    CloudFormation: an AWS::EC2::FlowLog with ResourceType: VPC, ResourceId: !Ref <vpc>,
    TrafficType: ALL (or REJECT) and a log destination.
    Terraform: an aws_flow_log with vpc_id = aws_vpc.<name>.id, traffic_type = "ALL"
    (or "REJECT") and a log destination.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.vpc import FlowLog, Vpc
from secfound.model.values import definitely_matching, matches_literal


def _records_rejects(log: FlowLog) -> bool:
    return matches_literal(log.traffic_type, "ALL") or matches_literal(log.traffic_type, "REJECT")


@check(
    severity=Severity.MEDIUM,
    objectives=["network-traffic-logged"],
    checkov=["CKV2_AWS_11"],
)
def vpc_flow_logs_enabled(vpc: Vpc) -> Verdict:
    if not vpc.flow_logs:
        return failed("no flow log records the VPC's traffic")
    logs = definitely_matching(vpc.flow_logs, _records_rejects)
    if logs:
        kinds = ", ".join(sorted({str(log.traffic_type) for log in logs}))
        return passed(f"a flow log records the VPC's traffic ({kinds})")
    return failed("the VPC's flow logs record only accepted traffic")
