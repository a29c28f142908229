"""ECR repository scans images for vulnerabilities when they are pushed

Scanning on push finds known vulnerabilities (CVEs) in an image's OS packages before it is
deployed, while the fix is still cheap. This is the repository's basic scanning setting;
an account can instead turn on registry-wide enhanced scanning (Amazon Inspector), which a
template scan cannot see: where that is on, suppress this finding with that reason.

Remediation:
    CloudFormation: ImageScanningConfiguration: {ScanOnPush: true} on the
    AWS::ECR::Repository.
    Terraform: image_scanning_configuration { scan_on_push = true } on aws_ecr_repository.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.ecr import Repository


@check(
    severity=Severity.HIGH,
    objectives=["vulnerabilities-detected"],
    checkov=["CKV_AWS_163"],
)
def repository_scans_on_push(repository: Repository) -> Verdict:
    if repository.scan_on_push:
        return passed("images are scanned on push")
    return failed("images are not scanned on push")
