"""S3 bucket has a name.

Rationale for the test: exercises passed, failed and unknown through the engine.

Remediation:
    CloudFormation: BucketName. Terraform: bucket.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.s3 import Bucket


@check(severity=Severity.LOW, objectives=["test-objective"], aliases=["test.s3.old_name"])
def bucket_named(bucket: Bucket) -> Verdict:
    if bucket.name is None:
        return failed("no name")
    if bucket.name == "boom":
        raise RuntimeError("the check itself broke")
    return passed(f"named {bucket.name}")
