"""API Gateway REST API stage encrypts its response cache

A stage cache holds copies of backend responses, which may contain personal or secret
data; the stage-wide method setting CacheDataEncrypted encrypts them at rest. Stages
without a cache are not judged.

Remediation:
    CloudFormation: MethodSettings: [{HttpMethod: "*", ResourcePath: /*,
    CacheDataEncrypted: true}] on the AWS::ApiGateway::Stage.
    Terraform: aws_api_gateway_method_settings with method_path = "*/*" and
    settings { cache_data_encrypted = true }.
"""

from secfound.checks import Severity, Verdict, check, failed, not_applicable, passed
from secfound.model.aws.apigateway import Stage


@check(severity=Severity.MEDIUM, objectives=["data-at-rest-encrypted"])
def api_stage_cache_encrypted(stage: Stage) -> Verdict:
    if not stage.cache_cluster_enabled:
        return not_applicable("the stage has no cache")
    if stage.cache_data_encrypted:
        return passed("cached responses are encrypted at rest")
    return failed("cached responses are not encrypted at rest")
