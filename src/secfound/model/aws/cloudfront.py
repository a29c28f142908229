"""Amazon CloudFront distributions with their cache behaviors, origins and viewer TLS."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from secfound.model.resource import Resource
from secfound.model.values import Unresolved

IntOrUnresolved: TypeAlias = int | Unresolved
StrOrUnresolved: TypeAlias = str | Unresolved

# Viewer TLS security policies, oldest first (CloudFront's MinimumProtocolVersion values).
PROTOCOL_VERSIONS = (
    "SSLv3",
    "TLSv1",
    "TLSv1_2016",
    "TLSv1.1_2016",
    "TLSv1.2_2018",
    "TLSv1.2_2019",
    "TLSv1.2_2021",
    "TLSv1.2_2025",
    "TLSv1.3_2025",
)


@dataclass(frozen=True, kw_only=True)
class CacheBehavior:
    """How viewers reach one path pattern; the default behavior has pattern ``*``.

    ``viewer_protocol_policy``: ``allow-all``, ``redirect-to-https`` or ``https-only``.
    """

    path_pattern: StrOrUnresolved = "*"
    viewer_protocol_policy: StrOrUnresolved = "allow-all"


@dataclass(frozen=True, kw_only=True)
class Origin:
    """One origin. ``kind`` is ``custom`` when a custom origin configuration is given,
    else ``s3``.

    ``origin_access_control_id`` and ``origin_access_identity`` (the legacy
    ``origin-access-identity/cloudfront/<id>`` path) are ``None`` when absent or empty.
    ``origin_protocol_policy`` (``http-only``, ``match-viewer``, ``https-only``) and
    ``ssl_protocols`` apply to custom origins only.
    """

    origin_id: StrOrUnresolved | None = None
    domain_name: StrOrUnresolved | None = None
    kind: str = "s3"
    origin_access_control_id: StrOrUnresolved | None = None
    origin_access_identity: StrOrUnresolved | None = None
    origin_protocol_policy: StrOrUnresolved | None = None
    ssl_protocols: tuple[StrOrUnresolved, ...] | Unresolved = ()


@dataclass(frozen=True, kw_only=True)
class Distribution(Resource):
    """A CloudFront distribution.

    Defaults are what CloudFront applies:
    - ``uses_default_certificate``: true, the ``*.cloudfront.net`` certificate.
    - ``minimum_protocol_version``: ``TLSv1``. With the default certificate CloudFront
      accepts TLSv1 whatever the configuration says, so sources set ``TLSv1`` then.
    - ``logging_bucket``, ``web_acl_id``: ``None`` (standard logging off, no AWS WAF).
    - ``cache_behaviors``: the default behavior first, then the ordered ones.
    """

    resource_type = "AWS::CloudFront::Distribution"

    enabled: bool | Unresolved = True
    cache_behaviors: tuple[CacheBehavior, ...] | Unresolved = ()
    origins: tuple[Origin, ...] | Unresolved = ()
    uses_default_certificate: bool | Unresolved = True
    minimum_protocol_version: StrOrUnresolved = "TLSv1"
    logging_bucket: StrOrUnresolved | None = None
    web_acl_id: StrOrUnresolved | None = None
