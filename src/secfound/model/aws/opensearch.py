"""Amazon OpenSearch Service domains (and the legacy Elasticsearch Service type).

``AWS::Elasticsearch::Domain``, ``aws_elasticsearch_domain`` and their OpenSearch
successors describe the same AWS resource, so all four normalize to one ``Domain``; its
``resource_type`` is the current CloudFormation name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from secfound.model.policy import PolicyDocument
from secfound.model.resource import Resource
from secfound.model.values import Unresolved, is_set

BoolOrUnresolved: TypeAlias = bool | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved

# TLS security policies whose minimum protocol version is TLS 1.2.
TLS_1_2_POLICIES = frozenset({"Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10"})


@dataclass(frozen=True, kw_only=True)
class Domain(Resource):
    """An OpenSearch Service domain.

    The access policy comes from the domain itself or from an ``aws_opensearch_domain_policy``
    (``aws_elasticsearch_domain_policy``) in Terraform. Defaults are what the API applies:
    - ``encryption_at_rest_enabled``, ``node_to_node_encryption_enabled``,
      ``enforce_https``: off. ``kms_key_id`` ``None`` means the AWS managed key ``aws/es``.
    - ``tls_security_policy``: ``None`` when the source does not name one, leaving AWS's
      default policy for the domain, which a template cannot pin down.
    - ``vpc_subnet_ids``: ``None`` for a domain with a public endpoint (no VPC options).
    - ``access_policy``: none.
    """

    resource_type = "AWS::OpenSearchService::Domain"

    name: StrOrUnresolved | None = None
    engine_version: StrOrUnresolved | None = None
    encryption_at_rest_enabled: BoolOrUnresolved = False
    kms_key_id: StrOrUnresolved | None = None
    node_to_node_encryption_enabled: BoolOrUnresolved = False
    enforce_https: BoolOrUnresolved = False
    tls_security_policy: StrOrUnresolved | None = None
    vpc_subnet_ids: tuple[StrOrUnresolved, ...] | Unresolved | None = None
    access_policy: PolicyDocument | Unresolved | None = None

    def in_vpc(self) -> bool:
        """True when the domain has VPC options (its endpoint is a private one).

        Unknown (raises) when a live read of the domain was denied: nobody saw them.
        """
        return is_set(self.vpc_subnet_ids)
