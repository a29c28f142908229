"""EKS cluster sends its api, audit and authenticator control plane logs to CloudWatch

The audit log records who did what through the Kubernetes API, the authenticator log
which IAM identity each request mapped to, and the API server log its errors and
decisions; together they are the cluster's audit trail, and EKS keeps none of them
unless asked.

Remediation:
    CloudFormation: Logging: {ClusterLogging: {EnabledTypes: [{Type: api},
    {Type: audit}, {Type: authenticator}]}}.
    Terraform: enabled_cluster_log_types = ["api", "audit", "authenticator"].
"""

from secfound.checks import Severity, Verdict, check, failed, passed
from secfound.model.aws.eks import Cluster
from secfound.model.values import definitely_matching, matches_literal

REQUIRED = ("api", "audit", "authenticator")


def _enabled(cluster: Cluster, kind: str) -> bool:
    return bool(definitely_matching(cluster.enabled_log_types, lambda t: matches_literal(t, kind)))


@check(severity=Severity.MEDIUM, objectives=["audit-trail-complete-and-protected"])
def cluster_control_plane_logging_enabled(cluster: Cluster) -> Verdict:
    missing = [kind for kind in REQUIRED if not _enabled(cluster, kind)]
    if missing:
        return failed(f"control plane log types not enabled: {', '.join(missing)}")
    return passed("api, audit and authenticator logs are enabled")
