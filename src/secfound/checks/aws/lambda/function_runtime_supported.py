"""Lambda function runs on a runtime AWS still supports

Once AWS deprecates a managed runtime it stops applying security patches to it, functions
on it lose technical support, and soon after they can no longer be created or updated: a
vulnerability in the language runtime or its OS then stays open until the function is
migrated. The deprecation dates are a dated table (secfound.model.aws.lambda_runtimes)
taken from the AWS Lambda runtimes page; a runtime past its date fails. Container-image
functions bring their own runtime and are not judged here.

Remediation:
    CloudFormation: Runtime: <a supported runtime, e.g. python3.13> on the
    AWS::Lambda::Function, after testing the code on it.
    Terraform: runtime = <a supported runtime> on aws_lambda_function.
"""

from datetime import UTC, datetime

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.awslambda import Function
from secfound.model.aws.lambda_runtimes import DEPRECATION_DATES, TABLE_DATE
from secfound.model.values import known


@check(
    severity=Severity.MEDIUM,
    objectives=["software-patched-automatically"],
    checkov=["CKV_AWS_363"],
)
def function_runtime_supported(function: Function) -> Verdict:
    if function.runtime is None:
        return not_applicable("no managed runtime (a container image brings its own)")
    # `known`: a dict lookup of an unresolved value would quietly miss, so refuse first.
    runtime = known(function.runtime, "runtime lookup")
    deprecated_on = DEPRECATION_DATES.get(runtime)
    if deprecated_on is None:
        return passed(f"runtime {runtime} is not deprecated (table of {TABLE_DATE:%Y-%m})")
    if deprecated_on <= datetime.now(UTC).date():
        return failed(f"runtime {runtime} was deprecated by AWS on {deprecated_on}")
    return passed(f"runtime {runtime} is supported until {deprecated_on}")
