"""CloudTrail trail signs its log files so tampering can be detected

With log file validation, CloudTrail delivers a signed digest every hour that chains the
hashes of the log files; a log file changed or deleted after delivery no longer matches,
so the trail can serve as evidence. Without it, an intruder with access to the bucket can
edit the record unnoticed.

Remediation:
    CloudFormation: EnableLogFileValidation: true on the AWS::CloudTrail::Trail.
    Terraform: enable_log_file_validation = true on aws_cloudtrail.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.cloudtrail import Trail


@check(
    severity=Severity.LOW,
    objectives=["audit-trail-complete-and-protected"],
    checkov=["CKV_AWS_36"],
)
def trail_log_file_validation_enabled(trail: Trail) -> Verdict:
    if trail.log_file_validation_enabled:
        return passed("log file validation is enabled")
    return failed("log file validation is not enabled: changed log files go unnoticed")
