"""ECR repository keeps image tags immutable

With mutable tags, anyone who may push can replace the image behind a tag a deployment
trusts (v1.4.2, prod) with another one, and the next deployment or scale-out runs it.
Immutable tags make a pushed tag always name the same image; IMMUTABLE_WITH_EXCLUSION
passes, leaving only the tags its filters exempt mutable.

Remediation:
    CloudFormation: ImageTagMutability: IMMUTABLE on the AWS::ECR::Repository.
    Terraform: image_tag_mutability = "IMMUTABLE" on aws_ecr_repository.
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.ecr import Repository
from secfound.model.values import matches_literal


@check(
    severity=Severity.MEDIUM,
    objectives=["deployed-artifacts-immutable"],
    checkov=["CKV_AWS_51"],
)
def repository_tags_immutable(repository: Repository) -> Verdict:
    mutability = repository.image_tag_mutability
    if matches_literal(mutability, "IMMUTABLE"):
        return passed("image tags are immutable")
    if matches_literal(mutability, "IMMUTABLE_WITH_EXCLUSION"):
        return passed("image tags are immutable except those the exclusion filters name")
    return failed(f"image tags are mutable ({mutability})")
