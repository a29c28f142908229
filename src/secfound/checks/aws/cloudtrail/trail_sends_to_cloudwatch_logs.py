"""CloudTrail trail delivers its events to CloudWatch Logs

Log files in S3 serve investigations after the fact; delivered to CloudWatch Logs, the same
events can drive metric filters and alarms (root sign-in, policy changes, disabled
trails) within minutes of happening. The trail's own setting is judged: a log group given
by ARN and managed elsewhere counts (Checkov's CKV2_AWS_10 wants the log group resource in
the same configuration).

Remediation:
    CloudFormation: CloudWatchLogsLogGroupArn and CloudWatchLogsRoleArn on the
    AWS::CloudTrail::Trail.
    Terraform: cloud_watch_logs_group_arn and cloud_watch_logs_role_arn on aws_cloudtrail.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.cloudtrail import Trail


@check(
    severity=Severity.LOW,
    objectives=["audit-events-monitored"],
    checkov=["CKV2_AWS_10"],
)
def trail_sends_to_cloudwatch_logs(trail: Trail) -> Verdict:
    # `is None`: a log group given by an unresolved reference still receives the events.
    if trail.cloudwatch_logs_log_group_arn is None:
        return failed("the trail delivers no events to CloudWatch Logs")
    return passed(f"events go to CloudWatch Logs group {trail.cloudwatch_logs_log_group_arn}")
