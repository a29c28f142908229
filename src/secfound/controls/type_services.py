"""Which AWS services (boto3 client names) reveal the resources of a CloudFormation type.

A live coverage gap names the service whose calls failed. When an objective has no
finding at all, it is *not applicable* only if no gap hid the services its checks judge;
this mapping says which those are. The default is the type's namespace in lower case
(``AWS::RDS::DBInstance`` → ``rds``); the exceptions are listed.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["services_of_type", "services_of_types"]

_NAMESPACE_SERVICES: dict[str, frozenset[str]] = {
    # account-wide settings come from several services' account-level calls
    "account": frozenset({"account", "iam", "s3control", "ec2", "organizations"}),
    "s3": frozenset({"s3", "s3control"}),
    "elasticloadbalancingv2": frozenset({"elbv2"}),
    "opensearchservice": frozenset({"opensearch"}),
    "lambda": frozenset({"lambda"}),
}
_TYPE_SERVICES: dict[str, frozenset[str]] = {
    # the security services inventory: every catalog service, each judged per service
    "AWS::Account::SecurityService": frozenset(
        {
            "guardduty",
            "securityhub",
            "inspector2",
            "macie2",
            "detective",
            "accessanalyzer",
            "config",
            "cloudtrail",
            "securitylake",
            "shield",
            "wafv2",
            "fms",
            "auditmanager",
            "sso-admin",
            "network-firewall",
        }
    ),
    "AWS::IAM::UserCredentials": frozenset({"iam"}),
}


def services_of_type(resource_type: str) -> frozenset[str] | None:
    """The services whose gaps can hide ``resource_type``; None for any (``*``)."""
    if resource_type == "*" or not resource_type.startswith("AWS::"):
        return None
    exact = _TYPE_SERVICES.get(resource_type)
    if exact is not None:
        return exact
    namespace = resource_type.split("::")[1].lower()
    return _NAMESPACE_SERVICES.get(namespace, frozenset({namespace}))


def services_of_types(resource_types: Iterable[str]) -> frozenset[str] | None:
    """The union over several types; None when any of them could be anything."""
    found: set[str] = set()
    for resource_type in resource_types:
        services = services_of_type(resource_type)
        if services is None:
            return None
        found |= services
    return frozenset(found)
